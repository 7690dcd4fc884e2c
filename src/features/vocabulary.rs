//! Which column each term gets.
//!
//! A [`Vocabulary`] keeps the terms that pass the document-frequency limits, sorted, so the
//! column order depends only on the training data and never on hash-map iteration order.
//! [`Columns::Hashing`] is the alternative for unbounded vocabularies: a term's column is a
//! fixed hash of its text, and no term list is stored.

use std::collections::hash_map::Entry;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::ngrams::term_hash;

/// Sorted, unique terms; a term's column is its position. Lookups go by term hash (see
/// [`term_hash`]), so a document's terms never need to be built as strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Vocabulary {
    terms: Vec<String>,
    index: FxHashMap<u64, u32>,
}

impl TryFrom<Vec<String>> for Vocabulary {
    type Error = String;

    /// Used when loading a model file: the terms must be sorted and unique.
    fn try_from(terms: Vec<String>) -> Result<Self, String> {
        if let Some(w) = terms.windows(2).find(|w| w[0] >= w[1]) {
            return Err(format!("vocabulary is not sorted and unique near {:?}", w[1]));
        }
        if terms.len() > u32::MAX as usize {
            return Err("vocabulary has more than 2^32 terms".into());
        }
        let vocabulary = Vocabulary::from_sorted(terms);
        if vocabulary.index.len() != vocabulary.terms.len() {
            return Err("two vocabulary terms share a hash".into());
        }
        Ok(vocabulary)
    }
}

impl From<Vocabulary> for Vec<String> {
    fn from(v: Vocabulary) -> Vec<String> {
        v.terms
    }
}

/// Document-frequency limits for choosing terms.
#[derive(Debug, Clone, Copy)]
pub struct DfLimits {
    pub min_df: usize,
    pub max_df: f64,
    pub max_features: Option<usize>,
}

impl DfLimits {
    /// Whether a term found in `df` of `n_docs` documents passes the document-frequency
    /// bounds (`max_features` aside).
    pub fn keeps(&self, df: usize, n_docs: usize) -> bool {
        let max_count = (self.max_df * n_docs as f64).floor().max(1.0) as usize;
        df >= self.min_df && (df <= max_count || self.max_df >= 1.0)
    }
}

impl Vocabulary {
    fn from_sorted(terms: Vec<String>) -> Self {
        let mut index = FxHashMap::with_capacity_and_hasher(terms.len(), Default::default());
        for (i, t) in terms.iter().enumerate() {
            index.entry(term_hash(t)).or_insert(i as u32);
        }
        Vocabulary { terms, index }
    }

    /// Chooses terms from `(term, hash, document frequency)` triples out of `n_docs`
    /// documents; `hash` is the term's [`term_hash`], which callers have at hand. With
    /// `max_features`, the most frequent terms win; ties go to the alphabetically first.
    pub fn select<'a>(
        doc_freqs: impl IntoIterator<Item = (&'a str, u64, usize)>,
        n_docs: usize,
        limits: DfLimits,
    ) -> Vocabulary {
        let mut kept: Vec<(&str, u64, usize)> = doc_freqs
            .into_iter()
            .filter(|&(_, _, df)| limits.keeps(df, n_docs))
            .collect();
        // every order below is total (terms are unique), so the unstable sorts are deterministic
        if let Some(k) = limits.max_features {
            kept.par_sort_unstable_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
            kept.truncate(k);
        }
        kept.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        kept.dedup_by(|next, first| next.0 == first.0);
        let mut index = FxHashMap::with_capacity_and_hasher(kept.len(), Default::default());
        let mut terms = Vec::with_capacity(kept.len());
        for (term, hash, _) in kept {
            debug_assert_eq!(hash, term_hash(term));
            // a 64-bit hash collision between two kept terms is astronomically rare; keep the
            // first so that every saved vocabulary loads
            if let Entry::Vacant(slot) = index.entry(hash) {
                slot.insert(terms.len() as u32);
                terms.push(term.to_string());
            }
        }
        Vocabulary { terms, index }
    }

    pub fn get(&self, term: &str) -> Option<u32> {
        self.get_hash(term_hash(term))
    }

    pub fn get_hash(&self, hash: u64) -> Option<u32> {
        self.index.get(&hash).copied()
    }

    pub fn term(&self, column: usize) -> Option<&str> {
        self.terms.get(column).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// How terms map to columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Columns {
    Vocabulary(Vocabulary),
    Hashing { bits: u8 },
}

impl Columns {
    pub fn len(&self) -> usize {
        match self {
            Columns::Vocabulary(v) => v.len(),
            Columns::Hashing { bits } => 1usize << bits,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn column(&self, term: &str) -> Option<u32> {
        self.column_of_hash(term_hash(term))
    }

    /// The column of a term given by its hash (see [`term_hash`]). Inlined: it runs once per
    /// term of every text.
    #[inline]
    pub fn column_of_hash(&self, hash: u64) -> Option<u32> {
        match self {
            Columns::Vocabulary(v) => v.get_hash(hash),
            Columns::Hashing { bits } => Some((hash & ((1u64 << bits) - 1)) as u32),
        }
    }

    /// A readable name for a column (hashed columns have no term to show).
    pub fn name(&self, column: usize) -> String {
        match self {
            Columns::Vocabulary(v) => v.term(column).unwrap_or("?").to_string(),
            Columns::Hashing { .. } => format!("#{column}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: DfLimits = DfLimits {
        min_df: 2,
        max_df: 0.9,
        max_features: None,
    };

    fn with_hashes<'a>(dfs: &[(&'a str, usize)]) -> Vec<(&'a str, u64, usize)> {
        dfs.iter().map(|&(t, d)| (t, term_hash(t), d)).collect()
    }

    #[test]
    fn select_applies_df_limits_and_sorts() {
        let dfs = [("shell", 5), ("rebel", 3), ("rare", 1), ("the", 10)];
        let v = Vocabulary::select(with_hashes(&dfs), 10, LIMITS);
        assert_eq!(v.terms, ["rebel", "shell"]);
        assert_eq!(v.get("shell"), Some(1));
        assert_eq!(v.get("rare"), None);
    }

    #[test]
    fn max_features_keeps_the_most_frequent_with_alphabetical_ties() {
        let dfs = [("b", 4), ("a", 4), ("c", 6), ("d", 2)];
        let limits = DfLimits {
            max_features: Some(2),
            max_df: 1.0,
            ..LIMITS
        };
        let v = Vocabulary::select(with_hashes(&dfs), 10, limits);
        assert_eq!(v.terms, ["a", "c"]);
    }

    #[test]
    fn loading_refuses_unsorted_terms() {
        assert!(Vocabulary::try_from(vec!["b".to_string(), "a".to_string()]).is_err());
        assert!(Vocabulary::try_from(vec!["a".to_string(), "a".to_string()]).is_err());
        assert_eq!(
            Vocabulary::try_from(vec!["a".to_string(), "b".to_string()]).map(|v| v.len()),
            Ok(2)
        );
    }

    #[test]
    fn hashing_is_stable_and_in_range() {
        let c = Columns::Hashing { bits: 10 };
        let col = c.column("shell").expect("hashing always maps");
        assert!(col < 1024);
        assert_eq!(c.column("shell"), Some(col));
    }
}
