//! The gazetteer's keys as a trie of folded word tokens, searched
//! leftmost-longest.
//!
//! A key is a name's folded tokens ([`super::fold`]); a text is searched as
//! its folded tokens too, so a key matches a run of whole tokens and never
//! part of one. The trie's edges are (node, word) pairs in one hash map, the
//! words numbered once per trie: building it is one insertion per token of
//! each key, and searching is one lookup per token of the text and one per
//! step along a key. It has no failure links (a match can only start at a
//! token, so the search simply tries each token in turn), which made
//! building it many times cheaper than a byte automaton over the same keys
//! (BENCHMARKS.md, fourteenth session). It does not know what a key means:
//! [`super::Gazetteer`] keeps that beside it, by key number.
//!
//! ```
//! use whosigned::gazetteer::trie::TokenTrie;
//! let trie = TokenTrie::new([vec!["guinea"], vec!["papua", "new", "guinea"]]);
//! let text = ["in", "papua", "new", "guinea"];
//! let words = trie.words_of(text.iter().copied());
//! // The longest key at the leftmost token where any key starts: tokens 1..4, key 1.
//! assert_eq!(trie.leftmost_longest(&words, 0), Some((1, 4, 1)));
//! ```

use std::collections::HashMap;

/// The hasher of the trie's maps: they are looked up once per token of every
/// text searched, and their keys come from the bundled tables, not from an
/// adversary.
type Fast = foldhash::fast::FixedState;

/// A word number that no key has: a token of the text that is no word of any
/// key, where every search from an earlier token stops.
pub const NO_WORD: u32 = u32::MAX;

/// No key ends at the node.
const NO_KEY: u32 = u32::MAX;

/// The root node, where every key starts.
const ROOT: u32 = 0;

/// Keys as sequences of words (folded tokens), numbered in the order given.
pub struct TokenTrie {
    /// Every word of some key, with its number.
    words: HashMap<Box<str>, u32, Fast>,
    /// The child of a node along a word.
    edges: HashMap<(u32, u32), u32, Fast>,
    /// Per node, the key that ends there, or [`NO_KEY`].
    key_at: Vec<u32>,
}

impl TokenTrie {
    /// The trie of `keys`, each numbered by its place in the order given.
    /// A key given twice keeps its first number; an empty key is never
    /// matched.
    pub fn new<K, W>(keys: K) -> TokenTrie
    where
        K: IntoIterator,
        K::Item: IntoIterator<Item = W>,
        W: AsRef<str>,
    {
        let mut trie = TokenTrie {
            words: HashMap::default(),
            edges: HashMap::default(),
            key_at: vec![NO_KEY],
        };
        for (number, key) in keys.into_iter().enumerate() {
            let mut node = ROOT;
            for word in key {
                let word = word.as_ref();
                let next_word = trie.words.len() as u32;
                let w = match trie.words.get(word) {
                    Some(&w) => w,
                    None => {
                        trie.words.insert(word.into(), next_word);
                        next_word
                    }
                };
                let next_node = trie.key_at.len() as u32;
                node = *trie.edges.entry((node, w)).or_insert(next_node);
                if node == next_node {
                    trie.key_at.push(NO_KEY);
                }
            }
            if node != ROOT && trie.key_at[node as usize] == NO_KEY {
                trie.key_at[node as usize] = number as u32;
            }
        }
        trie
    }

    /// The number of each token of a text (folded) among the keys' words,
    /// [`NO_WORD`] for a token that is none: what the searches read.
    pub fn words_of<'a>(&self, tokens: impl Iterator<Item = &'a str>) -> Vec<u32> {
        tokens
            .map(|t| self.words.get(t).copied().unwrap_or(NO_WORD))
            .collect()
    }

    /// The longest key that starts at token `at` of `words` and ends before
    /// token `limit`: (the token just past its end, its number).
    pub fn longest_at(&self, words: &[u32], at: usize, limit: usize) -> Option<(usize, usize)> {
        let mut node = ROOT;
        let mut found = None;
        for (i, &w) in words.iter().enumerate().take(limit).skip(at) {
            if w == NO_WORD {
                break;
            }
            let Some(&next) = self.edges.get(&(node, w)) else {
                break;
            };
            node = next;
            let key = self.key_at[node as usize];
            if key != NO_KEY {
                found = Some((i + 1, key as usize));
            }
        }
        found
    }

    /// The first token from `from` on where a key starts, with the longest
    /// key there: (its first token, the token just past its end, its number).
    pub fn leftmost_longest(&self, words: &[u32], from: usize) -> Option<(usize, usize, usize)> {
        (from..words.len()).find_map(|at| {
            self.longest_at(words, at, words.len())
                .map(|(end, key)| (at, end, key))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(keys: &[&str]) -> TokenTrie {
        TokenTrie::new(keys.iter().map(|k| k.split(' ')))
    }

    fn search(t: &TokenTrie, text: &str, from: usize) -> Option<(usize, usize, usize)> {
        let words = t.words_of(text.split(' '));
        t.leftmost_longest(&words, from)
    }

    #[test]
    fn the_longest_key_at_a_token_wins_over_a_shorter_one() {
        let t = trie(&["niger", "niger delta state"]);
        assert_eq!(search(&t, "the niger delta state", 0), Some((1, 4, 1)));
        // A key's beginning that is no key itself is not a match.
        assert_eq!(search(&t, "the niger delta", 0), Some((1, 2, 0)));
    }

    #[test]
    fn the_leftmost_start_wins_over_a_longer_key_further_on() {
        let t = trie(&["new guinea", "papua new guinea", "papua"]);
        assert_eq!(search(&t, "papua new", 0), Some((0, 1, 2)));
        assert_eq!(search(&t, "x papua new guinea", 0), Some((1, 4, 1)));
        // From a later token, that token's keys.
        assert_eq!(search(&t, "x papua new guinea", 2), Some((2, 4, 0)));
    }

    #[test]
    fn a_key_matches_whole_tokens_only() {
        let t = trie(&["niger"]);
        assert_eq!(search(&t, "nigeria", 0), None);
        assert_eq!(search(&t, "nige r", 0), None);
    }

    #[test]
    fn a_key_given_twice_keeps_its_first_number() {
        let t = trie(&["chad", "mali", "chad"]);
        assert_eq!(search(&t, "chad", 0), Some((0, 1, 0)));
    }

    #[test]
    fn a_search_within_a_limit_takes_no_key_that_ends_past_it() {
        let t = trie(&["congo", "congo democratic republic"]);
        let words = t.words_of("congo democratic republic".split(' '));
        assert_eq!(t.longest_at(&words, 0, 3), Some((3, 1)));
        assert_eq!(t.longest_at(&words, 0, 2), Some((1, 0)));
        assert_eq!(t.longest_at(&words, 1, 3), None);
    }
}
