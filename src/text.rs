//! Text stage: lines in reading order to one normalised text with a map back
//! to pages and lines.
//!
//! Each line is NFKC-normalised (ligatures, superscript digits, non-breaking
//! and other odd spaces), soft hyphens are dropped, white space is collapsed,
//! and a word hyphenated at a line end is joined again: "Herze-" + "govina"
//! becomes "Herzegovina", while "Guinea-" + "Bissau" keeps its hyphen because
//! the next line starts with a capital. Lines are otherwise joined by "\n".
//! Nothing here knows about States.

use crate::gazetteer::table::{Keys, Table, TableErrors};
use crate::layout::Line;
use std::sync::OnceLock;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Where one layout line sits in [`Text::content`].
#[derive(Debug, Clone, PartialEq)]
pub struct LineSpan {
    /// Byte offset in `content` where the line's text starts.
    pub start: usize,
    /// Byte offset in `content` just past the line's text (before the
    /// `\n` that follows it, if any).
    pub end: usize,
    /// 1-based page the line is on.
    pub page: u32,
    /// Left edge of the line (or cell) on its page, in page units.
    pub x0: f32,
    /// Right edge of the line (or cell) on its page, in page units.
    pub x1: f32,
    /// Median glyph size of the line, in page units.
    pub size: f32,
    /// Distance from the previous line of the same column, in multiples of
    /// this line's size; `f32::INFINITY` at the top of a page or column.
    pub gap_above: f32,
    /// How many cells the printed row was split into (1 for plain text).
    pub row_cells: u16,
}

/// A document's text as the segmenter reads it: the lines in reading
/// order, normalised and joined, with where each came from.
#[derive(Debug, Clone, Default)]
pub struct Text {
    /// The lines in reading order, normalised, separated by `\n`; a word
    /// broken at a line end is joined again across the break.
    pub content: String,
    /// Where each line sits in `content`, in reading order.
    pub lines: Vec<LineSpan>,
    /// Running headers and footers, once each, in order of first
    /// appearance: taken out of the reading order, but they carry facts
    /// about the document (a UN symbol printed on every page).
    pub running: Vec<String>,
    /// The text was read by OCR (ours, or a text layer that an OCR program
    /// made: [`made_by_ocr`]), so names in it are matched tolerantly
    /// ([`crate::gazetteer::tolerant`]). False for a clean text layer,
    /// which is matched exactly.
    pub noisy: bool,
}

impl Text {
    /// The index of the line holding byte `pos`.
    pub fn line_at(&self, pos: usize) -> usize {
        match self.lines.binary_search_by(|l| {
            if pos < l.start {
                std::cmp::Ordering::Greater
            } else if pos >= l.end.max(l.start + 1) {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1).min(self.lines.len().saturating_sub(1)),
        }
    }

    /// The 1-based page of the line holding byte `pos` (1 when there are no
    /// lines).
    pub fn page_at(&self, pos: usize) -> u32 {
        self.lines.get(self.line_at(pos)).map_or(1, |l| l.page)
    }

    /// The text of line `i` of `lines`, without its line break. Panics when
    /// `i` is out of range.
    pub fn line_text(&self, i: usize) -> &str {
        let l = &self.lines[i];
        &self.content[l.start..l.end]
    }
}

const OCR_PRODUCERS_FILE: &str = "data/ocr_producers.tsv";
const OCR_PRODUCERS: &str = include_str!("../data/ocr_producers.tsv");

/// The programs of `data/ocr_producers.tsv`, lower case.
fn ocr_producers() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| {
        load_ocr_producers(OCR_PRODUCERS)
            .unwrap_or_else(|e| panic!("data/ocr_producers.tsv is wrong:\n{e}"))
    })
}

