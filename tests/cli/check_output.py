#!/usr/bin/python3
"""End-to-end: run the CLI on a scenario, read the HDF5 file back with h5py and
check it against the run's own counters (--summary-json); check that thread
count does not change a single value."""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

exe, scenario = sys.argv[1], sys.argv[2]
days = 60
work = tempfile.mkdtemp(prefix="smugglesim_check_output_")


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


out2, counters = run(2)
out1, _ = run(1)

with h5py.File(out2, "r") as f:
    a = f.attrs
    if a["format"] != b"smugglesim-results" and a["format"] != "smugglesim-results":
        fail(f"format attribute is {a['format']!r}")
    if int(a["days"]) != days or int(a["seed"]) != counters["seed"]:
        fail("days/seed attributes do not match the run")
    text = a["scenario_toml"]
    text = text.decode() if isinstance(text, bytes) else text
    with open(scenario) as sf:
        if text != sf.read():
            fail("scenario_toml attribute is not the scenario file's text")
    for key in ("program_version", "git_revision", "layout_version", "start_date"):
        if key not in a:
            fail(f"root attribute {key} missing")

    def strings(ds):
        return [x.decode() if isinstance(x, bytes) else str(x) for x in ds]

    countries = strings(f["/network/countries"][()])
    legs = f["/network/legs"][()]
    leg_ids = strings(legs["id"])
    places = f["/network/places"][()]
    if len(places) != f["/series/place/waiting"].shape[1]:
        fail("places table and place series disagree")

    # Totals at the last day are the run's final counters.
    for name, value in counters["totals"].items():
        series = f[f"/series/totals/{name}"][()]
        if series.shape != (days,):
            fail(f"/series/totals/{name} has shape {series.shape}")
        if int(series[-1]) != value:
            fail(f"totals/{name}: file {series[-1]} != run {value}")
    # Conservation, every day, from the file alone.
    t = {n: f[f"/series/totals/{n}"][()].astype(np.int64) for n in counters["totals"]}
    rhs = t["waiting"] + t["travelling"] + t["arrived"] + t["dead"] + t["missing"] + t["stranded"] + t["returned"]
    if not np.array_equal(t["generated"], rhs):
        fail("conservation does not hold in the file")

    arr = f["/series/arrivals_by_country"][()]
    if arr.shape != (days, len(countries)):
        fail(f"arrivals_by_country shape {arr.shape}")
    for c, iso in enumerate(countries):
        if int(arr[:, c].sum()) != counters["arrivals_by_country"][iso]:
            fail(f"arrivals in {iso}: file {arr[:, c].sum()} != run {counters['arrivals_by_country'][iso]}")
    if int(arr.sum()) != counters["totals"]["arrived"]:
        fail("arrivals by country do not add up to arrived")

    for q in ("flow", "dead", "missing", "intercepted"):
        s = f[f"/series/leg/{q}"][()]
        for l, lid in enumerate(leg_ids):
            if int(s[:, l].sum()) != counters["legs"][lid][q]:
                fail(f"leg {lid} {q}: file {s[:, l].sum()} != run {counters['legs'][lid][q]}")
    paid = f["/series/leg/paid_eur"][()]
    for l, lid in enumerate(leg_ids):
        if abs(paid[:, l].sum() - counters["legs"][lid]["paid_eur"]) > 0.01 + 1e-9 * abs(paid[:, l].sum()):
            fail(f"leg {lid} paid_eur differs")
    mode_dead = f["/series/mode/dead"][()]
    if int(mode_dead.sum()) != counters["totals"]["dead"]:
        fail("deaths by mode do not add up")

    # The time axis is a dimension scale attached to the series.
    day_ds = f["/time/day"]
    if list(day_ds[()]) != list(range(days)):
        fail("/time/day is not 0..days-1")
    if f["/series/leg/flow"].dims[0][0].name != "/time/day":
        fail("/time/day is not attached as the time dimension scale")

    # Threads do not change any value.
    with h5py.File(out1, "r") as g:
        def walk(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith("series/"):
                if not np.array_equal(obj[()], g[name][()]):
                    fail(f"{name} differs between --threads 1 and --threads 2")
        f.visititems(walk)

print(f"ok: {len(leg_ids)} legs, {len(countries)} countries, {counters['totals']['generated']} migrants generated")
