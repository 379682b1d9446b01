//! The grammatical forms a list gives a name, made by rule from the name as
//! the tables write it.
//!
//! Two of the UN's languages change a name inside a list:
//!
//! - **Arabic** glues the conjunction و ("and") and the prepositions ب
//!   ("by") and ل ("for") to the next word, and ل + the article ال is
//!   written لل: "فرنسا وألمانيا", "باسم المملكة المتحدة وللمملكة". Every
//!   Arabic name gets its forms with those proclitics on its first word
//!   ([`PROCLITICS`]), and a name written with the article gets its form
//!   without it ("الأردن" / "أردن").
//! - **Russian** declines: "от имени Австрии, Бельгии" (genitive),
//!   "присоединились к Австрии" (dative), "Заявление подписано Австрией"
//!   (instrumental), "в Австрии" (prepositional). The forms are made from
//!   the nominative by ending rules ([`decline`]), not from a table per
//!   name: the words of the name's head phrase (its leading adjectives and
//!   first noun, and for "Босния и Герцеговина" both nouns) take the case;
//!   what follows the head noun ("Соединенные Штаты *Америки*",
//!   "Республика *Корея*") is a complement and stays as it is.
//!
//! A rule that cannot tell two readings apart (a noun in -а may be a
//! feminine singular, "Канада", or a plural, "Острова") makes both: the
//! wrong one is a word no text has, so it can never match.

