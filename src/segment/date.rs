//! The statement's date, as printed: "New York, 14 June 2024", "Paris, le
//! 23 juin 2020", "Ginebra, 7 de febrero de 2025", "June 14, 2024",
//! "2024-06-14", "14 июня 2024 года", "2024年6月14日", and the UN's Arabic
//! "١٤ حزيران/يونيه ٢٠٢٤" (Arabic-Indic digits, the Levantine and the
//! Egyptian month name side by side).
//!
//! The date is the date of the act the document records. A date in the
//! head line that says what the document is ("Letter dated 3 March 2026
//! from ...", "Resolution adopted by the General Assembly on 9 December
//! 2025") is that date, and wins over the issue date of a UN masthead.
//! Otherwise a date standing on a short line of its own (a date line, a
//! place-and-date line, the masthead's date of a draft, whose only date it
//! is) wins, the first one in the document; otherwise the latest date the
//! text names, since a statement mentions earlier events but not later ones.

use super::decision::ListRules;
use super::document::head_line;
use crate::text::Text;
use chrono::NaiveDate;
use regex::Regex;
use std::sync::OnceLock;

/// The date of the act a document records, and where it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementDate {
    /// The date, as a calendar day.
    pub value: NaiveDate,
    /// Byte range in the text.
    pub start: usize,
    /// Byte offset in the text just past the printed date's end.
    pub end: usize,
}

fn month(name: &str) -> Option<u32> {
    let n = crate::gazetteer::fold::fold(name);
    let n = n.trim_end_matches('.');
    const MONTHS: [&[&str]; 12] = [
        &["january", "jan", "janvier", "janv", "enero", "ene"],
        &["february", "feb", "fevrier", "fevr", "fev", "febrero"],
        &["march", "mar", "mars", "marzo"],
        &["april", "apr", "avril", "avr", "abril", "abr"],
        &["may", "mai", "mayo"],
        &["june", "jun", "juin", "junio"],
        &["july", "jul", "juillet", "juil", "julio"],
        &["august", "aug", "aout", "agosto", "ago"],
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "setiembre",
        ],
        &["october", "oct", "octobre", "octubre"],
        &["november", "nov", "novembre", "noviembre"],
        &["december", "dec", "decembre", "diciembre", "dic"],
    ];
    // Russian month names, genitive (dates: "14 июня") and nominative,
    // folded (й is и); Arabic ones, folded (أ is ا, ة is ه), Egyptian and
    // Levantine: the UN prints both ("حزيران/يونيه").
    const MONTHS_RU_AR: [&[&str]; 12] = [
        &["января", "январь", "يناير", "كانون الثاني"],
        &["февраля", "февраль", "فبراير", "شباط"],
        &["марта", "март", "مارس", "اذار"],
        &["апреля", "апрель", "ابريل", "نيسان"],
        &["мая", "маи", "مايو", "ايار"],
        &["июня", "июнь", "يونيه", "يونيو", "حزيران"],
        &["июля", "июль", "يوليه", "يوليو", "تموز"],
        &["августа", "август", "اغسطس", "اب"],
        &["сентября", "сентябрь", "سبتمبر", "ايلول"],
        &["октября", "октябрь", "اكتوبر", "تشرين الاول"],
        &["ноября", "ноябрь", "نوفمبر", "تشرين الثاني"],
        &["декабря", "декабрь", "ديسمبر", "كانون الاول"],
    ];
    if let Some(i) = MONTHS_RU_AR.iter().position(|names| names.contains(&n)) {
        return Some(i as u32 + 1);
    }
    MONTHS
        .iter()
        .position(|names| names.contains(&n))
        .map(|i| i as u32 + 1)
}

/// A number printed in ASCII, Arabic-Indic or Eastern Arabic-Indic digits,
/// or in Chinese numerals ([`chinese_number`]).
fn number_of(s: &str) -> Option<u32> {
    crate::gazetteer::fold::fold(s)
        .parse()
        .ok()
        .or_else(|| chinese_number(s))
}

/// The Chinese numerals of dates (二〇二四年六月十四日): a year written digit
/// by digit with 〇 (or 零) for zero, a month or day from 一 to 三十一 with
/// 十 for ten ("十四" 14, "二十" 20, "三十一" 31).
fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .or((c == '零').then_some(0))
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.iter().position(|&c| c == '十') {
        None => chars
            .iter()
            .try_fold(0u32, |n, &c| Some(n * 10 + digit(c)? as u32)),
        Some(at) => {
            let tens = match chars[..at] {
                [] => 1,
                [t] => digit(t)? as u32,
                _ => return None,
            };
            let units = match chars[at + 1..] {
                [] => 0,
                [u] => digit(u)? as u32,
                _ => return None,
            };
            Some(tens * 10 + units)
        }
    }
}

/// Chinese numerals of a date's parts, for the patterns.
const CHINESE_NUMERAL: &str = "[〇零一二三四五六七八九十]";

