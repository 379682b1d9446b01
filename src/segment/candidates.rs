//! Candidate lists: runs of State names joined only by list material.
//!
//! Names found by the gazetteer are strung into candidates: consecutive names
//! with nothing between them but separators, conjunctions, numbering,
//! footnote markers, articles and phrases such as "For the Government of"
//! (the filler words of `data/list_words.tsv`). A short name-like piece
//! between separators that matches no entity ("Narnia", a typo) does not
//! break a candidate; it is kept as unmatched. A cue phrase, the end of a
//! sentence, or a title line that runs into the first line of a list does.
//! Whether a candidate is a signatory list is for [`super::evidence`] and
//! [`super::decision`] to say.

use super::cues::Cues;
use super::decision::{ListRules, Rule};
use crate::gazetteer::{NameMatch, Target};
use crate::text::Text;

/// A run of names joined only by list material.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The names, in reading order.
    pub matches: Vec<NameMatch>,
    /// Name-like pieces between them that no table knows: (start, end).
    pub unmatched: Vec<(usize, usize)>,
}

impl Candidate {
    /// Byte offset in the text where its first name starts.
    pub fn start(&self) -> usize {
        self.matches[0].start
    }
    /// Byte offset where its first item starts: its first name, or in OCR
    /// text a misread name between its cue and its first name
    /// ([`lead_items`]).
    pub fn first(&self) -> usize {
        self.unmatched
            .first()
            .map_or(self.start(), |u| u.0.min(self.start()))
    }
    /// Byte offset in the text just past the end of its last name.
    pub fn end(&self) -> usize {
        self.matches[self.matches.len() - 1].end
    }
    /// How many of its names are, or may be, States or other signatory
    /// entities (not places such as "Northern Ireland"; "Korea" and
    /// "Macedonia" count).
    pub fn names(&self) -> usize {
        self.matches
            .iter()
            .filter(|m| !matches!(m.target, Target::NonState(_)))
            .count()
    }
}

/// The folded words of `s`. Chinese is written without spaces, so each CJK
/// ideograph is a word of its own (as the gazetteer reads it).
pub fn folded_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(crate::gazetteer::fold::fold)
        .flat_map(|w| {
            w.split(' ')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
}

/// Whether a folded word is a single letter: list numbering ("a)") and
/// footnote letters, which count as list material. A CJK ideograph is not a
/// letter but a word (政 of 政府, "government"): it counts only when a word
/// list has it.
pub fn is_one_letter(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next()
        .is_some_and(|c| !crate::gazetteer::fold::is_ideograph(c))
        && cs.next().is_none()
}

/// True when `s` holds nothing but separators, numbering, footnote markers and
/// filler words. A one-letter word counts as filler ([`is_one_letter`]).
pub fn is_filler(s: &str) -> bool {
    let c = Cues::get();
    folded_words(s).all(|w| c.is_filler_word(&w) || is_one_letter(&w))
}

/// In OCR text, a piece between separators with at most this many letters
/// and digits is a misread list number or mark ("iG." for "16.", "|" for a
/// rule, "S." for "5."), not a word: list material. Three covers two-digit
/// numbers with their dot misread as a letter; the shortest State names an
/// OCR'd list prints (Chad, Cuba, Fiji, Iran, Iraq, Mali, Oman, Peru, Togo)
/// have four letters.
pub const OCR_NOISE_MAX_CHARS: usize = 3;

/// A folded word that may stand between a lead-in cue and its list: a
/// cue-tail word ("following", "States"), a one-letter word, and in OCR
/// text a misread number or mark ("do" for "1.", [`OCR_NOISE_MAX_CHARS`]).
pub fn is_cue_gap_word(w: &str, noisy: bool) -> bool {
    Cues::get().is_tail_word(w)
        || is_one_letter(w)
        || (noisy && w.chars().count() <= OCR_NOISE_MAX_CHARS)
}

/// True when every word of `piece` may stand between a cue and its list
/// ([`is_cue_gap_word`], OCR text): what a misread cue leaves among a
/// list's items ("Endorsed by", "States"), never a misread name.
pub fn is_cue_remnant(piece: &str) -> bool {
    folded_words(piece).all(|w| is_cue_gap_word(&w, true))
}

/// True when `piece` of OCR text is a misread number or mark
/// ([`OCR_NOISE_MAX_CHARS`]).
fn is_ocr_noise(piece: &str) -> bool {
    piece.chars().filter(|c| c.is_alphanumeric()).count() <= OCR_NOISE_MAX_CHARS
}

/// The folded words of `s` as (filler or one-letter words, other words of
/// at most [`OCR_NOISE_MAX_CHARS`] letters), or `None` when a longer word
/// that is no filler is among them.
fn fillers_and_noise(s: &str) -> Option<(usize, usize)> {
    let c = Cues::get();
    let (mut fillers, mut noise) = (0, 0);
    for w in folded_words(s) {
        if c.is_filler_word(&w) || is_one_letter(&w) {
            fillers += 1;
        } else if w.chars().count() <= OCR_NOISE_MAX_CHARS {
            noise += 1;
        } else {
            return None;
        }
    }
    Some((fillers, noise))
}

/// True when `gap`, OCR text with no separator in it, holds a filler word
/// and besides it one misread word of at most [`OCR_NOISE_MAX_CHARS`]
/// letters: the list's conjunction and the article OCR misread after it,
/// "la República Togolesa y da República de Chipre" ("la"). Between
/// separators such a word is already noise ([`is_ocr_noise`]); without one,
/// the conjunction says that the names around it are items of one list.
fn is_misread_filler(gap: &str) -> bool {
    !gap.contains(OCR_SEPARATORS)
        && fillers_and_noise(gap).is_some_and(|(fillers, noise)| fillers > 0 && noise == 1)
}

/// OCR text: true when `s` is filler ([`is_filler`]) but for at most one
/// word of at most [`OCR_NOISE_MAX_CHARS`] letters, a misread article or
/// mark: "Je la" in front of a signature cell's name ("de la").
pub fn is_filler_or_noise(s: &str) -> bool {
    fillers_and_noise(s).is_some_and(|(_, noise)| noise <= 1)
}

/// A piece that reads like a name: capitalised words, with lower-case
/// connectors ("of", "de") between them, no digits, not too long. In OCR
/// text (`noisy`) a misread letter may be a digit or lower case ("troland",
/// "Rolorussian S3R"), so only the length and the letters count, and a
/// speck read as a mark of its own ("República Q 0 Zimbabwe") is no word.
fn is_name_like(piece: &str, rules: &ListRules, noisy: bool) -> bool {
    let c = Cues::get();
    let words: Vec<&str> = piece.split_whitespace().collect();
    if words.is_empty() || words.len() > rules.max_name_words {
        return false;
    }
    if noisy {
        return words
            .iter()
            .all(|w| w.chars().any(char::is_alphabetic) || w.chars().count() == 1)
            && words.iter().any(|w| w.chars().any(char::is_alphabetic));
    }
    // Arabic and Chinese have no capitals: there a piece of letters (no
    // digits) short enough to be a name reads like one.
    if words.iter().all(|w| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .all(|c| !c.is_alphabetic() || is_caseless_letter(c))
            && !w.chars().any(|c| c.is_numeric())
    }) {
        return true;
    }
    let first_upper = words[0]
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase);
    first_upper
        && words.iter().all(|w| {
            let letters: String = w
                .chars()
                .filter(|c| c.is_alphabetic() || *c == '\'')
                .collect();
            !letters.is_empty()
                && !w.chars().any(|c| c.is_ascii_digit())
                && (letters.chars().next().is_some_and(char::is_uppercase)
                    || c.is_connector(&crate::gazetteer::fold::fold(&letters)))
        })
}

