//! Folding and tokenising text for name matching.
//!
//! Names are compared as sequences of folded word tokens: lower case, accents
//! stripped, letters and digits in separate runs (so a footnote digit glued to
//! "Netherlands1" is its own token), everything else a separator. Runs of single
//! letters joined by full stops ("U.S.A.") become one token ("usa"). Both the
//! gazetteer's aliases and the text being searched go through the same
//! function, so a rule here can never apply to one side only.

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
    Other,
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
    let mut class = Class::Other;
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if d.is_alphabetic() {
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
    let single = |t: &str| {
        let mut cs = t.chars();
        cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
    };
    let mut finish = |tok: &mut String, start: usize, end: usize| {
        if !held.is_empty() {
            if (held_joined || single(&held)) && single(tok) && &text[held_end..start] == "." {
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
        scratch.clear();
        let class = fold_char(c, &mut scratch);
        if class == Class::Other || scratch.is_empty() {
            if !cur.is_empty() {
                finish(&mut cur, cur_start, cur_end);
            }
            cur_class = Class::Other;
            continue;
        }
        if class != cur_class && !cur.is_empty() {
            finish(&mut cur, cur_start, cur_end);
        }
        if cur.is_empty() {
            cur_start = i;
        }
        cur.push_str(&scratch);
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
    let toks = tokens(text);
    let mut s = String::with_capacity(text.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&t.folded);
    }
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
    fn special_letters() {
        assert_eq!(fold("Øresund Straße"), "oresund strasse");
    }
}
