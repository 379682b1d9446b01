#!/usr/bin/env python3
"""Throughput and memory benchmark: whosigned's full pipeline vs pdftotext alone.

    python3 bench/bench.py [--files 1000] [--flat 1000,10000,100000] [--long 200,2000] [--out bench/out]
    python3 bench/bench.py --real ../shared/corpus/un/pdf --files 800 [--compare /tmp/old-whosigned] [--profile]

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

With --real DIR two sets of real documents are timed too, the same way:
every PDF under DIR (e.g. ../shared/corpus/un/pdf) hard-linked under many
names to --real-files paths, and the files matching --real-long (the long
adopted resolutions, A_RES_*) alone, repeated to --real-long-files paths;
--flat then follows the peak RSS of the real batch as it grows.

Both modes take:
  * --compare BIN: another whosigned binary (e.g. a copy of the last release
    build) timed on the same files, the two runs interleaved, so that a
    before/after figure comes from the same load on a shared machine;
  * --profile: `perf record` over `extract --in-process -j 1` on the first
    corpus, and the functions with the most samples (self time) printed and
    written to OUT/profile.txt.
Times are the median of --repeat runs (the best is printed too), and
`uptime`'s load average is recorded with them. Each round starts with an
untimed whosigned run, so that no timed run follows pdftotext's hundreds of
processes at once (which slowed it by 12-25 %).

Needs python3, poppler-utils (pdftotext) and groff (for the 200-page report);
perf (Debian: linux-perf) for --profile.
Results are also written to OUT/results.json. No figure here is asserted in a
test: machines are shared and noisy; the numbers go into BENCHMARKS.md.
"""
import argparse
import json
import os
import re
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


def generated_seeds(out):
    """The fixtures, OUT/generated/*.pdf if any, and the 200-page report."""
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
    return seeds


def real_seeds(directory, prefix=""):
    """Every PDF under `directory` whose name starts with `prefix`, sorted."""
    seeds = []
    for base, _, names in os.walk(directory):
        seeds += [os.path.join(base, n) for n in names if n.lower().endswith(".pdf") and n.startswith(prefix)]
    return sorted(seeds)


def corpus(out, n, seeds, name="corpus"):
    """n distinct paths (hard links, or copies across file systems) over the seed PDFs, cycling."""
    cdir = os.path.join(out, f"{name}-{n}")
    listing = os.path.join(out, f"{name}-{n}.txt")
    if not os.path.exists(listing):
        os.makedirs(cdir, exist_ok=True)
        paths = []
        for i in range(n):
            src = seeds[i % len(seeds)]
            dst = os.path.join(cdir, f"{i:06d}-{os.path.basename(src)}")
            if not os.path.exists(dst):
                try:
                    os.link(src, dst)
                except OSError:
                    shutil.copy(src, dst)
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


def run_whosigned(listing, jobs, out_jsonl, sample=True, binary=BIN):
    # --ocr never: pdftotext reads the text layer only (the scanned fixtures' OCR is bench/ocr.py's).
    return timed([binary, "extract", "--quiet", "--ocr", "never", "-j", str(jobs), "--files-from", listing,
                  "-o", out_jsonl], sample=sample)


def run_pdftotext(listing, jobs, sample=True):
    with open(listing) as f:
        return timed(["xargs", "-P", str(jobs), "-n", "1", "-I{}", "pdftotext", "-q", "{}", "/dev/null"], stdin=f,
                     sample=sample)


