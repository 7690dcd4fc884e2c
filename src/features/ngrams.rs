//! Turns analyzed tokens into terms: word n-grams and, optionally, character n-grams.
//!
//! Each term is identified by a 64-bit hash computed without building its text: a word
//! n-gram's hash folds the hashes of its tokens, so `kill <num:100-999>` costs two token
//! hashes and one mix, not a string. The text is built only when a caller needs it (a new
//! vocabulary entry), through [`Term::text`]. Word n-grams are written with single spaces
//! (`kill <num:100-999>`); character n-grams are taken inside each token padded with spaces
//! (` shel`, `hell`, `ell `) and written in brackets (`[hell]`) so they never collide with a
//! word term. With 64-bit hashes, two distinct terms of a 10-million-term vocabulary share a
//! hash with probability about 3e-6.

use rustc_hash::FxHashMap;

/// FNV-1a, 64 bit: stable across platforms and releases, which saved models need.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(0xcbf2_9ce4_8422_2325, bytes)
}

fn fnv1a_from(seed: u64, bytes: &[u8]) -> u64 {
    let mut hash = seed;
    for &b in bytes {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The distinct analyzed tokens an analyzer has produced, by id: text and hash.
#[derive(Default)]
pub struct TokenTable {
    text: String,
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    ids: FxHashMap<u64, u32>,
}

impl TokenTable {
    /// The id of `token`, adding it if new. Tokens are keyed by their 64-bit hash, the same
    /// identity that terms have everywhere else (see [`term_hash`]).
    pub(crate) fn intern(&mut self, token: &str) -> u32 {
        let hash = fnv1a(token.as_bytes());
        let next = self.hashes.len() as u32;
        *self.ids.entry(hash).or_insert_with(|| {
            let start = self.text.len();
            self.text.push_str(token);
            self.spans.push((start, self.text.len()));
            self.hashes.push(hash);
            next
        })
    }

    pub fn text(&self, id: u32) -> &str {
        let (start, end) = self.spans[id as usize];
        &self.text[start..end]
    }

    pub fn hash(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.hashes.len()
    }

    pub(super) fn clear(&mut self) {
        self.text.clear();
        self.spans.clear();
        self.hashes.clear();
        self.ids.clear();
    }
}

/// Mixes the next token's hash into an n-gram hash (order-sensitive).
fn combine(acc: u64, next: u64) -> u64 {
    let x = (acc.rotate_left(23) ^ next).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// Character n-grams hash in their own domain so they cannot meet word terms.
const CHAR_SEED: u64 = 0x6c62_272e_07bb_0142;

/// The hash of a term's text, as produced by [`for_each_term`] for the same term.
pub fn term_hash(term: &str) -> u64 {
    if term.len() >= 2 && term.starts_with('[') && term.ends_with(']') {
        return fnv1a_from(CHAR_SEED, &term.as_bytes()[1..term.len() - 1]);
    }
    // split as bytes: a space is one byte in UTF-8, and loading a model hashes every term
    let mut parts = term.as_bytes().split(|&b| b == b' ');
    let first = fnv1a(parts.next().unwrap_or_default());
    parts.fold(first, |acc, p| combine(acc, fnv1a(p)))
}

/// A term found in a document; its text is built on demand.
pub enum Term<'a> {
    /// A word n-gram: token ids into the table.
    Words(&'a [u32], &'a TokenTable),
    Chars(&'a [char]),
}

impl Term<'_> {
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.write_to(&mut s);
        s
    }

    /// Appends the term's text to `out` (lets callers keep many terms in one buffer).
    pub fn write_to(&self, out: &mut String) {
        match self {
            Term::Words(ids, table) => {
                for (i, &id) in ids.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(table.text(id));
                }
            }
            Term::Chars(chars) => {
                out.push('[');
                out.extend(chars.iter());
                out.push(']');
            }
        }
    }
}

/// Calls `emit(hash, term)` once per term of the analyzed `tokens`, in a fixed order: word
/// n-grams by increasing order, then character n-grams token by token.
pub fn for_each_term(
    tokens: &[u32],
    table: &TokenTable,
    word_ngrams: (usize, usize),
    char_ngrams: Option<(usize, usize)>,
    mut emit: impl FnMut(u64, Term<'_>),
) {
    let (lo, hi) = word_ngrams;
    for n in lo..=hi {
        for gram in tokens.windows(n) {
            let h = gram[1..]
                .iter()
                .fold(table.hash(gram[0]), |acc, &id| combine(acc, table.hash(id)));
            emit(h, Term::Words(gram, table));
        }
    }
    if let Some((lo, hi)) = char_ngrams {
        let mut chars: Vec<char> = Vec::new();
        let mut bytes: Vec<u8> = Vec::new();
        for &id in tokens {
            chars.clear();
            chars.push(' ');
            chars.extend(table.text(id).chars());
            chars.push(' ');
            for n in lo..=hi {
                for window in chars.windows(n) {
                    bytes.clear();
                    let mut buf = [0u8; 4];
                    for c in window {
                        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    emit(fnv1a_from(CHAR_SEED, &bytes), Term::Chars(window));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(tokens: &[&str], words: (usize, usize), chars: Option<(usize, usize)>) -> Vec<(u64, String)> {
        let mut table = TokenTable::default();
        let ids: Vec<u32> = tokens.iter().map(|t| table.intern(t)).collect();
        let mut out = Vec::new();
        for_each_term(&ids, &table, words, chars, |h, t| out.push((h, t.text())));
        out
    }

    fn texts(v: &[(u64, String)]) -> Vec<&str> {
        v.iter().map(|(_, t)| t.as_str()).collect()
    }

    #[test]
    fn unigrams_then_bigrams() {
        let t = terms(&["rebel", "shell", "town"], (1, 2), None);
        assert_eq!(texts(&t), ["rebel", "shell", "town", "rebel shell", "shell town"]);
        assert_eq!(
            texts(&terms(&["rebel", "shell", "town"], (3, 3), None)),
            ["rebel shell town"]
        );
        assert!(terms(&["one"], (2, 2), None).is_empty());
        assert!(terms(&[], (1, 3), None).is_empty());
    }

    #[test]
    fn character_ngrams_are_bracketed_and_padded() {
        assert_eq!(
            texts(&terms(&["abc"], (1, 1), Some((3, 3)))),
            ["abc", "[ ab]", "[abc]", "[bc ]"]
        );
        assert_eq!(texts(&terms(&["né"], (1, 1), Some((4, 4)))), ["né", "[ né ]"]);
    }

    #[test]
    fn hashes_match_the_hash_of_the_text() {
        for (h, text) in terms(&["kill", "<num:100-999>", "civilian"], (1, 3), Some((2, 4))) {
            assert_eq!(h, term_hash(&text), "{text}");
        }
    }

    #[test]
    fn order_and_domain_matter() {
        assert_ne!(term_hash("a b"), term_hash("b a"));
        assert_ne!(term_hash("ab"), term_hash("[ab]"));
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }
}
