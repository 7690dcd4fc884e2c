//! The analyzer: the tokenizer followed by the filter chain, with a memo of words.
//!
//! Running every filter over every token is most of the cost of vectorizing, yet news text
//! repeats a few thousand words. So the analyzer remembers what the chain makes of each
//! distinct word on its own and looks it up: one hash probe per token, no allocation. Only
//! tokens that some filter calls contextual (figures such as `two hundred`, or the `of` in
//! `tens of thousands`) go through the chain together with their contextual neighbours,
//! exactly as the chain would see them in the text; a lone contextual token is looked up
//! like any other. Tokens come out as ids into a [`TokenTable`](super::TokenTable) that keeps each distinct
//! token's text and hash once, so n-grams are hashed without touching text at all.
//!
//! With the [`magnitude`] extractor on, the memo also keeps each word's lexicon id, and the
//! analyzer collects the words that have one as it goes: the extractor then reads those few
//! words, not the text, and adds its tokens as extra unigram terms.

use std::sync::{Mutex, PoisonError};

use rustc_hash::FxHashMap;

use super::filter::TokenFilter;
use super::magnitude::{self, Extractor, Word, Words};
use super::ngrams::{self, Term, TokenTable};
use super::tokenizer::{tokenize, Tokens};

/// Beyond this many remembered words (or table entries) both are cleared between two
/// texts, so memory stays bounded on endless streams of unusual words.
const MEMO_LIMIT: usize = 200_000;

/// Longer words are analyzed every time, never remembered, so the memo's keys stay small
/// (hostile input can hold words of a million characters).
const MEMO_WORD_BYTES: usize = 64;

/// A word of up to 16 bytes packed into two integers, zero-padded (tokens never hold a NUL):
/// hashing and comparing one costs a few instructions instead of a call to memcmp, and most
/// words are this short.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct ShortWord(u64, u64);

impl ShortWord {
    fn new(word: &str) -> Option<ShortWord> {
        let bytes = word.as_bytes();
        match bytes.len() {
            0..=8 => Some(ShortWord(pack(bytes), 0)),
            9..=16 => {
                let (lo, hi) = bytes.split_at(8);
                Some(ShortWord(pack(lo), pack(hi)))
            }
            _ => None,
        }
    }
}

/// Up to 8 bytes as a little-endian integer, zero-padded. Built from whole-word loads
/// rather than copied through a buffer: reading a buffer just written byte by byte stalls
/// the CPU, and this runs once per token.
fn pack(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().unwrap_or_default(),
        ))
    };
    match n {
        0 => 0,
        // the first, middle and last bytes cover all of 1 to 3
        1..=3 => {
            let byte = |i: usize| u64::from(bytes[i]) << (8 * i);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        // two 4-byte loads that overlap when n < 8; the overlap holds equal bytes
        _ => u32_at(0) | (u32_at(n - 4) << (8 * (n - 4))),
    }
}

/// What the chain makes of one word on its own, in 8 bytes so that the memo table stays
/// small enough for the CPU caches. Most words make exactly one token, whose id is kept
/// inline; other words point at `ids[start..start + len]` of the memo.
#[derive(Clone, Copy)]
struct Memo {
    /// The token id when `len` is 1, else where the ids start.
    value: u32,
    /// Bits 0-15: the number of tokens ([`Memo::TOO_MANY`]: more than fit, never
    /// remembered); bits 16-30: the word's [`magnitude`] lexicon id (0 when the extractor is
    /// off or does not know the word); bit 31: some filter calls the word contextual.
    bits: u32,
}

impl Memo {
    const CONTEXTUAL: u32 = 1 << 31;
    const LEN: u32 = 0xffff;
    /// A word that makes this many tokens or more goes through the chain each time.
    const TOO_MANY: u32 = Memo::LEN;

