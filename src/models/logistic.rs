//! Multinomial logistic regression (softmax) trained by stochastic gradient descent.
//!
//! linfa's `MultiLogisticRegression` is dense and took minutes and gigabytes on 20,000 news
//! articles; this one visits only the non-zero features. The L2 penalty is applied lazily
//! through a global scale factor, so each update costs O(non-zeros x classes), not
//! O(features x classes). The step size decays as `eta0 / (1 + eta0 * lambda * t)`, and the
//! returned weights are the average over the last half of the updates, which removes most of
//! the noise SGD leaves at the end (Polyak-Ruppert averaging).

use linfa::prelude::*;
use ndarray::{Array1, Array2};
use thiserror::Error;

use super::linear::softmax_in_place;
use super::{check_dataset, ClassTargets, LinearClassifier, Link, ModelError, SparseDataset};
use crate::models::rng::Rng;
use crate::prefetch::prefetch;
use crate::sparse::CsrMatrix;

/// How many steps ahead the fit starts loading a row (its weights, one step ahead).
const AHEAD: usize = 4;

#[derive(Debug, Error)]
pub enum LogisticRegressionError {
    #[error("C (inverse regularization) must be positive and finite, got {0}")]
    C(f64),
    #[error("epochs must be between 1 and 10000, got {0}")]
    Epochs(usize),
}

impl From<LogisticRegressionError> for ModelError {
    fn from(e: LogisticRegressionError) -> Self {
        ModelError::Param(e.to_string())
    }
}

