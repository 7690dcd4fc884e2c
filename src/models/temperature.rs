//! Temperature scaling: calibrates a softmax model by dividing its scores by one number T,
//! fitted to minimize the log-loss of out-of-fold scores (Guo et al., "On calibration of
//! modern neural networks", 2017). Naive Bayes is famously overconfident (its independence
//! assumption counts correlated words many times), and T > 1 softens it. Dividing by T never
//! changes which class scores highest, so predictions are unchanged; only probabilities are.

use linfa::prelude::*;
use rayon::prelude::*;

use super::{
    check_dataset, dataset, softmax, ClassTargets, LinearClassifier, Link, ModelError, SparseDataset,
};
use crate::models::folds::{split, stratified_folds};
use crate::sparse::CsrMatrix;

/// Wraps a softmax model's params: `folds` out-of-fold fits give the scores T is fitted on,
/// then the inner model is fitted on all rows and returned with a scaled-softmax link.
#[derive(Debug, Clone, PartialEq)]
pub struct TemperatureScaled<P> {
    pub inner: P,
    pub folds: usize,
    pub seed: u64,
}

/// Mean log-loss of `softmax(scores / t)`.
fn log_loss(scores: &[Vec<f64>], y: &[usize], t: f64) -> f64 {
    // each row's loss in parallel, summed in row order: the same sum whatever the threads
    let losses: Vec<f64> = scores
        .par_iter()
        .zip(y)
        .map(|(s, &k)| {
            let p = softmax(&s.iter().map(|v| v / t).collect::<Vec<_>>());
            -(p[k].max(1e-300)).ln()
        })
        .collect();
    let total: f64 = losses.iter().sum();
    total / scores.len().max(1) as f64
}

pub fn fit_temperature(scores: &[Vec<f64>], y: &[usize]) -> f64 {
    let ratio = (5f64.sqrt() - 1.0) / 2.0;
    let (mut lo, mut hi) = (-5.0f64, 5.0f64);
    let mut x1 = hi - ratio * (hi - lo);
    let mut x2 = lo + ratio * (hi - lo);
    let (mut f1, mut f2) = (log_loss(scores, y, x1.exp()), log_loss(scores, y, x2.exp()));
    for _ in 0..60 {
        if f1 <= f2 {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - ratio * (hi - lo);
            f1 = log_loss(scores, y, x1.exp());
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + ratio * (hi - lo);
            f2 = log_loss(scores, y, x2.exp());
        }
    }
    ((lo + hi) / 2.0).exp()
}

impl<P> Fit<CsrMatrix, ClassTargets, ModelError> for TemperatureScaled<P>
where
    P: Fit<CsrMatrix, ClassTargets, ModelError, Object = LinearClassifier> + Sync,
{
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        check_dataset(ds)?;
        let y: Vec<usize> = ds.targets.classes.to_vec();
        let k = self.folds.max(2);
        let folds = stratified_folds(&y, k, self.seed);
        // The model on all rows does not wait for the temperature: it is one more task beside
        // the fold fits (and the first, as the largest), so that no fit runs alone on one
        // core while the other idles. Fold fits give (row, out-of-fold scores) per test row.
        enum Part {
            Whole(LinearClassifier),
            Fold(Vec<(usize, Vec<f64>)>),
        }
        let parts: Vec<Result<Part, ModelError>> = (0..=k)
            .into_par_iter()
            .map(|task| {
                let Some(f) = task.checked_sub(1) else {
                    return self.inner.fit(ds).map(Part::Whole);
                };
                let (train, test) = split(&folds, f);
                let train_y: Vec<usize> = train.iter().map(|&i| y[i]).collect();
                let fold = dataset(ds.records.select_rows(&train), train_y, &ds.targets.labels);
                let model = self.inner.fit(&fold)?;
                Ok(Part::Fold(
                    test.iter()
                        .map(|&i| (i, model.scores(ds.records.row(i))))
                        .collect(),
                ))
            })
            .collect();
        let mut scores = vec![Vec::new(); y.len()];
        let mut whole = None;
        for part in parts {
            match part? {
                Part::Whole(model) => whole = Some(model),
                Part::Fold(rows) => rows.into_iter().for_each(|(i, s)| scores[i] = s),
            }
        }
        let temperature = fit_temperature(&scores, &y);
        let mut model = whole.ok_or_else(|| ModelError::Param("no model on all rows".into()))?;
        model.link = Link::ScaledSoftmax { temperature };
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::testdata::{accuracy, three_class};
    use crate::models::MultinomialNb;

    #[test]
    fn overconfident_scores_get_a_temperature_above_one() {
        // scores say 99.99% but only 3 of 4 are right: the fitted temperature must soften them
        let scores = vec![vec![10.0, 0.0], vec![10.0, 0.0], vec![10.0, 0.0], vec![10.0, 0.0]];
        let t = fit_temperature(&scores, &[0, 0, 0, 1]);
        let p = softmax(&[10.0 / t, 0.0]);
        assert!(t > 1.0, "t = {t}");
        assert!((p[0] - 0.75).abs() < 0.01, "p = {p:?}");
    }

    #[test]
    fn underconfident_scores_get_a_temperature_below_one() {
        let scores = vec![vec![0.5, 0.0], vec![0.0, 0.5], vec![0.5, 0.0], vec![0.0, 0.5]];
        assert!(fit_temperature(&scores, &[0, 1, 0, 1]) < 1.0);
    }

    #[test]
    fn scaling_keeps_predictions_and_is_deterministic() {
        let ds = three_class(12);
        let plain = MultinomialNb::params().fit(&ds).expect("fits");
        let params = TemperatureScaled {
            inner: MultinomialNb::params(),
            folds: 3,
            seed: 1,
        };
        let scaled = params.fit(&ds).expect("fits");
        assert_eq!(accuracy(&plain, &ds), accuracy(&scaled, &ds));
        assert!(matches!(scaled.link, Link::ScaledSoftmax { temperature } if temperature > 0.0));
        assert_eq!(scaled, params.fit(&ds).expect("fits"));
        assert!(scaled.check_consistent().is_ok());
    }
}
