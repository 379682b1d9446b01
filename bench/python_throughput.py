#!/usr/bin/env python3
"""whosigned.extract_many against `whosigned extract` on the same files and
cores: files per second of each. Run with the package installed (see the
README's Python section) and the release binary built.

Usage: python bench/python_throughput.py [--repeat N] [--jobs J] [PDF or folder ...]
Default: the text-layer fixtures (fixtures/*.pdf but the scan), 10 times."""

import argparse
import glob
import os
import shutil
import subprocess
import tempfile
import time

import whosigned

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    a = ap.parse_args()
    files = []
    for p in a.inputs or [os.path.join(ROOT, "fixtures")]:
        files += sorted(glob.glob(os.path.join(p, "*.pdf"))) if os.path.isdir(p) else [p]
    if not a.inputs:
        files = [f for f in files if "scanned" not in f]
    with tempfile.TemporaryDirectory() as d:
        # Distinct files (copies: the command line reads a file given twice,
        # under any spelling, once).
        paths = []
        for i in range(a.repeat):
            for f in files:
                q = os.path.join(d, f"{i}_{os.path.basename(f)}")
                shutil.copyfile(f, q)
                paths.append(q)
        binary = os.path.join(ROOT, "target", "release", "whosigned")
        t = time.perf_counter()
        out = subprocess.run([binary, "extract", "--quiet", "-j", str(a.jobs), *paths],
                             capture_output=True, check=False)
        cli = time.perf_counter() - t
        t = time.perf_counter()
        lines = list(whosigned._json_lines(paths, jobs=a.jobs, progress=False))
        py = time.perf_counter() - t
        same = lines == out.stdout.decode().splitlines()
    n = len(paths)
    print(f"{n} files, -j {a.jobs}: whosigned extract {cli:.2f} s ({n / cli:.0f} files/s), "
          f"extract_many {py:.2f} s ({n / py:.0f} files/s); same records: {same}")


if __name__ == "__main__":
    main()
