//! Segment stage: which State names in the text are the signatories.
//!
//! Names found by the gazetteer are strung into chains: consecutive names with
//! nothing between them but separators, conjunctions, numbering, footnote
//! markers, articles and phrases such as "For the Government of" (see
//! [`is_filler`]). A short name-like piece between separators that matches no
//! entity ("Narnia", a person's name in a signature table) does not break a
//! chain; it is kept as unmatched. A chain is a signatory block when a cue
//! phrase leads into it ("The following States have endorsed this
//! statement:", "signée par", "firmada por", "Joint statement by"), or when it
//! fills whole lines that are not the middle of a sentence and holds at least
//! three names (or two on separate lines), or when it follows such a block
//! closely (a list that goes on after a footnote or a page break). Every other
//! name is a mention. This stage does not read PDFs or lay out pages.

pub mod date;

use crate::gazetteer::{Gazetteer, NameMatch, Target};
use crate::text::Text;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Why a list item is in `unmatched`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnmatchedReason {
    /// Could be several States ("Korea").
    Ambiguous(usize),
    /// A place or body that is not a State ("Puerto Rico").
    NotAState(usize),
    /// Looks like a name in the list but is in no table.
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unmatched {
    pub start: usize,
    pub end: usize,
    pub reason: UnmatchedReason,
}

/// The outcome: byte ranges into [`Text::content`].
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// Signatory blocks, as (start, end) of their first and last name.
    pub blocks: Vec<(usize, usize)>,
    /// One match per entity, in reading order.
    pub signatories: Vec<NameMatch>,
    pub unmatched: Vec<Unmatched>,
    /// One match per entity named outside the blocks that is not a signatory.
    pub mentions: Vec<NameMatch>,
}

/// Words that may stand between two names of one list.
const FILLER: &[&str] = &[
    "and",
    "et",
    "y",
    "e",
    "und",
    "as",
    "well",
    "together",
    "with",
    "also",
    "plus",
    "the",
    "le",
    "la",
    "les",
    "l",
    "el",
    "lo",
    "los",
    "las",
    "for",
    "pour",
    "por",
    "para",
    "on",
    "behalf",
    "of",
    "de",
    "du",
    "des",
    "del",
    "d",
    "au",
    "nom",
    "en",
    "nombre",
    "government",
    "governments",
    "gouvernement",
    "gouvernements",
    "gobierno",
    "gobiernos",
    "signed",
    "signe",
    "signee",
    "firmado",
    "firmada",
    "and/or",
    "name",
    "state",
    "country",
    "pays",
    "estado",
    "pais",
    "no",
    "nr",
    "n",
    "o",
    "signature",
    "date",
    "fecha",
    "permanent",
    "mission",
];

