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
//! Text that OCR made is matched with [`Gazetteer::find_tolerant`], which
//! first repairs OCR's misreadings ([`tolerant`]); a clean text layer never is.
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
pub mod forms;
pub mod groups;
pub mod json;
pub mod table;
pub mod tolerant;
pub mod trie;

use serde::Serialize;
use std::borrow::Cow;
use std::sync::OnceLock;
use table::{Problem, Table, TableError, TableErrors};
use trie::TokenTrie;

/// The gazetteer's maps and sets hash with foldhash, not SipHash: every
/// worker builds them at start from the bundled tables (no adversary
/// chooses their keys), and SipHash was 8 % of that start. With
/// [`Spelled::new`]'s keys written as folded, a worker's start fell from
/// 144 M to 130 M instructions (BENCHMARKS.md, sixteenth session).
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
/// See [`HashMap`].
pub(crate) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::FixedState>;

const ENTITIES_FILE: &str = "data/entities.tsv";
const ALIASES_FILE: &str = "data/aliases.tsv";
const AR_ZH_RU_FILE: &str = "data/entities_ar_zh_ru.tsv";
const CLDR_ALIASES_FILE: &str = "data/aliases_cldr_ar_zh_ru.tsv";
const AMBIGUOUS_FILE: &str = "data/ambiguous.tsv";
const NON_STATES_FILE: &str = "data/non_states.tsv";
const CLDR_NON_STATES_FILE: &str = "data/non_states_cldr_ar_zh_ru.tsv";
const PLACE_OR_STATE_FILE: &str = "data/place_or_state.tsv";

const ENTITY_COLUMNS: [&str; 10] = [
    "iso3",
    "iso2",
    "m49",
    "kind",
    "name",
    "formal",
    "fr_short",
    "fr_formal",
    "es_short",
    "es_formal",
];
const AR_ZH_RU_COLUMNS: [&str; 9] = [
    "iso3",
    "ar_short",
    "ar_formal",
    "zh_short",
    "zh_formal",
    "ru_short",
    "ru_formal",
    "source",
    "note",
];
const ALIAS_COLUMNS: [&str; 4] = ["iso3", "lang", "type", "alias"];
const ALIAS_LANGS: [&str; 7] = ["en", "fr", "es", "ar", "zh", "ru", "any"];
const AMBIGUOUS_COLUMNS: [&str; 3] = ["name", "candidates", "note"];
const NON_STATE_COLUMNS: [&str; 2] = ["name", "what"];
const PLACE_OR_STATE_COLUMNS: [&str; 3] = ["name", "iso3", "note"];

/// A code column of `data/entities.tsv`: its index, its shape in words,
/// and the test of that shape.
type CodeShape = (usize, &'static str, fn(&str) -> bool);

const CODE_SHAPES: [CodeShape; 3] = [
    (0, "three capital letters", |s| {
        is_code(s, 3, |c| c.is_ascii_uppercase())
    }),
    (1, "two capital letters", |s| {
        is_code(s, 2, |c| c.is_ascii_uppercase())
    }),
    (2, "empty or three digits", |s| {
        s.is_empty() || is_code(s, 3, |c| c.is_ascii_digit())
    }),
];

/// An ambiguous name has at least this many candidates: with one, it would
/// say "ambiguous" of a name that points at one State.
const MIN_CANDIDATES: usize = 2;

/// The text of the tables a gazetteer is built from, one per file in `data/`.
///
/// Users add name variants at run time in a table of their own, in the
/// format of `data/aliases.tsv` (`extract --names FILE`):
///
/// ```
/// use whosigned::gazetteer::{Gazetteer, Tables};
///
/// let mine = "iso3\tlang\ttype\talias\nAUT\ten\tcommon\tAustria-Land\n";
/// let g = Gazetteer::from_tables(&Tables {
///     extra_aliases: Some(("my_names.tsv", mine)),
///     ..Tables::BUNDLED
/// })
/// .expect("a good table");
/// let found = g.find("signed by Austria-Land");
/// assert_eq!(g.entity_of(found[0].target).unwrap().iso3, "AUT");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `data/entities.tsv`: every entity with its codes and official names.
    pub entities: &'a str,
    /// `data/entities_ar_zh_ru.tsv`: every entity's UN names in Arabic,
    /// Chinese and Russian.
    pub entities_ar_zh_ru: &'a str,
    /// `data/aliases.tsv`: other ways each entity's name is written.
    pub aliases: &'a str,
    /// `data/aliases_cldr_ar_zh_ru.tsv`: CLDR's Arabic, Chinese and Russian
    /// names where they differ from the UN's, in the format of `aliases`.
    pub cldr_aliases: &'a str,
    /// `data/ambiguous.tsv`: names that could be several States.
    pub ambiguous: &'a str,
    /// `data/non_states.tsv`: places and bodies that are not States.
    pub non_states: &'a str,
    /// `data/non_states_cldr_ar_zh_ru.tsv`: CLDR's Arabic, Chinese and
    /// Russian names of territories that are not in the gazetteer.
    pub cldr_non_states: &'a str,
    /// `data/place_or_state.tsv`: places whose name one State also uses.
    pub place_or_state: &'a str,
    /// A user's own aliases, in the format of `data/aliases.tsv`: the name
    /// its errors are reported under (its path), and its text.
    pub extra_aliases: Option<(&'a str, &'a str)>,
}

/// The codes (`iso3`) of the bundled `data/entities.tsv`, read alone: what
/// the group tables are checked against ([`groups::all`]). Building the
/// matcher for that was a third of the time of a batch's parent process,
/// which counts the groups of the records its workers send but matches no
/// name. The table itself is checked where the gazetteer is built, and by
/// `cargo test`.
pub(crate) fn bundled_entity_codes() -> HashSet<&'static str> {
    let mut errors = Vec::new();
    Table::new(ENTITIES_FILE, Tables::BUNDLED.entities)
        .rows(&ENTITY_COLUMNS, &mut errors)
        .into_iter()
        .map(|(_, r)| r[0])
        .collect()
}

impl Tables<'static> {
    /// The tables compiled into the binary.
    pub const BUNDLED: Tables<'static> = Tables {
        entities: include_str!("../../data/entities.tsv"),
        entities_ar_zh_ru: include_str!("../../data/entities_ar_zh_ru.tsv"),
        aliases: include_str!("../../data/aliases.tsv"),
        cldr_aliases: include_str!("../../data/aliases_cldr_ar_zh_ru.tsv"),
        ambiguous: include_str!("../../data/ambiguous.tsv"),
        non_states: include_str!("../../data/non_states.tsv"),
        cldr_non_states: include_str!("../../data/non_states_cldr_ar_zh_ru.tsv"),
        place_or_state: include_str!("../../data/place_or_state.tsv"),
        extra_aliases: None,
    };
}

/// What kind of signer an entity is: the `kind` column of
/// `data/entities.tsv`, and a signatory's `kind` in records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A UN Member State, or a non-member State that signs declarations as a
    /// State (Kosovo, the Cook Islands, Niue).
    State,
    /// A non-member observer State of the UN (Holy See, State of Palestine).
    ObserverState,
    /// An organisation that signs in its own right (the European Union).
    Organization,
}

impl EntityKind {
    /// The kind named in `data/entities.tsv`, spelled as in records.
    pub fn from_data(s: &str) -> Option<EntityKind> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
    }
}

/// The `type` column of `data/aliases.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AliasType {
    /// An everyday name ("Bolivia", "Vietnam").
    Common,
    /// A name the entity used before ("Swaziland").
    Former,
    /// An upper-case abbreviation, matched only as printed ("US").
    Abbrev,
    /// Any other spelling.
    Variant,
}

impl AliasType {
    fn from_data(s: &str) -> Option<AliasType> {
        Some(match s {
            "common" => AliasType::Common,
            "former" => AliasType::Former,
            "abbrev" => AliasType::Abbrev,
            "variant" => AliasType::Variant,
            _ => return None,
        })
    }
}

/// An entity that can sign a declaration (a State, an observer State, the
/// European Union): one row of `data/entities.tsv`, with its codes and its
/// official names.
#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    /// ISO 3166-1 alpha-3 code (Kosovo `XKX`, European Union `EUU`): the
    /// code the other tables and records name it by.
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code (Kosovo `XK`, European Union `EU`).
    pub iso2: String,
    /// UN M49 numeric code, three digits ("004"); `None` for Kosovo and the
    /// European Union, which have none.
    pub m49: Option<String>,
    /// State, observer State or organisation.
    pub kind: EntityKind,
    /// UN English short name: the canonical name in records.
    pub name: String,
    /// UNTERM English formal name, with its leading "the" where UNTERM has
    /// one ("the Islamic Republic of Afghanistan").
    pub formal: String,
    /// UNTERM French short name, with the article as UNTERM prints it
    /// ("Allemagne (l')").
    pub fr_short: String,
    /// UNTERM French formal name ("la République islamique d'Afghanistan").
    pub fr_formal: String,
    /// UNTERM Spanish short name, with the article as UNTERM prints it
    /// ("Afganistán (el)").
    pub es_short: String,
    /// UNTERM Spanish formal name ("la República Islámica del Afganistán").
    pub es_formal: String,
    /// UNTERM Arabic short name ("أفغانستان"; `data/entities_ar_zh_ru.tsv`).
    pub ar_short: String,
    /// UNTERM Arabic formal name ("جمهورية أفغانستان الإسلامية").
    pub ar_formal: String,
    /// UNTERM Chinese short name ("阿富汗").
    pub zh_short: String,
    /// UNTERM Chinese formal name ("阿富汗伊斯兰共和国").
    pub zh_formal: String,
    /// UNTERM Russian short name ("Афганистан").
    pub ru_short: String,
    /// UNTERM Russian formal name ("Исламская Республика Афганистан").
    pub ru_formal: String,
}

