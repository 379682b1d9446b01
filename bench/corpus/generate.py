#!/usr/bin/env python3
"""Generate a random evaluation corpus of declaration PDFs with ground truth.

    bench/corpus/generate.py --out DIR --n N --seed S [--producers P ...] [--scans]
    bench/corpus/generate.py --out DIR --n N --seed S --lang ar|zh|ru [--producers P ...]

Writes DIR/<id>.pdf and DIR/<id>.truth.json (same format as
fixtures/src/*.truth.json), the sources in DIR/src/, and DIR/timing.json
(seconds spent per producer).  With --scans every document is printed by one
of --producers (the print kept as DIR/src/<id>.print.pdf), then scanned with
a random degradation (declgen.Scan): held-out material for OCR.  With --lang ar|zh|ru every
document is in that language (bench/corpus/un6.py: prose, one per line, columns, table; made by
xelatex, Chromium or LibreOffice with Amiri / Noto fonts); without it, English, French and Spanish.  State names come from data/entities.tsv and
data/aliases.tsv; renderers are shared with the fixtures (fixtures/src/declgen.py).

Needs the Debian packages listed in fixtures/make.sh.
"""

import argparse
import datetime
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import unicodedata

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "fixtures", "src"))

from declgen import (NH, PRODUCERS, read_tsv, Doc, M, N, NameList, PageBreak, Para, Rule, Scan, Sup, Table,  # noqa: E402
                     as_printed_of, build_chromium, build_groff, build_latex, build_libreoffice, historical_of,
                     render_fodt, render_html, render_latex, scan_doc, scan_pdf, truth_of)

# --------------------------------------------------------------------------
# names
# --------------------------------------------------------------------------

ART_RE = re.compile(r"^(.*?)\s*\((l'|la|le|les|el|los|las|the)\)$")
PAREN_RE = re.compile(r"\s*\([^)]*\)$")

# English short names that take "the" in running text (UN usage)
EN_THE = {"Bahamas", "Gambia", "Netherlands", "Niger", "Philippines", "Sudan", "Congo", "Comoros",
          "Marshall Islands", "Cook Islands", "Solomon Islands", "United Arab Emirates", "Maldives"}
EN_THE_PREFIX = ("Republic", "United", "Democratic", "Russian", "Syrian", "Lao", "Central African", "Dominican",
                 "Czech Republic", "Holy", "State of", "European", "Islamic", "Plurinational", "Bolivarian", "Federated",
                 "Kingdom", "Principality", "Grand Duchy", "Sultanate", "Commonwealth", "Federal", "Former")

# Common English names in wide use (used with the 'common' style, besides data/aliases.tsv)
EN_COMMON = {"RUS": "Russia", "KOR": "South Korea", "PRK": "North Korea", "SYR": "Syria", "LAO": "Laos",
             "VNM": "Vietnam", "TUR": "Turkey", "CZE": "Czech Republic", "IRN": "Iran", "BOL": "Bolivia",
             "VEN": "Venezuela", "TZA": "Tanzania", "MDA": "Moldova", "FSM": "Micronesia", "GBR": "United Kingdom",
             "USA": "United States", "NLD": "Netherlands", "CPV": "Cape Verde", "SWZ": "Eswatini",
             "BRN": "Brunei", "PSE": "Palestine", "VAT": "Holy See", "CIV": "Ivory Coast", "TLS": "East Timor",
             "MKD": "North Macedonia", "COD": "DR Congo", "COG": "Republic of the Congo"}
FR_COMMON = {"RUS": "Russie", "KOR": "Corée du Sud", "PRK": "Corée du Nord", "GBR": "Royaume-Uni",
             "USA": "États-Unis", "NLD": "Pays-Bas", "CZE": "République tchèque", "BOL": "Bolivie",
             "VEN": "Venezuela", "IRN": "Iran", "SYR": "Syrie", "TZA": "Tanzanie", "MDA": "Moldavie"}
ES_COMMON = {"RUS": "Rusia", "KOR": "Corea del Sur", "PRK": "Corea del Norte", "GBR": "Reino Unido",
             "USA": "Estados Unidos", "NLD": "Países Bajos", "CZE": "República Checa", "BOL": "Bolivia",
             "VEN": "Venezuela", "IRN": "Irán", "SYR": "Siria", "TZA": "Tanzania", "MDA": "Moldavia",
             "MEX": "México"}


def split_article(s):
    """'Allemagne (l')' -> ('Allemagne', "l'"); 'Pays-Bas (Royaume des)' -> unchanged, None."""
    m = ART_RE.match(s)
    if m:
        return m.group(1), m.group(2)
    return s, None


def with_article(base, art):
    if not art:
        return base
    if art == "l'":
        return "l'" + base
    return art + " " + base


def leading_article(s):
    """'la République française' -> ('la', 'République française')."""
    for a in ("l'", "la ", "le ", "les ", "el ", "los ", "las ", "the "):
        if s.startswith(a):
            return a.strip(), s[len(a):]
    return None, s


def cap1(s):
    return s[:1].upper() + s[1:]


