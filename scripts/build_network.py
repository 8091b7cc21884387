#!/usr/bin/python3
"""Validate scenarios/<name>/places.csv and legs.csv and write them as two
OGR CSV files with WKT geometry and a .csvt type sidecar, ready for ogr2ogr.

Standard library only (no osgeo), so scripts/build_network.sh needs nothing but
python3 and gdal-bin. Usage:
    build_network.py PLACES_CSV LEGS_CSV OUT_DIR
writes OUT_DIR/places.csv(.csvt) and OUT_DIR/legs.csv(.csvt).
Exit status 1 with a message naming file, line and field on any bad input.
"""
import csv
import math
import re
import sys

PLACE_FIELDS = ["id", "name", "country", "kind", "lon", "lat"]
LEG_FIELDS = ["id", "from", "to", "mode", "means", "days", "price_eur", "capacity",
              "hazard", "intercept", "need_docs", "waypoints"]
KINDS = {"origin", "transit", "port", "airport", "border", "destination"}
MODES = {"land", "sea", "air"}
ID_RE = re.compile(r"^[A-Z0-9_\-]+$")
ISO3_RE = re.compile(r"^[A-Z]{3}$")


class Bad(Exception):
    pass


def fnum(text, where, lo=None, hi=None, lo_open=False, hi_open=False):
    try:
        v = float(text)
    except ValueError:
        raise Bad(f"{where}: not a number: {text!r}")
    if not math.isfinite(v):
        raise Bad(f"{where}: not finite: {text!r}")
    if lo is not None and (v < lo or (lo_open and v == lo)):
        raise Bad(f"{where}: {v} below allowed range")
    if hi is not None and (v > hi or (hi_open and v == hi)):
        raise Bad(f"{where}: {v} above allowed range")
    return v


def fmt(v):
    """Canonical text for a coordinate or real: stable across runs."""
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def read_rows(path, fields):
    with open(path, newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        if header != fields:
            raise Bad(f"{path}:1: header must be {','.join(fields)}, got {','.join(header)}")
        for n, row in enumerate(r, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(fields):
                raise Bad(f"{path}:{n}: expected {len(fields)} fields, got {len(row)}")
            yield n, dict(zip(fields, (c.strip() for c in row)))


def parse_waypoints(text, where):
    pts = []
    if not text:
        return pts
    for k, item in enumerate(text.split(";")):
        parts = item.split()
        if len(parts) != 2:
            raise Bad(f"{where}: waypoint {k + 1} must be 'lon lat', got {item!r}")
        lon = fnum(parts[0], f"{where} waypoint {k + 1} lon", -180, 180)
        lat = fnum(parts[1], f"{where} waypoint {k + 1} lat", -90, 90)
        pts.append((lon, lat))
    return pts


def load(places_csv, legs_csv):
    places, legs = {}, []
    for n, p in read_rows(places_csv, PLACE_FIELDS):
        w = f"{places_csv}:{n}"
        if not ID_RE.match(p["id"]):
            raise Bad(f"{w} field id: must be uppercase ASCII letters, digits, _ or -: {p['id']!r}")
        if p["id"] in places:
            raise Bad(f"{w} field id: duplicate place id {p['id']}")
        if not ISO3_RE.match(p["country"]):
            raise Bad(f"{w} field country: not an ISO 3166-1 alpha-3 code: {p['country']!r}")
        if p["kind"] not in KINDS:
            raise Bad(f"{w} field kind: {p['kind']!r} not one of {sorted(KINDS)}")
        if not p["name"]:
            raise Bad(f"{w} field name: empty")
        p["lon"] = fnum(p["lon"], f"{w} field lon", -180, 180)
        p["lat"] = fnum(p["lat"], f"{w} field lat", -90, 90)
        places[p["id"]] = p
    seen = set()
    for n, l in read_rows(legs_csv, LEG_FIELDS):
        w = f"{legs_csv}:{n} leg {l['id']}"
        if not ID_RE.match(l["id"]):
            raise Bad(f"{w} field id: bad id")
        if l["id"] in seen:
            raise Bad(f"{w} field id: duplicate leg id")
        seen.add(l["id"])
        for end in ("from", "to"):
            if l[end] not in places:
                raise Bad(f"{w} field {end}: unknown place {l[end]!r}")
        if l["from"] == l["to"]:
            raise Bad(f"{w}: from == to")
        if l["mode"] not in MODES:
            raise Bad(f"{w} field mode: {l['mode']!r} not one of {sorted(MODES)}")
        if not l["means"]:
            raise Bad(f"{w} field means: empty")
        l["days"] = fnum(l["days"], f"{w} field days", 0, None, lo_open=True)
        l["price_eur"] = fnum(l["price_eur"], f"{w} field price_eur", 0)
        l["capacity"] = fnum(l["capacity"], f"{w} field capacity", 0, None, lo_open=True)
        l["hazard"] = fnum(l["hazard"], f"{w} field hazard", 0, 1, hi_open=True)
        l["intercept"] = fnum(l["intercept"], f"{w} field intercept", 0, 1, hi_open=True)
        if l["need_docs"] not in ("0", "1"):
            raise Bad(f"{w} field need_docs: must be 0 or 1, got {l['need_docs']!r}")
        l["need_docs"] = int(l["need_docs"])
        l["waypoints"] = parse_waypoints(l["waypoints"], w)
        a, b = places[l["from"]], places[l["to"]]
        l["coords"] = [(a["lon"], a["lat"])] + l["waypoints"] + [(b["lon"], b["lat"])]
        legs.append(l)
    return places, legs


def write_ogr_csv(out_dir, places, legs):
    def put(name, header, types, rows):
        with open(f"{out_dir}/{name}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            w.writerow(header)
            w.writerows(rows)
        with open(f"{out_dir}/{name}.csvt", "w", encoding="utf-8") as f:
            f.write(",".join(types) + "\n")

    put("places", ["WKT", "id", "name", "country", "kind"],
        ["WKT", "String", "String", "String", "String"],
        ([f"POINT ({fmt(p['lon'])} {fmt(p['lat'])})", p["id"], p["name"], p["country"], p["kind"]]
         for p in places.values()))
    put("legs",
        ["WKT", "id", "from", "to", "mode", "means", "days", "price_eur", "capacity",
         "hazard", "intercept", "need_docs"],
        ["WKT", "String", "String", "String", "String", "String", "Real", "Real", "Real",
         "Real", "Real", "Integer"],
        (["LINESTRING (" + ", ".join(f"{fmt(x)} {fmt(y)}" for x, y in l["coords"]) + ")",
          l["id"], l["from"], l["to"], l["mode"], l["means"], fmt(l["days"]), fmt(l["price_eur"]),
          fmt(l["capacity"]), repr(l["hazard"]), repr(l["intercept"]), str(l["need_docs"])]
         for l in legs))


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        places, legs = load(argv[1], argv[2])
    except Bad as e:
        print(f"build_network.py: {e}", file=sys.stderr)
        return 1
    write_ogr_csv(argv[3], places, legs)
    print(f"build_network.py: {len(places)} places, {len(legs)} legs valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