/// Whether `name` has an Arabic letter.
fn is_arabic(name: &str) -> bool {
    name.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// Whether `name` has a Cyrillic letter.
fn is_cyrillic(name: &str) -> bool {
    name.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// The forms of `name` a list may use, other than `name` itself: Arabic
/// with proclitics, Russian in four cases. Empty for other scripts.
pub fn list_forms(name: &str) -> Vec<String> {
    if is_arabic(name) {
        arabic_forms(name)
    } else if is_cyrillic(name) {
        russian_forms(name)
    } else {
        Vec::new()
    }
}

/// The Arabic definite article.
const ARTICLE: &str = "ال";

/// What Arabic glues to the first word of a name in a list: the conjunction
/// و ("and"), the prepositions ب ("by", "باسم") and ل ("for"), and the two
/// together ("وب", "ول"). A preposition ending in ل before the article
/// drops the article's alef (ل + الأردن = للأردن).
pub const PROCLITICS: [&str; 5] = ["و", "ب", "ل", "وب", "ول"];

fn arabic_forms(name: &str) -> Vec<String> {
    let mut bases = vec![name.to_string()];
    // Without the article: every word that has it loses it.
    if name.starts_with(ARTICLE) {
        let bare: Vec<&str> = name
            .split(' ')
            .map(|w| match w.strip_prefix(ARTICLE) {
                Some(rest) if !rest.is_empty() => rest,
                _ => w,
            })
            .collect();
        bases.push(bare.join(" "));
    }
    let mut out = Vec::new();
    for base in &bases {
        for p in PROCLITICS {
            let glued = match base.strip_prefix(ARTICLE) {
                Some(rest) if p.ends_with('ل') => format!("{p}ل{rest}"),
                _ => format!("{p}{base}"),
            };
            out.push(glued);
        }
    }
    out.extend(bases.into_iter().skip(1));
    out
}

/// The four oblique cases that lists use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// "от имени Австрии".
    Genitive,
    /// "присоединились к Австрии".
    Dative,
    /// "подписано Австрией".
    Instrumental,
    /// "в Австрии".
    Prepositional,
}

/// The cases, in the order of the ending tables below.
pub const CASES: [Case; 4] = [
    Case::Genitive,
    Case::Dative,
    Case::Instrumental,
    Case::Prepositional,
];

/// Adjective endings of the nominative and their genitive, dative,
/// instrumental and prepositional forms, longest ending first. The
/// possessive plural -овы/-евы ("Маршалловы Острова") is an adjective too.
const ADJECTIVE_ENDINGS: [(&str, [&str; 4]); 11] = [
    ("овы", ["овых", "овым", "овыми", "овых"]),
    ("евы", ["евых", "евым", "евыми", "евых"]),
    ("кий", ["кого", "кому", "ким", "ком"]),
    ("ая", ["ой", "ой", "ой", "ой"]),
    ("яя", ["ей", "ей", "ей", "ей"]),
    ("ое", ["ого", "ому", "ым", "ом"]),
    ("ый", ["ого", "ому", "ым", "ом"]),
    ("ий", ["его", "ему", "им", "ем"]),
    ("ой", ["ого", "ому", "ым", "ом"]),
    ("ые", ["ых", "ым", "ыми", "ых"]),
    ("ие", ["их", "им", "ими", "их"]),
];

/// Noun endings and their case forms, longest first; an entry may give
/// several forms for one case (both readings of an ambiguous ending).
/// `""` is a noun ending in a consonant.
const NOUN_ENDINGS: [(&str, [&[&str]; 4]); 12] = [
    // -ство: the Russian neuter nouns of formal names (Государство,
    // Королевство, Содружество, Герцогство); other nouns in -о are foreign
    // names and do not decline (Того, Монако, Конго).
    ("ство", [&["ства"], &["ству"], &["ством"], &["стве"]]),
    ("ия", [&["ии"], &["ии"], &["ией"], &["ии"]]),
    ("ея", [&["еи"], &["ее"], &["еей"], &["ее"]]),
    ("ий", [&["ия"], &["ию"], &["ием"], &["ии"]]),
    ("я", [&["и"], &["е"], &["ей"], &["е"]]),
    // Feminine singular (Канада, Куба) or plural (Острова).
    (
        "а",
        [
            &["ы", "и", "ов"],
            &["е", "ам"],
            &["ой", "ей", "ами"],
            &["е", "ах"],
        ],
    ),
    // Plural in -ы (Штаты, Нидерланды; Филиппины and Гренадины have no
    // ending in the genitive).
    ("ы", [&["ов", ""], &["ам"], &["ами"], &["ах"]]),
    ("и", [&[], &[], &[], &[]]),
    // Masculine (Израиль) or feminine (Беларусь).
    ("ь", [&["я", "и"], &["ю", "и"], &["ем", "ью"], &["е", "и"]]),
    ("й", [&["я"], &["ю"], &["ем"], &["е"]]),
    ("о", [&[], &[], &[], &[]]),
    ("", [&["а"], &["у"], &["ом"], &["е"]]),
];

/// Endings of words that do not decline: foreign names in a vowel (Перу,
/// Того, Чили, Ниуэ, Кабо-Верде) and in -уа/-иа/-оа (Никарагуа, Антигуа,
/// Самоа).
const INDECLINABLE_ENDINGS: [&str; 8] = ["у", "ю", "е", "э", "уа", "иа", "оа", "и"];

/// Whether `word` (lower case) reads as an adjective by its ending.
fn adjective_ending(word: &str) -> Option<&'static (&'static str, [&'static str; 4])> {
    ADJECTIVE_ENDINGS.iter().find(|(e, _)| word.ends_with(e))
}

/// The forms of one word (no spaces, no hyphens) in `case`, as an
/// adjective or a noun; the word itself when it does not decline.
fn decline_part(word: &str, case: Case, adjective: bool) -> Vec<String> {
    let lower = word.to_lowercase();
    let i = CASES.iter().position(|c| *c == case).unwrap_or(0);
    if !word.chars().any(char::is_alphabetic) || !is_cyrillic(word) {
        return vec![word.to_string()];
    }
    if adjective {
        if let Some((ending, forms)) = adjective_ending(&lower) {
            let stem = &word[..word.len() - ending.len()];
            return vec![format!("{stem}{}", forms[i])];
        }
    }
    if lower.len() > "ство".len() && lower.ends_with("ство") {
        let stem = &word[..word.len() - "о".len()];
        return NOUN_ENDINGS[0].1[i]
            .iter()
            .map(|f| format!("{stem}{}", &f["ств".len()..]))
            .collect();
    }
    if INDECLINABLE_ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return vec![word.to_string()];
    }
    for (ending, forms) in NOUN_ENDINGS.iter().skip(1) {
        if lower.ends_with(ending)
            && (!ending.is_empty() || lower.chars().last().is_some_and(is_consonant))
        {
            let stem = &word[..word.len() - ending.len()];
            // After г, к, х, ж, ш, ч, щ Russian spelling writes и, not ы;
            // elsewhere a noun in -а takes ы.
            let soft = stem.chars().last().is_some_and(|c| "гкхжшчщ".contains(c));
            let wrong_vowel = |f: &str| {
                if soft {
                    f.starts_with('ы')
                } else {
                    f == "и" && *ending == "а"
                }
            };
            let mut out: Vec<String> = forms[i]
                .iter()
                .filter(|f| !wrong_vowel(f))
                .map(|f| format!("{stem}{f}"))
                .collect();
            if out.is_empty() && !forms[i].is_empty() {
                out = forms[i].iter().map(|f| format!("{stem}{f}")).collect();
            }
            if out.is_empty() {
                out.push(word.to_string());
            }
            return out;
        }
    }
    vec![word.to_string()]
}

