//! Folding and tokenising text for name matching.
//!
//! Names are compared as sequences of folded word tokens: lower case, accents
//! stripped, letters and digits in separate runs (so a footnote digit glued to
//! "Netherlands1" is its own token), everything else a separator. Runs of single
//! letters joined by full stops ("U.S.A.") become one token ("usa"). Both the
//! gazetteer's aliases and the text being searched go through the same
//! function, so a rule here can never apply to one side only.
//!
//! Other scripts of the UN's six languages:
//! - Arabic: presentation forms (U+FB50–U+FEFF) fold to the letters they
//!   show (compatibility decomposition); harakat (U+064B–U+065F, U+0670) and
//!   tatweel (U+0640) are ignored *inside* a word, as combining marks are
//!   ([`is_transparent`]); the alef forms أ إ آ ٱ fold to ا, ى to ي, ة to ه
//!   ([`fold_arabic`]: writers and fonts use them interchangeably at the ends
//!   of names: "مصر العربية" / "جمهورية كوريا" / "جمهوريه كوريا"), and
//!   Arabic-Indic digits to ASCII ones.
//! - Chinese: names are not separated by spaces, so every CJK ideograph is a
//!   token of its own ([`is_ideograph`]); the matcher's leftmost-longest
//!   search over tokens then finds names inside runs of characters.
//! - Russian: ё folds to е (an accent, as é); a Latin letter that looks like
//!   a Cyrillic one inside a word that has Cyrillic letters is that Cyrillic
//!   letter ([`LOOK_ALIKES`]: "Рoссия" typed with a Latin o).

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// One token of the searched text: its folded form and where it sits (byte
/// offsets) in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token folded: lower case, accents stripped ("Côte" gives "cote").
    pub folded: String,
    /// Byte offset where the token starts in the original text.
    pub start: usize,
    /// Byte offset just past the token's end in the original text.
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// A CJK ideograph: always a token of its own.
    Ideograph,
    Other,
}

/// Whether `c` is a CJK ideograph (the unified blocks, extension A and the
/// supplementary planes' extensions, and the compatibility block). Chinese
/// writes names without spaces, so each ideograph is one token and names
/// are found inside runs of them.
pub fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}')
}

/// Whether `c` is ignored inside a word, neither letter nor separator: a
/// combining mark standing alone (Arabic harakat U+064B–U+065F and the
/// superscript alef U+0670; a Latin accent typed after its letter) and the
/// Arabic tatweel U+0640, which only stretches a word.
fn is_transparent(c: char) -> bool {
    match c {
        '\u{0640}' => true,
        // Letters of the scripts the gazetteer reads most, without the
        // lookup (Cyrillic's own combining marks are U+0483-U+0489).
        '\u{0400}'..='\u{0482}'
        | '\u{048A}'..='\u{04FF}'
        | '\u{0621}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{4E00}'..='\u{9FFF}' => false,
        c => !c.is_ascii() && is_combining_mark(c),
    }
}

/// The Arabic letters that fold to another ([`fold_char`]): alef wasla to
/// alef (hamza forms lose their hamza as a combining mark), alef maqsura to
/// ya, ta marbuta to ha, and the Persian ya and kaf that Arabic documents
/// from Persian-script fonts carry.
fn fold_arabic(c: char) -> Option<char> {
    Some(match c {
        '\u{0671}' => '\u{0627}',
        '\u{0649}' | '\u{06CC}' => '\u{064A}',
        '\u{0629}' => '\u{0647}',
        '\u{06A9}' => '\u{0643}',
        _ => return None,
    })
}

/// Latin letters (folded to lower case) that look like a Cyrillic letter,
/// and that letter: inside a word that also has Cyrillic letters they are
/// that letter typed on the wrong keyboard, or a font's shared glyph.
pub const LOOK_ALIKES: [(char, char); 12] = [
    ('a', 'а'),
    ('b', 'в'),
    ('c', 'с'),
    ('e', 'е'),
    ('h', 'н'),
    ('k', 'к'),
    ('m', 'м'),
    ('o', 'о'),
    ('p', 'р'),
    ('t', 'т'),
    ('x', 'х'),
    ('y', 'у'),
];

