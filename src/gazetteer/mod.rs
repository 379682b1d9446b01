//! The gazetteer: every entity that signs declarations, all the ways its name
//! is written, and a matcher that finds those names in text.
//!
//! The tables are text files in `data/` compiled into the binary; the matcher
//! is built once per process ([`Gazetteer::get`]). Matching is leftmost-longest
//! over folded word tokens (see [`fold`]), so "Papua New Guinea" is never
//! "Guinea" and "United Kingdom of Great Britain and Northern Ireland" is one
//! State. Names that contain a State's name but are not a State ("Northern
//! Ireland", "New York") are in the tables too, so that they are consumed whole
//! and reported as nothing; names that could mean two States ("Korea") are
//! reported as ambiguous, and a place's name that is also used for one State
//! ("Macedonia", "Holland") as a place or that State: never guessed. A former
//! name of one State ("Swaziland") is that State, flagged as a former name.
//!
//! ```
//! use whosigned::gazetteer::Gazetteer;
//! let g = Gazetteer::get();
//! let found: Vec<&str> = g
//!     .find("Papua New Guinea, Niger and Nigeria")
//!     .iter()
//!     .filter_map(|m| Some(g.entity_of(m.target)?.iso3.as_str()))
//!     .collect();
//! assert_eq!(found, ["PNG", "NER", "NGA"]);
//! ```

pub mod fold;
pub mod groups;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const ENTITIES: &str = include_str!("../../data/entities.tsv");
const ALIASES: &str = include_str!("../../data/aliases.tsv");
const AMBIGUOUS: &str = include_str!("../../data/ambiguous.tsv");
const NON_STATES: &str = include_str!("../../data/non_states.tsv");
const PLACE_OR_STATE: &str = include_str!("../../data/place_or_state.tsv");

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    State,
    ObserverState,
    Organization,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    pub iso3: String,
    pub iso2: String,
    pub m49: Option<String>,
    pub kind: EntityKind,
    /// UN English short name: the canonical name in records.
    pub name: String,
    pub formal: String,
    pub fr_short: String,
    pub fr_formal: String,
    pub es_short: String,
    pub es_formal: String,
}

/// A name that could mean several entities (two or more).
#[derive(Debug, Clone)]
pub struct Ambiguity {
    pub name: String,
    pub candidates: Vec<String>,
    pub note: String,
}

/// A place or body whose name contains a State's name but which is not one.
#[derive(Debug, Clone)]
pub struct NonState {
    pub name: String,
    pub what: String,
}

/// A place's name that is also used for one State ("Macedonia": the Greek
/// region, or North Macedonia before 2019).
#[derive(Debug, Clone)]
pub struct PlaceOrState {
    pub name: String,
    /// The one State the name is used for.
    pub iso3: String,
    pub note: String,
}

/// What a matched name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Index into [`Gazetteer::entities`].
    Entity(usize),
    /// Index into [`Gazetteer::ambiguities`].
    Ambiguous(usize),
    /// Index into [`Gazetteer::non_states`].
    NonState(usize),
    /// Index into [`Gazetteer::places_or_states`].
    PlaceOrState(usize),
}

/// A name found in text: byte offsets into the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    pub start: usize,
    pub end: usize,
    pub target: Target,
    /// The name is one the entity used before (an alias of type `former`
    /// in `data/aliases.tsv`: "Swaziland", "Burma") and none of its
    /// current names.
    pub former_name: bool,
}

/// What one folded key means.
struct KeyInfo {
    target: Target,
    exact_case: Option<String>,
    inverted_head: Option<usize>,
    former_name: bool,
}

/// A name as the tables write it, with what it names.
struct WrittenName {
    name: String,
    target: Target,
    /// An upper-case abbreviation, matched only as printed.
    exact: bool,
    /// A name the entity used before (alias type `former`).
    former_name: bool,
}

/// Where a token sits in the searched text (byte offsets).
struct Span {
    start: usize,
    end: usize,
}

struct Pattern {
    target: Target,
    /// Upper-case abbreviations ("US", "UK") only match as printed, so that the
    /// pronoun "us" is not the United States.
    exact_case: Option<String>,
    /// For an inverted name ("Poland, Republic of"), how many tokens come
    /// before the comma: in "Poland, Republic of Korea" the tail belongs to
    /// the next name, and only the head is taken.
    inverted_head: Option<usize>,
    /// See [`NameMatch::former_name`].
    former_name: bool,
}

pub struct Gazetteer {
    entities: Vec<Entity>,
    ambiguities: Vec<Ambiguity>,
    non_states: Vec<NonState>,
    places_or_states: Vec<PlaceOrState>,
    by_iso3: HashMap<String, usize>,
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Every (alias as written, target) pair, for `whosigned states` and tests.
    aliases: Vec<(String, Target)>,
    /// Every folded word of every name, for telling a hyphen that breaks a
    /// word at a line end from one that joins the parts of a compound name.
    words: std::collections::HashSet<String>,
}

