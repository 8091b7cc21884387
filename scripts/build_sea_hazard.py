#!/usr/bin/python3
"""Compute the sea-hazard factor grid from a land mask (standard library only).

Usage: build_sea_hazard.py LANDMASK.asc OUT.asc
LANDMASK.asc: Arc/Info ASCII grid, 1 = land, 0 = sea (from gdal_rasterize of the
basemap). OUT.asc: same grid, value = multiplicative factor on leg hazard.

Design (see docs/data-sources.md, "Sea-hazard raster"):
  land                                   1.0
  sea, base                              1.0
  open sea (far from any coast)          + 0.2 * s((d - 30 km) / 120 km)
  open Central Mediterranean             + 1.2 * g(lon, lat) * s(d / 40 km)
      g = exp(-((lon - 13.3)/2.2)^2 - ((lat - 34.6)/1.1)^2), the corridor
      between Tripolitania and Lampedusa/Malta/Sicily
  eastern Aegean straits box (lon 25.8..27.8, lat 36.5..39.7):
      0.8 + (f - 0.8) * s((d - 10 km) / 20 km), i.e. 0.8 within 10 km of a
      coast, blending back to the open-sea value by 30 km
where d = distance to the nearest land cell (km, two-pass chamfer transform)
and s = clamped smoothstep. Values are rounded to 4 decimals so that reruns
produce identical files.
"""
import math
import sys


def read_asc(path):
    with open(path, encoding="ascii") as f:
        hdr = {}
        for _ in range(5):
            k, v = f.readline().split()
            hdr[k.lower()] = float(v)
        line = f.readline()
        parts = line.split()
        if parts and parts[0].lower() == "nodata_value":
            hdr["nodata_value"] = float(parts[1])
            rows = []
        else:
            rows = [[float(x) for x in parts]]
        for line in f:
            if line.strip():
                rows.append([float(x) for x in line.split()])
    nc, nr = int(hdr["ncols"]), int(hdr["nrows"])
    if len(rows) != nr or any(len(r) != nc for r in rows):
        raise SystemExit(f"{path}: grid size does not match header")
    cell = hdr.get("cellsize")
    if cell is None:
        raise SystemExit(f"{path}: need square cells (cellsize)")
    x0 = hdr["xllcorner"]
    ytop = hdr["yllcorner"] + nr * cell
    return nc, nr, x0, ytop, cell, rows


def smooth(t):
    t = min(1.0, max(0.0, t))
    return t * t * (3.0 - 2.0 * t)


def distance_km(nc, nr, ytop, cell, land):
    km_lat = 111.2 * cell
    inf = 1e9
    d = [[0.0 if land[j][i] else inf for i in range(nc)] for j in range(nr)]
    lat = [ytop - (j + 0.5) * cell for j in range(nr)]
    dx = [max(0.5, 111.32 * math.cos(math.radians(a)) * cell) for a in lat]
    # forward pass
    for j in range(nr):
        row, kx = d[j], dx[j]
        diag = math.hypot(kx, km_lat)
        up = d[j - 1] if j > 0 else None
        for i in range(nc):
            v = row[i]
            if v == 0.0:
                continue
            if i > 0 and row[i - 1] + kx < v:
                v = row[i - 1] + kx
            if up is not None:
                if up[i] + km_lat < v:
                    v = up[i] + km_lat
                if i > 0 and up[i - 1] + diag < v:
                    v = up[i - 1] + diag
                if i + 1 < nc and up[i + 1] + diag < v:
                    v = up[i + 1] + diag
            row[i] = v
    # backward pass
    for j in range(nr - 1, -1, -1):
        row, kx = d[j], dx[j]
        diag = math.hypot(kx, km_lat)
        dn = d[j + 1] if j + 1 < nr else None
        for i in range(nc - 1, -1, -1):
            v = row[i]
            if v == 0.0:
                continue
            if i + 1 < nc and row[i + 1] + kx < v:
                v = row[i + 1] + kx
            if dn is not None:
                if dn[i] + km_lat < v:
                    v = dn[i] + km_lat
                if i + 1 < nc and dn[i + 1] + diag < v:
                    v = dn[i + 1] + diag
                if i > 0 and dn[i - 1] + diag < v:
                    v = dn[i - 1] + diag
            row[i] = v
    return d


def factor(lon, lat, d):
    f = 1.0 + 0.2 * smooth((d - 30.0) / 120.0)
    g = math.exp(-((lon - 13.3) / 2.2) ** 2 - ((lat - 34.6) / 1.1) ** 2)
    f += 1.2 * g * smooth(d / 40.0)
    if 25.8 <= lon <= 27.8 and 36.5 <= lat <= 39.7:
        f = 0.8 + (f - 0.8) * smooth((d - 10.0) / 20.0)
    return f


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    nc, nr, x0, ytop, cell, mask = read_asc(argv[1])
    land = [[v >= 0.5 for v in r] for r in mask]
    d = distance_km(nc, nr, ytop, cell, land)
    with open(argv[2], "w", encoding="ascii", newline="\n") as f:
        f.write(f"ncols {nc}\nnrows {nr}\nxllcorner {x0:.6f}\nyllcorner {ytop - nr * cell:.6f}\n"
                f"cellsize {cell:.6f}\n")
        for j in range(nr):
            lat = ytop - (j + 0.5) * cell
            vals = []
            for i in range(nc):
                if land[j][i]:
                    vals.append("1")
                else:
                    lon = x0 + (i + 0.5) * cell
                    vals.append(f"{factor(lon, lat, d[j][i]):.4f}".rstrip("0").rstrip("."))
            f.write(" ".join(vals) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
