"""Statements in Arabic, Chinese and Russian for bench/corpus/generate.py --lang ar|zh|ru.

Names come from data/entities_ar_zh_ru.tsv (UN short and formal names) and the CLDR and press
aliases (data/aliases_cldr_ar_zh_ru.tsv, data/aliases.tsv); the grammar of lists is written out
here, independently of the matcher's rules (src/gazetteer/forms.rs), so that the corpus tests
them rather than repeats them:

- Russian lists after "от имени" are in the genitive: only States whose genitive is written in
  RU_GENITIVE below (by hand) are put in such lists;
- Arabic glues و to the name after it ("فرنسا وألمانيا"), with or without commas;
- Chinese separates names with 、 and puts 和 or 以及 before the last, with no spaces.

Layouts: prose, one name per line, columns, a table (name and date). Every document names other
States in its body (distractors, truth "mentions"), some of them traps (刚果 beside
刚果民主共和国, Нигер beside Нигерия, السودان beside جنوب السودان).
"""

import datetime
import os

from declgen import M, N, Doc, NameList, Para, Table, read_tsv

AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

RU_MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                 "октября", "ноября", "декабря"]
AR_MONTHS = [("كانون الثاني", "يناير"), ("شباط", "فبراير"), ("آذار", "مارس"), ("نيسان", "أبريل"),
             ("أيار", "مايو"), ("حزيران", "يونيه"), ("تموز", "يوليه"), ("آب", "أغسطس"), ("أيلول", "سبتمبر"),
             ("تشرين الأول", "أكتوبر"), ("تشرين الثاني", "نوفمبر"), ("كانون الأول", "ديسمبر")]

CITIES = {"ar": ["نيويورك", "جنيف", "فيينا", "القاهرة", "الرباط", "الدوحة"],
          "zh": ["纽约", "日内瓦", "维也纳", "北京", "上海"],
          "ru": ["Нью-Йорк", "Женева", "Вена", "Москва", "Минск"]}

TOPICS = {"ar": ["سلامة الصحفيين", "حماية المدنيين في النزاعات المسلحة", "الأمن الغذائي العالمي",
                 "نزع السلاح النووي", "المساواة بين الجنسين", "حرية وسائط الإعلام"],
          "zh": ["记者安全", "在武装冲突中保护平民", "全球粮食安全", "核裁军", "性别平等", "媒体自由"],
          "ru": ["безопасности журналистов", "защите гражданских лиц в вооруженных конфликтах",
                 "глобальной продовольственной безопасности", "ядерном разоружении", "гендерном равенстве",
                 "свободе средств массовой информации"]}

TITLE = {"ar": "بيان مشترك بشأن {t}", "zh": "关于{t}的联合声明", "ru": "Совместное заявление о {t}"}

# Body sentences: {M} is a State named in passing (a distractor), in the case the sentence needs
# (Russian: nominative "n" or genitive "g"); {C} a city.
MENTION = {"ar": ["نرحب بالجهود التي تبذلها {M} في هذا المجال.", "نلاحظ التدابير التي اتخذتها {M} ونشجع على إحراز مزيد من التقدم.",
                  "نعرب عن تقديرنا لاستضافة {M} المشاورات في {C}."],
           "zh": ["我们欢迎{M}在这一领域所作的努力。", "我们注意到{M}采取的措施，并鼓励取得进一步进展。",
                  "我们感谢{M}在{C}主办磋商。"],
           "ru": [("n", "Мы приветствуем усилия, которые {M} предпринимает в этой области."),
                  ("g", "Мы принимаем к сведению меры, принятые правительством {M}, и призываем к дальнейшему прогрессу."),
                  ("g", "Мы выражаем признательность за проведение консультаций в {C} по приглашению {M}.")]}
FILLER = {"ar": ["نؤكد من جديد التزامنا بالقانون الدولي.", "ندعو جميع الدول إلى احترام التزاماتها.",
                 "نشجع الدول الأخرى على الانضمام إلى هذا البيان."],
          "zh": ["我们重申对国际法的承诺。", "我们呼吁所有国家履行其义务。", "我们鼓励其他国家加入本声明。"],
          "ru": ["Мы вновь подтверждаем нашу приверженность международному праву.",
                 "Мы призываем все государства соблюдать свои обязательства.",
                 "Мы призываем другие государства присоединиться к настоящему заявлению."]}
LIST_INTRO = {"ar": ["الدول الموقعة:", "الدول الأعضاء الموقعة على هذا البيان:", "الموقعون:"],
              "zh": ["以下国家签署了本声明：", "签署国：", "下列国家支持本声明："],
              "ru": ["Заявление поддержали следующие государства:", "Подписавшие государства:",
                     "Настоящее заявление подписали:"]}
