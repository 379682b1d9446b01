//! Evidence: what the text says about one candidate list.
//!
//! Each piece of evidence is one small function of the text around a
//! candidate: the cue phrase that leads into it, what follows it (a UN
//! sponsor block's ": draft resolution"), whether it stands on lines of its
//! own, whether it sits in a page's footnotes, and the
//! words that make its names examples ("including") or observers. None of
//! them decides alone; [`super::decision`] weighs them.

use super::candidates::{folded_words, is_cue_gap_word, is_filler, Candidate};
use super::cues::{CueKind, Cues};
use super::decision::{ListRules, Rule};
use super::document::DocumentKind;
use crate::text::Text;

/// Where a lead-in cue phrase ends, and its kind.
pub type CueEnd = (usize, CueKind);

/// The lead-in cue kinds: phrases that open a list.
const LEAD_IN: &[CueKind] = &[
    CueKind::Strong,
    CueKind::Weak,
    CueKind::LineStart,
    CueKind::Deliverer,
    CueKind::JoinedLater,
];

/// Where every lead-in cue phrase ends, sorted; in OCR text with OCR's
/// gaps between their words ([`Cues::any_in`]), and with the lines that
/// repeat a signature cell's cue line misread ([`repeated_cue_lines`]).
pub fn cue_ends(text: &Text) -> Vec<CueEnd> {
    let c = Cues::get();
    let content = text.content.as_str();
    let mut out: Vec<CueEnd> = LEAD_IN
        .iter()
        .flat_map(|k| {
            c.any_in(*k, text.noisy)
                .find_iter(content)
                .map(move |m| (m.end(), *k))
        })
        .collect();
    if text.noisy {
        out.extend(repeated_cue_lines(text, &out));
    }
    // At one position a later-listed kind never hides an earlier one:
    // sort by position, then keep the data's order.
    out.sort_by_key(|(end, _)| *end);
    out
}

/// A signature table repeats one cue line in every cell ("Por el
/// Gobierno", "For the Government of"); OCR must read it alike in at least
/// this many cells before the lines it misread count as repeating it.
const REPEATED_CUE_MIN_LINES: usize = 3;

/// A line repeats a cell's cue line when it is at most one edit per this
/// many of the cue line's characters away from it: OCR misreads the same
/// words differently in each cell ("Per el Goblierrio", "vor el
/// Coblarne"), and a third still keeps out other words of that length.
const REPEATED_CUE_CHARS_PER_EDIT: usize = 3;

/// OCR text: the lines that repeat a signature cell's cue line, misread
/// beyond the cue's tolerance; each is a line-start cue ending at its
/// line's end. A cue line is a line that opens with a line-start cue
/// ("Por" of "Por el Gobierno") and is read alike on at least
/// [`REPEATED_CUE_MIN_LINES`] lines: a signature table, whose cells all
/// open with it.
fn repeated_cue_lines(text: &Text, found: &[CueEnd]) -> Vec<CueEnd> {
    let content = text.content.as_str();
    let folded = |l: usize| {
        let line = &text.lines[l];
        folded_words(&content[line.start..line.end])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let with_cue: std::collections::HashSet<usize> = found
        .iter()
        .map(|(end, _)| text.line_at(end.saturating_sub(1)))
        .collect();
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (end, _) in found.iter().filter(|(_, k)| *k == CueKind::LineStart) {
        *counts
            .entry(folded(text.line_at(end.saturating_sub(1))))
            .or_default() += 1;
    }
    let forms: Vec<&String> = counts
        .iter()
        .filter(|(_, n)| **n >= REPEATED_CUE_MIN_LINES)
        .map(|(form, _)| form)
        .collect();
    if forms.is_empty() {
        return Vec::new();
    }
    (0..text.lines.len())
        .filter(|l| !with_cue.contains(l))
        .filter(|&l| {
            let f = folded(l);
            !f.is_empty()
                && forms.iter().any(|form| {
                    strsim::osa_distance(&f, form)
                        <= form.chars().count() / REPEATED_CUE_CHARS_PER_EDIT
                })
        })
        .map(|l| (text.lines[l].end, CueKind::LineStart))
        .collect()
}

/// All the evidence about one candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// State names in the candidate.
    pub names: usize,
    /// Lines it spans.
    pub lines: usize,
    /// The cue phrase that leads into it, if one does.
    pub cue: Option<CueKind>,
    /// The document kind its sponsor tail says (": draft resolution").
    pub sponsor_tail: Option<DocumentKind>,
    /// It stands on lines of its own, not inside a sentence.
    pub fills_lines: bool,
    /// "including", "such as" right before it.
    pub example_lead: bool,
    /// Its sentence speaks of observers or attendees.
    pub observer_lead: bool,
    /// It starts in a page's footnotes.
    pub in_footnote: bool,
    /// "on behalf of" follows it: the deliverer of a statement.
    pub on_behalf_follows: bool,
    /// "on behalf of" comes right before it: a group someone acts for.
    pub behalf_object: bool,
}

