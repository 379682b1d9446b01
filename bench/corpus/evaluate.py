#!/usr/bin/env python3
"""Score whosigned output against truth files.

    bench/corpus/evaluate.py TRUTH_DIR RECORDS.jsonl [--json] [--worst N] [--without-ocr]

TRUTH_DIR holds <stem>.truth.json files (bench/corpus/generate.py output, or
fixtures/src).  RECORDS.jsonl is the tool's JSON Lines output: one record per
PDF with "source": {"path": ...}, "status" and "signatories": [{"iso3": ...}, ...].
Records are matched to truth files by the PDF's file stem.  A truth file
without a record counts as status "missing" with no signatories (all missing).

A document is exact when its status matches and its signatory set equals the
truth set.  Precision/recall/F1 are micro-averaged over (document, iso3) pairs;
they are also broken down by producer, language and layout (a document counts
once under each of its layouts).

Scans ("scan": true in the truth, from generate.py --scans or the fixtures
*_scan_*) expect the result WITH OCR: their status is "ok" and their
signatories are the printed ones, so a run without tesseract scores 0 on
them.  --without-ocr scores instead what the tool must give when it cannot
OCR: status "needs_ocr" and no signatories for an image-only scan
("text_layer": "none"); scans that carry an OCR text layer of their own
("text_layer": "ocr") are then left out, their result depending on that
layer's errors.
"""

import argparse
import glob
import json
import os
import signal
import sys


def load_truth(d):
    truth = {}
    for p in sorted(glob.glob(os.path.join(d, "*.truth.json"))):
        with open(p, encoding="utf-8") as f:
            t = json.load(f)
        stem = os.path.basename(p)[:-len(".truth.json")]
        truth[stem] = t
    return truth


def stem_of(path):
    b = os.path.basename(path or "")
    return b[:-4] if b.lower().endswith(".pdf") else os.path.splitext(b)[0]


def load_records(path):
    recs, bad, dup = {}, 0, 0
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            src = r.get("source")
            p = src.get("path") if isinstance(src, dict) else (src if isinstance(src, str) else r.get("path"))
            if not p:
                bad += 1
                continue
            codes = []
            for s in r.get("signatories") or []:
                c = s.get("iso3") if isinstance(s, dict) else s
                if isinstance(c, str) and c:
                    codes.append(c.upper())
            st = stem_of(p)
            if st in recs:
                dup += 1
            recs[st] = {"status": r.get("status"), "codes": codes}
    return recs, bad, dup


