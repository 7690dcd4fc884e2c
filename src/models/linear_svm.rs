//! Linear support vector machine: L2-regularized squared hinge loss, solved in the dual by
//! coordinate descent with shrinking (Hsieh et al. 2008, the LIBLINEAR solver behind
//! scikit-learn's `LinearSVC`), one-vs-rest over classes.
//!
//! SVM scores are not probabilities, so each class's scores are calibrated with Platt scaling
//! fitted on out-of-fold scores (the model is refitted per fold, then once on all rows; on
//! large corpora one fold is enough).

use std::ops::Range;

use linfa::prelude::*;
use ndarray::{Array1, Array2};
use rayon::prelude::*;
use thiserror::Error;

use super::{check_dataset, platt, ClassTargets, LinearClassifier, Link, ModelError, SparseDataset};
use crate::models::folds::{split, stratified_folds};
use crate::models::rng::Rng;
use crate::prefetch::prefetch;
use crate::sparse::CsrMatrix;

#[derive(Debug, Error)]
pub enum LinearSvmError {
    #[error("C (inverse regularization) must be positive and finite, got {0}")]
    C(f64),
    #[error("tolerance must be positive, got {0}")]
    Tolerance(f64),
    #[error("max_iter must be at least 1")]
    MaxIter,
    #[error("calibration needs at least 2 folds, got {0}")]
    CalibrationFolds(usize),
    #[error("a class weight must be positive and finite, got {0}")]
    ClassWeight(f64),
}

impl From<LinearSvmError> for ModelError {
    fn from(e: LinearSvmError) -> Self {
        ModelError::Param(e.to_string())
    }
}

/// | name | default | purpose | range |
/// |---|---|---|---|
/// | c | 1.0 | inverse regularization strength | > 0 |
/// | tol | 0.1 | stop when the projected-gradient gap is below this (LIBLINEAR's default) | > 0 |
/// | max_iter | 1000 | passes over the data per binary problem | >= 1 |
/// | calibration_folds | 3 | folds for out-of-fold Platt scaling | >= 2 |
/// | seed | 0 | order of coordinate updates and folds | any |
/// | class_weights | all 1 | multiplies C for the rows of each class (by class index) | > 0 |
#[derive(Debug, Clone, PartialEq)]
pub struct LinearSvmValidParams {
    pub(crate) c: f64,
    pub(crate) tol: f64,
    pub(crate) max_iter: usize,
    pub(crate) calibration_folds: usize,
    pub(crate) seed: u64,
    pub(crate) class_weights: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinearSvmParams(pub(crate) LinearSvmValidParams);

pub struct LinearSvm;

impl LinearSvm {
    pub fn params() -> LinearSvmParams {
        LinearSvmParams(LinearSvmValidParams {
            c: 1.0,
            tol: 0.1,
            max_iter: 1000,
            calibration_folds: 3,
            seed: 0,
            class_weights: Vec::new(),
        })
    }
}

impl LinearSvmParams {
    pub fn c(mut self, c: f64) -> Self {
        self.0.c = c;
        self
    }
    pub fn tol(mut self, tol: f64) -> Self {
        self.0.tol = tol;
        self
    }
    pub fn max_iter(mut self, n: usize) -> Self {
        self.0.max_iter = n;
        self
    }
    pub fn calibration_folds(mut self, k: usize) -> Self {
        self.0.calibration_folds = k;
        self
    }
    pub fn seed(mut self, seed: u64) -> Self {
        self.0.seed = seed;
        self
    }
    /// A weight per class index (missing classes weigh 1): a row of class `k` costs
    /// `class_weights[k]` times as much when misclassified, as LIBLINEAR's `-wi`.
    pub fn class_weights(mut self, weights: Vec<f64>) -> Self {
        self.0.class_weights = weights;
        self
    }
}

impl LinearSvmValidParams {
    pub(crate) fn check(&self) -> Result<(), LinearSvmError> {
        if !(self.c > 0.0 && self.c.is_finite()) {
            return Err(LinearSvmError::C(self.c));
        }
        if self.tol.is_nan() || self.tol <= 0.0 {
            return Err(LinearSvmError::Tolerance(self.tol));
        }
        if self.max_iter == 0 {
            return Err(LinearSvmError::MaxIter);
        }
        if self.calibration_folds < 2 {
            return Err(LinearSvmError::CalibrationFolds(self.calibration_folds));
        }
        if let Some(&w) = self.class_weights.iter().find(|w| !(**w > 0.0 && w.is_finite())) {
            return Err(LinearSvmError::ClassWeight(w));
        }
        Ok(())
    }