/// Reads the table of OCR programs strictly: an empty name or a name
/// twice is an error naming its line.
fn load_ocr_producers(text: &str) -> Result<Vec<String>, TableErrors> {
    const HEADER: [&str; 2] = ["name", "why"];
    let table = Table::new(OCR_PRODUCERS_FILE, text);
    let mut errors = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut keys = Keys::default();
    for row in table.rows(&HEADER, &mut errors) {
        // Names are compared without regard to case.
        let name = row.1[0].to_lowercase();
        if let Some(e) = table.empty_cell(&row, &HEADER, &["name"]) {
            errors.push(e);
        } else if keys.first(
            &table,
            row.0,
            &name,
            || format!("name {:?}", row.1[0]),
            &mut errors,
        ) {
            out.push(name);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(TableErrors(errors))
    }
}

/// Whether a document's text layer was made by OCR, going by the program
/// its Info dictionary names as Producer or Creator (`data/ocr_producers.tsv`:
/// Acrobat's Paper Capture, ABBYY FineReader, tesseract, OCRmyPDF...). Such
/// text has OCR's misreadings, and [`Text::noisy`] should be set for it.
pub fn made_by_ocr(producer: Option<&str>, creator: Option<&str>) -> bool {
    [producer, creator].into_iter().flatten().any(|v| {
        let v = v.to_lowercase();
        ocr_producers().iter().any(|p| v.contains(p.as_str()))
    })
}

const CJK_RADICALS_FILE: &str = "data/cjk_radicals.tsv";
const CJK_RADICALS: &str = include_str!("../data/cjk_radicals.tsv");

/// The ideograph each CJK radical of `data/cjk_radicals.tsv` stands for.
fn cjk_radicals() -> &'static std::collections::HashMap<char, char> {
    static R: OnceLock<std::collections::HashMap<char, char>> = OnceLock::new();
    R.get_or_init(|| {
        load_cjk_radicals(CJK_RADICALS)
            .unwrap_or_else(|e| panic!("data/cjk_radicals.tsv is wrong:\n{e}"))
    })
}

