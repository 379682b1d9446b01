#!/usr/bin/env python3
"""Linter for the gazetteer tables in data/ and the name-variant test table.

Usage: python3 data/check_data.py            (from the repository root, or anywhere)
       python3 data/check_data.py --verbose  (also print notes)

Checks:
  * entities.tsv, aliases.tsv, ambiguous.tsv, non_states.tsv and
    tests/data/name_variants.tsv: exact headers, column counts, no empty keys.
  * entities: 199 rows, unique iso3 / iso2 / m49, code shapes, allowed kinds.
  * aliases: known iso3, allowed lang and type, no (iso3, alias) twice, no alias
    that folds (case, accents via NFKD) to the same text as an alias of another
    entity, no alias that is also an ambiguous or non-state name, no alias that
    folds like another alias of the same entity (--verbose also lists aliases
    that fold like the entity's own names: harmless, kept as printed forms).
  * ambiguous / non_states: unique names, known candidate codes.
  * A Python model of the Rust matcher (src/gazetteer: fold::tokens and
    spellings()) builds every key the binary will build and reports any key that
    two different targets claim (the binary would silently turn such a key into
    an ambiguity, or drop one side).
  * tests: every expected code exists; every alias, ambiguous and non-state row
    is covered by a test row; the model matcher finds exactly the expected codes
    for every test row (a mismatch is either a data bug or a wrong expectation).

Exit status 0 when clean, 1 otherwise. Uses the standard library only.
"""

import os
import re
import sys
import unicodedata
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ENTITIES = os.path.join(HERE, "entities.tsv")
ALIASES = os.path.join(HERE, "aliases.tsv")
AMBIGUOUS = os.path.join(HERE, "ambiguous.tsv")
NON_STATES = os.path.join(HERE, "non_states.tsv")
TESTS = os.path.join(ROOT, "tests", "data", "name_variants.tsv")

H_ENTITIES = ["iso3", "iso2", "m49", "kind", "name", "formal", "fr_short", "fr_formal", "es_short", "es_formal"]
H_ALIASES = ["iso3", "lang", "type", "alias"]
H_AMBIGUOUS = ["name", "candidates", "note"]
H_NON_STATES = ["name", "what"]
H_TESTS = ["text", "expected", "note"]

KINDS = {"state", "observer_state", "organization"}
LANGS = {"en", "fr", "es", "any"}
TYPES = {"common", "former", "abbrev", "variant"}

errors = []
notes = []


def err(msg):
    errors.append(msg)


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------

def read_tsv(path, header):
    """Rows of a TSV file (comment lines start with '#'), as (line_no, cols)."""
    rows = []
    if not os.path.exists(path):
        err(f"{path}: missing")
        return rows
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    if raw.startswith("\ufeff"):
        err(f"{path}: starts with a byte-order mark")
    if "\r" in raw:
        err(f"{path}: contains carriage returns")
    seen_header = False
    for no, line in enumerate(raw.split("\n"), 1):
        if line == "" or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not seen_header:
            if cols != header:
                err(f"{path}:{no}: header is {cols!r}, expected {header!r}")
            seen_header = True
            continue
        if len(cols) != len(header):
            err(f"{path}:{no}: {len(cols)} columns, expected {len(header)}: {line!r}")
            continue
        for c in cols:
            if c != c.strip():
                err(f"{path}:{no}: leading or trailing blank in {c!r}")
        rows.append((no, cols))
    if not seen_header:
        err(f"{path}: no header line")
    return rows


# --------------------------------------------------------------------------
# Model of src/gazetteer/fold.rs
# --------------------------------------------------------------------------

SPECIAL = {"ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
           "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i", "þ": "th", "Þ": "th"}
LETTER, DIGIT, OTHER = 1, 2, 0


def fold_char(c):
    """(folded text, class) of one character, as fold::fold_char."""
    if ord(c) < 128:
        if c.isalpha():
            return c.lower(), LETTER
        if c.isdigit():
            return c, DIGIT
        return "", OTHER
    if c in SPECIAL:
        return SPECIAL[c], LETTER
    out, cls = "", OTHER
    for d in unicodedata.normalize("NFKD", c):
        if unicodedata.category(d) in ("Mn", "Mc", "Me"):
            continue
        if d.isalpha():
            out += d.lower()
            cls = LETTER
        elif "0" <= d <= "9":
            out += d
            cls = DIGIT
    return out, cls


