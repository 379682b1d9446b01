//! Tolerant matching: reading the names of States in text that OCR made.
//!
//! OCR misreads letters ("Ita1y", "Gerrnany"), leaves marks inside words
//! ("Luxem~bourg") and splits words ("Luxembo urg", "Dom inican"). Before
//! the gazetteer's exact matcher runs over such text, this module repairs
//! its folded tokens: pieces of one word are joined when together they make
//! a word of some name, and a token that is no word of any name becomes the
//! one word of a name it is nearest to, by an edit distance in which the
//! confusions of `data/ocr_confusions.tsv` are cheap. The matcher then runs
//! as usual, so "Niger" and "Nigeria", "Guinea" and "Guinea-Bissau",
//! "Dominica" and "Dominican Republic", "Samoa" and "American Samoa" stay
//! what the exact matcher makes of them: a token that is already a word of a
//! name is never changed, a repair must be the one nearest word, and pieces
//! that are words themselves are only joined into a word exactly. Repaired
//! tokens keep the byte offsets of what was printed, so a match's
//! `as_printed` is the OCR text. This module does not decide which text is
//! OCR text (see [`crate::text::Text::noisy`]); a clean text layer is never
//! repaired.
//!
//! Known limits, measured by reading the English, French and Spanish word
//! lists of Debian (`wamerican`, `wfrench`, `wspanish`) as OCR text: a few
//! capitalised words of prose are one confusion from a name and are read as
//! it ("Mall" Mali, "Slam" Siam, "Chill" and "Italic" the French "Chili" and
//! "Italie", "Gamble" "Gambie", "Cire" "Éire"), as are misspellings of names
//! ("Lichtenstein"). They count as mentions unless they stand in a list.

use super::fold::Token;
use super::table::{Keys, Problem, Table, TableErrors};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const CONFUSIONS_FILE: &str = "data/ocr_confusions.tsv";
const CONFUSIONS: &str = include_str!("../../data/ocr_confusions.tsv");
const CONFUSION_COLUMNS: [&str; 4] = ["kind", "printed", "meant", "why"];

/// The thresholds of tolerant matching. Costs are in units of one OCR
/// confusion (a row of `data/ocr_confusions.tsv`); a token's budget is the
/// most it may cost to turn it into a word of a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tolerance {
    /// Tokens of fewer characters are taken as printed: among short words
    /// one misread letter lands on another word too easily ("1ao" is not
    /// surely "Lao", and three-letter words of names are mostly codes).
    pub min_letters: usize,
    /// The budget of a token of `min_letters` up to `long_from`: one
    /// confusion ("0man", "Nigcr"). Two would make "Mail" Mali (an i read
    /// for the l and an l for the i).
    pub short_budget: u32,
    /// From this many characters a token has `long_budget`.
    pub long_from: usize,
    /// Two confusions ("Gerrnanv") or one edit that no confusion explains.
    pub long_budget: u32,
    /// The cost of an edit that no confusion explains: a letter for another,
    /// a letter lost or added ("Azerbajan"). Dearer than a confusion, since
    /// words of prose differ from names by such edits more often than OCR
    /// makes them.
    pub generic_cost: u32,
    /// Such edits only towards words of at least this many letters: shorter
    /// names have neighbours in prose and among proper names that are one
    /// such edit away ("Columbia" and "Colombia", "Cameron" and "Cameroon",
    /// "surname" and "Suriname"; measured on English, French and Spanish
    /// word lists, none is left from ten letters on but "Lichtenstein").
    pub generic_from: usize,
    /// Nor within this many letters of the end of the name's word, where
    /// the adjectives of States differ from their names ("Mauritanian" and
    /// "Azerbaijani" are not "Mauritania" and "Azerbaijan").
    pub generic_spares_last: usize,
    /// At most this many pieces, separated by a space or a stray mark, are
    /// joined into one word ("Lu xem bourg"): more would join runs of short
    /// words of prose.
    pub max_pieces: usize,
    /// A token printed in lower case is repaired only from this many
    /// characters: short lower-case words are prose ("mall" is one
    /// confusion from "Mali", "gamble" from French "Gambie", "italic" from
    /// "Italie"), and the lower-case words of names are long (French
    /// "démocratique", "populaire", "socialiste").
    pub lower_case_from: usize,
    /// Pieces separated by a space are joined only into a word of at least
    /// this many letters: short names are made of short words of prose
    /// ("to go", "I ran", "Chin a").
    pub space_join_min_letters: usize,
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            min_letters: 4,
            short_budget: 1,
            long_from: 6,
            long_budget: 2,
            generic_cost: 2,
            generic_from: 10,
            generic_spares_last: 2,
            max_pieces: 3,
            lower_case_from: 7,
            space_join_min_letters: 6,
        }
    }
}

/// The cost of one confusion: the unit of [`Tolerance`]'s budgets.
const CONFUSION_COST: u32 = 1;

/// At most this many tokens in one joined run, touching ones included
/// ("P", "0", "land"): a bound on the work per position, far above any word.
const MAX_RUN_TOKENS: usize = 8;

impl Tolerance {
    /// The most a token of `chars` characters may cost, printed in lower
    /// case or not.
    fn budget(&self, chars: usize, lower_case: bool) -> u32 {
        if chars < self.min_letters || (lower_case && chars < self.lower_case_from) {
            0
        } else if chars < self.long_from {
            self.short_budget
        } else {
            self.long_budget
        }
    }
}

