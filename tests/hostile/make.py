#!/usr/bin/env python3
"""Regenerate the hostile-input fixtures of tests/hostile/ and expected.tsv.

    python3 tests/hostile/make.py            # writes beside this script

Every file is rebuilt deterministically (same bytes on every run): run it
twice and `git status` shows no change.

The one valid base document comes from a real producer: groff's gropdf renders
a short statement that lists three States (Austria, Belgium, Chile). Every
other PDF is that document modified: its objects are read back with
`qpdf --json` and rewritten by the small writer below with one hostile change
(a self-drawing form, a page-tree loop, a decompression bomb...), or it is
encrypted with qpdf, or cut short. Inputs that are deliberately not well-formed
PDF (garbage, truncation) are written as bytes here.

AES-256 (R6) encryption: `qpdf --encrypt U O 256` draws a fresh random file
key and salts on every run, so its output can never be byte-identical. We
therefore compute the R6 encryption dictionary ourselves (ISO 32000-2
algorithms 2.B, 8, 9 and 10, with a fixed key and fixed salts; pure-Python AES
below) and let qpdf encrypt the document with it via `--copy-encryption`,
with `--static-id --static-aes-iv` so that the stream IVs are fixed too. RC4
(R3) encryption is deterministic in qpdf already once the ID is static.

Debian packages needed (bookworm):
    python3 groff qpdf ghostscript img2pdf
    poppler-utils   (optional: pdftotext for the self-check at the end)
"""

import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH = "1704067200"  # 2024-01-01T00:00:00Z, for every tool that stamps a date

STATEMENT_MS = r""".TL
Joint Statement on Hostile Input
.LP
Geneva, 14 June 2024
.PP
The following States have endorsed this statement: Austria, Belgium and Chile.
"""