class Entity:
    def __init__(self, row, aliases):
        self.iso3 = row["iso3"]
        self.kind = row.get("kind", "state")
        self.name = row["name"]
        self.formal = row.get("formal") or row["name"]
        self.fr_short = row.get("fr_short") or self.name
        self.fr_formal = row.get("fr_formal") or self.fr_short
        self.es_short = row.get("es_short") or self.name
        self.es_formal = row.get("es_formal") or self.es_short
        self.aliases = aliases.get(self.iso3, [])

    # ---- English
    def en_the(self, base):
        if base in EN_THE or any(base == p or base.startswith(p + " ") for p in EN_THE_PREFIX):
            return "the " + base
        return base

    def en(self, style, rnd):
        """Returns (printed form, article-carrying form for running text)."""
        if style == "un":
            return self.name, self.en_the(PAREN_RE.sub("", self.name) if "(" in self.name else self.name)
        if style == "common":
            cands = [a for (lang, typ, a) in self.aliases if lang in ("en", "any") and typ == "common"]
            if self.iso3 in EN_COMMON:
                cands.append(EN_COMMON[self.iso3])
            c = self.pick(cands, rnd) or PAREN_RE.sub("", self.name)
            return c, self.en_the(c)
        if style == "formal":
            art, base = leading_article(self.formal)
            return base, self.formal
        if style == "the":
            base = PAREN_RE.sub("", self.name) if "(" in self.name else self.name
            t = self.en_the(base)
            if t == "the Gambia":
                t = "The Gambia"
            return t, t
        raise ValueError(style)

    # ---- French / Spanish
    @staticmethod
    def pick(cands, rnd):
        cands = sorted(set(cands))
        if not cands:
            return None
        return rnd.choice(cands) if rnd is not None else cands[0]

    def romance(self, lang, style, rnd=None):
        short = self.fr_short if lang == "fr" else self.es_short
        formal = self.fr_formal if lang == "fr" else self.es_formal
        common = (FR_COMMON if lang == "fr" else ES_COMMON).get(self.iso3)
        base, art = split_article(short)
        if style == "short":
            return base, with_article(base, art)
        if style == "short_art":
            return with_article(base, art), with_article(base, art)
        if style == "common":
            cands = [a for (lg, typ, a) in self.aliases if lg == lang and typ == "common"]
            if common:
                cands.append(common)
            c = self.pick(cands, rnd) or PAREN_RE.sub("", base)
            return c, c
        if style == "formal":
            a, b = leading_article(formal)
            return cap1(b), formal
        if style == "formal_art":
            return formal, formal
        raise ValueError(style)

    def printed(self, lang, style, rnd):
        if lang == "en":
            return self.en(style, rnd)
        return self.romance(lang, style, rnd)

    def article_parts(self, lang, style, form):
        """(article, bare name) for 'de la / du / del' contractions in signature cells.
        form: the (printed, running-text) pair chosen for this document."""
        if lang == "en":
            return leading_article(form[1])
        if style == "common":
            return None, form[0]
        short = self.fr_short if lang == "fr" else self.es_short
        formal = self.fr_formal if lang == "fr" else self.es_formal
        if style in ("formal", "formal_art"):
            return leading_article(formal)
        base, art = split_article(short)
        return art, base


def load_names(data_dir):
    ents = read_tsv(os.path.join(data_dir, "entities.tsv"))
    aliases = {}
    ap = os.path.join(data_dir, "aliases.tsv")
    if os.path.exists(ap):
        for r in read_tsv(ap):
            if r.get("iso3") and r.get("alias"):
                aliases.setdefault(r["iso3"], []).append((r.get("lang", "en"), r.get("type", ""), r["alias"]))
    return [Entity(r, aliases) for r in ents if r.get("iso3")]


def sort_key(s):
    a, b = leading_article(s)
    b = unicodedata.normalize("NFKD", b)
    return "".join(ch for ch in b if not unicodedata.combining(ch)).lower()


# --------------------------------------------------------------------------
# text banks
# --------------------------------------------------------------------------

TOPICS = {
    "en": ["the Protection of Civilians in Armed Conflict", "Media Freedom", "Climate, Peace and Security",
           "the Safety of Journalists", "Universal Health Coverage", "Countering Disinformation",
           "Nuclear Disarmament", "Gender Equality", "Humanitarian Access", "Responsible State Behaviour in "
           "Cyberspace", "Global Food Security", "the Abolition of the Death Penalty", "Children and Armed Conflict",
           "the Rights of Persons with Disabilities", "Ocean Governance"],
    "fr": ["la protection des civils dans les conflits armés", "la liberté de la presse", "le climat, la paix et "
           "la sécurité", "la sécurité des journalistes", "la couverture sanitaire universelle", "la lutte contre "
           "la désinformation", "le désarmement nucléaire", "l'égalité entre les femmes et les hommes",
           "l'accès humanitaire", "le comportement responsable des États dans le cyberespace", "la sécurité "
           "alimentaire mondiale", "l'abolition de la peine de mort", "les enfants et les conflits armés",
           "les droits des personnes handicapées", "la gouvernance des océans"],
    "es": ["la protección de los civiles en los conflictos armados", "la libertad de prensa", "el clima, la paz y "
           "la seguridad", "la seguridad de los periodistas", "la cobertura sanitaria universal", "la lucha contra "
           "la desinformación", "el desarme nuclear", "la igualdad de género", "el acceso humanitario",
           "el comportamiento responsable de los Estados en el ciberespacio", "la seguridad alimentaria mundial",
           "la abolición de la pena de muerte", "los niños y los conflictos armados", "los derechos de las "
           "personas con discapacidad", "la gobernanza de los océanos"],
}
TITLE_PAT = {
    "en": ["Joint Statement on {t}", "Joint Declaration on {t}", "Ministerial Declaration on {t}",
           "Cross-Regional Joint Statement on {t}", "Joint Communiqué on {t}", "Open Letter on {t}"],
    "fr": ["Déclaration conjointe sur {t}", "Déclaration commune relative à {t}", "Déclaration ministérielle sur {t}",
           "Communiqué conjoint sur {t}"],
    "es": ["Declaración conjunta sobre {t}", "Comunicado conjunto sobre {t}", "Declaración ministerial sobre {t}",
           "Declaración conjunta relativa a {t}"],
}
CITIES = {
    "en": ["New York", "Geneva", "Vienna", "Brussels", "Paris", "The Hague", "Nairobi", "Addis Ababa", "Bangkok",
           "Mexico City", "Washington, D.C.", "Santiago", "Dakar", "Canberra", "Ottawa", "Tokyo"],
    "fr": ["New York", "Genève", "Vienne", "Bruxelles", "Paris", "La Haye", "Nairobi", "Addis-Abeba", "Dakar",
           "Mexico", "Rabat", "Abidjan", "Ottawa", "Luxembourg"],
    "es": ["Nueva York", "Ginebra", "Viena", "Bruselas", "Madrid", "La Haya", "Santiago", "Ciudad de México",
           "Bogotá", "Lima", "Buenos Aires", "Montevideo", "Panamá", "Quito"],
}
MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
}