    fn new(value: u32, len: usize, lex: u16, contextual: bool) -> Memo {
        let len = (len as u32).min(Memo::TOO_MANY);
        let contextual = contextual || len == Memo::TOO_MANY;
        Memo {
            value,
            bits: len | u32::from(lex) << 16 | if contextual { Memo::CONTEXTUAL } else { 0 },
        }
    }

    fn len(self) -> usize {
        (self.bits & Memo::LEN) as usize
    }

    fn too_many(self) -> bool {
        self.bits & Memo::LEN == Memo::TOO_MANY
    }

    fn lex(self) -> u16 {
        ((self.bits >> 16) & 0x7fff) as u16
    }

    fn contextual(self) -> bool {
        self.bits & Memo::CONTEXTUAL != 0
    }
}

/// A tokenizer followed by a chain of filters, built from a saved
/// [`FeatureConfig`](super::FeatureConfig) by [`FeatureConfig::analyzer`](super::FeatureConfig::analyzer).
/// Keep one per thread: the memo makes it mutable.
pub struct Analyzer {
    filters: Vec<Box<dyn TokenFilter>>,
    short_memo: FxHashMap<ShortWord, Memo>,
    memo: FxHashMap<Box<str>, Memo>,
    memo_ids: Vec<u32>,
    table: TokenTable,
    /// The contextual tokens waiting to go through the chain together: (start, end, memo).
    pending: Vec<(usize, usize, Memo)>,
    scratch: Vec<String>,
    /// The token ids of the text [`Analyzer::for_each_term`] is working on.
    tokens: Vec<u32>,
    /// The magnitude extractor, when on.
    magnitude: Option<Extractor>,
    /// The words of the current text that the extractor knows.
    words: Words,
    /// The table ids of [`magnitude::TOKENS`], once interned (`u32::MAX` before).
    magnitude_ids: [u32; magnitude::TOKENS.len()],
    /// The extractor's tokens for the current text, as indices into [`magnitude::TOKENS`].
    magnitude_found: Vec<usize>,
}

impl Clone for Analyzer {
    /// The same chain with an empty memo.
    fn clone(&self) -> Self {
        Analyzer::new(
            self.filters.iter().map(|f| f.box_clone()).collect(),
            self.magnitude.is_some(),
        )
    }
}