    /// Each row's weight: its class's, or 1.
    pub(crate) fn row_weights(&self, y: &[usize]) -> Vec<f64> {
        y.iter()
            .map(|&k| self.class_weights.get(k).copied().unwrap_or(1.0))
            .collect()
    }
}

impl ParamGuard for LinearSvmParams {
    type Checked = LinearSvmValidParams;
    type Error = LinearSvmError;

    fn check_ref(&self) -> Result<&Self::Checked, Self::Error> {
        self.0.check()?;
        Ok(&self.0)
    }

    fn check(self) -> Result<Self::Checked, Self::Error> {
        self.0.check()?;
        Ok(self.0)
    }
}

impl Fit<CsrMatrix, ClassTargets, ModelError> for LinearSvmValidParams {
    type Object = LinearClassifier;

    fn fit(&self, ds: &SparseDataset) -> Result<LinearClassifier, ModelError> {
        let n_classes = check_dataset(ds)?;
        let y: Vec<usize> = ds.targets.classes.to_vec();
        let problems: Vec<Vec<bool>> = (0..n_classes)
            .map(|k| y.iter().map(|&t| t == k).collect())
            .collect();
        let cost = self.row_weights(&y);
        let (weights, bias, a, b) = fit_calibrated(&ds.records, &problems, &y, &cost, self);
        Ok(LinearClassifier {
            weights,
            bias,
            link: Link::Platt { a, b },
        })
    }
}

/// From this many rows on, Platt scaling is fitted on one calibration fold's held-out rows
/// (at least a third of them) instead of on every fold's.
const CALIBRATION_ROWS: usize = 30_000;

/// Calibrated weights of several binary problems over the same rows: returns weights
/// (features x problems), biases and Platt's `a`, `b` per problem. `strata` stratifies the
/// calibration folds (the class of each row); `cost` weighs each row's loss.
pub(crate) fn fit_calibrated(
    x: &CsrMatrix,
    problems: &[Vec<bool>],
    strata: &[usize],
    cost: &[f64],
    p: &LinearSvmValidParams,
) -> (Array2<f64>, Array1<f64>, Vec<f64>, Vec<f64>) {
    let folds = stratified_folds(strata, p.calibration_folds, p.seed);
    // Out-of-fold scores only feed Platt's two parameters: on a large corpus one fold's
    // held-out rows are plenty, and fitting the other folds would double the work.
    let scored_folds = if x.nrows() >= CALIBRATION_ROWS {
        1
    } else {
        p.calibration_folds
    };
    // fold fits train on row subsets of `x` in place: no copy of the matrix per fold
    let splits: Vec<(Vec<usize>, Vec<usize>)> = (0..scored_folds).map(|f| split(&folds, f)).collect();
    let all: Vec<usize> = (0..x.nrows()).collect();
    // Every (fold, problem) fit and every final fit is its own task, so both cores stay busy
    // whatever the numbers of folds and classes. Fold fits return their out-of-fold scores.
    let tasks: Vec<(usize, usize)> = (0..=scored_folds)
        .flat_map(|f| (0..problems.len()).map(move |k| (f, k)))
        .collect();
    let results: Vec<(Vec<f64>, f64)> = tasks
        .par_iter()
        .map(|&(f, k)| match splits.get(f) {
            Some((train, test)) => {
                let (w, b) = train_binary(
                    x,
                    train,
                    &problems[k],
                    cost,
                    p,
                    Rng::derive(p.seed, (f * 1000 + k) as u64),
                );
                (test.iter().map(|&i| x.row(i).dot(&w) + b).collect(), 0.0)
            }
            None => train_binary(
                x,
                &all,
                &problems[k],
                cost,
                p,
                Rng::derive(p.seed, 1_000_000 + k as u64),
            ),
        })
        .collect();
    // per problem: the held-out rows' scores and labels, in row order
    let held_out: Vec<usize> = {
        let mut rows: Vec<usize> = splits.iter().flat_map(|(_, test)| test.iter().copied()).collect();
        rows.sort_unstable();
        rows
    };
    let mut out_of_fold = vec![vec![0.0; x.nrows()]; problems.len()];
    let mut fitted = Vec::with_capacity(problems.len());
    for (&(f, k), (values, bias)) in tasks.iter().zip(results) {
        match splits.get(f) {
            Some((_, test)) => {
                for (&i, v) in test.iter().zip(values) {
                    out_of_fold[k][i] = v;
                }
            }
            None => fitted.push((values, bias)),
        }
    }
    let calibration = |k: usize| -> (Vec<f64>, Vec<bool>) {
        held_out
            .iter()
            .map(|&i| (out_of_fold[k][i], problems[k][i]))
            .unzip()
    };
    let fitted: Vec<(Vec<f64>, f64, (f64, f64))> = fitted
        .into_iter()
        .enumerate()
        .map(|(k, (w, b))| {
            let (scores, labels) = calibration(k);
            (w, b, platt::fit(&scores, &labels))
        })
        .collect();
    let mut weights = Array2::zeros((x.ncols(), problems.len()));
    let mut bias = Array1::zeros(problems.len());
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (k, (w, bk, (pa, pb))) in fitted.into_iter().enumerate() {
        weights.column_mut(k).assign(&Array1::from(w));
        bias[k] = bk;
        a.push(pa);
        b.push(pb);
    }
    (weights, bias, a, b)
}

/// One example of a binary problem: where its row sits in the matrix, its label (+1 or -1),
/// the diagonal of its dual Hessian, and its dual variable. Kept together because the solver
/// visits examples in random order: on a large corpus, each array read per visit would miss
/// the caches on its own.
struct Example {
    row: Range<usize>,
    y: f64,
    qd: f64,
    diag: f64,
    alpha: f64,
}

/// How many updates ahead [`train_binary`] prefetches an example's row; its `Example` is
/// prefetched twice as far ahead, since the row's place is read from it.
const AHEAD: usize = 4;

/// One binary L2-loss SVM by dual coordinate descent on the rows `rows` of `x` (`labels`
/// and `cost` are indexed like `x`; an empty `cost` weighs every row 1, otherwise row `i`'s
/// C is `p.c * cost[i]`); the bias is a constant feature of value 1 (regularized, as in
/// LIBLINEAR with `-B 1`). Returns `(w, b)`.
pub(crate) fn train_binary(
    x: &CsrMatrix,
    rows: &[usize],
    labels: &[bool],
    cost: &[f64],
    p: &LinearSvmValidParams,
    mut rng: Rng,
) -> (Vec<f64>, f64) {
    let n = rows.len();
    let mut w = vec![0.0; x.ncols()];
    let mut b = 0.0;
    let mut examples: Vec<Example> = rows
        .iter()
        .map(|&i| {
            // the squared hinge's dual: a row's C enters only through its Hessian diagonal
            let diag = 0.5 / (p.c * cost.get(i).copied().unwrap_or(1.0));
            Example {
                row: x.row_range(i),
                y: if labels[i] { 1.0 } else { -1.0 },
                qd: x.row(i).squared_norm() + 1.0 + diag,
                diag,
                alpha: 0.0,
            }
        })
        .collect();
    let mut index: Vec<usize> = (0..n).collect();
    let mut active = n;
    // L2-loss has no upper bound on alpha, so only the upper projected-gradient bound shrinks
    let mut pg_max_old = f64::INFINITY;
    for _ in 0..p.max_iter {
        let (mut pg_max, mut pg_min) = (f64::NEG_INFINITY, f64::INFINITY);
        rng.shuffle(&mut index[..active]);
        let mut s = 0;
        while s < active {
            if let Some(&far) = index[..active].get(s + 2 * AHEAD) {
                prefetch(&examples[far]);
            }
            if let Some(&near) = index[..active].get(s + AHEAD) {
                x.prefetch_row(&examples[near].row);
            }
            let e = &mut examples[index[s]];
            let row = x.row_at(e.row.clone());
            let g = e.y * (row.dot(&w) + b) - 1.0 + e.diag * e.alpha;
            let mut pg = g;
            if e.alpha == 0.0 {
                if g > pg_max_old {
                    // shrink: this example is unlikely to become a support vector
                    active -= 1;
                    index.swap(s, active);
                    continue;
                }
                pg = g.min(0.0);
            }
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = e.alpha;
                e.alpha = (old - g / e.qd).max(0.0);
                let step = (e.alpha - old) * e.y;
                row.add_to(&mut w, step);
                b += step;
            }
            s += 1;
        }
        if pg_max - pg_min <= p.tol {
            if active == n {
                break;
            }
            // converged on the shrunk set: check once more on all examples
            active = n;
            pg_max_old = f64::INFINITY;
            continue;
        }
        pg_max_old = if pg_max <= 0.0 { f64::INFINITY } else { pg_max };
    }
    (w, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::dataset;
    use crate::models::testdata::{accuracy, three_class};

    #[test]
    fn learns_a_separable_problem_with_calibrated_probabilities() {
        let ds = three_class(12);
        let model = LinearSvm::params().fit(&ds).expect("fits");
        assert_eq!(accuracy(&model, &ds), 1.0);
        let p = model.probabilities(ds.records.row(0));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(p[0] > 0.5, "p = {p:?}");
    }

    #[test]
    fn large_corpora_calibrate_on_one_fold_and_stay_calibrated() {
        // one feature whose value v sets the true probability of class 1: 1 / (1 + e^(-8(v - 0.5)))
        let truth = |v: f64| 1.0 / (1.0 + (-8.0 * (v - 0.5)).exp());
        let mut rng = Rng::new(7);
        let mut m = CsrMatrix::new(1);
        let mut y = Vec::new();
        for i in 0..CALIBRATION_ROWS + 3_000 {
            let v = (i % 11) as f64 / 10.0;
            m.push_row([(0, v)]);
            let u = rng.below(1_000_000) as f64 / 1_000_000.0;
            y.push(usize::from(u < truth(v)));
        }
        let labels: Vec<String> = ["no", "yes"].iter().map(|s| s.to_string()).collect();
        let model = LinearSvm::params().fit(&dataset(m, y, &labels)).expect("fits");
        for v in [0.0, 0.2, 0.5, 0.8, 1.0] {
            let mut row = CsrMatrix::new(1);
            row.push_row([(0, v)]);
            let p = model.probabilities(row.row(0))[1];
            assert!(
                (p - truth(v)).abs() < 0.05,
                "v = {v}: p = {p}, truth {}",
                truth(v)
            );
        }
    }

    #[test]
    fn binary_solver_separates_two_points() {
        let mut x = CsrMatrix::new(1);
        x.push_row([(0, 1.0)]);
        x.push_row([(0, -1.0)]);
        let params = LinearSvm::params().c(10.0).check().expect("valid");
        let (w, b) = train_binary(&x, &[0, 1], &[true, false], &[], &params, Rng::new(0));
        assert!(w[0] > 0.5, "w = {w:?}");
        assert!((x.row(0).dot(&w) + b) > 0.0 && (x.row(1).dot(&w) + b) < 0.0);
    }

    /// Two rows with the same features and opposite labels: the heavier one wins.
    #[test]
    fn row_costs_decide_between_conflicting_rows() {
        let mut x = CsrMatrix::new(1);
        x.push_row([(0, 1.0)]);
        x.push_row([(0, 1.0)]);
        // C = 1: the optimum of 0.5(w² + b²) + 5(1 - s)² + (1 + s)², s = w + b, is s = 0.64
        let params = LinearSvm::params().tol(1e-9).check().expect("valid");
        let score = |cost: &[f64]| {
            let (w, b) = train_binary(&x, &[0, 1], &[true, false], cost, &params, Rng::new(0));
            x.row(0).dot(&w) + b
        };
        assert!((score(&[5.0, 1.0]) - 0.64).abs() < 1e-3, "{}", score(&[5.0, 1.0]));
        assert!((score(&[1.0, 5.0]) + 0.64).abs() < 1e-3, "{}", score(&[1.0, 5.0]));
        assert!(score(&[]).abs() < 1e-6, "{}", score(&[]));
    }

    #[test]
    fn same_seed_same_weights() {
        let ds = three_class(9);
        let a = LinearSvm::params().seed(5).fit(&ds).expect("fits");
        let b = LinearSvm::params().seed(5).fit(&ds).expect("fits");
        assert_eq!(a, b);
    }

    #[test]
    fn invalid_params_are_refused() {
        let ds = three_class(3);
        assert!(LinearSvm::params().c(-1.0).fit(&ds).is_err());
        assert!(LinearSvm::params().calibration_folds(1).fit(&ds).is_err());
    }
}
