//! What to train: the user's choice (`--model`) and the concrete algorithm with its
//! hyperparameters that it means for each target.

use std::fmt;
use std::str::FromStr;

use linfa::prelude::*;

use super::TrainOptions;
use crate::model::TargetKind;
use crate::models::{
    dataset, ComplementNb, LinearClassifier, LinearSvm, LogisticRegression, ModelError, MultinomialNb,
    OrdinalSvm, TemperatureScaled,
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
            _ => Err(format!(
                "unknown model `{s}`; choose auto, svm, logistic, cnb or nb"
            )),
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
        let weights: Vec<f64> = classes
            .iter()
            .map(|c| {
                class_weights
                    .iter()
                    .find(|(label, _)| label == c)
                    .map_or(1.0, |(_, w)| *w)
            })
            .collect();
        let weighted = weights.iter().any(|&w| w != 1.0);
        let ds = dataset(x, y.to_vec(), classes);
        // SVMs always calibrate (Platt): their raw margins are not probabilities at all.
        // Softmax models get temperature scaling when asked.
        match (*self, calibrate) {
            (Algorithm::LinearSvm { c }, _) => LinearSvm::params()
                .c(c)
                .seed(seed)
                .class_weights(weights)
                .fit(&ds),
            (Algorithm::OrdinalSvm { c, all_threshold }, _) => OrdinalSvm::params()
                .c(c)
                .seed(seed)
                .all_threshold(all_threshold)
                .class_weights(weights)
                .fit(&ds),
            (other, _) if weighted => Err(ModelError::Param(format!(
                "{other} does not take class weights; use --model svm with --class-weight"
            ))),
            (Algorithm::Logistic { c }, false) => LogisticRegression::params().c(c).seed(seed).fit(&ds),
            (Algorithm::Logistic { c }, true) => {
                let inner = LogisticRegression::params().c(c).seed(seed);
                TemperatureScaled {
                    inner,
                    folds: 3,
                    seed,
                }
                .fit(&ds)
            }
            (Algorithm::ComplementNb { alpha }, false) => ComplementNb::params().alpha(alpha).fit(&ds),
            (Algorithm::ComplementNb { alpha }, true) => TemperatureScaled {
                inner: ComplementNb::params().alpha(alpha),
                folds: 3,
                seed,
            }
            .fit(&ds),
            (Algorithm::MultinomialNb { alpha }, false) => MultinomialNb::params().alpha(alpha).fit(&ds),
            (Algorithm::MultinomialNb { alpha }, true) => TemperatureScaled {
                inner: MultinomialNb::params().alpha(alpha),
                folds: 3,
                seed,
            }
            .fit(&ds),
        }
    }

    /// The algorithm a fixed choice means for a target of this kind.
    pub fn for_choice(options: &TrainOptions, kind: TargetKind) -> Option<Algorithm> {
        let (c, alpha) = (options.c, options.alpha);
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
