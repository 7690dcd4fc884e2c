//! An ensemble: several classifiers fitted on the same features, their probabilities
//! averaged.
//!
//! A linear SVM, logistic regression and naive Bayes make different mistakes on text
//! unlike their training data: the SVM trusts a few strong terms, naive Bayes many weak
//! ones. Their mean is steadier than any of them. Every member is linear in the same
//! features, so the fitted ensemble is one [`LinearClassifier`] whose weight rows hold the
//! members' weights side by side ([`Link::Mean`]): one pass over a document's terms scores
//! all members at once.

use linfa::prelude::*;
use ndarray::{concatenate, Axis};

use super::linear::Member;
use super::{check_dataset, ClassTargets, LinearClassifier, Link, ModelError, SparseDataset};
use crate::sparse::CsrMatrix;

/// A member's learner: any of sitrep's algorithms, with its hyperparameters.
pub type Learner = Box<dyn Fit<CsrMatrix, ClassTargets, ModelError, Object = LinearClassifier> + Sync>;

/// Fits each learner on the whole dataset, in order, and averages their probabilities.
pub struct MeanEnsemble {
    learners: Vec<Learner>,
}

impl MeanEnsemble {
    /// The learners must be at least two; each must produce a plain (not ensemble) model.
    pub fn of(learners: Vec<Learner>) -> Result<MeanEnsemble, ModelError> {
        if learners.len() < 2 {
            return Err(ModelError::Param(format!(
                "an ensemble needs at least two members, got {}",
                learners.len()
            )));
        }
        Ok(MeanEnsemble { learners })
    }
}

impl Fit<CsrMatrix, ClassTargets, ModelError> for MeanEnsemble {
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        check_dataset(ds)?;
        let fitted = self
            .learners
            .iter()
            .map(|l| l.fit(ds))
            .collect::<Result<Vec<_>, _>>()?;
        mean_of(fitted)
    }
}

/// One classifier that averages the probabilities of `members` (fitted on the same features
/// and classes).
pub fn mean_of(members: Vec<LinearClassifier>) -> Result<LinearClassifier, ModelError> {
    let first = members
        .first()
        .ok_or_else(|| ModelError::Param("an ensemble needs members".into()))?;
    let (features, classes) = (first.n_features(), first.n_classes());
    for m in &members {
        if matches!(m.link, Link::Mean { .. }) {
            return Err(ModelError::Param(
                "an ensemble member is itself an ensemble".into(),
            ));
        }
        if m.n_features() != features || m.n_classes() != classes {
            return Err(ModelError::Param(format!(
                "ensemble members differ: {} features and {} classes against {features} and {classes}",
                m.n_features(),
                m.n_classes()
            )));
        }
    }
    let weights = concatenate(
        Axis(1),
        &members.iter().map(|m| m.weights.view()).collect::<Vec<_>>(),
    )
    .map_err(|e| ModelError::Param(e.to_string()))?;
    let bias = concatenate(
        Axis(0),
        &members.iter().map(|m| m.bias.view()).collect::<Vec<_>>(),
    )
    .map_err(|e| ModelError::Param(e.to_string()))?;
    // row-major, as LinearClassifier::scores expects for its fast path
    let weights = weights.as_standard_layout().into_owned();
    let members = members
        .into_iter()
        .map(|m| Member {
            outputs: m.n_outputs(),
            link: m.link,
        })
        .collect();
    Ok(LinearClassifier {
        weights,
        bias,
        link: Link::Mean { members },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::testdata::{accuracy, three_class};
    use crate::models::{ComplementNb, LinearSvm, LogisticRegression, OrdinalSvm, Toward};

    fn learners() -> Vec<Learner> {
        vec![
            Box::new(LinearSvm::params().c(1.0).seed(7)),
            Box::new(LogisticRegression::params().c(10.0).seed(7)),
            Box::new(ComplementNb::params().alpha(0.3)),
        ]
    }

    #[test]
    fn probabilities_are_the_members_mean() {
        let ds = three_class(30);
        let members: Vec<LinearClassifier> = learners().iter().map(|l| l.fit(&ds).unwrap()).collect();
        let ensemble = mean_of(members.clone()).unwrap();
        ensemble.check_consistent().unwrap();
        assert_eq!(ensemble.n_classes(), 3);
        assert_eq!(ensemble.n_outputs(), 9);
        for row in ds.records.rows() {
            let p = ensemble.probabilities(row);
            let mean: Vec<f64> = (0..3)
                .map(|c| members.iter().map(|m| m.probabilities(row)[c]).sum::<f64>() / 3.0)
                .collect();
            for (a, b) in p.iter().zip(&mean) {
                assert!((a - b).abs() < 1e-12, "{p:?} against {mean:?}");
            }
        }
        assert!(accuracy(&ensemble, &ds) > 0.95);
    }

    #[test]
    fn an_ordinal_member_makes_the_ensemble_predict_the_median_level() {
        let ds = three_class(30);
        let ordinal: Learner = Box::new(OrdinalSvm::params().c(1.0).seed(7));
        let nominal: Learner = Box::new(LogisticRegression::params().c(10.0).seed(7));
        let e = MeanEnsemble::of(vec![ordinal, nominal])
            .unwrap()
            .fit(&ds)
            .unwrap();
        e.check_consistent().unwrap();
        assert_eq!((e.n_outputs(), e.n_classes()), (5, 3));
        // cumulative 0.3, 0.6 (not argmax 2): the median level is 1
        assert_eq!(e.decide(&[0.3, 0.3, 0.4]), 1);
        // feature 0 belongs to class a (level 0), feature 4 to class c: down and up the scale
        assert!(e.feature_push(0, Toward::Class(0)) < 0.0 && e.feature_push(4, Toward::Class(0)) > 0.0);
    }

    #[test]
    fn bad_ensembles_are_refused() {
        assert!(MeanEnsemble::of(vec![learners().remove(0)]).is_err());
        let ds = three_class(10);
        let m = learners()[0].fit(&ds).unwrap();
        let nested = mean_of(vec![m.clone(), m.clone()]).unwrap();
        assert!(mean_of(vec![nested.clone(), m.clone()]).is_err());
        let mut broken = nested;
        if let Link::Mean { members } = &mut broken.link {
            members[0].outputs = 2;
        }
        let e = broken.check_consistent().unwrap_err();
        assert!(e.contains("own 5 outputs of 6"), "{e}");
    }
}