/// `token` (folded) without the Latin letters inside it when it has Arabic
/// letters: no Arabic word has one, and a PDF's ToUnicode map may give a
/// ligature's part as one (LibreOffice writes "المملqكة" for المملكة).
fn latin_inside_arabic(token: &mut String) {
    if token
        .chars()
        .any(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        && token.chars().any(|c| c.is_ascii_alphabetic())
    {
        token.retain(|c| !c.is_ascii_alphabetic());
    }
}

/// `token` (folded) with its Latin look-alike letters made Cyrillic when it
/// has a Cyrillic letter and every Latin letter in it has a look-alike.
fn cyrillic_look_alikes(token: &mut String) {
    let cyrillic = |c: char| ('\u{0400}'..='\u{04FF}').contains(&c);
    if !token.chars().any(cyrillic) || !token.chars().any(|c| c.is_ascii_alphabetic()) {
        return;
    }
    let swap = |c: char| LOOK_ALIKES.iter().find(|(l, _)| *l == c).map(|(_, k)| *k);
    if token
        .chars()
        .all(|c| !c.is_ascii_alphabetic() || swap(c).is_some())
    {
        *token = token.chars().map(|c| swap(c).unwrap_or(c)).collect();
    }
}

/// Appends the folded form of `c` to `out` and returns its class.
fn fold_char(c: char, out: &mut String) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
            Class::Letter
        } else if c.is_ascii_digit() {
            out.push(c);
            Class::Digit
        } else {
            Class::Other
        };
    }
    // Letters that compatibility decomposition leaves whole.
    let special = match c {
        'ß' => Some("ss"),
        'æ' | 'Æ' => Some("ae"),
        'œ' | 'Œ' => Some("oe"),
        'ø' | 'Ø' => Some("o"),
        'đ' | 'Đ' => Some("d"),
        'ł' | 'Ł' => Some("l"),
        'ı' => Some("i"),
        'þ' | 'Þ' => Some("th"),
        _ => None,
    };
    if let Some(s) = special {
        out.push_str(s);
        return Class::Letter;
    }
    if is_ideograph(c) {
        // Compatibility ideographs decompose to the unified one.
        decompose_compatible(c, |d| out.push(d));
        return Class::Ideograph;
    }
    if let Some(a) = fold_arabic(c) {
        out.push(a);
        return Class::Letter;
    }
    // The common letters of Arabic and Russian without the Unicode tables
    // (what decomposition gives, faster: the gazetteer folds thousands of
    // their names' forms at start-up).
    let quick = match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' => Some('\u{0627}'),
        '\u{0624}' => Some('\u{0648}'),
        '\u{0626}' => Some('\u{064A}'),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Some(c),
        'Й' | 'й' => Some('и'),
        'Ё' | 'ё' => Some('е'),
        'А'..='Я' => char::from_u32(c as u32 + 0x20),
        'а'..='я' => Some(c),
        _ => None,
    };
    if let Some(q) = quick {
        out.push(q);
        return Class::Letter;
    }
    // Arabic-Indic and Eastern Arabic-Indic digits.
    for zero in ['\u{0660}', '\u{06F0}'] {
        if let Some(d) = (c as u32).checked_sub(zero as u32).filter(|d| *d < 10) {
            out.push(char::from(b'0' + d as u8));
            return Class::Digit;
        }
    }
    let mut class = Class::Other;
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if let Some(a) = fold_arabic(d) {
            out.push(a);
            class = Class::Letter;
        } else if d.is_alphabetic() {
            for l in d.to_lowercase() {
                out.push(l);
            }
            class = Class::Letter;
        } else if d.is_ascii_digit() {
            out.push(d);
            class = Class::Digit;
        } else if d.is_numeric() {
            // other digits (superscripts decompose to ASCII above)
            if let Some(v) = d.to_digit(10) {
                out.push(char::from_digit(v, 10).unwrap_or('0'));
                class = Class::Digit;
            }
        }
    });
    class
}

