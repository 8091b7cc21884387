#!/usr/bin/python3
"""End-to-end check of smugglesim-viewer, headless (xvfb-run, Mesa llvmpipe).

Usage: check_screenshot.py VIEWER SIMULATOR SCENARIO.toml BASEMAP.gpkg [XVFB_RUN]

Runs 60 days of the scenario, renders the viewer at days 10 and 50 and checks
the PNGs (decoded with zlib/struct only): the requested size, not blank (many
distinct colours, no colour over 95 % of the pixels), and the map region
differs between the two days; with the legs coloured by organised crime group
(and the Groups tab open) the map differs from the one by mode and shows a
group's colour. Then: a not-HDF5 file beside the good one still
gives a screenshot (exit 0) and is named on stderr; a lone bad file writes the
screenshot showing the error and exits 1 naming the file; an unwritable
screenshot path exits 1; live mode renders; a missing scenario exits 2.
"""
import os
import struct
import subprocess
import sys
import tempfile
import zlib

viewer, sim, scenario, basemap = sys.argv[1:5]
xvfb = sys.argv[5] if len(sys.argv) > 5 else "xvfb-run"
W, H = 1280, 800
work = tempfile.mkdtemp(prefix="smugglesim_viewer_check_")
env = dict(os.environ, LIBGL_ALWAYS_SOFTWARE="1")
failures = []


def fail(msg):
    print("FAIL:", msg)
    failures.append(msg)


# Sanitizer builds (./scripts/test --sanitize) set SMUGGLESIM_VIEWER_PRELOAD: the
# libraries to preload into the viewer only (never into Xvfb or this script).
preload = os.environ.get("SMUGGLESIM_VIEWER_PRELOAD", "")


def run_viewer(args, timeout=300):
    wrapper = ["env", f"LD_PRELOAD={preload}"] if preload else []
    cmd = [xvfb, "-a", "-s", f"-screen 0 {W}x{H}x24"] + wrapper + [viewer, "--basemap", basemap] + args
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return p


