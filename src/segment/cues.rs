//! The list finder's word lists and cue phrases, loaded from `data/`.
//!
//! `data/list_words.tsv` holds the words that may stand between two names of
//! one list (filler), between a cue phrase and its list (cue tail), and inside
//! a name-like piece that no table knows (connector). `data/cues.tsv` holds
//! the cue phrases per language, each with a kind saying what it is evidence
//! of. Both are compiled into the binary and checked strictly the first time
//! they are used: a bad row is a bug in the data, reported with its line
//! number. This module only loads and looks up; what a cue means for a
//! candidate list is decided in [`super::evidence`] and [`super::decision`].

use super::document::DocumentKind;
use crate::gazetteer::fold::fold;
use crate::gazetteer::tolerant::Confusions;
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

const LIST_WORDS: &str = include_str!("../../data/list_words.tsv");
const CUES: &str = include_str!("../../data/cues.tsv");

/// What a cue phrase is evidence of (the `kind` column of `data/cues.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// Whatever names follow are the list ("The following States").
    Strong,
    /// Said of lists and of single names in prose alike ("signed by").
    Weak,
    /// "For ..." opening a signature-table cell.
    LineStart,
    /// "delivered by X" before "on behalf of A, B".
    Deliverer,
    /// A list that joined after the first publication.
    JoinedLater,
    /// What follows a UN sponsor block after its colon.
    SponsorTail,
    /// Makes the names after it examples ("including").
    Example,
    /// Makes the names in its sentence observers or attendees.
    Observer,
    /// Opens the name of a group that a sponsor acts for.
    OnBehalf,
    /// A line near the top that says what kind of document this is.
    Head,
    /// "the States that are members of": what comes after it in an
    /// on-behalf-of phrase is the group's name.
    MembersOf,
}

impl CueKind {
    fn parse(s: &str) -> Option<CueKind> {
        Some(match s {
            "strong" => CueKind::Strong,
            "weak" => CueKind::Weak,
            "line_start" => CueKind::LineStart,
            "deliverer" => CueKind::Deliverer,
            "joined_later" => CueKind::JoinedLater,
            "sponsor_tail" => CueKind::SponsorTail,
            "example" => CueKind::Example,
            "observer" => CueKind::Observer,
            "on_behalf" => CueKind::OnBehalf,
            "head" => CueKind::Head,
            "members_of" => CueKind::MembersOf,
            _ => return None,
        })
    }
}

/// One row of `data/cues.tsv` that names a document kind (`sponsor_tail`
/// and `head` rows); other rows are used only as part of their kind's
/// combined regex ([`Cues::any`]).
#[derive(Debug)]
pub struct Cue {
    /// The row's kind: [`CueKind::SponsorTail`] or [`CueKind::Head`].
    pub kind: CueKind,
    /// The document kind the cue says (`draft_resolution`, `letter`...).
    pub doc_kind: DocumentKind,
    /// The row's `pattern`, compiled case-insensitive by [`phrase_regex`]
    /// when first used ([`Cue::regex`]): the kind's combined regex is what
    /// runs over a text, and a row's own is asked for only on a line the
    /// combined one matched (a head cue) or never (a sponsor tail). The 55
    /// rows took a third of a worker's start-up to compile.
    regex: LazyRegex,
    /// The same anchored at the start of the text ([`Cue::find_at_start`]),
    /// compiled when first used.
    at_start: LazyRegex,
}

impl Cue {
    /// The row's pattern as one regex ([`phrase_regex`]).
    pub fn regex(&self) -> &Regex {
        self.regex.get()
    }

    /// The cue's match at the very start of `text`, if any: the match
    /// `regex.find(text)` gives when it starts at 0, found without running
    /// the regex over the rest of the text (the text after a list is the
    /// rest of the document, and a document has many lists).
    pub fn find_at_start<'t>(&self, text: &'t str) -> Option<regex::Match<'t>> {
        self.at_start.get().find(text)
    }
}

/// A pattern compiled on first use ([`phrase_regex`]): most documents
/// never ask for most of them.
#[derive(Debug)]
struct LazyRegex {
    pattern: String,
    regex: OnceLock<Regex>,
}