/// Splits `text` into folded tokens.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_token(text, |folded, start, end| {
        out.push(Token {
            folded: folded.to_string(),
            start,
            end,
        })
    });
    out
}

/// Calls `f(folded, start, end)` for each token of `text` in order, without
/// allocating per token (a 2,000-page report has millions). Runs of single
/// letters joined by one full stop ("U.S.A.") come as one token ("usa").
pub fn each_token(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    // The token being read, and the last one read (held back in case an
    // initialism continues it).
    let mut cur = String::new();
    let (mut cur_class, mut cur_start, mut cur_end) = (Class::Other, 0, 0);
    let mut held = String::new();
    let (mut held_start, mut held_end) = (0, 0);
    let mut held_joined = false;
    let mut scratch = String::new();
    // One letter: the length is looked at first, since the Unicode table
    // of letters is slow to ask and most tokens are longer.
    let single = |t: &str| {
        let mut cs = t.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic() && !is_ideograph(c))
    };
    let mut finish = |tok: &mut String, start: usize, end: usize| {
        // Both look for a Cyrillic or an Arabic letter: nothing to do in
        // an ASCII token, nearly every token of a Latin-script document.
        if !tok.is_ascii() {
            cyrillic_look_alikes(tok);
            latin_inside_arabic(tok);
        }
        if !held.is_empty() {
            if &text[held_end..start] == "." && (held_joined || single(&held)) && single(tok) {
                held.push_str(tok);
                held_end = end;
                held_joined = true;
                tok.clear();
                return;
            }
            f(&held, held_start, held_end);
        }
        std::mem::swap(&mut held, tok);
        tok.clear();
        (held_start, held_end, held_joined) = (start, end, false);
    };
    for (i, c) in text.char_indices() {
        // An ASCII character folds to itself in lower case, or to nothing
        // ([`fold_char`]'s first branch), without the scratch string.
        let ascii = c.is_ascii().then(|| c.to_ascii_lowercase());
        let class = match ascii {
            Some(a) if a.is_ascii_lowercase() => Class::Letter,
            Some(a) if a.is_ascii_digit() => Class::Digit,
            Some(_) => Class::Other,
            None => {
                if is_transparent(c) {
                    if !cur.is_empty() {
                        cur_end = i + c.len_utf8();
                    }
                    continue;
                }
                scratch.clear();
                fold_char(c, &mut scratch)
            }
        };
        if class == Class::Other || (ascii.is_none() && scratch.is_empty()) {
            if !cur.is_empty() {
                finish(&mut cur, cur_start, cur_end);
            }
            cur_class = Class::Other;
            continue;
        }
        if (class != cur_class || class == Class::Ideograph) && !cur.is_empty() {
            finish(&mut cur, cur_start, cur_end);
        }
        if cur.is_empty() {
            cur_start = i;
        }
        match ascii {
            Some(a) => cur.push(a),
            None => cur.push_str(&scratch),
        }
        cur_class = class;
        cur_end = i + c.len_utf8();
    }
    if !cur.is_empty() {
        finish(&mut cur, cur_start, cur_end);
    }
    // Flush what is held back.
    let mut nothing = String::new();
    finish(&mut nothing, text.len(), text.len());
}

