#!/usr/bin/python3
"""End-to-end: run the CLI on a scenario, read the HDF5 file (layout version 3)
back with h5py and check it against the run's own totals (--summary-json);
check that thread count does not change a single value; open every
/series/<dim> group with xarray (h5netcdf engine) and check its named
dimensions, dates, column labels and values."""
import json
import os
import subprocess
import sys
import tempfile
import tomllib

import h5py
import numpy as np

exe, scenario = sys.argv[1], sys.argv[2]
days = 60
work = tempfile.mkdtemp(prefix="smugglesim_check_output_")
DIMS = ("totals", "country", "place", "leg", "mode", "ocg", "offer")
MEASURES = ("flow", "stock", "cumulative")


def run(threads):
    out = os.path.join(work, f"t{threads}.h5")
    js = os.path.join(work, f"t{threads}.json")
    subprocess.run([exe, "run", scenario, "--days", str(days), "--threads", str(threads), "-o", out,
                    "--summary-json", js, "-q"], check=True)
    with open(js) as f:
        return out, json.load(f)


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def strings(ds):
    return [text(x) for x in ds]


def run_totals(values, measure):
    """A series' run total per column: flows summed over days, stocks and
    cumulative counts on the last day (SeriesSet::run_totals)."""
    if measure == "flow":
        if values.dtype.kind in "ui":
            return values.astype(np.uint64).sum(axis=0)
        return values.sum(axis=0)
    return values[-1]


def same_total(file_value, json_value, what):
    if isinstance(json_value, float) or isinstance(file_value, (float, np.floating)):
        a, b = float(file_value), float(json_value)
        if abs(a - b) > 0.01 + 1e-9 * abs(a):
            fail(f"{what}: file {a} != run {b}")
    elif int(file_value) != int(json_value):
        fail(f"{what}: file {file_value} != run {json_value}")


out2, summary = run(2)
out1, _ = run(1)
with open(scenario, "rb") as sf:
    start_date = tomllib.load(sf)["scenario"]["start_date"]

if summary["days"] != days:
    fail(f"the summary says {summary['days']} days, not {days}")
series_json = summary["series"]
if set(series_json) - set(DIMS):
    fail(f"unknown dimensions in the summary: {sorted(set(series_json) - set(DIMS))}")
counters = series_json["totals"]