impl LazyRegex {
    /// `pattern` as it is. It is checked already: it compiled as part of
    /// its kind's combined regex, and `cargo test` compiles every row alone
    /// (`every_cue_compiles_alone`).
    fn new(pattern: &str) -> LazyRegex {
        LazyRegex {
            pattern: pattern.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// `pattern` anchored at the start of the text.
    fn at_start(pattern: &str) -> LazyRegex {
        LazyRegex::new(&format!("^(?:{pattern})"))
    }

    fn get(&self) -> &Regex {
        self.regex
            .get_or_init(|| phrase_regex(&self.pattern).expect("checked when the cues were parsed"))
    }
}

/// One kind's patterns joined into one, and the two forms of it that
/// most documents never need, compiled the first time they are asked for.
struct Joined {
    kind: CueKind,
    /// Anchored at the start of the text ([`Cues::find_at_start`]).
    at_start: LazyRegex,
    /// The patterns joined, as written.
    pattern: String,
    /// For OCR text ([`ocr_tolerant`]): most batches have no OCR text, and
    /// these regexes are the largest.
    ocr: OnceLock<Regex>,
}

impl Joined {
    /// The OCR form. It is made from patterns that compiled, and `cargo
    /// test` builds every kind's (`the_ocr_forms_compile`), so a failure
    /// here is a bug in [`ocr_tolerant`].
    fn ocr(&self) -> &Regex {
        self.ocr.get_or_init(|| {
            phrase_regex(&ocr_tolerant(&self.pattern)).unwrap_or_else(|e| {
                panic!(
                    "the OCR form of the {:?} cues does not compile: {e}",
                    self.kind
                )
            })
        })
    }
}

/// The loaded tables.
pub struct Cues {
    filler: HashSet<String>,
    cue_tail: HashSet<String>,
    connector: HashSet<String>,
    open_end: HashSet<String>,
    cues: Vec<Cue>,
    /// Per kind, all its patterns as one regex: one pass over a text
    /// finds every cue of the kind (a regex per row made list finding a
    /// fifth slower).
    combined: Vec<(CueKind, Regex)>,
    /// Per kind, its patterns joined, with the forms of [`Cues::combined`]
    /// that are compiled on first use.
    joined: Vec<Joined>,
}

/// What may stand between the words of a cue phrase in OCR text, in place
/// of the pattern's `\s+` or `\s*`: specks read as punctuation ("suscrita.
/// por", "signed, by"), and nothing at all, since OCR glues words whose
/// space it did not see ("haveendorsed"). Only OCR text gets it: in clean
/// text "signed. By" is two sentences.
const OCR_WORD_GAP: &str = r"[\s.,:;'’*_~|]*";

/// What may stand between two letters of one word of a cue phrase in OCR
/// text: a space OCR saw where there was none ("t he following", "signed
/// byt he"), which moves a word's space into its neighbour. Between words
/// the gap is [`OCR_WORD_GAP`].
const OCR_LETTER_GAP: &str = " ?";

/// The accented Latin vowels. OCR reads an accent as another one and a
/// worn letter under it as another vowel ("signée" read "signíe"), and
/// puts accents on plain vowels from specks ("óbligations"): in a cue
/// phrase of OCR text, an accented vowel of the pattern stands for any of
/// these or its own plain letter, and a plain vowel also for its accented
/// forms.
const ACCENTED_VOWELS: &str = "àáâäèéêëìíîïòóôöùúûü";

/// What OCR may print for `c` (lower case) in a cue phrase: its look-alikes
/// in `data/ocr_confusions.tsv` and, for vowels, its accented forms
/// ([`ACCENTED_VOWELS`]).
fn ocr_letter_class(c: char) -> Vec<char> {
    let base = |v: char| fold(&v.to_string()).chars().next().unwrap_or(v);
    let mut out = vec![c];
    out.extend(Confusions::get().look_alikes(c));
    if ACCENTED_VOWELS.contains(c) {
        out.push(base(c));
        out.extend(ACCENTED_VOWELS.chars());
    } else if "aeiou".contains(c) {
        out.extend(ACCENTED_VOWELS.chars().filter(|&v| base(v) == c));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A cue pattern made tolerant of how OCR misreads a phrase: words glued or
/// specked apart ([`OCR_WORD_GAP`]), a word split ([`OCR_LETTER_GAP`]),
/// letters read as their look-alikes ([`ocr_letter_class`]), and no word
/// boundaries, since a glued or split neighbour leaves none ("byt he
/// following"). Only the literal letters of the pattern and of its
/// character classes change; escapes, groups and quantifiers stay.
fn ocr_tolerant(pattern: &str) -> String {
    let class_of = |c: char| -> String {
        ocr_letter_class(c)
            .into_iter()
            .map(|c| regex::escape(&c.to_string()))
            .collect()
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    // Whether the last thing written was a literal letter: a letter after
    // it is in the same word.
    let mut after_letter = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if i + 1 < chars.len() => {
                let e = chars[i + 1];
                i += 2;
                after_letter = false;
                if e == 'b' {
                    continue;
                }
                if e == 's' && matches!(chars.get(i), Some('+' | '*')) {
                    out.push_str(OCR_WORD_GAP);
                    i += 1;
                    continue;
                }
                out.push('\\');
                out.push(e);
            }
            '[' => {
                // A class: its letters gain their look-alikes.
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                while i < chars.len() && chars[i] != ']' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        out.push('\\');
                        out.push(chars[i + 1]);
                        i += 2;
                    } else if chars[i].is_alphabetic() && chars.get(i + 1) != Some(&'-') {
                        out.push_str(&class_of(chars[i]));
                        i += 1;
                    } else {
                        out.push(chars[i]);
                        i += 1;
                    }
                }
                out.push(']');
                i += 1;
                after_letter = true;
            }
            '(' if chars.get(i + 1) == Some(&'?') => {
                // A group's flags, copied up to its ':' or ')'.
                while i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                    if matches!(chars[i - 1], ':' | ')') {
                        break;
                    }
                }
                after_letter = false;
            }
            c if c.is_alphabetic() => {
                if after_letter {
                    out.push_str(OCR_LETTER_GAP);
                }
                let class = class_of(c);
                if class.chars().count() > 1 {
                    out.push('[');
                    out.push_str(&class);
                    out.push(']');
                } else {
                    out.push(c);
                }
                after_letter = true;
                i += 1;
            }
            c => {
                out.push(c);
                // A quantifier keeps its letter's word going ("s?" in
                // "endorsements?"); anything else ends it.
                after_letter = after_letter && matches!(c, '?' | '*' | '+');
                i += 1;
            }
        }
    }
    out
}