/// One of the UN's six languages, for printing an entity's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Arabic.
    Ar,
    /// Chinese.
    Zh,
    /// Russian.
    Ru,
}

impl std::str::FromStr for Lang {
    type Err = String;

    /// The language from its ISO 639-1 code (`en`, `fr`, `es`, `ar`, `zh`,
    /// `ru`), as on command lines.
    fn from_str(s: &str) -> Result<Lang, String> {
        Ok(match s {
            "en" => Lang::En,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "ar" => Lang::Ar,
            "zh" => Lang::Zh,
            "ru" => Lang::Ru,
            _ => {
                return Err(format!(
                    "lang must be one of en, fr, es, ar, zh, ru, not {s:?}"
                ))
            }
        })
    }
}

impl Entity {
    /// The UN short name in `lang` (UNTERM's, with its article in French
    /// and Spanish: "Allemagne (l')").
    pub fn short_name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name,
            Lang::Fr => &self.fr_short,
            Lang::Es => &self.es_short,
            Lang::Ar => &self.ar_short,
            Lang::Zh => &self.zh_short,
            Lang::Ru => &self.ru_short,
        }
    }

    /// The UN formal name in `lang`.
    pub fn formal_name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.formal,
            Lang::Fr => &self.fr_formal,
            Lang::Es => &self.es_formal,
            Lang::Ar => &self.ar_formal,
            Lang::Zh => &self.zh_formal,
            Lang::Ru => &self.ru_formal,
        }
    }
}

/// A name that could mean several entities (two or more).
#[derive(Debug, Clone)]
pub struct Ambiguity {
    /// The name as `data/ambiguous.tsv` writes it ("Korea").
    pub name: String,
    /// The ISO 3166-1 alpha-3 codes it could mean, two or more; the first is
    /// the likeliest reading, not an answer.
    pub candidates: Vec<String>,
    /// Why the name is ambiguous, in words, for readers of the table.
    pub note: String,
}

/// A place or body whose name contains a State's name but which is not one.
#[derive(Debug, Clone)]
pub struct NonState {
    /// The name as `data/non_states.tsv` writes it ("Northern Ireland").
    pub name: String,
    /// What it is instead, in words ("part of the United Kingdom").
    pub what: String,
}

/// A place's name that is also used for one State ("Macedonia": the Greek
/// region, or North Macedonia before 2019).
#[derive(Debug, Clone)]
pub struct PlaceOrState {
    /// The name as `data/place_or_state.tsv` writes it ("Macedonia").
    pub name: String,
    /// The one State the name is used for.
    pub iso3: String,
    /// What else the name means, in words, for readers of the table.
    pub note: String,
}

/// What a matched name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Index into [`Gazetteer::entities`].
    Entity(usize),
    /// Index of an ambiguous name: [`Gazetteer::ambiguity`].
    Ambiguous(usize),
    /// Index of a non-State: [`Gazetteer::non_state`].
    NonState(usize),
    /// Index of a place-or-State name: [`Gazetteer::place_or_state`].
    PlaceOrState(usize),
}

/// A name found in text: byte offsets into the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameMatch {
    /// Byte offset where the name starts in the searched text.
    pub start: usize,
    /// Byte offset just past the name's end in the searched text.
    pub end: usize,
    /// What the name refers to: an entity, an ambiguous name, a non-State
    /// or a place-or-State.
    pub target: Target,
    /// The name is one the entity used before (an alias of type `former`
    /// in `data/aliases.tsv`: "Swaziland", "Burma") and none of its
    /// current names.
    pub former_name: bool,
}

/// What one folded key means.
#[derive(Clone)]
struct KeyInfo {
    target: Target,
    exact_case: Option<String>,
    inverted_head: Option<usize>,
    former_name: bool,
}

/// A name as a table writes it, with what it names and where it is written.
#[derive(Debug, Clone)]
pub struct TableName {
    /// The name exactly as the table writes it.
    pub name: String,
    /// What the name refers to.
    pub target: Target,
    /// An upper-case abbreviation, matched only as printed.
    pub exact_case: bool,
    /// A name the entity used before (alias type `former`).
    pub former_name: bool,
    /// The table (`data/aliases.tsv`, or a user's) and 1-based line.
    pub file: Cow<'static, str>,
    /// The 1-based line of `file` the name is written on.
    pub line: usize,
}

impl TableName {
    fn new(name: &str, target: Target, file: &'static str, line: usize) -> TableName {
        TableName {
            name: name.to_string(),
            target,
            exact_case: false,
            former_name: false,
            file: Cow::Borrowed(file),
            line,
        }
    }
}

impl std::fmt::Debug for Gazetteer {
    /// Its size, not its thousands of names.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("entities", &self.entities.len())
            .field("names", &self.names.len())
            .finish_non_exhaustive()
    }
}

/// Where a token sits in the searched text (byte offsets).
struct Span {
    start: usize,
    end: usize,
}

/// The keys (as a trie of their words) and what each of them names.
struct Matcher {
    trie: TokenTrie,
    patterns: Vec<Pattern>,
}

impl Matcher {
    fn new(keyed: Vec<(String, Pattern)>) -> Matcher {
        let trie = TokenTrie::new(keyed.iter().map(|(k, _)| words_of_key(k)));
        let patterns = keyed.into_iter().map(|(_, p)| p).collect();
        Matcher { trie, patterns }
    }
}

#[derive(Clone)]
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

/// Folded keys, each with what it means, the first spelling that gave it
/// and the index of that spelling's written name.
type KeyMap = HashMap<String, (KeyInfo, String, usize)>;

/// What checks that one folded key has one target: the rows keys point to.
struct KeyCheck<'a> {
    entities: &'a [Entity],
    ambiguities: &'a [Ambiguity],
    places_or_states: &'a [PlaceOrState],
}

impl KeyCheck<'_> {
    fn describe(&self, t: Target) -> String {
        match t {
            Target::Entity(e) => self.entities[e].iso3.clone(),
            Target::Ambiguous(a) => {
                format!("ambiguous ({})", self.ambiguities[a].candidates.join(" "))
            }
            Target::NonState(_) => "not a State".to_string(),
            Target::PlaceOrState(p) => {
                format!("place or State ({})", self.places_or_states[p].iso3)
            }
        }
    }

    /// Rows that may share a key: two ambiguous names with the same
    /// candidates ("Serbia and Montenegro" and "Serbia y Montenegro" share
    /// the "&" spelling), two non-States (both report nothing), two
    /// places used for the same State.
    fn may_share(&self, a: Target, b: Target) -> bool {
        match (a, b) {
            (Target::Ambiguous(x), Target::Ambiguous(y)) => {
                let sorted = |v: &[String]| {
                    let mut v = v.to_vec();
                    v.sort();
                    v
                };
                sorted(&self.ambiguities[x].candidates) == sorted(&self.ambiguities[y].candidates)
            }
            (Target::NonState(_), Target::NonState(_)) => true,
            (Target::PlaceOrState(x), Target::PlaceOrState(y)) => {
                self.places_or_states[x].iso3 == self.places_or_states[y].iso3
            }
            _ => a == b,
        }
    }

    /// Folds every spelling of the names `which` of `written` into `keys`
    /// (those in `spelled_names` are folded already); a spelling whose key
    /// another row claims is an error.
    fn add_keys(
        &self,
        keys: &mut KeyMap,
        written: &[TableName],
        which: &[usize],
        spelled_names: &SpelledNames,
        errors: &mut Vec<TableError>,
    ) {
        for &w_index in which {
            let w = &written[w_index];
            let folded_now: Vec<Spelled>;
            // An abbreviation is matched as printed: its only spelling is
            // itself.
            let spell: &[Spelled] = match spelled_names.get(&w.name) {
                _ if w.exact_case => {
                    folded_now = Spelled::new(w.name.clone()).into_iter().collect();
                    &folded_now
                }
                Some(spell) => spell,
                None => {
                    folded_now = spelled(&w.name);
                    &folded_now
                }
            };
            for sp in spell {
                let (s, key, inverted_head) = (&sp.spelling, &sp.key, sp.inverted_head);
                let exact_case = w.exact_case.then(|| {
                    s.chars()
                        .filter(|c| c.is_alphanumeric())
                        .collect::<String>()
                });
                let Some((k, first_spelling, first)) = keys.get_mut(key) else {
                    let info = KeyInfo {
                        target: w.target,
                        exact_case,
                        inverted_head,
                        former_name: w.former_name,
                    };
                    keys.insert(key.clone(), (info, s.clone(), w_index));
                    continue;
                };
                let other = &written[*first];
                if k.target != w.target {
                    if !self.may_share(k.target, w.target) {
                        errors.push(TableError {
                            file: w.file.to_string(),
                            line: w.line,
                            problem: Problem::KeyClash {
                                spelling: s.clone(),
                                target: self.describe(w.target),
                                other: format!(
                                    "{:?} at {}:{}",
                                    first_spelling, other.file, other.line
                                ),
                                other_target: self.describe(k.target),
                            },
                        });
                    }
                    continue;
                }
                // An abbreviation is matched only as printed ("US", not the
                // pronoun "us"); a spelling of the same key that is not an
                // abbreviation would take that check away.
                if k.exact_case.is_some() != exact_case.is_some() {
                    let (spelling, abbrev) = if exact_case.is_some() {
                        (
                            first_spelling.clone(),
                            format!("{s:?} at {}:{}", w.file, w.line),
                        )
                    } else {
                        (
                            s.clone(),
                            format!("{first_spelling:?} at {}:{}", other.file, other.line),
                        )
                    };
                    errors.push(TableError {
                        file: w.file.to_string(),
                        line: w.line,
                        problem: Problem::LosesCase {
                            spelling,
                            other: abbrev,
                        },
                    });
                }
                // A current name that folds like a former one is current.
                k.former_name &= w.former_name;
            }
        }
    }
}