/// Rows of a tab-separated table: comment lines (`#`) and the header skipped.
fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(str::trim).collect())
}

fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("")
}

/// The wrapped form the automaton searches: each token as `|tok|`.
fn wrap<'a>(tokens: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for t in tokens {
        s.push('|');
        s.push_str(t);
        s.push('|');
    }
    s
}

const ARTICLES: &[&str] = &[
    "the ", "le ", "la ", "les ", "l'", "l’", "el ", "los ", "las ",
];

/// The spellings of one written name that the matcher should know: the name,
/// without its leading article, the parenthesised form turned round
/// ("Bolivia (Plurinational State of)" -> "Plurinational State of Bolivia" and
/// "Bolivia"), "&" for "and", "St" for "Saint", and apostrophes dropped.
pub fn spellings(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    let lower = name.to_lowercase();
    for a in ARTICLES {
        if lower.starts_with(a) && name.len() > a.len() {
            out.push(name[a.len()..].trim().to_string());
        }
    }
    let mut more = Vec::new();
    for n in &out {
        if let (Some(open), true) = (n.find(" ("), n.ends_with(')')) {
            let head = &n[..open];
            let inner = &n[open + 2..n.len() - 1];
            more.push(head.to_string());
            more.push(format!("{inner} {head}"));
            more.push(format!("{head}, {inner}"));
        }
    }
    out.extend(more);
    let mut more = Vec::new();
    for n in &out {
        for (word, amp) in [
            (" and ", " & "),
            (" et ", " & "),
            (" y ", " & "),
            (" e ", " & "),
        ] {
            if n.contains(word) {
                more.push(n.replace(word, amp));
            }
        }
        if n.starts_with("Saint ") || n.contains(" Saint ") {
            more.push(n.replace("Saint ", "St. "));
            more.push(n.replace("Saint ", "St "));
        }
        if n.contains('\'') || n.contains('’') {
            more.push(n.replace(['\'', '’'], ""));
        }
    }
    out.extend(more);
    out.sort();
    out.dedup();
    out
}

