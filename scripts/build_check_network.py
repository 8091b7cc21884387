#!/usr/bin/python3
"""Check the bundled scenario data and print the figures docs/data-sources.md quotes.

Usage: build_check_network.py [REPO_ROOT]   (standard library + gdal-bin only)

Checks (exit 1 on any error):
  * places.csv / legs.csv parse and validate (same rules as build_network.py);
  * every destination-kind place is reachable from some origin;
  * every origin in scenarios/default.toml reaches a destination-kind place in
    each destination country it is given (also without document-requiring legs
    when the origin has migrants without documents);
  * sea legs do not cross land (Natural Earth 1:50m basemap) except within
    8 km of their end points (ports sit on land, small islands are coarse);
  * origin rates add up to 1.0-1.1 million migrants in 2015 (a rate series
    counts with its mean over days 0..364; the 2016 rates are set by
    [[intervention]] blocks of the scenario and are not checked here).
Prints: per sea leg the mean sea-hazard raster factor (sampled as the loader
does: ceil(length/10 km) equal steps, end points included, nearest cell) and the effective hazard = base x factor;
per origin and destination country the cheapest route price; the total inflow.
"""
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import tomllib
import heapq

sys.dont_write_bytecode = True  # no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_network  # noqa: E402

R_KM = 6371.0088


def to_vec(lon, lat):
    lo, la = math.radians(lon), math.radians(lat)
    return (math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la))


def gc_km(a, b):
    va, vb = to_vec(*a), to_vec(*b)
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb))))
    return R_KM * math.acos(dot)


def interp(a, b, t):
    va, vb = to_vec(*a), to_vec(*b)
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(va, vb))))
    om = math.acos(dot)
    if om < 1e-12:
        return a
    s = math.sin(om)
    k1, k2 = math.sin((1 - t) * om) / s, math.sin(t * om) / s
    v = [k1 * x + k2 * y for x, y in zip(va, vb)]
    return (math.degrees(math.atan2(v[1], v[0])), math.degrees(math.asin(max(-1, min(1, v[2])))))


def densify(coords, step_km):
    """Points every <= step_km along the polyline, vertices and end points included."""
    pts = [coords[0]]
    for a, b in zip(coords, coords[1:]):
        n = max(1, math.ceil(gc_km(a, b) / step_km))
        pts.extend(interp(a, b, k / n) for k in range(1, n + 1))
    return pts


def densify_uniform(coords, step_km):
    """As geo::densify_geodesic: ceil(total/step) equal steps along the whole
    polyline (vertices not forced in), both end points included."""
    seg = [gc_km(a, b) for a, b in zip(coords, coords[1:])]
    total = sum(seg)
    steps = max(1, math.ceil(total / step_km))
    pts = [coords[0]]
    i, start = 0, 0.0
    for k in range(1, steps):
        target = total * k / steps
        while i + 1 < len(seg) and start + seg[i] <= target:
            start += seg[i]
            i += 1
        t = 0.0 if seg[i] == 0 else min(1.0, max(0.0, (target - start) / seg[i]))
        pts.append(interp(coords[i], coords[i + 1], t))
    pts.append(coords[-1])
    return pts


def length_km(coords):
    return sum(gc_km(a, b) for a, b in zip(coords, coords[1:]))


# ---- land polygons ----------------------------------------------------------
def load_land(gpkg):
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, "land.geojson")
        subprocess.run(["ogr2ogr", "-f", "GeoJSON", out, gpkg, "countries"], check=True)
        with open(out, encoding="utf-8") as f:
            gj = json.load(f)
    polys = []
    for feat in gj["features"]:
        g = feat["geometry"]
        if g is None:
            continue
        parts = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for rings in parts:
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            polys.append(((min(xs), min(ys), max(xs), max(ys)), rings))
    return polys