/// Whether every letter of `name` is of the Latin script (Basic Latin to
/// Latin Extended-B, and Latin Extended Additional): such names fold to
/// ASCII keys, which are compiled at start-up.
fn written_in_latin(name: &str) -> bool {
    name.chars()
        .all(|c| !c.is_alphabetic() || c <= '\u{024F}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
}

/// Every word of the keys.
fn words_of<'a>(keys: impl Iterator<Item = &'a String>) -> HashSet<String> {
    keys.flat_map(|k| words_of_key(k))
        .map(str::to_string)
        .collect()
}

/// The shortest abbreviation that [`abbreviations_of`] keeps: one letter
/// before a stop is an initial ("U.S.A."), and one capital and a stop
/// close sentences of prose too often ("… of Plan B. We").
const ABBREVIATION_MIN_LETTERS: usize = 2;

/// The folded words that `names` print right before a full stop, of at
/// least [`ABBREVIATION_MIN_LETTERS`] letters: "St", "Rep", "Dem", "Fed".
fn abbreviations_of<'a>(names: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut found = HashSet::default();
    for name in names {
        for word in name.split_whitespace() {
            let mut pieces = word.split('.').peekable();
            while let Some(piece) = pieces.next() {
                let letters = piece.chars().filter(|c| c.is_alphabetic()).count();
                if pieces.peek().is_some() && letters >= ABBREVIATION_MIN_LETTERS {
                    found.insert(fold::fold(piece));
                }
            }
        }
    }
    found
}

/// The keys, sorted (so that they are numbered the same every run), with
/// their patterns.
fn patterns_of(keys: KeyMap) -> Vec<(String, Pattern)> {
    let mut keyed: Vec<(String, Pattern)> = keys
        .into_iter()
        .map(|(key, (k, _, _))| {
            let p = Pattern {
                target: k.target,
                exact_case: k.exact_case,
                inverted_head: k.inverted_head,
                former_name: k.former_name,
            };
            (key, p)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed
}

/// The part of the gazetteer made on first use: the matcher of the keys
/// of other scripts than Latin, and the words of every name.
struct OtherScripts {
    matcher: Matcher,
    /// Every folded word of every name (Latin and other scripts).
    words: HashSet<String>,
    /// The same words by length ([`tolerant`]), made on first use: only
    /// OCR text needs them.
    index: OnceLock<tolerant::Index>,
}

/// The State-name matcher: every name of every entity, folded, in two
/// tries of words (Latin, and other scripts), with the tables it was built from ([`Gazetteer::from_tables`];
/// [`Gazetteer::get`] for the bundled ones).
pub struct Gazetteer {
    entities: Vec<Entity>,
    ambiguities: Vec<Ambiguity>,
    non_states: Vec<NonState>,
    places_or_states: Vec<PlaceOrState>,
    by_iso3: HashMap<String, usize>,
    /// The keys of names in the Latin script (folded to ASCII), and what
    /// each names.
    latin: Matcher,
    /// Every folded word of the names in the Latin script, for telling a
    /// hyphen that breaks a word at a line end from one that joins the
    /// parts of a compound name.
    latin_words: HashSet<String>,
    /// The same words by length, for repairing OCR text ([`tolerant`]);
    /// made on first use, since a text layer never needs them.
    latin_index: OnceLock<tolerant::Index>,
    /// The folded words that some Latin name prints as an abbreviation,
    /// with a full stop after them ("St.", "Rep.", "Dem."):
    /// [`Gazetteer::is_abbreviation`].
    abbreviations: HashSet<String>,
    /// Keys of Latin-script names that did not fold to ASCII: they go with
    /// the keys of other scripts.
    carried: KeyMap,
    /// The names (indices into `names`) in other scripts (Arabic, Cyrillic,
    /// CJK), made into keys on the first text that has a letter of them
    /// ([`Gazetteer::other_scripts`]): they are most of the keys, and
    /// making them made every process that reads only English documents
    /// start 45 ms later.
    other_names: Vec<usize>,
    /// The spellings of those names folded while the tables were checked.
    spelled_names: SpelledNames,
    other: OnceLock<OtherScripts>,
    /// Every name as the tables write it, for tests and tools.
    names: Vec<TableName>,
    /// Every name of `names` folded, words separated by a space, for
    /// [`Gazetteer::nearest_list_item`]; made on first use.
    folded_names: OnceLock<Vec<(String, Target)>>,
    /// Every word of `folded_names` with the targets whose names hold it;
    /// made on first use.
    name_words: OnceLock<HashMap<String, HashSet<Target>>>,
}

/// One spelling of a name ([`spellings`]) with the matcher's key for it.
#[derive(Clone)]
struct Spelled {
    spelling: String,
    /// The spelling's folded words ([`joined_words`]).
    key: String,
    /// See [`Pattern::inverted_head`].
    inverted_head: Option<usize>,
}

impl Spelled {
    /// `spelling` folded; `None` when it has no token.
    fn new(spelling: String) -> Option<Spelled> {
        let key = fold::fold(&spelling);
        if key.is_empty() {
            return None;
        }
        // Its words are separated by one space ([`words_of_key`]).
        let count = key.bytes().filter(|&b| b == b' ').count() + 1;
        let inverted_head = spelling
            .split_once(", ")
            .map(|(head, _)| {
                let mut n = 0;
                fold::each_token(head, |_, _, _| n += 1);
                n
            })
            .filter(|&h| h > 0 && h < count);
        Some(Spelled {
            spelling,
            key,
            inverted_head,
        })
    }
}

/// Every spelling of a name as written ([`spellings`]), folded.
fn spelled(name: &str) -> Vec<Spelled> {
    spellings(name)
        .into_iter()
        .filter_map(Spelled::new)
        .collect()
}

/// The spellings of names, folded when the tables were checked, by the
/// name as written: the keys are made from them, not folded again
/// (folding the spellings was a third of the gazetteer's start-up).
type SpelledNames = HashMap<String, Vec<Spelled>>;

/// The spellings of `name` from `spelled_names`, folded now and kept
/// there if they are not yet.
fn spelled_in<'a>(spelled_names: &'a mut SpelledNames, name: &str) -> &'a [Spelled] {
    if !spelled_names.contains_key(name) {
        spelled_names.insert(name.to_string(), spelled(name));
    }
    &spelled_names[name]
}

/// The matcher's keys for a name as written, from its spellings: sorted.
/// Two rows with the same keys match the same texts.
fn keys_of(spelled: &[Spelled]) -> Vec<String> {
    let mut keys: Vec<String> = spelled.iter().map(|s| s.key.clone()).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Whether `s` is `len` characters that all pass `ok`.
fn is_code(s: &str, len: usize, ok: fn(&char) -> bool) -> bool {
    s.chars().count() == len && s.chars().all(|c| ok(&c))
}

/// The folded words of `tokens` joined by one space: the matcher's key
/// for a spelling ([`words_of_key`] splits it again), and how
/// [`Gazetteer::nearest_list_item`] and the readers of list items in OCR
/// text compare an item with the names.
fn joined_words(tokens: &[fold::Token]) -> String {
    let words: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
    words.join(" ")
}

/// The one State that all of `names` (folded, with their targets) name,
/// if there are any and they name no other target.
fn only_entity<'a>(mut names: impl Iterator<Item = &'a (String, Target)>) -> Option<Target> {
    let (_, target) = *names.next()?;
    let Target::Entity(_) = target else {
        return None;
    };
    names.all(|(_, t)| *t == target).then_some(target)
}

/// The folded words of a key made by [`joined_words`]: a folded token is
/// letters or digits, never a space.
fn words_of_key(key: &str) -> std::str::Split<'_, char> {
    key.split(' ')
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
    out.retain(|n| {
        let (Some(open), true) = (n.find(" ("), n.ends_with(')')) else {
            return true;
        };
        let head = &n[..open];
        let inner = &n[open + 2..n.len() - 1];
        more.push(head.to_string());
        more.push(format!("{inner} {head}"));
        // UNTERM's article in brackets ("Belgique (la)") says how the
        // name is written in a sentence, "la Belgique"; no text prints
        // it after the name, and the tolerant matcher, which reads
        // through punctuation, would take the next item's article
        // ("... de Corea. la República de Madagascar") as the name's.
        let inner_lower = inner.to_lowercase();
        let article = ARTICLES.iter().any(|a| a.trim_end() == inner_lower);
        if !article {
            more.push(format!("{head}, {inner}"));
        }
        !article
    });
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
    // The forms lists give names in Arabic and Russian (proclitics, cases).
    let more: Vec<String> = out.iter().flat_map(|n| forms::list_forms(n)).collect();
    out.extend(more);
    out.sort();
    out.dedup();
    out
}

