#!/usr/bin/python3
"""Write the stylised 2015 daily inflow series for the Aleppo origin.

Usage: build_inflow_series.py OUT_CSV [MEAN_PER_DAY]
Columns day,rate for days 0..364 (day 0 = 2015-01-01).

A STYLISED ASSUMPTION, not a published monthly figure: an asymmetric bell,
low in winter, rising through the summer, peaking in mid-October (day 285)
and falling more slowly into December, on a small floor:
    s(d) = 0.04 + exp(-((d - 285) / w)^2),  w = 70 before the peak, 80 after,
scaled so that the mean over the 365 days equals MEAN_PER_DAY (default 880,
set in scenarios/default.toml). The shape echoes the well-known pattern of
Aegean arrivals in 2015 (a few thousand a month in winter, a peak in October)
without being fitted to any monthly count.
"""
import math
import sys


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    mean = float(argv[2]) if len(argv) == 3 else 880.0
    peak, w_rise, w_fall, floor = 285.0, 70.0, 80.0, 0.04
    s = [floor + math.exp(-((d - peak) / (w_rise if d < peak else w_fall)) ** 2)
         for d in range(365)]
    k = mean / (sum(s) / len(s))
    with open(argv[1], "w", encoding="ascii", newline="\n") as f:
        f.write("day,rate\n")
        for d, v in enumerate(s):
            f.write(f"{d},{v * k:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
