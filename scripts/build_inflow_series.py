#!/usr/bin/python3
"""Write the stylised 2015-2016 daily inflow series for the Aleppo origin.

Usage: build_inflow_series.py OUT_CSV [MEAN_PER_DAY]
Columns day,rate for days 0..730 (day 0 = 2015-01-01, day 365 = 2016-01-01,
day 730 = 2016-12-31), the length of the default scenario.

A STYLISED ASSUMPTION, not a published monthly figure: an asymmetric bell,
low in winter, rising through the summer, peaking in mid-October 2015 (day 285)
and falling more slowly into the winter, on a small floor:
    s(d) = 0.04 + exp(-((d - 285) / w)^2),  w = 70 before the peak, 80 after,
    rate(d) = k * s(d),  k = MEAN_PER_DAY / (mean of s over days 0..364),
so that the mean over the 365 days of 2015 equals MEAN_PER_DAY (default 880,
set in scenarios/default.toml). The shape echoes the well-known pattern of
Aegean arrivals in 2015 (a few thousand a month in winter, a peak in October)
without being fitted to any monthly count.

2016 (days 365..730): the same formula with the same k, i.e. the 2015 bell's
winter tail (about 960/day on 1 January 2016, 390/day in early February, 180/day
in early March) and then its floor (0.04 k = 94/day) for the rest of the year:
no second season. Also an assumption; the 2016 level after the EU-Turkey
statement is set in scenarios/default.toml by a set_inflow intervention, and
the 2016 rates are calibrated there against the 2016 figures of
shared/data/facts-2015-2016.md. Rows 0..364 are exactly the one-year series
this script wrote before the scenario had a second year.
"""
import math
import sys

DAYS_2015 = 365
DAYS = 731  # 2015-01-01 .. 2016-12-31


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    mean = float(argv[2]) if len(argv) == 3 else 880.0
    peak, w_rise, w_fall, floor = 285.0, 70.0, 80.0, 0.04
    s = [floor + math.exp(-((d - peak) / (w_rise if d < peak else w_fall)) ** 2)
         for d in range(DAYS)]
    k = mean / (sum(s[:DAYS_2015]) / DAYS_2015)
    with open(argv[1], "w", encoding="ascii", newline="\n") as f:
        f.write("day,rate\n")
        for d, v in enumerate(s):
            f.write(f"{d},{v * k:.1f}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