SENT = {
    "en": {
        "m": ["We are deeply concerned by recent developments in {M}.",
              "We take note of the measures adopted by {M} and encourage further progress.",
              "We welcome the talks held in {C} and the constructive engagement of {M}.",
              "The situation in {M} continues to demand the attention of the international community.",
              "We express our appreciation to {M} for hosting the consultations in {C}.",
              "We stand ready to work with all partners, including {M}, to achieve these objectives.",
              "Reports from {M} show that much remains to be done."],
        "x": ["We, the undersigned, reaffirm our commitment to {t}.",
              "We recall the relevant resolutions of the General Assembly and of the Human Rights Council.",
              "We call on all States to respect their obligations under international law.",
              "We commend the efforts of civil society organizations, in particular those meeting in {C}.",
              "Progress remains uneven across regions, and much more needs to be done.",
              "We encourage other States to join this statement.",
              "We underline the importance of full, equal and meaningful participation of women.",
              "We will continue to follow this matter closely and to raise it in relevant multilateral fora.",
              "Accountability for violations and abuses is essential to prevent their recurrence.",
              "We support the work of the United Nations and of regional organizations in this field."],
    },
    "fr": {
        "m": ["Nous sommes profondément préoccupés par l'évolution récente de la situation concernant {M}.",
              "Nous prenons note des mesures adoptées par {M} et encourageons de nouveaux progrès.",
              "Nous saluons les discussions tenues à {C} et l'engagement constructif de {M}.",
              "Nous remercions {M} d'avoir accueilli les consultations à {C}.",
              "Nous sommes prêts à travailler avec tous les partenaires, y compris {M}, pour atteindre ces objectifs."],
        "x": ["Nous, signataires, réaffirmons notre attachement à {t}.",
              "Nous rappelons les résolutions pertinentes de l'Assemblée générale et du Conseil des droits de l'homme.",
              "Nous appelons tous les États à respecter leurs obligations au titre du droit international.",
              "Nous saluons les efforts des organisations de la société civile, notamment celles réunies à {C}.",
              "Les progrès restent inégaux selon les régions et beaucoup reste à faire.",
              "Nous encourageons les autres États à se joindre à cette déclaration.",
              "L'établissement des responsabilités est essentiel pour prévenir la répétition de ces violations.",
              "Nous soutenons l'action des Nations Unies et des organisations régionales dans ce domaine."],
    },
    "es": {
        "m": ["Expresamos nuestra profunda preocupación por la evolución reciente de la situación en {M}.",
              "Tomamos nota de las medidas adoptadas por {M} y alentamos nuevos avances.",
              "Acogemos con beneplácito las conversaciones celebradas en {C} y el compromiso constructivo de {M}.",
              "Agradecemos a {M} la organización de las consultas celebradas en {C}.",
              "Estamos dispuestos a trabajar con todos los asociados, incluido {M}, para alcanzar estos objetivos."],
        "x": ["Nosotros, los firmantes, reafirmamos nuestro compromiso con {t}.",
              "Recordamos las resoluciones pertinentes de la Asamblea General y del Consejo de Derechos Humanos.",
              "Exhortamos a todos los Estados a que cumplan sus obligaciones en virtud del derecho internacional.",
              "Encomiamos los esfuerzos de las organizaciones de la sociedad civil, en particular las reunidas en {C}.",
              "Los avances siguen siendo desiguales entre regiones y queda mucho por hacer.",
              "Alentamos a otros Estados a sumarse a esta declaración.",
              "La rendición de cuentas es esencial para evitar que se repitan estas violaciones.",
              "Apoyamos la labor de las Naciones Unidas y de las organizaciones regionales en este ámbito."],
    },
}

LIST_INTRO = {
    "en": ["The following States have endorsed this statement:", "Signatories:", "This statement is supported by "
           "the following States:", "Endorsed by:", "The statement was signed by the following States:",
           "List of signatories", "Joined by:"],
    "fr": ["Cette déclaration est signée par les États suivants :", "Signataires :", "Les États suivants se sont "
           "associés à cette déclaration :", "Liste des signataires", "Ont signé :"],
    "es": ["Los siguientes Estados han suscrito esta declaración:", "Firmantes:", "Esta declaración ha sido "
           "firmada por los siguientes Estados:", "Lista de signatarios", "Firmada por:"],
}
PROSE_INTRO = {
    "en": ["This statement is endorsed by ", "This statement is supported by ", "Signed by ",
           "The following States have joined this statement: ", "This joint statement is delivered on behalf of ",
           "Signatories: "],
    "fr": ["Cette déclaration est signée par ", "La présente déclaration est soutenue par ", "Signataires : ",
           "Cette déclaration est signée par les États suivants : "],
    "es": ["Esta declaración ha sido suscrita por ", "Firmada por ", "Los siguientes Estados han suscrito esta "
           "declaración: ", "Firmantes: "],
}
CONJ = {"en": "and", "fr": "et", "es": "y"}
GOV = {"en": "For the Government of", "fr": "Pour le Gouvernement", "es": "Por el Gobierno"}
TABLE_HEAD = {"en": (["State", "Date of endorsement"], ["State", "Represented by"]),
              "fr": (["État", "Date d'adhésion"], ["État", "Représenté par"]),
              "es": (["Estado", "Fecha de adhesión"], ["Estado", "Representado por"])}
ROLES = {"en": ["Minister for Foreign Affairs", "Permanent Representative", "Ambassador", "Deputy Minister"],
         "fr": ["Ministre des Affaires étrangères", "Représentant permanent", "Ambassadeur", "Vice-ministre"],
         "es": ["Ministro de Relaciones Exteriores", "Representante Permanente", "Embajador", "Viceministra"]}