/// The cue that leads into a list starting at `pos`: the nearest cue before
/// it, with only cue-tail words (at most [`ListRules::max_cue_gap_words`];
/// in OCR text, `noisy`, also misread marks: [`is_cue_gap_word`]) between.
/// A weak cue followed by a colon is a heading ("Signed on behalf
/// of:"), as strong as any.
pub fn cue_before(
    content: &str,
    cues: &[CueEnd],
    pos: usize,
    rules: &ListRules,
    noisy: bool,
) -> Option<CueKind> {
    let i = cues.partition_point(|(e, _)| *e <= pos);
    let (end, kind) = *cues.get(i.checked_sub(1)?)?;
    let between = &content[end..pos];
    let mut n = 0;
    for w in folded_words(between) {
        n += 1;
        if n > rules.max_cue_gap_words || !is_cue_gap_word(&w, noisy) {
            return None;
        }
    }
    if kind == CueKind::Weak
        && rules.on(Rule::ColonMakesHeading)
        && between.trim_end().ends_with(':')
    {
        return Some(CueKind::Strong);
    }
    Some(kind)
}

/// Footnote markers, spaces and commas that may stand between a list's last
/// name and its colon ("Iraq:* , **", "Nigeria*:", "Ukraine:").
fn is_marker(c: char) -> bool {
    c.is_whitespace() || super::is_note_mark(c) || "§¶,".contains(c) || c.is_ascii_digit()
}

/// `s` without the markers before a sponsor block's colon.
fn skip_markers(s: &str) -> &str {
    s.trim_start_matches(|c: char| c != ':' && is_marker(c))
}

/// The document kind that a UN sponsor block's tail says: the list is
/// followed, after footnote markers and a colon, by "draft resolution",
/// "projet de résolution", "amendment to"... (`sponsor_tail` cues). The
/// group a sponsor acts for may stand before the colon, in parentheses or
/// after a comma: "Pakistan* (on behalf of the Organization of Islamic
/// Cooperation): draft resolution", "Denmark, on behalf of the European
/// Union: draft resolution".
pub fn sponsor_tail(content: &str, end: usize, rules: &ListRules) -> Option<DocumentKind> {
    let after = &content[end..];
    let mut rest = skip_markers(after);
    if after.len() - rest.len() > rules.max_tail_gap {
        return None;
    }
    let (inner, close) = match rest.strip_prefix('(') {
        Some(inner) => (inner, ')'),
        None => (rest, ':'),
    };
    let opens_group = Cues::get()
        .find_at_start(CueKind::OnBehalf, inner)
        .is_some();
    if opens_group {
        let at = inner.find(close).filter(|&i| i <= rules.max_behalf_aside)?;
        rest = match close {
            ')' => skip_markers(&inner[at + 1..]),
            _ => &inner[at..],
        };
    }
    let rest = rest.strip_prefix(':')?.trim_start_matches(is_marker);
    Cues::get()
        .of(CueKind::SponsorTail)
        .find(|cue| cue.find_at_start(rest).is_some())
        .map(|cue| cue.doc_kind)
}

/// The names are the object of "on behalf of" right before them ("... on
/// behalf of the European Union"): the group someone acts for.
pub fn behalf_object(content: &str, start: usize) -> bool {
    let before = super::window_before(content, start, 40);
    Cues::get()
        .any(CueKind::OnBehalf)
        .find_iter(before)
        .last()
        .is_some_and(|m| is_filler(&before[m.end()..]))
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', ':', ';', '!', '?', '）', ')']) || s.trim().is_empty()
}