/// The misreadings of `data/ocr_confusions.tsv`.
#[derive(Debug, Clone, Default)]
pub struct Confusions {
    /// (printed, meant), folded.
    pairs: Vec<(Vec<char>, Vec<char>)>,
    /// For each character, the pairs whose printed form ends in it.
    by_last: HashMap<char, Vec<usize>>,
    /// The longest printed form, in characters.
    reach: usize,
    /// Marks OCR leaves inside words.
    stray: HashSet<char>,
    /// Printed forms that are one mark, not a letter or digit ("|", "!"):
    /// the tokeniser drops them, so they are put back beside the letters
    /// they touch.
    symbols: HashSet<char>,
    /// Lower-case letters that OCR prints for a capital ("l" for "I"): a
    /// word starting with one counts as capitalised.
    capitals: HashSet<char>,
}

impl Confusions {
    /// The bundled table. It is checked by `cargo test`
    /// ([`Confusions::load`]), so a panic here means a build that skipped
    /// its tests.
    pub fn get() -> &'static Confusions {
        static C: OnceLock<Confusions> = OnceLock::new();
        C.get_or_init(|| {
            Confusions::load(CONFUSIONS)
                .unwrap_or_else(|e| panic!("data/ocr_confusions.tsv is wrong:\n{e}"))
        })
    }

    /// What OCR may print for the one character `meant` (lower case): the
    /// printed forms of the rows that are one character for one ("1" and
    /// "|" for "l"), sorted. Cue phrases in OCR text are read through them
    /// (`segment::cues`).
    pub fn look_alikes(&self, meant: char) -> Vec<char> {
        let mut out: Vec<char> = self
            .pairs
            .iter()
            .filter(|(p, m)| p.len() == 1 && m.as_slice() == [meant])
            .map(|(p, _)| p[0])
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Reads the table strictly: every bad row is an error naming its line.
    pub fn load(text: &str) -> Result<Confusions, TableErrors> {
        let table = Table::new(CONFUSIONS_FILE, text);
        let mut errors = Vec::new();
        let mut out = Confusions::default();
        let mut keys = Keys::default();
        for row in table.rows(&CONFUSION_COLUMNS, &mut errors) {
            let (n, r) = (row.0, &row.1);
            let (kind, printed, meant) = (r[0], r[1], r[2]);
            if let Some(e) = table.empty_cell(&row, &CONFUSION_COLUMNS, &["printed"]) {
                errors.push(e);
                continue;
            }
            // A tab cannot be in a cell, so it keeps the pair apart.
            let key = format!("{printed}\t{meant}");
            let what = || format!("{printed:?} for {meant:?}");
            if !keys.first(&table, n, &key, what, &mut errors) {
                continue;
            }
            let mut chars = printed.chars();
            let one = chars.next().filter(|_| chars.next().is_none());
            match kind {
                "confusion" | "capital" => {
                    if kind == "capital" {
                        match one.filter(|c| c.is_lowercase()) {
                            Some(c) => {
                                out.capitals.insert(c);
                            }
                            None => {
                                errors.push(table.error(
                                    n,
                                    Problem::Shape {
                                        column: "printed".into(),
                                        value: printed.into(),
                                        shape: "one lower-case letter",
                                    },
                                ));
                                continue;
                            }
                        }
                    }
                    if meant.is_empty() {
                        errors.push(table.error(
                            n,
                            Problem::Empty {
                                column: "meant".into(),
                            },
                        ));
                        continue;
                    }
                    let lower = |s: &str| s.to_lowercase().chars().collect::<Vec<char>>();
                    if let Some(c) = one.filter(|c| !c.is_alphanumeric()) {
                        out.symbols.insert(c);
                    }
                    let (p, m) = (lower(printed), lower(meant));
                    if let Some(&last) = p.last() {
                        out.by_last.entry(last).or_default().push(out.pairs.len());
                    }
                    out.reach = out.reach.max(p.len());
                    out.pairs.push((p, m));
                }
                "stray" => match one {
                    Some(c) if !c.is_alphanumeric() && !c.is_whitespace() && meant.is_empty() => {
                        out.stray.insert(c);
                    }
                    _ => errors.push(table.error(
                        n,
                        Problem::Shape {
                            column: "printed".into(),
                            value: printed.into(),
                            shape:
                                "one mark that is not a letter, digit or space, with no meant form",
                        },
                    )),
                },
                other => errors.push(table.error(
                    n,
                    Problem::UnknownValue {
                        column: "kind".into(),
                        value: other.into(),
                        allowed: "confusion, capital, stray".into(),
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
}

/// The words of the gazetteer's names by length in characters, for the
/// nearest-word search.
#[derive(Debug, Default)]
pub(crate) struct Index {
    by_len: Vec<Vec<Vec<char>>>,
}

impl Index {
    pub(crate) fn new<'a>(words: impl Iterator<Item = &'a String>) -> Index {
        let mut by_len: Vec<Vec<Vec<char>>> = Vec::new();
        let mut words: Vec<&String> = words
            .filter(|w| w.chars().all(char::is_alphabetic))
            .collect();
        // Sorted, so that a search visits words in the same order every run.
        words.sort();
        for w in words {
            let chars: Vec<char> = w.chars().collect();
            if by_len.len() <= chars.len() {
                by_len.resize(chars.len() + 1, Vec::new());
            }
            by_len[chars.len()].push(chars);
        }
        Index { by_len }
    }
}

/// What lies between two tokens, for joining them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    /// Nothing: a letter run meets a digit run ("Ita" "1" "y"), or a mark
    /// that stands for a letter ("|").
    Touch,
    /// One stray mark ("Luxem~bourg").
    Stray,
    /// One space ("Luxembo urg").
    Space,
    /// Anything else: the tokens are not one word.
    Break,
}

/// Repairs the tokens of OCR text; see the module's documentation.
pub(crate) struct Repairer<'a> {
    words: &'a super::HashSet<String>,
    index: &'a Index,
    confusions: &'a Confusions,
    tolerance: &'a Tolerance,
    /// Resolved strings (and whether they were printed in lower case),
    /// since prose repeats its words.
    cache: HashMap<(String, bool), Option<(String, u32)>>,
}

impl<'a> Repairer<'a> {
    pub(crate) fn new(
        words: &'a super::HashSet<String>,
        index: &'a Index,
        confusions: &'a Confusions,
        tolerance: &'a Tolerance,
    ) -> Repairer<'a> {
        Repairer {
            words,
            index,
            confusions,
            tolerance,
            cache: HashMap::new(),
        }
    }

    /// The tokens of `text` (from [`super::fold::tokens`]), repaired: each
    /// keeps its place in `text`; a joined token spans its pieces.
    pub(crate) fn repair(&mut self, text: &str, tokens: Vec<Token>) -> Vec<Token> {
        let toks = self.with_symbols(text, tokens);
        let gaps: Vec<Gap> = toks
            .windows(2)
            .map(|p| self.gap(&text[p[0].end..p[1].start]))
            .collect();
        let mut out = Vec::with_capacity(toks.len());
        let mut i = 0;
        'tokens: while i < toks.len() {
            // The longest run from `i` that may be one word.
            let mut last = i;
            let mut splits = 0;
            while last + 1 < toks.len() && last + 1 - i < MAX_RUN_TOKENS {
                match gaps[last] {
                    Gap::Break => break,
                    Gap::Touch => {}
                    Gap::Stray | Gap::Space => {
                        if splits + 1 >= self.tolerance.max_pieces {
                            break;
                        }
                        splits += 1;
                    }
                }
                last += 1;
            }
            for end in (i + 2..=last + 1).rev() {
                if let Some(word) = self.join(text, &toks[i..end], &gaps[i..end - 1]) {
                    out.push(Token {
                        folded: word,
                        start: toks[i].start,
                        end: toks[end - 1].end,
                    });
                    i = end;
                    continue 'tokens;
                }
            }
            let t = &toks[i];
            i += 1;
            if self.is_symbol(&t.folded) {
                continue;
            }
            let lower_case = self.starts_lower_case(&text[t.start..t.end]);
            let folded = match self.resolve(&t.folded, lower_case) {
                Some((word, _)) => word,
                None => t.folded.clone(),
            };
            out.push(Token {
                folded,
                start: t.start,
                end: t.end,
            });
        }
        out
    }

    /// `tokens` with the marks that stand for letters ("|" in "Ita|y") put
    /// back as tokens of their own where they touch a letter or digit, in
    /// text order. Those that join nothing are dropped again.
    fn with_symbols(&self, text: &str, tokens: Vec<Token>) -> Vec<Token> {
        if self.confusions.symbols.is_empty() {
            return tokens;
        }
        let mut marks = Vec::new();
        let mut prev: Option<char> = None;
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let next = it.peek().map(|&(_, n)| n);
            if self.confusions.symbols.contains(&c)
                && (prev.is_some_and(char::is_alphanumeric)
                    || next.is_some_and(char::is_alphanumeric))
            {
                marks.push(Token {
                    folded: c.to_string(),
                    start: i,
                    end: i + c.len_utf8(),
                });
            }
            prev = Some(c);
        }
        if marks.is_empty() {
            return tokens;
        }
        let mut all = tokens;
        all.extend(marks);
        all.sort_by_key(|t| t.start);
        all
    }

    /// Whether `printed` starts with a lower-case letter that stands for
    /// no capital.
    fn starts_lower_case(&self, printed: &str) -> bool {
        printed
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() && !self.confusions.capitals.contains(&c))
    }

    fn is_symbol(&self, folded: &str) -> bool {
        let mut cs = folded.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if self.confusions.symbols.contains(&c))
    }

    fn gap(&self, between: &str) -> Gap {
        let mut cs = between.chars();
        match (cs.next(), cs.next()) {
            (None, _) => Gap::Touch,
            (Some(' '), None) => Gap::Space,
            (Some(c), None) if self.confusions.stray.contains(&c) => Gap::Stray,
            _ => Gap::Break,
        }
    }

    /// The word of a name that the run `toks` (with `gaps` between them)
    /// makes together, if it makes one.
    fn join(&mut self, text: &str, toks: &[Token], gaps: &[Gap]) -> Option<String> {
        let joined: String = toks.iter().map(|t| t.folded.as_str()).collect();
        let letters = joined.chars().count();
        // The printed words of the run: touching tokens are one.
        let mut words: Vec<(usize, usize)> = vec![(0, 1)];
        for (k, g) in gaps.iter().enumerate() {
            if *g == Gap::Touch {
                if let Some(w) = words.last_mut() {
                    w.1 = k + 2;
                }
            } else {
                words.push((k + 1, k + 2));
            }
        }
        if gaps.contains(&Gap::Space) {
            if letters < self.tolerance.space_join_min_letters {
                return None;
            }
            // A word split by OCR keeps the shape of one word: a capital
            // only at its start, or all capitals. Two capitalised words
            // ("Ice Land") are two words, and so are words of prose.
            let printed = |k: usize| &text[toks[k].start..toks[k].end];
            if self.starts_lower_case(printed(0)) {
                return None;
            }
            for (k, g) in gaps.iter().enumerate() {
                let next_capital = printed(k + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                let word_before = words
                    .iter()
                    .find(|w| w.0 <= k && k < w.1)
                    .map_or("", |w| &text[toks[w.0].start..toks[w.1 - 1].end]);
                let all_caps = !word_before.chars().any(char::is_lowercase);
                if *g == Gap::Space && next_capital && !all_caps {
                    return None;
                }
            }
        }
        let mut exact_only = false;
        if words.len() > 1 {
            let is_word: Vec<bool> = words
                .iter()
                .map(|&(a, b)| {
                    let w: String = toks[a..b].iter().map(|t| t.folded.as_str()).collect();
                    self.words.contains(&w)
                })
                .collect();
            // Words of names that stand apart stay apart ("Guinea-Bissau").
            if is_word.iter().all(|w| *w) {
                return None;
            }
            // A word of a name with a piece beside it is joined only into a
            // word exactly ("Niger ia"): never by tolerance, which would make
            // "Niger" another State.
            exact_only = is_word.iter().any(|w| *w);
        }
        let lower_case = self.starts_lower_case(&text[toks[0].start..toks[0].end]);
        match self.resolve(&joined, lower_case) {
            Some((word, cost)) if cost == 0 || !exact_only => Some(word),
            _ => None,
        }
    }

    /// The word of a name that `s` is, or is nearest to within its budget
    /// when that nearest word is the only one at its distance: (word, cost).
    fn resolve(&mut self, s: &str, lower_case: bool) -> Option<(String, u32)> {
        let key = (s.to_string(), lower_case);
        if let Some(r) = self.cache.get(&key) {
            return r.clone();
        }
        let r = self.resolve_uncached(s, lower_case);
        self.cache.insert(key, r.clone());
        r
    }

    fn resolve_uncached(&self, s: &str, lower_case: bool) -> Option<(String, u32)> {
        if self.words.contains(s) {
            return Some((s.to_string(), 0));
        }
        let chars: Vec<char> = s.chars().collect();
        let budget = self.tolerance.budget(chars.len(), lower_case);
        if budget == 0 || !chars.iter().any(|c| c.is_alphabetic()) {
            return None;
        }
        let mut best: Option<(&Vec<char>, u32)> = None;
        let mut tied = false;
        let lo = chars.len().saturating_sub(budget as usize);
        let hi = (chars.len() + budget as usize).min(self.index.by_len.len().saturating_sub(1));
        for len in lo..=hi {
            for w in self.index.by_len.get(len).into_iter().flatten() {
                let limit = best.map_or(budget, |(_, b)| b);
                let Some(d) = self.distance(&chars, w, limit) else {
                    continue;
                };
                match best {
                    Some((_, b)) if d == b => tied = true,
                    Some((_, b)) if d > b => {}
                    _ => {
                        best = Some((w, d));
                        tied = false;
                    }
                }
            }
        }
        match best {
            Some((w, d)) if !tied => Some((w.iter().collect(), d)),
            _ => None,
        }
    }

    /// The cost of reading `w` (a word of a name) where `s` is printed, if
    /// it is at most `limit`.
    fn distance(&self, s: &[char], w: &[char], limit: u32) -> Option<u32> {
        const FAR: u32 = u32::MAX / 4;
        let t = self.tolerance;
        let generic = w.len() >= t.generic_from;
        // Generic edits spare the word's last letters: letter `k` of `w`,
        // and a letter added after `j` letters of `w`.
        let spared = w.len().saturating_sub(t.generic_spares_last);
        let letter_ok = |k: usize| generic && k < spared;
        let extra_ok = |j: usize| generic && j <= spared;
        let width = w.len() + 1;
        let mut dp = vec![FAR; (s.len() + 1) * width];
        dp[0] = 0;
        // A confusion reads up to `reach` printed characters at once, so a
        // row can only be given up when that many rows in a row are over
        // the limit ("rn" for "m": the row after the "r" is).
        let reach = self.confusions.reach.max(1);
        let mut over = 0;
        // Every unit of cost moves the two words apart by one character at
        // most, so cells further than `limit` off the diagonal are out.
        let band = limit as usize;
        for i in 0..=s.len() {
            let mut row_min = FAR;
            for j in i.saturating_sub(band)..=(i + band).min(w.len()) {
                let mut best = dp[i * width + j];
                if i > 0 && j > 0 && s[i - 1] == w[j - 1] {
                    best = best.min(dp[(i - 1) * width + j - 1]);
                }
                let ending = if i > 0 {
                    self.confusions.by_last.get(&s[i - 1])
                } else {
                    None
                };
                for &k in ending.into_iter().flatten() {
                    let (p, m) = &self.confusions.pairs[k];
                    if p.len() <= i
                        && m.len() <= j
                        && s[i - p.len()..i] == p[..]
                        && w[j - m.len()..j] == m[..]
                    {
                        best = best.min(dp[(i - p.len()) * width + j - m.len()] + CONFUSION_COST);
                    }
                }
                if i > 0 && j > 0 && letter_ok(j - 1) {
                    best = best.min(dp[(i - 1) * width + j - 1] + t.generic_cost);
                }
                if j > 0 && letter_ok(j - 1) {
                    best = best.min(dp[i * width + j - 1] + t.generic_cost);
                }
                if i > 0 && extra_ok(j) {
                    best = best.min(dp[(i - 1) * width + j] + t.generic_cost);
                }
                dp[i * width + j] = best;
                row_min = row_min.min(best);
            }
            over = if row_min > limit { over + 1 } else { 0 };
            if over >= reach {
                return None;
            }
        }
        let d = dp[s.len() * width + w.len()];
        (d <= limit).then_some(d)
    }
}

