#!/usr/bin/env python3
"""Validate the membership-group tables in this directory (standard library only).

Usage: python3 check_groups.py [DATE ...]

Checks every *.tsv file here:
  * an optional '# counted: yes|no (why)' says whether records count
    signatories against the group (default yes);
  * header comments '# id:', '# name:', '# printed:', '# source:', '# note:' are
    present, and the id matches the file name (un-regional-group-x.tsv <->
    un-regional-group:x);
  * '# printed:' lists the names documents print the group under, separated by
    ' | ': none empty, none folding (case, accents, punctuation, as
    src/gazetteer/fold.rs) like another name of the same group, and a name
    that is a single word is not an ISO3 code of an entity ("NAM" is Namibia,
    and the last word of "Viet Nam");
  * the column line is exactly: iso3 from until certainty note;
  * iso3 is a code of data/entities.tsv; dates are valid ISO YYYY-MM-DD;
    from < until when until is set; certainty is 'sure' or 'unsure', and an
    'unsure' row has a note saying what is unsure;
  * one State's intervals [from, until) never overlap;
and, across files:
  * no printed name folds like a printed name of another group (the list
    finder could not tell which group a footnote names);
  * every table is registered in src/gazetteer/groups.rs (TABLES);
  * the member counts on the reference dates are the expected ones (EXPECTED
    below: un 193, eu 27, rome-statute 124 on 2024-06-14, g77 134, ...);
  * every member of a UN regional group is a UN member on the days it is counted
    (on each reference date), and on each reference date every UN member except
    the United States is in exactly one regional group.

Prints, for each group, the member count on 2024-06-14 and 2026-11-29 (plus any
dates given on the command line) and lists the 'unsure' rows. Exits 1 on error.
"""
import datetime as dt
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENTITIES = os.path.join(os.path.dirname(HERE), "entities.tsv")
GROUPS_RS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "src", "gazetteer", "groups.rs")
sys.path.insert(0, os.path.dirname(HERE))
from check_data import fold  # noqa: E402  (the Python model of src/gazetteer/fold.rs)
REF_DATES = ["2024-06-14", "2026-11-29"]
COLUMNS = ["iso3", "from", "until", "certainty", "note"]
ISO3 = re.compile(r"^[A-Z]{3}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REGIONAL_PREFIX = "un-regional-group:"
# Members on each reference date (REF_DATES order); None: not checked that day.
# oic: Syria's suspension (2012-08-16 to 2025-03-07) is a gap, so 56 in 2024.
# eccas: Rwanda out from 2025-06-07. ecowas: Burkina Faso, Mali, Niger out from
# 2025-01-29. asean: Timor-Leste in from 2025-10-26.
EXPECTED = {
    "un": (193, 193), "eu": (27, 27), "rome-statute": (124, None),
    "g77": (134, 134), "nam": (120, 120), "oic": (56, 57), "arab-league": (22, 22),
    "aosis": (39, 39), "asean": (10, 11), "ecowas": (15, 12), "eccas": (11, 10),
}

errors = []


def err(msg):
    errors.append(msg)


def parse_date(s, where):
    if not DATE.match(s):
        err(f"{where}: bad date {s!r} (want YYYY-MM-DD)")
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        err(f"{where}: invalid date {s!r}")
        return None


def entity_codes():
    codes = set()
    with open(ENTITIES, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("iso3\t") or not line.strip():
                continue
            codes.add(line.split("\t", 1)[0])
    return codes


CODES = entity_codes()


def printed_names(value, where):
    """The names of a '# printed:' line, checked; [(name, folded)]."""
    names = [n.strip() for n in value.split("|")]
    out, seen = [], {}
    for n in names:
        if not n:
            err(f"{where}: empty name in '# printed:' (names are separated by ' | ')")
            continue
        folded = fold(n)
        if not folded:
            err(f"{where}: printed name {n!r} has no letters or digits")
            continue
        if folded in seen:
            err(f"{where}: printed names {seen[folded]!r} and {n!r} fold alike; keep one")
            continue
        if " " not in folded and folded.upper() in CODES:
            err(f"{where}: printed name {n!r} is a single word that is also the code "
                f"{folded.upper()} (it would match inside names such as 'Viet Nam')")
        seen[folded] = n
        out.append((n, folded))
    return out


def load(path):
    name = os.path.basename(path)
    meta = {}
    rows = []
    header_seen = False
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if "\r" in text:
        err(f"{name}: contains CR characters (use LF line endings)")
    for lineno, line in enumerate(text.split("\n"), 1):
        where = f"{name}:{lineno}"
        if line == "":
            continue
        if line.startswith("#"):
            if header_seen:
                err(f"{where}: comment after the column line")
            m = re.match(r"^# (id|name|printed|counted|source|note): (.+)$", line)
            if m:
                key = m.group(1)
                if key in meta:
                    err(f"{where}: duplicate '# {key}:' line")
                meta[key] = m.group(2).strip()
                if key == "printed":
                    meta["printed_names"] = printed_names(meta[key], where)
                if key == "counted" and meta[key].split()[0] not in ("yes", "no"):
                    err(f"{where}: '# counted:' must start with yes or no")
            continue
        if not header_seen:
            if line.split("\t") != COLUMNS:
                err(f"{where}: column line must be {' TAB '.join(COLUMNS)!r}, got {line!r}")
            header_seen = True
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            err(f"{where}: expected 5 tab-separated cells, got {len(cells)}")
            continue
        iso, frm, until, cert, note = cells
        if not ISO3.match(iso):
            err(f"{where}: bad code {iso!r} (want 3 upper-case letters)")
        elif iso not in CODES:
            err(f"{where}: code {iso} is not in data/entities.tsv")
        d_from = parse_date(frm, where)
        d_until = parse_date(until, where) if until else None
        if d_from and d_until and not d_from < d_until:
            err(f"{where}: from {frm} is not before until {until}")
        if cert not in ("sure", "unsure"):
            err(f"{where}: certainty must be 'sure' or 'unsure', got {cert!r}")
        if cert == "unsure" and not note.strip():
            err(f"{where}: 'unsure' row needs a note saying what is unsure")
        if note != note.strip():
            err(f"{where}: note has leading/trailing whitespace")
        rows.append({"iso": iso, "from": d_from, "until": d_until,
                     "cert": cert, "note": note, "where": where})
    for key in ("id", "name", "printed", "source", "note"):
        if key not in meta:
            err(f"{name}: missing '# {key}:' comment")
    if not header_seen:
        err(f"{name}: no column line")
    gid = meta.get("id", "")
    expected_file = gid.replace(":", "-") + ".tsv"
    if gid and expected_file != name:
        err(f"{name}: id {gid!r} does not match file name (expected {expected_file})")
    # overlapping intervals for one State
    by_iso = {}
    for r in rows:
        if r["from"] is None:
            continue
        by_iso.setdefault(r["iso"], []).append(r)
    for iso, rs in by_iso.items():
        rs.sort(key=lambda r: r["from"])
        for a, b in zip(rs, rs[1:]):
            if a["until"] is None or b["from"] < a["until"]:
                err(f"{name}: overlapping intervals for {iso}: {a['where']} and {b['where']}")
    return gid or name, meta, rows


def member_on(rows, day):
    return {r["iso"] for r in rows
            if r["from"] is not None and r["from"] <= day
            and (r["until"] is None or day < r["until"])}


def main(argv):
    dates = REF_DATES + [a for a in argv if a not in REF_DATES]
    days = [parse_date(d, "argument") for d in dates]
    if any(d is None for d in days):
        print("\n".join(errors))
        return 1
    groups = {}
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".tsv"))
    if not files:
        print("no .tsv files found")
        return 1
    printed_by = {}  # folded printed name -> (group id, name as written)
    for f in files:
        gid, meta, rows = load(os.path.join(HERE, f))
        if gid in groups:
            err(f"{f}: duplicate id {gid!r}")
        groups[gid] = rows
        for name, folded in meta.get("printed_names", []):
            other = printed_by.get(folded)
            if other and other[0] != gid:
                err(f"{f}: printed name {name!r} folds like {other[1]!r} of group {other[0]!r}")
            printed_by.setdefault(folded, (gid, name))

    # every table is compiled into the binary
    if os.path.exists(GROUPS_RS):
        with open(GROUPS_RS, encoding="utf-8") as fh:
            rs = fh.read()
        for f in files:
            if f'include_str!("../../data/groups/{f}")' not in rs:
                err(f"{f}: not registered in src/gazetteer/groups.rs (TABLES)")

    # member counts
    width = max(len(g) for g in groups)
    print(f"{'group':<{width}}  " + "  ".join(f"{d:>10}" for d in dates) + "   rows  unsure")
    members = {}
    for gid in sorted(groups):
        rows = groups[gid]
        counts = []
        for d in days:
            m = member_on(rows, d)
            members[(gid, d)] = m
            counts.append(len(m))
        n_unsure = sum(1 for r in rows if r["cert"] == "unsure")
        print(f"{gid:<{width}}  " + "  ".join(f"{c:>10}" for c in counts) + f"  {len(rows):>5}  {n_unsure:>6}")

    regional = sorted(g for g in groups if g.startswith(REGIONAL_PREFIX))
    for d, ds in zip(days, dates):
        if regional:
            total = sum(len(members[(g, d)]) for g in regional)
            print(f"{'(sum of ' + str(len(regional)) + ' UN regional groups)':<{width}}  on {ds}: {total}")

    # cross-file checks
    for gid, counts in EXPECTED.items():
        if gid not in groups:
            err(f"group {gid!r} is missing")
            continue
        for n, d, ds in zip(counts, days[:2], dates[:2]):
            got = len(members[(gid, d)])
            if n is not None and got != n:
                err(f"{gid}: {got} members on {ds}, expected {n}")
    if "un" in groups and regional:
        for d, ds in zip(days, dates):
            un = members[("un", d)]
            seen = {}
            for g in regional:
                for iso in members[(g, d)]:
                    if iso not in un:
                        err(f"{g}: {iso} is a group member on {ds} but not a UN member then")
                    seen.setdefault(iso, []).append(g)
            for iso, gs in sorted(seen.items()):
                if len(gs) > 1:
                    err(f"{iso} is in more than one regional group on {ds}: {', '.join(gs)}")
            if d >= dt.date(2024, 1, 1):
                missing = sorted(un - set(seen) - {"USA"})
                if missing:
                    err(f"UN members in no regional group on {ds}: {', '.join(missing)}")
                if "USA" in seen:
                    err(f"USA must not be in a regional group ({', '.join(seen['USA'])})")

    # unsure rows
    print("\nunsure rows:")
    for gid in sorted(groups):
        for r in groups[gid]:
            if r["cert"] == "unsure":
                u = r["until"].isoformat() if r["until"] else ""
                print(f"  {gid}\t{r['iso']}\t{r['from']}\t{u}\t{r['note']}")

    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    if hasattr(__import__("signal"), "SIGPIPE"):
        import signal
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    sys.exit(main(sys.argv[1:]))
