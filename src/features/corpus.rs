//! A training corpus analyzed once: every distinct term, and each document's term counts.
//!
//! Training analyzes its corpus once into an [`AnalyzedCorpus`], then fits a [`Vectorizer`]
//! on any subset of its rows. Cross-validation folds therefore re-fit the vocabulary and IDF
//! on their own training rows without re-tokenizing.
//!
//! Documents are analyzed in parallel, a fixed number per work unit. Each unit numbers the
//! terms it meets in order of first appearance and counts them per document; a serial pass
//! then gives every term its corpus-wide id, again in order of first appearance, so nothing
//! depends on the number of threads. A document's counts stay in its unit, in the order its
//! terms first appear: nothing downstream needs them sorted, and on a corpus of a million
//! articles one buffer per unit instead of one per document saves a million allocations.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::ngrams::Term;
use super::vocabulary::{Columns, DfLimits, Vocabulary};
use super::{AnalyzerPool, FeatureConfig, TfIdf, Vectorizer};
use crate::sparse::CsrMatrix;

/// Documents per parallel work unit: large enough to amortize the unit's term map, small
/// enough that the map stays in the CPU caches. Also how documents are found again: document
/// `i` is number `i % UNIT` of unit `i / UNIT`.
const UNIT: usize = 256;

/// Units analyzed in parallel before their terms are numbered (see [`AnalyzedCorpus::new`]).
const BATCH_UNITS: usize = 16;

/// No entry of the current document holds this term yet.
const NONE: u32 = u32::MAX;

/// The documents of one work unit: their `(term id, count)` pairs back to back, in order of
/// first appearance within each document. Term ids are the unit's own until
/// [`AnalyzedCorpus::new`] renumbers them.
#[derive(Default)]
struct Unit {
    counts: Vec<(u32, u32)>,
    /// Where each document's pairs end in `counts`.
    ends: Vec<u32>,
    /// The unit's distinct terms by unit id: hash and span of the text in `text`.
    terms: Vec<(u64, u32, u32)>,
    text: String,
}

impl Unit {
    fn doc(&self, i: usize) -> &[(u32, u32)] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.counts[start..self.ends[i] as usize]
    }

    /// Analyzes `texts` into a unit with its own term ids.
    fn analyze<S: AsRef<str>>(config: &FeatureConfig, pool: &AnalyzerPool, texts: &[S]) -> Unit {
        pool.with(|analyzer| {
            let mut unit = Unit::default();
            let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
            // per unit term id: where in `counts` its latest document holds it
            let mut slot: Vec<u32> = Vec::new();
            for text in texts {
                let doc_start = unit.counts.len();
                analyzer.for_each_term(
                    text.as_ref(),
                    config.word_ngrams,
                    config.char_ngrams,
                    |hash, term: Term<'_>| {
                        let id = *ids.entry(hash).or_insert_with(|| {
                            let start = unit.text.len() as u32;
                            term.write_to(&mut unit.text);
                            unit.terms.push((hash, start, unit.text.len() as u32));
                            slot.push(NONE);
                            (unit.terms.len() - 1) as u32
                        });
                        let at = slot[id as usize];
                        if at != NONE && at as usize >= doc_start {
                            unit.counts[at as usize].1 += 1;
                        } else {
                            slot[id as usize] = unit.counts.len() as u32;
                            unit.counts.push((id, 1));
                        }
                    },
                );
                unit.ends.push(unit.counts.len() as u32);
            }
            // the units of a large corpus are all kept: no room to spare in them
            unit.counts.shrink_to_fit();
            unit
        })
    }
}

/// Every distinct term of a corpus, and each document's terms as `(term id, count)`.
pub struct AnalyzedCorpus {
    /// The text of every term once, back to back.
    text: String,
    /// Per term id: start and end of its text.
    spans: Vec<(usize, usize)>,
    hashes: Vec<u64>,
    /// The documents, [`UNIT`] per unit, their pairs renumbered to corpus-wide term ids.
    units: Vec<Unit>,
    docs: usize,
}