/// An item of a list in OCR text that no name matched, even tolerantly,
/// may still be a State's name with letters misread beyond what the
/// confusion table knows ("Tuxkey", "Bolivis", "Muscat and Osan"). Inside a
/// list that the list finder accepted, the item stands where a State's name
/// stands, so it is read as the one name nearest to it by plain edit
/// distance, at most one edit per this many characters of the item: five
/// lets "Palas" be Palau and "Azerheijan" Azerbaijan, but not "Chaf" Chad.
pub const LIST_ITEM_CHARS_PER_EDIT: usize = 5;

/// The edit distance of [`nearest_list_item`]: letters put in, left out or
/// changed, and two neighbours swapped, one edit each (optimal string
/// alignment). OCR swaps a letter with a neighbour when it reads an accent
/// or a broken stroke as a letter of its own: "Îles" read "lies".
pub fn item_distance(item: &str, name: &str) -> usize {
    strsim::osa_distance(item, name)
}

/// Items shorter than this are left unmatched: among short names one edit
/// lands on another State ("Irak" is one from Iran and from Iraq, "Mali"
/// from Bali).
pub const LIST_ITEM_MIN_CHARS: usize = 5;

/// A word of a list item in OCR text that is exactly a word of other
/// States' names, and of none of the nearest name's State, keeps the item
/// from being read as that State
/// (`Gazetteer::holds_a_word_of_others_only`) from this many letters:
/// shorter words ("de", "of", "la", "del") are the connectors that every
/// language's names share.
pub const OWN_WORD_MIN_CHARS: usize = 4;