/// Words that may stand between a cue phrase and the first name.
const CUE_TAIL: &[&str] = &[
    "following",
    "suivants",
    "suivantes",
    "siguientes",
    "states",
    "member",
    "members",
    "countries",
    "delegations",
    "etats",
    "delegaciones",
    "delegations",
    "gobiernos",
    "estados",
    "paises",
    "miembros",
    "membres",
    "have",
    "has",
    "endorsed",
    "signed",
    "joined",
    "supported",
    "this",
    "statement",
    "declaration",
    "declaracion",
    "communique",
    "comunicado",
    "letter",
    "lettre",
    "carta",
    "ont",
    "a",
    "ete",
    "ha",
    "han",
    "sido",
    "suscrito",
    "firmado",
    "signe",
    "signee",
    "approuve",
    "approuvee",
    "apoyado",
    "apoyada",
    "respaldado",
    "esta",
    "este",
    "cette",
    "ce",
    "by",
    "par",
    "are",
    "is",
    "were",
    "was",
    "as",
    "at",
    "time",
    "of",
    "writing",
    "publication",
    "its",
    "their",
    "sus",
    "ses",
    "leurs",
    "co",
    "sponsors",
    "cosponsors",
    "signatories",
    "signataires",
    "signatarios",
    "firmantes",
    "list",
    "liste",
    "lista",
    "undersigned",
    "soussignes",
    "abajo",
    "firmantes",
    "representatives",
    "ministers",
    "ministres",
    "ministros",
    "foreign",
    "affairs",
    "heads",
    "representants",
    "representantes",
    "que",
    "qui",
    "who",
    "which",
    "initial",
    "initiale",
    "group",
    "groupe",
    "grupo",
    "core",
    "states'",
    "joint",
    "conjointe",
    "conjunta",
    "other",
    "autres",
    "otros",
    "including",
    "y",
    "et",
    "and",
    "en",
    "la",
    "le",
    "les",
    "los",
    "las",
    "el",
    "the",
    "de",
    "des",
    "du",
    "del",
    "to",
    "au",
    "a",
    "al",
    "support",
    "soutien",
    "apoyo",
    "endorsement",
    "endorsements",
    "adhesion",
    "adhesions",
    "adhesiones",
    "soutenue",
    "soutenu",
    "appuyee",
    "appuye",
    "respaldada",
    "suscrita",
    "firmada",
    "behalf",
    "nom",
    "nombre",
    "on",
    "for",
    "pour",
    "por",
    "government",
    "gouvernement",
    "gobierno",
    "following:",
    "un",
    "united",
    "nations",
    "nations",
    "unies",
    "unidas",
    "organisation",
    "organizacion",
];

fn folded_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(crate::gazetteer::fold::fold)
        .filter(|w| !w.is_empty())
}

fn filler_set() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| FILLER.iter().copied().collect())
}

fn tail_set() -> &'static HashSet<&'static str> {
    static S: OnceLock<HashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| CUE_TAIL.iter().chain(FILLER).copied().collect())
}

/// True when `s` holds nothing but separators, numbering, footnote markers and
/// filler words.
pub fn is_filler(s: &str) -> bool {
    let set = filler_set();
    folded_words(s).all(|w| set.contains(w.as_str()) || (w.chars().count() == 1))
}

/// How much a cue phrase says about the names after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "The following States", "Signatories", "Joint statement by", "... :":
    /// whatever names follow are the list.
    Strong,
    /// "signed by", "on behalf of", "firmada por": body text says such things
    /// too, so one name after it is not enough.
    Weak,
    /// "For ..." / "Pour ..." / "Por ..." opening a signature-table cell: the
    /// name must fill the rest of the line.
    LineStart,
}

/// One regex for a list of phrases. Word boundaries are ASCII ones: a
/// Unicode `\b` keeps the regex crate off its DFA on any text with a
/// non-ASCII letter (most French and Spanish), which made cue finding a third
/// of the time spent on a statement. Every phrase begins and ends with an
/// ASCII letter, where the two kinds of boundary agree but next to accented
/// letters.
fn cue_regex(phrases: &[&str]) -> Regex {
    let joined = phrases.join("|").replace(r"\b", r"(?-u:\b)");
    Regex::new(&format!("(?i)(?:{joined})")).expect("cue patterns")
}

