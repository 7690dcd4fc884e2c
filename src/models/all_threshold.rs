//! The all-threshold ordinal SVM: one weight vector for every threshold of an ordered target.
//!
//! The cumulative head ([`super::ordinal`]) fits each "level > t" problem on its own, so the
//! three problems of a four-level scale may read the same word differently. Here they share
//! one weight vector and differ only in their offsets (the all-threshold loss of Rennie and
//! Srebro, 2005, with the squared hinge): evidence for "above 1" is evidence for "above 2"
//! too, which suits a scale whose levels are steps of one quantity. It is fitted as one
//! binary SVM on the rows replicated once per threshold (Cardoso and da Costa, 2007): copy
//! `t` of a row carries a one-hot feature for its threshold and the label "level > t".
//! Probabilities come from Platt scaling per threshold on out-of-fold scores, as for the
//! cumulative head, and the result is the same [`LinearClassifier`] with a cumulative link.

use ndarray::{Array1, Array2};
use rayon::prelude::*;

use super::linear_svm::{train_binary, LinearSvmValidParams};
use super::platt;
use crate::models::folds::{split, stratified_folds};
use crate::models::rng::Rng;
use crate::sparse::CsrMatrix;

/// The value of the threshold indicator features. Like LIBLINEAR's bias feature it is
/// regularized with the weights; at 1 the offsets cost about as much as one strong word.
const INDICATOR: f64 = 1.0;

/// `x`'s rows once per threshold (copy `t` of row `i` is row `t * n + i`), each with its
/// threshold's indicator feature after `x`'s columns.
fn replicate(x: &CsrMatrix, thresholds: usize) -> CsrMatrix {
    let n = x.nrows();
    let mut out =
        CsrMatrix::with_capacity(x.ncols() + thresholds, n * thresholds, (x.nnz() + n) * thresholds);
    for t in 0..thresholds {
        let indicator = (x.ncols() + t) as u32;
        for i in 0..n {
            let row = x.row(i).iter().map(|(j, v)| (j as u32, v));
            out.push_row(row.chain(std::iter::once((indicator, INDICATOR))));
        }
    }
    out
}

/// Weights (features x thresholds, every column the same), offsets and Platt's `a`, `b` per
/// threshold for levels `y` in `0..levels`; `cost` weighs each row (empty: all 1).
pub(crate) fn fit(
    x: &CsrMatrix,
    y: &[usize],
    levels: usize,
    cost: &[f64],
    p: &LinearSvmValidParams,
) -> (Array2<f64>, Array1<f64>, Vec<f64>, Vec<f64>) {
    let thresholds = levels - 1;
    let n = x.nrows();
    let big = replicate(x, thresholds);
    let labels: Vec<bool> = (0..thresholds)
        .flat_map(|t| y.iter().map(move |&v| v > t))
        .collect();
    let copies = |rows: &[usize]| -> Vec<usize> {
        (0..thresholds)
            .flat_map(|t| rows.iter().map(move |&i| t * n + i))
            .collect()
    };
    // every copy of a row weighs what the row does
    let big_cost: Vec<f64> = if cost.is_empty() {
        Vec::new()
    } else {
        (0..thresholds).flat_map(|_| cost.iter().copied()).collect()
    };
    let folds = stratified_folds(y, p.calibration_folds, p.seed);
    let all: Vec<usize> = (0..n).collect();
    // fold fits give out-of-fold scores for Platt; the last task is the final fit
    let tasks: Vec<Option<(Vec<usize>, Vec<usize>)>> = (0..p.calibration_folds)
        .map(|f| Some(split(&folds, f)))
        .chain(std::iter::once(None))
        .collect();
    let fits: Vec<(Vec<f64>, f64)> = tasks
        .par_iter()
        .enumerate()
        .map(|(f, task)| {
            let rows = task.as_ref().map_or(&all, |(train, _)| train);
            train_binary(
                &big,
                &copies(rows),
                &labels,
                &big_cost,
                p,
                Rng::derive(p.seed, f as u64),
            )
        })
        .collect();
    let offset = |w: &[f64], b: f64, t: usize| b + INDICATOR * w[x.ncols() + t];
    let mut scores = vec![Vec::with_capacity(n); thresholds];
    let mut truth = vec![Vec::with_capacity(n); thresholds];
    for (task, (w, b)) in tasks.iter().zip(&fits) {
        if let Some((_, test)) = task {
            for &i in test {
                let s = x.row(i).dot(&w[..x.ncols()]);
                for t in 0..thresholds {
                    scores[t].push(s + offset(w, *b, t));
                    truth[t].push(y[i] > t);
                }
            }
        }
    }
    let (w, b) = &fits[fits.len() - 1];
    let mut weights = Array2::zeros((x.ncols(), thresholds));
    let shared = Array1::from(w[..x.ncols()].to_vec());
    let mut bias = Array1::zeros(thresholds);
    let (mut a, mut pb) = (Vec::new(), Vec::new());
    for t in 0..thresholds {
        weights.column_mut(t).assign(&shared);
        bias[t] = offset(w, *b, t);
        let (at, bt) = platt::fit(&scores[t], &truth[t]);
        a.push(at);
        pb.push(bt);
    }
    (weights, bias, a, pb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicated_rows_carry_their_threshold_indicator() {
        let mut x = CsrMatrix::new(2);
        x.push_row([(0, 0.5)]);
        x.push_row([(1, 2.0)]);
        let big = replicate(&x, 3);
        assert_eq!((big.nrows(), big.ncols()), (6, 5));
        let row: Vec<(usize, f64)> = big.row(4).iter().collect(); // copy 2 of row 0
        assert_eq!(row, [(0, 0.5), (4, INDICATOR)]);
        let row: Vec<(usize, f64)> = big.row(1).iter().collect(); // copy 0 of row 1
        assert_eq!(row, [(1, 2.0), (2, INDICATOR)]);
    }

    #[test]
    fn thresholds_share_weights_and_offsets_rise_with_the_level() {
        // one feature whose value grows with the level, a second as noise
        let mut x = CsrMatrix::new(2);
        let mut y = Vec::new();
        for i in 0..120 {
            let level = i % 4;
            x.push_row([(0, level as f64 / 3.0 + 0.05 * (i % 5) as f64), (1, 0.3)]);
            y.push(level);
        }
        let p = crate::models::LinearSvm::params().c(10.0).0;
        let (w, bias, a, _) = fit(&x, &y, 4, &[], &p);
        assert_eq!(w.column(0), w.column(2));
        assert!(w[[0, 0]] > 0.0, "the level feature pushes up: {w:?}");
        // "above 0" is easier to pass than "above 2"
        assert!(bias[0] > bias[1] && bias[1] > bias[2], "{bias:?}");
        assert!(a.iter().all(|&v| v.is_finite()));
    }
}