/// A word printed in lower case, of three letters or more, that is not a
/// connector or filler and no word of any name ("hosting", "express";
/// not "fédérale"). After an elided article ("l'État") the rest of the
/// word counts.
fn is_prose_word(w: &str) -> bool {
    let w = w.rsplit(['\'', '’']).next().unwrap_or(w);
    let letters: String = w.chars().filter(|c| c.is_alphabetic()).collect();
    let folded = crate::gazetteer::fold::fold(&letters);
    let c = Cues::get();
    letters.chars().count() >= 3
        && letters.chars().next().is_some_and(char::is_lowercase)
        && !c.is_connector(&folded)
        && !c.is_filler_word(&folded)
        && !crate::gazetteer::Gazetteer::get().is_word(&folded)
}

/// A letter of a script without capitals that the gazetteer reads (Arabic,
/// CJK ideographs): whether a piece in it is a name cannot be told by case.
fn is_caseless_letter(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c) || crate::gazetteer::fold::is_ideograph(c)
}

/// Whether the word at `pos` opens with the Arabic conjunction و glued to a
/// name ("وجيبوتي"): the "and" of a list, printed inside the next name.
fn glued_conjunction_at(content: &str, pos: usize) -> bool {
    let mut cs = content[pos..].chars();
    cs.next() == Some(ARABIC_AND)
        && cs
            .next()
            .is_some_and(|c| ('\u{0621}'..='\u{064A}').contains(&c))
}

/// The Arabic conjunction و ("and"), written joined to the next word.
const ARABIC_AND: char = '\u{0648}';

fn strip_leading_filler(piece: &str) -> &str {
    let c = Cues::get();
    let mut rest = piece.trim_start();
    loop {
        let word_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let folded = crate::gazetteer::fold::fold(word);
        if word_end < rest.len()
            && !folded.is_empty()
            && c.is_filler_word(&folded)
            && !word.chars().next().is_some_and(char::is_uppercase)
        {
            rest = rest[word_end..].trim_start();
        } else {
            return rest;
        }
    }
}