/// Cue phrases in English, French and Spanish, strongest first.
fn cues() -> &'static [(Cue, Regex)] {
    static RE: OnceLock<Vec<(Cue, Regex)>> = OnceLock::new();
    RE.get_or_init(|| {
        let strong = cue_regex(&[
            r"\bthe\s+following\b",
            r"\bsignator(?:y|ies)\b",
            r"\bendorsements?\b",
            r"\bco-?sponsors?\b",
            r"\b(?:joint|common)\s+(?:statement|declaration|communiqu[ée]|letter|press\s+release)\s+(?:by|of|from)\b",
            r"\bstatement\s+by\b",
            r"\bfrom\s+the\s+(?:foreign\s+)?ministers\s+of\b",
            r"\b(?:signed|endorsed|supported)(?:\s+by)?\s*:",
            r"\b(?:les|des)\s+(?:[ée]tats|pays|gouvernements|d[ée]l[ée]gations)\s+(?:membres\s+)?suivant(?:e)?s\b",
            r"\bsignataires?\b",
            r"\bd[ée]claration\s+(?:conjointe|commune)\s+(?:de|des|du|d['’])",
            r"\b(?:los|las)\s+siguientes\b",
            r"\bsignatari[oa]s\b",
            r"\bfirmantes\b",
            r"\bdeclaraci[óo]n\s+conjunta\s+(?:de|del)\b",
        ]);
        let weak = cue_regex(&[
            r"\b(?:endorsed|signed|supported|sponsored|co-?sponsored|joined|subscribed|delivered|presented|read(?:\s+out)?|undersigned)\s+(?:on\s+behalf\s+of|by)\b",
            r"\bon\s+behalf\s+of\b",
            r"\b(?:sign|approuv|soutenu|appuy|endoss|parrain|prononc|pr[ée]sent|souscrit)[ée]*e?s?\s+(?:par|au\s+nom\s+d)",
            r"\bau\s+nom\s+(?:de|du|des|d['’])",
            r"\b(?:firmad|suscrit|respaldad|apoyad|patrocinad|pronunciad|presentad|formulad|refrendad)[oa]s?\s+(?:por|en\s+nombre\s+d)",
            r"\ben\s+nombre\s+(?:de|del)\b",
        ]);
        let line_start = cue_regex(&[r"(?m)^[\s\d.)•*–-]*(?:for|pour|por)\b"]);
        vec![(Cue::Strong, strong), (Cue::Weak, weak), (Cue::LineStart, line_start)]
    })
}

/// Where cue phrases end, sorted.
fn cue_ends(content: &str) -> Vec<(usize, Cue)> {
    let mut out: Vec<(usize, Cue)> = cues()
        .iter()
        .flat_map(|(kind, re)| re.find_iter(content).map(move |m| (m.end(), *kind)))
        .collect();
    out.sort_by_key(|(end, _)| *end);
    out
}

fn is_name_like(piece: &str) -> bool {
    const CONNECT: &[&str] = &[
        "of", "the", "and", "de", "du", "des", "la", "le", "del", "y", "et", "da", "do", "dos",
        "d", "l", "el", "los", "las", "les",
    ];
    let words: Vec<&str> = piece.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return false;
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
                    || CONNECT.contains(&letters.to_lowercase().as_str()))
        })
}