NOTE_TEXT = {"en": ["Subject to ratification.", "Endorsed after the date of adoption.",
                    "On behalf of the European part of the Kingdom."],
             "fr": ["Sous réserve de ratification.", "Adhésion postérieure à la date d'adoption."],
             "es": ["Con sujeción a ratificación.", "Adhesión posterior a la fecha de aprobación."]}
TITLE_BY = {"en": "Joint Statement by ", "fr": "Déclaration conjointe de ", "es": "Declaración conjunta de "}
TITLE_ON = {"en": " on ", "fr": " sur ", "es": " sobre "}
PRESS = {"en": "Press Release", "fr": "Communiqué de presse", "es": "Comunicado de prensa"}


def fmt_date(lang, d, city, rnd):
    m = MONTHS[lang][d.month - 1]
    if lang == "en":
        s = "%d %s %d" % (d.day, m, d.year) if rnd.random() < 0.85 else "%s %d, %d" % (m, d.day, d.year)
        return (city + ", " + s) if city else s
    if lang == "fr":
        day = "1er" if d.day == 1 else str(d.day)
        s = "%s %s %d" % (day, m, d.year)
        return (city + ", le " + s) if city else ("Le " + s)
    s = "%d de %s de %d" % (d.day, m, d.year)
    return (city + ", " + s) if city else s


# --------------------------------------------------------------------------
# document generator
# --------------------------------------------------------------------------

def contract(lang, s):
    """French and Spanish article contractions after a preposition."""
    if lang == "fr":
        s = re.sub(r"\b([àÀ]) le ", "au ", s)
        s = re.sub(r"\b([àÀ]) les ", "aux ", s)
        s = re.sub(r"\bde le ", "du ", s)
        s = re.sub(r"\bde les ", "des ", s)
    elif lang == "es":
        s = re.sub(r"\ba el ", "al ", s)
        s = re.sub(r"\bde el ", "del ", s)
    return s


def contract_mention(lang, before, m):
    """'de' + 'le Soudan' -> 'du' + 'Soudan'; 'a' + 'el Sudán' -> 'al' + 'Sudán'."""
    rules = {"fr": [("de ", "le ", "du "), ("de ", "les ", "des "), ("à ", "le ", "au "), ("à ", "les ", "aux ")],
             "es": [("de ", "el ", "del "), ("a ", "el ", "al ")]}.get(lang, [])
    for prep, art, rep in rules:
        if (before.endswith(" " + prep) or before == prep) and m.text.startswith(art):
            return before[:len(before) - len(prep)] + rep, M(m.iso3, m.text[len(art):])
    return before, m


def weighted(rnd, pairs):
    tot = sum(w for _, w in pairs)
    x = rnd.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def prose_runs(items, conj, oxford, sep):
    runs = []
    k = len(items)
    for i, it in enumerate(items):
        if i > 0:
            if i == k - 1:
                if sep.strip() == ";":
                    runs.append("; %s " % conj)
                else:
                    runs.append((", " if oxford and k > 2 else " ") + conj + " ")
            else:
                runs.append(sep)
        runs.extend(it)
    runs.append(".")
    return runs


def de_contract(lang, art, name):
    """'Pour le Gouvernement' + 'du' / 'de la' / 'de l'' / 'des' / 'de' (fr), 'del' / 'de la' ... (es)."""
    if lang == "fr":
        if art == "le":
            return "du "
        if art == "les":
            return "des "
        if art == "la":
            return "de la "
        if art == "l'":
            return "de l'"
        return "d'" if name[:1].lower() in "aeiouéèêâîôûh" else "de "
    if lang == "es":
        if art == "el":
            return "del "
        if art in ("la", "los", "las"):
            return "de %s " % art
        return "de "
    return ""