# Prose lead-ins: (text, Russian case of the names that follow).
PROSE_INTRO = {"ar": [("الدول الموقعة: ", "n"), ("صدر هذا البيان باسم ", "n")],
               "zh": [("以下国家签署了本声明：", "n"), ("签署国：", "n")],
               "ru": [("Заявление подписали следующие государства: ", "n"),
                      ("Настоящее заявление сделано от имени следующих государств: ", "g")]}
TABLE_HEAD = {"ar": ["الدولة", "تاريخ التوقيع"], "zh": ["国家", "签署日期"], "ru": ["Государство", "Дата подписания"]}

# Genitive forms of Russian short names, written by hand (see the module's notes).
RU_GENITIVE = {
    "AUT": "Австрии", "BEL": "Бельгии", "BGR": "Болгарии", "BIH": "Боснии и Герцеговины", "BRA": "Бразилии",
    "CAN": "Канады", "CHE": "Швейцарии", "CHL": "Чили", "CRI": "Коста-Рики", "CZE": "Чехии", "DEU": "Германии",
    "DNK": "Дании", "ESP": "Испании", "EST": "Эстонии", "FIN": "Финляндии", "FRA": "Франции",
    "GBR": "Соединенного Королевства Великобритании и Северной Ирландии", "GRC": "Греции", "HRV": "Хорватии",
    "HUN": "Венгрии", "IRL": "Ирландии", "ISL": "Исландии", "ITA": "Италии", "JPN": "Японии",
    "KOR": "Республики Корея", "LTU": "Литвы", "LUX": "Люксембурга", "LVA": "Латвии", "MEX": "Мексики",
    "NLD": "Нидерландов", "NOR": "Норвегии", "NZL": "Новой Зеландии", "POL": "Польши", "PRT": "Португалии",
    "ROU": "Румынии", "SVK": "Словакии", "SVN": "Словении", "SWE": "Швеции", "URY": "Уругвая",
    "USA": "Соединенных Штатов Америки", "AUS": "Австралии", "ARG": "Аргентины", "KAZ": "Казахстана",
    "UZB": "Узбекистана", "KGZ": "Кыргызстана", "TJK": "Таджикистана", "ARM": "Армении", "BLR": "Беларуси",
    "CHN": "Китая", "IND": "Индии", "IRN": "Ирана", "CUB": "Кубы", "VEN": "Венесуэлы", "NIC": "Никарагуа",
    "SYR": "Сирийской Арабской Республики", "PRK": "Корейской Народно-Демократической Республики",
    "TTO": "Тринидада и Тобаго", "SMR": "Сан-Марино", "GIN": "Гвинеи", "GNB": "Гвинеи-Бисау",
    "NER": "Нигера", "NGA": "Нигерии", "EGY": "Египта", "ISR": "Израиля", "MNG": "Монголии",
    "RUS": "Российской Федерации", "SDN": "Судана", "SSD": "Южного Судана",
}

# Trap pairs: the first is printed in the body, the second may be a signatory.
TRAPS = [("COG", "COD"), ("NER", "NGA"), ("SDN", "SSD"), ("GIN", "PNG"), ("GIN", "GNB"), ("DMA", "DOM")]


class Names:
    """The names the corpus prints, per language and State."""

    def __init__(self, data_dir):
        self.rows = {r["iso3"]: r for r in read_tsv(os.path.join(data_dir, "entities_ar_zh_ru.tsv"))}
        self.common = {}
        for path in ("aliases_cldr_ar_zh_ru.tsv", "aliases.tsv"):
            for r in read_tsv(os.path.join(data_dir, path)):
                if r.get("lang") in ("ar", "zh", "ru") and r.get("type") == "common":
                    self.common.setdefault((r["lang"], r["iso3"]), []).append(r["alias"])
        self.codes = sorted(c for c in self.rows if c not in ("EUU",))

    def printed(self, lang, iso3, style, rnd):
        r = self.rows[iso3]
        short, formal = r[lang + "_short"], r[lang + "_formal"]
        if "(" in short:
            # The UN's sorting forms ("إيران (جمهورية - الإسلامية)") are for indexes; a list
            # prints the name in running order.
            short = formal
        if style == "formal":
            return formal
        if style == "common" and self.common.get((lang, iso3)):
            return rnd.choice(sorted(self.common[(lang, iso3)]))
        return short


