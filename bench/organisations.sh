#!/usr/bin/env bash
# Paired, alternating runs of the year benchmark on 2 threads with the default
# scenario's organised crime groups (B) and without them (A), each run in its
# own process; prints every pair and the medians (issue: B at least 80 % of A).
# Usage: [PAIRS=5] bench/organisations.sh [build dir]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
pairs=${PAIRS:-5}
bin="$build/bench/smugglesim_bench"
for r in $(seq 1 "$pairs"); do
  "$bin" --benchmark_filter="YearWithoutOrganisations/threads:2/" --benchmark_format=json > "$build/bench_off_$r.json"
  "$bin" --benchmark_filter="^Year/threads:2/" --benchmark_format=json > "$build/bench_on_$r.json"
done
/usr/bin/python3 - "$build" "$pairs" <<'PY'
import json, statistics, sys
b, n = sys.argv[1], int(sys.argv[2])
get = lambda k, r: json.load(open(f"{b}/bench_{k}_{r}.json"))["benchmarks"][0]
print(f"{'pair':>4} {'A off M/s':>10} {'B on M/s':>10} {'B/A':>6} {'RSS B/migrant A':>16} {'RSS B/migrant B':>16}")
ratios, a_all, b_all = [], [], []
for r in range(1, n + 1):
    a, bb = get("off", r), get("on", r)
    ra = bb["migrant_days_per_s"] / a["migrant_days_per_s"]
    ratios.append(ra); a_all.append(a["migrant_days_per_s"]); b_all.append(bb["migrant_days_per_s"])
    print(f"{r:>4} {a['migrant_days_per_s']/1e6:>10.1f} {bb['migrant_days_per_s']/1e6:>10.1f} {ra:>6.2f} "
          f"{a['peak_rss_bytes_per_migrant']:>16.1f} {bb['peak_rss_bytes_per_migrant']:>16.1f}")
print(f"median: A {statistics.median(a_all)/1e6:.1f}, B {statistics.median(b_all)/1e6:.1f} M migrant-days/s; "
      f"median B/A {statistics.median(ratios):.2f}")
PY