/// `piece` without the lower-case filler words at its end: the list's
/// "and" before a line break or a name ("Spian and" / "Italy"), which is
/// not part of the item. A word that a name goes on after ("of", "del":
/// [`ends_open`]) stays: the item is a name's misread head. (Items keep
/// their filler while they are strung, since "Democrética y" / "Popular"
/// goes on on the next line.)
pub fn strip_trailing_filler(piece: &str) -> &str {
    let c = Cues::get();
    let mut rest = piece.trim_end();
    while let Some(i) = rest.rfind(char::is_whitespace) {
        let word = &rest[i + 1..];
        let folded = crate::gazetteer::fold::fold(word);
        if folded.is_empty()
            || !c.is_filler_word(&folded)
            || c.is_open_end(&folded)
            || word.chars().next().is_some_and(char::is_uppercase)
        {
            break;
        }
        rest = rest[..i].trim_end();
    }
    rest
}

/// What separates the items of a list (the text stage writes the Arabic
/// comma and semicolon and the ideographic comma as these: see
/// [`crate::text::normalise_line`]).
const SEPARATORS: [char; 3] = [',', ';', '\n'];

/// In OCR text a comma is often read as a full stop ("Algeria. Andorra.
/// Antigua and Barbuda.") and a semicolon as a colon ("Trinité-et-Tobago:
/// le Venezuela"), so there these separate items too.
pub const OCR_SEPARATORS: [char; 5] = [',', ';', '\n', '.', ':'];