impl AnalyzedCorpus {
    /// Analyzes `texts` in parallel; term ids are assigned in order of first appearance, so
    /// the result does not depend on the number of threads.
    pub fn new<S: AsRef<str> + Sync>(config: &FeatureConfig, texts: &[S]) -> AnalyzedCorpus {
        let pool = AnalyzerPool::new(&config.analyzer());
        let mut corpus = AnalyzedCorpus {
            text: String::new(),
            spans: Vec::new(),
            hashes: Vec::new(),
            units: Vec::with_capacity(texts.len().div_ceil(UNIT)),
            docs: texts.len(),
        };
        let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
        // Units are analyzed in parallel a batch at a time, then numbered into the corpus in
        // order. Each unit lists every term it met, common ones included: holding all those
        // lists at once would take more memory than the corpus itself.
        for batch in texts.chunks(UNIT * BATCH_UNITS) {
            let mut units: Vec<Unit> = batch
                .par_chunks(UNIT)
                .map(|chunk| Unit::analyze(config, &pool, chunk))
                .collect();
            let renumberings: Vec<Vec<u32>> = units
                .iter_mut()
                .map(|unit| corpus.number_terms(&mut ids, unit))
                .collect();
            units
                .par_iter_mut()
                .zip(renumberings)
                .for_each(|(unit, to_corpus)| {
                    for (id, _) in &mut unit.counts {
                        *id = to_corpus[*id as usize];
                    }
                });
            corpus.units.extend(units);
        }
        corpus
    }

    /// Gives the terms of `unit` their corpus ids (`ids` maps hashes to them), adding the
    /// new ones; returns the corpus id of each unit id, and frees the unit's term list.
    fn number_terms(&mut self, ids: &mut FxHashMap<u64, u32>, unit: &mut Unit) -> Vec<u32> {
        let unit_text = std::mem::take(&mut unit.text);
        std::mem::take(&mut unit.terms)
            .into_iter()
            .map(|(hash, start, end)| {
                *ids.entry(hash).or_insert_with(|| {
                    // only a term's first unit keeps its text: units repeat common terms
                    let at = self.text.len();
                    self.text.push_str(&unit_text[start as usize..end as usize]);
                    self.spans.push((at, self.text.len()));
                    self.hashes.push(hash);
                    (self.hashes.len() - 1) as u32
                })
            })
            .collect()
    }

    /// Document `i`'s `(term id, count)` pairs.
    fn doc(&self, i: usize) -> &[(u32, u32)] {
        self.units[i / UNIT].doc(i % UNIT)
    }

    /// The text of term `id`.
    fn term(&self, id: usize) -> &str {
        let (start, end) = self.spans[id];
        &self.text[start..end]
    }