def read_png(path):
    """Returns (width, height, channels, rows) with rows a list of bytes, filters undone."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG file")
    pos, idat, width = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace != 0:
                raise ValueError(f"{path}: unexpected PNG format (depth {depth}, colour type {ctype})")
            channels = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None:
        raise ValueError(f"{path}: no IHDR chunk")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        c = channels
        if ftype == 1:
            for i in range(c, stride):
                line[i] = (line[i] + line[i - c]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - c] if i >= c else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - c] if i >= c else 0
                b = prev[i]
                cc = prev[i - c] if i >= c else 0
                p = a + b - cc
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else cc)
                line[i] = (line[i] + pred) & 0xFF
        elif ftype != 0:
            raise ValueError(f"{path}: bad PNG filter {ftype} in row {y}")
        rows.append(bytes(line))
        prev = line
    return width, height, channels, rows


def pixels(rows, channels, x0=0, x1=None, y0=0, y1=None):
    """RGB tuples of a region, as 3-byte strings."""
    y1 = len(rows) if y1 is None else y1
    out = []
    for row in rows[y0:y1]:
        w = len(row) // channels
        xe = w if x1 is None else x1
        for x in range(x0, xe):
            out.append(row[x * channels:x * channels + 3])
    return out


def check_image(path, what):
    if not os.path.exists(path):
        fail(f"{what}: no screenshot written at {path}")
        return None
    try:
        w, h, ch, rows = read_png(path)
    except ValueError as e:
        fail(f"{what}: {e}")
        return None
    if (w, h) != (W, H):
        fail(f"{what}: screenshot is {w}x{h}, expected {W}x{H}")
    px = pixels(rows, ch)
    counts = {}
    for p in px:
        counts[p] = counts.get(p, 0) + 1
    top = max(counts.values())
    print(f"{what}: {w}x{h}, {len(counts)} distinct colours, the commonest covers {100.0 * top / len(px):.1f} %")
    if len(counts) < 200:
        fail(f"{what}: only {len(counts)} distinct colours: looks blank")
    if top > 0.95 * len(px):
        fail(f"{what}: one colour covers {100.0 * top / len(px):.1f} % of the image")
    return rows, ch


# 1. A short run of the default scenario.
h5 = os.path.join(work, "a.h5")
subprocess.run([sim, "run", scenario, "--days", "60", "-o", h5, "-q"], check=True)

# 2. Days 10 and 50.
shots = {}
for day in (10, 50):
    out = os.path.join(work, f"d{day}.png")
    p = run_viewer([h5, "--screenshot", out, "--day", str(day), "--size", f"{W}x{H}"])
    if p.returncode != 0:
        fail(f"screenshot of day {day} exited {p.returncode}: {p.stderr.strip()}")
        continue
    res = check_image(out, f"day {day}")
    if res:
        shots[day] = res
if len(shots) == 2:
    # The map is the left part of the window, below the top bar and the map toolbar.
    x0, x1, y0, y1 = int(W * 0.03), int(W * 0.55), int(H * 0.12), int(H * 0.95)
    a = pixels(shots[10][0], shots[10][1], x0, x1, y0, y1)
    b = pixels(shots[50][0], shots[50][1], x0, x1, y0, y1)
    changed = sum(1 for p, q in zip(a, b) if p != q)
    share = 100.0 * changed / len(a)
    print(f"map region: {share:.2f} % of its pixels differ between day 10 and day 50")
    if share < 0.5:
        fail(f"the map hardly changes between day 10 and day 50 ({share:.2f} % of its pixels)")

# 2b. Legs coloured by the organised crime group that carried most of their
# flow, with the Groups tab open: the map differs from the one coloured by mode,
# and it is drawn in the group colours that no mode has (style.hpp, kGroup).
GROUP_ONLY = {bytes(c) for c in [(0, 178, 128), (240, 228, 66), (228, 90, 40), (60, 120, 230), (170, 130, 255),
                                 (150, 215, 110), (255, 160, 150), (110, 220, 220), (205, 170, 110)]}
out = os.path.join(work, "groups.png")
p = run_viewer([h5, "--screenshot", out, "--day", "50", "--size", f"{W}x{H}", "--colour", "group", "--group", "IZMIR#1"])
if p.returncode != 0:
    fail(f"screenshot coloured by group exited {p.returncode}: {p.stderr.strip()}")
else:
    res = check_image(out, "day 50 by group")
    if res and 50 in shots:
        x0, x1, y0, y1 = int(W * 0.03), int(W * 0.55), int(H * 0.12), int(H * 0.95)
        a = pixels(shots[50][0], shots[50][1], x0, x1, y0, y1)
        b = pixels(res[0], res[1], x0, x1, y0, y1)
        changed = sum(1 for p_, q in zip(a, b) if p_ != q)
        in_a = sum(1 for q in a if q in GROUP_ONLY)
        in_b = sum(1 for q in b if q in GROUP_ONLY)
        print(f"map by group: {100.0 * changed / len(a):.2f} % of the map differs from the map by mode; "
              f"pixels in group-only colours: {in_b} (by mode: {in_a})")
        if changed < 0.002 * len(a):
            fail("colouring the legs by group hardly changes the map")
        if in_b < 100 or in_a * 10 > in_b:
            fail(f"the map by group has {in_b} pixels in group-only colours, the map by mode {in_a}")

p = run_viewer([h5, "--screenshot", os.path.join(work, "x.png"), "--view", "22,41"])
if p.returncode != 2 or "--view" not in p.stderr:
    fail(f"--view 22,41 (no width): exit {p.returncode}, expected 2 naming --view, stderr {p.stderr.strip()!r}")

# 3. A not-HDF5 file beside a good one: a screenshot, exit 0, the bad file named on stderr.
junk = os.path.join(work, "not-hdf5.h5")
with open(junk, "w") as f:
    f.write("this is not an HDF5 file\n")
out = os.path.join(work, "mixed.png")
p = run_viewer([h5, junk, "--screenshot", out, "--day", "20", "--size", f"{W}x{H}"])
if p.returncode != 0:
    fail(f"good + bad file: exit {p.returncode}, expected 0 ({p.stderr.strip()})")
if junk not in p.stderr:
    fail(f"good + bad file: stderr does not name {junk}: {p.stderr.strip()!r}")
check_image(out, "good + bad file")

# 4. A lone bad file: the screenshot shows the error, exit 1, the path on stderr.
out = os.path.join(work, "bad.png")
p = run_viewer([junk, "--screenshot", out, "--size", f"{W}x{H}"])
if p.returncode != 1:
    fail(f"lone bad file: exit {p.returncode}, expected 1")
if junk not in p.stderr:
    fail(f"lone bad file: stderr does not name {junk}: {p.stderr.strip()!r}")
else:
    print("lone bad file: exit 1, stderr:", p.stderr.strip().splitlines()[0])
check_image(out, "lone bad file")
missing = os.path.join(work, "no-such-file.h5")
p = run_viewer([missing, "--screenshot", os.path.join(work, "missing.png"), "--size", f"{W}x{H}"])
if p.returncode != 1 or missing not in p.stderr:
    fail(f"missing file: exit {p.returncode}, stderr {p.stderr.strip()!r}")

# 5. A screenshot path that cannot be written.
bad_out = os.path.join(work, "no-such-dir", "x.png")
p = run_viewer([h5, "--screenshot", bad_out])
if p.returncode != 1 or "no-such-dir" not in p.stderr:
    fail(f"unwritable screenshot path: exit {p.returncode}, stderr {p.stderr.strip()!r}")
else:
    print("unwritable screenshot path: exit 1,", p.stderr.strip())

# 6. Live mode: a few days simulated, then the screenshot.
out = os.path.join(work, "live.png")
p = run_viewer(["--live", scenario, "--day", "5", "--screenshot", out, "--size", f"{W}x{H}"])
if p.returncode != 0:
    fail(f"live screenshot: exit {p.returncode} ({p.stderr.strip()})")
else:
    check_image(out, "live, day 5")
p = run_viewer(["--live", os.path.join(work, "missing.toml"), "--screenshot", os.path.join(work, "x.png")])
if p.returncode != 2 or "missing.toml" not in p.stderr:
    fail(f"live with a missing scenario: exit {p.returncode}, expected 2, stderr {p.stderr.strip()!r}")

# 7. --help documents every option.
p = subprocess.run([viewer, "--help"], capture_output=True, text=True)
for opt in ("--live", "--basemap", "--screenshot", "--day", "--size", "--font-scale", "--measure-fps", "--threads",
            "--colour", "--group"):
    if opt not in p.stdout:
        fail(f"--help does not mention {opt}")

if failures:
    print(f"{len(failures)} check(s) failed; files in {work}")
    sys.exit(1)
print("all viewer checks passed")