/// A list item in OCR text is read as a name with one word lost
/// ([`crate::gazetteer::Gazetteer::name_with_a_word_lost`]) only when it
/// holds at least this many words of [`OWN_WORD_MIN_CHARS`] letters: a
/// word and a connector ("de Corée") are the tail of several names.
pub const LOST_WORD_MIN_WORDS: usize = 2;

/// The tail of a name that a list item in OCR text is read by
/// ([`crate::gazetteer::Gazetteer::tail_of_one_state`]) has at least this
/// many characters: shorter tails ("Rica", "Faso") are also words of
/// prose and of places.
pub const NAME_TAIL_MIN_CHARS: usize = 5;

/// How far from a State's name a list item may be read as that name: at
/// most one edit per `chars_per_edit` characters of the item, only items
/// of `min_chars` characters or more, and only when every other target's
/// name is at least `margin` edits farther.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    /// At most one edit per this many characters of the item.
    pub chars_per_edit: usize,
    /// Shorter items are read as no name.
    pub min_chars: usize,
    /// How many edits nearer than any other target's name the nearest
    /// must be: 1 is "strictly nearest" (a tie reads nothing).
    pub margin: usize,
}

/// The reach of an item anywhere in a list, among all names
/// ([`LIST_ITEM_CHARS_PER_EDIT`], [`LIST_ITEM_MIN_CHARS`]).
pub const LIST_ITEM_REACH: Reach = Reach {
    chars_per_edit: LIST_ITEM_CHARS_PER_EDIT,
    min_chars: LIST_ITEM_MIN_CHARS,
    margin: 1,
};

