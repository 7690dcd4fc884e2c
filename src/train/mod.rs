//! Training: from labeled rows to a [`Model`], with model selection and a validation summary.

mod algorithm;
pub mod args;
mod checks;
pub mod missing;
pub mod scope;
mod select;
pub mod snippets;

use linfa::prelude::*;
use ndarray::Array1;
use thiserror::Error;

use crate::features::{AnalyzedCorpus, FeatureConfig, FeatureError};
use crate::metrics::{Classification, OrdinalScores};
use crate::model::targets::{EncodedTarget, TargetError, TargetSpec};
use crate::model::{Head, Model, Provenance, TargetKind};
use crate::models::folds::holdout;
use crate::models::{LinearClassifier, ModelError};
use crate::sparse::CsrMatrix;
use missing::{missing_classes, nothing_held_out, Split};
use snippets::Snippets;

pub use algorithm::{Algorithm, ModelChoice};
pub use checks::{check_options, check_text_columns};
pub(crate) use select::select;

/// Everything `sitrep-train` can set.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub text_columns: Vec<String>,
    pub targets: Vec<TargetSpec>,
    pub model: ModelChoice,
    /// The SVM's inverse regularization (`--c`; logistic regression takes 10 C); `None`:
    /// not given, [`DEFAULT_C`]. See [`TrainOptions::c`].
    pub c: Option<f64>,
    pub alpha: Option<f64>,
    pub features: FeatureConfig,
    /// Share of rows held out for the validation summary (0 = none).
    pub holdout: f64,
    /// Folds for `--model auto`; `None`: not given, [`DEFAULT_SELECTION_FOLDS`].
    pub selection_folds: Option<usize>,
    pub seed: u64,
    /// Calibrate probabilities (temperature scaling for softmax models; SVMs always use Platt).
    pub calibrate: bool,
    /// Texts outside the model's scope (`--background`); when given, the model gets a scope
    /// gate ([`scope::fit_scope`]).
    pub background: Vec<String>,
    /// Also train on the headline and lede of every long article ([`snippets`]).
    pub snippets: bool,
    /// Ordinal SVMs share one weight vector across thresholds (`--all-threshold`).
    pub all_threshold: bool,
    /// Weights of the rows of these classes (`--class-weight LABEL=W`; SVMs only).
    pub class_weights: Vec<(String, f64)>,
}

/// C when `--c` is not given.
pub const DEFAULT_C: f64 = 1.0;
/// The folds of `--model auto` when `--selection-folds` is not given.
pub const DEFAULT_SELECTION_FOLDS: usize = 3;

impl TrainOptions {
    /// C as given, else [`DEFAULT_C`].
    pub fn c(&self) -> f64 {
        self.c.unwrap_or(DEFAULT_C)
    }

    /// The folds of `--model auto` as given, else [`DEFAULT_SELECTION_FOLDS`].
    pub fn selection_folds(&self) -> usize {
        self.selection_folds.unwrap_or(DEFAULT_SELECTION_FOLDS)
    }
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            text_columns: vec!["text".into()],
            targets: Vec::new(),
            model: ModelChoice::Svm,
            c: None,
            alpha: None,
            features: FeatureConfig::default(),
            holdout: 0.0,
            selection_folds: None,
            seed: 42,
            calibrate: true,
            background: Vec::new(),
            snippets: false,
            all_threshold: false,
            class_weights: Vec::new(),
        }
    }
}