class Acc:
    def __init__(self):
        self.docs = self.exact = self.status_ok = self.tp = self.fp = self.fn = 0

    def add(self, d):
        self.docs += 1
        self.exact += d["exact"]
        self.status_ok += d["status_ok"]
        self.tp += d["tp"]
        self.fp += d["fp"]
        self.fn += d["fn"]

    def figures(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if self.fn == 0 else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if self.fp == 0 else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"docs": self.docs, "exact": self.exact,
                "exact_pct": round(100.0 * self.exact / self.docs, 2) if self.docs else 0.0,
                "status_pct": round(100.0 * self.status_ok / self.docs, 2) if self.docs else 0.0,
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def without_ocr(truth):
    """The truth of a run without OCR: image-only scans expect needs_ocr and
    nothing found; scans with their own OCR text layer are left out."""
    out = {}
    for stem, t in truth.items():
        if not t.get("scan"):
            out[stem] = t
        elif t.get("text_layer", "none") == "none":
            out[stem] = dict(t, status="needs_ocr", signatories=[])
    return out


def evaluate(truth, recs):
    docs = []
    for stem, t in truth.items():
        rec = recs.get(stem)
        tset = set(t.get("signatories") or [])
        if rec is None:
            pstatus, pset, missing = "missing", set(), True
        else:
            pstatus, pset, missing = rec["status"], set(rec["codes"]), False
        tstatus = t.get("status", "ok")
        d = {"stem": stem, "producer": t.get("producer", "?"), "language": t.get("language", "?"),
             "layouts": t.get("layouts") or [], "truth_status": tstatus, "status": pstatus,
             "missing_record": missing, "status_ok": int(pstatus == tstatus),
             "tp": len(tset & pset), "fp": len(pset - tset), "fn": len(tset - pset),
             "missing": sorted(tset - pset), "extra": sorted(pset - tset), "n_truth": len(tset)}
        d["exact"] = int(d["status_ok"] and tset == pset)
        docs.append(d)
    total = Acc()
    groups = {"producer": {}, "language": {}, "layout": {}}
    for d in docs:
        total.add(d)
        groups["producer"].setdefault(d["producer"], Acc()).add(d)
        groups["language"].setdefault(d["language"], Acc()).add(d)
        for l in d["layouts"]:
            groups["layout"].setdefault(l, Acc()).add(d)
    worst = sorted((d for d in docs if not d["exact"]),
                   key=lambda d: (-(d["fn"] + d["fp"]), -(1 - d["status_ok"]), d["stem"]))
    return total, groups, worst, docs


def main():
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("truth_dir")
    ap.add_argument("records")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--worst", type=int, default=20)
    ap.add_argument("--without-ocr", action="store_true",
                    help="score scans as a run without tesseract must give them (needs_ocr)")
    args = ap.parse_args()

    truth = load_truth(args.truth_dir)
    if not truth:
        sys.exit("no *.truth.json in %s" % args.truth_dir)
    left_out = set()
    if args.without_ocr:
        kept = without_ocr(truth)
        left_out = set(truth) - set(kept)
        truth = kept
        if left_out:
            print("--without-ocr: %d scan(s) with an OCR text layer left out" % len(left_out), file=sys.stderr)
    recs, bad, dup = load_records(args.records)
    for stem in left_out:
        recs.pop(stem, None)
    total, groups, worst, docs = evaluate(truth, recs)
    unmatched = sorted(set(recs) - set(truth))
    n_missing = sum(d["missing_record"] for d in docs)

    out = {"overall": total.figures(), "records": len(recs), "records_unparsable": bad,
           "records_duplicate": dup, "records_without_truth": len(unmatched), "truth_without_record": n_missing,
           "by_producer": {k: v.figures() for k, v in sorted(groups["producer"].items())},
           "by_language": {k: v.figures() for k, v in sorted(groups["language"].items())},
           "by_layout": {k: v.figures() for k, v in sorted(groups["layout"].items())},
           "worst": [{k: d[k] for k in ("stem", "producer", "language", "truth_status", "status", "n_truth",
                                        "missing", "extra", "layouts")} for d in worst[:args.worst]]}
    if args.json:
        print(json.dumps(out, indent=1, ensure_ascii=False))
        return

    o = out["overall"]
    print("documents: %d   records: %d (unparsable %d, duplicate stems %d, without truth %d)   "
          "truth files without a record: %d" % (o["docs"], len(recs), bad, dup, len(unmatched), n_missing))
    print("exact (status and signatory set): %d/%d = %.2f%%   status correct: %.2f%%"
          % (o["exact"], o["docs"], o["exact_pct"], o["status_pct"]))
    print("micro over (document, iso3): precision %.4f  recall %.4f  F1 %.4f   (tp %d, fp %d, fn %d)"
          % (o["precision"], o["recall"], o["f1"], o["tp"], o["fp"], o["fn"]))
    for title, key in (("producer", "by_producer"), ("language", "by_language"), ("layout", "by_layout")):
        print()
        print("%-22s %5s %8s %8s %7s %7s %7s" % ("by " + title, "docs", "exact%", "status%", "P", "R", "F1"))
        for k, f in out[key].items():
            print("%-22s %5d %8.2f %8.2f %7.4f %7.4f %7.4f" % (k, f["docs"], f["exact_pct"], f["status_pct"],
                                                                f["precision"], f["recall"], f["f1"]))
    print()
    if not worst:
        print("all documents exact")
        return
    def codes(cs):
        if not cs:
            return "-"
        return " ".join(cs[:24]) + (" ... (+%d)" % (len(cs) - 24) if len(cs) > 24 else "")

    print("worst %d documents:" % min(args.worst, len(worst)))
    for d in worst[:args.worst]:
        st = "" if d["truth_status"] == d["status"] else "  status %s (truth %s)" % (d["status"], d["truth_status"])
        print("  %-28s %-11s %s  truth %3d  missing %s  extra %s%s" % (
            d["stem"], d["producer"], d["language"], d["n_truth"], codes(d["missing"]), codes(d["extra"]), st))


if __name__ == "__main__":
    main()