/// The reach of an item in its slot of an alphabetical list, among only
/// the names that sort between its neighbours: one edit per three
/// characters, from four. A slot holds a few dozen names, not the
/// gazetteer's thousands, so a farther misreading still has one nearest
/// name: "Traq" between "Hungría" and "Islas Cook" is Iraq (Irán is two
/// edits off), "hudonésie" between "El Salvador" and "Japon" Indonésie,
/// "Puraguav" after "Papua New Guinea" Paraguay.
pub const SLOT_REACH: Reach = Reach {
    chars_per_edit: 3,
    min_chars: 4,
    margin: 1,
};

/// The farthest reach of an item in its slot: one edit per two characters,
/// from five, when the nearest name is at least two edits nearer than any
/// other target's name in the slot. A badly worn word keeps little more
/// than its length and some letters, yet in a slot that holds one name of
/// that shape nothing else is near: "Jetcria" between "Lesotho" and
/// "Líbano" is Letonia (three edits; Lettonie, Liban, Líbano are five or
/// more), "Ttirkive" after "Timor-Leste" Türkiye, "Tcnud" between
/// "Suisse" and "Thaïlande" Tchad. Where two names of the slot are about
/// as near, the item is read as neither.
pub const SLOT_CLEAR_REACH: Reach = Reach {
    chars_per_edit: 2,
    min_chars: 5,
    margin: 2,
};