HTML = b"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Joint Statement on Hostile Input</title></head>
<body>
<h1>Joint Statement on Hostile Input</h1>
<p>Geneva, 14 June 2024</p>
<p>The following States have endorsed this statement: Austria, Belgium and Chile.</p>
</body>
</html>
"""

# file, status, kind ("-" when the status is not an error), why.
EXPECTED = [
    ("control-statement.pdf", "ok", "-",
     "the untouched groff base document: the batch still reads good files among hostile ones"),
    ("self-drawing-form.pdf", "ok", "-",
     "page does /Fm0 Do and Fm0 does /Fm0 Do; the form recursion must be cut at the form-depth limit "
     "and the page's real text (Austria, Belgium, Chile) still read"),
    ("nested-arrays.pdf", "error", "damaged",
     "the only page dictionary holds 200,000 nested arrays; lopdf's depth-limited parser (100 levels) rejects "
     "the page object, so no page can be read: damaged. Not needs_ocr: the file has a text layer (poppler, "
     "which skips the bad value, even reads it)"),
    ("page-tree-loop.pdf", "ok", "-",
     "the page tree cycles (Pages B lists its ancestor A as a kid), but the one real page is reachable "
     "and well-formed: a reader that bounds the walk reads its text, once, as poppler does (1 page)"),
    ("flate-bomb-1gib.pdf", "error", "too_large",
     "the only content stream inflates to 1 GiB of spaces, over the 64 MiB per-stream limit"),
    ("two-million-text-ops.pdf", "error", "too_large",
     "one page with 2,000,000 (x) Tj operators, over the 1,000,000 operators-per-page limit"),
    ("truncated.pdf", "error", "damaged",
     "the base document cut in half: the page tree node, xref and trailer are gone"),
    ("zero-bytes.pdf", "error", "not_pdf", "empty file: no %PDF- header"),
    ("jpeg-renamed.pdf", "error", "not_pdf", "a JPEG (Ghostscript render of the statement) named .pdf"),
    ("html-renamed.pdf", "error", "not_pdf", "an HTML page named .pdf"),
    ("aes-user-password.pdf", "error", "encrypted",
     "AES-256 (V5 R6) with user password 'user': cannot be opened without it"),
    ("rc4-user-password.pdf", "error", "encrypted",
     "RC4 128-bit (V2 R3) with user password 'user': cannot be opened without it"),
    ("aes-no-user-password.pdf", "ok", "-",
     "AES-256 (V5 R6) with an empty user password and owner password 'owner': "
     "opens with the empty password and reads the 3 States"),
    ("rc4-no-user-password.pdf", "ok", "-",
     "RC4 128-bit (V2 R3) with an empty user password and owner password 'owner': "
     "opens with the empty password and reads the 3 States"),
    ("binary-garbage.pdf", "error", "damaged",
     "%PDF-1.4 header followed by 4 KiB of pseudo-random bytes: no objects, no xref"),
    ("no-text-layer.pdf", "needs_ocr", "-",
     "the statement page rendered to a 100 dpi greyscale image and wrapped by img2pdf: no text layer"),
]


# ---------------------------------------------------------------------------
# running tools
# ---------------------------------------------------------------------------

def env():
    e = dict(os.environ)
    e.update(SOURCE_DATE_EPOCH=EPOCH, FORCE_SOURCE_DATE="1", TZ="UTC", LC_ALL="C.UTF-8")
    return e


def run(cmd, cwd=None, stdin=None):
    r = subprocess.run(cmd, cwd=cwd, env=env(), input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=300)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), r.returncode,
                                                    r.stderr.decode("utf-8", "replace")[-2000:]))
    return r.stdout


# ---------------------------------------------------------------------------
# a small PDF object model and writer (objects read back from qpdf --json v2)
# ---------------------------------------------------------------------------

class Ref:
    def __init__(self, num):
        self.num = num


class Name:
    def __init__(self, name):
        self.name = name


class Text:
    def __init__(self, text):
        self.text = text


class Raw:
    """Bytes written verbatim where an object is expected."""

    def __init__(self, data):
        self.data = data


class Stream:
    def __init__(self, d, data):
        self.dict = d  # keys without the slash
        self.data = data  # as stored (already filtered when /Filter is set)


REF_RE = re.compile(r"^(\d+) (\d+) R$")


def from_json(v):
    """qpdf JSON v2 value -> our objects."""
    if isinstance(v, dict):
        return {k[1:]: from_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [from_json(x) for x in v]
    if isinstance(v, str):
        m = REF_RE.match(v)
        if m:
            return Ref(int(m.group(1)))
        if v.startswith("/"):
            return Name(v[1:])
        if v.startswith("n:/"):
            return Name(v[3:])
        if v.startswith("u:"):
            return Text(v[2:])
        if v.startswith("b:"):
            return bytes.fromhex(v[2:])
        raise ValueError("unknown qpdf JSON value %r" % v)
    return v


def pdf_string(b):
    out = bytearray(b"(")
    for c in b:
        if c in b"()\\":
            out += b"\\" + bytes([c])
        elif 32 <= c < 127:
            out.append(c)
        else:
            out += b"\\%03o" % c
    return bytes(out + b")")


def ser(v):
    if isinstance(v, Raw):
        return v.data
    if isinstance(v, Ref):
        return b"%d 0 R" % v.num
    if isinstance(v, Name):
        return b"/" + v.name.encode("latin-1")
    if isinstance(v, Text):
        try:
            return pdf_string(v.text.encode("ascii"))
        except UnicodeEncodeError:
            return b"<FEFF" + v.text.encode("utf-16-be").hex().upper().encode() + b">"
    if isinstance(v, bytes):
        return b"<" + v.hex().upper().encode() + b">"
    if v is None:
        return b"null"
    if v is True:
        return b"true"
    if v is False:
        return b"false"
    if isinstance(v, int):
        return b"%d" % v
    if isinstance(v, float):
        s = ("%.6f" % v).rstrip("0").rstrip(".")
        return s.encode() if s not in ("", "-0") else b"0"
    if isinstance(v, list):
        return b"[" + b" ".join(ser(x) for x in v) + b"]"
    if isinstance(v, dict):
        return b"<< " + b" ".join(b"/" + k.encode("latin-1") + b" " + ser(x) for k, x in v.items()) + b" >>"
    raise TypeError(type(v))


class Doc:
    def __init__(self, objects, trailer):
        self.objects = objects  # num -> value or Stream
        self.trailer = trailer

    @staticmethod
    def load(path):
        out = run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=none", path])
        objs = json.loads(out)["qpdf"][1]
        objects, trailer = {}, None
        for key, o in objs.items():
            if key == "trailer":
                trailer = from_json(o["value"])
                continue
            num = int(REF_RE.match(key[4:]).group(1))
            if "stream" in o:
                s = o["stream"]
                objects[num] = Stream(from_json(s["dict"]), base64.b64decode(s.get("data", "")))
            else:
                objects[num] = from_json(o["value"])
        return Doc(objects, trailer)

    def add(self, value):
        num = max(self.objects) + 1
        self.objects[num] = value
        return Ref(num)

    def catalog(self):
        return self.objects[self.trailer["Root"].num]

    def first_page(self):
        """(page number, page dict, inherited resources) of the first leaf."""
        node = self.catalog()["Pages"].num
        while self.objects[node]["Type"].name == "Pages":
            node = self.objects[node]["Kids"][0].num
        page = self.objects[node]
        res, at = None, page
        while res is None and at is not None:
            res = at.get("Resources")
            at = self.objects[at["Parent"].num] if "Parent" in at else None
        if isinstance(res, Ref):
            res = self.objects[res.num]
        return node, page, dict(res or {})

    def write(self, version=b"1.4"):
        out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for num in sorted(self.objects):
            offsets[num] = len(out)
            v = self.objects[num]
            out += b"%d 0 obj\n" % num
            if isinstance(v, Stream):
                d = dict(v.dict)
                d["Length"] = len(v.data)
                out += ser(d) + b"\nstream\n" + v.data + b"\nendstream"
            else:
                out += ser(v)
            out += b"\nendobj\n"
        size = max(self.objects) + 1
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for num in range(1, size):
            if num in offsets:
                out += b"%010d 00000 n \n" % offsets[num]
            else:
                out += b"0000000000 65535 f \n"
        trailer = {k: v for k, v in self.trailer.items() if k in ("Root", "Info")}
        trailer["Size"] = size
        out += b"trailer\n" + ser(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def flate(data):
    return zlib.compress(data, 9)


# ---------------------------------------------------------------------------
# AES (encryption only) and the PDF 2.0 R6 security handler
# ---------------------------------------------------------------------------

def _rotl8(x, s):
    return ((x << s) | (x >> (8 - s))) & 0xFF


def _make_sbox():
    sbox = [0] * 256
    p = q = 1
    while True:
        p = p ^ ((p << 1) & 0xFF) ^ (0x1B if p & 0x80 else 0)
        q ^= q << 1
        q ^= q << 2
        q ^= q << 4
        q &= 0xFF
        if q & 0x80:
            q ^= 0x09
        sbox[p] = q ^ _rotl8(q, 1) ^ _rotl8(q, 2) ^ _rotl8(q, 3) ^ _rotl8(q, 4) ^ 0x63
        if p == 1:
            break
    sbox[0] = 0x63
    return sbox


SBOX = _make_sbox()


def _xt(a):
    return ((a << 1) ^ 0x1B) & 0xFF if a & 0x80 else a << 1


T0 = [(_xt(s) << 24) | (s << 16) | (s << 8) | (_xt(s) ^ s) for s in SBOX]
T1 = [((t >> 8) | (t << 24)) & 0xFFFFFFFF for t in T0]
T2 = [((t >> 16) | (t << 16)) & 0xFFFFFFFF for t in T0]
T3 = [((t >> 24) | (t << 8)) & 0xFFFFFFFF for t in T0]


class AES:
    def __init__(self, key):
        nk = len(key) // 4
        assert len(key) in (16, 32)
        self.rounds = nk + 6
        w = list(struct.unpack(">%dI" % nk, key))
        rcon = 1
        for i in range(nk, 4 * (self.rounds + 1)):
            t = w[i - 1]
            if i % nk == 0:
                t = ((t << 8) | (t >> 24)) & 0xFFFFFFFF
                t = (SBOX[t >> 24] << 24) | (SBOX[(t >> 16) & 255] << 16) | (SBOX[(t >> 8) & 255] << 8) | SBOX[t & 255]
                t ^= rcon << 24
                rcon = _xt(rcon)
            elif nk > 6 and i % nk == 4:
                t = (SBOX[t >> 24] << 24) | (SBOX[(t >> 16) & 255] << 16) | (SBOX[(t >> 8) & 255] << 8) | SBOX[t & 255]
            w.append(w[i - nk] ^ t)
        self.w = w

    def block(self, b):
        w = self.w
        s0, s1, s2, s3 = struct.unpack(">4I", b)
        s0 ^= w[0]
        s1 ^= w[1]
        s2 ^= w[2]
        s3 ^= w[3]
        for r in range(1, self.rounds):
            k = 4 * r
            s0, s1, s2, s3 = (
                T0[s0 >> 24] ^ T1[(s1 >> 16) & 255] ^ T2[(s2 >> 8) & 255] ^ T3[s3 & 255] ^ w[k],
                T0[s1 >> 24] ^ T1[(s2 >> 16) & 255] ^ T2[(s3 >> 8) & 255] ^ T3[s0 & 255] ^ w[k + 1],
                T0[s2 >> 24] ^ T1[(s3 >> 16) & 255] ^ T2[(s0 >> 8) & 255] ^ T3[s1 & 255] ^ w[k + 2],
                T0[s3 >> 24] ^ T1[(s0 >> 16) & 255] ^ T2[(s1 >> 8) & 255] ^ T3[s2 & 255] ^ w[k + 3],
            )
        k = 4 * self.rounds
        S = SBOX
        out = []
        for a, b_, c, d, kw in ((s0, s1, s2, s3, w[k]), (s1, s2, s3, s0, w[k + 1]),
                                (s2, s3, s0, s1, w[k + 2]), (s3, s0, s1, s2, w[k + 3])):
            out.append(((S[a >> 24] << 24) | (S[(b_ >> 16) & 255] << 16) | (S[(c >> 8) & 255] << 8) | S[d & 255]) ^ kw)
        return struct.pack(">4I", *out)

    def cbc(self, iv, data):
        assert len(data) % 16 == 0
        out, prev = bytearray(), iv
        for i in range(0, len(data), 16):
            prev = self.block(bytes(x ^ y for x, y in zip(data[i:i + 16], prev)))
            out += prev
        return bytes(out)


# FIPS-197 appendix C vectors
assert AES(bytes(range(16))).block(bytes.fromhex("00112233445566778899aabbccddeeff")).hex() == \
    "69c4e0d86a7b0430d8cdb78070b4c55a"
assert AES(bytes(range(32))).block(bytes.fromhex("00112233445566778899aabbccddeeff")).hex() == \
    "8ea2b7ca516745bfeafc49904b496089"


def hash_2b(password, salt, udata):
    """ISO 32000-2 algorithm 2.B (the R6 password hash)."""
    k = hashlib.sha256(password + salt + udata).digest()
    i = 0
    while True:
        k1 = (password + k + udata) * 64
        e = AES(k[:16]).cbc(k[16:32], k1)
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        i += 1
        if i >= 64 and e[-1] <= i - 32:
            return k[:32]


def r6_encrypt_dict(user, owner, label):
    """The /Encrypt dictionary of AES-256 R6 for these passwords, from fixed
    key material derived from `label`, as PDF source."""
    seed = lambda what, n: hashlib.sha256(label + b"/" + what).digest()[:n]  # noqa: E731
    key = seed(b"file key", 32)
    u_val, u_key, o_val, o_key = seed(b"uvs", 8), seed(b"uks", 8), seed(b"ovs", 8), seed(b"oks", 8)
    user, owner = user.encode()[:127], owner.encode()[:127]
    u = hash_2b(user, u_val, b"") + u_val + u_key
    ue = AES(hash_2b(user, u_key, b"")).cbc(bytes(16), key)
    o = hash_2b(owner, o_val, u) + o_val + o_key
    oe = AES(hash_2b(owner, o_key, u)).cbc(bytes(16), key)
    p = -4  # every permission
    perms = AES(key).block(struct.pack("<i", p) + b"\xff\xff\xff\xffTadb" + seed(b"perms", 4))
    h = lambda b: b"<" + b.hex().upper().encode() + b">"  # noqa: E731
    return (b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P %d /EncryptMetadata true"
            b" /CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF"
            b" /O %s /U %s /OE %s /UE %s /Perms %s >>") % (p, h(o), h(u), h(oe), h(ue), h(perms))


def encrypt_aes256(base_pdf, out_pdf, user, owner, label, td):
    """qpdf encrypts with our R6 dictionary (copied from a one-page carrier)."""
    carrier = Doc({
        1: Raw(b"<< /Type /Catalog /Pages 2 0 R >>"),
        2: Raw(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        3: Raw(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"),
        4: Raw(r6_encrypt_dict(user, owner, label)),
    }, {"Root": Ref(1)}).write(b"1.7")
    # the writer knows only Root/Info: add /Encrypt and /ID to the trailer
    ident = hashlib.md5(label).digest()
    carrier = carrier.replace(b"/Size 5 >>", b"/Size 5 /Encrypt 4 0 R /ID [<%s> <%s>] >>"
                              % (ident.hex().encode(), ident.hex().encode()))
    cpath = os.path.join(td, "carrier.pdf")
    with open(cpath, "wb") as f:
        f.write(carrier)
    run(["qpdf", "--static-id", "--static-aes-iv", "--copy-encryption=" + cpath,
         "--encryption-file-password=" + owner, base_pdf, out_pdf])


# ---------------------------------------------------------------------------
# the fixtures
# ---------------------------------------------------------------------------

def pseudo_random(n, label):
    out = bytearray()
    i = 0
    while len(out) < n:
        out += hashlib.sha256(label + b"%d" % i).digest()
        i += 1
    return bytes(out[:n])


def zero_ids(pdf):
    """Every trailer /ID [<hex> <hex>] with its digits set to 0, in place."""
    hexstr = re.compile(rb"<[0-9A-Fa-f]*>")
    zero = lambda m: b"<" + b"0" * (len(m.group(0)) - 2) + b">"  # noqa: E731
    return re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>", lambda m: hexstr.sub(zero, m.group(0)), pdf)


def flate_bomb(total, chunk=1 << 20):
    """`total` spaces, deflated at level 9 without holding them in memory."""
    c = zlib.compressobj(9)
    block = b" " * chunk
    out = bytearray()
    for _ in range(total // chunk):
        out += c.compress(block)
    return bytes(out + c.flush())


def main():
    files = {}
    with tempfile.TemporaryDirectory() as td:
        ms = os.path.join(td, "statement.ms")
        with open(ms, "w") as f:
            f.write(STATEMENT_MS)
        base_pdf = os.path.join(td, "base.pdf")
        with open(base_pdf, "wb") as f:
            f.write(run(["groff", "-ms", "-Tpdf", "-dpaper=a4", "-P-pa4", ms], cwd=td))
        with open(base_pdf, "rb") as f:
            base = f.read()
        files["control-statement.pdf"] = base

        # self-drawing form: the page draws Fm0, Fm0 draws itself, then the page's own text
        d = Doc.load(base_pdf)
        _, page, res = d.first_page()
        fm = d.add(None)
        d.objects[fm.num] = Stream({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 595, 842],
                                    "Resources": {"XObject": {"Fm0": fm}}}, b"q /Fm0 Do Q\n")
        res["XObject"] = {"Fm0": fm}
        page["Resources"] = res
        contents = page["Contents"] if isinstance(page["Contents"], list) else [page["Contents"]]
        page["Contents"] = [d.add(Stream({}, b"q /Fm0 Do Q\n"))] + contents
        files["self-drawing-form.pdf"] = d.write()

        # 200,000 nested arrays in the page dictionary
        d = Doc.load(base_pdf)
        _, page, _ = d.first_page()
        page["Nested"] = Raw(b"[" * 200_000 + b"]" * 200_000)
        files["nested-arrays.pdf"] = d.write()

        # page tree loop: Root -> Pages A -> Pages B -> [page, A]
        d = Doc.load(base_pdf)
        pnum, page, _ = d.first_page()
        a = d.catalog()["Pages"]
        b = d.add({"Type": Name("Pages"), "Parent": a, "Kids": [Ref(pnum), a], "Count": 1})
        d.objects[a.num]["Kids"] = [b]
        page["Parent"] = b
        files["page-tree-loop.pdf"] = d.write()

        # 1 GiB of spaces behind one Flate filter
        d = Doc.load(base_pdf)
        _, page, _ = d.first_page()
        page["Contents"] = d.add(Stream({"Filter": Name("FlateDecode")}, flate_bomb(1 << 30)))
        files["flate-bomb-1gib.pdf"] = d.write()

        # 2,000,000 text-showing operators on one page
        d = Doc.load(base_pdf)
        _, page, res = d.first_page()
        font = next(iter(res["Font"]))
        ops = b"BT\n/%s 12 Tf\n72 720 Td\n" % font.encode() + b"(x) Tj\n" * 2_000_000 + b"ET\n"
        page["Contents"] = d.add(Stream({"Filter": Name("FlateDecode")}, flate(ops)))
        files["two-million-text-ops.pdf"] = d.write()

        files["truncated.pdf"] = base[: len(base) // 2]
        files["zero-bytes.pdf"] = b""

        jpg = os.path.join(td, "page.jpg")
        run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=jpeggray", "-r40", "-dJPEGQ=60",
             "-dFirstPage=1", "-dLastPage=1", "-o", jpg, base_pdf], cwd=td)
        with open(jpg, "rb") as f:
            files["jpeg-renamed.pdf"] = f.read()
        assert files["jpeg-renamed.pdf"][:3] == b"\xff\xd8\xff"
        files["html-renamed.pdf"] = HTML

        for name, user, bits in (("aes-user-password.pdf", "user", 256), ("rc4-user-password.pdf", "user", 128),
                                 ("aes-no-user-password.pdf", "", 256), ("rc4-no-user-password.pdf", "", 128)):
            out = os.path.join(td, name)
            if bits == 256:
                encrypt_aes256(base_pdf, out, user, "owner", name.encode(), td)
            else:
                run(["qpdf", "--static-id", "--allow-weak-crypto", "--encrypt", user, "owner", "128",
                     "--use-aes=n", "--", base_pdf, out])
            with open(out, "rb") as f:
                files[name] = f.read()

        files["binary-garbage.pdf"] = b"%PDF-1.4\n" + pseudo_random(4096, b"binary-garbage")

        png = os.path.join(td, "page.png")
        run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r100",
             "-dFirstPage=1", "-dLastPage=1", "-o", png, base_pdf], cwd=td)
        wrapped = run(["img2pdf", "--nodate", "--pagesize", "A4", png])
        # img2pdf (through pikepdf) draws a new /ID on every run: overwrite its
        # hex digits in place (same length, so the xref offsets stay right)
        files["no-text-layer.pdf"] = zero_ids(wrapped)

    names = [e[0] for e in EXPECTED]
    assert sorted(names) == sorted(files), (sorted(names), sorted(files))
    for name in names:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(files[name])
    with open(os.path.join(HERE, "expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("file\tstatus\tkind\twhy\n")
        for row in EXPECTED:
            f.write("\t".join(row) + "\n")
    self_check()
    for name in names:
        print("%9d  %s" % (len(files[name]), name))


def self_check():
    """What other tools make of the files (skipped where a tool is missing)."""
    p = lambda n: os.path.join(HERE, n)  # noqa: E731
    run(["qpdf", "--check", "--password=user", p("aes-user-password.pdf")])
    run(["qpdf", "--check", p("aes-no-user-password.pdf")])
    run(["qpdf", "--check", "--password=user", p("rc4-user-password.pdf")])
    for n in ("aes-user-password.pdf", "rc4-user-password.pdf"):
        r = subprocess.run(["qpdf", "--check", p(n)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert r.returncode != 0, n + " opens without a password"
    run(["qpdf", "--check", p("self-drawing-form.pdf")])
    if shutil.which("pdftotext"):
        for n in ("control-statement.pdf", "aes-no-user-password.pdf", "rc4-no-user-password.pdf",
                  "self-drawing-form.pdf", "page-tree-loop.pdf"):
            t = subprocess.run(["pdftotext", p(n), "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60).stdout.decode("utf-8", "replace")
            assert "Austria, Belgium and Chile" in t, (n, t)
        t = subprocess.run(["pdftotext", "-upw", "user", p("aes-user-password.pdf"), "-"],
                           stdout=subprocess.PIPE, timeout=60).stdout.decode("utf-8", "replace")
        assert "Austria, Belgium and Chile" in t, t


if __name__ == "__main__":
    sys.exit(main())
