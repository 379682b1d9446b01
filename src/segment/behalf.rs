//! Sponsors acting on behalf of a group.
//!
//! A UN sponsor who acts for a group says so in a footnote: "Iraq:*" in the
//! block, "* On behalf of the States Members of the United Nations that are
//! members of the Group of 77 and China." at the foot of the page. A
//! statement says it inline: "Statement by Iraq on behalf of the Group of 77
//! and China". Either way the sponsor is the State; the group is recorded
//! beside it, as printed and, where its membership is known, by id. The
//! group's members are never made signatories.

use super::cues::{CueKind, Cues};
use crate::text::Text;
use serde::{Deserialize, Serialize};

/// The group a signatory acts for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBehalf {
    /// The group's name as printed ("Group of 77 and China").
    pub as_printed: String,
    /// Its id in `data/groups/` when we know its membership ("g77").
    pub group: Option<String>,
}

/// The footnote markers printed right after a name ("Nigeria*", "Iraq:* ,
/// **", "Egypt,*"): each distinct run of stars or daggers, up to the next
/// word.
pub fn markers_after(content: &str, end: usize) -> Vec<&str> {
    let after = super::window(content, end, 24);
    let mut out = Vec::new();
    let mut run_start = None;
    for (i, c) in after.char_indices() {
        let is_mark = super::is_note_mark(c);
        match (is_mark, run_start) {
            (true, None) => run_start = Some(i),
            (false, Some(s)) => {
                out.push(&after[s..i]);
                run_start = None;
            }
            _ => {}
        }
        if !(is_mark || c.is_whitespace() || c == ',' || c == ':' || c == ';') {
            break;
        }
    }
    if let Some(s) = run_start {
        out.push(&after[s..]);
    }
    out.dedup();
    out
}

/// The text of the footnote that `marker` opens, on or after line `from`:
/// its first line and the lines that continue it (up to the next line that
/// opens with a marker or a number, or the end of the page).
fn footnote(text: &Text, marker: &str, from: usize) -> Option<String> {
    let opens = |s: &str| {
        s.strip_prefix(marker)
            .is_some_and(|rest| rest.starts_with(char::is_whitespace))
    };
    let i = (from..text.lines.len()).find(|&i| opens(text.line_text(i).trim_start()))?;
    let mut last = i;
    for j in i + 1..text.lines.len() {
        let next = text.line_text(j).trim_start();
        let starts_note = next
            .chars()
            .next()
            .is_some_and(|c| super::is_note_mark(c) || c.is_ascii_digit());
        let so_far = text.content[text.lines[i].start..text.lines[last].end].trim_end();
        if text.lines[j].page != text.lines[i].page || starts_note || so_far.ends_with('.') {
            break;
        }
        last = j;
    }
    // Lines joined at a hyphen are one span of the content already.
    let note = &text.content[text.lines[i].start..text.lines[last].end];
    let note = note.trim_start()[marker.len()..].trim();
    Some(note.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A group's name has at most this many words: "Association of Southeast
/// Asian Nations and the States Parties to the Treaty on the South-East Asia
/// Nuclear-Weapon-Free Zone (Bangkok Treaty)" has 19; more is a sentence.
const MAX_GROUP_NAME_WORDS: usize = 30;

/// An on-behalf-of phrase with its group's name takes at most this many
/// bytes: "On behalf of the States Members of the United Nations that are
/// members of the Association of Southeast Asian Nations and the States
/// Parties to the Treaty on the South-East Asia Nuclear-Weapon-Free Zone
/// (Bangkok Treaty)" is 211.
const MAX_PHRASE_BYTES: usize = 400;

/// The group named after an on-behalf-of phrase at the start of `s` (after
/// at most a marker): "On behalf of the States ... members of the Group of
/// 77 and China, taking into account ..." gives "Group of 77 and China".
pub fn group_named(s: &str) -> Option<OnBehalf> {
    let c = Cues::get();
    // The phrase opens `s`, and the group's name is in its first sentence:
    // only that much is searched (a footnote, a few lines of a statement).
    let s = super::window(s, 0, MAX_PHRASE_BYTES);
    let m = c.any(CueKind::OnBehalf).find(s)?;
    if !s[..m.start()].trim().is_empty() {
        return None;
    }
    let mut rest = &s[m.end()..];
    if let Some(mm) = c.any(CueKind::MembersOf).find_iter(rest).last() {
        rest = &rest[mm.end()..];
    }
    let name = rest
        .split([',', '.', ';', ':', '\n'])
        .next()
        .unwrap_or("")
        .trim();
    let name = [
        "the ", "The ", "la ", "le ", "les ", "l'", "l’", "el ", "los ", "las ",
    ]
    .iter()
    .find_map(|a| name.strip_prefix(a))
    .unwrap_or(name)
    .trim();
    let starts_upper = name
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if name.is_empty() || !starts_upper || name.split_whitespace().count() > MAX_GROUP_NAME_WORDS {
        return None;
    }
    // "on behalf of Canada and New Zealand" names States, not a group: they
    // are a list of their own. An organisation that signs (the European
    // Union) is a group.
    let g = crate::gazetteer::Gazetteer::get();
    let names_a_state = g.find(name).first().is_some_and(|m| {
        m.start == 0
            && g.entity_of(m.target)
                .is_some_and(|e| e.kind != crate::gazetteer::EntityKind::Organization)
    });
    if names_a_state {
        return None;
    }
    Some(OnBehalf {
        as_printed: name.to_string(),
        group: crate::gazetteer::groups::by_printed_name(name).map(|g| g.id.clone()),
    })
}

/// The group the name ending at `end` acts for: through a footnote marker
/// after it, or an on-behalf-of phrase right after it.
pub fn on_behalf(text: &Text, end: usize) -> Option<OnBehalf> {
    let content = text.content.as_str();
    let line = text.line_at(end.saturating_sub(1));
    for marker in markers_after(content, end) {
        if let Some(note) = footnote(text, marker, line + 1) {
            if let Some(g) = group_named(&note) {
                return Some(g);
            }
        }
    }
    let after = content[end..].trim_start_matches(|c: char| {
        c.is_whitespace() || super::is_note_mark(c) || c == ',' || c == '('
    });
    group_named(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_after_a_name_are_read_up_to_the_next_word() {
        let s = "Iraq:* , ** draft resolution";
        assert_eq!(markers_after(s, 4), ["*", "**"]);
        assert_eq!(markers_after("Nigeria,* Norway", 7), ["*"]);
        assert_eq!(markers_after("Chile, Peru", 5), Vec::<&str>::new());
    }

    #[test]
    fn the_group_name_follows_members_of() {
        let g = group_named(
            "On behalf of the States Members of the United Nations that are members of the Group of 77 and China, taking into account",
        )
        .expect("a group");
        assert_eq!(g.as_printed, "Group of 77 and China");
        let g =
            group_named("On behalf of the Movement of Non-Aligned Countries.").expect("a group");
        assert_eq!(g.as_printed, "Movement of Non-Aligned Countries");
        assert_eq!(group_named("Any changes to the list of sponsors"), None);
        assert_eq!(group_named("on behalf of Canada and New Zealand"), None);
    }
}