fn is_consonant(c: char) -> bool {
    "бвгджзклмнпрстфхцчшщ".contains(c)
}

/// The forms of a word that may be hyphenated: every declinable part
/// declined ("Гвинея-Бисау" → "Гвинеи-Бисау", "Шри-Ланка" → "Шри-Ланки"),
/// or only the last ("Кот-д'Ивуар" → "Кот-д'Ивуара", "Сан-Марино" stays).
fn decline_word(word: &str, case: Case, adjective: bool) -> Vec<String> {
    let parts: Vec<&str> = word.split('-').collect();
    if parts.len() == 1 {
        return decline_part(word, case, adjective);
    }
    let mut out = Vec::new();
    // Every part declined (first forms only: a hyphenated name is short).
    let all: Vec<String> = parts
        .iter()
        .map(|p| decline_part(p, case, adjective).swap_remove(0))
        .collect();
    out.push(all.join("-"));
    let last = parts.len() - 1;
    for f in decline_part(parts[last], case, adjective) {
        let mut v: Vec<String> = parts[..last].iter().map(|p| p.to_string()).collect();
        v.push(f);
        out.push(v.join("-"));
    }
    out.dedup();
    out
}

/// Most forms one name gets per case: the alternatives of ambiguous
/// endings multiply, and a name of many words would otherwise make dozens.
pub const MAX_FORMS_PER_CASE: usize = 8;

/// `phrase` (words separated by single spaces, no brackets) in `case`: the
/// head phrase declined, the rest kept.
pub fn decline(phrase: &str, case: Case) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').filter(|w| !w.is_empty()).collect();
    let mut forms: Vec<String> = vec![String::new()];
    // Still in the head phrase (adjectives, then its noun); just past its
    // noun (an "и" there coordinates a second head: "Босния и Герцеговина").
    let (mut in_head, mut just_head) = (true, false);
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        let choices = if in_head {
            let more = next.is_some_and(|n| n != "и");
            let adjective = more && adjective_ending(&w.to_lowercase()).is_some();
            if !adjective {
                in_head = false;
                just_head = true;
            }
            decline_word(w, case, adjective)
        } else {
            if *w == "и" && just_head {
                in_head = true;
            }
            just_head = false;
            vec![w.to_string()]
        };
        let mut grown = Vec::new();
        for f in &forms {
            for c in &choices {
                let sep = if f.is_empty() { "" } else { " " };
                grown.push(format!("{f}{sep}{c}"));
            }
        }
        grown.truncate(MAX_FORMS_PER_CASE);
        forms = grown;
    }
    forms
}