/// Rows of a TSV table: (line number, fields), comments and header skipped.
fn rows(table: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// One regex for a phrase. Word boundaries are ASCII ones: a Unicode `\b`
/// keeps the regex crate off its DFA on any text with a non-ASCII letter
/// (most French and Spanish), which made cue finding a third of the time
/// spent on a statement.
pub fn phrase_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!("(?i)(?:{})", pattern.replace(r"\b", r"(?-u:\b)")))
}

impl Cues {
    /// Parses the two tables; the error names the file and row.
    pub fn parse(list_words: &str, cues: &str) -> Result<Cues, String> {
        let mut t = Cues {
            filler: HashSet::new(),
            cue_tail: HashSet::new(),
            connector: HashSet::new(),
            open_end: HashSet::new(),
            cues: Vec::new(),
            combined: Vec::new(),
            joined: Vec::new(),
        };
        // Per kind, its (line, pattern) rows.
        let mut patterns: Vec<(CueKind, Vec<(usize, String)>)> = Vec::new();
        for (n, r) in rows(list_words) {
            let (set, word) = match r.as_slice() {
                [set, word, ..] => (*set, *word),
                _ => return Err(format!("data/list_words.tsv:{n}: expected set<TAB>word")),
            };
            // Text is split into words at every character that is not a
            // letter, so "and/or" or "following:" could never be looked up.
            if !word.chars().all(char::is_alphabetic) {
                return Err(format!(
                    "data/list_words.tsv:{n}: {word:?} can never match: words are letters only"
                ));
            }
            if word.is_empty() || fold(word) != word {
                return Err(format!(
                    "data/list_words.tsv:{n}: {word:?} must be folded (lower case, no accents)"
                ));
            }
            let target = match set {
                "filler" => &mut t.filler,
                "cue_tail" => &mut t.cue_tail,
                "connector" => &mut t.connector,
                "open_end" => &mut t.open_end,
                _ => return Err(format!("data/list_words.tsv:{n}: unknown set {set:?}")),
            };
            if !target.insert(word.to_string()) {
                return Err(format!("data/list_words.tsv:{n}: {word:?} twice in {set}"));
            }
        }
        for (n, r) in rows(cues) {
            let [kind, _lang, doc_kind, pattern, ..] = r.as_slice() else {
                return Err(format!(
                    "data/cues.tsv:{n}: expected kind<TAB>lang<TAB>doc_kind<TAB>pattern"
                ));
            };
            let kind = CueKind::parse(kind)
                .ok_or_else(|| format!("data/cues.tsv:{n}: unknown kind {kind:?}"))?;
            let doc_kind = match *doc_kind {
                "-" => None,
                k => Some(
                    DocumentKind::from_data(k)
                        .ok_or_else(|| format!("data/cues.tsv:{n}: unknown doc_kind {k:?}"))?,
                ),
            };
            if matches!(kind, CueKind::SponsorTail | CueKind::Head) != doc_kind.is_some() {
                return Err(format!(
                    "data/cues.tsv:{n}: sponsor_tail and head rows, and only they, name a doc_kind"
                ));
            }
            match patterns.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, list)) => list.push((n, pattern.to_string())),
                None => patterns.push((kind, vec![(n, pattern.to_string())])),
            }
            // Rows whose document kind matters are also kept one by one.
            if let Some(doc_kind) = doc_kind {
                t.cues.push(Cue {
                    kind,
                    doc_kind,
                    regex: LazyRegex::new(pattern),
                    at_start: LazyRegex::at_start(pattern),
                });
            }
        }
        for (kind, list) in patterns {
            let joined: Vec<String> = list.iter().map(|(_, p)| format!("(?:{p})")).collect();
            let regex = phrase_regex(&joined.join("|")).map_err(|_| {
                // Name the row: compile them one by one (only on this path).
                list.iter()
                    .find_map(|(n, p)| {
                        phrase_regex(p)
                            .err()
                            .map(|e| format!("data/cues.tsv:{n}: {e}"))
                    })
                    .unwrap_or_else(|| "data/cues.tsv: the patterns do not compile together".into())
            })?;
            t.combined.push((kind, regex));
            let pattern = joined.join("|");
            t.joined.push(Joined {
                kind,
                at_start: LazyRegex::at_start(&pattern),
                pattern,
                ocr: OnceLock::new(),
            });
        }
        Ok(t)
    }

    /// The tables compiled into the binary.
    pub fn get() -> &'static Cues {
        static C: OnceLock<Cues> = OnceLock::new();
        C.get_or_init(|| Cues::parse(LIST_WORDS, CUES).unwrap_or_else(|e| panic!("{e}")))
    }

    /// A word (folded) that may stand between two names of one list.
    pub fn is_filler_word(&self, w: &str) -> bool {
        self.filler.contains(w)
    }

    /// A word (folded) that may stand between a cue and its list.
    pub fn is_tail_word(&self, w: &str) -> bool {
        self.cue_tail.contains(w) || self.filler.contains(w)
    }

    /// A word that no name ends with: a name goes on after it ("of",
    /// "del").
    pub fn is_open_end(&self, w: &str) -> bool {
        self.open_end.contains(w)
    }

    /// A lower-case word that may join the words of a name.
    pub fn is_connector(&self, w: &str) -> bool {
        self.connector.contains(w)
    }

    /// Every cue of one kind that names a document kind (`sponsor_tail`,
    /// `head`), one by one.
    pub fn of(&self, kind: CueKind) -> impl Iterator<Item = &Cue> {
        self.cues.iter().filter(move |c| c.kind == kind)
    }

    /// All cues of one kind as one regex (leftmost-first among them), or a
    /// regex that matches nothing when the data has none of the kind.
    pub fn any(&self, kind: CueKind) -> &Regex {
        Self::of_kind(&self.combined, kind)
    }

    /// The match of [`Cues::any`] at the very start of `text`, if any,
    /// without running the regex over the rest of the text ([`Cue::find_at_start`]).
    pub fn find_at_start<'t>(&self, kind: CueKind, text: &'t str) -> Option<regex::Match<'t>> {
        self.joined_of(kind)
            .and_then(|j| j.at_start.get().find(text))
    }

    /// [`Cues::any`] for OCR text (`noisy`): the words of a phrase may be
    /// glued or have specks between them (`OCR_WORD_GAP`).
    pub fn any_in(&self, kind: CueKind, noisy: bool) -> &Regex {
        match (noisy, self.joined_of(kind)) {
            (true, Some(j)) => j.ocr(),
            _ => self.any(kind),
        }
    }

    fn joined_of(&self, kind: CueKind) -> Option<&Joined> {
        self.joined.iter().find(|j| j.kind == kind)
    }

    fn of_kind(combined: &[(CueKind, Regex)], kind: CueKind) -> &Regex {
        static NEVER: OnceLock<Regex> = OnceLock::new();
        combined
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, r)| r)
            .unwrap_or_else(|| NEVER.get_or_init(|| Regex::new(r"[^\s\S]").expect("empty class")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_tables_load() {
        let c = Cues::get();
        assert!(c.is_filler_word("and"));
        assert!(c.is_tail_word("following"));
        assert!(c.is_tail_word("and"), "filler words are tail words too");
        assert!(c.of(CueKind::SponsorTail).count() >= 6);
    }

    #[test]
    fn a_cue_at_the_start_is_the_match_that_starts_there() {
        let c = Cues::get();
        let texts = [
            "On behalf of the Group of 77 and China",
            "the Group of 77, on behalf of whom",
            "draft resolution",
            "  draft resolution",
            "Liechtenstein: draft resolution",
            "",
        ];
        for text in texts {
            let unanchored = c
                .any(CueKind::OnBehalf)
                .find(text)
                .filter(|m| m.start() == 0);
            assert_eq!(
                c.find_at_start(CueKind::OnBehalf, text),
                unanchored,
                "{text:?}"
            );
            for cue in c.of(CueKind::SponsorTail) {
                let unanchored = cue.regex().find(text).filter(|m| m.start() == 0);
                assert_eq!(cue.find_at_start(text), unanchored, "{text:?}");
            }
        }
        assert!(c.find_at_start(CueKind::OnBehalf, texts[0]).is_some());
        assert!(c.find_at_start(CueKind::OnBehalf, texts[1]).is_none());
        assert!(c
            .of(CueKind::SponsorTail)
            .any(|cue| cue.find_at_start(texts[2]).is_some()));
        assert!(c
            .of(CueKind::SponsorTail)
            .all(|cue| cue.find_at_start(texts[4]).is_none()));
    }

    #[test]
    fn in_ocr_text_cue_words_may_be_glued_or_specked_apart() {
        let c = Cues::get();
        for text in [
            "Esta declaración ha sido suscrita. por el Estado de Eritrea",
            "This statement is co-sponsoredby Chad and Mali",
        ] {
            let found = |noisy| {
                [CueKind::Strong, CueKind::Weak]
                    .iter()
                    .any(|k| c.any_in(*k, noisy).is_match(text))
            };
            assert!(found(true), "{text}");
            assert!(!found(false), "clean text keeps its sentences: {text}");
        }
    }

    #[test]
    fn every_cue_compiles_alone() {
        // A row's own regex and its anchored form are compiled when first
        // used (`LazyRegex`); the bundled rows must all compile.
        let c = Cues::get();
        assert!(c.cues.len() >= 50);
        for cue in &c.cues {
            cue.regex();
            cue.at_start.get();
        }
        for j in &c.joined {
            j.at_start.get();
        }
    }

    #[test]
    fn a_rows_regex_is_compiled_only_when_asked_for() {
        let c = Cues::parse(
            "set\tword\n",
            "kind\tlang\tdoc_kind\tpattern\nhead\ten\tletter\tletter\\b\n",
        )
        .expect("parses");
        assert!(c.cues[0].regex.regex.get().is_none());
        assert!(c.cues[0].regex().is_match("A LETTER dated"));
        assert!(c.cues[0].regex.regex.get().is_some());
    }

    #[test]
    fn the_ocr_forms_compile() {
        let c = Cues::get();
        assert_eq!(c.joined.len(), c.combined.len());
        for j in &c.joined {
            j.ocr();
        }
    }

    #[test]
    fn in_ocr_text_cue_words_may_be_misread_or_split() {
        let c = Cues::get();
        for (text, why) in [
            (
                "Cette déclaration est signíe par",
                "an accent read as another",
            ),
            ("This joint statement ia delivered on behalf cf", "c for o"),
            (
                "The statement was signed byt he following States",
                "a space moved",
            ),
            ("on beha1f of", "a look-alike from data/ocr_confusions.tsv"),
        ] {
            let found = |noisy| {
                [CueKind::Strong, CueKind::Weak]
                    .iter()
                    .any(|k| c.any_in(*k, noisy).is_match(text))
            };
            assert!(found(true), "{why}: {text}");
            assert!(!found(false), "clean text is read as printed: {text}");
        }
        // Letters that are not look-alikes stay apart.
        let weak = c.any_in(CueKind::Weak, true);
        assert!(!weak.is_match("on bexalf of"));
        assert!(!weak.is_match("signaux par"));
    }

    #[test]
    fn the_ocr_form_keeps_the_patterns_syntax() {
        assert_eq!(ocr_tolerant(r"\bby\b"), "b ?[vy]");
        assert_eq!(ocr_tolerant(r"b\s+d"), r"b[\s.,:;'’*_~|]*d");
        assert_eq!(ocr_tolerant("[ty]"), "[tvy]");
        // A quantifier stays on its letter; a group's flags stay as written.
        assert_eq!(ocr_tolerant("(?:x)s?"), "(?:x)[5s]?");
    }

    #[test]
    fn a_bad_row_is_reported_with_its_line() {
        let head = "set\tword\twhy\n";
        let e = Cues::parse(&format!("{head}filler\tAnd\tx\n"), "k\tl\td\tp\n").err();
        assert_eq!(
            e.as_deref(),
            Some("data/list_words.tsv:2: \"And\" must be folded (lower case, no accents)")
        );
        let e = Cues::parse(&format!("{head}filler\tand/or\tx\n"), "k\tl\td\tp\n").err();
        assert_eq!(
            e.as_deref(),
            Some("data/list_words.tsv:2: \"and/or\" can never match: words are letters only")
        );
        let e = Cues::parse(head, "k\tl\td\tp\nstrong\ten\t-\t(unclosed\n").err();
        assert!(e.is_some_and(|e| e.starts_with("data/cues.tsv:2:")));
        let e = Cues::parse(head, "k\tl\td\tp\nsponsor_tail\ten\t-\tdraft\n").err();
        assert!(e.is_some_and(|e| e.contains("name a doc_kind")));
    }

    #[test]
    fn every_cue_can_match_its_own_example() {
        // The `why` column quotes an example of each cue; a cue that cannot
        // match its own example can never match (like "following:" once
        // could not, behind a word boundary).
        for (n, r) in rows(CUES) {
            let pattern = r[3];
            let why = r.get(4).copied().unwrap_or("");
            let example = why.split('"').nth(1).unwrap_or("");
            assert!(
                !example.is_empty(),
                "data/cues.tsv:{n}: quote an example in `why`"
            );
            let re = phrase_regex(pattern).expect("compiles");
            assert!(
                re.is_match(example),
                "data/cues.tsv:{n}: {pattern} does not match its example {example:?}"
            );
        }
    }
}