/// Digits of the three kinds [`number_of`] reads, for the patterns.
const DIGIT: &str = "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]";

fn patterns() -> &'static [Regex; 5] {
    static RE: OnceLock<[Regex; 5]> = OnceLock::new();
    RE.get_or_init(|| {
        let m = r"([A-Za-zÀ-ÿА-Яа-яЁё]{3,10}\.?)";
        // An Arabic month: one or two words (كانون الثاني), and after a
        // slash the other name the UN prints beside it (حزيران/يونيه).
        let ar = r"[\u{0621}-\u{064A}\u{0671}-\u{06D3}]{2,10}";
        [
            // 14 June 2024 / 1er juillet 2020 / 7 de febrero de 2025
            format!(r"\b(\d{{1,2}})(?:er|st|nd|rd|th|º|°)?\s+(?:de\s+)?{m}\s+(?:de\s+|del\s+)?(\d{{4}})\b"),
            // June 14, 2024
            format!(r"\b{m}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"),
            // 2024-06-14
            r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string(),
            // 2024年6月14日, 二〇二四年六月十四日
            r"(\d{4}|ZH{4})\s*年\s*(\d{1,2}|ZH{1,2})\s*月\s*(\d{1,2}|ZH{1,3})\s*日".to_string(),
            // ١٤ حزيران/يونيه ٢٠٢٤
            format!(r"(ARABIC_DIGIT{{1,2}})\s+({ar}(?:\s{ar})?)(?:\s*/\s*({ar}))?\s+(ARABIC_DIGIT{{4}})"),
        ]
        // ASCII digits and word boundaries: Unicode ones keep the regex crate
        // off its DFA on text with any accented letter.
        .map(|p| {
            p.replace(r"\b", r"(?-u:\b)")
                .replace(r"\d", "[0-9]")
                .replace("ARABIC_DIGIT", DIGIT)
                .replace("ZH", CHINESE_NUMERAL)
        })
        .map(|p| Regex::new(&p).expect("date pattern"))
    })
}

/// Every date in `s`, with byte ranges.
pub fn dates_in(s: &str) -> Vec<(NaiveDate, usize, usize)> {
    let [dmy, mdy, iso, zh, ar] = patterns();
    let number = |m: Option<regex::Match>| m.and_then(|m| number_of(m.as_str()));
    let month_name = |m: Option<regex::Match>| m.and_then(|m| month(m.as_str()));
    // Each pattern with where its year, month and day are.
    let orders: [(&Regex, [usize; 3], bool); 5] = [
        (dmy, [3, 2, 1], true),
        (mdy, [3, 1, 2], true),
        (iso, [1, 2, 3], false),
        (zh, [1, 2, 3], false),
        (ar, [4, 2, 1], true),
    ];
    let mut out = Vec::new();
    for (re, [y, mo, d], named_month) in orders {
        for c in re.captures_iter(s) {
            // The Arabic pattern's second month name (after the slash) is
            // the one read first: the Egyptian names are the unambiguous ones.
            let month = if named_month {
                month_name(c.get(3).filter(|_| y == 4)).or_else(|| month_name(c.get(mo)))
            } else {
                number(c.get(mo))
            };
            let (Some(year), Some(month), Some(day), Some(whole)) =
                (number(c.get(y)), month, number(c.get(d)), c.get(0))
            else {
                continue;
            };
            if let Some(date) = i32::try_from(year)
                .ok()
                .and_then(|y| NaiveDate::from_ymd_opt(y, month, day))
            {
                out.push((date, whole.start(), whole.end()));
            }
        }
    }
    out.sort_by_key(|x| x.1);
    out
}

/// A line of at most this many words that holds a date is a date line
/// ("New York, 14 June 2024", "Paris, le 23 juin 2020"): a sentence that
/// mentions a date is longer.
const DATE_LINE_MAX_WORDS: usize = 8;

/// Whether the date at `start..end` stands on a date line: a short line
/// (see [`DATE_LINE_MAX_WORDS`]) with no other number on it. A second
/// number makes the line a period ("Sixty-first session (23 February–2
/// April 2026)"), whose end is not the document's date.
fn on_date_line(text: &Text, start: usize, end: usize) -> bool {
    let l = &text.lines[text.line_at(start)];
    let line = &text.content[l.start..l.end];
    line.split_whitespace().count() <= DATE_LINE_MAX_WORDS
        && !text.content[l.start..start]
            .chars()
            .chain(text.content[end..l.end.max(end)].chars())
            .any(|c| c.is_ascii_digit())
}