/// Reads the radicals table strictly: each cell one character, the
/// radical in the CJK Radicals Supplement (U+2E80-U+2EFF), the ideograph a
/// CJK ideograph, no radical twice.
fn load_cjk_radicals(text: &str) -> Result<std::collections::HashMap<char, char>, TableErrors> {
    use crate::gazetteer::table::Problem;
    const HEADER: [&str; 3] = ["radical", "ideograph", "why"];
    let table = Table::new(CJK_RADICALS_FILE, text);
    let mut errors = Vec::new();
    let mut out = std::collections::HashMap::new();
    let mut keys = Keys::default();
    for row in table.rows(&HEADER, &mut errors) {
        let one = |s: &str| {
            let mut cs = s.chars();
            cs.next().filter(|_| cs.next().is_none())
        };
        match (one(row.1[0]), one(row.1[1])) {
            (Some(r), Some(i))
                if ('\u{2E80}'..='\u{2EFF}').contains(&r)
                    && crate::gazetteer::fold::is_ideograph(i) =>
            {
                if keys.first(
                    &table,
                    row.0,
                    row.1[0],
                    || format!("radical {r}"),
                    &mut errors,
                ) {
                    out.insert(r, i);
                }
            }
            _ => errors.push(table.error(
                row.0,
                Problem::Shape {
                    column: "radical".into(),
                    value: format!("{} {}", row.1[0], row.1[1]),
                    shape: "a CJK radical (U+2E80-U+2EFF) and one ideograph",
                },
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(TableErrors(errors))
    }
}

/// The Arabic comma "،" (U+060C).
const ARABIC_COMMA: char = '\u{060C}';
/// The Arabic semicolon "؛" (U+061B).
const ARABIC_SEMICOLON: char = '\u{061B}';
/// The ideographic comma "、" (U+3001), which Chinese writes between the
/// items of a list.
const IDEOGRAPHIC_COMMA: char = '\u{3001}';

/// Arabic lam (U+0644).
const LAM: char = '\u{0644}';
/// Arabic alef (U+0627).
const ALEF: char = '\u{0627}';

/// Punctuation that Arabic text writes next to its letters: brackets, list
/// and sentence punctuation, quotes, the slash of "حزيران/يونيه".
const ARABIC_TEXT_PUNCTUATION: &[char] = &[
    '(', ')', '[', ']', '«', '»', ',', '.', ';', ':', '-', '/', '!', '?', '\'', '"',
];

/// Whether `c`, glued between two Arabic letters, is no text but a glyph
/// that LibreOffice's ToUnicode map gives its own code for, having no
/// character for it (a justification kashida, a part of the lam-kaf
/// ligature): the code as a character, "جزر البهام<ا", "الممل}كة",
/// "الممل†كة", "الممل0كة" (Amiri). Letters, marks, punctuation and
/// digits are text, but for one ASCII digit between two letters of a
/// word: Arabic writes no number inside a word.
fn is_stray_code(c: char) -> bool {
    (!c.is_alphanumeric() || c.is_ascii_digit())
        && !c.is_whitespace()
        && !('\u{0600}'..='\u{06FF}').contains(&c)
        && !ARABIC_TEXT_PUNCTUATION.contains(&c)
}

/// Whether `c` is a letter of the Arabic alphabet (after NFKC).
fn is_arabic_letter(c: char) -> bool {
    ('\u{0621}'..='\u{064A}').contains(&c)
}

/// `line` without the stray codes ([`is_stray_code`]) that sit between two
/// Arabic letters.
fn drop_stray_codes_in_arabic(line: &mut String) {
    let chars: Vec<char> = line.chars().collect();
    let stray = |i: usize| {
        is_stray_code(chars[i])
            && i > 0
            && chars.get(i + 1).is_some_and(|&c| is_arabic_letter(c))
            && is_arabic_letter(chars[i - 1])
    };
    if (0..chars.len()).any(stray) {
        *line = (0..chars.len())
            .filter(|&i| !stray(i))
            .map(|i| chars[i])
            .collect();
    }
}

/// Normalises one line: NFKC, no soft hyphens, single spaces, the list
/// separators of Arabic and Chinese as ASCII ones.
pub fn normalise_line(raw: &str) -> String {
    if raw.is_ascii() {
        return normalise_ascii_line(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    // Most lines are NFKC already (all-ASCII ones always are): the quick
    // check says so without running the normaliser's decompose-recompose
    // buffers over every character.
    let chars: Box<dyn Iterator<Item = char> + '_> =
        if is_nfkc_quick(raw.chars()) == IsNormalized::Yes {
            Box::new(raw.chars())
        } else {
            Box::new(raw.nfkc())
        };
    for c in chars {
        let c = match c {
            '\u{00AD}' => continue,
            // The alef of a lam-alef ligature that a font draws as a lam
            // and a tail: the tail is no character of the font's own
            // (Noto Naskh's medial lam-alef, "ملاوي"), so xdvipdfmx's
            // ToUnicode leaves it out and it reads as U+FFFD. Lam-alef is
            // obligatory, so a glyph that no table explains right after a
            // lam is its alef (or an alef with hamza, which names fold to
            // alef anyway).
            '\u{FFFD}' if !space && out.ends_with(LAM) => ALEF,
            // List separators of Arabic and Chinese are the comma and
            // semicolon they are (NFKC already makes the full-width ，；：
            // ASCII): the list finder splits lists at those.
            ARABIC_COMMA | IDEOGRAPHIC_COMMA => ',',
            ARABIC_SEMICOLON => ';',
            // A radical that a font's ToUnicode map gives for an ideograph.
            c @ '\u{2E80}'..='\u{2EFF}' => cjk_radicals().get(&c).copied().unwrap_or(c),
            '\u{2010}' | '\u{2011}' => '-',
            c if c.is_whitespace() => ' ',
            c if c.is_control() || ('\u{200B}'..='\u{200D}').contains(&c) || c == '\u{FEFF}' => {
                continue
            }
            c => c,
        };
        if c == ' ' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if !out.is_ascii() {
        drop_stray_codes_in_arabic(&mut out);
    }
    out
}

/// [`normalise_line`] of an ASCII line, byte by byte: of its rules only
/// the spaces and control characters can apply (an ASCII line is NFKC),
/// and they apply alike.
fn normalise_ascii_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for &b in raw.as_bytes() {
        if b.is_ascii_whitespace() || b == 0x0B {
            space = !out.is_empty();
            continue;
        }
        if b.is_ascii_control() {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(char::from(b));
    }
    out
}

/// The letters either side of a line break: the end of `before` and the
/// start of `next_word` ("Nou" and "velle", "Centroafrica" and "na").
fn pieces_at_break<'a>(before: &'a str, next_word: &'a str) -> (&'a str, &'a str) {
    let head_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let cont_end = next_word
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(next_word.len());
    (&before[head_start..], &next_word[..cont_end])
}

/// Whether the hyphen between `before` (the line, without its final hyphen)
/// and `next_word` (the next line's first word) only breaks a word.
fn line_end_hyphen_breaks_a_word(
    before: &str,
    next_word: &str,
    is_word: &dyn Fn(&str) -> bool,
) -> bool {
    let (head, cont) = pieces_at_break(before, next_word);
    if is_word(&format!("{head}{cont}")) {
        return true;
    }
    if is_word(head) && is_word(cont) {
        return false;
    }
    !next_word.trim_end_matches('-').contains('-')
}

/// Whether a word of a name was broken at a line end without a hyphen, as
/// a narrow column forces when a word does not fit ("Centroafrica" +
/// "na", "centrafricain" + "e"): together, the line's last word and the
/// next line's first (lower-case) word are one word of a name. Two words
/// that stand apart in names never make one.
fn broken_without_hyphen(line: &str, next_word: &str, is_word: &dyn Fn(&str) -> bool) -> bool {
    let (head, cont) = pieces_at_break(line, next_word);
    !head.is_empty() && !cont.is_empty() && is_word(&format!("{head}{cont}"))
}

fn ends_hyphenated(s: &str) -> bool {
    let mut it = s.chars().rev();
    matches!((it.next(), it.next()), (Some('-'), Some(c)) if c.is_alphabetic())
}

/// The most characters of a speck that OCR read as a mark of its own at a
/// line's start (".", "_", "‘", "--"): a longer run of marks is print (a
/// rule, an ellipsis).
const LINE_START_SPECK_MAX_CHARS: usize = 2;

/// OCR text: a speck read as a mark at the start of a line, when the line
/// above ends with a hyphen and a lower-case word follows the speck, is
/// dropped, so that the word broken at the line's end is joined again as
/// in clean text: ". larus" under "the Republic of Be-" is "Belarus", and
/// so is "_quatu" under "Va-" "Vanuatu"'s misread end, the speck read
/// into the word. Dust in a scan's margin leaves such marks at many lines'
/// starts; before a capital or a digit the mark may be a bullet or a dash,
/// and is kept.
pub fn drop_specks_at_word_breaks(lines: &mut [Line]) {
    for i in 1..lines.len() {
        if !ends_hyphenated(lines[i - 1].text.trim_end()) {
            continue;
        }
        let line = lines[i].text.trim_start();
        let marks = line
            .find(|c: char| c.is_alphanumeric() || c.is_whitespace())
            .unwrap_or(line.len());
        let rest = line[marks..].trim_start();
        if marks > 0
            && line[..marks].chars().count() <= LINE_START_SPECK_MAX_CHARS
            && rest.chars().next().is_some_and(char::is_lowercase)
        {
            lines[i].text = rest.to_string();
        }
    }
}

/// Plain text (lines separated by newlines) normalised as `extract`
/// normalises a document's lines: NFKC, soft hyphens dropped, white space
/// collapsed, a word broken by a hyphen at a line end joined again. Empty
/// lines are dropped. `is_word` is as for [`text_with`].
pub fn normalise_text(s: &str, is_word: &dyn Fn(&str) -> bool) -> String {
    let lines: Vec<Line> = s
        .lines()
        .map(|l| Line {
            page: 1,
            text: l.to_string(),
            x0: 0.0,
            x1: 0.0,
            y: 0.0,
            size: 0.0,
            gap_above: 0.0,
            row_cells: 1,
        })
        .collect();
    text_with(&lines, is_word).content
}

/// Builds the document text from layout lines, with no word list: a hyphen
/// at a line end before a lower-case compound continuation is kept.
pub fn text(lines: &[Line]) -> Text {
    text_with(lines, &|_| false)
}

/// Builds the document text from layout lines. `is_word` says whether a
/// word, as printed, is a word of some name (the pipeline asks the
/// gazetteer), to decide line-end hyphens inside compound names.
pub fn text_with(lines: &[Line], is_word: &dyn Fn(&str) -> bool) -> Text {
    let norm: Vec<(String, bool)> = lines
        .iter()
        .map(|l| {
            (
                normalise_line(&l.text),
                l.text.trim_end().ends_with('\u{00AD}'),
            )
        })
        .collect();
    let mut t = Text {
        content: String::new(),
        lines: Vec::with_capacity(lines.len()),
        running: Vec::new(),
        noisy: false,
    };
    let mut joined_to_previous = false;
    for (i, l) in lines.iter().enumerate() {
        let (s, soft) = &norm[i];
        if s.is_empty() {
            continue;
        }
        if !t.content.is_empty() && !joined_to_previous {
            t.content.push('\n');
        }
        let start = t.content.len();
        let next_first = norm.get(i + 1).and_then(|(n, _)| n.chars().next());
        let mut body = s.as_str();
        joined_to_previous = false;
        if let Some(c) = next_first.filter(|c| c.is_alphabetic()) {
            if *soft {
                joined_to_previous = true;
            } else if ends_hyphenated(s) {
                joined_to_previous = true;
                // "Herze-" + "govina" loses its hyphen; "Trinité-" +
                // "et-Tobago" keeps it: the continuation is itself a compound.
                // Within a compound, the names' words decide: "Nou-" +
                // "velle-Zélande" makes "nouvelle", a word of a name.
                let next = norm.get(i + 1).map_or("", |(n, _)| n.as_str());
                let next_word = next.split_whitespace().next().unwrap_or("");
                if c.is_lowercase()
                    && line_end_hyphen_breaks_a_word(&s[..s.len() - 1], next_word, is_word)
                {
                    body = &s[..s.len() - 1];
                }
            } else if c.is_lowercase() && {
                let next = norm.get(i + 1).map_or("", |(n, _)| n.as_str());
                broken_without_hyphen(s, next.split_whitespace().next().unwrap_or(""), is_word)
            } {
                joined_to_previous = true;
            }
        }
        t.content.push_str(body);
        t.lines.push(LineSpan {
            start,
            end: t.content.len(),
            page: l.page,
            x0: l.x0,
            x1: l.x1,
            size: l.size,
            gap_above: l.gap_above,
            row_cells: l.row_cells,
        });
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    // The gazetteer's folding, as the pipeline's `is_word` applies it.
    use crate::gazetteer::fold::fold;

    #[test]
    fn an_ascii_line_normalises_as_the_same_line_with_a_letter_beyond_ascii() {
        // The "é" sends the second line down the general path; both must
        // treat every ASCII character alike, inside a line and at its start.
        for b in 0u8..128 {
            let c = char::from(b);
            for line in [format!("a{c}b"), format!("{c}{c}a{c}{c}b")] {
                let general = normalise_line(&format!("{line}é"));
                assert_eq!(
                    normalise_line(&line),
                    general.strip_suffix('é').unwrap_or(&general),
                    "{line:?}"
                );
            }
        }
        assert_eq!(normalise_line(" \tto\x0Bthe\x01 \r\n  end "), "to the end");
    }

    fn line(text: &str) -> Line {
        Line {
            page: 1,
            text: text.into(),
            x0: 0.0,
            x1: 100.0,
            y: 0.0,
            size: 10.0,
            gap_above: 1.2,
            row_cells: 1,
        }
    }

    #[test]
    fn ligatures_superscripts_and_odd_spaces_normalise() {
        assert_eq!(
            normalise_line("ﬁnland\u{00A0}\u{00A0}Netherlands¹"),
            "finland Netherlands1"
        );
        assert_eq!(normalise_line("  Costa\u{2009}Rica "), "Costa Rica");
    }

    #[test]
    fn arabic_and_chinese_list_separators_become_ascii_ones() {
        assert_eq!(normalise_line("فرنسا، ألمانيا؛ مصر"), "فرنسا, ألمانيا; مصر");
        assert_eq!(
            normalise_line("中国、法国，德国；日本：韩国"),
            "中国,法国,德国;日本:韩国"
        );
        // Presentation forms are the letters they show.
        assert_eq!(normalise_line("\u{FEFB}"), "\u{0644}\u{0627}");
    }

    #[test]
    fn symbols_glued_inside_an_arabic_word_are_dropped() {
        assert_eq!(normalise_line("جزر البهام<ا, سيش<يل"), "جزر البهاما, سيشيل");
        assert_eq!(normalise_line("الممل}كة الأردنية"), "المملكة الأردنية");
        assert_eq!(normalise_line("الممل†كة"), "المملكة");
        assert_eq!(normalise_line("الممل0كة"), "المملكة");
        // Digits beside a word, or more than one, are a number.
        assert_eq!(normalise_line("ب12ج 3أ"), "ب12ج 3أ");
        // Brackets and symbols between words, and elsewhere, stay.
        assert_eq!(normalise_line("إيران(الإسلامية)"), "إيران(الإسلامية)");
        assert_eq!(normalise_line("مصر < ليبيا, a<b"), "مصر < ليبيا, a<b");
    }

    #[test]
    fn a_lam_alef_tail_that_no_table_explains_is_an_alef() {
        // Medial lam, then the ligature's tail, as the walker reads
        // xelatex's Noto Naskh: "ملاوي".
        assert_eq!(
            normalise_line("\u{FEE3}\u{FEE0}\u{FFFD}\u{FEEE}\u{FEF2}"),
            "ملاوي"
        );
        // Elsewhere U+FFFD stays what it is: a glyph no table explains.
        assert_eq!(normalise_line("م\u{FFFD}"), "م\u{FFFD}");
        assert_eq!(normalise_line("ل \u{FFFD}"), "ل \u{FFFD}");
    }

    #[test]
    fn cjk_radicals_that_fonts_write_for_ideographs_are_the_ideographs() {
        assert_eq!(normalise_line("中华人\u{2EA0}共和国"), "中华人民共和国");
        assert_eq!(normalise_line("危地\u{2EE2}拉"), "危地马拉");
        // Chromium's Noto Sans CJK writes 角 of 佛得角 (Cabo Verde) as U+2EC6.
        assert_eq!(normalise_line("佛得\u{2EC6}"), "佛得角");
        // The whole CJK Radicals Supplement that has an equivalent ideograph.
        assert_eq!(cjk_radicals().len(), 114);
        assert!(load_cjk_radicals("radical\tideograph\twhy\nX\t民\tnot a radical\n").is_err());
    }

    #[test]
    fn hyphenation_joins_lower_case_continuations() {
        let t = text(&[line("Bosnia and Herze-"), line("govina, Chile")]);
        assert_eq!(t.content, "Bosnia and Herzegovina, Chile");
        assert_eq!(t.lines.len(), 2);
    }

    #[test]
    fn hyphen_kept_before_a_compound_continuation() {
        let t = text(&[line("Trinité-"), line("et-Tobago, Tunisie")]);
        assert_eq!(t.content, "Trinité-et-Tobago, Tunisie");
    }

    #[test]
    fn names_words_decide_hyphens_inside_compound_names() {
        let words = |w: &str| {
            ["nouvelle", "zelande", "trinite", "et", "tobago"].contains(&fold(w).as_str())
        };
        let t = text_with(
            &[line("la Nou-"), line("velle-Zélande, le Pakistan")],
            &words,
        );
        assert_eq!(t.content, "la Nouvelle-Zélande, le Pakistan");
        let t = text_with(&[line("Trinité-"), line("et-Tobago, Tunisie")], &words);
        assert_eq!(t.content, "Trinité-et-Tobago, Tunisie");
    }

    #[test]
    fn a_name_broken_without_a_hyphen_in_a_narrow_column_is_joined() {
        let words = |w: &str| {
            [
                "republica",
                "centroafricana",
                "centrafricain",
                "centrafricaine",
                "e",
            ]
            .contains(&fold(w).as_str())
        };
        let t = text_with(&[line("República Centroafrica"), line("na, Chile")], &words);
        assert_eq!(t.content, "República Centroafricana, Chile");
        let t = text_with(&[line("République centrafricain"), line("e")], &words);
        assert_eq!(t.content, "République centrafricaine");
        // Two words of names stay apart: "Guinea" / "ecuatorial..." is not one.
        let t = text_with(&[line("República"), line("centroafricana")], &words);
        assert_eq!(t.content, "República\ncentroafricana");
    }

    /// ". larus" under "the Republic of Be-": dust in the margin read as a
    /// mark; the word is joined again. A mark before a capital, or a longer
    /// run of marks, is kept, and a line above without a hyphen leaves the
    /// line as it is.
    #[test]
    fn an_ocr_speck_before_a_broken_words_end_is_dropped() {
        let words = |w: &str| w == "Belarus";
        let mut lines = vec![
            line("the Republic of Be-"),
            line(". larus, the Republic of Benin, Chile-"),
            line("- Peru"),
            line("... and"),
        ];
        drop_specks_at_word_breaks(&mut lines);
        let t = text_with(&lines, &words);
        assert_eq!(
            t.content,
            "the Republic of Belarus, the Republic of Benin, Chile-\n- Peru\n... and"
        );
        // The speck read into the word's first letter.
        let mut lines = vec![line("Turkménistan, Va-"), line("_quatu, Yémen")];
        drop_specks_at_word_breaks(&mut lines);
        assert_eq!(lines[1].text, "quatu, Yémen");
        let mut lines = vec![line("Be"), line(". larus")];
        drop_specks_at_word_breaks(&mut lines);
        assert_eq!(lines[1].text, ". larus");
        let mut lines = vec![line("Be-"), line("... larus")];
        drop_specks_at_word_breaks(&mut lines);
        assert_eq!(lines[1].text, "... larus", "an ellipsis is print");
    }

    #[test]
    fn hyphen_kept_before_a_capital() {
        let t = text(&[line("Guinea-"), line("Bissau")]);
        assert_eq!(t.content, "Guinea-Bissau");
    }

    #[test]
    fn plain_text_is_normalised_like_a_document() {
        let words = |w: &str| fold(w) == "luxembourg";
        assert_eq!(
            normalise_text("Luxem-\nbourg and Bel\u{00AD}gium", &words),
            "Luxembourg and Belgium"
        );
    }

    #[test]
    fn a_text_layer_made_by_an_ocr_program_is_ocr_text() {
        assert!(made_by_ocr(
            Some("Adobe Acrobat 9.0 Paper Capture Plug-in"),
            None
        ));
        assert!(made_by_ocr(
            Some("pikepdf 8.4.1"),
            Some("ocrmypdf 15.4.0 / Tesseract OCR-PDF 5.3.0")
        ));
        assert!(made_by_ocr(Some("ABBYY FineReader 15"), None));
        assert!(!made_by_ocr(
            Some("Microsoft® Word for Microsoft 365"),
            Some("Microsoft® Word")
        ));
        assert!(!made_by_ocr(None, None));
    }

    #[test]
    fn the_ocr_producers_table_loads_strictly() {
        if let Err(e) = load_ocr_producers(OCR_PRODUCERS) {
            panic!("{e}");
        }
        let bad = load_ocr_producers("name\twhy\nABBYY\tx\nabbyy\ty\n")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            bad.as_deref(),
            Some(
                "data/ocr_producers.tsv:3: name \"abbyy\" also at line 2\n1 error(s) in the tables"
            )
        );
    }

    #[test]
    fn lines_join_with_newlines_and_map_back() {
        let t = text(&[line("Albania"), line("Andorra")]);
        assert_eq!(t.content, "Albania\nAndorra");
        assert_eq!(t.line_at(8), 1);
        assert_eq!(t.line_text(1), "Andorra");
    }
}