/// | name | default | purpose | range |
/// |---|---|---|---|
/// | c | 10.0 | inverse regularization strength (penalty `1 / (2 C n) |W|^2` per example) | > 0 |
/// | epochs | 20 | passes over the data | 1..=10000 |
/// | seed | 0 | order of examples | any |
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegressionValidParams {
    c: f64,
    epochs: usize,
    seed: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogisticRegressionParams(LogisticRegressionValidParams);

pub struct LogisticRegression;

impl LogisticRegression {
    pub fn params() -> LogisticRegressionParams {
        LogisticRegressionParams(LogisticRegressionValidParams {
            c: 10.0,
            epochs: 20,
            seed: 0,
        })
    }
}

impl LogisticRegressionParams {
    pub fn c(mut self, c: f64) -> Self {
        self.0.c = c;
        self
    }
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.0.epochs = epochs;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
}

impl ParamGuard for LogisticRegressionParams {
    type Checked = LogisticRegressionValidParams;
    type Error = LogisticRegressionError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        if !(self.0.c > 0.0 && self.0.c.is_finite()) {
            return Err(LogisticRegressionError::C(self.0.c));
        }
        if !(1..=10_000).contains(&self.0.epochs) {
            return Err(LogisticRegressionError::Epochs(self.0.epochs));
        }
        Ok(&self.0)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}

impl Fit<CsrMatrix, ClassTargets, ModelError> for LogisticRegressionValidParams {
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        let k = check_dataset(ds)?;
        let x = &ds.records;
        let (n, d) = (x.nrows(), x.ncols());
        let lambda = 1.0 / (self.c * n as f64);
        let eta0 = 0.5;
        // true weights = scale * v; the penalty only shrinks `scale`
        let mut v = vec![0.0; d * k];
        let mut bias = vec![0.0; k];
        let mut scale = 1.0;
        // running averages, kept in the same lazy form: avg = (sum_v_scaled) / count
        let mut avg = vec![0.0; d * k];
        let mut avg_bias = vec![0.0; k];
        let mut averaged = 0usize;
        let total_steps = self.epochs * n;
        let average_from = total_steps / 2;
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = Rng::new(self.seed);
        let mut t = 0usize;
        let mut scores = vec![0.0; k];
        // per class: eta times the gradient of the loss by the class's score
        let mut step = vec![0.0; k];
        for _ in 0..self.epochs {
            rng.shuffle(&mut order);
            for (at, &i) in order.iter().enumerate() {
                // rows come in shuffled order: start loading the rows a few steps ahead, and
                // the weights of the next row, while this one is worked on (see `prefetch`)
                if let Some(&far) = order.get(at + AHEAD) {
                    x.prefetch_row(&x.row_range(far));
                }
                if let Some(&near) = order.get(at + 1) {
                    for (j, _) in x.row(near).iter() {
                        prefetch(&v[j * k]);
                        prefetch(&v[(j + 1) * k - 1]);
                    }
                }
                let row = x.row(i);
                scores.copy_from_slice(&bias);
                for (j, xj) in row.iter() {
                    for (s, w) in scores.iter_mut().zip(&v[j * k..(j + 1) * k]) {
                        *s += scale * w * xj;
                    }
                }
                softmax_in_place(&mut scores);
                let p = &scores;
                let eta = eta0 / (1.0 + eta0 * lambda * t as f64);
                scale *= 1.0 - eta * lambda;
                let target = ds.targets.classes[i];
                for (c, s) in step.iter_mut().enumerate() {
                    *s = eta * (p[c] - if c == target { 1.0 } else { 0.0 });
                }
                for (j, xj) in row.iter() {
                    for (w, s) in v[j * k..(j + 1) * k].iter_mut().zip(&step) {
                        *w -= s * xj / scale;
                    }
                }
                for (b, s) in bias.iter_mut().zip(&step) {
                    *b -= s;
                }
                if scale < 1e-9 {
                    v.iter_mut().for_each(|w| *w *= scale);
                    scale = 1.0;
                }
                t += 1;
                // averaging once per pass over n/4 examples keeps its cost negligible
                if t >= average_from && (t.is_multiple_of((n / 4).max(1)) || t == total_steps) {
                    for (a, w) in avg.iter_mut().zip(&v) {
                        *a += scale * w;
                    }
                    for (a, b) in avg_bias.iter_mut().zip(&bias) {
                        *a += b;
                    }
                    averaged += 1;
                }
            }
        }
        let count = averaged.max(1) as f64;
        let weights = Array2::from_shape_vec((d, k), avg.into_iter().map(|w| w / count).collect())
            .map_err(|e| ModelError::Param(e.to_string()))?;
        let bias = Array1::from(avg_bias.into_iter().map(|b| b / count).collect::<Vec<_>>());
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
    fn learns_a_separable_problem() {
        let ds = three_class(15);
        let model = LogisticRegression::params().fit(&ds).expect("fits");
        assert_eq!(accuracy(&model, &ds), 1.0);
        let p = model.probabilities(ds.records.row(1));
        assert!(p[1] > 0.6, "p = {p:?}");
    }

    #[test]
    fn deterministic_for_a_seed() {
        let ds = three_class(6);
        let a = LogisticRegression::params().seed(3).fit(&ds).expect("fits");
        let b = LogisticRegression::params().seed(3).fit(&ds).expect("fits");
        assert_eq!(a, b);
    }

    #[test]
    fn stronger_regularization_gives_smaller_weights() {
        let ds = three_class(10);
        let loose = LogisticRegression::params().c(100.0).fit(&ds).expect("fits");
        let tight = LogisticRegression::params().c(0.01).fit(&ds).expect("fits");
        let norm = |m: &LinearClassifier| m.weights.iter().map(|w| w * w).sum::<f64>();
        assert!(norm(&tight) < norm(&loose));
        assert!(LogisticRegression::params().epochs(0).fit(&ds).is_err());
    }
    /// The fit written the straightforward way (a fresh softmax per row, the update class by
    /// class, no prefetch), as it was before its loops were restructured for speed.
    fn plain_fit(ds: &SparseDataset, c: f64, epochs: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
        let (x, k) = (&ds.records, ds.targets.labels.len());
        let (n, d) = (x.nrows(), x.ncols());
        let (lambda, eta0) = (1.0 / (c * n as f64), 0.5);
        let (mut v, mut bias, mut scale) = (vec![0.0; d * k], vec![0.0; k], 1.0);
        let (mut avg, mut avg_bias, mut averaged) = (vec![0.0; d * k], vec![0.0; k], 0usize);
        let (total_steps, mut t) = (epochs * n, 0usize);
        let mut order: Vec<usize> = (0..n).collect();
        let mut rng = Rng::new(seed);
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let row = x.row(i);
                let mut scores = bias.clone();
                for (j, xj) in row.iter() {
                    for (s, w) in scores.iter_mut().zip(&v[j * k..(j + 1) * k]) {
                        *s += scale * w * xj;
                    }
                }
                let p = crate::models::softmax(&scores);
                let eta = eta0 / (1.0 + eta0 * lambda * t as f64);
                scale *= 1.0 - eta * lambda;
                let target = ds.targets.classes[i];
                for (j, xj) in row.iter() {
                    for c in 0..k {
                        let g = p[c] - if c == target { 1.0 } else { 0.0 };
                        v[j * k + c] -= eta * g * xj / scale;
                    }
                }
                for c in 0..k {
                    bias[c] -= eta * (p[c] - if c == target { 1.0 } else { 0.0 });
                }
                t += 1;
                if t >= total_steps / 2 && (t.is_multiple_of((n / 4).max(1)) || t == total_steps) {
                    avg.iter_mut().zip(&v).for_each(|(a, w)| *a += scale * w);
                    avg_bias.iter_mut().zip(&bias).for_each(|(a, b)| *a += b);
                    averaged += 1;
                }
            }
        }
        let count = averaged.max(1) as f64;
        (
            avg.into_iter().map(|w| w / count).collect(),
            avg_bias.into_iter().map(|b| b / count).collect(),
        )
    }

    #[test]
    fn restructured_loops_give_the_plain_fit_bit_for_bit() {
        let ds = three_class(50);
        for (c, epochs, seed) in [(10.0, 3, 9), (0.5, 4, 1)] {
            let model = LogisticRegression::params()
                .c(c)
                .epochs(epochs)
                .seed(seed)
                .fit(&ds)
                .expect("fits");
            let (weights, bias) = plain_fit(&ds, c, epochs, seed);
            let bits = |v: &mut dyn Iterator<Item = f64>| v.map(f64::to_bits).collect::<Vec<_>>();
            assert_eq!(
                bits(&mut model.weights.iter().copied()),
                bits(&mut weights.into_iter())
            );
            assert_eq!(bits(&mut model.bias.iter().copied()), bits(&mut bias.into_iter()));
        }
    }
}