impl Gazetteer {
    /// The process-wide gazetteer, built on first use.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(Gazetteer::build)
    }

    fn build() -> Gazetteer {
        let mut entities = Vec::new();
        for r in rows(ENTITIES) {
            let kind = match col(&r, 3) {
                "observer_state" => EntityKind::ObserverState,
                "organization" => EntityKind::Organization,
                _ => EntityKind::State,
            };
            let m49 = col(&r, 2);
            entities.push(Entity {
                iso3: col(&r, 0).to_string(),
                iso2: col(&r, 1).to_string(),
                m49: (!m49.is_empty()).then(|| m49.to_string()),
                kind,
                name: col(&r, 4).to_string(),
                formal: col(&r, 5).to_string(),
                fr_short: col(&r, 6).to_string(),
                fr_formal: col(&r, 7).to_string(),
                es_short: col(&r, 8).to_string(),
                es_formal: col(&r, 9).to_string(),
            });
        }
        let by_iso3: HashMap<String, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.iso3.clone(), i))
            .collect();

        let mut written: Vec<WrittenName> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for n in [
                &e.name,
                &e.formal,
                &e.fr_short,
                &e.fr_formal,
                &e.es_short,
                &e.es_formal,
            ] {
                if !n.is_empty() {
                    written.push(WrittenName {
                        name: n.clone(),
                        target: Target::Entity(i),
                        exact: false,
                        former_name: false,
                    });
                }
            }
        }
        for r in rows(ALIASES) {
            if let Some(&i) = by_iso3.get(col(&r, 0)) {
                written.push(WrittenName {
                    name: col(&r, 3).to_string(),
                    target: Target::Entity(i),
                    exact: col(&r, 2) == "abbrev",
                    former_name: col(&r, 2) == "former",
                });
            }
        }
        let mut ambiguities = Vec::new();
        for r in rows(AMBIGUOUS) {
            ambiguities.push(Ambiguity {
                name: col(&r, 0).to_string(),
                candidates: col(&r, 1).split_whitespace().map(str::to_string).collect(),
                note: col(&r, 2).to_string(),
            });
            written.push(WrittenName {
                name: col(&r, 0).to_string(),
                target: Target::Ambiguous(ambiguities.len() - 1),
                exact: false,
                former_name: false,
            });
        }
        let mut non_states = Vec::new();
        for r in rows(NON_STATES) {
            non_states.push(NonState {
                name: col(&r, 0).to_string(),
                what: col(&r, 1).to_string(),
            });
            written.push(WrittenName {
                name: col(&r, 0).to_string(),
                target: Target::NonState(non_states.len() - 1),
                exact: false,
                former_name: false,
            });
        }
        let mut places_or_states = Vec::new();
        for r in rows(PLACE_OR_STATE) {
            places_or_states.push(PlaceOrState {
                name: col(&r, 0).to_string(),
                iso3: col(&r, 1).to_string(),
                note: col(&r, 2).to_string(),
            });
            written.push(WrittenName {
                name: col(&r, 0).to_string(),
                target: Target::PlaceOrState(places_or_states.len() - 1),
                exact: false,
                former_name: false,
            });
        }

        // Fold every spelling; one folded key has one target. Where two
        // entities share a key the key is ambiguous, never first-come.
        let mut keys: HashMap<String, KeyInfo> = HashMap::new();
        let mut aliases = Vec::new();
        for w in written {
            let (target, exact) = (w.target, w.exact);
            let spell = if exact {
                vec![w.name.clone()]
            } else {
                spellings(&w.name)
            };
            for s in spell {
                let toks = fold::tokens(&s);
                if toks.is_empty() {
                    continue;
                }
                aliases.push((s.clone(), target));
                let key = wrap(toks.iter().map(|t| t.folded.as_str()));
                let inverted_head = s
                    .split_once(", ")
                    .map(|(head, _)| fold::tokens(head).len())
                    .filter(|&h| h > 0 && h < toks.len());
                let exact_case = exact.then(|| {
                    s.chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect::<String>()
                });
                match keys.get_mut(&key) {
                    None => {
                        keys.insert(
                            key,
                            KeyInfo {
                                target,
                                exact_case,
                                inverted_head,
                                former_name: w.former_name,
                            },
                        );
                    }
                    Some(k) if k.target == target => {
                        if exact_case.is_none() {
                            k.exact_case = None;
                        }
                        // A current name that folds like a former one is current.
                        k.former_name &= w.former_name;
                    }
                    Some(KeyInfo { target: t, .. }) => {
                        // Non-states and ambiguities were listed on purpose; an
                        // accidental clash between two entities becomes an ambiguity.
                        if let (Target::Entity(a), Target::Entity(b)) = (*t, target) {
                            ambiguities.push(Ambiguity {
                                name: s.clone(),
                                candidates: vec![
                                    entities[a].iso3.clone(),
                                    entities[b].iso3.clone(),
                                ],
                                note: "two entities share this name".into(),
                            });
                            *t = Target::Ambiguous(ambiguities.len() - 1);
                        }
                    }
                }
            }
        }
        aliases.sort_by(|a, b| a.0.cmp(&b.0));
        aliases.dedup();
        let mut keyed: Vec<(String, KeyInfo)> = keys.into_iter().collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(keyed.iter().map(|(k, _)| k.as_str()))
            .expect("gazetteer patterns compile");
        let words = keyed
            .iter()
            .flat_map(|(k, _)| k.split('|').filter(|w| !w.is_empty()))
            .map(str::to_string)
            .collect();
        let patterns = keyed
            .into_iter()
            .map(|(_, k)| Pattern {
                target: k.target,
                exact_case: k.exact_case,
                inverted_head: k.inverted_head,
                former_name: k.former_name,
            })
            .collect();
        Gazetteer {
            entities,
            ambiguities,
            non_states,
            places_or_states,
            by_iso3,
            automaton,
            patterns,
            aliases,
            words,
        }
    }

    /// Whether `word` (folded, see [`fold::fold`]) is a word of some name.
    pub fn is_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    pub fn entity(&self, i: usize) -> &Entity {
        &self.entities[i]
    }
    pub fn ambiguity(&self, i: usize) -> &Ambiguity {
        &self.ambiguities[i]
    }
    pub fn non_state(&self, i: usize) -> &NonState {
        &self.non_states[i]
    }
    pub fn place_or_state(&self, i: usize) -> &PlaceOrState {
        &self.places_or_states[i]
    }
    /// The entity a match names, if it names one (not an ambiguity or a non-State).
    pub fn entity_of(&self, target: Target) -> Option<&Entity> {
        match target {
            Target::Entity(e) => self.entities.get(e),
            _ => None,
        }
    }
    pub fn by_iso3(&self, iso3: &str) -> Option<&Entity> {
        self.by_iso3.get(iso3).map(|&i| &self.entities[i])
    }
    pub fn aliases(&self) -> &[(String, Target)] {
        &self.aliases
    }

    /// Every name in `text`, leftmost-longest, in text order.
    pub fn find(&self, text: &str) -> Vec<NameMatch> {
        // The haystack is the folded tokens, each wrapped in bars; `starts`
        // and `ends` are where each token's wrapping begins and ends in it,
        // and `toks` where the token is in `text`.
        let mut hay = String::with_capacity(text.len() + text.len() / 2);
        let (mut starts, mut ends, mut toks) = (Vec::new(), Vec::new(), Vec::new());
        fold::each_token(text, |folded, start, end| {
            starts.push(hay.len());
            hay.push('|');
            hay.push_str(folded);
            hay.push('|');
            ends.push(hay.len());
            toks.push(Span { start, end });
        });
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some(m) = self
            .automaton
            .find(aho_corasick::Input::new(&hay).span(pos..hay.len()))
        {
            pos = m.end();
            // Patterns start and end on token boundaries by construction.
            let (Ok(first), Ok(last)) = (
                starts.binary_search(&m.start()),
                ends.binary_search(&m.end()),
            ) else {
                continue;
            };
            let pattern = &self.patterns[m.pattern().as_usize()];
            if let Some(head) = pattern.inverted_head {
                let tail = first + head;
                let longer = self
                    .automaton
                    .find(aho_corasick::Input::new(&hay).span(starts[tail]..hay.len()))
                    .is_some_and(|n| n.start() == starts[tail] && n.end() > m.end());
                if longer {
                    // The head is a name of its own only if it matches whole
                    // ("Congo" in "Congo; the Democratic Republic of the Congo"
                    // is the Republic of the Congo, not the inverted name's State).
                    let head_end = ends[tail - 1];
                    let own = self
                        .automaton
                        .find(aho_corasick::Input::new(&hay).span(m.start()..head_end))
                        .filter(|h| h.start() == m.start() && h.end() == head_end);
                    if let Some(h) = own {
                        let own = &self.patterns[h.pattern().as_usize()];
                        out.push(NameMatch {
                            start: toks[first].start,
                            end: toks[tail - 1].end,
                            target: own.target,
                            former_name: own.former_name,
                        });
                    }
                    pos = starts[tail];
                    continue;
                }
            }
            let (start, mut end) = (toks[first].start, toks[last].end);
            // Tokens skip punctuation, so a key can match across a closing
            // parenthesis: "Bahamas (The), Islamic Republic of Iran" is not
            // "the Islamic Republic of Iran". Such a match starts one token
            // later instead.
            if text[start..end].contains(')') {
                pos = ends[first];
                continue;
            }
            // A name printed with a parenthesis ("Bolivia (Plurinational
            // State of)") ends at its closing parenthesis, white space before
            // it allowed ("(Islamic Republic of Iran )").
            if text[start..end].contains('(') {
                let rest = &text[end..];
                let close = rest.len() - rest.trim_start().len();
                if rest[close..].starts_with(')') {
                    end += close + 1;
                }
            }
            if let Some(exact) = &pattern.exact_case {
                let printed: String = text[start..end]
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                if &printed != exact {
                    continue;
                }
            }
            out.push(NameMatch {
                start,
                end,
                target: pattern.target,
                former_name: pattern.former_name,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_means_two_candidates_or_more() {
        let g = Gazetteer::get();
        for a in &g.ambiguities {
            assert!(a.candidates.len() >= 2, "{}: {:?}", a.name, a.candidates);
        }
    }

    #[test]
    fn a_former_name_is_its_state_flagged_and_a_current_name_is_not() {
        let g = Gazetteer::get();
        let found = g.find("Swaziland, Eswatini");
        let got: Vec<(&str, bool)> = found
            .iter()
            .map(|m| (g.entity_of(m.target).unwrap().iso3.as_str(), m.former_name))
            .collect();
        assert_eq!(got, [("SWZ", true), ("SWZ", false)]);
    }

    #[test]
    fn a_place_also_used_for_one_state_is_neither_guessed_nor_ambiguous() {
        let g = Gazetteer::get();
        let found = g.find("Macedonia");
        let [m] = found.as_slice() else {
            panic!("{found:?}")
        };
        let Target::PlaceOrState(p) = m.target else {
            panic!("{m:?}")
        };
        assert_eq!(g.place_or_state(p).iso3, "MKD");
    }

    #[test]
    fn spellings_turn_parentheses_round_and_drop_articles() {
        let s = spellings("Bolivia (Plurinational State of)");
        assert!(s.contains(&"Bolivia".to_string()));
        assert!(s.contains(&"Plurinational State of Bolivia".to_string()));
        let s = spellings("the Kingdom of the Netherlands");
        assert!(s.contains(&"Kingdom of the Netherlands".to_string()));
        let s = spellings("Saint Kitts and Nevis");
        assert!(
            s.contains(&"St. Kitts & Nevis".to_string())
                || s.contains(&"St. Kitts and Nevis".to_string())
        );
        assert!(s.contains(&"Saint Kitts & Nevis".to_string()));
    }
}