/// The name nearest to a list item within `reach` ([`Reach`]), among
/// `names` (folded, space-separated words, with what each names). `None`
/// when none is near enough, or when another target is within the reach's
/// margin of it (with margin 1, equally near): a trap
/// such as "Nigerla" (Nigeria at one edit, Niger at two) is read as the
/// nearer, but "Dominicn" (Dominica and Dominican, one edit each) as
/// neither.
/// Returns the target and its distance.
pub fn nearest_list_item<'a, T: PartialEq + Copy>(
    item: &str,
    names: impl Iterator<Item = (&'a str, T)>,
    reach: Reach,
) -> Option<(T, usize)> {
    let n = item.chars().count();
    if n < reach.min_chars {
        return None;
    }
    let budget = n / reach.chars_per_edit;
    // Names up to this far count against the nearest's margin.
    let seen = budget + reach.margin.saturating_sub(1);
    let names: Vec<(&str, T)> = names.collect();
    let mut near: Vec<(usize, T)> = Vec::new();
    for &(name, target) in &names {
        // Length alone rules most names out.
        if name.chars().count().abs_diff(n) > seen {
            continue;
        }
        let d = item_distance(item, name);
        if d <= seen {
            near.push((d, target));
        }
    }
    let &(d, target) = near.iter().min_by_key(|(d, _)| *d)?;
    let clear = near
        .iter()
        .all(|&(other, t)| t == target || other >= d + reach.margin.max(1));
    if d > budget || !clear {
        return None;
    }
    // A name wrapped over lines leaves its head as an item of its own:
    // "República Islámica" is 3 edits from the Hellenic Republic but 1
    // from the head of the Islamic Republic of Iran (or of Afghanistan).
    // An item nearer the head of another State's name than any whole name
    // is such a head, not a misread name.
    let head_nearer = names.iter().any(|&(name, t)| {
        t != target && {
            let head: String = name.chars().take(n).collect();
            head.chars().count() == n && item_distance(item, &head) < d
        }
    });
    (!head_nearer).then_some((target, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    const HEAD: &str = "kind\tprinted\tmeant\twhy\n";

    /// The errors of a confusion table that does not load.
    fn errors_of(text: &str) -> Vec<String> {
        match Confusions::load(text) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    fn codes_with(text: &str, t: &Tolerance) -> Vec<String> {
        let g = Gazetteer::get();
        g.find_tolerant_with(text, t)
            .into_iter()
            .filter_map(|m| Some(g.entity_of(m.target)?.iso3.clone()))
            .collect()
    }

    fn codes(text: &str) -> Vec<String> {
        codes_with(text, &Tolerance::default())
    }

    #[test]
    fn the_bundled_confusions_load_without_an_error() {
        if let Err(e) = Confusions::load(CONFUSIONS) {
            panic!("{e}");
        }
    }

    #[test]
    fn a_bad_confusion_row_is_an_error_with_its_line() {
        let text = format!(
            "{HEAD}confusion\t1\tl\tok\nconfusion\t1\tl\tagain\nguess\tx\ty\tno\nstray\tab\t\tno\nconfusion\t0\t\tno\ncapital\t1\ti\tno\n"
        );
        assert_eq!(
            errors_of(&text),
            [
                "data/ocr_confusions.tsv:3: \"1\" for \"l\" also at line 2",
                "data/ocr_confusions.tsv:4: unknown kind \"guess\" (one of: confusion, capital, stray)",
                "data/ocr_confusions.tsv:5: printed \"ab\" is not one mark that is not a letter, digit or space, with no meant form",
                "data/ocr_confusions.tsv:6: meant is empty",
                "data/ocr_confusions.tsv:7: printed \"1\" is not one lower-case letter",
            ]
        );
    }

    #[test]
    fn digits_and_bars_read_as_letters_inside_words() {
        assert_eq!(
            codes("Ita1y, P0land, 1reland, Ita|y"),
            ["ITA", "POL", "IRL", "ITA"]
        );
    }

    /// A q whose tail OCR read curled is a g: "Irag" is Iraq (not Iran, an
    /// edit no confusion explains), "Républigue" the word of many French
    /// formal names.
    #[test]
    fn a_q_read_as_a_g_is_one_confusion() {
        assert_eq!(
            codes("Irag, la Républigue du Bénin, Mozambigue"),
            ["IRQ", "BEN", "MOZ"]
        );
    }

    /// An r and an i run together are read as one n: "Libena" is Liberia,
    /// "Algena" Algeria, "Nigena" Nigeria (not Niger).
    #[test]
    fn r_and_i_read_as_an_n_is_one_confusion() {
        assert_eq!(codes("Libena, Algena, Nigena"), ["LBR", "DZA", "NGA"]);
    }

    #[test]
    fn footnote_digits_stay_footnotes() {
        let g = Gazetteer::get();
        let text = "Netherlands1, Niger2";
        let m = g.find_tolerant(text);
        let printed: Vec<&str> = m.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(printed, ["Netherlands", "Niger"]);
    }

    #[test]
    fn split_words_and_stray_marks_are_joined_and_keep_their_printed_span() {
        let g = Gazetteer::get();
        let text = "Luxembo urg, Dom inican Republic, Bel~gium";
        let m = g.find_tolerant(text);
        let printed: Vec<&str> = m.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(printed, ["Luxembo urg", "Dom inican Republic", "Bel~gium"]);
        assert_eq!(codes(text), ["LUX", "DOM", "BEL"]);
    }

    #[test]
    fn a_word_of_a_name_is_never_changed() {
        // "Niger" is one confusion from nothing and "Dominica" a letter from
        // "Dominican": both are words of names, so both stay.
        assert_eq!(
            codes("Niger, Dominica, Guinea, Samoa"),
            ["NER", "DMA", "GIN", "WSM"]
        );
    }

    #[test]
    fn a_word_of_a_name_is_joined_to_a_piece_only_exactly() {
        assert_eq!(codes("Niger ia"), ["NGA"]);
        // "Niger 1a" is "Nigeria" by one confusion, but "Niger" is a
        // State's name: it stays, and the piece beside it is left alone.
        assert_eq!(codes("Niger 1a"), ["NER"]);
    }

    #[test]
    fn words_of_names_that_stand_apart_stay_apart() {
        // "France" and the "s" of "People s" would make "frances", a word
        // of a French territory's Spanish name, and lose France.
        assert_eq!(codes("France's position, Niger's"), ["FRA", "NER"]);
    }

    #[test]
    fn a_tie_between_two_words_repairs_nothing() {
        // "Azerbaixan" is one letter from the English "Azerbaijan" and one
        // from the Spanish "Azerbaiyán". Within the default budgets no two
        // words of different States tie; the rule keeps it so when the
        // tables grow (a tie would be decided by the order of the words).
        assert!(codes("Azerbaixan").is_empty());
        assert_eq!(codes("Azerbaijan, Azerbaiyan"), ["AZE", "AZE"]);
    }

    /// A switch-off of each threshold that makes a test of it fail.
    fn off(f: impl Fn(&mut Tolerance)) -> Tolerance {
        let mut t = Tolerance::default();
        f(&mut t);
        t
    }

    #[test]
    fn min_letters_keeps_short_tokens_as_printed() {
        // "1ao" could be the "Lao" of "Lao People's Democratic Republic"; a
        // three-letter token has too many neighbours to say.
        let text = "1ao People's Democratic Republic";
        assert!(codes(text).is_empty());
        assert_eq!(codes_with(text, &off(|t| t.min_letters = 1)), ["LAO"]);
    }

    #[test]
    fn short_budget_allows_one_confusion_in_a_short_word() {
        assert_eq!(codes("0man, Nigcr"), ["OMN", "NER"]);
        assert!(codes_with("0man, Nigcr", &off(|t| t.short_budget = 0)).is_empty());
        // Two confusions are too many: "Mail" is not Mali.
        assert!(codes("Mail").is_empty());
        assert_eq!(codes_with("Mail", &off(|t| t.short_budget = 2)), ["MLI"]);
    }

    #[test]
    fn an_umlaut_read_as_a_second_i_is_one_confusion() {
        assert_eq!(codes("Tiirkiye"), ["TUR"]);
    }

    #[test]
    fn a_capital_i_run_into_the_next_letter_is_one_confusion() {
        assert_eq!(codes("Hraël"), ["ISR"]);
        assert_eq!(codes("Halie"), ["ITA"]);
        assert!(codes("Haiti").contains(&"HTI".to_string()));
    }

    #[test]
    fn long_budget_allows_two_confusions_in_a_long_word() {
        assert_eq!(codes("Gerrnanv"), ["DEU"]);
        assert!(codes_with("Gerrnanv", &off(|t| t.long_budget = 1)).is_empty());
        assert!(codes_with("Gerrnanv", &off(|t| t.long_from = 9)).is_empty());
    }

    #[test]
    fn a_generic_edit_repairs_a_long_word_but_costs_more_than_a_confusion() {
        assert_eq!(codes("Azerbajan"), ["AZE"]);
        assert!(codes_with("Azerbajan", &off(|t| t.generic_cost = 3)).is_empty());
    }

    #[test]
    fn generic_edits_only_towards_long_words() {
        let text = "British Columbia, Mr Cameron";
        assert!(codes(text).is_empty());
        assert_eq!(
            codes_with(text, &off(|t| t.generic_from = 8)),
            ["COL", "CMR"]
        );
    }

    #[test]
    fn short_lower_case_words_are_prose() {
        let text = "a shopping mall, a gamble";
        assert!(codes(text).is_empty());
        assert_eq!(
            codes_with(text, &off(|t| t.lower_case_from = 0)),
            ["MLI", "GMB"]
        );
        // Capitalised, a short word may be a name: "Ma1i", and so may one
        // whose capital I was read as a lower-case L: "lndia".
        assert_eq!(codes("Ma1i, lndia"), ["MLI", "IND"]);
    }

    #[test]
    fn generic_edits_spare_the_end_of_a_word() {
        assert!(codes("the Azerbaijani and Mauritanian delegations").is_empty());
        assert_eq!(
            codes_with(
                "the Mauritanian delegation",
                &off(|t| t.generic_spares_last = 0)
            ),
            ["MRT"]
        );
    }

    #[test]
    fn max_pieces_bounds_a_split_word() {
        assert_eq!(codes("Lu xem bourg"), ["LUX"]);
        assert!(codes_with("Lu xem bourg", &off(|t| t.max_pieces = 2)).is_empty());
    }

    #[test]
    fn space_joins_make_long_words_only() {
        assert!(codes("To go forward, I ran").is_empty());
        assert_eq!(
            codes_with("To go forward", &off(|t| t.space_join_min_letters = 4)),
            ["TGO"]
        );
    }

    #[test]
    fn two_capitalised_words_or_words_of_prose_are_not_one_word() {
        assert_eq!(codes("Mozam bique, MOZAM BIQUE"), ["MOZ", "MOZ"]);
        assert!(codes("Mozam Bique, mozam bique").is_empty());
        assert!(codes("Ice Land, ice land").is_empty());
    }

    #[test]
    fn a_list_item_is_read_as_the_one_nearest_name() {
        let names = [
            ("turkey", 'T'),
            ("palau", 'P'),
            ("azerbaijan", 'A'),
            ("nigeria", 'N'),
            ("niger", 'n'),
            ("dominica", 'D'),
            ("dominican", 'd'),
            ("chad", 'C'),
            ("muscat and oman", 'O'),
        ];
        let near = |item: &str| {
            nearest_list_item(item, names.iter().map(|&(n, t)| (n, t)), LIST_ITEM_REACH)
                .map(|(t, _)| t)
        };
        assert_eq!(near("tuxkey"), Some('T'));
        assert_eq!(near("palas"), Some('P'));
        assert_eq!(near("azerheijan"), Some('A'));
        assert_eq!(near("muscat and osan"), Some('O'));
        assert_eq!(
            near("nigerla"),
            Some('N'),
            "one edit from Nigeria, two from Niger"
        );
        assert_eq!(near("nigera"), None, "one edit from Nigeria and from Niger");
        assert_eq!(
            near("dominicn"),
            None,
            "one edit from Dominica and from Dominican"
        );
        assert_eq!(near("chaf"), None, "shorter than LIST_ITEM_MIN_CHARS");
        assert_eq!(
            near("tukrey"),
            Some('T'),
            "two letters swapped are one edit"
        );
        assert_eq!(near("tuxkcy"), None, "two edits in six characters");
    }

    #[test]
    fn an_item_in_its_slot_reaches_farther() {
        // The names between "Hungría" and "Islas Cook", and between
        // "Tadjikistan" and "Thaïlande".
        let slot = [
            ("india", 'D'),
            ("iran", 'N'),
            ("iraq", 'Q'),
            ("irlanda", 'L'),
        ];
        let near = |item: &str, names: &[(&'static str, char)], reach| {
            nearest_list_item(item, names.iter().map(|&(n, t)| (n, t)), reach).map(|(t, _)| t)
        };
        assert_eq!(near("traq", &slot, SLOT_REACH), Some('Q'));
        assert_eq!(near("traq", &slot, LIST_ITEM_REACH), None, "four letters");
        assert_eq!(near("irak", &slot, SLOT_REACH), None, "Iran and Iraq");
        let slot = [("tchad", 'C'), ("tanzanie", 'Z'), ("tchequie", 'E')];
        assert_eq!(
            near("puraguav", &[("paraguay", 'P')], SLOT_REACH),
            Some('P')
        );
        assert_eq!(
            near("puraguav", &[("paraguay", 'P')], LIST_ITEM_REACH),
            None,
            "two edits in eight characters"
        );
        assert_eq!(
            near("tcnudx", &slot, SLOT_REACH),
            None,
            "three edits in six"
        );
        // Farther when the slot's nearest is clearly the nearest.
        assert_eq!(near("tcnud", &slot, SLOT_REACH), None, "two edits in five");
        assert_eq!(near("tcnud", &slot, SLOT_CLEAR_REACH), Some('C'));
        let crowded = [("tchad", 'C'), ("tcnaxx", 'X')];
        assert_eq!(
            near("tcnud", &crowded, SLOT_CLEAR_REACH),
            None,
            "another name one edit farther"
        );
        assert_eq!(
            near("tcnudxy", &slot, SLOT_CLEAR_REACH),
            None,
            "four edits in seven"
        );
    }

    #[test]
    fn the_head_of_a_wrapped_name_is_not_read_as_another_state() {
        let names = [
            ("republica helenica", 'G'),
            ("republica islamica del iran", 'I'),
        ];
        let near = |item: &str| {
            nearest_list_item(item, names.iter().map(|&(n, t)| (n, t)), LIST_ITEM_REACH)
                .map(|(t, _)| t)
        };
        assert_eq!(near("republica islemica"), None, "the head of Iran's name");
        assert_eq!(
            near("republica helemica"),
            Some('G'),
            "a misread whole name"
        );
    }
}
