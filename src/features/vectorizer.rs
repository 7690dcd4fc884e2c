//! Text to sparse TF-IDF rows: the one path that training and inference share.
//!
//! Training analyzes its corpus once into an [`AnalyzedCorpus`] (term counts per document),
//! then fits a [`Vectorizer`] on any subset of its rows. Cross-validation folds therefore
//! re-fit the vocabulary and IDF on their own training rows without re-tokenizing.
//! Inference calls [`Vectorizer::transform`], which runs the same analyzer and maps terms
//! through the stored columns and IDF.

use rustc_hash::FxHashMap;

use super::ngrams::Term;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::vocabulary::{Columns, DfLimits, Vocabulary};
use super::{Analyzer, AnalyzerPool, FeatureConfig, TfIdf};
use crate::sparse::CsrMatrix;

/// Documents per parallel work unit: large enough to amortize cloning the analyzer.
const CHUNK: usize = 256;

/// The terms one parallel chunk found: their texts back to back in one buffer (one
/// allocation instead of one per term), and per term its hash and span in the buffer.
#[derive(Default)]
struct ChunkTerms {
    text: String,
    terms: Vec<(u64, u32, u32)>,
    /// The chunk's documents as (chunk-local term id, count).
    docs: Vec<Vec<(u32, u32)>>,
}

/// Every distinct term of a corpus, and each document's terms as `(term id, count)`.
pub struct AnalyzedCorpus {
    /// The text of every term once, back to back.
    text: String,
    /// Per term id: start and end of its text.
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    docs: Vec<Vec<(u32, u32)>>,
}

