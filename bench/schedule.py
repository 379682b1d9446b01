#!/usr/bin/env python3
"""The worker pool's start order, simulated over each file's instructions.

    python3 bench/schedule.py --files-from bench/out/corpus-400.txt [--bin target/release/whosigned]
                              [--workers 2] [--ratios 2,4,8,16,32]

Counts each file's instructions once (valgrind's callgrind, `extract
--in-process -j 1`, one dump after each file), then replays the batch on
--workers workers as src/worker.rs runs it: at most 128 x workers files ahead
of the output (the ordering window), each worker paying a start-up on its
first file, and prints when the last worker ends (in instructions) for
files started in input order, for each ratio of the pool's rule (a file
RATIO times the size of the first one waiting is started before it:
LONG_FILE_RATIO), and for an even share of the work. Instruction counts do
not depend on the machine's load, which wall times on a shared machine do.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def instructions(binary, listing, paths):
    """Instructions of each file, in list order, and of a start-up."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--dump-after=whosigned::worker::process_guarded",
             f"--callgrind-out-file={d}/cg", binary, "extract", "--quiet", "--in-process", "-j", "1",
             "--ocr", "never", "--files-from", listing, "-o", os.devnull],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dumps = sorted(glob.glob(f"{d}/cg.*"), key=lambda p: int(p.rsplit(".", 1)[1]))
        cost = []
        for dump in dumps[: len(paths)]:
            with open(dump) as f:
                cost.append(next(int(l.split()[1]) for l in f if l.startswith(("summary:", "totals:"))))
    if len(cost) != len(paths):
        sys.exit(f"{len(cost)} dumps for {len(paths)} files")
    # The first dump holds the start-up too: the first file's own count is
    # that of the same file (its hard link, by name) later in the list.
    name = lambda p: os.path.basename(p).split("-", 1)[-1]
    again = next((i for i in range(1, len(paths)) if name(paths[i]) == name(paths[0])), None)
    if again is None:
        sys.exit("the first file is not in the list twice: no start-up can be told from it")
    startup = cost[0] - cost[again]
    cost[0] = cost[again]
    return cost, startup


def replay(cost, startup, choose, workers, per_worker=128):
    """When the last of `workers` ends, files started by `choose(waiting)`,
    with `per_worker` x `workers` files drawn ahead of the output."""
    window = per_worker * workers
    free = [0] * workers
    started = [False] * workers
    done = {}
    todo = set(range(len(cost)))
    emitted = 0
    while todo:
        w = min(range(workers), key=lambda k: free[k])
        t = free[w]
        while True:
            while emitted in done and done[emitted] <= t:
                emitted += 1
            waiting = sorted(s for s in todo if s < emitted + window)
            if waiting:
                break
            t = min(v for v in done.values() if v > t)  # the output moves
        s = choose(waiting)
        todo.discard(s)
        free[w] = t + cost[s] + (0 if started[w] else startup)
        started[w] = True
        done[s] = free[w]
    return max(free)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files-from", required=True, help="the batch, one path a line")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "whosigned"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ratios", default="2,4,8,16,32")
    ap.add_argument("--windows", default="",
                    help="files drawn ahead per worker to replay besides 128 (the pool's WINDOW_PER_WORKER), "
                         "with ratio 16, e.g. 32,64,256")
    a = ap.parse_args()
    with open(a.files_from) as f:
        paths = [l.strip() for l in f if l.strip()]
    cost, startup = instructions(a.bin, a.files_from, paths)
    size = [os.path.getsize(p) for p in paths]
    largest = max(range(len(cost)), key=cost.__getitem__)
    print(f"{len(cost)} files, {sum(cost) / 1e6:,.0f} M instructions, start-up {startup / 1e6:.0f} M; "
          f"the costliest, line {largest + 1}, {100 * cost[largest] / sum(cost):.0f} %")
    even = (sum(cost) + a.workers * startup) / a.workers
    print(f"even share: {even / 1e6:,.0f} M")
    print(f"input order: {replay(cost, startup, lambda w: w[0], a.workers) / 1e6:,.0f} M")
    def rule(ratio):
        """The pool's start rule (LONG_FILE_RATIO = `ratio`) over `waiting`."""
        def choose(waiting):
            big = max(waiting, key=lambda s: (size[s], -s))
            return big if size[big] >= size[waiting[0]] * ratio else waiting[0]
        return choose

    for ratio in [int(r) for r in a.ratios.split(",") if r]:
        print(f"ratio {ratio}: {replay(cost, startup, rule(ratio), a.workers) / 1e6:,.0f} M")
    for per_worker in [int(w) for w in a.windows.split(",") if w]:
        print(f"ratio 16, {per_worker} files ahead per worker: "
              f"{replay(cost, startup, rule(16), a.workers, per_worker) / 1e6:,.0f} M")


if __name__ == "__main__":
    sys.exit(main())
