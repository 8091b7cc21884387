#!/usr/bin/python3
"""Per-year check of a run of the default scenario against the published 2015-2016 figures.

Usage: check_two_years.py [RESULTS_H5]      (default: results/default.h5)

Reads a smugglesim results file (docs/hdf5-layout.md) and prints, for each
calendar year the run covers, the model's sea crossings and deaths next to the
published figures of shared/data/facts-2015-2016.md (IOM, UNHCR, Frontex). A
year the run covers only in part is marked "(partial)". Needs h5py and numpy.

Model quantities (sea legs by the country of their two ends; a year is the
calendar year of the day the migrants boarded, died or were intercepted):
  landed   = boarded - intercepted - dead - missing, on the sea legs of a route:
             the migrants who reached the other shore (what IOM/UNHCR count);
  boarded  = /series/leg/flow summed over the same legs: every attempt,
             including those intercepted (pushed back, most try again);
  Greece           sea legs TUR -> GRC
  Italy            sea legs from outside the EU (LBY, TUR) -> ITA
  Central Med      sea legs from outside the EU (LBY, TUR) -> ITA, MLT (Frontex:
                   "Libya and others to Italy, Malta")
  Eastern Med      all legs TUR -> GRC, BGR, land and sea (Frontex route; the
                   2016 Frontex figure is for Greece only: legs TUR -> GRC)
  dead + missing   Central Med: on the same legs; Eastern Med: on the sea legs
                   TUR -> GRC; "all sea" = every sea leg of the network.
  Italy + Greece   in 2016 with Greece to 19 December, as the published figure;
  sea arrivals per death = Italy + Greece landed / all sea dead + missing.
  EU external-border crossings  every leg from a non-EU to an EU state (a
                   migrant crossing into Greece and later from Serbia into Croatia
                   counts twice, as Frontex detections do);
  EU first entries  the same without legs from the Western Balkans (MKD, SRB):
                   about one per migrant entering the EU, as Frontex's 2016
                   "individual migrants".
The model has no Western Mediterranean (Morocco/Algeria - Spain) route, so the
published 2016 sea total (IOM: 4 403 + 429 + 69 dead or missing) includes 69
deaths the model cannot have. The table for the default run, and what each
published figure is, is in docs/data-sources.md ("2016: the second year").
"""
import os
import sys

import h5py
import numpy as np

EU = {"AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
      "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
      "SWE", "GBR"}  # EU members in 2015-2016
WB = ["MKD", "SRB", "ALB", "BIH", "MNE"]  # non-EU states reached from the EU (Western Balkans)

# Published figures (shared/data/facts-2015-2016.md). None: not in the facts file.
PUBLISHED = {
    "Greece sea arrivals": {2015: (853_650, "IOM/UNHCR")},
    "  Greece, to 19 Dec": {2016: (172_999, "IOM/UNHCR, to 19 Dec")},
    "Eastern Med detections": {2015: (885_400, "Frontex, about")},
    "  Eastern Med, Greece only": {2016: (182_500, "Frontex, Greece, prelim.")},
    "Italy sea arrivals": {2015: (153_842, "IOM/UNHCR"), 2016: (179_523, "IOM/UNHCR")},
    "Central Med detections": {2015: (154_000, "Frontex, about"), 2016: (181_459, "Frontex")},
    "Italy + Greece sea arrivals": {2015: (1_007_492, "IOM/UNHCR"),
                                    2016: (352_522, "IOM/UNHCR, GR to 19 Dec")},
    "EU external-border crossings": {2015: (1_820_000, "Frontex detections"),
                                     2016: (500_000, "Frontex: over 500 000 (a floor)")},
    "EU first entries (individuals)": {2016: (382_000, "Frontex, incl. W.Med ~10 000")},
    "Central Med dead + missing": {2015: (3_175, "Frontex (dead)"), 2016: (4_403, "IOM")},
    "Eastern Med dead + missing": {2015: None, 2016: (429, "IOM")},
    "all sea dead + missing": {2015: (3_777, "IOM, whole Med."),
                               2016: (4_901, "IOM, 4 403+429+69 (W.Med 69)")},
    "sea arrivals per death": {2015: (267, "IOM: 1 per 267"), 2016: (73, "IOM: 1 per 73")},
}


