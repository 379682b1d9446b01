#!/usr/bin/env python3
"""Throughput and memory benchmark: whosigned's full pipeline vs pdftotext alone.

    python3 bench/bench.py [--files 1000] [--flat 1000,10000,100000] [--long 200,2000] [--out bench/out]

Builds the release binary, makes a corpus of declaration PDFs under --out
(the bundled fixtures, plus a 200-page report with a signatory annex, each
hard-linked under many names until there are --files PDFs; add more variety by
first running bench/corpus/generate.py into OUT/generated), then prints, side
by side on the same files and cores:

  * whosigned extract (isolated worker processes, JSON Lines written to a file)
    vs `pdftotext` run once per file with xargs -P cores: time ratio;
  * files/s and pages/s;
  * thread scaling, -j 1 .. -j cores;
  * peak RSS of the whole batch (parent + workers, sampled every 20 ms),
    and peak RSS as the batch grows (--flat), which must stay flat;
  * one long report of 200 and 2,000 chapters (--long; 272 and 2,702 pages): seconds per page and
    peak RSS of one file, which must grow no faster than the page count.

Needs python3, poppler-utils (pdftotext) and groff (for the 200-page report).
Results are also written to OUT/results.json. No figure here is asserted in a
test: machines are shared and noisy; the numbers go into BENCHMARKS.md.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "whosigned")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def make_report(path, chapters=200):
    """A report of about `chapters` pages (groff -ms) with a signatory annex at the end."""
    body = []
    body.append(".TL\nAnnual Report on the Implementation of the Joint Declaration\n.PP\nGeneva, 3 March 2025\n")
    para = ("The Working Group reviewed national reports on the implementation of the commitments "
            "made in the Declaration, including measures adopted by several regional organizations, "
            "and considered the situation in countries affected by conflict. ") * 6
    for i in range(1, chapters + 1):
        body.append(f".NH\nChapter {i}\n")
        for _ in range(5):
            body.append(f".PP\n{para}\n")
    body.append(".bp\n.NH\nAnnex: Signatories\n.PP\nThe following States have endorsed the Declaration:\n")
    states = ["Albania", "Argentina", "Australia", "Austria", "Belgium", "Brazil", "Canada", "Chile",
              "Costa Rica", "Denmark", "Finland", "France", "Germany", "Ireland", "Italy", "Japan",
              "Mexico", "Netherlands", "New Zealand", "Norway", "Portugal", "Spain", "Sweden", "Uruguay"]
    for s in states:
        body.append(f".br\n{s}\n")
    src = path[:-4] + ".ms"
    with open(src, "w") as f:
        f.write("".join(body))
    with open(path, "wb") as out:
        sh(["groff", "-ms", "-Tpdf", src], stdout=out, stderr=subprocess.DEVNULL)
    os.remove(src)


def corpus(out, n):
    """n distinct paths (hard links) over the seed PDFs, cycling."""
    seeds_dir = os.path.join(out, "seeds")
    os.makedirs(seeds_dir, exist_ok=True)
    seeds = []
    fx = os.path.join(ROOT, "fixtures")
    for name in sorted(os.listdir(fx)):
        if name.endswith(".pdf"):
            dst = os.path.join(seeds_dir, name)
            if not os.path.exists(dst):
                shutil.copy(os.path.join(fx, name), dst)
            seeds.append(dst)
    gen = os.path.join(out, "generated")
    if os.path.isdir(gen):
        seeds += [os.path.join(gen, f) for f in sorted(os.listdir(gen)) if f.endswith(".pdf")]
    report = os.path.join(seeds_dir, "report-200-pages.pdf")
    if shutil.which("groff") and not os.path.exists(report):
        make_report(report)
    if os.path.exists(report):
        seeds.append(report)
    cdir = os.path.join(out, f"corpus-{n}")
    listing = os.path.join(out, f"corpus-{n}.txt")
    if not os.path.exists(listing):
        os.makedirs(cdir, exist_ok=True)
        paths = []
        for i in range(n):
            src = seeds[i % len(seeds)]
            dst = os.path.join(cdir, f"{i:06d}-{os.path.basename(src)}")
            if not os.path.exists(dst):
                os.link(src, dst)
            paths.append(dst)
        with open(listing, "w") as f:
            f.write("\n".join(paths) + "\n")
    with open(listing) as f:
        return listing, [l.strip() for l in f if l.strip()]


def tree_rss_kib(pid):
    """RSS of a process and all its descendants, KiB, from /proc."""
    children = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(p))
        except (OSError, ValueError, IndexError):
            pass
    total, stack = 0, [pid]
    while stack:
        q = stack.pop()
        try:
            with open(f"/proc/{q}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
        stack += children.get(q, [])
    return total


def hwm_kib(pid):
    """Peak RSS (VmHWM) of one process so far, KiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