def make_doc(rnd, ents, lang, producer, idx, allow_scan=True, era=None, srnd=None):
    """era (scans only): None, "modern" or "old"; "old" is a typewritten
    document of 1970-1995 that prints former names (data/aliases.tsv, type
    former) where its States had one.  srnd draws everything era changes, so
    rnd's sequence (and so every document of a corpus without --scans) stays
    as it was."""
    status = "ok"
    r = rnd.random()
    scanned = r < 0.01 and allow_scan
    nolist = 0.01 <= r < 0.03
    layouts = []
    topic_i = rnd.randrange(len(TOPICS[lang]))
    topic = TOPICS[lang][topic_i]
    title = contract(lang, rnd.choice(TITLE_PAT[lang]).format(t=topic))
    city = rnd.choice(CITIES[lang])
    d = datetime.date(2005, 1, 1) + datetime.timedelta(days=rnd.randrange(7300))
    has_date = rnd.random() < 0.95
    date_line = fmt_date(lang, d, city if rnd.random() < 0.85 else None, rnd) if has_date else None
    if era == "old":
        d = datetime.date(1970, 1, 1) + datetime.timedelta(days=srnd.randrange(9131))
        date_line = fmt_date(lang, d, city if srnd.random() < 0.85 else None, srnd) if has_date else None

    states = [e for e in ents if e.kind != "organization"]
    eu = [e for e in ents if e.kind == "organization"]
    n = weighted(rnd, [((3, 15), 40), ((16, 50), 35), ((51, 120), 25)])
    n = rnd.randint(*n)
    sig = rnd.sample(states, min(n, len(states)))
    if eu and rnd.random() < 0.1:
        sig.append(eu[0])
    if lang == "en":
        style = weighted(rnd, [("un", 45), ("common", 25), ("formal", 10), ("the", 20)])
    else:
        style = weighted(rnd, [("short", 45), ("short_art", 20), ("common", 15), ("formal", 10), ("formal_art", 10)])
    if style in ("the", "short_art", "formal_art") or (style == "formal" and lang == "en" and False):
        layouts.append("the-prefix")

    forms = {e.iso3: e.printed(lang, style, rnd) for e in sig}
    hist = set()
    if era == "old":
        for e in sig:
            former = sorted({a for (lg, typ, a) in e.aliases if typ == "former" and lg in (lang, "any")})
            if former and srnd.random() < 0.8:
                f = srnd.choice(former)
                forms[e.iso3] = (f, f)
                hist.add(e.iso3)

    def NX(e, text):
        return (NH if e.iso3 in hist else N)(e.iso3, text)

    def P(e, prose=False):
        p, run = forms[e.iso3]
        return run if prose and style == "formal" else p

    alphabetical = rnd.random() < 0.8
    if alphabetical:
        sig.sort(key=lambda e: sort_key(P(e)))
    else:
        rnd.shuffle(sig)
        if eu and eu[0] in sig:
            sig.remove(eu[0])
            sig.append(eu[0])

    # mentions: non-signatories named in the body
    others = [e for e in states if e not in sig]
    n_m = weighted(rnd, [(0, 20), (1, 30), (2, 25), (3, 15), (4, 10)])
    ments = rnd.sample(others, n_m)

    def mention(e):
        if lang == "en":
            return M(e.iso3, e.en("un" if style == "un" else style, rnd)[1])
        return M(e.iso3, e.romance(lang, "formal_art" if style in ("formal", "formal_art") else "short_art")[1])

    # layout
    small = len(sig) <= 5
    if nolist:
        layout = "no-list"
    else:
        choices = [("prose", 30), ("one-per-line", 12), ("numbered", 8), ("two-column", 14),
                   ("three-column", 10), ("table-signature", 8 if len(sig) <= 40 else 1), ("table-plain", 10)]
        if small:
            choices.append(("title-list", 15))
        layout = weighted(rnd, choices)
    before = layout not in ("prose", "title-list", "table-signature", "no-list") and rnd.random() < 0.3
    # footnote markers
    notes = {}
    if layout not in ("prose", "title-list", "no-list") and rnd.random() < 0.12 or (layout == "prose" and rnd.random() < 0.05):
        for e in rnd.sample(sig, min(len(sig), rnd.randint(1, 2))):
            notes[e.iso3] = (rnd.choice(["*", "1", "\u00b9", "a"]), rnd.choice(NOTE_TEXT[lang]))
        layouts.append("footnotes")
    caps = layout in ("table-plain", "table-signature") and rnd.random() < 0.3
    if caps:
        layouts.append("all-caps")

    def item(e, prose=False):
        t = P(e, prose)
        if caps:
            t = t.upper()
        runs = [NX(e, t)]
        if e.iso3 in notes:
            mark, txt = notes[e.iso3]
            runs.append(Sup(mark, [txt]))
        return runs

    # body
    xs = list(SENT[lang]["x"])
    rnd.shuffle(xs)
    ms = list(SENT[lang]["m"])
    rnd.shuffle(ms)

    def pick(lst, bank):
        if not lst:
            lst.extend(bank)
            rnd.shuffle(lst)
        return lst.pop()

    def body_paras(k):
        paras = []
        pool = list(ments)
        for _ in range(k):
            runs = []
            for _ in range(rnd.randint(2, 4)):
                if pool and rnd.random() < 0.6:
                    tpl = pick(ms, SENT[lang]["m"])
                    e = pool.pop(0)
                else:
                    tpl = pick(xs, SENT[lang]["x"])
                    e = None
                tpl = contract(lang, tpl.replace("{t}", topic).replace("{C}", rnd.choice(CITIES[lang])))
                if e is not None:
                    a, b = tpl.split("{M}", 1)
                    m = mention(e)
                    if a == "" or a.endswith(". "):
                        m = M(m.iso3, cap1(m.text))
                    a, m = contract_mention(lang, a, m)
                    runs += [a, m, b + " "]
                else:
                    runs.append(tpl + " ")
            runs[-1] = runs[-1].rstrip()
            paras.append(Para(runs))
        while pool:  # left-over mentions
            e = pool.pop(0)
            tpl = pick(ms, SENT[lang]["m"]).replace("{C}", rnd.choice(CITIES[lang]))
            a, b = tpl.split("{M}", 1)
            a, m = contract_mention(lang, a, mention(e))
            paras.append(Para([a, m, b]))
        return paras

    long_doc = rnd.random() < 0.04
    nb = rnd.randint(1, 4)
    body = body_paras(nb)
    if long_doc:
        layouts.append("long-document")
        extra = []
        for s in range(rnd.randint(5, 8)):
            extra.append(Para("%d." % (s + 1) + " " + cap1(rnd.choice(TOPICS[lang])), "heading"))
            for _ in range(rnd.randint(4, 7)):
                extra.append(Para(contract(lang, " ".join(pick(xs, SENT[lang]["x"]).replace("{t}", topic).replace(
                    "{C}", rnd.choice(CITIES[lang])) for _ in range(rnd.randint(3, 6))))))
        body = body + extra

    blocks = []
    title_runs = [title]
    if layout == "title-list":
        its = [item(e) for e in sig]
        title_runs = [TITLE_BY[lang]] + prose_runs(its, CONJ[lang], False, ", ")[:-1] + [TITLE_ON[lang] + topic]
    if layout == "no-list":
        blocks.append(Para(PRESS[lang], "subtitle"))
    blocks.append(Para(title_runs, "title"))
    if date_line:
        blocks.append(Para(date_line, "date", align=rnd.choice(["right", "right", "left", "center"])))

    cols = {"two-column": 2, "three-column": 3}.get(layout, 1)
    narrow = cols > 1 and rnd.random() < 0.3
    if narrow:
        layouts.append("narrow-wrapped")
    list_blocks = []
    if layout == "prose":
        sep = ", "
        conj = CONJ[lang]
        oxford = lang == "en" and rnd.random() < 0.5
        if rnd.random() < 0.12:
            sep = "; "
            layouts.append("prose-semicolon")
        else:
            layouts.append({"en": "prose-and" if oxford else "prose-and-no-oxford", "fr": "prose-et",
                            "es": "prose-y"}[lang])
        its = [item(e, True) for e in sig]
        list_blocks.append(Para([rnd.choice(PROSE_INTRO[lang])] + prose_runs(its, conj, oxford, sep)))
    elif layout in ("one-per-line", "numbered", "two-column", "three-column"):
        layouts.append(layout)
        list_blocks.append(Para(rnd.choice(LIST_INTRO[lang]), rnd.choice(["intro", "heading"])))
        width = None
        if narrow:
            width = rnd.choice([90, 100, 110, 120]) if cols == 3 else rnd.choice([70, 80, 90])
        list_blocks.append(NameList([item(e) for e in sig], cols=cols, numbered=(layout == "numbered"),
                                    width_mm=width, bold=rnd.random() < 0.1))
    elif layout == "table-signature":
        layouts.append(layout)
        cells = []
        for e in sig:
            t = item(e)
            if lang == "en":
                a, b = e.article_parts(lang, style, forms[e.iso3])
                nm = ("the " if a else "") + (b.upper() if caps else b)
                t[0] = NX(e, nm)
                # a scan has room for a signature over the rule
                cells.append([[GOV[lang]], t, [], [], [Rule(55)]] if era else [[GOV[lang]], t, [], [Rule(55)]])
            else:
                a, b = e.article_parts(lang, style, forms[e.iso3])
                if e.iso3 in hist:
                    a, b = leading_article(forms[e.iso3][0])
                t[0] = NX(e, b.upper() if caps else b)
                gov = [[GOV[lang]], [de_contract(lang, a, b)] + t]
                cells.append(gov + ([[], [], [Rule(55)]] if era else [[], [Rule(55)]]))
        per = 2 if rnd.random() < 0.8 else 3
        rows = [cells[i:i + per] for i in range(0, len(cells), per)]
        if rnd.random() < 0.5:
            list_blocks.append(Para({"en": "Done at %s.", "fr": "Fait à %s.", "es": "Hecho en %s."}[lang] % city,
                                    align="left"))
        list_blocks.append(Table(rows, borders=rnd.random() < 0.3, col_widths_mm=[160.0 / per] * per))
    elif layout == "table-plain":
        layouts.append(layout)
        list_blocks.append(Para(rnd.choice(LIST_INTRO[lang]), "intro"))
        kind = rnd.choice(["date", "role", "grid"])
        if kind == "grid":
            per = rnd.choice([2, 3, 4])
            its = [[item(e)] for e in sig]
            rows = [its[i:i + per] for i in range(0, len(its), per)]
            list_blocks.append(Table(rows, borders=rnd.random() < 0.6, col_widths_mm=[160.0 / per] * per))
        else:
            head = TABLE_HEAD[lang][0 if kind == "date" else 1]
            rows = []
            for e in sig:
                if kind == "date":
                    dd = d + datetime.timedelta(days=rnd.choice([0, 0, 0, rnd.randrange(400)]))
                    other = fmt_date(lang, dd, None, rnd).replace("Le ", "")
                else:
                    other = rnd.choice(ROLES[lang])
                rows.append([[item(e)], [[other]]])
            list_blocks.append(Table(rows, header=head, borders=rnd.random() < 0.6, col_widths_mm=[85, 70]))
    elif layout == "title-list":
        layouts.append("title-list")
    elif layout == "no-list":
        layouts.append("no-list")
        status = "no_signatories"

    if before and list_blocks:
        layouts.append("list-before-body")
        blocks += list_blocks + body
    else:
        if list_blocks:
            layouts.append("list-after-body")
        blocks += body
        if long_doc and list_blocks and rnd.random() < 0.5:
            blocks.append(PageBreak())
        blocks += list_blocks
    hf = rnd.random() < 0.3 or long_doc
    if hf:
        layouts.append("header-footer")
    doc = Doc(lang, title, blocks,
              header=(title if len(title) < 80 else title[:77].rsplit(" ", 1)[0] + "\u2026") if hf and rnd.random() < 0.8 else None,
              footer=hf, font="sans" if rnd.random() < 0.3 else "serif", size=rnd.choice([10, 11, 11, 12]),
              paper="a4" if rnd.random() < 0.8 else "letter", variant=rnd.randrange(4))
    if scanned:
        status = "needs_ocr"
        layouts.append("scanned")
    if era:
        layouts.append("scanned")
        if era == "old":
            doc.font = "mono"
            layouts.append("typewriter")
        if hist and status == "ok":
            layouts.append("historical-names")
    return doc, status, layouts, (d.isoformat() if has_date else None)


