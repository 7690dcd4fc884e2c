//! Text to sparse TF-IDF rows: the one path that training and inference share.
//!
//! Training fits a [`Vectorizer`] on an [`AnalyzedCorpus`](super::AnalyzedCorpus); inference
//! calls [`Vectorizer::transform`], which runs the same analyzer and maps terms through the
//! stored columns and IDF.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ngrams::Term;
use super::vocabulary::Columns;
use super::{Analyzer, AnalyzerPool, FeatureConfig, TfIdf};
use crate::sparse::CsrMatrix;

/// Documents per parallel work unit: large enough to amortize cloning the analyzer.
const CHUNK: usize = 256;

/// How much of a text the model knows: of its words (after analysis: stop words dropped,
/// figures bucketed, stems), how many are columns. Text in another language, code or
/// gibberish shares few words with the training corpus, so a low share says the model is
/// outside its reach, whatever its probabilities claim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub words: u32,
    pub known: u32,
}

impl Coverage {
    /// The known share, or `None` for a text without words.
    pub fn share(self) -> Option<f64> {
        (self.words > 0).then(|| self.known as f64 / self.words as f64)
    }
}

/// The fitted text-to-vector transformation stored in a model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vectorizer {
    pub config: FeatureConfig,
    pub columns: Columns,
    pub tfidf: TfIdf,
}

impl Vectorizer {
    pub fn n_features(&self) -> usize {
        self.columns.len()
    }

    /// Turns `(column, count)` pairs into a TF-IDF row sorted by column: sums the counts
    /// of each column (hashing can map two terms to one), then weighs them.
    pub(super) fn weigh(&self, row: &mut Vec<(u32, f64)>) {
        row.sort_unstable_by_key(|&(c, _)| c);
        row.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 += next.1;
                true
            } else {
                false
            }
        });
        self.tfidf.weigh(row);
    }

    /// One document's TF-IDF row, with a caller-owned analyzer (one per thread).
    pub fn transform_one(&self, analyzer: &mut Analyzer, text: &str) -> Vec<(u32, f64)> {
        let mut row = Vec::new();
        self.weighted_row(analyzer, text, &mut Vec::new(), &mut row);
        row
    }

    /// [`Vectorizer::transform_one`] and the text's [`Coverage`].
    pub fn transform_one_covered(&self, analyzer: &mut Analyzer, text: &str) -> (Vec<(u32, f64)>, Coverage) {
        let mut row = Vec::new();
        let coverage = self.weighted_row(analyzer, text, &mut Vec::new(), &mut row);
        (row, coverage)
    }

    /// Writes the TF-IDF row of `text` into `row` (cleared first), sorted by column, and
    /// says how much of the text the columns know; `columns` is scratch space, kept by
    /// callers that vectorize many texts.
    fn weighted_row(
        &self,
        analyzer: &mut Analyzer,
        text: &str,
        columns: &mut Vec<u32>,
        row: &mut Vec<(u32, f64)>,
    ) -> Coverage {
        columns.clear();
        let cfg = &self.config;
        let mut coverage = Coverage::default();
        analyzer.for_each_term(text, cfg.word_ngrams, cfg.char_ngrams, |hash, term| {
            let column = self.columns.column_of_hash(hash);
            if let Term::Words(ids, _) = term {
                if ids.len() == 1 {
                    coverage.words += 1;
                    coverage.known += column.is_some() as u32;
                }
            }
            if let Some(c) = column {
                columns.push(c);
            }
        });
        // counted in column order: the row comes out sorted and unique
        columns.sort_unstable();
        row.clear();
        row.extend(
            columns
                .chunk_by(|a, b| a == b)
                .map(|run| (run[0], run.len() as f64)),
        );
        self.tfidf.weigh(row);
        coverage
    }

    /// Analyzers for [`Vectorizer::transform_with`], to be kept across batches so that
    /// their memos stay warm.
    pub fn analyzers(&self) -> AnalyzerPool {
        AnalyzerPool::new(&self.config.analyzer())
    }

    /// TF-IDF rows for a batch of texts with the caller's analyzers, in parallel, in input
    /// order.
    pub fn transform_with<S: AsRef<str> + Sync>(&self, texts: &[S], analyzers: &AnalyzerPool) -> CsrMatrix {
        let mut parts: Vec<CsrMatrix> = texts
            .par_chunks(CHUNK)
            .map(|chunk| self.transform_covered(chunk, analyzers, &mut Vec::new()))
            .collect();
        match parts.len() {
            0 => CsrMatrix::new(self.n_features()),
            1 => parts.swap_remove(0),
            _ => CsrMatrix::vstack(&parts),
        }
    }

    /// TF-IDF rows for a few texts on this thread, with each text's [`Coverage`] pushed to
    /// `coverage` (cleared first).
    pub fn transform_covered<S: AsRef<str>>(
        &self,
        texts: &[S],
        analyzers: &AnalyzerPool,
        coverage: &mut Vec<Coverage>,
    ) -> CsrMatrix {
        coverage.clear();
        analyzers.with(|analyzer| {
            let mut part = CsrMatrix::new(self.n_features());
            let (mut columns, mut row) = (Vec::new(), Vec::new());
            for text in texts {
                coverage.push(self.weighted_row(analyzer, text.as_ref(), &mut columns, &mut row));
                part.push_row(row.iter().copied());
            }
            part
        })
    }

    /// TF-IDF rows for a batch of texts, in parallel, in input order.
    pub fn transform<S: AsRef<str> + Sync>(&self, texts: &[S]) -> CsrMatrix {
        self.transform_with(texts, &self.analyzers())
    }
}

#[cfg(test)]
mod tests {
    use crate::features::corpus::tests::{config, TEXTS};
    use crate::features::AnalyzedCorpus;

    #[test]
    fn a_single_article_gets_the_training_idf() {
        let corpus = AnalyzedCorpus::new(&config(), &TEXTS);
        let (vectorizer, _) = corpus.fit(&config(), &[0, 1, 2, 3]);
        let one = vectorizer.transform(&["Rebels shelled Geneva"]);
        let row = one.row(0);
        let weight = |term: &str| {
            let col = vectorizer.columns.column(term).expect("known term");
            row.iter()
                .find(|&(c, _)| c == col as usize)
                .map(|(_, v)| v)
                .expect("present")
        };
        // "geneva" is in 1 training document, "rebel" in 2: the rarer term weighs more
        assert!(weight("geneva") > weight("rebel"));
    }

    #[test]
    fn pooled_transform_matches_plain_transform() {
        let corpus = AnalyzedCorpus::new(&config(), &TEXTS);
        let (vectorizer, _) = corpus.fit(&config(), &[0, 1, 2, 3]);
        let pool = vectorizer.analyzers();
        let many: Vec<&str> = (0..700).map(|i| TEXTS[i % 4]).collect();
        assert_eq!(
            vectorizer.transform_with(&many, &pool),
            vectorizer.transform(&many)
        );
        assert_eq!(
            vectorizer.transform_with(&many[..1], &pool),
            vectorizer.transform(&many[..1])
        );
        assert_eq!(vectorizer.transform_with::<&str>(&[], &pool).nrows(), 0);
    }
}