PEAKS = {}


def timed(cmd, stdin=None, sample=True):
    """Wall time and peak RSS (KiB) of the whole process tree, sampled; also
    the parent's own peak and the largest single child's peak (VmHWM) in PEAKS."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, parent, child = 0, 0, 0
    if not sample:
        p.wait()
        return time.perf_counter() - t0, 0, p.returncode
    while p.poll() is None:
        peak = max(peak, tree_rss_kib(p.pid))
        parent = max(parent, hwm_kib(p.pid))
        try:
            kids = subprocess.run(["pgrep", "-P", str(p.pid)], capture_output=True, text=True).stdout.split()
        except OSError:
            kids = []
        for k in kids:
            child = max(child, hwm_kib(int(k)))
        time.sleep(0.02)
    PEAKS.update(parent_kib=parent, largest_child_kib=child)
    return time.perf_counter() - t0, peak, p.returncode


def run_whosigned(listing, jobs, out_jsonl, sample=True):
    return timed([BIN, "extract", "--quiet", "-j", str(jobs), "--files-from", listing, "-o", out_jsonl], sample=sample)


def run_pdftotext(listing, jobs, sample=True):
    with open(listing) as f:
        return timed(["xargs", "-P", str(jobs), "-n", "1", "-I{}", "pdftotext", "-q", "{}", "/dev/null"], stdin=f,
                     sample=sample)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--flat", default="1000,10000", help="batch sizes for the memory-flatness check")
    ap.add_argument("--long", default="200,2000", help="chapters of the long reports (about 1.35 pages each)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is kept")
    a = ap.parse_args()
    cores = os.cpu_count() or 1
    os.makedirs(a.out, exist_ok=True)
    sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    listing, paths = corpus(a.out, a.files)
    out_jsonl = os.path.join(a.out, "records.jsonl")

    def best(f):
        runs = [f() for _ in range(a.repeat)]
        return min(runs, key=lambda r: r[0])

    res = {"files": len(paths), "cores": cores}
    # Warm the page cache for both tools before anything is timed.
    run_whosigned(listing, cores, out_jsonl)
    if shutil.which("pdftotext"):
        run_pdftotext(listing, cores)
    # Times come from unsampled runs (the /proc sampler costs CPU on a small
    # machine); peak RSS from one sampled run.
    t_ws, _, rc = best(lambda: run_whosigned(listing, cores, out_jsonl, sample=False))
    _, rss_ws, _ = run_whosigned(listing, cores, out_jsonl)
    pages = 0
    with open(out_jsonl) as f:
        for line in f:
            pages += json.loads(line)["source"].get("pages") or 0
    res["whosigned"] = {"seconds": t_ws, "peak_rss_mib": rss_ws / 1024, "exit": rc}
    if shutil.which("pdftotext"):
        t_pt, _, _ = best(lambda: run_pdftotext(listing, cores, sample=False))
        _, rss_pt, _ = run_pdftotext(listing, cores)
        res["pdftotext"] = {"seconds": t_pt, "peak_rss_mib": rss_pt / 1024}
        res["ratio_whosigned_over_pdftotext"] = t_ws / t_pt
    res["files_per_s"] = len(paths) / t_ws
    res["pages_per_s"] = pages / t_ws
    res["pages"] = pages
    scaling = {}
    for j in range(1, cores + 1):
        t, _, _ = best(lambda: run_whosigned(listing, j, out_jsonl, sample=False))
        scaling[j] = {"seconds": t, "files_per_s": len(paths) / t}
    res["scaling"] = scaling
    flat = {}
    for n in [int(x) for x in a.flat.split(",") if x]:
        lst, ps = corpus(a.out, n)
        t, rss, _ = run_whosigned(lst, cores, out_jsonl)
        flat[n] = {"seconds": t, "peak_rss_mib": rss / 1024,
                   "parent_peak_mib": PEAKS["parent_kib"] / 1024,
                   "largest_worker_peak_mib": PEAKS["largest_child_kib"] / 1024}
    res["memory_by_batch_size"] = flat
    long = {}
    for chapters in [int(x) for x in a.long.split(",") if x] if shutil.which("groff") else []:
        path = os.path.join(a.out, "seeds", f"report-{chapters}-chapters.pdf")
        if not os.path.exists(path):
            make_report(path, chapters)
        t, _, _ = min((timed([BIN, "extract", "--quiet", "--in-process", "-j", "1", path, "-o", os.devnull],
                             sample=False) for _ in range(a.repeat)), key=lambda r: r[0])
        _, rss, _ = timed([BIN, "extract", "--quiet", "--in-process", "-j", "1", path, "-o", os.devnull])
        tp, _, _ = min((timed(["pdftotext", "-q", path, os.devnull], sample=False) for _ in range(a.repeat)),
                       key=lambda r: r[0]) if shutil.which("pdftotext") else (float("nan"), 0, 0)
        one = subprocess.run([BIN, "extract", "--quiet", "--in-process", path], capture_output=True, text=True)
        n_pages = json.loads(one.stdout)["source"]["pages"]
        long[chapters] = {"pages": n_pages, "seconds": t, "ms_per_page": 1000 * t / n_pages,
                          "peak_rss_mib": rss / 1024, "pdftotext_seconds": tp}
    res["long_document"] = long

    print(f"corpus: {len(paths)} PDFs, {pages} pages, {cores} cores")
    print(f"{'':28}{'seconds':>10}{'peak RSS MiB':>14}")
    print(f"{'whosigned extract':28}{t_ws:10.2f}{rss_ws/1024:14.1f}")
    if "pdftotext" in res:
        print(f"{'pdftotext (one per file)':28}{res['pdftotext']['seconds']:10.2f}{res['pdftotext']['peak_rss_mib']:14.1f}")
        print(f"time ratio whosigned / pdftotext: {res['ratio_whosigned_over_pdftotext']:.3f}")
    print(f"throughput: {res['files_per_s']:.0f} files/s, {res['pages_per_s']:.0f} pages/s")
    base = scaling[1]["files_per_s"]
    for j, s in scaling.items():
        print(f"-j {j}: {s['seconds']:.2f} s, {s['files_per_s']:.0f} files/s, {s['files_per_s']/base:.2f}x")
    for n, f in flat.items():
        print(f"batch of {n:>7} files: peak RSS {f['peak_rss_mib']:.1f} MiB (parent {f['parent_peak_mib']:.1f}, "
              f"largest worker {f['largest_worker_peak_mib']:.1f}), {f['seconds']:.1f} s")
    for c, d in long.items():
        print(f"one {d['pages']}-page document: {d['seconds']:.2f} s ({d['ms_per_page']:.2f} ms/page), "
              f"peak RSS {d['peak_rss_mib']:.1f} MiB; pdftotext {d['pdftotext_seconds']:.2f} s")
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
