#!/usr/bin/env bash
# Rebuild the bundled default scenario's derived data from its readable sources.
#
#   scenarios/mediterranean/places.csv, legs.csv   (hand-edited sources)
#     -> scenarios/mediterranean/network.gpkg      (layers places, legs; EPSG:4326)
#   npm package world-atlas (Natural Earth 1:50m countries, TopoJSON)
#     -> scenarios/basemap/countries.gpkg           (layer countries)
#   basemap land mask + scripts/build_sea_hazard.py
#     -> scenarios/mediterranean/sea_hazard.tif     (Float32 factor on sea-leg hazard)
#   scripts/build_inflow_series.py
#     -> scenarios/mediterranean/inflow_syria_2015.csv (stylised daily series)
#   then scripts/build_check_network.py checks the result and prints the figures
#   quoted in docs/data-sources.md.
#
# Needs: bash, gdal-bin (ogr2ogr, gdal_rasterize, gdal_translate), /usr/bin/python3
# (standard library only); npm only to refresh the basemap. Idempotent: every
# output is deleted and recreated, and the output bytes are the same on rerun
# (fixed OGR_CURRENT_DATE, no .aux.xml side files). The outputs are committed:
# running the simulator never needs this script.
#
# Options (environment): SKIP_BASEMAP=1 keeps the committed basemap without
# trying npm; SKIP_CHECK=1 skips the final check.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCN="$ROOT/scenarios/mediterranean"
BASEMAP_DIR="$ROOT/scenarios/basemap"
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
WORLD_ATLAS_VERSION=2.0.2
# Basemap extent: lon -20..110, lat 0..70 (Europe, Mediterranean, Sahel, Horn of
# Africa, Middle East, Afghanistan/Pakistan and Vietnam).
BASEMAP_CLIP=(-20 0 110 70)
# Raster grid: lon -12..45, lat 28..62 at 0.1 degree (570 x 340 cells).
RASTER_TE=(-12 28 45 62)
RASTER_RES=0.1

export OGR_CURRENT_DATE=2015-01-01T00:00:00.000Z   # fixed GeoPackage timestamps
export GDAL_PAM_ENABLED=NO                          # no .aux.xml side files
export CPL_LOG=/dev/null
export PYTHONDONTWRITEBYTECODE=1

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

for tool in ogr2ogr gdal_rasterize gdal_translate; do
  command -v "$tool" >/dev/null || { echo "build_network.sh: $tool not found (apt-get install gdal-bin)" >&2; exit 1; }
done

# ---- 1. basemap --------------------------------------------------------------
mkdir -p "$BASEMAP_DIR"
basemap_ok=0
if [[ ${SKIP_BASEMAP:-0} != 1 ]] && command -v npm >/dev/null; then
  if (cd "$TMP" && timeout 180 npm pack --silent "world-atlas@$WORLD_ATLAS_VERSION" >npm.out 2>npm.err); then
    tar -xzf "$TMP/world-atlas-$WORLD_ATLAS_VERSION.tgz" -C "$TMP"
    # Antimeridian first, then makevalid, then clip. The TopoJSON is meant for
    # spherical rendering: a ring that crosses the antimeridian (Russia's
    # mainland ring around Chukotka, Wrangel Island, Fiji) jumps from +179.9 to
    # exactly -180 and back. In the plane those jumps are edges across the whole
    # world (Russia: along 65.05N and 69.0N), which makevalid turned into bands
    # over Scandinavia and the Norwegian Sea. ogr2ogr -wrapdateline alone does
    # not split them (it takes a jump landing on exactly +-180 for an edge
    # along the antimeridian). So a feature that is invalid as given but lies
    # within 180 degrees of longitude once negative longitudes are shifted by
    # +360 (Russia, Fiji; not Antarctica or the USA) is shifted
    # (SpatiaLite ST_Shift_Longitude), made valid, and cut back into
    # -180..180 by -wrapdateline (needs a -t_srs, here the same EPSG:4326).
    ogr2ogr -f GPKG "$TMP/world.gpkg" "$TMP/package/countries-50m.json" \
      -dialect SQLite -sql "SELECT id, name, CASE WHEN NOT ST_IsValid(geometry)
          AND MbrMaxX(ST_Shift_Longitude(geometry)) - MbrMinX(ST_Shift_Longitude(geometry)) < 180
          THEN ST_Shift_Longitude(geometry) ELSE geometry END AS geometry FROM countries" \
      -nln countries -s_srs EPSG:4326 -t_srs EPSG:4326 -wrapdateline -nlt MULTIPOLYGON \
      -makevalid 2>"$TMP/world.err" || { cat "$TMP/world.err" >&2; exit 1; }
    # ST_IsValid reports each invalid source ring on stderr: expected, not shown.
    grep -v '^GEOS warning: ' "$TMP/world.err" >&2 || true
    ogr2ogr -f GPKG "$TMP/countries.gpkg" "$TMP/world.gpkg" countries \
      -nln countries -nlt MULTIPOLYGON -lco GEOMETRY_NAME=geom -clipsrc "${BASEMAP_CLIP[@]}"
    rm -f "$BASEMAP_DIR/countries.gpkg"
    cp "$TMP/countries.gpkg" "$BASEMAP_DIR/countries.gpkg"
    cp "$TMP/package/LICENSE" "$BASEMAP_DIR/LICENSE-world-atlas.txt"
    echo "basemap: scenarios/basemap/countries.gpkg from world-atlas@$WORLD_ATLAS_VERSION countries-50m"
    basemap_ok=1
  fi