def load_average():
    """The 1-minute load average: the machine is shared, figures go with it."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def median(xs):
    xs = sorted(xs)
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


def versus_pdftotext(listing, paths, cores, out, repeat, compare=None):
    """whosigned (and the --compare binary) against pdftotext on the same files
    and cores: the runs interleaved, median and best of `repeat`; then peak RSS
    from one sampled run of each."""
    out_jsonl = os.path.join(out, "records.jsonl")
    other_jsonl = os.path.join(out, "records-compare.jsonl")
    has_pdftotext = shutil.which("pdftotext") is not None
    # Warm the page cache for every tool before anything is timed.
    run_whosigned(listing, cores, out_jsonl, sample=False)
    if compare:
        run_whosigned(listing, cores, other_jsonl, sample=False, binary=compare)
    if has_pdftotext:
        run_pdftotext(listing, cores, sample=False)
    times = {"whosigned": [], "compare": [], "pdftotext": []}
    loads = []
    # Times come from unsampled runs (the /proc sampler costs CPU on a small machine).
    # The two binaries take turns to go first, so that neither is always
    # the one that follows pdftotext's hundreds of processes.
    for round_ in range(repeat):
        loads.append(load_average())
        # pdftotext's hundreds of processes (the round before, or the
        # warm-up) leave the system work that slowed the next run by 12-25 %
        # (sixteenth session: 371-412 ms right after, 330-333 ms for the run
        # after that): with three rounds, the binary that goes first in two
        # of them lost the median. An untimed run takes that aftermath.
        if has_pdftotext:
            run_whosigned(listing, cores, out_jsonl, sample=False)
        order = ["whosigned", "compare"] if round_ % 2 == 0 else ["compare", "whosigned"]
        for who in order:
            if who == "whosigned":
                times["whosigned"].append(run_whosigned(listing, cores, out_jsonl, sample=False)[0])
            elif compare:
                times["compare"].append(run_whosigned(listing, cores, other_jsonl, sample=False, binary=compare)[0])
        if has_pdftotext:
            times["pdftotext"].append(run_pdftotext(listing, cores, sample=False)[0])
    pages = 0
    with open(out_jsonl) as f:
        for line in f:
            pages += json.loads(line)["source"].get("pages") or 0
    t_ws = median(times["whosigned"])
    _, rss, rc = run_whosigned(listing, cores, out_jsonl)
    res = {"files": len(paths), "pages": pages, "cores": cores, "load_average": loads,
           "whosigned": {"seconds": t_ws, "best_seconds": min(times["whosigned"]), "runs": times["whosigned"],
                         "peak_rss_mib": rss / 1024, "largest_worker_peak_mib": PEAKS["largest_child_kib"] / 1024,
                         "exit": rc},
           "files_per_s": len(paths) / t_ws, "pages_per_s": pages / t_ws}
    if compare:
        t = median(times["compare"])
        _, rss_c, _ = run_whosigned(listing, cores, other_jsonl, binary=compare)
        with open(out_jsonl, "rb") as a, open(other_jsonl, "rb") as b:
            same = a.read() == b.read()
        res["compare"] = {"binary": compare, "seconds": t, "best_seconds": min(times["compare"]),
                          "runs": times["compare"], "peak_rss_mib": rss_c / 1024,
                          "largest_worker_peak_mib": PEAKS["largest_child_kib"] / 1024,
                          "same_records": same, "ratio_whosigned_over_compare": t_ws / t}
    if has_pdftotext:
        t_pt = median(times["pdftotext"])
        _, rss_pt, _ = run_pdftotext(listing, cores)
        res["pdftotext"] = {"seconds": t_pt, "best_seconds": min(times["pdftotext"]), "runs": times["pdftotext"],
                            "peak_rss_mib": rss_pt / 1024}
        res["ratio_whosigned_over_pdftotext"] = t_ws / t_pt
    return res


def print_versus(label, r):
    print(f"{label}: {r['files']} PDFs, {r['pages']} pages, {r['cores']} cores, "
          f"load average {min(r['load_average']):.1f}-{max(r['load_average']):.1f}")
    print(f"{'':32}{'median s':>10}{'best s':>10}{'peak RSS MiB':>14}{'largest worker':>16}")
    w = r["whosigned"]
    print(f"{'whosigned extract':32}{w['seconds']:10.2f}{w['best_seconds']:10.2f}{w['peak_rss_mib']:14.1f}"
          f"{w['largest_worker_peak_mib']:16.1f}")
    if "compare" in r:
        c = r["compare"]
        print(f"{'--compare binary':32}{c['seconds']:10.2f}{c['best_seconds']:10.2f}{c['peak_rss_mib']:14.1f}"
              f"{c['largest_worker_peak_mib']:16.1f}")
        print(f"time ratio whosigned / --compare: {c['ratio_whosigned_over_compare']:.3f}; "
              f"records {'identical' if c['same_records'] else 'DIFFER'}")
    if "pdftotext" in r:
        p = r["pdftotext"]
        print(f"{'pdftotext (one per file)':32}{p['seconds']:10.2f}{p['best_seconds']:10.2f}{p['peak_rss_mib']:14.1f}")
        print(f"time ratio whosigned / pdftotext: {r['ratio_whosigned_over_pdftotext']:.3f} "
              f"(pdftotext takes {1 / r['ratio_whosigned_over_pdftotext']:.1f}x as long)")
    print(f"throughput: {r['files_per_s']:.0f} files/s, {r['pages_per_s']:.0f} pages/s")


def profile(listing, out, top=25):
    """perf's functions with the most samples (self time) over an in-process
    single-threaded run of the listing, as (percent, symbol) rows."""
    if not shutil.which("perf"):
        print("profile: perf not found (Debian: apt-get install linux-perf); skipped")
        return None
    data = os.path.join(out, "perf.data")
    sh(["perf", "record", "-q", "-F", "1999", "-o", data, "--", BIN, "extract", "--quiet", "--in-process", "-j", "1",
        "--files-from", listing, "-o", os.devnull], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "symbol",
                             "--percent-limit", "0.5"], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in report.splitlines():
        parts = line.split(None, 2)
        if len(parts) == 3 and parts[0].endswith("%") and parts[1].startswith("["):
            # perf pads the line with empty columns ("-  -") after the symbol.
            rows.append((float(parts[0].rstrip("%")), re.sub(r"(\s+-)+\s*$", "", parts[2]).strip()))
    rows = rows[:top]
    with open(os.path.join(out, "profile.txt"), "w") as f:
        f.write("".join(f"{pct:6.2f}%  {sym}\n" for pct, sym in rows))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--flat", default="1000,10000", help="batch sizes for the memory-flatness check")
    ap.add_argument("--long", default="200,2000", help="chapters of the long reports (about 1.35 pages each)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "out"))
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is kept")
    ap.add_argument("--real", metavar="DIR", help="real documents: the PDFs under DIR instead of generated ones")
    ap.add_argument("--real-files", type=int, default=800, help="paths in the set of real documents")
    ap.add_argument("--real-long", default="A_RES_", metavar="PREFIX",
                    help="names of the long documents timed alone in --real mode")
    ap.add_argument("--real-long-files", type=int, default=200, help="paths in the set of long real documents")
    ap.add_argument("--compare", metavar="BIN", help="another whosigned binary, timed interleaved on the same files")
    ap.add_argument("--profile", action="store_true", help="perf profile of an in-process -j 1 run")
    ap.add_argument("--no-scaling", dest="scaling", action="store_false", help="skip the -j 1 .. -j cores runs")
    ap.add_argument("--no-build", action="store_true", help="time target/release/whosigned as it is")
    a = ap.parse_args()
    cores = os.cpu_count() or 1
    os.makedirs(a.out, exist_ok=True)
    if not a.no_build:
        sh(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    out_jsonl = os.path.join(a.out, "records.jsonl")
    res = {"cores": cores}
    seeds = generated_seeds(a.out)
    listing, paths = corpus(a.out, a.files, seeds)
    sets = [("generated corpus", listing, paths)]
    if a.real:
        real = real_seeds(a.real)
        long_seeds = real_seeds(a.real, a.real_long)
        if not real:
            sys.exit(f"no PDF under {a.real}")
        # The real set is the one profiled and whose memory is followed.
        seeds = real
        listing, paths = corpus(a.out, a.real_files, real, "real")
        sets.append(("real documents", listing, paths))
        if long_seeds:
            lst, ps = corpus(a.out, a.real_long_files, long_seeds, "real-long")
            sets.append((f"long real documents ({a.real_long}*)", lst, ps))
    res["sets"] = {}
    for label, lst, ps in sets:
        res["sets"][label] = versus_pdftotext(lst, ps, cores, a.out, a.repeat, a.compare)
        print_versus(label, res["sets"][label])
    if a.profile:
        rows = profile(listing, a.out)
        if rows is not None:
            res["profile"] = rows
            print(f"profile (perf, self time, in-process -j 1 over {len(paths)} files):")
            for pct, sym in rows:
                print(f"  {pct:6.2f}%  {sym}")

    def best(f):
        return min((f() for _ in range(a.repeat)), key=lambda r: r[0])

    if a.scaling:
        scaling = {}
        for j in range(1, cores + 1):
            t, _, _ = best(lambda: run_whosigned(listing, j, out_jsonl, sample=False))
            scaling[j] = {"seconds": t, "files_per_s": len(paths) / t}
        res["scaling"] = scaling
        base = scaling[1]["files_per_s"]
        for j, s in scaling.items():
            print(f"-j {j}: {s['seconds']:.2f} s, {s['files_per_s']:.0f} files/s, {s['files_per_s']/base:.2f}x")
    flat = {}
    for n in [int(x) for x in a.flat.split(",") if x]:
        lst, _ = corpus(a.out, n, seeds, "real" if a.real else "corpus")
        t, rss, _ = run_whosigned(lst, cores, out_jsonl)
        flat[n] = {"seconds": t, "peak_rss_mib": rss / 1024,
                   "parent_peak_mib": PEAKS["parent_kib"] / 1024,
                   "largest_worker_peak_mib": PEAKS["largest_child_kib"] / 1024}
        print(f"batch of {n:>7} files: peak RSS {rss/1024:.1f} MiB (parent {flat[n]['parent_peak_mib']:.1f}, "
              f"largest worker {flat[n]['largest_worker_peak_mib']:.1f}), {t:.1f} s")
    res["memory_by_batch_size"] = flat
    long = {}
    for chapters in [int(x) for x in a.long.split(",") if x] if shutil.which("groff") else []:
        path = os.path.join(a.out, "seeds", f"report-{chapters}-chapters.pdf")
        if not os.path.exists(path):
            make_report(path, chapters)
        t, _, _ = best(lambda: timed([BIN, "extract", "--quiet", "--in-process", "-j", "1", path, "-o", os.devnull],
                                     sample=False))
        _, rss, _ = timed([BIN, "extract", "--quiet", "--in-process", "-j", "1", path, "-o", os.devnull])
        tp, _, _ = best(lambda: timed(["pdftotext", "-q", path, os.devnull], sample=False)) \
            if shutil.which("pdftotext") else (float("nan"), 0, 0)
        one = subprocess.run([BIN, "extract", "--quiet", "--in-process", path], capture_output=True, text=True)
        n_pages = json.loads(one.stdout)["source"]["pages"]
        long[chapters] = {"pages": n_pages, "seconds": t, "ms_per_page": 1000 * t / n_pages,
                          "peak_rss_mib": rss / 1024, "pdftotext_seconds": tp}
        d = long[chapters]
        print(f"one {n_pages}-page document: {t:.2f} s ({d['ms_per_page']:.2f} ms/page), "
              f"peak RSS {rss/1024:.1f} MiB; pdftotext {tp:.2f} s")
    res["long_document"] = long
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(res, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