impl Analyzer {
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder {
            filters: Vec::new(),
            magnitudes: false,
        }
    }

    fn new(filters: Vec<Box<dyn TokenFilter>>, magnitudes: bool) -> Self {
        Analyzer {
            filters,
            short_memo: FxHashMap::default(),
            memo: FxHashMap::default(),
            memo_ids: Vec::new(),
            table: TokenTable::default(),
            pending: Vec::new(),
            scratch: Vec::new(),
            tokens: Vec::new(),
            magnitude: magnitudes.then(Extractor::default),
            words: Words::default(),
            magnitude_ids: [u32::MAX; magnitude::TOKENS.len()],
            magnitude_found: Vec::new(),
        }
    }

    /// The texts and hashes behind the ids of [`Analyzer::analyze_ids`].
    pub fn table(&self) -> &TokenTable {
        &self.table
    }

    /// Analyzes `text` into token ids (`out` is cleared first). The ids index
    /// [`Analyzer::table`] and stay valid until the next call.
    pub fn analyze_ids(&mut self, text: &str, out: &mut Vec<u32>) {
        out.clear();
        let remembered = self.short_memo.len() + self.memo.len();
        if remembered.max(self.table.len()).max(self.memo_ids.len()) >= MEMO_LIMIT {
            self.short_memo.clear();
            self.memo.clear();
            self.memo_ids.clear();
            self.table.clear();
            self.magnitude_ids = [u32::MAX; magnitude::TOKENS.len()];
        }
        self.words.clear();
        // positions are kept as u32: a longer text (the readers refuse them) gets no magnitudes
        if self.magnitude.is_some() && u32::try_from(text.len()).is_ok() {
            self.tokens_of::<true>(text, out);
        } else {
            self.tokens_of::<false>(text, out);
        }
    }

    /// The loop of [`Analyzer::analyze_ids`]; with `WORDS`, it also collects the words the
    /// magnitude extractor knows (a separate copy of the loop, so that it costs nothing when
    /// the extractor is off).
    fn tokens_of<const WORDS: bool>(&mut self, text: &str, out: &mut Vec<u32>) {
        let base = text.as_ptr() as usize;
        for (at, token) in Tokens::new(text).enumerate() {
            let memo = self.memo_of(token);
            if WORDS && memo.lex() != 0 {
                let start = (token.as_ptr() as usize - base) as u32;
                self.words.push(Word {
                    at: at as u32,
                    start,
                    end: start + token.len() as u32,
                    lex: memo.lex(),
                });
            }
            if memo.contextual() {
                let start = token.as_ptr() as usize - base;
                self.pending.push((start, start + token.len(), memo));
            } else {
                self.flush(text, out);
                self.push_ids(memo, out);
            }
        }
        self.flush(text, out);
    }

    /// Calls `emit(hash, term)` for every term of `text`: its word n-grams of the orders in
    /// `word_ngrams`, then its character n-grams if any (see [`ngrams::for_each_term`]), then
    /// the magnitude extractor's tokens, each a term of its own.
    pub fn for_each_term(
        &mut self,
        text: &str,
        word_ngrams: (usize, usize),
        char_ngrams: Option<(usize, usize)>,
        mut emit: impl FnMut(u64, Term<'_>),
    ) {
        let mut tokens = std::mem::take(&mut self.tokens);
        self.analyze_ids(text, &mut tokens);
        ngrams::for_each_term(&tokens, &self.table, word_ngrams, char_ngrams, &mut emit);
        self.tokens = tokens;
        if let Some(extractor) = &mut self.magnitude {
            self.magnitude_found.clear();
            extractor.token_indices(text, &self.words, &mut self.magnitude_found);
            for &i in &self.magnitude_found {
                if self.magnitude_ids[i] == u32::MAX {
                    self.magnitude_ids[i] = self.table.intern(magnitude::TOKENS[i]);
                }
                let id = std::slice::from_ref(&self.magnitude_ids[i]);
                emit(self.table.hash(id[0]), Term::Words(id, &self.table));
            }
        }
    }

    /// The magnitude extractor's tokens for `text` (none when it is off), as
    /// [`Analyzer::for_each_term`] adds them.
    pub fn magnitude_tokens(&mut self, text: &str) -> Vec<&'static str> {
        let mut tokens = std::mem::take(&mut self.tokens);
        self.analyze_ids(text, &mut tokens);
        self.tokens = tokens;
        let mut found = Vec::new();
        if let Some(extractor) = &mut self.magnitude {
            extractor.token_indices(text, &self.words, &mut found);
        }
        found.into_iter().map(|i| magnitude::TOKENS[i]).collect()
    }

    /// Analyzes `text` into token texts (`out` is cleared first).
    pub fn analyze(&mut self, text: &str, out: &mut Vec<String>) {
        let mut ids = Vec::new();
        self.analyze_ids(text, &mut ids);
        out.clear();
        out.extend(ids.iter().map(|&id| self.table.text(id).to_string()));
    }

    /// The chain run over the whole token list, without the memo: the reference that
    /// [`Analyzer::analyze`] must agree with.
    pub fn analyze_with_chain(&mut self, text: &str, out: &mut Vec<String>) {
        out.clear();
        tokenize(text, out);
        for filter in &mut self.filters {
            filter.apply(out);
        }
    }

    fn push_ids(&self, memo: Memo, out: &mut Vec<u32>) {
        match memo.len() {
            0 => {}
            1 => out.push(memo.value),
            n => out.extend_from_slice(&self.memo_ids[memo.value as usize..memo.value as usize + n]),
        }
    }

    /// What the chain makes of `word` on its own: one probe of the memo, inlined into the
    /// token loop; [`Analyzer::remember`] when the word is new.
    #[inline(always)]
    fn memo_of(&mut self, word: &str) -> Memo {
        let short = ShortWord::new(word);
        let found = match short {
            Some(key) => self.short_memo.get(&key),
            None => self.memo.get(word),
        };
        match found {
            Some(&memo) => memo,
            None => self.remember(word, short),
        }
    }

    /// Runs the chain on a word not seen before and remembers the result.
    #[inline(never)]
    fn remember(&mut self, word: &str, short: Option<ShortWord>) -> Memo {
        self.scratch.clear();
        self.scratch.push(word.to_string());
        let mut contextual = false;
        for filter in &mut self.filters {
            contextual |= self.scratch.iter().any(|t| filter.is_contextual(t));
            filter.apply(&mut self.scratch);
        }
        let lex = if self.magnitude.is_some() {
            magnitude::lookup(word)
        } else {
            0
        };
        let memo = match self.scratch.as_slice() {
            [one] => Memo::new(self.table.intern(one), 1, lex, contextual),
            tokens if tokens.len() >= Memo::TOO_MANY as usize => {
                // not remembered: the chain runs on this word each time (see `flush`)
                return Memo::new(0, tokens.len(), lex, true);
            }
            tokens => {
                let start = self.memo_ids.len();
                for token in tokens {
                    let id = self.table.intern(token);
                    self.memo_ids.push(id);
                }
                Memo::new(start as u32, tokens.len(), lex, contextual)
            }
        };
        match short {
            Some(key) => {
                self.short_memo.insert(key, memo);
            }
            None if word.len() <= MEMO_WORD_BYTES => {
                self.memo.insert(word.into(), memo);
            }
            None => {}
        }
        memo
    }

    /// Sends the pending contextual tokens through the chain together. One alone is what
    /// the chain makes of it on its own, which the memo already holds (unless it makes too
    /// many tokens to remember).
    fn flush(&mut self, text: &str, out: &mut Vec<u32>) {
        match self.pending.len() {
            0 => return,
            1 if !self.pending[0].2.too_many() => self.push_ids(self.pending[0].2, out),
            _ => {
                self.scratch.clear();
                self.scratch
                    .extend(self.pending.iter().map(|&(s, e, _)| text[s..e].to_string()));
                for filter in &mut self.filters {
                    filter.apply(&mut self.scratch);
                }
                for token in &self.scratch {
                    out.push(self.table.intern(token));
                }
            }
        }
        self.pending.clear();
    }
}