    pub fn len(&self) -> usize {
        self.docs
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Number of terms (after analysis) in document `i`: zero means nothing to classify on.
    pub fn term_count(&self, i: usize) -> u32 {
        self.doc(i).iter().map(|&(_, n)| n).sum()
    }

    /// Fits the columns and IDF on the documents `rows`, returning the vectorizer and their
    /// TF-IDF matrix (rows in the given order).
    pub fn fit(&self, config: &FeatureConfig, rows: &[usize]) -> (Vectorizer, CsrMatrix) {
        let mut term_df = vec![0usize; self.hashes.len()];
        for &r in rows {
            for &(id, _) in self.doc(r) {
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
                    .map(|(id, &df)| (self.term(id), self.hashes[id], df));
                Columns::Vocabulary(Vocabulary::select(dfs, rows.len(), limits))
            }
            Some(bits) => Columns::Hashing { bits },
        };
        let mut vectorizer = Vectorizer {
            config: config.clone(),
            columns,
            tfidf: TfIdf {
                idf: Vec::new(),
                sublinear_tf: config.sublinear_tf,
            },
        };
        let term_columns = self.term_columns(&vectorizer, |id| limits.keeps(term_df[id], rows.len()));
        let mut col_df = vec![0usize; vectorizer.columns.len()];
        match vectorizer.columns {
            // a vocabulary gives each column one term: its document frequency is the term's
            Columns::Vocabulary(_) => {
                for (id, column) in term_columns.iter().enumerate() {
                    if let Some(c) = column {
                        col_df[*c as usize] = term_df[id];
                    }
                }
            }
            // hashing can send several terms of a document to one column
            Columns::Hashing { .. } => {
                let mut cols = Vec::new();
                for &r in rows {
                    cols.clear();
                    cols.extend(
                        self.doc(r)
                            .iter()
                            .filter_map(|&(id, _)| term_columns[id as usize]),
                    );
                    cols.sort_unstable();
                    cols.dedup();
                    for &c in &cols {
                        col_df[c as usize] += 1;
                    }
                }
            }
        }
        vectorizer.tfidf = TfIdf::fit(&col_df, rows.len(), config.sublinear_tf);
        let matrix = self.matrix_with(&vectorizer, &term_columns, rows);
        (vectorizer, matrix)
    }

    /// The TF-IDF rows of documents `rows` under an already fitted vectorizer.
    pub fn matrix(&self, vectorizer: &Vectorizer, rows: &[usize]) -> CsrMatrix {
        let term_columns = self.term_columns(vectorizer, |_| true);
        self.matrix_with(vectorizer, &term_columns, rows)
    }

    /// Each term's column, looked up only for terms that `may_have_one`.
    fn term_columns(
        &self,
        vectorizer: &Vectorizer,
        may_have_one: impl Fn(usize) -> bool,
    ) -> Vec<Option<u32>> {
        self.hashes
            .iter()
            .enumerate()
            .map(|(id, &h)| {
                if may_have_one(id) {
                    vectorizer.columns.column_of_hash(h)
                } else {
                    None
                }
            })
            .collect()
    }

    fn matrix_with(
        &self,
        vectorizer: &Vectorizer,
        term_columns: &[Option<u32>],
        rows: &[usize],
    ) -> CsrMatrix {
        let has_column = |&&(id, _): &&(u32, u32)| term_columns[id as usize].is_some();
        // at most this many entries (hashing may add up two terms in one column)
        let nnz = rows
            .par_iter()
            .map(|&r| self.doc(r).iter().filter(has_column).count())
            .sum();
        let mut matrix = CsrMatrix::with_capacity(vectorizer.n_features(), rows.len(), nnz);
        // the rows are weighed in parallel a batch at a time and moved into `matrix` as they
        // come, so that a large corpus's matrix is never held twice
        for batch in rows.chunks(UNIT * 16) {
            let parts: Vec<CsrMatrix> = batch
                .par_chunks(UNIT)
                .map(|chunk| {
                    let mut part = CsrMatrix::new(vectorizer.n_features());
                    let mut row = Vec::new();
                    for &r in chunk {
                        row.clear();
                        row.extend(
                            self.doc(r)
                                .iter()
                                .filter_map(|&(id, n)| term_columns[id as usize].map(|c| (c, f64::from(n)))),
                        );
                        vectorizer.weigh(&mut row);
                        part.push_row(row.iter().copied());
                    }
                    part
                })
                .collect();
            for part in &parts {
                matrix.append(part);
            }
        }
        matrix
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Four short articles that share some terms (also used by the vectorizer's tests).
    pub(crate) const TEXTS: [&str; 4] = [
        "Rebels shelled the town overnight.",
        "Rebels shelled a convoy near the border.",
        "Thousands fled the shelling to the border.",
        "Talks on a ceasefire resumed in Geneva.",
    ];

    /// The default features, with every term kept.
    pub(crate) fn config() -> FeatureConfig {
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
    fn counts_repeated_terms_once_per_document() {
        let corpus = AnalyzedCorpus::new(&config(), &["shelling shelling shelling town", "town"]);
        assert_eq!(corpus.term_count(0), 4 + 3);
        let shell = corpus
            .doc(0)
            .iter()
            .find(|&&(id, _)| corpus.term(id as usize) == "shell");
        assert_eq!(shell.map(|&(_, n)| n), Some(3));
        // "town" is one term in both documents
        let town: Vec<u32> = (0..2)
            .filter_map(|d| {
                corpus
                    .doc(d)
                    .iter()
                    .find(|&&(id, _)| corpus.term(id as usize) == "town")
            })
            .map(|&(id, _)| id)
            .collect();
        assert_eq!(town.len(), 2);
        assert_eq!(town[0], town[1]);
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
    fn results_do_not_depend_on_units_or_threads() {
        let many: Vec<String> = (0..3 * UNIT + 17)
            .map(|i| format!("{} item {} {}", TEXTS[i % 4], i % 7, i % 3))
            .collect();
        let a = AnalyzedCorpus::new(&config(), &many);
        let rows: Vec<usize> = (0..many.len()).collect();
        let (va, ma) = a.fit(&config(), &rows);
        assert_eq!(ma, va.transform(&many));
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool");
        let (vb, mb) = one_thread.install(|| AnalyzedCorpus::new(&config(), &many).fit(&config(), &rows));
        assert_eq!(va, vb);
        assert_eq!(ma, mb);
        // rows in another order come out in that order
        let reversed: Vec<usize> = rows.iter().rev().copied().collect();
        let mr = a.matrix(&va, &reversed);
        assert_eq!(mr.row(0).indices, ma.row(many.len() - 1).indices);
    }

    #[test]
    fn min_df_drops_rare_terms_from_columns_and_rows() {
        let cfg = FeatureConfig {
            min_df: 2,
            ..config()
        };
        let corpus = AnalyzedCorpus::new(&cfg, &TEXTS);
        let (vectorizer, m) = corpus.fit(&cfg, &[0, 1, 2, 3]);
        assert!(vectorizer.columns.column("rebel").is_some());
        assert!(vectorizer.columns.column("geneva").is_none());
        // the fourth text shares no term with the others
        assert_eq!(m.row(3).indices.len(), 0);
        assert_eq!(vectorizer.tfidf.idf.len(), vectorizer.n_features());
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