/// The name-like pieces of a gap between two names, or `None` when the gap
/// is not list material (it has prose in it, or more unknown pieces than
/// [`ListRules::max_unknown_per_gap`]: a paragraph of other words).
///
/// In OCR text a full stop after a name or a word may end a sentence as
/// well as be a misread comma, so what follows one on its line must read
/// like a name in clean text's sense (capitalised words and connectors):
/// "Kenya. We welcome the efforts of France" is two sentences, "Andorra.
/// Antigua and Barpada. Argentina" one list. A stop after a digit is an
/// item's number ("6. troland").
fn gap_items(
    content: &str,
    start: usize,
    end: usize,
    rules: &ListRules,
    noisy: bool,
    hangs: &dyn Fn(usize, usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let gap = &content[start..end];
    if is_filler(gap) || (noisy && is_misread_filler(gap)) {
        return Some(Vec::new());
    }
    let separators: &[char] = if noisy { &OCR_SEPARATORS } else { &SEPARATORS };
    if !gap.contains(separators) {
        return None;
    }
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut pos = start;
    let mut pieces = gap.split(separators).peekable();
    while let Some(piece) = pieces.next() {
        let pstart = pos;
        pos += piece.len() + 1;
        // OCR text: a short piece is a misread mark, unless a lower-case
        // piece opening the next line goes on with it: it is the head of
        // a word broken at the line's end ("Are" / "gentina").
        let head_of_run_on = noisy
            && content.as_bytes().get(pos - 1) == Some(&b'\n')
            && pieces.peek().is_some_and(|next| runs_on(next));
        if is_filler(piece) {
            continue;
        }
        if noisy && is_ocr_noise(piece) && !head_of_run_on {
            if let Some(last) = items.last_mut() {
                if let Some(end) = wrapped_short_word(content, *last, pstart, piece) {
                    last.1 = end;
                }
            }
            continue;
        }
        // Drop a conjunction or "For the Government of" in front.
        let trimmed = strip_leading_filler(piece);
        let trimmed = trimmed.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(');
        // OCR text: the item's number in front ("6.", "19,").
        let trimmed = if noisy {
            trimmed.trim_start_matches(|c: char| !c.is_alphabetic())
        } else {
            trimmed
        };
        // The separator before the piece is one byte.
        let after_stop = pstart > start
            && content.as_bytes()[pstart - 1] == b'.'
            && !content[..pstart - 1].ends_with(|c: char| c.is_ascii_digit())
            && !ends_in_abbreviation(&content[..pstart - 1]);
        if !is_name_like(trimmed, rules, noisy && !after_stop) {
            return None;
        }
        let off = piece.find(trimmed).unwrap_or(0);
        let (istart, iend) = (pstart + off, pstart + off + trimmed.len());
        if noisy {
            if let Some(last) = items.last_mut() {
                if continues_item(content, *last, pstart, trimmed, hangs) {
                    last.1 = iend;
                    continue;
                }
            }
        }
        items.push((istart, iend));
    }
    let most = if noisy {
        rules.max_unknown_per_gap_ocr
    } else {
        rules.max_unknown_per_gap
    };
    (items.len() <= most).then_some(items)
}

/// True when `before`, text up to a full stop, ends with a word that names
/// print as an abbreviation ([`crate::gazetteer::Gazetteer::is_abbreviation`]:
/// "St" of "St. Vincent 8 Grenadines"): the stop is the abbreviation's, not
/// the end of a sentence, so what follows it is read as OCR text's items are.
fn ends_in_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !word.is_empty() && crate::gazetteer::Gazetteer::get().is_abbreviation(word)
}

/// In OCR text, true when the piece `trimmed`, which begins a line at
/// `pstart`, goes on with `last`, the item before it. A name wrapped in a
/// table cell or a narrow column is one item over two or three lines, and
/// counted per line it would take [`ListRules::max_unknown_per_gap_ocr`]
/// for a paragraph and cut the list. It goes on when:
/// - the piece opens in lower case with a word that is not a filler
///   ("fédérale" / "démocratique" / "d'Éthiopie" under "La République"; an
///   item opening with an article, "la République de Corée", is a new one);
/// - or `last` ends on the line right above, and either ends open
///   ([`ends_open`]: "República Unida del" / "Camerún") or the piece's line
///   hangs under `last`'s first line (`hangs`, from `last`'s start and the
///   piece's): capitalised formal names.
fn continues_item(
    content: &str,
    last: (usize, usize),
    pstart: usize,
    trimmed: &str,
    hangs: &dyn Fn(usize, usize) -> bool,
) -> bool {
    let after_break = pstart > 0 && content.as_bytes()[pstart - 1] == b'\n';
    let lower_case_run_on = after_break && runs_on(trimmed);
    let line_above = ends_on_line_above(content, last.1, pstart);
    lower_case_run_on
        || (line_above && (ends_open(&content[last.0..last.1]) || hangs(last.0, pstart)))
}

/// Whether an item that ends at `end` ends the line right above the one
/// that `pstart` opens: only white space and one line break between them
/// (the text has no blank lines).
fn ends_on_line_above(content: &str, end: usize, pstart: usize) -> bool {
    let between = &content[end..pstart];
    between.trim().is_empty() && between.contains('\n')
}

/// OCR text: where the short piece `piece` (at `pstart`, a line's whole
/// text) ends when it is the last word of the unknown item `last` above
/// it, wrapped onto its own line in a table's cell ("República Democrática
/// Poputar" / "Lao"). Such a piece is as short as the specks OCR reads as
/// marks ([`OCR_NOISE_MAX_CHARS`]), and dropped as one, the misread item
/// above is no name: it is a word only when it is a word of some name and
/// stands alone on the line right under the item. `None` otherwise.
fn wrapped_short_word(
    content: &str,
    last: (usize, usize),
    pstart: usize,
    piece: &str,
) -> Option<usize> {
    let word = piece.trim();
    let line_above = ends_on_line_above(content, last.1, pstart);
    let is_name_word = word.chars().all(char::is_alphabetic)
        && crate::gazetteer::Gazetteer::get().is_printed_word(word);
    (line_above && is_name_word && content[pstart + piece.len()..].starts_with('\n'))
        .then(|| pstart + piece.find(word).unwrap_or(0) + word.len())
}

/// True when a piece that opens a line goes on with what ends the line
/// above: it opens in lower case with a word that is not a filler
/// ("gentina", "fédérale"; not "la République de Corée").
pub fn runs_on(piece: &str) -> bool {
    let first = piece.split_whitespace().next().unwrap_or("");
    first.chars().next().is_some_and(char::is_lowercase)
        && !Cues::get().is_filler_word(&crate::gazetteer::fold::fold(first))
}

/// OCR text: true when `line` opens with an article or a short misread
/// word and a capitalised word after it, as an item of a one-per-line list
/// with articles does ("fe Sultanar Oman", "le Turkmenistan" under "le
/// Royaume hachémite de Jordanie"): a new item, not a sentence going on in
/// lower case ("and others welcomed", "met in Vienna").
pub fn opens_item(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    is_filler_or_noise(first) && second.chars().next().is_some_and(char::is_uppercase)
}

/// True when an item ends with a word after which a name goes on
/// ("República Unida del", "Kingdom of": `open_end` in
/// `data/list_words.tsv`), so that it goes on on the next line.
pub fn ends_open(item: &str) -> bool {
    item.split(|c: char| !c.is_alphabetic())
        .rfind(|w| !w.is_empty())
        .is_some_and(|w| Cues::get().is_open_end(&crate::gazetteer::fold::fold(w)))
}

/// In OCR text, whether the line that starts at `pos` hangs under the line
/// of an item that starts at `item` ([`ListRules::wrap_indent_min`]): on
/// the same page, it starts inside that line's extent, indented by a
/// character or three. (Every line of a wrapped name hangs under its
/// first.) The indent is measured from the item's own left edge when a
/// speck stands before it ([`item_left`]).
fn hangs_under_item(text: &Text, item: usize, pos: usize, rules: &ListRules) -> bool {
    let (i, k) = (text.line_at(item), text.line_at(pos));
    if k == 0 || k <= i || text.lines[k].start != pos {
        return false;
    }
    let (first, line) = (&text.lines[i], &text.lines[k]);
    let indent = line.x0 - item_left(text, first, item);
    let em = first.size.max(1.0);
    first.page == line.page
        && line.x0 < first.x1
        && indent >= rules.wrap_indent_min * em
        && indent <= rules.wrap_indent_max * em
}

/// The left edge of the item that starts at `item` on `line`: the line's
/// own, unless marks alone (no letter or digit) stand before the item. OCR
/// reads dust in a typed list's margin as a mark before a name (". Republic
/// of Cancmey"), which moves the line's left edge out by a character or
/// two: measured from there, the next items, flush with the list, seemed
/// to hang under it, and three names were read as one. The item's edge is
/// then put at its share of the line's characters. A number before the
/// item ("12. Republic of") is the list's own, and the line's edge stays
/// where its wrapped lines hang from.
fn item_left(text: &Text, line: &crate::text::LineSpan, item: usize) -> f32 {
    let Some(before) = text.content.get(line.start..item) else {
        return line.x0;
    };
    if before.is_empty() || before.chars().any(char::is_alphanumeric) {
        return line.x0;
    }
    let chars = text.content[line.start..line.end].chars().count().max(1);
    line.x0 + (line.x1 - line.x0) * before.chars().count() as f32 / chars as f32
}

/// True when a gap opens by ending the sentence the previous name closed
/// ("... in Türkiye. Signed by: Albania"): two lists, or a mention and a list.
/// In OCR text a full stop is as often a speck or a misread comma ("10.
/// Brazil." / "11. Chile", "Algeria. Andorra"), so there [`gap_items`]
/// decides from what follows it.
fn ends_sentence_after_name(gap: &str, noisy: bool) -> bool {
    let g = gap.trim_start_matches(|c: char| c == '*' || c.is_ascii_digit() || "¹²³†‡".contains(c));
    let mut it = g.chars();
    let stop =
        matches!((it.next(), it.next()), (Some('.' | '!' | '?'), Some(c)) if c.is_whitespace());
    stop && !noisy
}

/// True when the name ending at `end` ends a list item: nothing but marks
/// (OCR's specks: "Armenia +") stands between it and the next separator,
/// colon, closing bracket, line end or the text's end, or a filler word
/// ("and", "et") comes next and no prose after it ([`is_prose_word`]):
/// "For" opens the cells of signature tables, so it is a filler, but
/// "Cuba for hosting the consultations" is a sentence.
fn ends_item(content: &str, end: usize) -> bool {
    let rest = &content[end..];
    let stretch = &rest[..rest
        .find([',', ';', '.', ':', ')', '\n'])
        .unwrap_or(rest.len())];
    let mut words = stretch
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let Some(word) = words.next() else {
        return true;
    };
    Cues::get().is_filler_word(&crate::gazetteer::fold::fold(word)) && !words.any(is_prose_word)
}

/// True when a bare line break (no separator) ends a title or sentence line
/// that happens to end in a name, and the next line opens a list: "Question
/// of Palestine" / "France, Guinea ...: draft decision". A list that goes on
/// over lines either has a separator at the break or names from the start of
/// each line; here the earlier line has other words before its names.
fn title_runs_into_list(text: &Text, c: &Candidate, from: usize, to: usize) -> bool {
    let content = text.content.as_str();
    let gap = &content[from..to];
    if !gap.contains('\n') || !gap.trim().is_empty() {
        return false;
    }
    // "... وتوغو" / "وجيبوتي ...": the next line opens with the list's "and".
    if glued_conjunction_at(content, to) {
        return false;
    }
    let line = &text.lines[text.line_at(from.saturating_sub(1))];
    // OCR text: a list already under way on the lines above is no title;
    // words before the line's name are the misread head of a long name
    // ("Federal Talamic Republic of the Comoros", one a line).
    if text.noisy && c.first() < line.start {
        return false;
    }
    // The first name on that line; one that began on the line above
    // ("l'État plurinational de" / "Bolivie") leaves nothing before it.
    let first_on_line = c
        .matches
        .iter()
        .find(|m| m.end > line.start)
        .map_or(from, |m| m.start.max(line.start));
    !is_filler(&content[line.start..first_on_line])
}

/// OCR text: the misread names between a lead-in cue that ends at
/// `cue_end` and the first name that the gazetteer found, at `start`. The
/// tolerant matcher misses a name that OCR misread beyond its budget; at
/// the head of a list there is no name before it to join it to the list
/// as an unknown item, so the list would lose it and, worse, its cue:
/// "on behalf cf Antigua and Parbuda, Auatria, Azerbaijan". After the
/// cue's own tail words ([`is_cue_gap_word`]), what stands there must be
/// list material as between two names ([`gap_items`]), or, on the first
/// name's own line, one item.
fn lead_items(
    content: &str,
    cue_end: usize,
    start: usize,
    rules: &ListRules,
    hangs: &dyn Fn(usize, usize) -> bool,
) -> Option<Vec<(usize, usize)>> {
    let gap = &content[cue_end..start];
    let mut from = start;
    let mut word_start = None;
    // A cue read through misreadings may end inside a word ("Porel
    // Gob|iene"); the word's rest belongs to the cue, not to the list.
    let mut inside_cue =
        content[..cue_end].ends_with(char::is_alphabetic) && gap.starts_with(char::is_alphabetic);
    for (i, ch) in gap.char_indices().chain(std::iter::once((gap.len(), ' '))) {
        match (ch.is_alphabetic(), word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(w)) => {
                word_start = None;
                if std::mem::take(&mut inside_cue) {
                    continue;
                }
                if !is_cue_gap_word(&crate::gazetteer::fold::fold(&gap[w..i]), true) {
                    from = cue_end + w;
                    break;
                }
            }
            _ => {}
        }
    }
    if from == start {
        return None;
    }
    let stretch = &content[from..start];
    if !stretch.contains(OCR_SEPARATORS) {
        // On the name's own line: the misread head of its formal name, one
        // item ("de la Repühlica de" / "Liberia" in a signature cell).
        let item = strip_trailing_filler(stretch);
        return is_name_like(item, rules, true).then(|| vec![(from, from + item.len())]);
    }
    gap_items(content, from, start, rules, true, hangs).filter(|items| !items.is_empty())
}

