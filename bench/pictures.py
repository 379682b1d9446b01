#!/usr/bin/env python3
"""Size and speed of `whosigned map` and `report` on a batch of records.

    python3 bench/pictures.py [--n 1000] [--repeat 3] [--out bench/out/pictures]

Makes N records by running `whosigned extract --ocr never` over the text fixtures, hard-linked
under N names (with bench/corpus/generate.py's output in OUT/generated too, when it is there),
then times, best of --repeat after a warm-up:

  * `map RECORDS` (the batch: how many of N documents each State signed), SVG and PNG;
  * `map` of one record and of two (compare);
  * `report RECORDS` (N documents: the map, the State x document matrix, N sections);
  * headless Chromium loading the N-document report (`--dump-dom`, scripts run), when installed.

and prints the output sizes. Uses the release binary (target/release/whosigned; build it
first). Figures go into BENCHMARKS.md; none is asserted in a test.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "whosigned")


def best(cmd, repeat):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "pictures"))
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} is missing: cargo build --release")
    shutil.rmtree(a.out, ignore_errors=True)
    pdfs = os.path.join(a.out, "pdfs")
    os.makedirs(pdfs)
    sources = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.pdf")))
    sources += sorted(glob.glob(os.path.join(ROOT, "bench", "out", "generated", "*.pdf")))
    for i in range(a.n):
        src = sources[i % len(sources)]
        os.link(src, os.path.join(pdfs, f"{i:05d}_{os.path.basename(src)}"))
    records = os.path.join(a.out, "records.jsonl")
    subprocess.run([BIN, "extract", pdfs, "--ocr", "never", "--quiet", "-o", records], check=False)
    one = os.path.join(a.out, "one.jsonl")
    two = os.path.join(a.out, "two.jsonl")
    with open(records) as f:
        lines = f.readlines()
    ok = [l for l in lines if '"status":"ok"' in l]
    with open(one, "w") as f:
        f.write(ok[0])
    with open(two, "w") as f:
        f.writelines(ok[:2])
    out = lambda name: os.path.join(a.out, name)
    runs = [
        ("map, 1 record, SVG", [BIN, "map", one, "-o", out("one.svg")], out("one.svg")),
        ("map, 2 records (compare), SVG", [BIN, "map", two, "-o", out("two.svg")], out("two.svg")),
        (f"map, {a.n} records, SVG", [BIN, "map", records, "-o", out("batch.svg")], out("batch.svg")),
        (f"map, {a.n} records, PNG", [BIN, "map", records, "-o", out("batch.png")], out("batch.png")),
        ("report, 1 record", [BIN, "report", one, "-o", out("one.html")], out("one.html")),
        (f"report, {a.n} records", [BIN, "report", records, "-o", out("batch.html")], out("batch.html")),
    ]
    print(f"{len(lines)} records ({len(ok)} ok), {os.path.getsize(records):,} bytes of JSON Lines")
    print("| run | time (best of %d) | output bytes |" % a.repeat)
    print("|---|---|---|")
    for name, cmd, path in runs:
        t = best(cmd, a.repeat)
        print(f"| {name} | {t * 1000:.0f} ms | {os.path.getsize(path):,} |")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium:
        with tempfile.TemporaryDirectory() as prof:
            cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={prof}",
                   "--dump-dom", "file://" + out("batch.html")]
            t = best(cmd, a.repeat)
            cmd1 = cmd[:-1] + ["file://" + out("one.html")]
            t1 = best(cmd1, a.repeat)
        print(f"| Chromium loads the {a.n}-record report (--dump-dom) | {t * 1000:.0f} ms | |")
        print(f"| Chromium loads the 1-record report (--dump-dom) | {t1 * 1000:.0f} ms | |")


if __name__ == "__main__":
    main()
