#!/usr/bin/env bash
# Frame rate of smugglesim-viewer in live mode on the default scenario, with
# Mesa's software OpenGL (llvmpipe) in a virtual X server (xvfb-run), 1600x1000.
# The live run and its baseline are first simulated as fast as possible up to
# day 250 (about 110 000 migrants in the system, rising to ~150 000), then the
# normal UI plays on at 5 days per second for SECONDS (default 20) while
# frames are counted; the simulation threads and the rendering share the
# machine's cores. Prints frames rendered, mean FPS, the worst and 99th
# percentile frame times. A benchmark, not a test; the machine is shared and
# varies from run to run.
# Usage: bench/viewer_fps.sh [build dir] [seconds] [extra viewer options, e.g. --max-fps 0]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${2:-20}
shift $(( $# < 2 ? $# : 2 ))
viewer="$build/smugglesim-viewer"
if [ ! -x "$viewer" ]; then
  echo "viewer_fps.sh: $viewer not found: build first (scripts/build.sh) or give the build dir" >&2
  exit 1
fi
command -v xvfb-run >/dev/null || { echo "viewer_fps.sh: xvfb-run not found (Debian package xvfb)" >&2; exit 1; }
echo "smugglesim-viewer --live scenarios/default.toml from day 250, 1600x1000, llvmpipe, $(nproc) cores, ${secs} s"
LIBGL_ALWAYS_SOFTWARE=1 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$viewer" --live scenarios/default.toml --day 250 --speed 5 --size 1600x1000 \
  --basemap scenarios/basemap/countries.gpkg --measure-fps "$secs" "$@"
