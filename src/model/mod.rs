//! A trained sitrep model: one vectorizer shared by one head per target. [`file`] reads
//! and writes it, [`targets`] says what its heads predict, [`default`] is the model built
//! into the binaries.

pub mod default;
pub mod file;
mod legacy;
pub mod targets;

use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::data::DataError;
use crate::features::{Analyzer, AnalyzerPool, Columns, Coverage, Vectorizer};
use crate::models::{LinearClassifier, Toward};
use crate::sparse::{CsrMatrix, SparseRow};

/// The terms behind one article's predictions: per head, (term, contribution) pairs,
/// largest first (see [`Model::explain`]).
pub type Explanation = Vec<Vec<(String, f64)>>;

/// Texts vectorized and predicted together by [`Model::predict_texts_with`]: one unit of
/// parallel work. A batch of long articles is under 2,000 texts; in units of a few hundred
/// the last one ran alone while the other core waited, and the next batch waits for it.
const PREDICT_CHUNK: usize = 64;

/// Whether a target's classes are unordered names or ordered levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetKind {
    Nominal,
    Ordinal,
}

impl TargetKind {
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Nominal => "nominal",
            TargetKind::Ordinal => "ordinal",
        }
    }
}

/// The classifier for one target column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub target: String,
    pub kind: TargetKind,
    /// Class labels in index order (for ordinal targets, lowest level first).
    pub classes: Vec<String>,
    /// The algorithm and hyperparameters, as a person would write them (`linear-svm C=1`).
    pub algorithm: String,
    pub classifier: LinearClassifier,
}

/// Facts about how the model was made, shown by `sitrep-classify --show-model`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub sitrep_version: String,
    pub training_rows: usize,
    pub text_columns: Vec<String>,
    pub seed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub vectorizer: Vectorizer,
    pub heads: Vec<Head>,
    pub provenance: Provenance,
    /// The scope gate: the probability that a text is of the kind the model was trained on,
    /// rather than like its background texts (`sitrep-train --background`). Models trained
    /// without background texts have none.
    pub scope: Option<LinearClassifier>,
}

/// One target's prediction for one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    pub label: String,
    pub probability: f64,
    /// Probability per class, in the head's class order.
    pub probabilities: Vec<f64>,
    /// Expected level for ordinal targets (sum of level index x probability).
    pub expected_level: Option<f64>,
    /// The share of the article's words the model knows ([`Coverage`]), the same for every
    /// head; `None` when the article has no words, or when only its vector was given.
    pub coverage: Option<f64>,
    /// Why the label was withheld (it is then `uncertain`), in words for the user.
    pub withheld: Option<String>,
    /// The scope gate's probability that the article is within the model's scope, the same
    /// for every head; `None` for a model without a gate.
    pub in_scope: Option<f64>,
}

impl Model {
    /// Checks that the parts fit together; a model file that fails this is refused.
    pub fn check_consistent(&self) -> Result<(), String> {
        // the settings first: the number of features depends on them
        if self.vectorizer.config.validate().is_err() {
            return Err("the feature settings are invalid".into());
        }
        match (&self.vectorizer.columns, self.vectorizer.config.hashing_bits) {
            (Columns::Hashing { bits }, Some(b)) if *bits == b => {}
            (Columns::Vocabulary(_), None) => {}
            _ => return Err("the feature columns do not match the feature settings".into()),
        }
        let n_features = self.vectorizer.n_features();
        if self.vectorizer.tfidf.idf.len() != n_features {
            return Err(format!(
                "IDF has {} entries for {} features",
                self.vectorizer.tfidf.idf.len(),
                n_features
            ));
        }
        if self.vectorizer.tfidf.idf.iter().any(|v| !v.is_finite()) {
            return Err("IDF contains a non-finite value".into());
        }
        if self.heads.is_empty() {
            return Err("the model has no targets".into());
        }
        if let Some(gate) = &self.scope {
            gate.check_consistent()
                .map_err(|e| format!("the scope gate: {e}"))?;
            if gate.n_features() != n_features || gate.n_classes() != 2 {
                return Err(format!(
                    "the scope gate has weights for {} features and {} classes; expected {n_features} and 2",
                    gate.n_features(),
                    gate.n_classes()
                ));
            }
        }
        for head in &self.heads {
            let c = &head.classifier;
            c.check_consistent()
                .map_err(|e| format!("target `{}`: {e}", head.target))?;
            if c.n_features() != n_features {
                return Err(format!(
                    "target `{}` has weights for {} features, the vectorizer makes {}",
                    head.target,
                    c.n_features(),
                    n_features
                ));
            }
            if c.n_classes() != head.classes.len() {
                return Err(format!(
                    "target `{}` lists {} classes but its classifier has {}",
                    head.target,
                    head.classes.len(),
                    c.n_classes()
                ));
            }
        }
        Ok(())
    }

