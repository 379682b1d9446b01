//! Accents painted as glyphs of their own over a letter, joined to it.
//!
//! TeX's OT1 fonts (pdflatex's default) have no accented letters: `\^o` is a
//! circumflex glyph drawn over an `o`, so the content stream paints `ˆ` then
//! `o` at the same place. Readers see "ô"; a glyph list would say "ˆo" and the
//! State "Côte d'Ivoire" would not be found. A spacing accent that overlaps an
//! adjacent letter (next in paint order, else previous) on about the same line
//! is folded into it when Unicode has the composed character.

use crate::pdf::Glyph;
use unicode_normalization::char::compose;

/// The combining mark of a spacing accent character.
fn combining_mark(c: char) -> Option<char> {
    Some(match c {
        '\u{60}' | '\u{2CB}' => '\u{300}',
        '\u{B4}' | '\u{2CA}' => '\u{301}',
        '\u{2C6}' => '\u{302}',
        '\u{2DC}' => '\u{303}',
        '\u{AF}' | '\u{2C9}' => '\u{304}',
        '\u{2D8}' => '\u{306}',
        '\u{2D9}' => '\u{307}',
        '\u{A8}' => '\u{308}',
        '\u{2DA}' => '\u{30A}',
        '\u{2DD}' => '\u{30B}',
        '\u{2C7}' => '\u{30C}',
        '\u{B8}' => '\u{327}',
        '\u{2DB}' => '\u{328}',
        _ => return None,
    })
}

/// Whether `accent` sits on `letter`: they overlap horizontally by half the
/// narrower one, and the accent is at most an em above or a fifth of one below.
fn sits_on(accent: &Glyph, letter: &Glyph) -> bool {
    if !letter.ch.is_alphabetic() {
        return false;
    }
    let overlap = (accent.x + accent.width).min(letter.x + letter.width) - accent.x.max(letter.x);
    let narrower = accent.width.min(letter.width);
    let em = letter.size.max(accent.size).max(0.1);
    let rise = accent.y - letter.y;
    narrower > 0.0 && overlap >= 0.5 * narrower && rise > -0.2 * em && rise < em
}

fn composed(letter: char, mark: char) -> Option<char> {
    // Accents go on dotless i and j.
    let base = match letter {
        'ı' => 'i',
        'ȷ' => 'j',
        other => other,
    };
    compose(base, mark)
}

/// Folds accent glyphs into the letters they sit on, in place.
pub fn combine(glyphs: &mut Vec<Glyph>) {
    if !glyphs.iter().any(|g| combining_mark(g.ch).is_some()) {
        return;
    }
    let mut remove = vec![false; glyphs.len()];
    for i in 0..glyphs.len() {
        let Some(mark) = combining_mark(glyphs[i].ch) else {
            continue;
        };
        let candidates = [i.checked_add(1), i.checked_sub(1)];
        for j in candidates.into_iter().flatten() {
            if j >= glyphs.len() || remove[j] || combining_mark(glyphs[j].ch).is_some() {
                continue;
            }
            if !sits_on(&glyphs[i], &glyphs[j]) {
                continue;
            }
            if let Some(c) = composed(glyphs[j].ch, mark) {
                glyphs[j].ch = c;
                remove[i] = true;
                break;
            }
        }
    }
    let mut index = 0;
    glyphs.retain(|_| {
        let keep = !remove[index];
        index += 1;
        keep
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, y: f32, width: f32) -> Glyph {
        Glyph {
            ch,
            x,
            y,
            width,
            size: 10.0,
        }
    }

    fn text(glyphs: &[Glyph]) -> String {
        glyphs.iter().map(|g| g.ch).collect()
    }

    #[test]
    fn tex_accent_before_its_letter() {
        // pdflatex, OT1: "Cˆote" with the circumflex over the o.
        let mut glyphs = vec![
            g('C', 133.77, 601.62, 7.19),
            g('ˆ', 140.96, 601.62, 4.98),
            g('o', 140.96, 601.62, 4.98),
            g('t', 145.94, 601.62, 3.87),
        ];
        combine(&mut glyphs);
        assert_eq!(text(&glyphs), "Côt");
        assert_eq!(glyphs[1].x, 140.96);
    }

    #[test]
    fn accent_on_dotless_i_and_raised_over_a_capital() {
        let mut glyphs = vec![
            g('r', 382.98, 613.57, 3.9),
            g('´', 385.77, 613.57, 4.98),
            g('ı', 386.88, 613.57, 2.77),
        ];
        combine(&mut glyphs);
        assert_eq!(text(&glyphs), "rí");
        let mut glyphs = vec![g('´', 100.5, 102.0, 5.0), g('E', 100.0, 100.0, 6.1)];
        combine(&mut glyphs);
        assert_eq!(text(&glyphs), "É");
    }

    #[test]
    fn accent_after_its_letter() {
        let mut glyphs = vec![
            g('u', 317.8, 589.66, 5.54),
            g('¨', 318.08, 589.66, 4.98),
            g('r', 323.34, 589.66, 3.9),
        ];
        combine(&mut glyphs);
        assert_eq!(text(&glyphs), "ür");
    }

    #[test]
    fn standalone_accents_stay() {
        // A quoted acute accent with space around it, and an accent over a digit.
        let mut glyphs = vec![
            g('a', 0.0, 0.0, 5.0),
            g('´', 8.0, 0.0, 5.0),
            g('b', 16.0, 0.0, 5.0),
            g('¨', 30.0, 0.0, 5.0),
            g('1', 30.0, 0.0, 5.0),
        ];
        combine(&mut glyphs);
        assert_eq!(text(&glyphs), "a´b¨1");
    }
}