/// The document's date, if the text gives one (see the module's notes).
pub fn statement_date(text: &Text) -> Option<StatementDate> {
    let all = dates_in(&text.content);
    let of_the_act = head_line(text, &ListRules::default())
        .and_then(|(_, line)| all.iter().find(|(_, s, _)| text.line_at(*s) == line));
    let (value, start, end) = of_the_act
        .or_else(|| all.iter().find(|(_, s, e)| on_date_line(text, *s, *e)))
        .or_else(|| all.iter().max_by_key(|(d, s, _)| (*d, usize::MAX - s)))?;
    Some(StatementDate {
        value: *value,
        start: *start,
        end: *end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(s: &str) -> Option<String> {
        dates_in(s).first().map(|d| d.0.to_string())
    }

    #[test]
    fn english_french_spanish_and_iso_dates() {
        assert_eq!(
            first("New York, 14 June 2024").as_deref(),
            Some("2024-06-14")
        );
        assert_eq!(
            first("Paris, le 23 juin 2020").as_deref(),
            Some("2020-06-23")
        );
        assert_eq!(
            first("Paris, le 1er juillet 2020").as_deref(),
            Some("2020-07-01")
        );
        assert_eq!(
            first("Ginebra, 7 de febrero de 2025").as_deref(),
            Some("2025-02-07")
        );
        assert_eq!(
            first("Washington, June 14, 2024").as_deref(),
            Some("2024-06-14")
        );
        assert_eq!(
            first("adopted on 2023-12-01").as_deref(),
            Some("2023-12-01")
        );
        assert_eq!(first("Genève, 3 août 2021").as_deref(), Some("2021-08-03"));
        assert_eq!(first("31 February 2024"), None);
        assert_eq!(first("14 Junk 2024"), None);
    }

    #[test]
    fn russian_chinese_and_arabic_dates() {
        assert_eq!(
            first("Москва, 14 июня 2024 года").as_deref(),
            Some("2024-06-14")
        );
        assert_eq!(first("2024年6月14日于纽约").as_deref(), Some("2024-06-14"));
        assert_eq!(first("二〇二四年六月十四日").as_deref(), Some("2024-06-14"));
        assert_eq!(
            first("二零二五年十二月三十一日").as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(
            first("二〇二六年十月二十日于日内瓦").as_deref(),
            Some("2026-10-20")
        );
        assert_eq!(first("二〇二四年二月三十日"), None);
        assert_eq!(
            first("نيويورك، ١٤ حزيران/يونيه ٢٠٢٤").as_deref(),
            Some("2024-06-14")
        );
        assert_eq!(
            first("٣ كانون الثاني/يناير ٢٠٢٥").as_deref(),
            Some("2025-01-03")
        );
        assert_eq!(first("14 أيار 2024").as_deref(), Some("2024-05-14"));
        assert_eq!(first("14 июнь 2024").as_deref(), Some("2024-06-14"));
    }

    fn date_of(lines: &[&str]) -> Option<String> {
        let t = crate::segment::tests::doc(lines);
        statement_date(&t).map(|d| d.value.to_string())
    }

    #[test]
    fn a_letter_is_dated_by_its_head_line_not_by_the_masthead() {
        let lines = [
            "United Nations",
            "A/80/745",
            "General Assembly",
            "Distr.: General",
            "5 March 2026",
            "Letter dated 3 March 2026 from the Permanent Representatives of Australia",
            "and Canada to the United Nations addressed to the Secretary-General",
        ];
        assert_eq!(date_of(&lines).as_deref(), Some("2026-03-03"));
    }

    #[test]
    fn a_resolution_is_dated_by_its_adoption() {
        let lines = [
            "A/RES/80/99",
            "Distr.: General",
            "15 December 2025",
            "Resolution adopted by the General Assembly on 9 December 2025",
            "The General Assembly,",
        ];
        assert_eq!(date_of(&lines).as_deref(), Some("2025-12-09"));
    }

    #[test]
    fn a_period_is_not_a_date_line() {
        let lines = [
            "Human Rights Council",
            "Sixty-first session (23 February–2 April 2026)",
            "Joint statement on the rights of persons with disabilities",
            "Geneva, 12 March 2026",
        ];
        assert_eq!(date_of(&lines).as_deref(), Some("2026-03-12"));
    }

    #[test]
    fn a_draft_is_dated_by_its_masthead() {
        let lines = [
            "A/C.3/81/L.12",
            "Distr.: Limited",
            "29 October 2026",
            "Draft resolution submitted by the Chair",
            "Recalling its resolution of 14 December 2025,",
        ];
        assert_eq!(date_of(&lines).as_deref(), Some("2026-10-29"));
    }

    #[test]
    fn a_date_line_wins_over_dates_in_the_body() {
        use crate::layout::Line;
        let lines: Vec<Line> = [
            "Recalling resolution 77/1 of 12 March 2022 and the meeting held on 1 May 2024 in Geneva,",
            "New York, 14 June 2024",
        ]
        .iter()
        .map(|t| Line { page: 1, text: t.to_string(), x0: 0.0, x1: 1.0, y: 0.0, size: 10.0, gap_above: 1.0, row_cells: 1 })
        .collect();
        let t = crate::text::text(&lines);
        assert_eq!(statement_date(&t).unwrap().value.to_string(), "2024-06-14");
    }
}