/// True when the candidate stands on lines of its own, not inside a sentence:
/// nothing but list material before it on its first line and after it on its
/// last, no sentence running into it from the line above
/// ([`ListRules::run_on_min_words`]), none going on below in lower case.
pub fn fills_lines(text: &Text, c: &Candidate, cues: &[CueEnd], rules: &ListRules) -> bool {
    let content = text.content.as_str();
    let first = text.line_at(c.start());
    let last = text.line_at(c.end().saturating_sub(1));
    let (ls, le) = (text.lines[first].start, text.lines[last].end);
    // Before the first name on its line: filler, and in OCR text the
    // misread items the list took in front of it ([`Candidate::first`]:
    // "de la Repühlica de" / "Liberia" in a signature cell).
    // Only OCR text has such items: clean text reads its slice as it is.
    // An item begun by the misread last word of a cue line ("Gohierno" /
    // "de is Repúnlica de" / "Liberia") counts from the line's start; one
    // begun by more words of the line above is prose ("for hosting the
    // consultations in Bangkok." / "we welcome the talks held in").
    let begun_by_a_word =
        |u: &&(usize, usize)| u.0 >= ls || content[u.0..ls].split_whitespace().count() <= 1;
    let mut lead = c
        .unmatched
        .iter()
        .filter(|u| u.1 > ls && u.1 <= c.start())
        .filter(begun_by_a_word)
        .map(|u| (u.0.max(ls), u.1))
        .peekable();
    let before = if lead.peek().is_none() {
        std::borrow::Cow::Borrowed(&content[ls..c.start()])
    } else {
        let mut before = String::new();
        let mut pos = ls;
        for (a, b) in lead {
            before.push_str(&content[pos..a]);
            pos = b;
        }
        before.push_str(&content[pos.min(c.start())..c.start()]);
        std::borrow::Cow::Owned(before)
    };
    // In OCR text a short word there is a misread article ("Je la
    // República de Islandia"): [`super::candidates::is_filler_or_noise`].
    let filler = |s: &str| {
        if text.noisy {
            super::candidates::is_filler_or_noise(s)
        } else {
            is_filler(s)
        }
    };
    if !filler(&before) || !filler(&content[c.end()..le.max(c.end())]) {
        return false;
    }
    if first > 0 && rules.on(Rule::SentenceRunsIn) {
        let prev = &text.lines[first - 1];
        let prev_text = &content[prev.start..prev.end];
        let close = text.lines[first].gap_above < rules.paragraph_gap;
        if close
            && prev_text.split_whitespace().count() >= rules.run_on_min_words
            && !ends_sentence(prev_text)
            && prev.row_cells == 1
            && text.lines[first].row_cells == 1
        {
            return false;
        }
    }
    if let (Some(next), true) = (text.lines.get(last + 1), rules.on(Rule::SentenceGoesOn)) {
        let next_text = &content[next.start..next.end];
        let last_text = &content[text.lines[last].start..text.lines[last].end];
        // A cue line under it opens the next cell, even misread in lower
        // case ("vor el Coblarne").
        let cue_line = cues.iter().any(|(e, _)| *e > next.start && *e <= next.end);
        if next.gap_above < rules.paragraph_gap
            && !cue_line
            && next_text.chars().next().is_some_and(char::is_lowercase)
            && !(text.noisy && super::candidates::opens_item(next_text))
            && !ends_sentence(last_text)
            && next.row_cells == 1
        {
            return false;
        }
    }
    true
}

/// The sentence that leads into `pos`: back to the last sentence end, but
/// not before the line above the one `pos` is on (an agenda title two lines
/// up is not the list's sentence), and at most [`ListRules::max_lead_bytes`].
fn lead_in<'a>(text: &'a Text, pos: usize, rules: &ListRules) -> &'a str {
    let line_above = text.lines[text.line_at(pos).saturating_sub(1)].start;
    let max = rules.max_lead_bytes.min(pos.saturating_sub(line_above));
    let before = super::window_before(&text.content, pos, max);
    let cut = before.rfind(['.', '!', '?']).map_or(0, |i| i + 1);
    &before[cut..]
}

/// "including", "such as", "notamment" right before the first name, at
/// the end of the sentence `lead` that leads into it.
pub fn example_lead(lead: &str) -> bool {
    let lead = lead.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',');
    Cues::get()
        .any(CueKind::Example)
        .find_iter(lead)
        .last()
        .is_some_and(|m| is_filler(&lead[m.end()..]))
}

