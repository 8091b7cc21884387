#!/usr/bin/env bash
# Runs the year benchmark REPS times per thread count (default 3), each run in
# its own process (so peak RSS is that run's), alternating 1 and 2 threads, and
# prints every run and the medians. This machine is shared and varies 10-25 %
# from run to run: compare medians. Usage: [REPS=5] bench/run.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${REPS:-3}
bin="$build/bench/smugglesim_bench"
echo "Machine ceiling: random 16-byte record updates (bench_memory.cpp)"
"$bin" --benchmark_filter="RandomRecordUpdates" 2>/dev/null | grep -E "RandomRecordUpdates"
for r in $(seq 1 "$reps"); do
  for t in 1 2; do
    "$bin" --benchmark_filter="Year/threads:$t/" --benchmark_format=json > "$build/bench_threads${t}_run$r.json"
  done
done
/usr/bin/python3 - "$build" "$reps" <<'PY'
import json, statistics, sys
b, reps = sys.argv[1], int(sys.argv[2])
runs = {t: [json.load(open(f"{b}/bench_threads{t}_run{r}.json"))["benchmarks"][0] for r in range(1, reps + 1)] for t in (1, 2)}
print(f"{'run':>3} {'threads':>7} {'wall s':>8} {'M migrant-days/s':>17} {'mean in system':>15} {'peak in system':>15} {'RSS B/migrant':>14} {'state B/migrant':>16}")
for r in range(reps):
    for t in (1, 2):
        x = runs[t][r]
        print(f"{r + 1:>3} {t:>7} {x['real_time']:>8.2f} {x['migrant_days_per_s']/1e6:>17.1f} {x['mean_in_system']:>15.0f} "
              f"{x['peak_in_system']:>15.0f} {x['peak_rss_bytes_per_migrant']:>14.1f} {x['state_bytes_per_migrant']:>16.1f}")
    print(f"    speedup 1 -> 2 threads: {runs[2][r]['migrant_days_per_s'] / runs[1][r]['migrant_days_per_s']:.2f}x")
med = lambda t, k: statistics.median(x[k] for x in runs[t])
print(f"median: {med(2, 'migrant_days_per_s')/1e6:.1f} M migrant-days/s on 2 threads, "
      f"speedup {statistics.median(runs[2][r]['migrant_days_per_s'] / runs[1][r]['migrant_days_per_s'] for r in range(reps)):.2f}x, "
      f"peak RSS {max(x['peak_rss_bytes_per_migrant'] for t in (1, 2) for x in runs[t]):.1f} B/migrant at most")
PY