/// The folded token sequence of a name, joined by single spaces.
pub fn fold(text: &str) -> String {
    // Written as the tokens are folded, with no vector of them: the
    // gazetteer folds thousands of spellings at every start.
    let mut s = String::with_capacity(text.len());
    each_token(text, |folded, _, _| {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(folded);
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn accents_case_and_apostrophes_fold_away() {
        assert_eq!(fold("CÔTE D’IVOIRE"), "cote d ivoire");
        assert_eq!(fold("Côte d'Ivoire"), "cote d ivoire");
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("São Tomé and Príncipe"), "sao tome and principe");
    }

    #[test]
    fn footnote_digits_split_from_letters() {
        assert_eq!(folded("Netherlands1"), ["netherlands", "1"]);
        assert_eq!(folded("Netherlands¹"), ["netherlands", "1"]);
        assert_eq!(folded("Netherlands*"), ["netherlands"]);
    }

    #[test]
    fn initialisms_join() {
        assert_eq!(folded("the U.S.A. and U.K."), ["the", "usa", "and", "uk"]);
        assert_eq!(folded("St. Lucia"), ["st", "lucia"]);
        assert_eq!(folded("A. Smith"), ["a", "smith"]);
    }

    #[test]
    fn hyphens_are_separators_and_offsets_point_into_the_original() {
        let t = tokens("Guinea-Bissau");
        assert_eq!(t[0].folded, "guinea");
        assert_eq!(t[1].folded, "bissau");
        assert_eq!(&"Guinea-Bissau"[t[1].start..t[1].end], "Bissau");
    }

    #[test]
    fn every_cjk_ideograph_is_a_token() {
        assert_eq!(
            folded("刚果民主共和国"),
            ["刚", "果", "民", "主", "共", "和", "国"]
        );
        // A compatibility ideograph is its unified one.
        assert_eq!(folded("\u{F900}"), ["\u{8C48}"]);
        assert!(!is_ideograph('a') && is_ideograph('国'));
    }

    #[test]
    fn arabic_marks_tatweel_and_letter_forms_fold_away() {
        // Tatweel and harakat inside a word neither split nor stay.
        assert_eq!(fold("الـمـملكة"), fold("المملكة"));
        assert_eq!(fold("مِصْرُ"), "مصر");
        // Presentation forms are the letters they show.
        assert_eq!(fold("\u{FED3}\u{FEAE}\u{FEE7}\u{FEB4}\u{FE8E}"), "فرنسا");
        // Alef with hamza, madda, wasla: alef; alef maqsura: ya; ta marbuta: ha.
        assert_eq!(fold("أإآٱ"), "اااا");
        assert_eq!(fold("ى ة"), "ي ه");
        assert_eq!(fold("آيرلندا"), fold("أيرلندا"));
    }

    #[test]
    fn the_quick_arabic_and_cyrillic_letters_fold_as_decomposition_does() {
        let slow = |c: char| {
            let mut s = String::new();
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    s.extend(d.to_lowercase());
                }
            });
            s
        };
        for c in ('\u{0621}'..='\u{064A}').chain('А'..='я').chain(['Ё', 'ё']) {
            if c == '\u{0640}' || fold_arabic(c).is_some() || !c.is_alphabetic() {
                continue;
            }
            let mut quick = String::new();
            fold_char(c, &mut quick);
            assert_eq!(quick, slow(c), "{c}");
        }
    }

    #[test]
    fn a_latin_letter_inside_an_arabic_word_is_dropped() {
        assert_eq!(fold("المملqكة"), fold("المملكة"));
        assert_eq!(fold("Roma"), "roma");
    }

    #[test]
    fn arabic_indic_digits_are_digits() {
        assert_eq!(fold("١٤ ۲۰۲۴"), "14 2024");
    }

    #[test]
    fn latin_look_alikes_inside_a_cyrillic_word_are_cyrillic() {
        // "Рoссия" with a Latin o.
        assert_eq!(fold("Р\u{006F}ссия"), fold("Россия"));
        // A Latin word stays Latin; ё is е.
        assert_eq!(fold("Roma"), "roma");
        assert_eq!(fold("Соединённое"), fold("Соединенное"));
    }

    #[test]
    fn special_letters() {
        assert_eq!(fold("Øresund Straße"), "oresund strasse");
    }
}