impl Gazetteer {
    /// The process-wide gazetteer, built on first use from the tables
    /// compiled into the binary. Those tables are checked by `cargo test`
    /// (see [`Gazetteer::from_tables`]), so a panic here means a build that skipped
    /// its tests.
    pub fn get() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            Gazetteer::build(&Tables::BUNDLED, false)
                .unwrap_or_else(|e| panic!("the tables in data/ are wrong:\n{e}"))
        })
    }

    /// The bundled tables with a user's aliases read from `path` (in the
    /// format of `data/aliases.tsv`: `extract --names FILE`). The error
    /// names the file, and each wrong row's line.
    pub fn with_names_file(path: &std::path::Path) -> Result<Gazetteer, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("reading --names {}: {e}", path.display()))?;
        let label = path.display().to_string();
        Gazetteer::from_tables(&Tables {
            extra_aliases: Some((&label, &text)),
            ..Tables::BUNDLED
        })
        .map_err(|e| format!("--names {}:\n{e}", path.display()))
    }

    /// Builds a gazetteer from its tables, checking every row strictly: an
    /// unknown code or kind, a missing name, a second row for the same name
    /// or code, an ambiguous name with fewer than two candidates, and a
    /// spelling that two different rows claim (the matcher could only keep
    /// one) are errors naming the file and line. Every error is returned,
    /// not only the first.
    pub fn from_tables(t: &Tables) -> Result<Gazetteer, TableErrors> {
        Gazetteer::build(t, true)
    }

    /// [`Gazetteer::from_tables`]; when not `eager`, the names in other
    /// scripts than Latin are made into keys, and checked, on first use.
    fn build(t: &Tables, eager: bool) -> Result<Gazetteer, TableErrors> {
        let mut errors = Vec::new();
        let entities_table = Table::new(ENTITIES_FILE, t.entities);
        let mut entities = Vec::new();
        // The line of each entity's row, for errors about it.
        let mut entity_lines: Vec<usize> = Vec::new();
        let mut written: Vec<TableName> = Vec::new();
        // Per column, the line each value was first seen on.
        let mut first_seen: HashMap<(usize, String), usize> = HashMap::default();
        for (n, r) in entities_table.rows(&ENTITY_COLUMNS, &mut errors) {
            let mut row_ok = true;
            for (i, shape, ok) in CODE_SHAPES {
                if !ok(r[i]) {
                    row_ok = false;
                    errors.push(entities_table.error(
                        n,
                        Problem::Shape {
                            column: ENTITY_COLUMNS[i].into(),
                            value: r[i].into(),
                            shape,
                        },
                    ));
                }
                if !r[i].is_empty() {
                    if let Some(&first) = first_seen.get(&(i, r[i].to_string())) {
                        row_ok = false;
                        errors.push(entities_table.error(
                            n,
                            Problem::Duplicate {
                                what: format!("{} {}", ENTITY_COLUMNS[i], r[i]),
                                first,
                            },
                        ));
                    }
                    first_seen.entry((i, r[i].to_string())).or_insert(n);
                }
            }
            let kind = EntityKind::from_data(r[3]).unwrap_or_else(|| {
                errors.push(entities_table.error(
                    n,
                    Problem::UnknownValue {
                        column: "kind".into(),
                        value: r[3].into(),
                        allowed: "state, observer_state, organization".into(),
                    },
                ));
                EntityKind::State
            });
            for i in 4..ENTITY_COLUMNS.len() {
                let column = ENTITY_COLUMNS[i].to_string();
                if r[i].is_empty() {
                    errors.push(entities_table.error(n, Problem::Empty { column }));
                } else if r[i].contains('’') {
                    errors.push(entities_table.error(n, Problem::CurlyApostrophe { column }));
                }
            }
            if !row_ok {
                continue;
            }
            let target = Target::Entity(entities.len());
            entity_lines.push(n);
            for name in r[4..].iter().filter(|n| !n.is_empty()) {
                written.push(TableName::new(name, target, ENTITIES_FILE, n));
            }
            entities.push(Entity {
                iso3: r[0].to_string(),
                iso2: r[1].to_string(),
                m49: (!r[2].is_empty()).then(|| r[2].to_string()),
                kind,
                name: r[4].to_string(),
                formal: r[5].to_string(),
                fr_short: r[6].to_string(),
                fr_formal: r[7].to_string(),
                es_short: r[8].to_string(),
                es_formal: r[9].to_string(),
                ar_short: String::new(),
                ar_formal: String::new(),
                zh_short: String::new(),
                zh_formal: String::new(),
                ru_short: String::new(),
                ru_formal: String::new(),
            });
        }
        let by_iso3: HashMap<String, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.iso3.clone(), i))
            .collect();

        // The Arabic, Chinese and Russian names: one row per entity, every
        // entity with a row.
        let ar_zh_ru = Table::new(AR_ZH_RU_FILE, t.entities_ar_zh_ru);
        let mut named: HashMap<usize, usize> = HashMap::default();
        for (n, r) in ar_zh_ru.rows(&AR_ZH_RU_COLUMNS, &mut errors) {
            let Some(&e) = by_iso3.get(r[0]) else {
                errors.push(ar_zh_ru.error(n, Problem::UnknownCode(r[0].to_string())));
                continue;
            };
            if let Some(&first) = named.get(&e) {
                errors.push(ar_zh_ru.error(
                    n,
                    Problem::Duplicate {
                        what: format!("iso3 {}", r[0]),
                        first,
                    },
                ));
                continue;
            }
            named.insert(e, n);
            let mut row_ok = true;
            for (i, column) in AR_ZH_RU_COLUMNS.iter().enumerate().skip(1) {
                let column = column.to_string();
                if r[i].is_empty() {
                    row_ok = false;
                    errors.push(ar_zh_ru.error(n, Problem::Empty { column }));
                } else if r[i].contains('’') {
                    errors.push(ar_zh_ru.error(n, Problem::CurlyApostrophe { column }));
                }
            }
            if !row_ok {
                continue;
            }
            for name in &r[1..7] {
                written.push(TableName::new(name, Target::Entity(e), AR_ZH_RU_FILE, n));
            }
            let x = &mut entities[e];
            [
                x.ar_short,
                x.ar_formal,
                x.zh_short,
                x.zh_formal,
                x.ru_short,
                x.ru_formal,
            ] = [1, 2, 3, 4, 5, 6].map(|i| r[i].to_string());
        }
        for (e, &line) in entity_lines.iter().enumerate() {
            if !named.contains_key(&e) {
                errors.push(entities_table.error(line, Problem::NoUnNames));
            }
        }
        let entity = |table: &Table, n: usize, code: &str, errors: &mut Vec<TableError>| {
            let found = by_iso3.get(code).copied();
            if found.is_none() {
                errors.push(table.error(n, Problem::UnknownCode(code.to_string())));
            }
            found
        };
        let empty = |table: &Table,
                     n: usize,
                     r: &[&str],
                     columns: &[&str],
                     errors: &mut Vec<TableError>| {
            let mut any = false;
            for (c, v) in columns.iter().zip(r) {
                if v.is_empty() {
                    any = true;
                    errors.push(table.error(
                        n,
                        Problem::Empty {
                            column: c.to_string(),
                        },
                    ));
                }
            }
            any
        };

        // The bundled aliases, then a user's, checked alike: a user's row
        // that repeats a bundled one is reported at its own line.
        let mut seen_alias: HashMap<(usize, &str), usize> = HashMap::default();
        let mut spelled_names = SpelledNames::default();
        let mut seen_keys: HashMap<(usize, Vec<String>), &str> = HashMap::default();
        let alias_tables = [
            (ALIASES_FILE, t.aliases),
            (CLDR_ALIASES_FILE, t.cldr_aliases),
        ]
        .into_iter()
        .chain(t.extra_aliases);
        for (file, text) in alias_tables {
            let aliases = Table::new(file, text);
            for (n, r) in aliases.rows(&ALIAS_COLUMNS, &mut errors) {
                let [iso3, lang, kind, alias] = [r[0], r[1], r[2], r[3]];
                let Some(e) = entity(&aliases, n, iso3, &mut errors) else {
                    continue;
                };
                if !ALIAS_LANGS.contains(&lang) {
                    errors.push(aliases.error(
                        n,
                        Problem::UnknownValue {
                            column: "lang".into(),
                            value: lang.into(),
                            allowed: ALIAS_LANGS.join(", "),
                        },
                    ));
                }
                let Some(kind) = AliasType::from_data(kind) else {
                    errors.push(aliases.error(
                        n,
                        Problem::UnknownValue {
                            column: "type".into(),
                            value: kind.into(),
                            allowed: "common, former, abbrev, variant".into(),
                        },
                    ));
                    continue;
                };
                if empty(&aliases, n, &r, &ALIAS_COLUMNS, &mut errors) {
                    continue;
                }
                if let Some(&first) = seen_alias.get(&(e, alias)) {
                    errors.push(aliases.error(
                        n,
                        Problem::Duplicate {
                            what: format!("{iso3} {alias:?}"),
                            first,
                        },
                    ));
                    continue;
                }
                seen_alias.insert((e, alias), n);
                let abbrev = kind == AliasType::Abbrev;
                if abbrev && !alias.chars().any(char::is_uppercase) {
                    errors.push(aliases.error(n, Problem::NoCapital(alias.into())));
                }
                // An alias with the same keys as another alias of the same
                // entity matches nothing more: one of the two is redundant.
                let keys = keys_of(spelled_in(&mut spelled_names, alias));
                match seen_keys.get(&(e, keys.clone())) {
                    Some(other) if !abbrev => errors.push(aliases.error(
                        n,
                        Problem::Redundant {
                            alias: alias.into(),
                            other: other.to_string(),
                        },
                    )),
                    Some(_) => {}
                    None => {
                        seen_keys.insert((e, keys), alias);
                    }
                }
                let mut name = TableName::new(alias, Target::Entity(e), ALIASES_FILE, n);
                if file == CLDR_ALIASES_FILE {
                    name.file = Cow::Borrowed(CLDR_ALIASES_FILE);
                } else if file != ALIASES_FILE {
                    name.file = Cow::Owned(file.to_string());
                }
                name.exact_case = abbrev;
                name.former_name = kind == AliasType::Former;
                written.push(name);
            }
        }

        // The three tables of names that are not one entity's: a row with
        // the same keys as another row of its table matches nothing more.
        let mut ambiguities = Vec::new();
        let mut non_states = Vec::new();
        let mut places_or_states = Vec::new();
        let unique = |table: &Table,
                      n: usize,
                      name: &str,
                      seen: &mut HashMap<Vec<String>, usize>,
                      spelled_names: &mut SpelledNames,
                      errors: &mut Vec<TableError>| {
            let key = keys_of(spelled_in(spelled_names, name));
            if let Some(&first) = seen.get(&key) {
                errors.push(table.error(
                    n,
                    Problem::Duplicate {
                        what: format!("{name:?}"),
                        first,
                    },
                ));
                return false;
            }
            seen.insert(key, n);
            true
        };
        let ambiguous = Table::new(AMBIGUOUS_FILE, t.ambiguous);
        let mut seen = HashMap::default();
        for (n, r) in ambiguous.rows(&AMBIGUOUS_COLUMNS, &mut errors) {
            if empty(&ambiguous, n, &r, &AMBIGUOUS_COLUMNS, &mut errors)
                || !unique(
                    &ambiguous,
                    n,
                    r[0],
                    &mut seen,
                    &mut spelled_names,
                    &mut errors,
                )
            {
                continue;
            }
            let mut candidates: Vec<String> = Vec::new();
            for c in r[1].split(' ') {
                if c.is_empty() {
                    errors.push(ambiguous.error(
                        n,
                        Problem::Shape {
                            column: "candidates".into(),
                            value: r[1].into(),
                            shape: "codes separated by single spaces",
                        },
                    ));
                } else if candidates.iter().any(|k| k == c) {
                    errors.push(ambiguous.error(n, Problem::CandidateTwice(c.into())));
                } else {
                    entity(&ambiguous, n, c, &mut errors);
                    candidates.push(c.to_string());
                }
            }
            // "Ambiguous" with one candidate says nothing true: such a name
            // is that State's (an alias) or a place's (place_or_state.tsv).
            if candidates.len() < MIN_CANDIDATES {
                errors.push(ambiguous.error(n, Problem::TooFewCandidates(candidates.len())));
            }
            written.push(TableName::new(
                r[0],
                Target::Ambiguous(ambiguities.len()),
                AMBIGUOUS_FILE,
                n,
            ));
            ambiguities.push(Ambiguity {
                name: r[0].to_string(),
                candidates,
                note: r[2].to_string(),
            });
        }
        let mut seen = HashMap::default();
        for (file, text) in [
            (NON_STATES_FILE, t.non_states),
            (CLDR_NON_STATES_FILE, t.cldr_non_states),
        ] {
            let non_state_table = Table::new(file, text);
            for (n, r) in non_state_table.rows(&NON_STATE_COLUMNS, &mut errors) {
                if empty(&non_state_table, n, &r, &NON_STATE_COLUMNS, &mut errors)
                    || !unique(
                        &non_state_table,
                        n,
                        r[0],
                        &mut seen,
                        &mut spelled_names,
                        &mut errors,
                    )
                {
                    continue;
                }
                written.push(TableName::new(
                    r[0],
                    Target::NonState(non_states.len()),
                    file,
                    n,
                ));
                non_states.push(NonState {
                    name: r[0].to_string(),
                    what: r[1].to_string(),
                });
            }
        }
        let place_table = Table::new(PLACE_OR_STATE_FILE, t.place_or_state);
        let mut seen = HashMap::default();
        for (n, r) in place_table.rows(&PLACE_OR_STATE_COLUMNS, &mut errors) {
            if empty(&place_table, n, &r, &PLACE_OR_STATE_COLUMNS, &mut errors)
                || !unique(
                    &place_table,
                    n,
                    r[0],
                    &mut seen,
                    &mut spelled_names,
                    &mut errors,
                )
                || entity(&place_table, n, r[1], &mut errors).is_none()
            {
                continue;
            }
            written.push(TableName::new(
                r[0],
                Target::PlaceOrState(places_or_states.len()),
                PLACE_OR_STATE_FILE,
                n,
            ));
            places_or_states.push(PlaceOrState {
                name: r[0].to_string(),
                iso3: r[1].to_string(),
                note: r[2].to_string(),
            });
        }

        // Names in the Latin script are made into keys now; those of other
        // scripts (Arabic, Chinese, Russian: most of the keys) when a text
        // first needs them ([`Gazetteer::other_scripts`]), since making
        // them took every process that reads only English documents 45 ms.
        let (latin_names, other_names): (Vec<usize>, Vec<usize>) =
            (0..written.len()).partition(|&i| written_in_latin(&written[i].name));
        let check = KeyCheck {
            entities: &entities,
            ambiguities: &ambiguities,
            places_or_states: &places_or_states,
        };
        let mut keys = KeyMap::default();
        check.add_keys(
            &mut keys,
            &written,
            &latin_names,
            &spelled_names,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(TableErrors(errors));
        }
        // Kept for the names of other scripts, made into keys later.
        spelled_names.retain(|name, _| !written_in_latin(name));
        let words = words_of(keys.keys());
        let abbreviations = abbreviations_of(latin_names.iter().map(|&i| written[i].name.as_str()));
        // Folded Latin letters are ASCII; a key with any other character
        // goes with the keys of other scripts.
        let (latin_keys, carried): (KeyMap, KeyMap) =
            keys.into_iter().partition(|(key, _)| key.is_ascii());
        let latin = Matcher::new(patterns_of(latin_keys));
        let g = Gazetteer {
            entities,
            ambiguities,
            non_states,
            places_or_states,
            by_iso3,
            latin,
            latin_words: words,
            latin_index: OnceLock::new(),
            abbreviations,
            carried,
            other_names,
            spelled_names,
            other: OnceLock::new(),
            names: written,
            folded_names: OnceLock::new(),
            name_words: OnceLock::new(),
        };
        if eager {
            // A user's tables are checked whole at once, so that their
            // errors come before any document is read.
            let other = g.build_other_scripts().map_err(TableErrors)?;
            let _ = g.other.set(other);
        }
        Ok(g)
    }

    /// The keys of the names in other scripts than Latin, with the words of
    /// every name: what [`Gazetteer::other_scripts`] holds.
    fn build_other_scripts(&self) -> Result<OtherScripts, Vec<TableError>> {
        let check = KeyCheck {
            entities: &self.entities,
            ambiguities: &self.ambiguities,
            places_or_states: &self.places_or_states,
        };
        let mut keys = self.carried.clone();
        let mut errors = Vec::new();
        check.add_keys(
            &mut keys,
            &self.names,
            &self.other_names,
            &self.spelled_names,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut words = self.latin_words.clone();
        words.extend(words_of(keys.keys()));
        Ok(OtherScripts {
            matcher: Matcher::new(patterns_of(keys)),
            words,
            index: OnceLock::new(),
        })
    }

    /// The keys, words and word index of every name, those of other scripts
    /// than Latin made on first use ([`Gazetteer::build_other_scripts`]).
    /// The bundled tables are checked whole by `cargo test`, so a panic
    /// here means a build that skipped its tests.
    fn other_scripts(&self) -> &OtherScripts {
        self.other.get_or_init(|| {
            self.build_other_scripts()
                .unwrap_or_else(|e| panic!("the tables in data/ are wrong:\n{}", TableErrors(e)))
        })
    }

    /// Whether `word` (folded, see [`fold::fold`]) is a word of some name.
    pub fn is_word(&self, word: &str) -> bool {
        self.latin_words.contains(word)
            || (!word.is_ascii() && self.other_scripts().words.contains(word))
    }

    /// Whether `word`, as printed, is a word that some name of the tables
    /// prints as an abbreviation, with a full stop after it ("St" of "St.
    /// Lucia", "Rep" of "Dem. Rep. of the Congo"): a stop after it need not
    /// end a sentence.
    pub fn is_abbreviation(&self, word: &str) -> bool {
        self.abbreviations.contains(&fold::fold(word))
    }

    /// Whether `word`, as printed, is a word of some name: [`Gazetteer::is_word`]
    /// of its folded form. What the text stage asks about a word broken at a
    /// line end.
    pub fn is_printed_word(&self, word: &str) -> bool {
        self.is_word(&fold::fold(word))
    }

    /// Every entity, in the order of `data/entities.tsv`: what
    /// [`Target::Entity`] indexes.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }
    /// The entity that [`Target::Entity`]`(i)` refers to. Panics when `i`
    /// is out of range.
    pub fn entity(&self, i: usize) -> &Entity {
        &self.entities[i]
    }
    /// The ambiguous name that [`Target::Ambiguous`]`(i)` refers to, from
    /// `data/ambiguous.tsv`. Panics when `i` is out of range.
    pub fn ambiguity(&self, i: usize) -> &Ambiguity {
        &self.ambiguities[i]
    }
    /// The non-State that [`Target::NonState`]`(i)` refers to, from
    /// `data/non_states.tsv`. Panics when `i` is out of range.
    pub fn non_state(&self, i: usize) -> &NonState {
        &self.non_states[i]
    }
    /// The place-or-State name that [`Target::PlaceOrState`]`(i)` refers
    /// to, from `data/place_or_state.tsv`. Panics when `i` is out of range.
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
    /// The entity whose ISO 3166-1 alpha-3 code is `iso3` (upper case, as
    /// in `data/entities.tsv`), if there is one.
    pub fn by_iso3(&self, iso3: &str) -> Option<&Entity> {
        self.by_iso3.get(iso3).map(|&i| &self.entities[i])
    }
    /// Every name as the tables write it (entities' own names, aliases,
    /// ambiguous names, non-States, places or States), in table order.
    pub fn table_names(&self) -> &[TableName] {
        &self.names
    }

    /// The State an item of a list in OCR text names although no name
    /// matched it: the one name nearest to it by edit distance
    /// ([`tolerant::nearest_list_item`], [`tolerant::LIST_ITEM_REACH`]).
    /// `None` when none is near enough, two are equally near, or the
    /// nearest is not a State's (a non-State, an ambiguous name). Offsets
    /// are into `item`.
    pub fn nearest_list_item(&self, item: &str) -> Option<NameMatch> {
        self.nearest_list_item_among(item, &[tolerant::LIST_ITEM_REACH], |_| true)
    }

    /// As [`Gazetteer::nearest_list_item`], within the first of `reaches`
    /// that reads a State (the names are picked once for all), among only the
    /// names (as the tables write them) that `keep` keeps: those that sort
    /// into an item's slot of an alphabetical list.
    pub fn nearest_list_item_among(
        &self,
        item: &str,
        reaches: &[tolerant::Reach],
        keep: impl Fn(&str) -> bool,
    ) -> Option<NameMatch> {
        let tokens = fold::tokens(item);
        let (first, last) = (tokens.first()?, tokens.last()?);
        let folded = joined_words(&tokens);
        let names = self.folded_names();
        let kept: Vec<(&str, Target)> = self
            .names
            .iter()
            .zip(names)
            .filter(|(name, _)| keep(&name.name))
            .map(|(_, (n, t))| (n.as_str(), *t))
            .collect();
        let (target, distance) = reaches.iter().find_map(|&reach| {
            let (target, distance) =
                tolerant::nearest_list_item(&folded, kept.iter().copied(), reach)?;
            let Target::Entity(_) = target else {
                return None;
            };
            (!self.holds_a_word_of_others_only(&folded, target)).then_some((target, distance))
        })?;
        // Historical when every name of the State that near is historical.
        let former_name = self
            .names
            .iter()
            .zip(names)
            .filter(|(_, (n, t))| *t == target && tolerant::item_distance(&folded, n) == distance)
            .all(|(name, _)| name.former_name);
        Some(NameMatch {
            start: first.start,
            end: last.end,
            target,
            former_name,
        })
    }

    /// The folded names (words joined by one space) with their targets, in
    /// table order.
    fn folded_names(&self) -> &[(String, Target)] {
        self.folded_names.get_or_init(|| {
            self.names
                .iter()
                .map(|n| (fold::fold(&n.name), n.target))
                .collect()
        })
    }

    /// Whether `folded` (an item's folded words) holds a word of at least
    /// [`tolerant::OWN_WORD_MIN_CHARS`] letters that other targets' names
    /// hold and that `target`'s names do not hold even misread: OCR
    /// misreads letters, and a word read exactly as a word of another
    /// State's name, far from every word of this State's, was printed so.
    /// "République populaire de Corée" (OCR lost "démocratique") is four
    /// edits from "République populaire de Chine", but it is not China.
    /// Misread words stay the target's: "Republics" is one edit from the
    /// Lebanese Republic's word (and a word of the Soviet Union's name),
    /// "Lands" part of "Netherlands".
    fn holds_a_word_of_others_only(&self, folded: &str, target: Target) -> bool {
        let words = self.name_words.get_or_init(|| {
            let mut words: HashMap<String, HashSet<Target>> = HashMap::default();
            for (name, t) in self.folded_names() {
                for w in name.split(' ') {
                    words.entry(w.to_string()).or_default().insert(*t);
                }
            }
            words
        });
        let own: Vec<&str> = self
            .folded_names()
            .iter()
            .filter(|(_, t)| *t == target)
            .map(|(n, _)| n.as_str())
            .collect();
        let in_own = |w: &str| {
            own.iter().any(|name| {
                name.contains(w) || name.split(' ').any(|o| tolerant::item_distance(w, o) <= 1)
            })
        };
        folded.split(' ').any(|w| {
            w.chars().count() >= tolerant::OWN_WORD_MIN_CHARS
                && words.get(w).is_some_and(|ts| !ts.contains(&target))
                && !in_own(w)
        })
    }

    /// OCR text: the State whose names alone go on from `head`, whole
    /// words, when one State's and no other target's do: "Sudán del" is
    /// the head of "Sudán del Sur" alone. `None` when none does or several
    /// do.
    pub fn only_state_going_on_from(&self, head: &str) -> Option<Target> {
        let tokens = fold::tokens(head);
        if tokens.is_empty() {
            return None;
        }
        let head = joined_words(&tokens) + " ";
        only_entity(
            self.folded_names()
                .iter()
                .filter(|(n, _)| n.starts_with(head.as_str())),
        )
    }

    /// OCR text: the State whose name `item` is the tail of, whole words,
    /// when it is one State's and no other target's: a list item whose
    /// head OCR lost ("e... Lucia" is Saint Lucia, "Bissau" Guinea-Bissau).
    /// A tail that ends several States' names ("Islands", "Republic") is
    /// none, and so is one shorter than [`tolerant::NAME_TAIL_MIN_CHARS`]. Offsets
    /// are into `item`.
    pub fn tail_of_one_state(&self, item: &str) -> Option<NameMatch> {
        let tokens = fold::tokens(item);
        let (first, last) = (tokens.first()?, tokens.last()?);
        let folded = joined_words(&tokens);
        if folded.chars().count() < tolerant::NAME_TAIL_MIN_CHARS {
            return None;
        }
        let target = only_entity(self.folded_names().iter().filter(|(n, _)| {
            n.strip_suffix(folded.as_str())
                .is_some_and(|head| head.ends_with(' '))
        }))?;
        Some(NameMatch {
            start: first.start,
            end: last.end,
            target,
            former_name: false,
        })
    }

    /// OCR text: the State one of whose names `item` is with one word lost,
    /// the others in order, when it is one State's and no other target's:
    /// "République populaire de Corée" is the Democratic People's Republic
    /// of Korea's French name without "démocratique" (and not China's, nor
    /// the Republic of Korea's, which has no "populaire"). The lost word is
    /// not the name's last ("République populaire de" is not China). The
    /// item holds at least [`tolerant::LOST_WORD_MIN_WORDS`] words of
    /// [`tolerant::OWN_WORD_MIN_CHARS`] letters or more. Offsets are into
    /// `item`.
    pub fn name_with_a_word_lost(&self, item: &str) -> Option<NameMatch> {
        let tokens = fold::tokens(item);
        let (first, last) = (tokens.first()?, tokens.last()?);
        let words: Vec<&str> = tokens.iter().map(|t| t.folded.as_str()).collect();
        let long = words
            .iter()
            .filter(|w| w.chars().count() >= tolerant::OWN_WORD_MIN_CHARS)
            .count();
        if long < tolerant::LOST_WORD_MIN_WORDS {
            return None;
        }
        // The name's last word stays: a head that lost it ("République
        // populaire de") is a name cut short, whose end says which State.
        // A possessive's "s" goes with its word: "People's" folds to
        // "people s", and is one word lost ("the Democratic" / "Republic of
        // Korea").
        let one_lost = |name: &str| {
            let mut lost = 0;
            let mut item = words.iter().peekable();
            let mut last_lost = false;
            for w in name.split(' ') {
                if item.peek() == Some(&&w) {
                    item.next();
                    last_lost = false;
                } else {
                    if !(last_lost && w == "s") {
                        lost += 1;
                    }
                    last_lost = true;
                }
            }
            item.peek().is_none()
                && lost == 1
                && name.rsplit(' ').next() == Some(last.folded.as_str())
        };
        let target = only_entity(self.folded_names().iter().filter(|(n, _)| one_lost(n)))?;
        Some(NameMatch {
            start: first.start,
            end: last.end,
            target,
            former_name: false,
        })
    }

    /// Every name in `text`, leftmost-longest, in text order.
    ///
    /// A match is more than a State: a name that could mean several States
    /// is reported as ambiguous, and a place whose name contains a State's
    /// is consumed whole, so that it is not taken for that State.
    ///
    /// ```
    /// use whosigned::gazetteer::{Gazetteer, Target};
    ///
    /// let g = Gazetteer::get();
    /// let text = "Korea, Northern Ireland, Swaziland and Côte d'Ivoire";
    /// let found = g.find(text);
    /// assert_eq!(found.len(), 4);
    /// // Byte offsets into `text`.
    /// assert_eq!(&text[found[0].start..found[0].end], "Korea");
    ///
    /// // "Korea" could be either Korea: never guessed.
    /// let Target::Ambiguous(a) = found[0].target else { panic!() };
    /// assert_eq!(g.ambiguity(a).candidates, ["KOR", "PRK"]);
    /// // "Northern Ireland" is not Ireland.
    /// assert!(matches!(found[1].target, Target::NonState(_)));
    /// // A former name is its State, flagged.
    /// assert_eq!(g.entity_of(found[2].target).unwrap().iso3, "SWZ");
    /// assert!(found[2].former_name);
    /// assert_eq!(g.entity_of(found[3].target).unwrap().name, "Côte d'Ivoire");
    /// ```
    pub fn find(&self, text: &str) -> Vec<NameMatch> {
        self.find_in(text, None)
    }

    /// Every name in `text`, as [`Gazetteer::find`], reading it as OCR
    /// text: misread letters, stray marks and split words are repaired
    /// first ([`tolerant`]), with the default [`tolerant::Tolerance`].
    pub fn find_tolerant(&self, text: &str) -> Vec<NameMatch> {
        self.find_in(text, Some(&tolerant::Tolerance::default()))
    }

    /// [`Gazetteer::find_tolerant`] with other thresholds.
    pub fn find_tolerant_with(
        &self,
        text: &str,
        tolerance: &tolerant::Tolerance,
    ) -> Vec<NameMatch> {
        self.find_in(text, Some(tolerance))
    }

    /// Every name in `text`: exactly, or tolerantly when a tolerance is given.
    fn find_in(&self, text: &str, tolerance: Option<&tolerant::Tolerance>) -> Vec<NameMatch> {
        // The haystack is the folded tokens, one after the other: token
        // `i` is `folded[cuts[i]..cuts[i + 1]]`, and `toks[i]` where it is
        // in `text`.
        let mut folded = String::with_capacity(text.len());
        let (mut cuts, mut toks) = (vec![0], Vec::new());
        let mut push = |f: &str, start: usize, end: usize| {
            folded.push_str(f);
            cuts.push(folded.len());
            toks.push(Span { start, end });
        };
        match tolerance {
            None => fold::each_token(text, push),
            Some(t) => {
                let tokens = fold::tokens(text);
                let (words, index) = if tokens.iter().all(|t| t.folded.is_ascii()) {
                    let index = self
                        .latin_index
                        .get_or_init(|| tolerant::Index::new(self.latin_words.iter()));
                    (&self.latin_words, index)
                } else {
                    let other = self.other_scripts();
                    let index = other
                        .index
                        .get_or_init(|| tolerant::Index::new(other.words.iter()));
                    (&other.words, index)
                };
                let mut r = tolerant::Repairer::new(words, index, tolerant::Confusions::get(), t);
                for tok in r.repair(text, tokens) {
                    push(&tok.folded, tok.start, tok.end);
                }
            }
        }
        let tokens = || cuts.windows(2).map(|c| &folded[c[0]..c[1]]);
        let mut out = self.matches_of(&self.latin, text, tokens(), &toks);
        if !folded.is_ascii() {
            let other = &self.other_scripts().matcher;
            // Keys of the two matchers are of different scripts, so their
            // matches meet only at a token of mixed letters: the earlier
            // (then longer) match keeps it.
            out.extend(self.matches_of(other, text, tokens(), &toks));
            out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
            let mut last_end = 0;
            out.retain(|m| {
                let keep = m.start >= last_end;
                if keep {
                    last_end = m.end;
                }
                keep
            });
        }
        out
    }

    /// The matches of one matcher's keys in `text`, whose folded tokens are
    /// `tokens`, each where `toks` says in `text`: leftmost-longest, each
    /// search going on from the end of the match before.
    fn matches_of<'a>(
        &self,
        matcher: &Matcher,
        text: &str,
        tokens: impl Iterator<Item = &'a str>,
        toks: &[Span],
    ) -> Vec<NameMatch> {
        let trie = &matcher.trie;
        let words = trie.words_of(tokens);
        let mut out = Vec::new();
        let mut from = 0;
        while let Some((first, past, key)) = trie.leftmost_longest(&words, from) {
            from = past;
            let last = past - 1;
            let pattern = &matcher.patterns[key];
            if let Some(head) = pattern.inverted_head {
                let tail = first + head;
                let longer = trie
                    .longest_at(&words, tail, words.len())
                    .is_some_and(|(end, _)| end > past);
                if longer {
                    // The head is a name of its own only if it matches whole
                    // ("Congo" in "Congo; the Democratic Republic of the Congo"
                    // is the Republic of the Congo, not the inverted name's State).
                    let own = trie
                        .longest_at(&words, first, tail)
                        .filter(|&(end, _)| end == tail);
                    if let Some((_, h)) = own {
                        let own = &matcher.patterns[h];
                        out.push(NameMatch {
                            start: toks[first].start,
                            end: toks[tail - 1].end,
                            target: own.target,
                            former_name: own.former_name,
                        });
                    }
                    from = tail;
                    continue;
                }
            }
            let (start, mut end) = (toks[first].start, toks[last].end);
            // Tokens skip punctuation, so a key can match across a closing
            // parenthesis: "Bahamas (The), Islamic Republic of Iran" is not
            // "the Islamic Republic of Iran". Such a match starts one token
            // later instead.
            if text[start..end].contains(')') {
                from = first + 1;
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

    const ENTITIES_HEAD: &str =
        "iso3\tiso2\tm49\tkind\tname\tformal\tfr_short\tfr_formal\tes_short\tes_formal\n";
    const SMALL_ENTITIES: &str = "AUT\tAT\t040\tstate\tAustria\tthe Republic of Austria\tAutriche (l')\tla République d'Autriche\tAustria\tla República de Austria\n\
        KOR\tKR\t410\tstate\tRepublic of Korea\tthe Republic of Korea\tRépublique de Corée (la)\tla République de Corée\tRepública de Corea (la)\tla República de Corea\n\
        PRK\tKP\t408\tstate\tDemocratic People's Republic of Korea\tthe Democratic People's Republic of Korea\tRépublique populaire démocratique de Corée (la)\tla République populaire démocratique de Corée\tRepública Popular Democrática de Corea (la)\tla República Popular Democrática de Corea\n";

    const AR_ZH_RU_HEAD: &str =
        "iso3\tar_short\tar_formal\tzh_short\tzh_formal\tru_short\tru_formal\tsource\tnote\n";
    const SMALL_AR_ZH_RU: &str = "AUT\tالنمسا\tجمهورية النمسا\t奥地利\t奥地利共和国\tАвстрия\tАвстрийская Республика\tunterm\t-\n\
        KOR\tجمهورية كوريا\tجمهورية كوريا\t大韩民国\t大韩民国\tРеспублика Корея\tРеспублика Корея\tunterm\t-\n\
        PRK\tجمهورية كوريا الشعبية الديمقراطية\tجمهورية كوريا الشعبية الديمقراطية\t朝鲜民主主义人民共和国\t朝鲜民主主义人民共和国\tКорейская Народно-Демократическая Республика\tКорейская Народно-Демократическая Республика\tunterm\t-\n";

    /// Small tables that load; each test spoils one of them.
    fn small() -> (String, String, String, String, String) {
        (
            format!("# entities\n{ENTITIES_HEAD}{SMALL_ENTITIES}"),
            "iso3\tlang\ttype\talias\nAUT\ten\tabbrev\tAT\n".into(),
            "name\tcandidates\tnote\nKorea\tKOR PRK\tboth\n".into(),
            "name\twhat\nNorthern Ireland\tpart of the United Kingdom\n".into(),
            "name\tiso3\tnote\nSouth Korea Region\tKOR\tmade up\n".into(),
        )
    }

    /// "République populaire de Corée" lost "démocratique", "the
    /// Democratic Republic of Korea" "People's": one State's name with a
    /// word lost. Two of the names a word and a connector end
    /// ("de Corée"), and the two States "Arab Republic" is a name of with a
    /// word lost (Syria; Egypt as the United Arab Republic), are none.
    #[test]
    fn the_codes_read_alone_are_the_gazetteer_s_entities() {
        let mut alone: Vec<&str> = bundled_entity_codes().into_iter().collect();
        let mut built: Vec<&str> = Gazetteer::get()
            .entities()
            .iter()
            .map(|e| e.iso3.as_str())
            .collect();
        alone.sort_unstable();
        built.sort_unstable();
        assert_eq!(alone, built);
        assert!(alone.len() > 190);
    }

    #[test]
    fn an_item_is_the_one_states_name_it_is_with_a_word_lost() {
        let g = Gazetteer::get();
        let iso3 = |item: &str| {
            g.name_with_a_word_lost(item)
                .map(|m| g.entity_of(m.target).unwrap().iso3.clone())
        };
        assert_eq!(
            iso3("République populaire de Corée").as_deref(),
            Some("PRK")
        );
        assert_eq!(iso3("Republic Korea").as_deref(), Some("KOR"));
        assert_eq!(iso3("de Corée"), None, "one word of four letters");
        assert_eq!(iso3("Arab Republic"), None, "two States");
        assert_eq!(
            iso3("République populaire de"),
            None,
            "China's name without its last word: cut short"
        );
        assert_eq!(iso3("Democratic Republic Korea"), None, "two words lost");
        assert_eq!(
            iso3("the Democratic Republic of Korea").as_deref(),
            Some("PRK"),
            "\"People's\" is one word"
        );
    }

    #[test]
    fn a_users_aliases_match_and_their_errors_name_the_users_file() {
        let with = |rows: &str| {
            Gazetteer::from_tables(&Tables {
                extra_aliases: Some(("mine.tsv", rows)),
                ..Tables::BUNDLED
            })
        };
        let g = with("iso3\tlang\ttype\talias\nFRA\tfr\tcommon\tl'Hexagone\n").unwrap();
        let m = g.find("au nom de l'Hexagone");
        assert_eq!(g.entity_of(m[0].target).unwrap().iso3, "FRA");
        let mine = g
            .table_names()
            .iter()
            .find(|n| n.name == "l'Hexagone")
            .unwrap();
        assert_eq!((mine.file.as_ref(), mine.line), ("mine.tsv", 2));
        let errors = with("iso3\tlang\ttype\talias\nXYZ\ten\tcommon\tNowhere\n")
            .expect_err("an unknown code");
        assert_eq!(
            errors.0[0].to_string(),
            "mine.tsv:2: unknown code \"XYZ\" (not in data/entities.tsv)"
        );
    }

    /// (iso3, printed name) of each name found in `text`.
    fn found_in(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        g.find(text)
            .iter()
            .map(|m| {
                let iso3 = g.entity_of(m.target).map_or("?", |e| &e.iso3);
                (iso3.to_string(), text[m.start..m.end].to_string())
            })
            .collect()
    }

    #[test]
    fn a_name_turned_round_leaves_its_tail_to_a_longer_name_after_it() {
        let g = Gazetteer::get();
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        // "Armenia, Republic of" is a name (data/aliases.tsv), but here its
        // tail begins "Republic of Korea": the head alone is Armenia's name.
        assert_eq!(
            found_in(g, "Armenia, Republic of Korea"),
            pairs(&[("ARM", "Armenia"), ("KOR", "Republic of Korea")])
        );
        // With nothing longer after it, the name turned round is one name.
        assert_eq!(
            found_in(g, "Armenia, Republic of and Mali"),
            pairs(&[("ARM", "Armenia, Republic of"), ("MLI", "Mali")])
        );
    }

    #[test]
    fn the_head_of_a_name_turned_round_is_taken_only_when_it_is_a_name_whole() {
        let g = Gazetteer::from_tables(&Tables {
            extra_aliases: Some((
                "mine.tsv",
                "iso3\tlang\ttype\talias\nFRA\ten\tcommon\tGallic Land, Republic of\n",
            )),
            ..Tables::BUNDLED
        })
        .unwrap();
        assert_eq!(
            found_in(&g, "Gallic Land, Republic of Korea"),
            [("KOR".to_string(), "Republic of Korea".to_string())]
        );
        assert_eq!(
            found_in(&g, "Gallic Land, Republic of and Mali")[0],
            ("FRA".to_string(), "Gallic Land, Republic of".to_string())
        );
    }

    #[test]
    fn names_in_other_scripts_are_made_into_keys_on_first_use() {
        let g = Gazetteer::build(&Tables::BUNDLED, false).unwrap();
        assert!(g.other.get().is_none());
        assert_eq!(g.find("France, Côte d'Ivoire").len(), 2);
        assert!(g.is_printed_word("Herzegovina"));
        assert!(g.other.get().is_none(), "Latin text needs no other script");
        assert!(
            g.latin_index.get().is_none(),
            "nor a text layer OCR's index"
        );
        assert_eq!(g.find_tolerant("Austrla").len(), 1);
        assert!(g.latin_index.get().is_some());
        let found = g.find("Франция, Германия");
        assert_eq!(g.entity_of(found[1].target).unwrap().iso3, "DEU");
        assert!(g.other.get().is_some());
        // Every key made later is of another script: a Latin text, which
        // only the first matcher reads, could not match it.
        let check = KeyCheck {
            entities: &g.entities,
            ambiguities: &g.ambiguities,
            places_or_states: &g.places_or_states,
        };
        let mut keys = KeyMap::default();
        check.add_keys(
            &mut keys,
            &g.names,
            &g.other_names,
            &g.spelled_names,
            &mut Vec::new(),
        );
        assert!(keys.len() > 1000);
        assert!(keys.keys().all(|k| !k.is_ascii()));
    }

    #[test]
    fn a_users_name_in_another_script_is_checked_at_once() {
        let errors = Gazetteer::from_tables(&Tables {
            extra_aliases: Some((
                "mine.tsv",
                "iso3\tlang\ttype\talias\nFRA\tru\tcommon\tГермания\n",
            )),
            ..Tables::BUNDLED
        })
        .expect_err("Германия is Germany's");
        assert!(
            errors.0[0].to_string().starts_with("mine.tsv:2: "),
            "{errors}"
        );
    }

    fn load(t: &(String, String, String, String, String)) -> Result<Gazetteer, Vec<String>> {
        Gazetteer::from_tables(&Tables {
            entities: &t.0,
            entities_ar_zh_ru: &format!("{AR_ZH_RU_HEAD}{SMALL_AR_ZH_RU}"),
            aliases: &t.1,
            cldr_aliases: "iso3\tlang\ttype\talias\n",
            ambiguous: &t.2,
            non_states: &t.3,
            cldr_non_states: "name\twhat\n",
            place_or_state: &t.4,
            extra_aliases: None,
        })
        .map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn the_bundled_tables_load_without_an_error() {
        if let Err(e) = Gazetteer::from_tables(&Tables::BUNDLED) {
            panic!("{e}");
        }
    }

    #[test]
    fn small_tables_load() {
        let g = load(&small()).map_err(|e| e.join("\n")).unwrap();
        assert_eq!(g.entities().len(), 3);
    }

    #[test]
    fn an_unknown_code_is_an_error_with_its_line() {
        let mut t = small();
        t.1.push_str("XYZ\ten\tcommon\tNarnia\n");
        t.4 = "name\tiso3\tnote\nNarnia\tNAR\tmade up\n".into();
        assert_eq!(
            load(&t).err().unwrap(),
            [
                "data/aliases.tsv:3: unknown code \"XYZ\" (not in data/entities.tsv)",
                "data/place_or_state.tsv:2: unknown code \"NAR\" (not in data/entities.tsv)",
            ]
        );
    }

    #[test]
    fn an_unknown_kind_type_or_language_is_an_error_not_a_default() {
        let mut t = small();
        t.0 = t.0.replace("040\tstate", "040\tcountry");
        t.1.push_str("AUT\tde\tcommon\tÖsterreich\nAUT\ten\tnickname\tAlpine Republic\n");
        assert_eq!(
            load(&t).err().unwrap(),
            [
                "data/entities.tsv:3: unknown kind \"country\" (one of: state, observer_state, organization)",
                "data/aliases.tsv:3: unknown lang \"de\" (one of: en, fr, es, ar, zh, ru, any)",
                "data/aliases.tsv:4: unknown type \"nickname\" (one of: common, former, abbrev, variant)",
            ]
        );
    }

    #[test]
    fn bad_codes_and_codes_twice_are_errors() {
        let mut t = small();
        t.0 = t.0.replace("AUT\tAT\t040", "AUT\tAT\t40");
        t.0 = t.0.replace("PRK\tKP", "PRK\tKR");
        assert_eq!(
            load(&t).err().unwrap(),
            [
                "data/entities.tsv:3: m49 \"40\" is not empty or three digits",
                "data/entities.tsv:5: iso2 KR also at line 4",
                // Rows with bad codes are left out, so what names them fails too.
                "data/entities_ar_zh_ru.tsv:2: unknown code \"AUT\" (not in data/entities.tsv)",
                "data/entities_ar_zh_ru.tsv:4: unknown code \"PRK\" (not in data/entities.tsv)",
                "data/aliases.tsv:2: unknown code \"AUT\" (not in data/entities.tsv)",
                "data/ambiguous.tsv:2: unknown code \"PRK\" (not in data/entities.tsv)",
            ]
        );
    }

    #[test]
    fn an_ambiguous_name_with_one_candidate_is_an_error() {
        let mut t = small();
        t.2.push_str("Macedonia\tAUT\tnot ambiguous\n");
        assert_eq!(
            load(&t).err().unwrap(),
            ["data/ambiguous.tsv:3: 1 candidate(s): an ambiguous name has two or more"]
        );
    }

    #[test]
    fn a_name_twice_in_a_table_is_an_error() {
        let mut t = small();
        t.3.push_str("Northern  Ireland\tagain\n");
        t.1.push_str("AUT\ten\tcommon\tOsterreich\nAUT\ten\tvariant\tÖsterreich\n");
        assert_eq!(
            load(&t).err().unwrap(),
            [
                "data/aliases.tsv:4: \"Österreich\" folds like \"Osterreich\", another alias of the same entity (redundant)",
                "data/non_states.tsv:3: \"Northern  Ireland\" also at line 2",
            ]
        );
    }

    #[test]
    fn a_spelling_two_rows_claim_is_an_error() {
        let mut t = small();
        t.1.push_str("KOR\ten\tcommon\tAustria\n");
        assert_eq!(
            load(&t).err().unwrap(),
            ["data/aliases.tsv:3: spelling \"Austria\" names KOR, but \"Austria\" at data/entities.tsv:3 gives the same key to AUT"]
        );
    }

    #[test]
    fn an_abbreviation_must_keep_its_case_check() {
        let mut t = small();
        t.1.push_str("AUT\ten\tabbrev\tAUSTRIA\nAUT\ten\tabbrev\tau\n");
        assert_eq!(
            load(&t).err().unwrap(),
            [
                "data/aliases.tsv:4: abbreviation \"au\" has no capital letter to match on",
                "data/aliases.tsv:3: spelling \"Austria\" is also an exact-case abbreviation (\"AUSTRIA\" at data/aliases.tsv:3), which would lose its case check",
            ]
        );
    }

    #[test]
    fn an_entity_without_arabic_chinese_and_russian_names_is_an_error() {
        let mut t = small();
        t.0.push_str("BEL\tBE\t056\tstate\tBelgium\tthe Kingdom of Belgium\tBelgique (la)\tle Royaume de Belgique\tBélgica\tel Reino de Bélgica\n");
        assert_eq!(
            load(&t).err().unwrap(),
            ["data/entities.tsv:6: no Arabic, Chinese and Russian names (add a row to data/entities_ar_zh_ru.tsv)"]
        );
    }

    #[test]
    fn russian_case_forms_and_arabic_proclitics_name_their_state() {
        let g = load(&small()).map_err(|e| e.join("\n")).unwrap();
        let iso3 = |text: &str| -> Vec<String> {
            g.find(text)
                .iter()
                .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
                .collect()
        };
        assert_eq!(iso3("от имени Австрии"), ["AUT"]);
        assert_eq!(iso3("Австрийской Республикой"), ["AUT"]);
        assert_eq!(iso3("وجمهورية كوريا"), ["KOR"]);
        assert_eq!(iso3("والنمسا"), ["AUT"]);
        assert_eq!(iso3("奥地利和大韩民国"), ["AUT", "KOR"]);
    }

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

    #[test]
    fn an_article_in_brackets_goes_before_the_name_never_after() {
        let s = spellings("República de Corea (la)");
        assert!(s.contains(&"República de Corea".to_string()));
        assert!(s.contains(&"la República de Corea".to_string()));
        assert!(
            s.iter().all(|n| !n.ends_with("la") && !n.ends_with("(la)")),
            "{s:?}"
        );
        // In OCR text the next item's article is not read into the name.
        let g = Gazetteer::get();
        let text = "República Popular Democrática de Corea. la República de Madagascar";
        let first = &g.find_tolerant(text)[0];
        assert!(text[first.start..first.end].ends_with("Corea"));
    }
}