def in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def on_land(x, y, polys):
    for (x0, y0, x1, y1), rings in polys:
        if x0 <= x <= x1 and y0 <= y <= y1 and in_ring(x, y, rings[0]):
            if not any(in_ring(x, y, h) for h in rings[1:]):
                return True
    return False


# ---- raster -------------------------------------------------------------------
def load_raster(tif):
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, "r.asc")
        subprocess.run(["gdal_translate", "-q", "-of", "AAIGrid", tif, out], check=True,
                       env=dict(os.environ, GDAL_PAM_ENABLED="NO"))
        with open(out, encoding="ascii") as f:
            hdr = {}
            for _ in range(5):
                k, v = f.readline().split()
                hdr[k.lower()] = float(v)
            rows = [[float(x) for x in line.split()] for line in f if line.strip()
                    and not line.lower().startswith("nodata")]
    nc, nr, cell = int(hdr["ncols"]), int(hdr["nrows"]), hdr["cellsize"]
    x0, ytop = hdr["xllcorner"], hdr["yllcorner"] + int(hdr["nrows"]) * cell

    def sample(lon, lat):
        i, j = int((lon - x0) / cell), int((ytop - lat) / cell)
        if 0 <= i < nc and 0 <= j < nr:
            return rows[j][i]
        return None
    return sample


# ---- graph --------------------------------------------------------------------
def reach(start, out_legs, allow):
    seen, stack = {start}, [start]
    while stack:
        p = stack.pop()
        for l in out_legs.get(p, ()):
            if allow(l) and l["to"] not in seen:
                seen.add(l["to"])
                stack.append(l["to"])
    return seen