# --------------------------------------------------------------------------
# driver
# --------------------------------------------------------------------------

def page_texts(pdf):
    out = subprocess.run(["pdftotext", pdf, "-"], stdout=subprocess.PIPE).stdout.decode("utf-8", "replace")
    return out.split("\f")


def squash(s):
    return re.sub(r"[\s\-\u00ad]+", "", s.replace("\u2019", "'").lower())


def list_spans_pages(pdf, doc):
    """True if the first and the last signatory names are printed on different pages."""
    names = [r.text for r in _iter_n(doc)]
    if len(names) < 2:
        return False
    pages = [squash(p) for p in page_texts(pdf)]

    def page_of(t, start=0):
        t = squash(t)
        for i in range(start, len(pages)):
            if t in pages[i]:
                return i
        return None

    a = page_of(names[0])
    if a is None:
        return False
    b = page_of(names[-1], a)
    return b is not None and b != a


def _bare(t):
    a, b = leading_article(t)
    return re.sub(r"\s+", " ", b.replace("\u2019", "'")).lower()


def has_traps(doc):
    """A signatory name (less its last letter) that starts a word inside another
    printed name or mention: Niger/Nigeria, Guinea/Equatorial Guinea,
    Sudan/South Sudan, Dominica/Dominican Republic, Congo/Democratic Republic
    of the Congo, Ireland/... Northern Ireland, Samoa/American Samoa."""
    from declgen import walk_runs
    names = [_bare(r.text) for r in walk_runs(doc) if isinstance(r, N)]
    others = [_bare(r.text) for r in walk_runs(doc) if isinstance(r, (N, M))]
    for a in names:
        if len(a) < 4:
            continue
        rx = re.compile(r"(?<!\w)" + re.escape(a[:-1]))
        for b in others:
            if b != a and rx.search(b):
                return True
    return False


