#!/usr/bin/env python3
"""Builds data/cid_to_unicode/Adobe-<Ordering>.bin from Adobe's CID-to-Unicode CMaps.

    python3 data/build_cid_to_unicode.py [--cmaps /usr/share/poppler/cMap]

The PDF walker reads text of a CID font that has no /ToUnicode through the
predefined table of its character collection (CIDSystemInfo Adobe-GB1,
Adobe-CNS1, Adobe-Japan1, Adobe-Korea1), as pdf.js and poppler do.  The
tables come from Adobe's cmap-resources, the Adobe-<Ordering>-UCS2 CMaps,
as Debian's poppler-data package installs them (Copyright 1990-2018 Adobe
Systems Incorporated, BSD-3-Clause: see the header of each CMap).

Each output file is zlib-compressed; uncompressed, it holds for every CID
from 0 up to the last mapped one a byte n (0 when the CID has no text) and
then the CID's text as n big-endian UTF-16 code units.
"""
import argparse
import pathlib
import re
import zlib

ORDERINGS = ["GB1", "CNS1", "Japan1", "Korea1"]


def parse(text):
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for cid, units in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            mapping[int(cid, 16)] = bytes.fromhex(units)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(
            r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\[[^\]]*\])", block
        ):
            lo, hi = int(lo, 16), int(hi, 16)
            if dst.startswith("<"):
                start, width = int(dst[1:-1], 16), len(dst) - 2
                for i in range(hi - lo + 1):
                    mapping[lo + i] = bytes.fromhex(format(start + i, f"0{width}x"))
            else:
                for i, units in enumerate(re.findall(r"<([0-9a-fA-F]+)>", dst)):
                    mapping[lo + i] = bytes.fromhex(units)
    return mapping


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cmaps", default="/usr/share/poppler/cMap")
    args = ap.parse_args()
    out_dir = pathlib.Path(__file__).resolve().parent / "cid_to_unicode"
    out_dir.mkdir(exist_ok=True)
    for ordering in ORDERINGS:
        source = pathlib.Path(args.cmaps) / f"Adobe-{ordering}" / f"Adobe-{ordering}-UCS2"
        mapping = parse(source.read_text(encoding="latin-1"))
        raw = bytearray()
        for cid in range(max(mapping) + 1):
            units = mapping.get(cid, b"")
            assert len(units) % 2 == 0 and len(units) // 2 < 256, (ordering, cid)
            raw.append(len(units) // 2)
            raw += units
        packed = zlib.compress(bytes(raw), 9)
        target = out_dir / f"Adobe-{ordering}.bin"
        target.write_bytes(packed)
        print(f"{target.name}: {len(mapping)} CIDs mapped of {max(mapping) + 1}, "
              f"{len(raw)} bytes, {len(packed)} compressed")


if __name__ == "__main__":
    main()