with h5py.File(out2, "r") as f:
    a = f.attrs
    if text(a["format"]) != "smugglesim-results":
        fail(f"format attribute is {a['format']!r}")
    if int(a["layout_version"]) != 3:
        fail(f"layout_version is {a['layout_version']}, expected 3")
    if int(a["days"]) != days or int(a["seed"]) != summary["seed"]:
        fail("days/seed attributes do not match the run")
    if text(a["start_date"]) != start_date:
        fail(f"start_date attribute {text(a['start_date'])!r} is not the scenario's {start_date!r}")
    with open(scenario) as sf:
        if text(a["scenario_toml"]) != sf.read():
            fail("scenario_toml attribute is not the scenario file's text")
    for key in ("program_version", "git_revision", "layout_version", "start_date"):
        if key not in a:
            fail(f"root attribute {key} missing")

    countries = strings(f["/network/countries"][()])
    legs = f["/network/legs"][()]
    leg_ids = strings(legs["id"])
    leg_modes = strings(legs["mode"])
    places = f["/network/places"][()]
    place_ids = strings(places["id"])
    if len(places) != f["/series/place/waiting"].shape[1]:
        fail("places table and place series disagree")
    # The leg geometries: a contiguous ragged array, no variable-length data.
    if "legs_geometry" in f["network"]:
        fail("/network/legs_geometry (the layout 2 variable-length dataset) is still written")
    offsets = f["/network/legs_geometry_offsets"][()]
    lonlat_ds = f["/network/legs_geometry_lonlat"]
    lonlat = lonlat_ds[()]
    if offsets.dtype != np.uint64 or lonlat.dtype != np.float64:
        fail(f"geometry dtypes {offsets.dtype}, {lonlat.dtype}: expected uint64 offsets, float64 points")
    if offsets.shape != (len(legs) + 1,) or lonlat.ndim != 2 or lonlat.shape[1] != 2:
        fail(f"geometry shapes {offsets.shape}, {lonlat.shape}: expected ({len(legs) + 1},), (n, 2)")
    if offsets[0] != 0 or np.any(np.diff(offsets.astype(np.int64)) < 0) or offsets[-1] != len(lonlat):
        fail(f"/network/legs_geometry_offsets {offsets} do not index the {len(lonlat)} rows of the points")
    if not np.all(np.isfinite(lonlat)) or np.any(np.abs(lonlat[:, 0]) > 180) or np.any(np.abs(lonlat[:, 1]) > 90):
        fail("/network/legs_geometry_lonlat holds points that are no WGS84 lon, lat")
    if [d.label for d in lonlat_ds.dims] != ["point", "coordinate"]:
        fail(f"/network/legs_geometry_lonlat dimension labels {[d.label for d in lonlat_ds.dims]}")
    if strings(f["/network/coordinates"][()]) != ["lon", "lat"]:
        fail("/network/coordinates is not lon, lat")
    for i, lid in enumerate(leg_ids):
        # A network file's legs all have a line of at least 2 points.
        if offsets[i + 1] - offsets[i] < 2:
            fail(f"leg {lid} has {offsets[i + 1] - offsets[i]} points in /network/legs_geometry_lonlat")
    labels = {"country": countries, "place": place_ids, "leg": leg_ids, "mode": ["land", "sea", "air"]}
    # Groups and offers are not in /network: their labels are their groups' own
    # coordinates; offers are "<leg id>" (a leg's own service) or "<leg id>/<group>".
    if "ocg" in f["series"]:
        labels["ocg"] = strings(f["/series/ocg/ocg"][()])
        if len(set(labels["ocg"])) != len(labels["ocg"]):
            fail("/series/ocg/ocg: group names are not unique")
    if "offer" in f["series"]:
        labels["offer"] = strings(f["/series/offer/offer"][()])
        legs_seen = []
        for o in labels["offer"]:
            leg, _, group = o.partition("/")
            if leg not in leg_ids or (group and group not in labels.get("ocg", [])):
                fail(f"/series/offer/offer: {o!r} names no leg, or no group of /series/ocg/ocg")
            legs_seen.append(leg_ids.index(leg))
        if legs_seen != sorted(legs_seen) or set(legs_seen) != set(range(len(leg_ids))):
            fail("/series/offer/offer: offers are not sorted by leg, or a leg has no offer")

    # Every series in the file is in the summary and the other way round; each
    # group holds its coordinates (day, and the column labels) and its series.
    file_series = {}
    for dim in f["series"]:
        if dim not in DIMS:
            fail(f"unknown group /series/{dim}")
        coords = {"day"} if dim == "totals" else {"day", dim}
        if not coords <= set(f["series"][dim]):
            fail(f"/series/{dim} lacks its coordinates {sorted(coords)}")
        file_series[dim] = sorted(set(f["series"][dim]) - coords)
    if file_series != {d: sorted(v) for d, v in series_json.items()}:
        fail(f"series in the file {file_series} != series in the summary "
             f"{ {d: sorted(v) for d, v in series_json.items()} }")

    # Coordinates of each group: days 0..days-1 counting from start_date, and
    # the ids of the columns.
    for dim in file_series:
        g = f["series"][dim]
        day = g["day"]
        if list(day[()]) != list(range(days)):
            fail(f"/series/{dim}/day is not 0..days-1")
        if text(day.attrs["units"]) != f"days since {start_date}":
            fail(f"/series/{dim}/day units {text(day.attrs['units'])!r}")
        if text(day.attrs["calendar"]) != "proleptic_gregorian":
            fail(f"/series/{dim}/day calendar {text(day.attrs['calendar'])!r}")
        if dim != "totals" and strings(g[dim][()]) != labels[dim]:
            fail(f"/series/{dim}/{dim} does not hold the {dim} ids of /network")

    # Every series: shape, dimension scales of its own group, declaration
    # attributes, and its run totals equal to the run's own (flows summed over
    # days, stocks and cumulative counts on the last day).
    for dim, names in file_series.items():
        for name in names:
            path = f"/series/{dim}/{name}"
            ds = f[path]
            shape = (days,) if dim == "totals" else (days, len(labels[dim]))
            if ds.shape != shape:
                fail(f"{path} has shape {ds.shape}, expected {shape}")
            if ds.dims[0].label != "day" or [s.name for s in ds.dims[0].values()] != [f"/series/{dim}/day"]:
                fail(f"{path}: /series/{dim}/day is not attached as its day dimension scale")
            if dim != "totals" and (ds.dims[1].label != dim or
                                    [s.name for s in ds.dims[1].values()] != [f"/series/{dim}/{dim}"]):
                fail(f"{path}: /series/{dim}/{dim} is not attached as its {dim} dimension scale")
            for attr in ("units", "description", "measure", "module", "headline"):
                if attr not in ds.attrs:
                    fail(f"{path} has no attribute {attr}")
            measure = text(ds.attrs["measure"])
            if measure not in MEASURES:
                fail(f"{path} measure {measure!r}")
            if dim == "mode" and "sum_by_mode_of" not in ds.attrs:
                fail(f"{path} has no attribute sum_by_mode_of")
            tot = run_totals(ds[()], measure)
            want = series_json[dim][name]
            if dim == "totals":
                same_total(tot, want, path)
            else:
                if list(want) != labels[dim]:
                    fail(f"summary columns of {path} are not the {dim} ids")
                for c, label in enumerate(labels[dim]):
                    same_total(tot[c], want[label], f"{path} [{label}]")

    # The migrants' totals at the last day are the run's final counters.
    counters = {n: v for n, v in counters.items() if text(f[f"/series/totals/{n}"].attrs["module"]) == "migrants"}
    for name, value in counters.items():
        series = f[f"/series/totals/{name}"][()]
        if series.shape != (days,):
            fail(f"/series/totals/{name} has shape {series.shape}")
        if int(series[-1]) != value:
            fail(f"totals/{name}: file {series[-1]} != run {value}")
    # Conservation, every day, from the file alone.
    t = {n: f[f"/series/totals/{n}"][()].astype(np.int64) for n in counters}
    rhs = t["waiting"] + t["travelling"] + t["arrived"] + t["dead"] + t["missing"] + t["stranded"] + t["returned"] + t["exploited"]
    if not np.array_equal(t["generated"], rhs):
        fail("conservation does not hold in the file")

    arr = f["/series/country/arrivals"][()]
    if arr.shape != (days, len(countries)):
        fail(f"/series/country/arrivals shape {arr.shape}")
    for c, iso in enumerate(countries):
        if int(arr[:, c].sum()) != series_json["country"]["arrivals"][iso]:
            fail(f"arrivals in {iso}: file {arr[:, c].sum()} != run {series_json['country']['arrivals'][iso]}")
    if int(arr.sum()) != counters["arrived"]:
        fail("arrivals by country do not add up to arrived")

    for q in ("flow", "dead", "missing", "intercepted"):
        s = f[f"/series/leg/{q}"][()]
        for l, lid in enumerate(leg_ids):
            if int(s[:, l].sum()) != series_json["leg"][q][lid]:
                fail(f"leg {lid} {q}: file {s[:, l].sum()} != run {series_json['leg'][q][lid]}")
    paid = f["/series/leg/paid_eur"][()]
    for l, lid in enumerate(leg_ids):
        if abs(paid[:, l].sum() - series_json["leg"]["paid_eur"][lid]) > 0.01 + 1e-9 * abs(paid[:, l].sum()):
            fail(f"leg {lid} paid_eur differs")
    mode_dead = f["/series/mode/dead"][()]
    if int(mode_dead.sum()) != counters["dead"]:
        fail("deaths by mode do not add up")
    # Each by-mode series is its per-leg series summed over the legs of each mode, every day.
    for name in file_series["mode"]:
        src = text(f[f"/series/mode/{name}"].attrs["sum_by_mode_of"])
        per_leg = f[f"/series/leg/{src}"][()].astype(np.int64)
        by_mode = f[f"/series/mode/{name}"][()].astype(np.int64)
        for m, mode in enumerate(labels["mode"]):
            cols = [l for l, lm in enumerate(leg_modes) if lm == mode]
            if not np.array_equal(by_mode[:, m], per_leg[:, cols].sum(axis=1)):
                fail(f"/series/mode/{name} [{mode}] is not /series/leg/{src} summed over the {mode} legs")

    # The calendar.
    day_ds = f["/time/day"]
    if list(day_ds[()]) != list(range(days)):
        fail("/time/day is not 0..days-1")
    dates = strings(f["/time/date"][()])
    want_dates = [str(d) for d in np.datetime64(start_date, "D") + np.arange(days)]
    if dates != want_dates:
        fail(f"/time/date is not the days from {start_date}: {dates[:3]}...")

    # End-of-run tables: /tables/members, one row per member of a group.
    if "organisations" in f:
        members = f["/tables/members"]
        n = members["row"].shape[0]
        n_ocgs = f["/organisations/ocg_name"].shape[0]
        roles = {"organiser", "recruiter", "transporter", "forger", "broker", "safe_house", "official", "front"}
        for name, ds in members.items():
            if ds.shape != (n,):
                fail(f"/tables/members/{name} has shape {ds.shape}, not ({n},)")
        if n == 0 or text(members.attrs["module"]) != "organisations":
            fail("/tables/members is empty or not the organisations module's")
        ocg = members["ocg"][()]
        if ocg.min() < 0 or ocg.max() >= n_ocgs:
            fail("/tables/members/ocg is not a row of /organisations/ocg_name")
        if not set(strings(members["role"][()])) <= roles:
            fail(f"/tables/members/role has unknown roles {set(strings(members['role'][()])) - roles}")
        at_work = sum(1 for s in strings(members["status"][()]) if s in ("active", "released"))
        want = int(f["/series/totals/members_active"][-1])
        if at_work != want:
            fail(f"/tables/members: {at_work} members at work, /series/totals/members_active says {want}")

    # Threads do not change any value.
    with h5py.File(out1, "r") as g:
        def walk(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith("series/"):
                if not np.array_equal(obj[()], g[name][()]):
                    fail(f"{name} differs between --threads 1 and --threads 2")
        f.visititems(walk)

# xarray (netCDF-4 reading through h5netcdf): every /series/<dim> group opens on
# its own with named dimensions, day decoded to dates, the column ids as labels.
try:
    import h5netcdf  # noqa: F401
    import xarray as xr
except ImportError as e:
    print(f"SKIP xarray part: cannot import xarray/h5netcdf ({e}); "
          "install Debian's python3-xarray and python3-h5netcdf to run it")
else:
    want_days = (np.datetime64(start_date, "D") + np.arange(days)).astype("datetime64[ns]")
    for dim, names in file_series.items():
        group = f"series/{dim}"
        with xr.open_dataset(out2, engine="h5netcdf", group=group) as ds:
            want_dims = {"day": days} if dim == "totals" else {"day": days, dim: len(labels[dim])}
            if dict(ds.sizes) != want_dims:
                fail(f"xarray {group}: dimensions {dict(ds.sizes)}, expected {want_dims}")
            if sorted(ds.data_vars) != names:
                fail(f"xarray {group}: variables {sorted(ds.data_vars)}, expected {names}")
            day = ds["day"].values
            if day.dtype.kind != "M":
                fail(f"xarray {group}: day is not decoded to dates (dtype {day.dtype})")
            if not np.array_equal(day.astype("datetime64[ns]"), want_days):
                fail(f"xarray {group}: days are not the dates from {start_date}: {day[:3]}")
            if dim != "totals" and [str(x) for x in ds[dim].values] != labels[dim]:
                fail(f"xarray {group}: the {dim} coordinate does not hold the {dim} ids")
            for name in names:
                v = ds[name]
                want_vdims = ("day",) if dim == "totals" else ("day", dim)
                if v.dims != want_vdims:
                    fail(f"xarray {group}/{name}: dims {v.dims}, expected {want_vdims}")
                measure = v.attrs["measure"]
                # Selected by label (dates, ids), not by position.
                total = v.sum("day") if measure == "flow" else v.sel(day=want_days[-1])
                want = series_json[dim][name]
                if dim == "totals":
                    same_total(total.values, want, f"xarray {group}/{name}")
                else:
                    sel = total.sel({dim: list(want)}).values
                    for label, x in zip(want, sel):
                        same_total(x, want[label], f"xarray {group}/{name} [{label}]")
            # One value by date and id, against the file read with h5py.
            if dim != "totals":
                name, label, d = names[0], labels[dim][-1], days // 2
                with h5py.File(out2, "r") as f:
                    raw = f[f"/series/{dim}/{name}"][d, len(labels[dim]) - 1]
                x = ds[name].sel({"day": want_days[d], dim: label}).values
                if x != raw:
                    fail(f"xarray {group}/{name} at {want_days[d]}, {label}: {x} != {raw} in the file")
    print(f"xarray: {len(file_series)} groups of /series open with named dimensions, dates from {start_date}")
    with h5py.File(out2, "r") as f:
        tables = list(f["tables"]) if "tables" in f else []
    for t in tables:
        with xr.open_dataset(out2, engine="h5netcdf", group=f"tables/{t}") as ds:
            if len(ds.sizes) != 1:
                fail(f"xarray tables/{t}: dimensions {dict(ds.sizes)}, expected one (its rows)")
    print(f"xarray: tables {tables} open with one dimension")

print(f"ok: {len(leg_ids)} legs, {len(countries)} countries, {counters['generated']} migrants generated")