/// Strings the gazetteer's matches into candidates. `cue_ends` are where
/// lead-in cue phrases end (sorted): a cue inside a gap starts a new list.
/// `footnotes` says which lines are footnotes: a list does not run from the
/// body into them.
pub fn candidates(
    text: &Text,
    matches: Vec<NameMatch>,
    cue_ends: &[usize],
    footnotes: &[bool],
    rules: &ListRules,
) -> Vec<Candidate> {
    let in_notes = |pos: usize| footnotes.get(text.line_at(pos)).copied().unwrap_or(false);
    let hangs = |item: usize, pos: usize| hangs_under_item(text, item, pos, rules);
    let content = text.content.as_str();
    let mut out: Vec<Candidate> = Vec::new();
    for m in matches {
        if let Some(c) = out.last_mut() {
            let (from, to) = (c.end(), m.start);
            let next_cue = cue_ends.partition_point(|e| *e <= from);
            let cue_inside = cue_ends.get(next_cue).is_some_and(|e| *e <= to);
            let broken = cue_inside
                || in_notes(from.saturating_sub(1)) != in_notes(to)
                || ends_sentence_after_name(&content[from..to], text.noisy)
                || (rules.on(Rule::TitleLineBreak) && title_runs_into_list(text, c, from, to));
            let items = if broken {
                None
            } else {
                gap_items(content, from, to, rules, text.noisy, &hangs)
            };
            // OCR text: a name joined past unknown pieces must end an item
            // itself, or prose ("Reports from Turkmenistan show that") would
            // join a list through the lax pieces of noisy text.
            let items =
                items.filter(|items| !text.noisy || items.is_empty() || ends_item(content, m.end));
            if let Some(items) = items {
                c.unmatched.extend(items);
                c.matches.push(m);
                continue;
            }
        }
        out.push(Candidate {
            matches: vec![m],
            unmatched: Vec::new(),
        });
    }
    if text.noisy {
        let mut prev_end = 0;
        for c in &mut out {
            let start = c.start();
            // The last cue that ends after the list before and at or
            // before this one's first name.
            let i = cue_ends.partition_point(|e| *e <= start);
            let cue = i
                .checked_sub(1)
                .map(|k| cue_ends[k])
                .filter(|e| *e >= prev_end);
            prev_end = c.end();
            let Some(cue) = cue else { continue };
            if let Some(mut items) = lead_items(content, cue, start, rules, &hangs) {
                items.append(&mut c.unmatched);
                c.unmatched = items;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "la República Togolesa y da República de Chipre": OCR read the
    /// article "la" after the list's "y" as "da".
    #[test]
    fn a_misread_article_after_a_conjunction_is_list_material_in_ocr_text() {
        let rules = ListRules::default();
        let items = |gap: &str, noisy| gap_items(gap, 0, gap.len(), &rules, noisy, &|_, _| false);
        assert_eq!(items(" y da ", true), Some(Vec::new()));
        assert_eq!(
            items(" y da ", false),
            None,
            "clean text reads it as written"
        );
        assert_eq!(items(" da ", true), None, "no conjunction, no list");
        assert_eq!(
            items(" y todos ", true),
            None,
            "a word, not a misread article"
        );
        assert_eq!(
            items(" y da su ", true),
            None,
            "two unknown words are prose"
        );
    }

    /// A numbered list as OCR reads it: a misread number ("iG."), a stray
    /// full stop at a line's end ("Brazil."), and an item read with a digit
    /// or a lower-case letter ("troland", "S3R"). In OCR text none of them
    /// breaks the list; in clean text each does.
    #[test]
    fn ocr_noise_between_names_is_list_material_only_in_ocr_text() {
        let rules = ListRules::default();
        let gap = "\niG. ";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false),
            Some(Vec::new())
        );
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, false, &|_, _| false),
            None
        );
        let gap = "\n6. troland\n7. ";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false),
            Some(vec![(4, 11)])
        );
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, false, &|_, _| false),
            None
        );
        let gap = ",\nRolorussian S3R,\nDasocratic Yast Timer,\nDeminieonf Canada,\n";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false).map(|v| v.len()),
            Some(3)
        );
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, false, &|_, _| false),
            None
        );
        assert!(ends_sentence_after_name(".\n11. ", false));
        assert!(!ends_sentence_after_name(".\n11. ", true));
        assert!(ends_item("Chile,\n", 5) && ends_item("Chile and Peru", 5));
        assert!(is_filler(" и ") && is_filler("和") && is_filler(" و "));
        assert!(glued_conjunction_at("وجيبوتي", 0) && !glued_conjunction_at("جيبوتي", 0));
        let rules = ListRules::default();
        assert!(
            is_name_like("ناويرو", &rules, false),
            "no capitals in Arabic"
        );
        assert!(is_name_like("某国", &rules, false));
        assert!(!is_name_like("ناويرو 12", &rules, false));
        assert!(
            !is_filler("政府表示"),
            "ideographs are words, not one-letter list marks"
        );
        assert!(ends_item("Chile", 5) && ends_item("Chile\n", 5));
        assert!(ends_item("Armenia +\n", 7), "a speck");
        assert!(!ends_item("Turkmenistan show that", 12));
        assert_eq!(
            gap_items(".\n11. ", 0, 6, &rules, true, &|_, _| false),
            Some(Vec::new())
        );
    }

    /// "Spain, St. Vincent 8 Grenadines, Suriname": the stop after "St" is
    /// an abbreviation's, so the misread item after it ("8" for "&") is an
    /// OCR item like any other, not a sentence of prose; after a word that
    /// no name abbreviates the stop may end a sentence.
    #[test]
    fn a_stop_after_an_abbreviation_of_names_ends_no_sentence() {
        let rules = ListRules::default();
        let items = |gap: &str| gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false);
        let gap = ", St. Vincent 8 Grenadines, ";
        let read: Vec<&str> = items(gap)
            .unwrap()
            .iter()
            .map(|&(a, b)| &gap[a..b])
            .collect();
        assert_eq!(
            read,
            ["Vincent 8 Grenadines"],
            "\"St\" is as short as noise"
        );
        assert_eq!(items(", Sa. Vincent 8 Grenadines, "), None);
        assert!(ends_in_abbreviation("Spain, St") && ends_in_abbreviation("Dem"));
        assert!(!ends_in_abbreviation("Kenya") && !ends_in_abbreviation("U.S"));
    }

    /// Names wrapped in the cells of a table, misread: each is one item
    /// over its lines, so five lines are two unknown items, not five.
    #[test]
    fn in_ocr_text_a_wrapped_item_is_one_item_over_its_lines() {
        let rules = ListRules::default();
        let gap = "\nLa République\nfédérale\ndéaocratique\nd'Ethicnie\nla République\nd'Ango La\n";
        let items =
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false).expect("list material");
        let texts: Vec<&str> = items.iter().map(|&(a, b)| &gap[a..b]).collect();
        assert_eq!(
            texts,
            [
                "La République\nfédérale\ndéaocratique\nd'Ethicnie",
                "République\nd'Ango La"
            ]
        );
        assert!(items.len() <= rules.max_unknown_per_gap_ocr);
    }

    /// A misread item that ends in "del" or "of" goes on on the next line;
    /// one that ends in a conjunction does not (a prose list's line ends in
    /// "and" before a name of its own).
    #[test]
    fn in_ocr_text_an_item_ending_in_of_goes_on_on_the_next_line() {
        let rules = ListRules::default();
        let gap = "\nRepGblica Unida del\nCamarán\nKenla y\nNigerla\n";
        let items = gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false).expect("list");
        let texts: Vec<&str> = items.iter().map(|&(a, b)| &gap[a..b]).collect();
        assert_eq!(
            texts,
            ["RepGblica Unida del\nCamarán", "Kenla y", "Nigerla"]
        );
    }

    /// Lines of OCR text at `x0` (size 12), one per line.
    fn ocr_lines(lines: &[(&str, f32)]) -> Text {
        let mut text = Text {
            noisy: true,
            ..Text::default()
        };
        for (line, x0) in lines {
            text.content.push('\n');
            let start = text.content.len();
            text.content.push_str(line);
            text.lines.push(crate::text::LineSpan {
                start,
                end: text.content.len(),
                page: 1,
                x0: *x0,
                x1: x0 + 7.0 * line.len() as f32,
                size: 12.0,
                gap_above: 1.2,
                row_cells: 1,
            });
        }
        text.content.push('\n');
        text
    }

    /// A capitalised formal name wrapped in a cell, its lines hanging under
    /// its first, is one item; the next item, flush left, is another.
    #[test]
    fn in_ocr_text_lines_hanging_under_an_item_go_on_with_it() {
        let text = ocr_lines(&[
            ("RepGblica Argelina", 70.0),
            ("Democrética y", 81.0),
            ("Popular", 82.0),
            ("Reino de Tailandla", 70.5),
        ]);
        let items_with = |rules: &ListRules| {
            let gap = text.content.as_str();
            let hangs = |item, pos| hangs_under_item(&text, item, pos, rules);
            let items = gap_items(gap, 0, gap.len(), rules, true, &hangs).expect("list");
            items
                .iter()
                .map(|&(a, b)| gap[a..b].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            items_with(&ListRules::default()),
            [
                "RepGblica Argelina\nDemocrética y\nPopular",
                "Reino de Tailandla"
            ]
        );
        let off = ListRules {
            wrap_indent_min: f32::INFINITY,
            ..ListRules::default()
        };
        assert_eq!(
            items_with(&off),
            [
                "RepGblica Argelina",
                "Democrética y",
                "Popular",
                "Reino de Tailandla"
            ]
        );
        let centred = ListRules {
            wrap_indent_max: 0.5,
            ..ListRules::default()
        };
        assert_eq!(
            items_with(&centred).len(),
            4,
            "an indent of 11 is more than 0.5 em"
        );
    }

    /// A speck before an item moves its line's left edge out; the lines
    /// under it, flush with the list, are items of their own, not lines
    /// hanging under it. A line indented under the item's own text still
    /// hangs.
    #[test]
    fn a_speck_before_an_item_makes_no_hanging_indent() {
        let rules = ListRules::default();
        let items_of = |text: &Text| {
            let gap = text.content.as_str();
            let hangs = |item, pos| hangs_under_item(text, item, pos, &rules);
            let items = gap_items(gap, 0, gap.len(), &rules, true, &hangs).expect("list");
            items
                .iter()
                .map(|&(a, b)| gap[a..b].to_string())
                .collect::<Vec<_>>()
        };
        let text = ocr_lines(&[
            (". Republic of Cancmey", 84.0),
            ("Repuntic of Macedonis", 98.0),
            ("Pepublic of Moldava", 98.0),
        ]);
        assert_eq!(
            items_of(&text),
            [
                "Republic of Cancmey",
                "Repuntic of Macedonis",
                "Pepublic of Moldava"
            ]
        );
        let text = ocr_lines(&[(". RepGblica Argelina", 84.0), ("Democrética y", 112.0)]);
        assert_eq!(items_of(&text), ["RepGblica Argelina\nDemocrética y"]);
    }

    /// OCR reads commas as full stops: between names a stop separates
    /// items, but the pieces must then read like names, so that a sentence
    /// between two names still breaks the list. Clean text keeps the stop
    /// as a sentence's end.
    #[test]
    fn a_full_stop_in_ocr_text_separates_names_but_not_sentences() {
        let rules = ListRules::default();
        let gap = ". Antigua and Barpada. ";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false),
            Some(vec![(2, 21)])
        );
        assert!(ends_sentence_after_name(gap, false));
        let gap = ". We welcome the efforts of ";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false),
            None
        );
        let gap = ". Signed by: ";
        assert_eq!(
            gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false),
            None
        );
        let gap = ",\n6. troland,\n7. ";
        assert!(gap_items(gap, 0, gap.len(), &rules, true, &|_, _| false).is_some());
    }

    #[test]
    fn a_name_followed_by_a_filler_word_and_prose_ends_no_item() {
        let text = "Cuba for hosting the consultations in Washington, D.C.";
        assert!(!ends_item(text, 4));
        assert!(ends_item("Cuba and Chile", 4));
        assert!(ends_item("Bolivie et la République fédérale", 7));
        assert!(ends_item("Cuba, we", 4));
    }

    #[test]
    fn in_ocr_text_a_colon_separates_and_a_lone_mark_is_no_word() {
        let rules = ListRules::default();
        let items = |gap: &str, noisy| gap_items(gap, 0, gap.len(), &rules, noisy, &|_, _| false);
        // "Trinité-et-Tobago: A Venezuela", a semicolon read as a colon.
        assert_eq!(items(": Atlantis ", true), Some(vec![(2, 10)]));
        assert_eq!(items(": Atlantis ", false), None);
        // "República Q 0 Zimbabwe": "de" read as a letter and a speck.
        assert_eq!(items("\nRepública Q 0 ", true), Some(vec![(1, 15)]));
        assert_eq!(items("\n1 2 ", true), Some(vec![]), "marks alone are noise");
    }
}
