#!/usr/bin/env python3
"""OCR speed: pages per second through `whosigned extract` at 2 workers, and
what share of a page's time goes to rasterising (pdftoppm) and to
recognising (tesseract), run one page at a time with the tool's own settings
(300 dpi greymap, OMP_THREAD_LIMIT=1, the installed eng/fra/spa). The page
is fed to tesseract as rasterised; whosigned turns it level first (see
src/pdf/ocr/deskew.rs), which is in its own time but not in this split.

Usage: python3 bench/ocr.py [PDF or folder ...]   (default: fixtures/scans and
fixtures/en_scanned_ghostscript.pdf). Builds the release binary first.
"""
import glob
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DPI = "300"


def pdfs(args):
    if not args:
        args = [os.path.join(ROOT, "fixtures/scans"), os.path.join(ROOT, "fixtures/en_scanned_ghostscript.pdf")]
    out = []
    for a in args:
        out += sorted(glob.glob(os.path.join(a, "*.pdf"))) if os.path.isdir(a) else [a]
    return out


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))


def languages():
    have = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    return "+".join(l for l in ("eng", "fra", "spa") if l in have) or "eng"


def main():
    files = pdfs(sys.argv[1:])
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target/release/whosigned")
    n_pages = sum(pages(f) for f in files)
    raster = recog = 0.0
    langs = languages()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    for f in files:
        for p in range(1, pages(f) + 1):
            t0 = time.perf_counter()
            png = subprocess.run(["pdftoppm", "-r", DPI, "-gray", "-f", str(p), "-l", str(p), f],
                                 capture_output=True, check=True).stdout
            t1 = time.perf_counter()
            subprocess.run(["tesseract", "stdin", "stdout", "-l", langs, "--dpi", DPI, "tsv"],
                           input=png, capture_output=True, check=True, env=env)
            t2 = time.perf_counter()
            raster += t1 - t0
            recog += t2 - t1
    t0 = time.perf_counter()
    subprocess.run([exe, "extract", "--quiet", "-j", "2", "-o", os.devnull] + files, check=False)
    batch = time.perf_counter() - t0
    print(f"{len(files)} files, {n_pages} pages, languages {langs}")
    print(f"one page at a time: {raster / n_pages:.2f} s rasterising + {recog / n_pages:.2f} s recognising "
          f"a page ({100 * raster / (raster + recog):.0f} % / {100 * recog / (raster + recog):.0f} %)")
    print(f"whosigned extract -j 2: {batch:.1f} s, {n_pages / batch:.2f} pages/s")


if __name__ == "__main__":
    main()
