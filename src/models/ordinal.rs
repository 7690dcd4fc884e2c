//! An ordinal head for ordered targets such as escalation level.
//!
//! Nominal classifiers treat "level 3 predicted as 2" as wrong as "3 predicted as 0". Here
//! the K ordered levels become K-1 cumulative binary problems "level > t" (Frank and Hall,
//! 2001), each a calibrated linear SVM on the same features: by default each with its own
//! weights, or with one shared weight vector ([`all_threshold`](super::all_threshold)).
//! Their probabilities, made non-increasing in t, give a distribution over levels; the
//! prediction is its median.

use linfa::prelude::*;

use super::all_threshold;
use super::linear_svm::{fit_calibrated, LinearSvmError};
use super::SparseDataset;
use super::{
    check_dataset, ClassTargets, LinearClassifier, LinearSvm, LinearSvmValidParams, Link, ModelError,
};
use crate::sparse::CsrMatrix;

/// Same hyperparameters as [`LinearSvm`], applied to every threshold, and whether the
/// thresholds share one weight vector.
#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalSvmValidParams {
    svm: LinearSvmValidParams,
    all_threshold: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrdinalSvmParams(OrdinalSvmValidParams);

pub struct OrdinalSvm;

impl OrdinalSvm {
    pub fn params() -> OrdinalSvmParams {
        OrdinalSvmParams(OrdinalSvmValidParams {
            svm: LinearSvm::params().0,
            all_threshold: false,
        })
    }
}

impl OrdinalSvmParams {
    pub fn c(mut self, c: f64) -> Self {
        self.0.svm.c = c;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.svm.seed = seed;
        self
    }
    pub fn calibration_folds(mut self, k: usize) -> Self {
        self.0.svm.calibration_folds = k;
        self
    }
    /// A weight per level (index), as [`LinearSvmParams::class_weights`](super::LinearSvmParams::class_weights): a row of a heavy
    /// level costs more in every threshold problem.
    pub fn class_weights(mut self, weights: Vec<f64>) -> Self {
        self.0.svm.class_weights = weights;
        self
    }
    /// One weight vector for all thresholds (the all-threshold loss) instead of one each.
    pub fn all_threshold(mut self, shared: bool) -> Self {
        self.0.all_threshold = shared;
        self
    }
}

impl ParamGuard for OrdinalSvmParams {
    type Checked = OrdinalSvmValidParams;
    type Error = LinearSvmError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        self.0.svm.check()?;
        Ok(&self.0)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.0.svm.check()?;
        Ok(self.0)
    }
}

impl Fit<CsrMatrix, ClassTargets, ModelError> for OrdinalSvmValidParams {
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        let n_levels = check_dataset(ds)?;
        let y: Vec<usize> = ds.targets.classes.to_vec();
        let cost = self.svm.row_weights(&y);
        let (weights, bias, a, b) = if self.all_threshold {
            all_threshold::fit(&ds.records, &y, n_levels, &cost, &self.svm)
        } else {
            let problems: Vec<Vec<bool>> = (0..n_levels - 1)
                .map(|t| y.iter().map(|&v| v > t).collect())
                .collect();
            fit_calibrated(&ds.records, &problems, &y, &cost, &self.svm)
        };
        Ok(LinearClassifier {
            weights,
            bias,
            link: Link::Cumulative { a, b },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array1;

    /// Four levels along one feature, with a second feature as noise.
    fn ordered(n: usize) -> SparseDataset {
        let mut m = CsrMatrix::new(2);
        let mut y = Vec::new();
        for i in 0..n {
            let level = i % 4;
            m.push_row([(0, level as f64 / 3.0 + 0.05), (1, 0.5 + 0.1 * (i % 3) as f64)]);
            y.push(level);
        }
        crate::models::dataset(m, y, &["0".into(), "1".into(), "2".into(), "3".into()])
    }

    #[test]
    fn learns_ordered_levels_and_uses_few_weights() {
        let ds = ordered(80);
        let model = OrdinalSvm::params().c(100.0).fit(&ds).expect("fits");
        assert_eq!(model.n_outputs(), 3);
        assert_eq!(model.n_classes(), 4);
        let pred: Array1<usize> = model.predict(&ds);
        let mae: f64 = pred
            .iter()
            .zip(ds.targets.classes.iter())
            .map(|(p, t)| (*p as f64 - *t as f64).abs())
            .sum::<f64>()
            / 80.0;
        assert!(mae < 0.3, "mae = {mae}");
        // higher feature value must push up the scale
        assert!(model.feature_push(0, crate::models::Toward::Class(0)) > 0.0);
    }

    /// Class weights reach every threshold problem (Platt scaling then recalibrates each,
    /// so their effect is on the weights, not only on the offsets), and invalid weights are
    /// refused when the parameters are checked.
    #[test]
    fn class_weights_change_the_model_and_are_checked() {
        let ds = ordered(80);
        let plain = OrdinalSvm::params().fit(&ds).expect("fits");
        let heavy = OrdinalSvm::params()
            .class_weights(vec![1.0, 1.0, 1.0, 5.0])
            .fit(&ds)
            .expect("fits");
        assert_ne!(plain.weights, heavy.weights);
        let same = OrdinalSvm::params()
            .class_weights(vec![1.0; 4])
            .fit(&ds)
            .expect("fits");
        assert_eq!(plain, same, "weights of 1 are no weights");
        assert!(OrdinalSvm::params()
            .class_weights(vec![1.0, 0.0])
            .fit(&ds)
            .is_err());
        assert!(OrdinalSvm::params()
            .class_weights(vec![f64::NAN])
            .fit(&ds)
            .is_err());
    }

    #[test]
    fn all_threshold_variant_learns_the_same_order() {
        let ds = ordered(80);
        let model = OrdinalSvm::params()
            .c(100.0)
            .all_threshold(true)
            .fit(&ds)
            .expect("fits");
        assert_eq!(model.n_outputs(), 3);
        let pred: Array1<usize> = model.predict(&ds);
        let right = pred
            .iter()
            .zip(ds.targets.classes.iter())
            .filter(|(p, t)| p == t)
            .count();
        assert!(right >= 70, "{right} of 80");
        assert_ne!(
            model,
            OrdinalSvm::params().c(100.0).fit(&ds).expect("fits"),
            "a different model from the cumulative one"
        );
    }
}