def hyphenated_names(pdf, doc):
    """True if some signatory name is broken by a line-end hyphen in the text layer."""
    raw = "".join(page_texts(pdf)).replace("\u2019", "'")
    flat = re.sub(r"\s+", " ", raw)
    joined = re.sub(r"(\w) ?- (\w)", r"\1\2", flat)
    for r in _iter_n(doc):
        t = re.sub(r"\s+", " ", r.text.replace("\u2019", "'"))
        if t not in flat and t.replace("-", "") in joined.replace("-", ""):
            return True
    return False


def _iter_n(doc):
    from declgen import walk_runs
    for r in walk_runs(doc):
        if isinstance(r, N):
            yield r


OCR_LANG = {"en": "eng", "fr": "fra", "es": "spa"}


def random_scan(srnd, era, lang, signatures, seed):
    """The degradation of one generated scan (the fields of declgen.Scan).
    Kept within what a careful reader of the OCR output can still read: old
    typewritten pages get thicker ink and more wear, no page gets both strong
    uneven light and a faded range (tesseract then sees no text at all)."""
    old = era == "old"
    wrapper = weighted(srnd, [("ghostscript", 60), ("img2pdf", 25), ("tesseract", 15)])
    bits = 8 if wrapper == "img2pdf" else (1 if srnd.random() < (0.7 if old else 0.4) else 8)
    kw = dict(dpi=srnd.choice([150, 200, 200, 240, 300]), skew=round(srnd.choice([-1, 1]) * srnd.uniform(1.0, 3.0), 2),
              bits=bits, blur=round(srnd.uniform(0.4, 1.2), 2), noise=round(srnd.uniform(0.05, 0.35), 2),
              speckle=round(srnd.choice([0, 0, srnd.uniform(0.01, 0.04)]), 3), dust=srnd.choice([0, 5, 10, 20, 30]),
              edge=srnd.choice([0, 0, 0, 0, 3, 6]), streak=srnd.random() < 0.1,
              ink=srnd.choice([1, 1.5]) if old else 0,
              wear=round(srnd.uniform(0.1, 0.35) if old else srnd.choice([0, 0, srnd.uniform(0.0, 0.1)]), 2),
              wrapper=wrapper, signatures="below" if signatures else None, seed=seed)
    light = srnd.random() < 0.4
    kw["lighting"] = round(srnd.uniform(0.05, 0.15), 2) if light else 0.0
    if bits == 1:
        kw["threshold"] = srnd.randint(50, 58)
    else:
        kw["quality"] = srnd.randint(25, 60)
        kw["fade"] = 0.0 if light else round(srnd.choice([0, srnd.uniform(0.02, 0.08)]), 2)
    if wrapper == "tesseract":
        # below 120 dpi a bilevel page is no longer legible; a grey one is down to 80 dpi
        kw["ocr_dpi"] = srnd.choice([120, 150] if bits == 1 else [80, 90, 100, 110])
        kw["ocr_lang"] = srnd.choice(["eng", OCR_LANG[lang]])
    return Scan(**kw)