/// The name-like pieces of a gap between two names, or `None` when the gap
/// is not list material (it has prose in it).
fn gap_items(content: &str, start: usize, end: usize) -> Option<Vec<(usize, usize)>> {
    let gap = &content[start..end];
    if is_filler(gap) {
        return Some(Vec::new());
    }
    if !gap.contains([',', ';', '\n']) {
        return None;
    }
    let mut items = Vec::new();
    let mut pos = start;
    for piece in gap.split([',', ';', '\n']) {
        let (pstart, pend) = (pos, pos + piece.len());
        pos = pend + 1;
        if is_filler(piece) {
            continue;
        }
        // Drop a conjunction or "For the Government of" in front.
        let trimmed = strip_leading_filler(piece);
        let trimmed = trimmed.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(');
        if !is_name_like(trimmed) {
            return None;
        }
        let off = piece.find(trimmed).unwrap_or(0);
        items.push((pstart + off, pstart + off + trimmed.len()));
        let _ = pend;
    }
    (items.len() <= 2).then_some(items)
}

fn strip_leading_filler(piece: &str) -> &str {
    let set = filler_set();
    let mut rest = piece.trim_start();
    loop {
        let word_end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let word = &rest[..word_end];
        let folded = crate::gazetteer::fold::fold(word);
        if word_end < rest.len()
            && !folded.is_empty()
            && set.contains(folded.as_str())
            && !word.chars().next().is_some_and(char::is_uppercase)
        {
            rest = rest[word_end..].trim_start();
        } else {
            return rest;
        }
    }
}

struct Chain {
    matches: Vec<NameMatch>,
    unmatched: Vec<(usize, usize)>,
}

impl Chain {
    fn start(&self) -> usize {
        self.matches[0].start
    }
    fn end(&self) -> usize {
        self.matches[self.matches.len() - 1].end
    }
    fn names(&self) -> usize {
        self.matches
            .iter()
            .filter(|m| !matches!(m.target, Target::NonState(_)))
            .count()
    }
}

/// True when a gap opens by ending the sentence the previous name closed
/// ("... in Türkiye. Signed by: Albania"): two lists, or a mention and a list.
fn ends_sentence_after_name(gap: &str) -> bool {
    let g = gap.trim_start_matches(|c: char| c == '*' || c.is_ascii_digit() || "¹²³†‡".contains(c));
    let mut it = g.chars();
    matches!((it.next(), it.next()), (Some('.' | '!' | '?'), Some(c)) if c.is_whitespace())
}

fn chains(content: &str, matches: Vec<NameMatch>, cues: &[(usize, Cue)]) -> Vec<Chain> {
    let mut out: Vec<Chain> = Vec::new();
    for m in matches {
        if let Some(c) = out.last_mut() {
            let (from, to) = (c.end(), m.start);
            let next_cue = cues.partition_point(|(e, _)| *e <= from);
            let cue_inside = cues.get(next_cue).is_some_and(|(e, _)| *e <= to);
            let items = if cue_inside || ends_sentence_after_name(&content[from..to]) {
                None
            } else {
                gap_items(content, from, to)
            };
            if let Some(items) = items {
                c.unmatched.extend(items);
                c.matches.push(m);
                continue;
            }
        }
        out.push(Chain {
            matches: vec![m],
            unmatched: Vec::new(),
        });
    }
    out
}

/// Byte range of the line around `pos` in the text.
fn line_bounds(text: &Text, pos: usize) -> (usize, usize) {
    let l = &text.lines[text.line_at(pos)];
    (l.start, l.end)
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', ':', ';', '!', '?', '）', ')']) || s.trim().is_empty()
}

/// True when the chain stands on lines of its own, not inside a sentence.
fn fills_lines(text: &Text, c: &Chain) -> bool {
    let content = text.content.as_str();
    let (ls, _) = line_bounds(text, c.start());
    let (_, le) = line_bounds(text, c.end().saturating_sub(1));
    if !is_filler(&content[ls..c.start()]) || !is_filler(&content[c.end()..le.max(c.end())]) {
        return false;
    }
    let first = text.line_at(c.start());
    let last = text.line_at(c.end().saturating_sub(1));
    // The line before: a sentence that runs on into the chain?
    if first > 0 {
        let prev = &text.lines[first - 1];
        let prev_text = &content[prev.start..prev.end];
        let close = text.lines[first].gap_above < 2.0;
        let words = prev_text.split_whitespace().count();
        if close
            && words >= 6
            && !ends_sentence(prev_text)
            && prev.row_cells == 1
            && text.lines[first].row_cells == 1
        {
            return false;
        }
    }
    // The line after: does the sentence go on in lower case?
    if let Some(next) = text.lines.get(last + 1) {
        let next_text = &content[next.start..next.end];
        let close = next.gap_above < 2.0;
        let last_text = &content[text.lines[last].start..text.lines[last].end];
        if close
            && next_text.chars().next().is_some_and(char::is_lowercase)
            && !ends_sentence(last_text)
            && next.row_cells == 1
        {
            return false;
        }
    }
    true
}

