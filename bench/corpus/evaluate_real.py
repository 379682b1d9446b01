#!/usr/bin/env python3
"""Score whosigned on real documents with hand-made truth (../shared/corpus/un).

    bench/corpus/evaluate_real.py CORPUS [--records RECORDS.jsonl] [--bin PATH] [--json] [--show N]

CORPUS holds pdf/<stem>.pdf and truth/<stem>.json (format in CORPUS/README.md).
Without --records, runs `whosigned extract CORPUS/pdf` (the release binary,
or --bin) and scores its output. A sponsor list is exact when the record's
signatory set equals `expected_iso3` (codes in `ignore_iso3` neither count for
nor against); a negative is clean when the record has no signatories.
Precision/recall/F1 are micro-averaged over (document, iso3) pairs. Also
scored: the on-behalf-of group (documents whose truth names one: a
signatory carries `on_behalf_of` with that name) and the UN symbol.
"""

import argparse
import glob
import json
import os
import signal
import subprocess
import sys


def norm(s):
    return " ".join((s or "").lower().split())


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # end quietly under | head
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--records")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "..", "target", "release", "whosigned"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show", type=int, default=100, help="list at most N failing documents")
    a = ap.parse_args()

    truth = {}
    for p in sorted(glob.glob(os.path.join(a.corpus, "truth", "*.json"))):
        with open(p, encoding="utf-8") as f:
            truth[os.path.basename(p)[:-5]] = json.load(f)
    if not truth:
        sys.exit(f"no truth files under {a.corpus}/truth")

    if a.records:
        with open(a.records, encoding="utf-8") as f:
            lines = f.read().splitlines()
    else:
        out = subprocess.run([a.bin, "extract", os.path.join(a.corpus, "pdf"), "--quiet"],
                             capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"whosigned failed ({out.returncode}): {out.stderr}")
        lines = out.stdout.splitlines()
    records = {}
    for line in lines:
        if line.strip():
            r = json.loads(line)
            records[os.path.basename(r["source"]["path"])[:-4]] = r

    lists = negs = exact = clean = tp = fp = fn = 0
    behalf_n = behalf_ok = sym_n = sym_ok = 0
    failures = []
    for stem, t in truth.items():
        r = records.get(stem, {"signatories": [], "status": "missing"})
        ignore = set(t.get("ignore_iso3") or [])
        got = {s["iso3"] for s in r.get("signatories") or []} - ignore
        want = (set(t["expected_iso3"]) | set(t.get("non_state_expected") or [])) - ignore
        tp += len(got & want)
        fp += len(got - want)
        fn += len(want - got)
        if t["category"] == "negative":
            negs += 1
            ok = not got
            clean += ok
        else:
            lists += 1
            ok = got == want
            exact += ok
        if t.get("on_behalf_of"):
            behalf_n += 1
            printed = {norm((s.get("on_behalf_of") or {}).get("as_printed")) for s in r.get("signatories") or []}
            behalf_ok += norm(t["on_behalf_of"]) in printed
        if t.get("symbol"):
            sym_n += 1
            sym_ok += ((r.get("document") or {}).get("symbol") or "").rstrip("*") == t["symbol"].rstrip("*")
        if not ok:
            failures.append((stem, t["category"], sorted(want - got), sorted(got - want)))

    p = tp / (tp + fp) if tp + fp else 1.0
    rcl = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * rcl / (p + rcl) if p + rcl else 0.0
    figures = {
        "documents": len(truth), "sponsor_lists": lists, "exact": exact,
        "exact_pct": round(100 * exact / lists, 1) if lists else 0.0,
        "negatives": negs, "negatives_clean": clean,
        "precision": round(p, 4), "recall": round(rcl, 4), "f1": round(f1, 4),
        "on_behalf_of": [behalf_ok, behalf_n], "symbol": [sym_ok, sym_n],
        "failures": [{"document": s, "category": c, "missing": m, "extra": e} for s, c, m, e in failures],
    }
    if a.json:
        json.dump(figures, sys.stdout, indent=1)
        print()
        return
    print(f"{len(truth)} documents: {exact}/{lists} sponsor lists exact ({figures['exact_pct']} %), "
          f"{clean}/{negs} negatives without signatories")
    print(f"precision {p:.4f}  recall {rcl:.4f}  F1 {f1:.4f}  (document x State pairs)")
    print(f"on-behalf-of group as printed: {behalf_ok}/{behalf_n}; UN symbol: {sym_ok}/{sym_n}")
    for s, c, m, e in failures[: a.show]:
        print(f"  {s} ({c}): missing {len(m)} {' '.join(m[:12])}; extra {len(e)} {' '.join(e[:12])}")


if __name__ == "__main__":
    main()