fi
if [[ $basemap_ok != 1 ]]; then
  if [[ -f "$BASEMAP_DIR/countries.gpkg" ]]; then
    echo "basemap: npm registry not used or not reachable; keeping the committed scenarios/basemap/countries.gpkg"
  else
    echo "build_network.sh: no basemap and npm pack world-atlas@$WORLD_ATLAS_VERSION failed:" >&2
    cat "$TMP/npm.err" >&2 2>/dev/null || true
    exit 1
  fi
fi

# ---- 2. stylised inflow series ----------------------------------------------
"$PY" "$ROOT/scripts/build_inflow_series.py" "$SCN/inflow_syria_2015.csv" 880
echo "series:  scenarios/mediterranean/inflow_syria_2015.csv"

# ---- 3. network GeoPackage ---------------------------------------------------
mkdir -p "$TMP/ogr"
"$PY" "$ROOT/scripts/build_network.py" "$SCN/places.csv" "$SCN/legs.csv" "$TMP/ogr"
ogr2ogr -f GPKG "$TMP/network.gpkg" "$TMP/ogr/places.csv" -nln places -a_srs EPSG:4326 \
  -nlt POINT -oo KEEP_GEOM_COLUMNS=NO -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=YES
ogr2ogr -f GPKG -update "$TMP/network.gpkg" "$TMP/ogr/legs.csv" -nln legs -a_srs EPSG:4326 \
  -nlt LINESTRING -oo KEEP_GEOM_COLUMNS=NO -lco GEOMETRY_NAME=geom -lco FID=fid -lco SPATIAL_INDEX=YES
rm -f "$SCN/network.gpkg"
cp "$TMP/network.gpkg" "$SCN/network.gpkg"
echo "network: scenarios/mediterranean/network.gpkg"

# ---- 4. sea-hazard raster ----------------------------------------------------
gdal_rasterize -q -l countries -burn 1 -init 0 -ot Byte -te "${RASTER_TE[@]}" \
  -tr "$RASTER_RES" "$RASTER_RES" "$BASEMAP_DIR/countries.gpkg" "$TMP/land.tif"
gdal_translate -q -of AAIGrid "$TMP/land.tif" "$TMP/land.asc"
"$PY" "$ROOT/scripts/build_sea_hazard.py" "$TMP/land.asc" "$TMP/sea_hazard.asc"
gdal_translate -q -of GTiff -ot Float32 -a_srs EPSG:4326 -co COMPRESS=DEFLATE \
  -co PREDICTOR=3 "$TMP/sea_hazard.asc" "$TMP/sea_hazard.tif"
rm -f "$SCN/sea_hazard.tif"
cp "$TMP/sea_hazard.tif" "$SCN/sea_hazard.tif"
echo "raster:  scenarios/mediterranean/sea_hazard.tif"

# ---- 5. check ------------------------------------------------------------------
if [[ ${SKIP_CHECK:-0} != 1 ]]; then
  "$PY" "$ROOT/scripts/build_check_network.py" "$ROOT"
fi