#[derive(Debug, Error)]
pub enum TrainError {
    #[error("invalid feature settings: {0}")]
    Features(#[from] FeatureError),
    #[error("target `{target}`: {source}")]
    Model { target: String, source: ModelError },
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("the hold-out share must be in [0, 0.9], got {0}")]
    Holdout(f64),
    #[error("cross-validation needs between 2 and {rows} folds (one per row at most), got {folds}")]
    Folds { folds: usize, rows: usize },
    #[error(
        "grouped cross-validation with {folds} folds needs at least {folds} groups, but the group \
         column has {groups} distinct value{}; use --folds {groups} or fewer, or a column with more groups",
        if *.groups == 1 { "" } else { "s" }
    )]
    GroupFolds { folds: usize, groups: usize },
    #[error("cannot compute metrics: {0}")]
    Metrics(String),
    /// A split's training part holds one class only ([`missing::one_class_left`]).
    #[error("{0}")]
    OneClassSplit(String),
    #[error("no target given: name at least one label column with --target")]
    NoTarget,
    #[error("the data have {0} rows; training needs at least 2")]
    TooFewRows(usize),
    #[error("target `{0}` is given twice; name each label column once with --target")]
    DuplicateTarget(String),
    #[error("--selection-folds must be at least 2 (the auto model choice compares candidates on K folds), got {0}")]
    SelectionFolds(usize),
    #[error("--selection-folds {folds} is more than the {rows} training rows: each fold on which the auto model choice compares its candidates holds out at least one row; give 2 to {rows}")]
    SelectionFoldsRows { folds: usize, rows: usize },
    #[error("--selection-folds sets the folds on which the auto model choice compares its candidates, and `{0}` is no choice to make, so it would ignore it; leave it out or choose auto")]
    SelectionFoldsModel(String),
    #[error("no term occurs in at least {min_df} of the {rows} training rows, so the model would have no features; lower --min-df or train on more text")]
    NoFeatures { min_df: usize, rows: usize },
    #[error("every term found in at least {min_df} of the {rows} training rows is in more than the share --max-df {max_df} allows (more than {max_count} rows), so it is dropped and the model would have no features; raise --max-df (1 keeps every term) or train on more varied text")]
    NoFeaturesMaxDf {
        min_df: usize,
        max_df: f64,
        max_count: usize,
        rows: usize,
    },
    #[error("--alpha smooths the word counts of naive Bayes, so it works with the cnb, nb and ensemble models only, and `{model}` would ignore it{why}; leave it out or choose cnb, nb or ensemble")]
    AlphaModel { model: String, why: &'static str },
    #[error("--c is the inverse regularization of the svm, logistic and ensemble models (and of the scope gate of sitrep-train --background), and `{model}` would ignore it{why}; leave it out or choose svm, logistic or ensemble")]
    CModel { model: String, why: &'static str },
    #[error("--no-calibration leaves the probabilities of logistic regression and naive Bayes uncalibrated, and the svm model is always Platt-calibrated (an SVM's margins are no probabilities), so it would ignore it; leave it out or choose logistic, cnb, nb or ensemble")]
    CalibrationSvm,
    #[error("--max-features keeps the N most frequent terms of a vocabulary, and --hashing-bits keeps no vocabulary (each term is hashed into one of 2^BITS columns), so --max-features would change nothing; give one of the two")]
    MaxFeaturesHashing,
    #[error("class weights (--class-weight) work with the svm model only")]
    ClassWeightModel,
    #[error("--class-weight gives `{label}` two weights ({first} and {second}); give each label one")]
    ClassWeightTwice { label: String, first: f64, second: f64 },
    #[error("column `{0}` is both a --text-column and a --target: the model would read each row's label in its text, score well on held-out rows and fail on articles, which carry no label; leave it out of the text columns")]
    TextColumnIsTarget(String),
    #[error(transparent)]
    TextColumns(#[from] crate::data::DataError),
    #[error("a class weight names `{label}`, which no target has; the targets' labels are {known}")]
    ClassWeightLabel { label: String, known: String },
    #[error("--all-threshold shares one weight vector across the thresholds of an ordinal SVM, so it works with the svm and ensemble models only, and `{0}` would ignore it; leave it out or choose svm")]
    AllThresholdModel(String),
    #[error("--all-threshold shares one weight vector across the thresholds of an ordinal target, and no target is ordinal; leave it out or give the level column as COLUMN:ordinal")]
    AllThresholdNominal,
}

/// Scores of one target on held-out rows.
#[derive(Debug, Clone)]
pub struct Validation {
    pub target: String,
    pub algorithm: String,
    pub rows: usize,
    pub classification: Classification,
    pub ordinal: Option<OrdinalScores>,
}

/// One candidate's cross-validated score during `--model auto`.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub target: String,
    pub algorithm: Algorithm,
    /// Macro-F1 for nominal targets, quadratic weighted kappa for ordinal ones.
    pub score: f64,
}

#[derive(Debug, Clone, Default)]
pub struct TrainSummary {
    pub rows: usize,
    /// Snippet copies trained on besides the rows (`--snippets`).
    pub snippet_copies: usize,
    pub features: usize,
    pub chosen: Vec<(String, String)>,
    pub candidates: Vec<Candidate>,
    pub validation: Vec<Validation>,
    /// The rows (text indices) with no word to learn from: punctuation or stop words alone.
    pub wordless_rows: Vec<usize>,
}

/// Trains a model on `texts` with already encoded targets. `progress` is told each step;
/// `warn` of each class that the holdout split's or an auto selection fold's training part
/// lacks (the model trained on it cannot predict the class), before that part trains.
pub fn train(
    texts: &[String],
    targets: &[EncodedTarget],
    options: &TrainOptions,
    mut progress: impl FnMut(&str),
    mut warn: impl FnMut(&str),
) -> Result<(Model, TrainSummary), TrainError> {
    options.features.validate()?;
    if targets.is_empty() {
        return Err(TrainError::NoTarget);
    }
    if texts.len() < 2 {
        return Err(TrainError::TooFewRows(texts.len()));
    }
    if !(0.0..=0.9).contains(&options.holdout) {
        return Err(TrainError::Holdout(options.holdout));
    }
    if let Some(t) = targets
        .iter()
        .enumerate()
        .find(|(k, t)| targets[..*k].iter().any(|u| u.spec.column == t.spec.column))
    {
        return Err(TrainError::DuplicateTarget(t.1.spec.column.clone()));
    }
    checks::check_options(targets, options)?;
    // split before any training, so that its warnings come first
    let validation = (options.holdout > 0.0).then(|| {
        let (train_rows, test_rows) = holdout(&targets[0].y, options.holdout, options.seed);
        if test_rows.is_empty() {
            warn(&nothing_held_out(options.holdout, &targets[0]));
        }
        let mut held_out = vec![false; texts.len()];
        test_rows.iter().for_each(|&i| held_out[i] = true);
        for t in targets {
            let sides = t.y.iter().zip(&held_out).map(|(&y, &h)| (y, h));
            for message in missing_classes(Split::Holdout, t, sides) {
                warn(&message);
            }
        }
        (train_rows, test_rows)
    });
    progress("analyzing text");
    let (snippets, texts_and_copies) = Snippets::new(texts, options.snippets);
    if options.snippets && snippets.is_empty() {
        warn(&snippets::no_copies_warning());
    }
    let targets = &with_copies(targets, &snippets);
    let corpus = AnalyzedCorpus::new(&options.features, &texts_and_copies);
    let mut summary = TrainSummary {
        rows: texts.len(),
        snippet_copies: snippets.len(),
        wordless_rows: (0..texts.len()).filter(|&i| corpus.term_count(i) == 0).collect(),
        ..Default::default()
    };
    // model selection folds over the articles alone: a copy must not be scored against
    // its own article
    let originals = snippets.originals();
    let all = snippets.with_copies(&originals);

    // choose an algorithm per target (cross-validated for auto)
    let mut algorithms = Vec::new();
    for t in targets {
        let algorithm = match Algorithm::for_choice(options, t.spec.kind) {
            Some(a) => a,
            None => {
                progress(&format!("choosing a model for `{}`", t.spec.column));
                let (best, scored) = select(&corpus, &originals, t, options, None, &mut warn)?;
                summary.candidates.extend(scored);
                best
            }
        };
        summary
            .chosen
            .push((t.spec.column.clone(), algorithm.to_string()));
        algorithms.push(algorithm);
    }

    if let Some((train_rows, test_rows)) = validation.filter(|(_, test)| !test.is_empty()) {
        progress("validating on held-out rows");
        let train_rows = snippets.with_copies(&train_rows);
        let (vectorizer, mut x_train) = corpus.fit(&options.features, &train_rows);
        let x_test = corpus.matrix(&vectorizer, &test_rows);
        for (k, (t, algorithm)) in targets.iter().zip(&algorithms).enumerate() {
            let y_train: Vec<usize> = train_rows.iter().map(|&i| t.y[i]).collect();
            let y_test: Vec<usize> = test_rows.iter().map(|&i| t.y[i]).collect();
            let model = algorithm
                .fit(
                    matrix_for(&mut x_train, k, targets.len()),
                    &y_train,
                    &t.classes,
                    &options.class_weights,
                    options.seed,
                    options.calibrate,
                )
                .map_err(|source| fit_error(Split::Holdout, t, &y_train, source))?;
            let pred = predict(&model, &x_test);
            if let Ok(classification) = Classification::new(&t.classes, &y_test, &pred) {
                let ordinal = (t.spec.kind == TargetKind::Ordinal)
                    .then(|| OrdinalScores::new(&y_test, &pred, t.classes.len()).ok())
                    .flatten();
                summary.validation.push(Validation {
                    target: t.spec.column.clone(),
                    algorithm: algorithm.to_string(),
                    rows: test_rows.len(),
                    classification,
                    ordinal,
                });
            }
        }
    }

    progress("training the final model on all rows");
    let (vectorizer, mut x) = corpus.fit(&options.features, &all);
    summary.features = vectorizer.n_features();
    if summary.features == 0 {
        return Err(no_features(&corpus, &options.features, &all));
    }
    let scope = if options.background.is_empty() {
        None
    } else {
        progress("training the scope gate");
        Some(scope::fit_scope(&x, &vectorizer, options)?)
    };
    let mut heads = Vec::new();
    for (k, (t, algorithm)) in targets.iter().zip(&algorithms).enumerate() {
        let classifier = algorithm
            .fit(
                matrix_for(&mut x, k, targets.len()),
                &t.y,
                &t.classes,
                &options.class_weights,
                options.seed,
                options.calibrate,
            )
            .map_err(|source| TrainError::Model {
                target: t.spec.column.clone(),
                source,
            })?;
        let algorithm = match classifier.link {
            crate::models::Link::ScaledSoftmax { temperature } => {
                format!("{algorithm} (temperature {temperature:.3})")
            }
            _ => algorithm.to_string(),
        };
        heads.push(Head {
            target: t.spec.column.clone(),
            kind: t.spec.kind,
            classes: t.classes.clone(),
            algorithm,
            classifier,
        });
    }
    let provenance = Provenance {
        sitrep_version: env!("CARGO_PKG_VERSION").to_string(),
        training_rows: texts.len(),
        text_columns: options.text_columns.clone(),
        seed: options.seed,
    };
    Ok((
        Model {
            vectorizer,
            heads,
            provenance,
            scope,
        },
        summary,
    ))
}

/// Why no term was kept: too rare for `--min-df`, or (when every text is much the same) too
/// common for `--max-df`, which a vocabulary without that bound tells.
fn no_features(corpus: &AnalyzedCorpus, features: &FeatureConfig, rows: &[usize]) -> TrainError {
    let (min_df, max_df, n) = (features.min_df, features.max_df, rows.len());
    let without_max_df = FeatureConfig {
        max_df: 1.0,
        max_features: None,
        ..features.clone()
    };
    if max_df < 1.0 && corpus.fit(&without_max_df, rows).0.n_features() > 0 {
        return TrainError::NoFeaturesMaxDf {
            min_df,
            max_df,
            max_count: (max_df * n as f64).floor().max(1.0) as usize,
            rows: n,
        };
    }
    TrainError::NoFeatures { min_df, rows: n }
}

/// The error of a model that the training part of `split` (labels `y_train`) cannot fit,
/// naming the split when that part holds one class only ([`missing::one_class_left`]).
pub(crate) fn fit_error(
    split: Split,
    target: &EncodedTarget,
    y_train: &[usize],
    source: ModelError,
) -> TrainError {
    match (&source, y_train.first()) {
        (ModelError::OneClass(rows), Some(&class)) => {
            TrainError::OneClassSplit(missing::one_class_left(split, target, class, *rows))
        }
        _ => TrainError::Model {
            target: target.spec.column.clone(),
            source,
        },
    }
}

/// The targets with a label for every snippet copy (its article's).
pub(crate) fn with_copies(targets: &[EncodedTarget], snippets: &Snippets) -> Vec<EncodedTarget> {
    targets
        .iter()
        .map(|t| EncodedTarget {
            y: snippets.extend(&t.y),
            ..t.clone()
        })
        .collect()
}

/// The matrix to fit target `k` of `n` on: a copy of `x`, except that the last target takes
/// `x` itself, so that training for one target never holds the corpus's matrix twice.
pub(crate) fn matrix_for(x: &mut CsrMatrix, k: usize, n: usize) -> CsrMatrix {
    if k + 1 == n {
        std::mem::replace(x, CsrMatrix::new(x.ncols()))
    } else {
        x.clone()
    }
}

pub(crate) fn predict(model: &LinearClassifier, x: &CsrMatrix) -> Vec<usize> {
    // linfa's PredictInplace directly: `predict(&dataset)` would need the matrix moved or copied
    let mut pred: Array1<usize> = model.default_target(x);
    model.predict_inplace(x, &mut pred);
    pred.to_vec()
}

#[cfg(test)]
mod tests;