fn cue_before(content: &str, cues: &[(usize, Cue)], pos: usize) -> Option<Cue> {
    let i = cues.partition_point(|(e, _)| *e <= pos);
    let (end, kind) = *cues.get(i.checked_sub(1)?)?;
    let between = &content[end..pos];
    let set = tail_set();
    let mut n = 0;
    for w in folded_words(between) {
        n += 1;
        if n > 14 || !(set.contains(w.as_str()) || w.chars().count() == 1) {
            return None;
        }
    }
    // A colon after a cue makes it a heading.
    if kind == Cue::Weak && between.trim_end().ends_with(':') {
        return Some(Cue::Strong);
    }
    Some(kind)
}

/// Finds the signatories in `text`.
pub fn segment(text: &Text, gazetteer: &Gazetteer) -> Segmentation {
    let content = text.content.as_str();
    let matches = gazetteer.find(content);
    let cues = cue_ends(content);
    let chains = chains(content, matches, &cues);
    let mut accepted = vec![false; chains.len()];
    let mut last_accepted_end: Option<usize> = None;
    for (i, c) in chains.iter().enumerate() {
        if c.names() == 0 {
            continue;
        }
        let whole = fills_lines(text, c);
        let lines_spanned = text.line_at(c.end().saturating_sub(1)) - text.line_at(c.start()) + 1;
        let ok = match cue_before(content, &cues, c.start()) {
            Some(Cue::Strong) => true,
            Some(Cue::Weak) => c.names() >= 2 || whole,
            Some(Cue::LineStart) => whole,
            None => {
                let listy = whole && (c.names() >= 3 || (c.names() >= 2 && lines_spanned >= 2));
                let follows = whole
                    && last_accepted_end.is_some_and(|e| {
                        let between = text
                            .line_at(c.start())
                            .saturating_sub(text.line_at(e.saturating_sub(1)));
                        between <= 4
                    });
                listy || follows
            }
        };
        if ok {
            accepted[i] = true;
            last_accepted_end = Some(c.end());
        }
    }

    let mut seg = Segmentation::default();
    let mut signed: HashSet<usize> = HashSet::new();
    for (c, _) in chains.iter().zip(&accepted).filter(|(_, a)| **a) {
        seg.blocks.push((c.start(), c.end()));
        let mut items: Vec<Unmatched> = c
            .unmatched
            .iter()
            .map(|&(start, end)| Unmatched {
                start,
                end,
                reason: UnmatchedReason::Unknown,
            })
            .collect();
        for m in &c.matches {
            match m.target {
                Target::Entity(e) => {
                    if signed.insert(e) {
                        seg.signatories.push(*m);
                    }
                }
                Target::Ambiguous(a) => items.push(Unmatched {
                    start: m.start,
                    end: m.end,
                    reason: UnmatchedReason::Ambiguous(a),
                }),
                Target::NonState(n) => items.push(Unmatched {
                    start: m.start,
                    end: m.end,
                    reason: UnmatchedReason::NotAState(n),
                }),
            }
        }
        items.sort_by_key(|u| u.start);
        seg.unmatched.extend(items);
    }
    let mut mentioned: HashSet<usize> = HashSet::new();
    for (c, _) in chains.iter().zip(&accepted).filter(|(_, a)| !**a) {
        for m in &c.matches {
            if let Target::Entity(e) = m.target {
                if !signed.contains(&e) && mentioned.insert(e) {
                    seg.mentions.push(*m);
                }
            }
        }
    }
    seg.mentions.sort_by_key(|m| m.start);
    seg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Line;

    fn doc(lines: &[&str]) -> Text {
        let lines: Vec<Line> = lines
            .iter()
            .map(|t| Line {
                page: 1,
                text: t.to_string(),
                x0: 72.0,
                x1: 500.0,
                y: 0.0,
                size: 10.0,
                gap_above: 1.2,
                row_cells: 1,
            })
            .collect();
        crate::text::text(&lines)
    }

    fn signatories(lines: &[&str]) -> Vec<String> {
        let g = Gazetteer::get();
        let t = doc(lines);
        segment(&t, g)
            .signatories
            .iter()
            .map(|m| {
                g.entity_of(m.target)
                    .expect("signatories are entities")
                    .iso3
                    .clone()
            })
            .collect()
    }

    fn mentions(lines: &[&str]) -> Vec<String> {
        let g = Gazetteer::get();
        let t = doc(lines);
        segment(&t, g)
            .mentions
            .iter()
            .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
            .collect()
    }

    #[test]
    fn prose_list_after_a_cue() {
        let s = signatories(&[
            "We condemn the measures adopted by the United States.",
            "The following States have endorsed this statement: Austria, Belgium, Chile",
            "and Papua New Guinea.",
        ]);
        assert_eq!(s, ["AUT", "BEL", "CHL", "PNG"]);
    }

    #[test]
    fn body_mentions_are_not_signatories() {
        let lines = [
            "Joint Statement",
            "The signatories note with concern the measures adopted by the United States and",
            "France, Germany and Italy in the region.",
            "Signatories:",
            "Albania",
            "Andorra",
        ];
        assert_eq!(signatories(&lines), ["ALB", "AND"]);
        assert_eq!(mentions(&lines), ["USA", "FRA", "DEU", "ITA"]);
    }

    #[test]
    fn one_name_per_line_without_a_cue() {
        assert_eq!(
            signatories(&["Joint statement on oceans", "", "Fiji", "Samoa", "Tonga"]),
            ["FJI", "WSM", "TON"]
        );
    }

    #[test]
    fn a_long_name_wrapped_over_two_lines_is_one_state() {
        let s = signatories(&[
            "Signatories:",
            "Ireland",
            "United Kingdom of Great Britain and",
            "Northern Ireland",
            "Uruguay",
        ]);
        assert_eq!(s, ["IRL", "GBR", "URY"]);
    }

    #[test]
    fn french_and_spanish_cues() {
        assert_eq!(
            signatories(&[
                "Cette déclaration est signée par l'Allemagne, la Côte d'Ivoire et le Royaume-Uni."
            ]),
            ["DEU", "CIV", "GBR"]
        );
        assert_eq!(
            signatories(&["Los siguientes Estados han suscrito esta declaración: Países Bajos, Reino Unido y México."]),
            ["NLD", "GBR", "MEX"]
        );
    }

    #[test]
    fn signature_table_cells() {
        let s = signatories(&[
            "For the Government of Austria",
            "(signed)",
            "For the Government of the Kingdom of Belgium",
        ]);
        assert_eq!(s, ["AUT", "BEL"]);
    }

    #[test]
    fn unknown_names_inside_a_list_are_unmatched_and_do_not_break_it() {
        let g = Gazetteer::get();
        let t = doc(&["Signatories:", "Albania", "Narnia", "Andorra", "Korea"]);
        let seg = segment(&t, g);
        assert_eq!(seg.signatories.len(), 2);
        let un: Vec<&str> = seg
            .unmatched
            .iter()
            .map(|u| &t.content[u.start..u.end])
            .collect();
        assert_eq!(un, ["Narnia", "Korea"]);
    }

    #[test]
    fn numbered_list_with_footnote_markers() {
        assert_eq!(
            signatories(&[
                "1. Netherlands*",
                "2. Kingdom of the Netherlands¹",
                "3. the Gambia",
                "4. Niger",
                "5. Nigeria"
            ]),
            ["NLD", "GMB", "NER", "NGA"]
        );
    }

    #[test]
    fn a_sentence_broken_over_lines_is_not_a_list() {
        let s = signatories(&[
            "The ministers welcomed the progress made by the delegations of",
            "France, Germany and Italy",
            "in the negotiations held in Mexico City last year.",
        ]);
        assert!(s.is_empty(), "{s:?}");
    }
}