def sign_names(doc):
    """The signatory names printed in tables (where a scan draws signatures)."""
    return [r.text for b in doc.blocks if isinstance(b, Table)
            for row in b.rows for cell in row for ln in cell for r in ln if isinstance(r, N)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--producers", nargs="+", choices=PRODUCERS, default=PRODUCERS)
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    ap.add_argument("--prefix", default=None, help="id prefix (default: s<seed>_)")
    ap.add_argument("--lang", choices=["ar", "zh", "ru"], default=None,
                    help="statements in Arabic, Chinese or Russian (producers: xelatex, chromium, libreoffice)")
    ap.add_argument("--scans", action="store_true",
                    help="every document is printed by one of --producers, then scanned (see README.md); "
                         "truth status is what the tool must give with OCR")
    args = ap.parse_args()

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1704067200"))
    ents = load_names(args.data)
    if not ents:
        sys.exit("no entities in %s" % args.data)
    os.makedirs(args.out, exist_ok=True)
    srcdir = os.path.join(args.out, "src")
    os.makedirs(srcdir, exist_ok=True)
    rnd = random.Random(args.seed)
    prefix = args.prefix if args.prefix is not None else "s%d_" % args.seed

    jobs = []
    if args.lang:
        import un6
        names = un6.Names(args.data)
        producers = [p for p in args.producers if p in ("xelatex", "chromium", "libreoffice")]
        if not producers or args.scans:
            sys.exit("--lang %s: producers xelatex, chromium, libreoffice, no --scans" % args.lang)
        for i in range(args.n):
            producer = rnd.choice(producers)
            layout = rnd.choice(["prose", "one-per-line", "columns", "table"])
            doc, date, layouts = un6.make_doc(names, args.lang, rnd, layout, i)
            jobs.append(("%s%s_%05d" % (prefix, args.lang, i), args.lang, producer, doc, "ok", layouts, date,
                         None))
    for i in range(0 if args.lang else args.n):
        lang = weighted(rnd, [("en", 60), ("fr", 20), ("es", 20)])
        producer = rnd.choice(args.producers)
        srnd = era = scan = None
        if args.scans:
            # a second generator for everything a scan adds: rnd draws as without --scans
            srnd = random.Random("%d:scan:%d" % (args.seed, i))
            era = "old" if srnd.random() < 0.3 else "modern"
        doc, status, layouts, date = make_doc(rnd, ents, lang, producer, i,
                                              allow_scan=not args.scans and "ghostscript" in args.producers,
                                              era=era, srnd=srnd)
        did = "%s%05d" % (prefix, i)
        if status == "needs_ocr":
            producer = "ghostscript"
        doc.gs_route = rnd.choice(["groff", "dvips"])
        if args.scans:
            scan = random_scan(srnd, era, lang, "table-signature" in layouts, args.seed * 100000 + i)
        jobs.append((did, lang, producer, doc, status, layouts, date, scan))

    timing = {p: [0.0, 0] for p in PRODUCERS}
    t_all = time.time()

    # LibreOffice: one soffice call for all .fodt files, run in a thread while the
    # other producers work in the main thread (2 heavy processes at most).
    lo = [j for j in jobs if j[2] == "libreoffice"]
    lo_err = []

    def run_lo():
        t0 = time.time()
        paths = []
        for did, lang, producer, doc, status, layouts, date, scan in lo:
            p = os.path.join(srcdir, did + ".fodt")
            with open(p, "w", encoding="utf-8") as f:
                f.write(render_fodt(doc, epoch))
            paths.append(p)
        try:
            for k in range(0, len(paths), 100):
                build_libreoffice(paths[k:k + 100], args.out, epoch)
        except Exception as ex:  # noqa: BLE001
            lo_err.append(ex)
        timing["libreoffice"][0] += time.time() - t0
        timing["libreoffice"][1] += len(paths)

    th = threading.Thread(target=run_lo)
    th.start()
    for did, lang, producer, doc, status, layouts, date, scan in jobs:
        if producer == "libreoffice":
            continue
        t0 = time.time()
        pdf = os.path.join(args.out, did + ".pdf")
        src = os.path.join(srcdir, did)
        if status == "needs_ocr":
            tmp = src + ".full.pdf"
            build_groff(doc, src + ".ms", tmp, True, epoch)
            scan_pdf(tmp, pdf, epoch, paper=doc.paper if doc.paper == "letter" else "a4")
            os.remove(tmp)
        elif producer == "chromium":
            with open(src + ".html", "w", encoding="utf-8") as f:
                f.write(render_html(doc))
            build_chromium(src + ".html", pdf, epoch)
        elif producer in ("pdflatex", "xelatex"):
            with open(src + ".tex", "w", encoding="utf-8") as f:
                f.write(render_latex(doc, producer))
            build_latex(src + ".tex", pdf, producer, epoch)
        elif producer == "groff":
            build_groff(doc, src + ".ms", pdf, False, epoch)
        elif producer == "ghostscript":
            if doc.gs_route == "groff":
                build_groff(doc, src + ".ms", pdf, True, epoch)
            else:
                with open(src + ".tex", "w", encoding="utf-8") as f:
                    f.write(render_latex(doc, "pdflatex"))
                build_latex(src + ".tex", pdf, "dvips", epoch)
        timing[producer][0] += time.time() - t0
        timing[producer][1] += 1
    th.join()
    if lo_err:
        raise lo_err[0]

    # scans: what was built is the print (moved to src/<id>.print.pdf); scan it
    warnings = []
    if args.scans:
        timing["scan"] = [0.0, 0]
        for did, lang, producer, doc, status, layouts, date, scan in jobs:
            t0 = time.time()
            pdf = os.path.join(args.out, did + ".pdf")
            printed = os.path.join(srcdir, did + ".print.pdf")
            os.replace(pdf, printed)
            for name in scan_doc(printed, pdf, epoch, scan, sign_names(doc) if scan.signatures else [],
                                 paper=doc.paper):
                warnings.append("%s: no signature drawn for %r (its line was not found)" % (did, name))
            timing["scan"][0] += time.time() - t0
            timing["scan"][1] += 1

    counts = {}
    for did, lang, producer, doc, status, layouts, date, scan in jobs:
        pdf = os.path.join(args.out, did + ".pdf")
        sig, men = truth_of(doc)
        if scan is not None:
            # the scan has no text layer (but tesseract's); the print's text layer is checked
            if scan.wrapper != "tesseract" and squash("".join(page_texts(pdf))):
                warnings.append("%s: scanned document has a text layer" % did)
            pdf = os.path.join(srcdir, did + ".print.pdf")
        # sanity check of the text layer: every printed signatory name must be in it
        # (whitespace and hyphens ignored; names wrapped in narrow columns may be
        # interleaved with other columns, so every word is enough); a scan has no text
        full = squash("".join(page_texts(pdf)))
        if status == "needs_ocr":
            if full:
                warnings.append("%s: scanned document has a text layer" % did)
        else:
            for r in _iter_n(doc):
                if squash(r.text) not in full and not all(squash(w) in full for w in re.findall(r"\w+", r.text)):
                    warnings.append("%s (%s): name not found in text layer: %r" % (did, producer, r.text))
        if status == "ok" and "page-break-list" not in layouts and list_spans_pages(pdf, doc):
            layouts = layouts + ["page-break-list"]
        if status == "ok" and has_traps(doc):
            layouts = layouts + ["traps"]
        if status == "ok" and hyphenated_names(pdf, doc):
            layouts = layouts + ["hyphenation"]
        truth = {"case": did, "producer": scan.wrapper if scan else producer, "language": lang, "layouts": layouts,
                 "status": status, "signatories": sig if status == "ok" else [], "mentions": men, "date": date}
        if status == "needs_ocr":
            truth["printed_signatories"] = sig
        if scan is not None:
            truth.update({"scan": True, "text_layer": "ocr" if scan.wrapper == "tesseract" else "none",
                          "printed_by": producer, "historical": historical_of(doc) if status == "ok" else [],
                          "as_printed": as_printed_of(doc) if status == "ok" else {},
                          "degradation": scan.as_truth()})
            if scan.signatures:
                truth["layouts"] = layouts = layouts + ["signatures"]
            if scan.wrapper == "tesseract":
                truth["layouts"] = layouts = layouts + ["ocr-layer"]
        with open(os.path.join(args.out, did + ".truth.json"), "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
            f.write("\n")
        counts[truth["producer"]] = counts.get(truth["producer"], 0) + 1
    total = time.time() - t_all
    for w in warnings:
        print("WARNING", w, file=sys.stderr)
    summary = {"n": len(jobs), "seconds": round(total, 2), "warnings": len(warnings),
               "per_producer": {p: {"docs": c, "seconds": round(s, 2), "sec_per_doc": round(s / c, 3)}
                                for p, (s, c) in timing.items() if c}}
    with open(os.path.join(args.out, "timing.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