/// The sentence `lead` leading into the list speaks of observers or
/// attendees.
pub fn observer_lead(lead: &str) -> bool {
    Cues::get().any(CueKind::Observer).is_match(lead)
}

/// "on behalf of" comes right after the list (after at most a few words):
/// "delivered by Australia on behalf of ...".
pub fn on_behalf_follows(content: &str, end: usize) -> bool {
    let window = super::window(content, end, 40).trim_start_matches(|c: char| !c.is_alphanumeric());
    Cues::get()
        .any(CueKind::OnBehalf)
        .find(window)
        .is_some_and(|m| m.start() == 0)
}

/// For each line, whether it is in a page's footnotes: from a separator line
/// ("__________") that a footnote follows, or from a line that opens with a
/// footnote marker in a smaller type than the body's, for as long as the
/// lines are in small type or open with markers, at most to the end of the
/// page. A separator with ordinary text below it is a signature line. OCR
/// text is read by position instead of type size
/// ([`ListRules::footnote_gap_ocr`]).
pub fn footnote_lines(text: &Text, rules: &ListRules) -> Vec<bool> {
    let content = text.content.as_str();
    let mut sizes: Vec<f32> = text
        .lines
        .iter()
        .map(|l| l.size)
        .filter(|s| *s > 0.0)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let body = sizes.get(sizes.len() / 2).copied().unwrap_or(0.0);
    let small = |i: usize| {
        let l = &text.lines[i];
        l.size > 0.0 && l.size < rules.footnote_size * body
    };
    // A line that opens with a date ("28 June 2008") opens with a number
    // but no footnote marker: it is a date line, and in OCR text it stands
    // apart under the title, where a note's gap would put it.
    let marked = |i: usize| {
        let l = &text.lines[i];
        let line = content[l.start..l.end].trim_start();
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or("");
        !first.is_empty()
            && first.len() <= 3
            && first
                .chars()
                .all(|c| c.is_ascii_digit() || super::is_note_mark(c))
            && words.next().is_some()
            && super::date::dates_in(line).first().is_none_or(|d| d.1 != 0)
    };
    let mut out = vec![false; text.lines.len()];
    let mut page = 0;
    let mut inside = false;
    for (i, l) in text.lines.iter().enumerate() {
        if l.page != page {
            page = l.page;
            inside = false;
        }
        let s = content[l.start..l.end].trim();
        let separator = s.len() >= 5 && s.chars().all(|c| c == '_' || c == '-' || c == '—');
        let note_below = text
            .lines
            .get(i + 1)
            .is_some_and(|n| n.page == l.page && (marked(i + 1) || small(i + 1)));
        // OCR text: sizes are guesses, so the notes are told by where they
        // stand ([`ListRules::footnote_gap_ocr`]).
        let at_foot = if text.noisy {
            l.gap_above.is_finite() && l.gap_above >= rules.footnote_gap_ocr
        } else {
            small(i)
        };
        let opens = (separator && note_below)
            || (rules.on(Rule::SmallMarkedLineOpensFootnotes) && marked(i) && at_foot);
        // Footnotes go on in small type or with markers, and in OCR text to
        // the page's end; a line in body type after them, or in OCR text
        // one at the top of a column, is the body again (the next column
        // of a list whose first column carries the notes).
        let goes_on = if text.noisy {
            l.gap_above.is_finite()
        } else {
            small(i) || marked(i)
        };
        inside = opens || (inside && (goes_on || !rules.on(Rule::BodyTypeEndsFootnotes)));
        out[i] = inside;
    }
    out
}

