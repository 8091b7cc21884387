#!/usr/bin/python3
"""Bad input through the CLI: a clear message naming what is wrong, a non-zero
exit, and no output file (nor a partial one) left behind."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

exe, scenario = sys.argv[1], sys.argv[2]
scen_dir = os.path.dirname(os.path.abspath(scenario))
with open(scenario) as f:
    base = f.read()
# Make the scenario's relative paths absolute so modified copies can live elsewhere.
base = re.sub(r'(file|rate_series)\s*=\s*"([^"/][^"]*)"',
              lambda m: f'{m.group(1)} = "{os.path.join(scen_dir, m.group(2))}"', base)
network = re.search(r'\[network\][^\[]*?file\s*=\s*"([^"]+)"', base, re.S).group(1)

failures = []


def case(name, text, expect, files=None, extra=()):
    work = tempfile.mkdtemp(prefix="smugglesim_bad_")
    for fname, content in (files or {}).items():
        with open(os.path.join(work, fname), "wb") as f:
            f.write(content)
    path = os.path.join(work, "scenario.toml")
    if text is not None:
        with open(path, "w") as f:
            f.write(text)
    out = os.path.join(work, "results", "out.h5")
    p = subprocess.run([exe, "run", path, "--days", "5", "-o", out, "-q", *extra], capture_output=True, text=True)
    problems = []
    if p.returncode != 2:
        problems.append(f"exit code {p.returncode}, expected 2")
    for e in expect:
        if e not in p.stderr:
            problems.append(f"stderr lacks {e!r}")
    if os.path.exists(out) or os.path.exists(out + ".partial"):
        problems.append("an output file was left behind")
    if problems:
        failures.append(f"{name}: {'; '.join(problems)}; stderr: {p.stderr.strip()}")
    else:
        print(f"ok: {name}: {p.stderr.strip()}")
    shutil.rmtree(work)


# Edits of keys the default scenario has, so the test does not depend on which optional tables it sets.
case("unknown key", base.replace("[scenario]\n", "[scenario]\nstart_dat = 1\n", 1),
     ["scenario.toml", "scenario.start_dat", "unknown key"])
case("NaN", re.sub(r"money_sigma\s*=\s*[0-9.]+", "money_sigma = nan", base, count=1), ["origin[0].money_sigma", "NaN"])
case("out of range", re.sub(r"money_sigma\s*=\s*[0-9.]+", "money_sigma = 9.5", base, count=1),
     ["origin[0].money_sigma", "9.5"])
case("negative", re.sub(r"rate_per_day\s*=\s*[0-9.]+", "rate_per_day = -4", base, count=1),
     ["origin[0].rate_per_day", "-4"])
case("missing scenario", None, ["scenario.toml", "cannot read"])
case("missing network", base.replace(network, "/nonexistent/net.gpkg"), ["/nonexistent/net.gpkg"])
case("broken GeoPackage", base.replace(network, "broken.gpkg"), ["broken.gpkg"],
     files={"broken.gpkg": b"this is not a GeoPackage\x00" * 40})
case("unknown origin place", re.sub(r'place = "[^"]+"', 'place = "NOWHERE"', base, count=1),
     ["origin[0].place", "NOWHERE"])
if re.search(r'rate_series\s*=\s*"[^"]+"', base):
    no_series = re.sub(r'rate_series\s*=\s*"[^"]+"', 'rate_series = "nope.csv"', base, count=1)
else:
    no_series = re.sub(r'(\[\[origin\]\][^\[]*?place = "[^"]+")', r'\1\nrate_series = "nope.csv"', base, count=1)
case("unreadable rate series", no_series, ["nope.csv"])

case("negative seed", base, ["--seed", ">= 0"], extra=("--seed", "-1"))

# A table of organised crime groups ([organisations] groups_file), beside the scenario.
def with_groups_file(name):
    if re.search(r"^\[organisations\]", base, re.M):
        return re.sub(r"^\[organisations\]\n", f'[organisations]\ngroups_file = "{name}"\n', base, count=1, flags=re.M)
    return base + f'\n[organisations]\ngroups_file = "{name}"\n'


case("groups table: unknown leg", with_groups_file("groups.csv"),
     ["groups.csv: row 2: field 'legs'", "no leg 'KABUL-NOWHERE'"],
     files={"groups.csv": b"name,legs,members_transporter\nA,KABUL-NIMROZ,2\nB,KABUL-NOWHERE,2\n"})
case("groups table: misspelt field", with_groups_file("groups.csv"),
     ["groups.csv: field 'membres_transporter'", "unknown field"],
     files={"groups.csv": b"name,legs,membres_transporter\nA,KABUL-NIMROZ,2\n"})
case("groups table: fractional members", with_groups_file("groups.csv"),
     ["groups.csv: row 1: field 'members_transporter'", "2.5"],
     files={"groups.csv": b"name,legs,members_transporter\nA,KABUL-NIMROZ,2.5\n"})
case("groups table: missing", with_groups_file("nothere.csv"), ["nothere.csv", "does not exist"])
case("groups table: broken GeoPackage", with_groups_file("groups.gpkg"), ["groups.gpkg", "GDAL"],
     files={"groups.gpkg": b"SQLite format 3\x00" + b"\x01" * 200})

case("unwritable summary JSON", base, ["--summary-json", "/nonexistent-dir"],
     extra=("--summary-json", "/proc/nonexistent-dir/x.json"))

if failures:
    print("\n".join("FAIL: " + f for f in failures))
    sys.exit(1)