/// One analyzer per worker thread of the rayon pool (plus one for other threads), kept
/// across work units and batches so that each memo fills once.
pub struct AnalyzerPool {
    analyzers: Vec<Mutex<Analyzer>>,
}

impl AnalyzerPool {
    pub fn new(analyzer: &Analyzer) -> Self {
        AnalyzerPool {
            analyzers: (0..=rayon::current_num_threads())
                .map(|_| Mutex::new(analyzer.clone()))
                .collect(),
        }
    }

    /// Runs `f` with the calling thread's analyzer. A worker's own analyzer is never
    /// contended; threads outside the pool share the last one.
    pub fn with<R>(&self, f: impl FnOnce(&mut Analyzer) -> R) -> R {
        let last = self.analyzers.len() - 1;
        let i = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let mut analyzer = self.analyzers[i].lock().unwrap_or_else(PoisonError::into_inner);
        f(&mut analyzer)
    }
}

pub struct AnalyzerBuilder {
    filters: Vec<Box<dyn TokenFilter>>,
    magnitudes: bool,
}

impl AnalyzerBuilder {
    pub fn filter(mut self, filter: impl TokenFilter + 'static) -> Self {
        self.filters.push(Box::new(filter));
        self
    }

    /// Adds the [`magnitude`] extractor's tokens to the terms of every text. It reads the
    /// words as written, whatever the filters do.
    pub fn magnitudes(mut self) -> Self {
        self.magnitudes = true;
        self
    }

    pub fn build(self) -> Analyzer {
        Analyzer::new(self.filters, self.magnitudes)
    }
}

#[cfg(test)]
mod tests;