def fmt_date(lang, d, city):
    if lang == "ar":
        lev, egy = AR_MONTHS[d.month - 1]
        return "%s، %s %s/%s %s" % (city, str(d.day).translate(AR_DIGITS), lev, egy, str(d.year).translate(AR_DIGITS))
    if lang == "zh":
        return "%d年%d月%d日于%s" % (d.year, d.month, d.day, city)
    return "%s, %d %s %d года" % (city, d.day, RU_MONTHS_GEN[d.month - 1], d.year)


def join_prose(lang, names, rnd):
    """Runs for a list in running text: the N runs with the separators and conjunction."""
    runs = []
    for i, n in enumerate(names):
        last = i == len(names) - 1
        if lang == "ar":
            if i > 0:
                runs.append(" و" if last or rnd.random() < 0.4 else "، ")
        elif lang == "zh":
            if i > 0:
                runs.append(rnd.choice(["和", "以及"]) if last else "、")
        else:
            if i > 0:
                runs.append(" и " if last else ", ")
        runs.append(n)
    return runs


def make_doc(names, lang, rnd, layout, ident):
    """(Doc, date string, layouts) for one statement."""
    case = "n"
    if lang == "ru" and layout == "prose" and rnd.random() < 0.5:
        case = "g"
    pool = [c for c in names.codes if case == "n" or c in RU_GENITIVE]
    k = rnd.randint(6, 28) if layout != "table" else rnd.randint(5, 14)
    sig = rnd.sample(pool, min(k, len(pool)))
    traps = [t for t in TRAPS if t[1] in pool and t[0] in pool]
    if rnd.random() < 0.5 and traps:
        body_trap, sig_trap = rnd.choice(traps)
        if sig_trap not in sig:
            sig[rnd.randrange(len(sig))] = sig_trap
        mention_pool = [body_trap] if body_trap not in sig else []
    else:
        mention_pool = []
    others = [c for c in pool if c not in sig and (lang != "ru" or c in RU_GENITIVE)]
    mentions = mention_pool + rnd.sample(others, 2)
    mentions = [m for m in mentions if m not in sig][:3]
    style = rnd.choice(["un", "un", "formal", "common"])
    if case == "g":
        printed = {c: RU_GENITIVE[c] for c in sig}
    else:
        printed = {c: names.printed(lang, c, style, rnd) for c in sig}
    topic = rnd.choice(TOPICS[lang])
    city = rnd.choice(CITIES[lang])
    d = datetime.date(2019, 1, 1) + datetime.timedelta(days=rnd.randrange(2000))
    blocks = [Para(TITLE[lang].format(t=topic), "title"), Para(fmt_date(lang, d, city), "date")]
    for i, m in enumerate(mentions):
        if lang == "ru":
            m_case, sent = rnd.choice([x for x in MENTION["ru"] if m in RU_GENITIVE or x[0] == "n"])
            text = RU_GENITIVE[m] if m_case == "g" else names.printed(lang, m, "un", rnd)
        else:
            sent = rnd.choice(MENTION[lang])
            text = names.printed(lang, m, "un", rnd)
        before, after = sent.split("{M}")
        blocks.append(Para([before.replace("{C}", city), M(m, text), after.replace("{C}", city)]))
        blocks.append(Para(rnd.choice(FILLER[lang])))
    items = [N(c, printed[c]) for c in sig]
    if layout == "prose":
        intro = [p for p in PROSE_INTRO[lang] if p[1] == case]
        blocks.append(Para([rnd.choice(intro)[0]] + join_prose(lang, items, rnd) + ["。" if lang == "zh" else "."]))
    elif layout == "one-per-line":
        blocks.append(Para(rnd.choice(LIST_INTRO[lang]), "heading"))
        blocks.append(NameList(items, cols=1, numbered=rnd.random() < 0.3))
    elif layout == "columns":
        blocks.append(Para(rnd.choice(LIST_INTRO[lang]), "heading"))
        blocks.append(NameList(items, cols=rnd.choice([2, 3])))
    else:
        blocks.append(Para(rnd.choice(LIST_INTRO[lang]), "heading"))
        day = fmt_date(lang, d, city).split(", " if lang == "ru" else ("، " if lang == "ar" else "于"))
        day = day[1] if lang != "zh" else day[0]
        rows = [[[it], [day]] for it in items]
        blocks.append(Table(rows, header=TABLE_HEAD[lang], borders=rnd.random() < 0.6, col_widths_mm=[95, 55]))
    doc = Doc(lang, TITLE[lang].format(t=topic), blocks, font="serif", size=rnd.choice([10, 11, 12]),
              variant=rnd.randrange(3))
    layouts = [layout] + (["genitive"] if case == "g" else []) + (["traps"] if mention_pool else [])
    return doc, d.isoformat(), layouts