def tokens(text):
    """[(folded, start, end)] as fold::tokens (offsets are character indices)."""
    out = []
    cur, cur_cls, cur_start, cur_end = "", OTHER, 0, 0
    for i, c in enumerate(text):
        s, cls = fold_char(c)
        if cls == OTHER or not s:
            if cur:
                out.append([cur, cur_start, cur_end])
                cur = ""
            cur_cls = OTHER
            continue
        if cls != cur_cls and cur:
            out.append([cur, cur_start, cur_end])
            cur = ""
        if not cur:
            cur_start = i
        cur += s
        cur_cls = cls
        cur_end = i + 1
    if cur:
        out.append([cur, cur_start, cur_end])
    # merge_initialisms
    merged = []
    joining = False

    def single(t):
        return len(t[0]) == 1 and t[0].isalpha()

    for t in out:
        if merged:
            prev = merged[-1]
            between = text[prev[2]:t[1]]
            if (joining or single(prev)) and single(t) and between == ".":
                prev[0] += t[0]
                prev[2] = t[2]
                joining = True
                continue
        joining = False
        merged.append(t)
    return [tuple(t) for t in merged]


def fold(text):
    return " ".join(t[0] for t in tokens(text))


def nfkd_fold(text):
    """The brief's comparison: case and accents folded (NFKD), spaces squeezed."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.casefold().split())


# --------------------------------------------------------------------------
# Model of gazetteer::spellings and the key table built by Gazetteer::build
# --------------------------------------------------------------------------

ARTICLES = ["the ", "le ", "la ", "les ", "l'", "l\u2019", "el ", "los ", "las "]


def spellings(name):
    out = [name]
    lower = name.lower()
    for a in ARTICLES:
        if lower.startswith(a) and len(name) > len(a):
            out.append(name[len(a):].strip())
    more = []
    for n in out:
        if " (" in n and n.endswith(")"):
            o = n.index(" (")
            head, inner = n[:o], n[o + 2:-1]
            more += [head, f"{inner} {head}", f"{head}, {inner}"]
    out += more
    more = []
    for n in out:
        for word, amp in ((" and ", " & "), (" et ", " & "), (" y ", " & "), (" e ", " & ")):
            if word in n:
                more.append(n.replace(word, amp))
        if n.startswith("Saint ") or " Saint " in n:
            more.append(n.replace("Saint ", "St. "))
            more.append(n.replace("Saint ", "St "))
        if "'" in n or "\u2019" in n:
            more.append(n.replace("'", "").replace("\u2019", ""))
    out += more
    return sorted(set(out))


def wrap(toks):
    return "".join(f"|{t}|" for t in toks)


class Model:
    """Keys -> (target, exact_case) exactly as Gazetteer::build makes them.

    A target is ('E', iso3), ('A', name) or ('N', name)."""

    def __init__(self, entities, aliases, ambiguous, non_states):
        self.keys = {}
        self.origin = {}
        self.maxlen = 1
        written = []
        amb_cands = {name: sorted(cands.split()) for _, (name, cands, _) in ambiguous}
        for e in entities:
            for field in ("name", "formal", "fr_short", "fr_formal", "es_short", "es_formal"):
                if e[field]:
                    written.append((e[field], ("E", e["iso3"]), False, f"entities {e['iso3']} {field}"))
        for no, (iso3, lang, typ, alias) in aliases:
            written.append((alias, ("E", iso3), typ == "abbrev", f"aliases.tsv:{no}"))
        for no, (name, cands, note) in ambiguous:
            written.append((name, ("A", name), False, f"ambiguous.tsv:{no}"))
        for no, (name, what) in non_states:
            written.append((name, ("N", name), False, f"non_states.tsv:{no}"))
        for name, target, exact, where in written:
            for s in ([name] if exact else spellings(name)):
                toks = [t[0] for t in tokens(s)]
                if not toks:
                    continue
                key = wrap(toks)
                self.maxlen = max(self.maxlen, len(toks))
                ec = "".join(ch for ch in s if ch.isalnum()) if exact else None
                # "Korea, Republic of": the head's length, for the inverted-name rule
                inv = len(tokens(s.split(", ", 1)[0])) if ", " in s else 0
                if not 0 < inv < len(toks):
                    inv = None
                if key not in self.keys:
                    self.keys[key] = [target, ec, inv]
                    self.origin[key] = (where, s)
                    continue
                old = self.keys[key]
                if old[0][0] == "A" and target[0] == "A" and amb_cands.get(old[0][1]) == amb_cands.get(target[1]):
                    # "Serbia y Montenegro" and "Serbia and Montenegro" share the "&"
                    # spelling; same candidates, so the first row's note is reported
                    continue
                if old[0][0] == "N" and target[0] == "N":
                    # two non-state rows share a spelling ("Taiwan" and the head of
                    # "Taiwan (Province of China)"): both report nothing, first wins
                    continue
                if old[0] == target:
                    if ec is None and old[1] is not None:
                        err(f"{where}: spelling {s!r} is also an exact-case abbreviation "
                            f"({self.origin[key][0]}); the abbreviation would lose its case check")
                        old[1] = None
                    continue
                err(f"{where}: spelling {s!r} of {target} has the same key {key} as "
                    f"{self.origin[key][1]!r} of {old[0]} ({self.origin[key][0]})")

    def find(self, text):
        """[(target, matched text)] leftmost-longest, as Gazetteer::find."""
        toks = tokens(text)
        out = []
        i = 0
        while i < len(toks):
            hit = None
            for j in range(min(self.maxlen, len(toks) - i), 0, -1):
                key = wrap(t[0] for t in toks[i:i + j])
                if key in self.keys:
                    hit = (j, self.keys[key])
                    break
            if hit is None:
                i += 1
                continue
            j, (target, ec, inv) = hit
            if inv is not None:
                # An inverted name whose tail begins a longer name ("Poland,
                # Republic of Korea"): the head is a name of its own only if it
                # matches whole, and the search goes on at the tail.
                tail = i + inv
                longer = any(wrap(t[0] for t in toks[tail:tail + k]) in self.keys
                             for k in range(i + j - tail + 1, min(self.maxlen, len(toks) - tail) + 1))
                if longer:
                    head = self.keys.get(wrap(t[0] for t in toks[i:tail]))
                    if head is not None:
                        out.append((head[0], text[toks[i][1]:toks[tail - 1][2]]))
                    i = tail
                    continue
            start, end = toks[i][1], toks[i + j - 1][2]
            i += j
            if ec is not None:
                printed = "".join(ch for ch in text[start:end] if ch.isalnum())
                if printed != ec:
                    continue
            out.append((target, text[start:end]))
        return out

    def codes(self, text):
        return [t[1] for t, _ in self.find(text) if t[0] == "E"]


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

def main():
    verbose = "--verbose" in sys.argv

    ent_rows = read_tsv(ENTITIES, H_ENTITIES)
    ali_rows = read_tsv(ALIASES, H_ALIASES)
    amb_rows = read_tsv(AMBIGUOUS, H_AMBIGUOUS)
    non_rows = read_tsv(NON_STATES, H_NON_STATES)
    test_rows = read_tsv(TESTS, H_TESTS)
    if os.path.exists(TESTS):
        with open(TESTS, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        if first.split("\t") != H_TESTS:
            err(f"{TESTS}: the header must be the first line (tests/name_variants.rs skips line 1)")

    # ---- entities
    entities = []
    by_iso3 = {}
    seen2, seen49 = {}, {}
    kinds = defaultdict(int)
    for no, cols in ent_rows:
        e = dict(zip(H_ENTITIES, cols))
        where = f"entities.tsv:{no}"
        if not re.fullmatch(r"[A-Z]{3}", e["iso3"]):
            err(f"{where}: bad iso3 {e['iso3']!r}")
        if not re.fullmatch(r"[A-Z]{2}", e["iso2"]):
            err(f"{where}: bad iso2 {e['iso2']!r}")
        if e["m49"] and not re.fullmatch(r"[0-9]{3}", e["m49"]):
            err(f"{where}: bad m49 {e['m49']!r}")
        if e["kind"] not in KINDS:
            err(f"{where}: bad kind {e['kind']!r}")
        kinds[e["kind"]] += 1
        for f in H_ENTITIES[4:]:
            if not e[f]:
                err(f"{where}: empty {f}")
            if "\u2019" in e[f]:
                err(f"{where}: curly apostrophe in {f} (use ')")
        if e["iso3"] in by_iso3:
            err(f"{where}: iso3 {e['iso3']} twice")
        if e["iso2"] in seen2:
            err(f"{where}: iso2 {e['iso2']} twice")
        if e["m49"] and e["m49"] in seen49:
            err(f"{where}: m49 {e['m49']} twice")
        by_iso3[e["iso3"]] = e
        seen2[e["iso2"]] = 1
        seen49[e["m49"]] = 1
        entities.append(e)
    if len(entities) != 199:
        err(f"entities.tsv: {len(entities)} rows, expected 199")
    if kinds["state"] != 196 or kinds["observer_state"] != 2 or kinds["organization"] != 1:
        err(f"entities.tsv: kinds {dict(kinds)}, expected 196 state, 2 observer_state, 1 organization")
    codes = set(by_iso3)

    # ---- ambiguous / non-states
    amb_fold = {}
    for no, (name, cands, note) in amb_rows:
        where = f"ambiguous.tsv:{no}"
        if not name or not cands or not note:
            err(f"{where}: empty column")
        for c in cands.split():
            if c not in codes:
                err(f"{where}: unknown candidate {c}")
        if cands != " ".join(cands.split()):
            err(f"{where}: candidates must be single-space separated")
        k = nfkd_fold(name)
        if k in amb_fold:
            err(f"{where}: {name!r} already listed at line {amb_fold[k]}")
        amb_fold[k] = no
    non_fold = {}
    for no, (name, what) in non_rows:
        where = f"non_states.tsv:{no}"
        if not name or not what:
            err(f"{where}: empty column")
        k = nfkd_fold(name)
        if k in non_fold:
            err(f"{where}: {name!r} already listed at line {non_fold[k]}")
        if k in amb_fold:
            err(f"{where}: {name!r} is also in ambiguous.tsv")
        non_fold[k] = no

    # ---- aliases
    own_names = defaultdict(set)
    for e in entities:
        for f in H_ENTITIES[4:]:
            own_names[e["iso3"]].add(fold(e[f]))
    exact_seen = set()
    fold_owner = {}
    fold_seen = set()
    for no, (iso3, lang, typ, alias) in ali_rows:
        where = f"aliases.tsv:{no}"
        if iso3 not in codes:
            err(f"{where}: unknown iso3 {iso3}")
        if lang not in LANGS:
            err(f"{where}: bad lang {lang!r}")
        if typ not in TYPES:
            err(f"{where}: bad type {typ!r}")
        if not alias:
            err(f"{where}: empty alias")
            continue
        if (iso3, alias) in exact_seen:
            err(f"{where}: ({iso3}, {alias!r}) listed twice")
        exact_seen.add((iso3, alias))
        if typ == "abbrev" and not any(ch.isupper() for ch in alias):
            err(f"{where}: abbreviation {alias!r} has no capital letter to match on")
        k = nfkd_fold(alias)
        if k in fold_owner and fold_owner[k][0] != iso3:
            err(f"{where}: {alias!r} ({iso3}) folds like {fold_owner[k][1]!r} ({fold_owner[k][0]})")
        fold_owner.setdefault(k, (iso3, alias))
        if k in amb_fold:
            err(f"{where}: {alias!r} is also in ambiguous.tsv")
        if k in non_fold:
            err(f"{where}: {alias!r} is also in non_states.tsv")
        f = fold(alias)
        if typ != "abbrev":
            if (iso3, f) in fold_seen:
                err(f"{where}: {alias!r} folds like another alias of {iso3} (redundant)")
            if f in own_names[iso3]:
                notes.append(f"{where}: note: {alias!r} folds like one of {iso3}'s own names "
                             f"(kept on purpose: a printed form people look for)")
        fold_seen.add((iso3, f))

    # ---- model of the matcher: key clashes
    model = Model(entities, ali_rows, amb_rows, non_rows)

    # ---- tests
    n_tests = 0
    covered_text = []
    for no, (text, expected, note) in test_rows:
        where = f"name_variants.tsv:{no}"
        n_tests += 1
        if not text:
            err(f"{where}: empty text")
            continue
        exp = expected.split()
        if expected != " ".join(exp):
            err(f"{where}: expected codes must be single-space separated")
        for c in exp:
            if c not in codes:
                err(f"{where}: unknown expected code {c}")
        got = model.codes(text)
        if got != exp:
            found = ", ".join(f"{t[0]}:{t[1]}={m!r}" for t, m in model.find(text))
            err(f"{where}: {text!r}: expected [{expected}], model matcher finds [{' '.join(got)}] ({found})")
        covered_text.append((text, wrap(t[0] for t in tokens(text))))
    if n_tests < 700:
        err(f"name_variants.tsv: {n_tests} rows, expected at least 700")

    def covered(name, exact):
        if exact:
            return any(name in t for t, _ in covered_text)
        key = wrap(t[0] for t in tokens(name))
        return any(key in w for _, w in covered_text)

    for no, (iso3, lang, typ, alias) in ali_rows:
        if not covered(alias, typ == "abbrev"):
            err(f"aliases.tsv:{no}: {alias!r} has no test row")
    for no, (name, _, _) in amb_rows:
        if not covered(name, False):
            err(f"ambiguous.tsv:{no}: {name!r} has no test row")
    for no, (name, _) in non_rows:
        if not covered(name, False):
            err(f"non_states.tsv:{no}: {name!r} has no test row")
    for e in entities:
        for f in ("name", "fr_short", "es_short"):
            if not any(t == e[f] for t, _ in covered_text):
                err(f"entities.tsv {e['iso3']}: {f} {e[f]!r} has no test row")

    summary = (f"entities {len(entities)}, aliases {len(ali_rows)}, ambiguous {len(amb_rows)}, "
               f"non_states {len(non_rows)}, tests {n_tests}, matcher keys {len(model.keys)}")
    if errors:
        for m in errors:
            print(m)
        print(f"{len(errors)} error(s); {summary}")
        return 1
    if verbose:
        for m in notes:
            print(m)
    print(f"data OK: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
