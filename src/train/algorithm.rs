//! What to train: the user's choice (`--model`) and the concrete algorithm with its
//! hyperparameters that it means for each target.

use std::fmt;
use std::str::FromStr;

use super::TrainOptions;
use crate::model::TargetKind;
use crate::models::{
    dataset, ComplementNb, Learner, LinearClassifier, LinearSvm, LogisticRegression, MeanEnsemble,
    ModelError, MultinomialNb, OrdinalSvm, SparseDataset, TemperatureScaled,
};
use crate::sparse::CsrMatrix;

/// Which algorithm to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelChoice {
    /// Pick algorithm and regularization per target by cross-validation.
    Auto,
    /// Linear SVM (ordinal SVM for ordinal targets), calibrated.
    Svm,
    Logistic,
    ComplementNb,
    MultinomialNb,
    /// The mean of the SVM's, logistic regression's and complement naive Bayes's
    /// probabilities.
    Ensemble,
}

impl FromStr for ModelChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(ModelChoice::Auto),
            "svm" => Ok(ModelChoice::Svm),
            "logistic" => Ok(ModelChoice::Logistic),
            "cnb" => Ok(ModelChoice::ComplementNb),
            "nb" => Ok(ModelChoice::MultinomialNb),
            "ensemble" => Ok(ModelChoice::Ensemble),
            _ => Err(format!(
                "unknown model `{s}`; choose auto, svm, logistic, cnb, nb or ensemble"
            )),
        }
    }
}

impl ModelChoice {
    /// The name `--model` takes for it.
    pub fn name(self) -> &'static str {
        match self {
            ModelChoice::Auto => "auto",
            ModelChoice::Svm => "svm",
            ModelChoice::Logistic => "logistic",
            ModelChoice::ComplementNb => "cnb",
            ModelChoice::MultinomialNb => "nb",
            ModelChoice::Ensemble => "ensemble",
        }
    }
}

/// One concrete algorithm with its hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Algorithm {
    LinearSvm {
        c: f64,
    },
    /// `all_threshold`: one weight vector for every threshold.
    OrdinalSvm {
        c: f64,
        all_threshold: bool,
    },
    Logistic {
        c: f64,
    },
    ComplementNb {
        alpha: f64,
    },
    MultinomialNb {
        alpha: f64,
    },
    /// The mean of [`Algorithm::members`]: the SVM (ordinal for ordinal targets) with C
    /// = `c`, logistic regression with C = 10 `c`, complement naive Bayes with `alpha`.
    Ensemble {
        c: f64,
        alpha: f64,
        ordinal: bool,
        all_threshold: bool,
    },
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Algorithm::LinearSvm { c } => write!(f, "linear-svm C={c} (Platt-calibrated)"),
            Algorithm::OrdinalSvm { c, all_threshold } => {
                let kind = if *all_threshold {
                    "all-threshold"
                } else {
                    "cumulative"
                };
                write!(f, "ordinal-svm C={c} ({kind}, Platt-calibrated)")
            }
            Algorithm::Logistic { c } => write!(f, "logistic C={c}"),
            Algorithm::ComplementNb { alpha } => write!(f, "complement-nb alpha={alpha}"),
            Algorithm::MultinomialNb { alpha } => write!(f, "multinomial-nb alpha={alpha}"),
            Algorithm::Ensemble { .. } => {
                let members: Vec<String> = self.members().iter().map(|m| m.to_string()).collect();
                write!(f, "mean of {}", members.join(", "))
            }
        }
    }
}

impl Algorithm {
    /// Fits on `x` with labels `y` (indices into `classes`). `class_weights` weighs the
    /// rows of the named classes (`--class-weight`; SVMs only, classes not named weigh 1).
    pub fn fit(
        &self,
        x: CsrMatrix,
        y: &[usize],
        classes: &[String],
        class_weights: &[(String, f64)],
        seed: u64,
        calibrate: bool,
    ) -> Result<LinearClassifier, ModelError> {
        let ds = dataset(x, y.to_vec(), classes);
        self.fit_dataset(&ds, class_weights, seed, calibrate)
    }

    /// [`Algorithm::fit`] on a dataset it borrows, so that several algorithms can fit the
    /// same rows without a copy of the matrix each.
    pub(crate) fn fit_dataset(
        &self,
        ds: &SparseDataset,
        class_weights: &[(String, f64)],
        seed: u64,
        calibrate: bool,
    ) -> Result<LinearClassifier, ModelError> {
        let weights: Vec<f64> = ds
            .targets
            .labels
            .iter()
            .map(|c| {
                class_weights
                    .iter()
                    .find(|(label, _)| label == c)
                    .map_or(1.0, |(_, w)| *w)
            })
            .collect();
        self.learner(weights, seed, calibrate)?.fit(ds)
    }