    pub fn head(&self, target: &str) -> Option<&Head> {
        self.heads.iter().find(|h| h.target == target)
    }

    /// Predictions for every head, for rows already vectorized.
    pub fn predict_rows(&self, x: &CsrMatrix) -> Vec<Vec<Prediction>> {
        x.rows()
            .map(|row| {
                let in_scope = self.scope.as_ref().map(|gate| gate.probabilities(row)[0]);
                self.heads
                    .iter()
                    .map(|head| {
                        let probabilities = head.classifier.probabilities(row);
                        let k = head.classifier.decide(&probabilities);
                        let expected_level = (head.kind == TargetKind::Ordinal)
                            .then(|| probabilities.iter().enumerate().map(|(i, p)| i as f64 * p).sum());
                        Prediction {
                            label: head.classes[k].clone(),
                            probability: probabilities[k],
                            probabilities,
                            expected_level,
                            coverage: None,
                            withheld: None,
                            in_scope,
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Vectorizes and predicts a batch of texts (in parallel, in input order).
    pub fn predict_texts<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Vec<Prediction>> {
        self.predict_texts_with(texts, &self.vectorizer.analyzers(), None)
            .0
    }

    /// Predictions for rows vectorized from texts, each told its text's coverage.
    fn predict_covered(&self, x: &CsrMatrix, coverage: &[Coverage]) -> Vec<Vec<Prediction>> {
        let mut preds = self.predict_rows(x);
        for (doc, c) in preds.iter_mut().zip(coverage) {
            for p in doc {
                p.coverage = c.share();
            }
        }
        preds
    }

    /// Like [`Model::predict_texts`], with analyzers kept by the caller across batches
    /// (see [`Vectorizer::analyzers`]), and with `explain: Some(n)` the n terms behind each
    /// prediction (else no explanations). Works a few hundred texts at a time, so only that
    /// many rows are ever held as a matrix, however long the articles; each text is
    /// vectorized once for both.
    pub fn predict_texts_with<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        analyzers: &AnalyzerPool,
        explain: Option<usize>,
    ) -> (Vec<Vec<Prediction>>, Vec<Explanation>) {
        self.predict_texts_then(texts, analyzers, explain, |_, _| {})
    }

    /// [`Model::predict_texts_with`] that lets `then` amend each chunk's predictions on the
    /// thread that made them (as abstention does), given the chunk's texts.
    pub fn predict_texts_then<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        analyzers: &AnalyzerPool,
        explain: Option<usize>,
        then: impl Fn(&[S], &mut [Vec<Prediction>]) + Sync,
    ) -> (Vec<Vec<Prediction>>, Vec<Explanation>) {
        let parts = self.predict_chunks(texts, analyzers, explain, |chunk, mut preds, explanations| {
            then(chunk, &mut preds);
            (preds, explanations)
        });
        let (mut preds, mut explanations) = (Vec::with_capacity(texts.len()), Vec::new());
        for (p, e) in parts {
            preds.extend(p);
            explanations.extend(e);
        }
        (preds, explanations)
    }

    /// [`Model::predict_texts_with`] that hands each chunk's texts, predictions and
    /// explanations to `finish` on the thread that made them, and returns what `finish`
    /// made of each chunk, in input order: a caller that only formats predictions does so
    /// in parallel, without collecting them.
    pub fn predict_chunks<S, T>(
        &self,
        texts: &[S],
        analyzers: &AnalyzerPool,
        explain: Option<usize>,
        finish: impl Fn(&[S], Vec<Vec<Prediction>>, Vec<Explanation>) -> T + Sync,
    ) -> Vec<T>
    where
        S: AsRef<str> + Sync,
        T: Send,
    {
        texts
            .par_chunks(PREDICT_CHUNK)
            .map(|chunk| {
                let mut coverage = Vec::with_capacity(chunk.len());
                let x = self.vectorizer.transform_covered(chunk, analyzers, &mut coverage);
                let preds = self.predict_covered(&x, &coverage);
                let explanations = match explain {
                    Some(n) => x
                        .rows()
                        .zip(&preds)
                        .map(|(row, p)| self.explain_row(row, p, n))
                        .collect(),
                    None => Vec::new(),
                };
                finish(chunk, preds, explanations)
            })
            .collect()
    }

    /// The terms that pushed one document toward each head's predicted class: for each
    /// head, up to `n` (term, contribution) pairs, largest first.
    pub fn explain(&self, analyzer: &mut Analyzer, text: &str, n: usize) -> Explanation {
        let mut m = CsrMatrix::new(self.vectorizer.n_features());
        let (row, coverage) = self.vectorizer.transform_one_covered(analyzer, text);
        m.push_row(row);
        let preds = self.predict_covered(&m, &[coverage]);
        self.explain_row(m.row(0), &preds[0], n)
    }

    /// [`Model::explain`] for a row already vectorized and predicted.
    fn explain_row(&self, row: SparseRow<'_>, preds: &[Prediction], n: usize) -> Explanation {
        self.heads
            .iter()
            .zip(preds)
            .map(|(head, p)| {
                // levels are explained up the scale, whatever model learned them
                let pushes = match head.kind {
                    TargetKind::Ordinal => head.classifier.contributions(row, Toward::Higher),
                    TargetKind::Nominal => head
                        .classifier
                        .contributions(row, Toward::Class(head.classifier.decide(&p.probabilities))),
                };
                pushes
                    .into_iter()
                    .take(n)
                    .map(|(j, c)| (self.vectorizer.columns.name(j), c))
                    .collect()
            })
            .collect()
    }

    /// The `n` terms with the largest weight toward each class of a head.
    pub fn top_terms(&self, head: &Head, class: usize, n: usize) -> Vec<(String, f64)> {
        let c = &head.classifier;
        let mut pushes: Vec<(usize, f64)> = (0..c.n_features())
            .map(|j| (j, c.feature_push(j, Toward::Class(class))))
            .collect();
        pushes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        pushes
            .into_iter()
            .take(n)
            .map(|(j, w)| (self.vectorizer.columns.name(j), w))
            .collect()
    }

    /// A human view: targets, classes, sizes and top terms per class.
    pub fn describe(&self, top: usize) -> String {
        let v = &self.vectorizer;
        let cfg = &v.config;
        let mut out = String::new();
        out.push_str(&format!(
            "sitrep model (made by sitrep {}, {} training rows, seed {})\n",
            self.provenance.sitrep_version, self.provenance.training_rows, self.provenance.seed
        ));
        out.push_str(&format!(
            "text columns: {}\n",
            self.provenance.text_columns.join(", ")
        ));
        out.push_str(&format!(
            "features: {} ({}), language {}, word n-grams {}-{}{}, min_df {}, max_df {}, stemming {}, stop words {}, number buckets {}, spelling variants {}\n",
            v.n_features(),
            if cfg.hashing_bits.is_some() { "hashed" } else { "vocabulary" },
            cfg.language.name(),
            cfg.word_ngrams.0,
            cfg.word_ngrams.1,
            cfg.char_ngrams.map(|(a, b)| format!(", char n-grams {a}-{b}")).unwrap_or_default(),
            cfg.min_df,
            cfg.max_df,
            on_off(cfg.stem),
            on_off(cfg.stop_words),
            on_off(cfg.number_buckets),
            on_off(cfg.spelling_variants),
        ));
        for head in &self.heads {
            out.push_str(&format!(
                "\ntarget `{}` ({}, {}): {} classes\n",
                head.target,
                head.kind.name(),
                head.algorithm,
                head.classes.len()
            ));
            if head.kind == TargetKind::Ordinal {
                out.push_str(&format!("  levels, low to high: {}\n", head.classes.join(", ")));
                // pushes up the scale, whatever model learned the levels (a nominal one's
                // push toward the first class would name the terms of the lowest level)
                let c = &head.classifier;
                let mut pushes: Vec<(usize, f64)> = (0..c.n_features())
                    .map(|j| (j, c.feature_push(j, Toward::Higher)))
                    .collect();
                pushes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let named = |p: &[(usize, f64)]| -> Vec<(String, f64)> {
                    p.iter().take(top).map(|&(j, w)| (v.columns.name(j), w)).collect()
                };
                let up = named(&pushes);
                out.push_str(&format!(
                    "  terms pushing toward higher levels: {}\n",
                    join_terms(&up)
                ));
                pushes.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
                out.push_str(&format!(
                    "  terms pushing toward lower levels: {}\n",
                    join_terms(&named(&pushes))
                ));
            } else {
                for (k, class) in head.classes.iter().enumerate() {
                    out.push_str(&format!(
                        "  {class}: {}\n",
                        join_terms(&self.top_terms(head, k, top))
                    ));
                }
            }
        }
        out
    }
}

/// The text columns to read from a CSV header: the user's, or else those of the model's
/// training columns that the file has.
pub fn resolve_text_columns(
    path: &Path,
    header: &[String],
    requested: &[String],
    model: &Model,
) -> Result<Vec<String>, DataError> {
    if !requested.is_empty() {
        crate::data::check_named_once(requested)?;
        return Ok(requested.to_vec());
    }
    let present: Vec<String> = model
        .provenance
        .text_columns
        .iter()
        .filter(|c| header.contains(c))
        .cloned()
        .collect();
    if present.is_empty() {
        return Err(DataError::NoTextColumn {
            path: path.to_path_buf(),
            columns: model.provenance.text_columns.join("` or `"),
            available: crate::data::header_list(header),
        });
    }
    Ok(present)
}

fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}

fn join_terms(terms: &[(String, f64)]) -> String {
    terms
        .iter()
        .map(|(t, _)| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