/// Gathers the evidence about `c`.
pub fn evidence(
    text: &Text,
    c: &Candidate,
    cues: &[CueEnd],
    footnotes: &[bool],
    rules: &ListRules,
) -> Evidence {
    let content = text.content.as_str();
    let first = text.line_at(c.first());
    let last = text.line_at(c.end().saturating_sub(1));
    let lead = lead_in(text, c.first(), rules);
    Evidence {
        names: c.names(),
        lines: last - first + 1,
        cue: cue_before(content, cues, c.first(), rules, text.noisy),
        sponsor_tail: sponsor_tail(content, c.end(), rules),
        fills_lines: fills_lines(text, c, cues, rules),
        example_lead: example_lead(lead),
        observer_lead: observer_lead(lead),
        in_footnote: footnotes.get(first).copied().unwrap_or(false),
        on_behalf_follows: on_behalf_follows(content, c.end()),
        behalf_object: behalf_object(content, c.first()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// OCR text: signature cells whose cue line and name line OCR misread.
    /// The misread cue word and the name's misread head are one item that
    /// began on the cue line ("Gohierno" / "de is Repúnlica de"), and an
    /// article read as a short word ("Je la") stands before a name: neither
    /// keeps the name from filling its line.
    #[test]
    fn a_misread_signature_cell_still_fills_its_lines_in_ocr_text() {
        use crate::segment::tests::{codes, doc};
        let lines = [
            "Por el Gobierno",
            "de la República de Malí",
            "Por el Gopisrue",
            "Je la Republica de islandia",
            "Por el Gohierno",
            "de is Repúnlica de Liberia",
            "For el Gobierno",
            "de le República de Nicaragua",
            "Por ei Goblarny",
            "de ia kepública de Lituania",
        ];
        let mut t = doc(&lines);
        t.noisy = true;
        assert_eq!(codes(&t), ["MLI", "ISL", "LBR", "NIC", "LTU"]);
        // A sentence line that opens with "for" is no cue line: what runs
        // on from it is prose, not the misread head of a name.
        let lines = [
            "We express our appreciation to Albania",
            "for hosting the consultations in Bangkok.",
            "we welcome the talks held in New York and the constructive engagement",
            "of Australia.",
        ];
        let mut t = doc(&lines);
        t.noisy = true;
        assert!(codes(&t).is_empty(), "{:?}", codes(&t));
    }

    /// OCR text: a one-per-line list with articles whose cue OCR misread
    /// ("Les Eat suivants se Sontassocies") breaks at a misread item; the
    /// line under the last name ("fe Sultanar Oman") opens the next item,
    /// in lower case only by its article, and is no sentence going on, so
    /// the names fill their lines. A line of prose going on in lower case
    /// still makes them prose.
    #[test]
    fn a_list_item_in_lower_case_under_a_list_is_no_sentence_in_ocr_text() {
        use crate::segment::tests::{codes, doc};
        let list = |next: &'static str| {
            let mut t = doc(&[
                "Les Eat suivants se Sontassocies",
                "la Malaisie",
                "la République de Kiribati",
                "la République du Bénin",
                next,
            ]);
            t.noisy = true;
            t
        };
        assert_eq!(codes(&list("fe Sultanar Omaan")), ["MYS", "KIR", "BEN"]);
        assert!(codes(&list("ont adopté la résolution")).is_empty());
        let mut clean = list("fe Sultanar Omaan");
        clean.noisy = false;
        assert!(codes(&clean).is_empty(), "clean text reads it as prose");
    }

    /// OCR text: a signature table repeats its cue line in every cell;
    /// where OCR misread it past the cue's tolerance ("vor el Coblarne"),
    /// its likeness to the cue lines read elsewhere in the table makes it
    /// a cue all the same, once the table has enough of them. A cell's
    /// misread formal head ("de la Repühlica de" / "Liberia") does not keep
    /// it from filling its line.
    #[test]
    fn misread_cue_lines_of_a_signature_table_are_cues_in_ocr_text() {
        let cells = |exact: usize| {
            let mut lines = Vec::new();
            let names = [
                "de la República de Honduras",
                "de la República de Chile",
                "del Reino de Suecia",
            ];
            for name in names.iter().take(exact) {
                lines.push("Por el Gobierno");
                lines.push(*name);
            }
            lines.extend(["vor el Coblarne", "de la República de Mali"]);
            lines.extend(["Por el Gobierno", "de la Repühlica de Liberia"]);
            let mut t = crate::segment::tests::doc(&lines);
            t.noisy = true;
            t
        };
        let t = cells(3);
        assert_eq!(
            crate::segment::tests::codes(&t),
            ["HND", "CHL", "SWE", "MLI", "LBR"]
        );
        assert_eq!(cue_ends(&t).len(), 5, "four cue lines read, one misread");
        // Two cue lines read are too few to say what a cell's cue is.
        assert_eq!(cue_ends(&cells(1)).len(), 2);
    }
}