def cheapest(start, out_legs, allow, key):
    dist = {start: 0.0}
    pq = [(0.0, start)]
    while pq:
        d, p = heapq.heappop(pq)
        if d > dist[p]:
            continue
        for l in out_legs.get(p, ()):
            if not allow(l):
                continue
            nd = d + key(l)
            if nd < dist.get(l["to"], math.inf):
                dist[l["to"]] = nd
                heapq.heappush(pq, (nd, l["to"]))
    return dist


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    scn = os.path.join(root, "scenarios")
    errors = []
    places, legs = build_network.load(os.path.join(scn, "mediterranean", "places.csv"),
                                      os.path.join(scn, "mediterranean", "legs.csv"))
    out_legs = {}
    for l in legs:
        out_legs.setdefault(l["from"], []).append(l)
    kinds = {}
    for p in places.values():
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
    modes = {}
    for l in legs:
        modes[l["mode"]] = modes.get(l["mode"], 0) + 1
    print(f"places: {len(places)}  {dict(sorted(kinds.items()))}")
    print(f"legs:   {len(legs)}  {dict(sorted(modes.items()))}")

    origins = [p for p in places.values() if p["kind"] == "origin"]
    dests = [p for p in places.values() if p["kind"] == "destination"]
    reached = set()
    for o in origins:
        reached |= reach(o["id"], out_legs, lambda l: True)
    for d in dests:
        if d["id"] not in reached:
            errors.append(f"destination {d['id']} not reachable from any origin")
    for p in places.values():
        if p["kind"] != "origin" and p["id"] not in reached:
            errors.append(f"place {p['id']} not reachable from any origin")
        if p["kind"] != "destination" and p["id"] not in out_legs:
            errors.append(f"place {p['id']} ({p['kind']}) has no outgoing leg (dead end)")

    # ---- scenario TOML --------------------------------------------------------
    toml_path = os.path.join(scn, "default.toml")
    with open(toml_path, "rb") as f:
        cfg = tomllib.load(f)
    total = 0.0
    print("\norigin                rate/day  destinations (cheapest EUR / days, '-' = unreachable)")
    for o in cfg.get("origin", []):
        pid = o["place"]
        if pid not in places or places[pid]["kind"] != "origin":
            errors.append(f"default.toml origin {pid}: not an origin place")
            continue
        rate = float(o.get("rate_per_day", 0.0))
        if o.get("rate_series"):
            path = os.path.join(scn, o["rate_series"])
            with open(path, newline="") as f:
                rows = list(csv.DictReader(f))
            days = [int(r["day"]) for r in rows]
            if days != list(range(len(rows))):
                errors.append(f"{path}: days must be 0..N-1 in order")
            vals = [float(r["rate"]) for r in rows]
            # The inflow check is on 2015, the calibrated first year: days 0..364.
            first = vals[:365]
            rate = sum(first) / len(first)
            later = vals[365:]
            print(f"  (series {o['rate_series']}: {len(vals)} days; days 0..364 mean {rate:.1f}, "
                  f"min {min(first):.1f}, max {max(first):.1f}"
                  + (f"; days 365..{len(vals) - 1} mean {sum(later) / len(later):.1f}" if later else "")
                  + ")")
        total += rate
        docs = o.get("documents", {})
        shares = o.get("destinations", {})
        price_all = cheapest(pid, out_legs, lambda l: True, lambda l: l["price_eur"])
        price_nodoc = cheapest(pid, out_legs, lambda l: not l["need_docs"], lambda l: l["price_eur"])
        days_all = cheapest(pid, out_legs, lambda l: True, lambda l: l["days"])
        parts = []
        for c, s in shares.items():
            if s <= 0:
                continue
            cands = [d["id"] for d in dests if d["country"] == c]
            if not cands:
                errors.append(f"origin {pid}: no destination place in {c}")
                continue
            pa = min(price_all.get(x, math.inf) for x in cands)
            pn = min(price_nodoc.get(x, math.inf) for x in cands)
            da = min(days_all.get(x, math.inf) for x in cands)
            if math.isinf(pa):
                errors.append(f"origin {pid}: cannot reach {c}")
            if docs.get("none", 0) > 0 and math.isinf(pn):
                errors.append(f"origin {pid}: cannot reach {c} without documents")
            parts.append(f"{c} {pa:.0f}/{'-' if math.isinf(pn) else f'{pn:.0f}'}"
                         f" {da:.1f}d")
        print(f"  {pid:<18} {rate:8.1f}  " + ", ".join(parts))
    print(f"\ntotal inflow in 2015: {total:.1f} migrants/day = {total * 365:,.0f} per 365 days")
    if not 1.0e6 <= total * 365 <= 1.1e6:
        errors.append(f"total inflow {total * 365:,.0f}/year outside 1.0-1.1 million")

    # ---- sea legs: land crossing and raster factors --------------------------
    basemap = os.path.join(scn, "basemap", "countries.gpkg")
    tif = os.path.join(scn, "mediterranean", "sea_hazard.tif")
    polys = load_land(basemap) if os.path.exists(basemap) else None
    sample = load_raster(tif) if os.path.exists(tif) else None
    print("\nsea leg                          km   land_km  factor  base_h     effective_h")
    for l in legs:
        if l["mode"] != "sea":
            continue
        c = l["coords"]
        km = length_km(c)
        land_km = 0.0
        if polys is not None:
            a, b = c[0], c[-1]
            for p in densify(c, 1.0):
                if gc_km(p, a) > 8.0 and gc_km(p, b) > 8.0 and on_land(p[0], p[1], polys):
                    land_km += 1.0
            if land_km > 2.0:
                errors.append(f"sea leg {l['id']} crosses ~{land_km:.0f} km of land")
        fac = float("nan")
        if sample is not None:
            vals = [v for v in (sample(*p) for p in densify_uniform(c, 10.0)) if v is not None]
            fac = sum(vals) / len(vals) if vals else float("nan")
        print(f"  {l['id']:<30} {km:6.0f} {land_km:7.0f}  {fac:6.3f}  {l['hazard']:<9.4g}  "
              f"{l['hazard'] * fac:.4g}")

    if errors:
        print("\nERRORS:")
        for e in errors:
            print("  " + e)
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