    pub fn members(&self) -> Vec<Algorithm> {
        match *self {
            Algorithm::Ensemble {
                c,
                alpha,
                ordinal,
                all_threshold,
            } => vec![
                match ordinal {
                    true => Algorithm::OrdinalSvm { c, all_threshold },
                    false => Algorithm::LinearSvm { c },
                },
                Algorithm::Logistic { c: c * 10.0 },
                Algorithm::ComplementNb { alpha },
            ],
            _ => Vec::new(),
        }
    }

    /// The algorithm with its hyperparameters, ready to fit. `weights` weigh the rows of
    /// each class (SVMs only).
    fn learner(&self, weights: Vec<f64>, seed: u64, calibrate: bool) -> Result<Learner, ModelError> {
        let weighted = weights.iter().any(|&w| w != 1.0);
        // SVMs always calibrate (Platt): their raw margins are not probabilities at all.
        // Softmax models get temperature scaling when asked.
        Ok(match (*self, calibrate) {
            (Algorithm::LinearSvm { c }, _) => {
                Box::new(LinearSvm::params().c(c).seed(seed).class_weights(weights))
            }
            (Algorithm::OrdinalSvm { c, all_threshold }, _) => Box::new(
                OrdinalSvm::params()
                    .c(c)
                    .seed(seed)
                    .all_threshold(all_threshold)
                    .class_weights(weights),
            ),
            (other, _) if weighted => {
                return Err(ModelError::Param(format!(
                    "{other} does not take class weights; use --model svm with --class-weight"
                )))
            }
            (Algorithm::Logistic { c }, false) => Box::new(LogisticRegression::params().c(c).seed(seed)),
            (Algorithm::Logistic { c }, true) => Box::new(TemperatureScaled {
                inner: LogisticRegression::params().c(c).seed(seed),
                folds: 3,
                seed,
            }),
            (Algorithm::ComplementNb { alpha }, false) => Box::new(ComplementNb::params().alpha(alpha)),
            (Algorithm::ComplementNb { alpha }, true) => Box::new(TemperatureScaled {
                inner: ComplementNb::params().alpha(alpha),
                folds: 3,
                seed,
            }),
            (Algorithm::MultinomialNb { alpha }, false) => Box::new(MultinomialNb::params().alpha(alpha)),
            (Algorithm::MultinomialNb { alpha }, true) => Box::new(TemperatureScaled {
                inner: MultinomialNb::params().alpha(alpha),
                folds: 3,
                seed,
            }),
            (Algorithm::Ensemble { .. }, _) => {
                let learners = self
                    .members()
                    .iter()
                    .map(|m| m.learner(weights.clone(), seed, calibrate))
                    .collect::<Result<Vec<_>, _>>()?;
                Box::new(MeanEnsemble::of(learners)?)
            }
        })
    }

    /// The algorithm a fixed choice means for a target of this kind.
    pub fn for_choice(options: &TrainOptions, kind: TargetKind) -> Option<Algorithm> {
        let (c, alpha) = (options.c(), options.alpha);
        Some(match (options.model, kind) {
            (ModelChoice::Auto, _) => return None,
            (ModelChoice::Svm, TargetKind::Nominal) => Algorithm::LinearSvm { c },
            (ModelChoice::Svm, TargetKind::Ordinal) => Algorithm::OrdinalSvm {
                c,
                all_threshold: options.all_threshold,
            },
            (ModelChoice::Logistic, _) => Algorithm::Logistic { c: c * 10.0 },
            (ModelChoice::ComplementNb, _) => Algorithm::ComplementNb {
                alpha: alpha.unwrap_or(0.3),
            },
            (ModelChoice::MultinomialNb, _) => Algorithm::MultinomialNb {
                alpha: alpha.unwrap_or(0.1),
            },
            (ModelChoice::Ensemble, kind) => Algorithm::Ensemble {
                c,
                alpha: alpha.unwrap_or(0.3),
                ordinal: kind == TargetKind::Ordinal,
                all_threshold: options.all_threshold,
            },
        })
    }

    /// What `--model auto` tries, simplest first (ties go to the earlier candidate).
    pub fn candidates(kind: TargetKind) -> Vec<Algorithm> {
        let mut list = vec![
            Algorithm::ComplementNb { alpha: 0.1 },
            Algorithm::ComplementNb { alpha: 0.3 },
            Algorithm::ComplementNb { alpha: 1.0 },
            Algorithm::LinearSvm { c: 0.3 },
            Algorithm::LinearSvm { c: 1.0 },
            Algorithm::LinearSvm { c: 3.0 },
            Algorithm::Logistic { c: 10.0 },
            Algorithm::Logistic { c: 100.0 },
        ];
        if kind == TargetKind::Ordinal {
            list.extend([
                Algorithm::OrdinalSvm {
                    c: 0.3,
                    all_threshold: false,
                },
                Algorithm::OrdinalSvm {
                    c: 1.0,
                    all_threshold: false,
                },
                Algorithm::OrdinalSvm {
                    c: 3.0,
                    all_threshold: false,
                },
            ]);
        }
        list
    }
}