def main(argv):
    path = argv[1] if len(argv) > 1 else "results/default.h5"
    if not os.path.exists(path):
        print(__doc__, file=sys.stderr)
        print(f"no such results file: {path}", file=sys.stderr)
        return 2
    with h5py.File(path, "r") as f:
        places = f["network/places"][:]
        legs = f["network/legs"][:]
        country = places["country"].astype(str)
        frm = country[legs["from_index"]]
        to = country[legs["to_index"]]
        mode = legs["mode"].astype(str)
        flow = f["series/leg/flow"][:].astype(np.int64)
        dead = f["series/leg/dead"][:].astype(np.int64)
        missing = f["series/leg/missing"][:].astype(np.int64)
        inter = f["series/leg/intercepted"][:].astype(np.int64)
        dates = f["time/date"].asstr()[:].astype("datetime64[D]")
        scenario = f.attrs["scenario_name"].decode() if isinstance(
            f.attrs["scenario_name"], bytes) else str(f.attrs["scenario_name"])
        seed = int(f.attrs["seed"])
        actions = []
        if "interventions" in f and f["interventions"].shape[0]:
            for r in f["interventions"][:]:
                actions.append(f"{r['date'].decode()}  {r['description'].decode()}")

    sea = mode == "sea"
    sel = {
        "Greece": sea & (frm == "TUR") & (to == "GRC"),
        "Italy": sea & ~np.isin(frm, list(EU)) & (to == "ITA"),
        "CMed": sea & ~np.isin(frm, list(EU)) & np.isin(to, ["ITA", "MLT"]),
        "EMed": (frm == "TUR") & np.isin(to, ["GRC", "BGR"]),
        "EMedGR": (frm == "TUR") & (to == "GRC"),
        "allsea": sea,
        "into_eu": ~np.isin(frm, list(EU)) & np.isin(to, list(EU)),
        "first_entry": ~np.isin(frm, list(EU) + WB) & np.isin(to, list(EU)),
    }
    years = dates.astype("datetime64[Y]").astype(int) + 1970

    def tot(series, legmask, daymask):
        return int(series[np.ix_(daymask, legmask)].sum())

    def landed(legmask, daymask):
        return (tot(flow, legmask, daymask) - tot(inter, legmask, daymask)
                - tot(dead, legmask, daymask) - tot(missing, legmask, daymask))

    def dm(legmask, daymask):
        return tot(dead, legmask, daymask) + tot(missing, legmask, daymask)

    print(f"{path}: scenario {scenario}, seed {seed}, {len(dates)} days "
          f"({dates[0]} .. {dates[-1]})")
    if actions:
        print("interventions:")
        for a in actions:
            print("  " + a)
    head = f"{'quantity':<30} {'year':>4} {'model':>10} {'boarded':>10} {'published':>10} " \
           f"{'model/pub':>9}  source"
    for y in sorted(set(years.tolist())):
        days = years == y
        n = int(days.sum())
        full = n == (366 if (y % 4 == 0 and (y % 100 or y % 400 == 0)) else 365)
        print()
        print(f"{y}" + ("" if full else f" (partial: {n} days)"))
        print(head)
        print("-" * len(head))
        gr = landed(sel["Greece"], days)
        it = landed(sel["Italy"], days)
        to_dec19 = days & (dates <= np.datetime64(f"{y}-12-19"))
        rows = [
            ("Greece sea arrivals", gr, tot(flow, sel["Greece"], days)),
            ("  Greece, to 19 Dec", landed(sel["Greece"], to_dec19), None),
            ("Eastern Med detections", landed(sel["EMed"], days), tot(flow, sel["EMed"], days)),
            ("  Eastern Med, Greece only", landed(sel["EMedGR"], days),
             tot(flow, sel["EMedGR"], days)),
            ("Italy sea arrivals", it, tot(flow, sel["Italy"], days)),
            ("Central Med detections", landed(sel["CMed"], days), tot(flow, sel["CMed"], days)),
            # 2016: the published Greek figure runs to 19 December; so does the model's here
            ("Italy + Greece sea arrivals", it + (gr if y != 2016 else
                                                 landed(sel["Greece"], to_dec19)), None),
            ("EU external-border crossings", landed(sel["into_eu"], days), None),
            ("EU first entries (individuals)", landed(sel["first_entry"], days), None),
            ("Central Med dead + missing", dm(sel["CMed"], days), None),
            ("Eastern Med dead + missing", dm(sel["EMed"] & sea, days), None),
            ("all sea dead + missing", dm(sel["allsea"], days), None),
        ]
        sea_dm = dm(sel["allsea"], days)
        rows.append(("sea arrivals per death", round((gr + it) / sea_dm) if sea_dm else 0, None))
        for name, model, boarded in rows:
            pub = PUBLISHED.get(name, {}).get(y)
            b = "" if boarded is None else f"{boarded:,}".replace(",", " ")
            m = f"{model:,}".replace(",", " ")
            if pub is None:
                print(f"{name:<30} {y:>4} {m:>10} {b:>10} {'-':>10} {'':>9}")
                continue
            value, source = pub
            ratio = f"{model / value:.2f}" if value else ""
            p = f"{value:,}".replace(",", " ")
            print(f"{name:<30} {y:>4} {m:>10} {b:>10} {p:>10} {ratio:>9}  {source}")
    print()
    print("model = landed (boarded - intercepted - dead - missing) for arrivals and detections;")
    print("Eastern Med dead + missing = sea legs TUR -> GRC (BGR has no sea leg); published: "
          "shared/data/facts-2015-2016.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
