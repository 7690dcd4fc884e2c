//! Classifiers for sparse TF-IDF input, built on linfa's traits.
//!
//! Each algorithm follows linfa's lifecycle: `XParams` (builder) -> checked `XValidParams`
//! -> `fit(&dataset)` -> a fitted [`LinearClassifier`] that predicts through linfa's
//! `Predict`. The dataset is a linfa `DatasetBase` over our [`CsrMatrix`] with class indices
//! as targets; its `target_names` (the class labels) fix the number of classes even when a
//! class is absent from a fold.

mod all_threshold;
mod ensemble;
mod error;
pub mod folds;
mod linear;
mod linear_svm;
mod logistic;
mod naive_bayes;
mod ordinal;
pub mod platt;
pub mod rng;
mod temperature;

pub use ensemble::{mean_of, Learner, MeanEnsemble};
pub use error::ModelError;
pub use linear::{argmax, softmax, LinearClassifier, Link, Member, Toward};
pub use linear_svm::{LinearSvm, LinearSvmParams, LinearSvmValidParams};
pub use logistic::{LogisticRegression, LogisticRegressionParams, LogisticRegressionValidParams};
pub use naive_bayes::{ComplementNb, MultinomialNb, NaiveBayesParams, NaiveBayesValidParams};
pub use ordinal::{OrdinalSvm, OrdinalSvmParams, OrdinalSvmValidParams};
pub use temperature::{fit_temperature, TemperatureScaled};

use linfa::DatasetBase;
use ndarray::Array1;

use crate::sparse::CsrMatrix;

/// Class-index targets with the names of all classes. The names fix the number of classes,
/// even when a class has no rows in a fold. (linfa's own `target_names` name target
/// columns, not classes.)
#[derive(Debug, Clone, PartialEq)]
pub struct ClassTargets {
    pub classes: Array1<usize>,
    pub labels: Vec<String>,
}

/// Sparse TF-IDF records with class-index targets.
pub type SparseDataset = DatasetBase<CsrMatrix, ClassTargets>;

/// A dataset for `labels.len()` classes named by `labels`.
pub fn dataset(records: CsrMatrix, targets: Vec<usize>, labels: &[String]) -> SparseDataset {
    DatasetBase::new(
        records,
        ClassTargets {
            classes: Array1::from(targets),
            labels: labels.to_vec(),
        },
    )
}

/// Checks rows against targets and returns the number of classes.
pub(crate) fn check_dataset(ds: &SparseDataset) -> Result<usize, ModelError> {
    let n = ds.records.nrows();
    if n == 0 {
        return Err(ModelError::Empty);
    }
    let targets = &ds.targets.classes;
    if targets.len() != n {
        return Err(ModelError::Shape(n, targets.len()));
    }
    let max = targets.iter().copied().max().unwrap_or(0);
    let n_classes = if ds.targets.labels.is_empty() {
        max + 1
    } else {
        ds.targets.labels.len()
    };
    if max >= n_classes {
        return Err(ModelError::ClassIndex {
            index: max,
            n_classes,
        });
    }
    let first = targets[0];
    if targets.iter().all(|&t| t == first) {
        return Err(ModelError::OneClass(n));
    }
    Ok(n_classes)
}

#[cfg(test)]
pub(crate) mod testdata {
    //! A small separable problem shared by the algorithm tests.
    use super::*;

    /// Three classes, each owning two of six features, with some shared noise.
    pub fn three_class(n_per_class: usize) -> SparseDataset {
        let mut m = CsrMatrix::new(7);
        let mut y = Vec::new();
        for i in 0..n_per_class * 3 {
            let class = i % 3;
            let a = (class * 2) as u32;
            let noise = 0.2 + 0.1 * (i % 5) as f64;
            m.push_row([(a, 0.8), (a + 1, 0.5), (6, noise)]);
            y.push(class);
        }
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        dataset(m, y, &labels)
    }

    pub fn accuracy(model: &LinearClassifier, ds: &SparseDataset) -> f64 {
        use linfa::prelude::Predict;
        let pred: Array1<usize> = model.predict(ds);
        pred.iter()
            .zip(ds.targets.classes.iter())
            .filter(|(p, t)| p == t)
            .count() as f64
            / pred.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dataset_checks_name_the_problem() {
        let labels = vec!["a".to_string(), "b".to_string()];
        let empty = dataset(CsrMatrix::new(3), vec![], &labels);
        assert!(matches!(check_dataset(&empty), Err(ModelError::Empty)));
        let mut m = CsrMatrix::new(1);
        m.push_row([(0, 1.0)]);
        m.push_row([(0, 1.0)]);
        assert!(matches!(
            check_dataset(&dataset(m.clone(), vec![1, 1], &labels)),
            Err(ModelError::OneClass(2))
        ));
        assert!(matches!(
            check_dataset(&dataset(m.clone(), vec![0, 2], &labels)),
            Err(ModelError::ClassIndex {
                index: 2,
                n_classes: 2
            })
        ));
        assert_eq!(check_dataset(&dataset(m, vec![0, 1], &labels)).ok(), Some(2));
    }
}