fn russian_forms(name: &str) -> Vec<String> {
    // "Венесуэла (Боливарианская Республика)": both parts take the case.
    let (head, inner) = match (name.find(" ("), name.ends_with(')')) {
        (Some(open), true) => (&name[..open], Some(&name[open + 2..name.len() - 1])),
        _ => (name, None),
    };
    let mut out = Vec::new();
    for case in CASES {
        for h in decline(head, case) {
            match inner {
                Some(inner) => {
                    for i in decline(inner, case).into_iter().take(2) {
                        out.push(format!("{h} ({i})"));
                    }
                }
                None => out.push(h),
            }
        }
    }
    out.retain(|f| f != name);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn genitive(name: &str) -> Vec<String> {
        decline(name, Case::Genitive)
    }

    fn has(forms: &[String], want: &str) -> bool {
        forms.iter().any(|f| f == want)
    }

    #[test]
    fn the_head_phrase_declines_and_its_complement_does_not() {
        let uk = "Соединенное Королевство Великобритании и Северной Ирландии";
        assert!(has(
            &genitive(uk),
            "Соединенного Королевства Великобритании и Северной Ирландии"
        ));
        assert!(has(
            &decline(uk, Case::Instrumental),
            "Соединенным Королевством Великобритании и Северной Ирландии"
        ));
        assert!(has(
            &genitive("Соединенные Штаты Америки"),
            "Соединенных Штатов Америки"
        ));
        assert!(has(&genitive("Республика Корея"), "Республики Корея"));
    }

    #[test]
    fn hyphenated_adjectives_decline_in_their_last_part() {
        assert!(has(
            &genitive("Корейская Народно-Демократическая Республика"),
            "Корейской Народно-Демократической Республики"
        ));
    }

    #[test]
    fn two_coordinated_nouns_both_decline() {
        assert!(has(
            &genitive("Босния и Герцеговина"),
            "Боснии и Герцеговины"
        ));
        assert!(has(&genitive("Тринидад и Тобаго"), "Тринидада и Тобаго"));
        assert!(has(&genitive("Антигуа и Барбуда"), "Антигуа и Барбуды"));
        assert!(has(
            &genitive("Республика Тринидад и Тобаго"),
            "Республики Тринидад и Тобаго"
        ));
    }

    #[test]
    fn foreign_names_in_a_vowel_do_not_decline() {
        assert!(has(&genitive("Сан-Марино"), "Сан-Марино"));
        assert_eq!(genitive("Того"), ["Того"]);
        assert_eq!(genitive("Перу"), ["Перу"]);
        assert!(has(&genitive("Гвинея-Бисау"), "Гвинеи-Бисау"));
        assert!(has(&genitive("Кот-д'Ивуар"), "Кот-д'Ивуара"));
    }

    #[test]
    fn nouns_decline_by_their_ending() {
        assert!(has(&genitive("Австрия"), "Австрии"));
        assert!(has(&decline("Австрия", Case::Instrumental), "Австрией"));
        assert!(has(&genitive("Канада"), "Канады"));
        assert!(has(&genitive("Мексика"), "Мексики"));
        assert!(has(&genitive("Пакистан"), "Пакистана"));
        assert!(has(&decline("Пакистан", Case::Dative), "Пакистану"));
        assert!(has(&genitive("Израиль"), "Израиля"));
        assert!(has(&genitive("Беларусь"), "Беларуси"));
        assert!(has(&genitive("Китай"), "Китая"));
        assert!(has(&decline("Маврикий", Case::Prepositional), "Маврикии"));
        assert!(has(&genitive("Нидерланды"), "Нидерландов"));
        assert!(has(&genitive("Филиппины"), "Филиппин"));
        assert!(has(&genitive("Гвинея"), "Гвинеи"));
        assert!(has(&decline("Гвинея", Case::Dative), "Гвинее"));
    }

    #[test]
    fn russian_neuter_nouns_in_ство_decline() {
        assert!(has(
            &genitive("Государство Палестина"),
            "Государства Палестина"
        ));
        assert!(has(&genitive("Святой Престол"), "Святого Престола"));
        assert!(has(
            &genitive("Независимое Государство Самоа"),
            "Независимого Государства Самоа"
        ));
    }

    #[test]
    fn plural_names_with_possessive_adjectives() {
        assert!(has(&genitive("Маршалловы Острова"), "Маршалловых Островов"));
        assert!(has(&genitive("Багамские Острова"), "Багамских Островов"));
        assert!(has(&genitive("Острова Кука"), "Островов Кука"));
        assert!(has(
            &genitive("Объединенные Арабские Эмираты"),
            "Объединенных Арабских Эмиратов"
        ));
    }

    #[test]
    fn bracketed_parts_take_the_case_too() {
        let forms = russian_forms("Венесуэла (Боливарианская Республика)");
        assert!(has(&forms, "Венесуэлы (Боливарианской Республики)"));
        let forms = russian_forms("Нидерланды (Королевство)");
        assert!(has(&forms, "Нидерландов (Королевства)"));
    }

    #[test]
    fn arabic_proclitics_glue_to_the_first_word() {
        let forms = arabic_forms("المملكة المتحدة");
        assert!(has(&forms, "والمملكة المتحدة"));
        assert!(has(&forms, "للمملكة المتحدة"));
        assert!(has(&forms, "بالمملكة المتحدة"));
        assert!(has(&forms, "مملكة متحدة"));
        let forms = arabic_forms("فرنسا");
        assert!(has(&forms, "وفرنسا"));
        assert!(has(&forms, "لفرنسا"));
    }
}