/// Counts the terms of one text by the ids `id_of` gives their hashes (terms without an id
/// are left out): calls `count(id, n)` once per id, in increasing id order. `ids` is
/// scratch space, kept by callers that count many texts.
fn count_terms(
    analyzer: &mut Analyzer,
    config: &FeatureConfig,
    text: &str,
    ids: &mut Vec<u32>,
    mut id_of: impl FnMut(u64, Term<'_>) -> Option<u32>,
    mut count: impl FnMut(u32, u32),
) {
    ids.clear();
    analyzer.for_each_term(text, config.word_ngrams, config.char_ngrams, |hash, term| {
        if let Some(id) = id_of(hash, term) {
            ids.push(id);
        }
    });
    ids.sort_unstable();
    for run in ids.chunk_by(|a, b| a == b) {
        count(run[0], run.len() as u32);
    }
}

impl AnalyzedCorpus {
    /// Analyzes `texts` in parallel; term ids are assigned in order of first appearance, so
    /// the result does not depend on the number of threads.
    pub fn new<S: AsRef<str> + Sync>(config: &FeatureConfig, texts: &[S]) -> AnalyzedCorpus {
        let pool = AnalyzerPool::new(&config.analyzer());
        let chunks: Vec<ChunkTerms> = texts
            .par_chunks(CHUNK)
            .map(|chunk| {
                pool.with(|analyzer| {
                    let mut local: FxHashMap<u64, u32> = FxHashMap::default();
                    let mut found = ChunkTerms::default();
                    let mut ids = Vec::new();
                    for text in chunk {
                        let mut counts = Vec::new();
                        let id_of = |hash, term: Term<'_>| {
                            Some(*local.entry(hash).or_insert_with(|| {
                                let start = found.text.len() as u32;
                                term.write_to(&mut found.text);
                                found.terms.push((hash, start, found.text.len() as u32));
                                (found.terms.len() - 1) as u32
                            }))
                        };
                        count_terms(analyzer, config, text.as_ref(), &mut ids, id_of, |id, n| {
                            counts.push((id, n))
                        });
                        found.docs.push(counts);
                    }
                    found
                })
            })
            .collect();
        let mut global: FxHashMap<u64, u32> = FxHashMap::default();
        let mut spans = Vec::new();
        let mut hashes = Vec::new();
        let mut text = String::new();
        let mut docs = Vec::with_capacity(texts.len());
        for found in chunks {
            let remap: Vec<u32> = found
                .terms
                .iter()
                .map(|&(hash, start, end)| {
                    *global.entry(hash).or_insert_with(|| {
                        // only a term's first chunk keeps its text: chunks repeat common terms
                        let at = text.len();
                        text.push_str(&found.text[start as usize..end as usize]);
                        spans.push((at, text.len()));
                        hashes.push(hash);
                        (hashes.len() - 1) as u32
                    })
                })
                .collect();
            for doc in found.docs {
                let mut doc: Vec<(u32, u32)> =
                    doc.into_iter().map(|(id, n)| (remap[id as usize], n)).collect();
                doc.sort_unstable();
                docs.push(doc);
            }
        }
        AnalyzedCorpus {
            text,
            spans,
            hashes,
            docs,
        }
    }

    /// The text of term `id`.
    fn term(&self, id: usize) -> &str {
        let (start, end) = self.spans[id];
        &self.text[start..end]
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Number of terms (after analysis) in document `i`: zero means nothing to classify on.
    pub fn term_count(&self, i: usize) -> u32 {
        self.docs[i].iter().map(|&(_, n)| n).sum()
    }

    /// Fits the columns and IDF on the documents `rows`, returning the vectorizer and their
    /// TF-IDF matrix (rows in the given order).
    pub fn fit(&self, config: &FeatureConfig, rows: &[usize]) -> (Vectorizer, CsrMatrix) {
        let mut term_df = vec![0usize; self.hashes.len()];
        for &r in rows {
            for &(id, _) in &self.docs[r] {
                term_df[id as usize] += 1;
            }
        }
        let limits = DfLimits {
            min_df: config.min_df,
            max_df: config.max_df,
            max_features: config.max_features,
        };
        let columns = match config.hashing_bits {
            None => {
                let dfs = term_df
                    .iter()
                    .enumerate()
                    .filter(|(_, &df)| df > 0)
                    .map(|(id, &df)| (self.term(id), df));
                Columns::Vocabulary(Vocabulary::select(dfs, rows.len(), limits))
            }
            Some(bits) => Columns::Hashing { bits },
        };
        let tfidf = TfIdf {
            idf: Vec::new(),
            sublinear_tf: config.sublinear_tf,
        };
        let mut vectorizer = Vectorizer {
            config: config.clone(),
            columns,
            tfidf,
        };
        let term_columns = self.term_columns(&vectorizer);
        let mut col_df = vec![0usize; vectorizer.columns.len()];
        for &r in rows {
            let mut cols: Vec<u32> = self.docs[r]
                .iter()
                .filter_map(|&(id, _)| term_columns[id as usize])
                .collect();
            cols.sort_unstable();
            cols.dedup();
            for c in cols {
                col_df[c as usize] += 1;
            }
        }
        vectorizer.tfidf = TfIdf::fit(&col_df, rows.len(), config.sublinear_tf);
        let matrix = self.matrix_with(&vectorizer, &term_columns, rows);
        (vectorizer, matrix)
    }

    /// The TF-IDF rows of documents `rows` under an already fitted vectorizer.
    pub fn matrix(&self, vectorizer: &Vectorizer, rows: &[usize]) -> CsrMatrix {
        let term_columns = self.term_columns(vectorizer);
        self.matrix_with(vectorizer, &term_columns, rows)
    }

    fn term_columns(&self, vectorizer: &Vectorizer) -> Vec<Option<u32>> {
        self.hashes
            .iter()
            .map(|&h| vectorizer.columns.column_of_hash(h))
            .collect()
    }

    fn matrix_with(
        &self,
        vectorizer: &Vectorizer,
        term_columns: &[Option<u32>],
        rows: &[usize],
    ) -> CsrMatrix {
        let mut matrix = CsrMatrix::new(vectorizer.n_features());
        for &r in rows {
            let counts = self.docs[r]
                .iter()
                .filter_map(|&(id, n)| term_columns[id as usize].map(|c| (c, n)));
            matrix.push_row(vectorizer.weigh(counts));
        }
        matrix
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

    /// Sums counts per column (hashing can map two terms to one), then applies TF-IDF.
    fn weigh(&self, counts: impl Iterator<Item = (u32, u32)>) -> Vec<(u32, f64)> {
        let mut row: Vec<(u32, f64)> = counts.map(|(c, n)| (c, n as f64)).collect();
        row.sort_unstable_by_key(|&(c, _)| c);
        row.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 += next.1;
                true
            } else {
                false
            }
        });
        self.tfidf.weigh(&mut row);
        row
    }

    /// One document's TF-IDF row, with a caller-owned analyzer (one per thread).
    pub fn transform_one(&self, analyzer: &mut Analyzer, text: &str) -> Vec<(u32, f64)> {
        let mut row = Vec::new();
        self.weighted_row(analyzer, text, &mut Vec::new(), &mut row);
        row
    }

    /// Writes the TF-IDF row of `text` into `row` (cleared first), sorted by column;
    /// `columns` is scratch space, kept by callers that vectorize many texts.
    fn weighted_row(
        &self,
        analyzer: &mut Analyzer,
        text: &str,
        columns: &mut Vec<u32>,
        row: &mut Vec<(u32, f64)>,
    ) {
        // counted in column order: the row comes out sorted and unique
        row.clear();
        let column_of = |hash, _: Term<'_>| self.columns.column_of_hash(hash);
        count_terms(analyzer, &self.config, text, columns, column_of, |c, n| {
            row.push((c, f64::from(n)))
        });
        self.tfidf.weigh(row);
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
            .map(|chunk| {
                analyzers.with(|analyzer| {
                    let mut part = CsrMatrix::new(self.n_features());
                    let (mut columns, mut row) = (Vec::new(), Vec::new());
                    for text in chunk {
                        self.weighted_row(analyzer, text.as_ref(), &mut columns, &mut row);
                        part.push_row(row.iter().copied());
                    }
                    part
                })
            })
            .collect();
        match parts.len() {
            0 => CsrMatrix::new(self.n_features()),
            1 => parts.swap_remove(0),
            _ => CsrMatrix::vstack(&parts),
        }
    }

    /// TF-IDF rows for a batch of texts, in parallel, in input order.
    pub fn transform<S: AsRef<str> + Sync>(&self, texts: &[S]) -> CsrMatrix {
        self.transform_with(texts, &self.analyzers())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 4] = [
        "Rebels shelled the town overnight.",
        "Rebels shelled a convoy near the border.",
        "Thousands fled the shelling to the border.",
        "Talks on a ceasefire resumed in Geneva.",
    ];

    fn config() -> FeatureConfig {
        FeatureConfig {
            min_df: 1,
            max_df: 1.0,
            ..Default::default()
        }
    }

    #[test]
    fn fit_then_transform_reproduces_training_rows() {
        let corpus = AnalyzedCorpus::new(&config(), &TEXTS);
        let rows: Vec<usize> = (0..4).collect();
        let (vectorizer, train) = corpus.fit(&config(), &rows);
        let again = vectorizer.transform(&TEXTS);
        assert_eq!(train.nrows(), 4);
        for i in 0..4 {
            assert_eq!(train.row(i).indices, again.row(i).indices);
            for (a, b) in train.row(i).values.iter().zip(again.row(i).values) {
                assert!((a - b).abs() < 1e-12);
            }
        }
    }

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
    fn fitting_on_a_subset_ignores_other_rows() {
        let corpus = AnalyzedCorpus::new(&config(), &TEXTS);
        let (vectorizer, m) = corpus.fit(&config(), &[3]);
        assert!(vectorizer.columns.column("ceasefir").is_some());
        assert!(vectorizer.columns.column("rebel").is_none());
        let unseen = corpus.matrix(&vectorizer, &[0]);
        assert_eq!(unseen.row(0).indices.len(), 0);
        assert_eq!(m.nrows(), 1);
    }

    #[test]
    fn results_do_not_depend_on_chunking() {
        let many: Vec<String> = (0..600)
            .map(|i| format!("{} item {}", TEXTS[i % 4], i % 7))
            .collect();
        let a = AnalyzedCorpus::new(&config(), &many);
        let rows: Vec<usize> = (0..many.len()).collect();
        let (va, ma) = a.fit(&config(), &rows);
        let mb = va.transform(&many);
        assert_eq!(ma, mb);
        let (vb, _) = AnalyzedCorpus::new(&config(), &many).fit(&config(), &rows);
        assert_eq!(va, vb);
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

    #[test]
    fn hashing_mode_needs_no_vocabulary() {
        let cfg = FeatureConfig {
            hashing_bits: Some(12),
            ..config()
        };
        let corpus = AnalyzedCorpus::new(&cfg, &TEXTS);
        let (vectorizer, m) = corpus.fit(&cfg, &[0, 1, 2, 3]);
        assert_eq!(vectorizer.n_features(), 4096);
        assert_eq!(m, vectorizer.transform(&TEXTS));
    }
}
