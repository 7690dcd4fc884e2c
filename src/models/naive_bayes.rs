//! Multinomial and Complement naive Bayes on TF-IDF features.
//!
//! Both are linear in the features: the class score is `x . log(theta_k) + log(prior_k)`
//! (multinomial) or `-x . log(complement theta_k)` (complement; Rennie et al. 2003, as
//! scikit-learn's `ComplementNB` with `norm=False`). Fitting is one pass over the data, which
//! makes them the fastest baselines here.

use linfa::prelude::*;
use ndarray::{Array1, Array2};
use thiserror::Error;

use super::{check_dataset, ClassTargets, LinearClassifier, Link, ModelError, SparseDataset};
use crate::sparse::CsrMatrix;

#[derive(Debug, Error)]
pub enum NaiveBayesError {
    #[error("alpha (additive smoothing) must be positive and finite, got {0}")]
    Alpha(f64),
}

impl From<NaiveBayesError> for ModelError {
    fn from(e: NaiveBayesError) -> Self {
        ModelError::Param(e.to_string())
    }
}

/// Which naive Bayes variant to fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Variant {
    Multinomial,
    Complement,
}

/// | name | default | purpose | range |
/// |---|---|---|---|
/// | alpha | 1.0 (multinomial), 0.3 (complement) | additive smoothing | > 0 |
#[derive(Debug, Clone, PartialEq)]
pub struct NaiveBayesValidParams {
    variant: Variant,
    alpha: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NaiveBayesParams(NaiveBayesValidParams);

pub struct MultinomialNb;
pub struct ComplementNb;

impl MultinomialNb {
    pub fn params() -> NaiveBayesParams {
        NaiveBayesParams(NaiveBayesValidParams {
            variant: Variant::Multinomial,
            alpha: 1.0,
        })
    }
}

impl ComplementNb {
    pub fn params() -> NaiveBayesParams {
        NaiveBayesParams(NaiveBayesValidParams {
            variant: Variant::Complement,
            alpha: 0.3,
        })
    }
}

impl NaiveBayesParams {
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.0.alpha = alpha;
        self
    }
}

impl ParamGuard for NaiveBayesParams {
    type Checked = NaiveBayesValidParams;
    type Error = NaiveBayesError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        if self.0.alpha > 0.0 && self.0.alpha.is_finite() {
            Ok(&self.0)
        } else {
            Err(NaiveBayesError::Alpha(self.0.alpha))
        }
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl Fit<CsrMatrix, ClassTargets, ModelError> for NaiveBayesValidParams {
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        let n_classes = check_dataset(ds)?;
        let n_features = ds.records.ncols();
        let mut counts = Array2::<f64>::zeros((n_features, n_classes));
        let mut class_rows = vec![0usize; n_classes];
        for (row, &class) in ds.records.rows().zip(ds.targets.classes.iter()) {
            class_rows[class] += 1;
            for (j, x) in row.iter() {
                counts[[j, class]] += x;
            }
        }
        let alpha = self.alpha;
        let mut weights = Array2::<f64>::zeros((n_features, n_classes));
        let mut bias = Array1::<f64>::zeros(n_classes);
        match self.variant {
            Variant::Multinomial => {
                for k in 0..n_classes {
                    let total: f64 = counts.column(k).sum() + alpha * n_features as f64;
                    for j in 0..n_features {
                        weights[[j, k]] = ((counts[[j, k]] + alpha) / total).ln();
                    }
                    // a class absent from this training fold can never win
                    bias[k] = if class_rows[k] > 0 {
                        (class_rows[k] as f64 / ds.records.nrows() as f64).ln()
                    } else {
                        -1e6
                    };
                }
            }
            Variant::Complement => {
                let all: Vec<f64> = (0..n_features).map(|j| counts.row(j).sum()).collect();
                for k in 0..n_classes {
                    let comp: Vec<f64> = (0..n_features).map(|j| all[j] - counts[[j, k]] + alpha).collect();
                    let total: f64 = comp.iter().sum();
                    for j in 0..n_features {
                        weights[[j, k]] = -(comp[j] / total).ln();
                    }
                    if class_rows[k] == 0 {
                        bias[k] = -1e6;
                    }
                }
            }
        }
        Ok(LinearClassifier {
            weights,
            bias,
            link: Link::Softmax,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::testdata::{accuracy, three_class};

    #[test]
    fn both_variants_learn_a_separable_problem() {
        let ds = three_class(10);
        for params in [MultinomialNb::params(), ComplementNb::params()] {
            let model = params.fit(&ds).expect("fits");
            assert_eq!(accuracy(&model, &ds), 1.0);
            assert!(model.check_consistent().is_ok());
        }
    }

    #[test]
    fn multinomial_matches_hand_computed_log_probabilities() {
        // two docs, two features: class 0 has counts (2, 0), class 1 has (0, 1); alpha 1
        let mut m = CsrMatrix::new(2);
        m.push_row([(0, 2.0)]);
        m.push_row([(1, 1.0)]);
        let ds = crate::models::dataset(m, vec![0, 1], &["x".into(), "y".into()]);
        let model = MultinomialNb::params().alpha(1.0).fit(&ds).expect("fits");
        // theta_00 = (2 + 1) / (2 + 2) = 0.75; theta_11 = (1 + 1) / (1 + 2)
        assert!((model.weights[[0, 0]] - 0.75f64.ln()).abs() < 1e-12);
        assert!((model.weights[[1, 1]] - (2.0f64 / 3.0).ln()).abs() < 1e-12);
        assert!((model.bias[0] - 0.5f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn bad_alpha_is_refused() {
        let ds = three_class(2);
        let err = MultinomialNb::params().alpha(0.0).fit(&ds).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid hyperparameter: alpha (additive smoothing) must be positive and finite, got 0"
        );
    }
}
