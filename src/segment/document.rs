//! What kind of document this is, and its UN symbol.
//!
//! The kind comes from the head of the document (the lines at the top of
//! page 1: "Resolution adopted by the General Assembly", "Draft resolution
//! submitted by the Chair", "Letter dated ...", "Joint statement on ...") or
//! from its sponsor block (": draft decision"). The symbol ("A/C.3/80/L.20",
//! "S/2024/400") is a line of its own in the head or in the running header
//! that repeats it on every page. This module does not find lists.

use super::cues::{CueKind, Cues};
use super::decision::ListRules;
use crate::text::Text;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// What kind of document the record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// A joint statement, declaration, communiqué or open letter.
    Statement,
    /// A letter (to the Secretary-General, a note verbale), often with a
    /// joint statement annexed.
    Letter,
    /// A UN draft resolution.
    DraftResolution,
    /// A UN draft decision.
    DraftDecision,
    /// An amendment to a UN draft.
    Amendment,
    /// An adopted resolution: it names States but prints no sponsors.
    Resolution,
    /// A report (of a Committee, of the Secretary-General): it tells who
    /// sponsored or voted for what, but nobody signs it.
    Report,
    /// None of these could be told.
    #[default]
    Unknown,
}

impl DocumentKind {
    /// The kind named in the data (`doc_kind` column of `data/cues.tsv`),
    /// spelled as in records; the data never names `unknown`.
    pub fn from_data(s: &str) -> Option<DocumentKind> {
        serde_json::from_value(serde_json::Value::String(s.to_string()))
            .ok()
            .filter(|k| *k != DocumentKind::Unknown)
    }

    /// A UN draft, whose lists are sponsors.
    pub fn is_draft(self) -> bool {
        matches!(
            self,
            DocumentKind::DraftResolution | DocumentKind::DraftDecision | DocumentKind::Amendment
        )
    }
}

/// The document-level facts of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Document {
    /// What kind of document this is (statement, letter, UN draft...);
    /// `unknown` when its head does not say.
    pub kind: DocumentKind,
    /// The UN document symbol, when one is printed.
    pub symbol: Option<String>,
}

/// The kind that the head of the document says: the first of its top
/// [`ListRules::head_lines`] lines on page 1 that a `head` cue matches. A
/// statement's cues ("Declaration on ...") also name texts that other
/// documents cite, so any other kind found in the head comes first.
pub fn head_kind(text: &Text, rules: &ListRules) -> Option<DocumentKind> {
    head_line(text, rules).map(|(kind, _)| kind)
}

/// The line of the head that says the document's kind (see [`head_kind`]),
/// with that kind: "Letter dated 3 March 2026 from ...", "Resolution
/// adopted by the General Assembly on 9 December 2025". An index into
/// [`Text::lines`].
pub fn head_line(text: &Text, rules: &ListRules) -> Option<(DocumentKind, usize)> {
    let c = Cues::get();
    let first_page = text.lines.first().map_or(1, |l| l.page);
    let kinds: Vec<(DocumentKind, usize)> = text
        .lines
        .iter()
        .enumerate()
        .take(rules.head_lines)
        .filter(|(_, l)| l.page == first_page)
        .filter_map(|(i, l)| {
            let line = text.content[l.start..l.end].trim();
            if !c.any(CueKind::Head).is_match(line) {
                return None;
            }
            c.of(CueKind::Head)
                .find(|cue| cue.regex().is_match(line))
                .map(|cue| (cue.doc_kind, i))
        })
        .collect();
    kinds
        .iter()
        .copied()
        .find(|(k, _)| *k != DocumentKind::Statement)
        .or(kinds.first().copied())
}

fn symbol_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // A series letter or two, then at least two more slash-separated parts
    // ("A/C.3/80/L.20", "S/2024/400", "A/HRC/58/L.12/Rev.1",
    // "E/CN.6/2025/L.3"), a Security Council resolution's year
    // ("S/RES/2720 (2023)"), optionally a reissue star, alone on its line.
    RE.get_or_init(|| {
        Regex::new(r"^([A-Z]{1,6}(?:/[A-Z0-9][A-Za-z0-9.\-]*){2,8}(?: \(\d{4}\))?)\s*\**$")
            .expect("symbol pattern")
    })
}

/// The UN symbol: a line in the head, or a running header, that is a symbol
/// and nothing else.
pub fn symbol(text: &Text, rules: &ListRules) -> Option<String> {
    let head = text
        .lines
        .iter()
        .take(rules.head_lines)
        .map(|l| &text.content[l.start..l.end]);
    text.running
        .iter()
        .map(String::as_str)
        .chain(head)
        .find_map(|line| {
            let caps = symbol_regex().captures(line.trim())?;
            let s = caps.get(1)?.as_str();
            s.chars().any(|c| c.is_ascii_digit()).then(|| s.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tests::doc;

    #[test]
    fn the_data_names_kinds_as_records_do() {
        assert_eq!(
            DocumentKind::from_data("draft_resolution"),
            Some(DocumentKind::DraftResolution)
        );
        assert_eq!(DocumentKind::from_data("unknown"), None);
        assert_eq!(DocumentKind::from_data("draft resolution"), None);
    }

    #[test]
    fn an_adopted_resolution_says_so_in_its_head() {
        let t = doc(&[
            "General Assembly",
            "Resolution adopted by the General Assembly",
            "on 24 December 2024",
        ]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::Resolution)
        );
    }

    #[test]
    fn an_adopted_security_council_resolution_says_so_in_its_head() {
        let t = doc(&[
            "Resolution 2720 (2023)",
            "Adopted by the Security Council at its 9520th meeting, on 22 December 2023",
        ]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::Resolution)
        );
    }

    #[test]
    fn a_committee_report_says_so_in_its_head() {
        let t = doc(&[
            "Agenda item 68",
            "Report of the Third Committee",
            "Rapporteur: Ms. Anna Nowak (Poland)",
        ]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::Report)
        );
    }

    #[test]
    fn a_letter_and_a_statement_are_told_apart_by_their_first_heading() {
        let t = doc(&[
            "Letter dated 3 March 2026 from the Permanent Representatives of Chile and Peru",
            "Annex",
            "Joint statement on oceans",
        ]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::Letter)
        );
        let t = doc(&["Joint statement on oceans", "Fiji, Samoa and Tonga"]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::Statement)
        );
    }

    #[test]
    fn a_cited_declaration_does_not_make_a_draft_a_statement() {
        let t = doc(&[
            "Implementation of the Declaration on the Granting of Independence",
            "Draft resolution submitted by the Chair",
        ]);
        assert_eq!(
            head_kind(&t, &ListRules::default()),
            Some(DocumentKind::DraftResolution)
        );
    }

    #[test]
    fn the_symbol_is_a_line_of_its_own_or_a_running_header() {
        let r = ListRules::default();
        let t = doc(&["United Nations", "S/2024/400", "Security Council"]);
        assert_eq!(symbol(&t, &r).as_deref(), Some("S/2024/400"));
        let mut t = doc(&["Eightieth session", "First Committee"]);
        t.running = vec!["A/C.1/80/L.23*".into(), "25-16605".into()];
        assert_eq!(symbol(&t, &r).as_deref(), Some("A/C.1/80/L.23"));
        let t = doc(&["S/RES/2720 (2023)", "Security Council"]);
        assert_eq!(symbol(&t, &r).as_deref(), Some("S/RES/2720 (2023)"));
        // A reference inside a sentence is not the document's symbol.
        let t = doc(&["See A/80/150, annex."]);
        assert_eq!(symbol(&t, &r), None);
    }
}
