#!/usr/bin/env bash
# Runs the year benchmark once per thread count, each in its own process (so
# peak RSS is that run's), and prints the speedup. Usage: bench/run.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin="$build/bench/smugglesim_bench"
for t in 1 2; do
  "$bin" --benchmark_filter="Year/threads:$t/" --benchmark_format=json > "$build/bench_threads$t.json"
done
echo "Machine ceiling: random 20-byte record updates (bench_memory.cpp)"
"$bin" --benchmark_filter="RandomRecordUpdates" 2>/dev/null | grep -E "RandomRecordUpdates"
/usr/bin/python3 - "$build" <<'PY'
import json, sys
b = sys.argv[1]
rows = {}
for t in (1, 2):
    with open(f"{b}/bench_threads{t}.json") as f:
        rows[t] = json.load(f)["benchmarks"][0]
print(f"{'threads':>7} {'wall s':>8} {'M migrant-days/s':>17} {'mean in system':>15} {'peak in system':>15} {'RSS B/migrant':>14} {'state B/migrant':>16}")
for t, r in rows.items():
    print(f"{t:>7} {r['real_time']:>8.2f} {r['migrant_days_per_s']/1e6:>17.1f} {r['mean_in_system']:>15.0f} "
          f"{r['peak_in_system']:>15.0f} {r['peak_rss_bytes_per_migrant']:>14.1f} {r['state_bytes_per_migrant']:>16.1f}")
print(f"speedup 1 -> 2 threads: {rows[2]['migrant_days_per_s'] / rows[1]['migrant_days_per_s']:.2f}x")
PY
