//! The fitted model every sitrep algorithm produces: a linear scorer plus a link that turns
//! scores into class probabilities.
//!
//! Naive Bayes, linear SVMs, logistic regression and the ordinal head all score a document as
//! `x . W + b`; they differ in how they learn `W` and in how scores become probabilities. One
//! fitted type keeps prediction, explanation and the model file the same for all of them.

use linfa::prelude::PredictInplace;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::platt::sigmoid;
use crate::sparse::{CsrMatrix, SparseRow};

/// How scores become probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Link {
    /// One score per class; probabilities are their softmax (naive Bayes, logistic regression).
    Softmax,
    /// One-vs-rest scores, each mapped by Platt's sigmoid `1 / (1 + exp(a s + b))`, then
    /// normalized to sum to one (linear SVM).
    Platt { a: Vec<f64>, b: Vec<f64> },
    /// Ordinal: score t says "level > t"; each goes through Platt's sigmoid, the cumulative
    /// probabilities are made non-increasing, and their differences are the level probabilities.
    Cumulative { a: Vec<f64>, b: Vec<f64> },
    /// Softmax of the scores divided by a temperature fitted on out-of-fold scores
    /// (temperature scaling; naive Bayes and logistic regression when calibrated). Added
    /// after the other variants, so files written before it still decode.
    ScaledSoftmax { temperature: f64 },
    /// An ensemble: the outputs are its members' scores side by side, first member first;
    /// each member turns its own scores into probabilities, and the ensemble's are their
    /// mean. Added after the other variants, so files written before it still decode.
    Mean { members: Vec<Member> },
}

/// One member of a [`Link::Mean`] ensemble: how many of the outputs are its scores, and
/// how they become probabilities (never another `Mean`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub outputs: usize,
    pub link: Link,
}

impl Link {
    /// The number of classes behind `outputs` scores.
    fn classes(&self, outputs: usize) -> usize {
        match self {
            Link::Cumulative { .. } => outputs + 1,
            Link::Mean { members } => members.first().map_or(0, |m| m.link.classes(m.outputs)),
            _ => outputs,
        }
    }

    /// Whether the classes are ordered levels (the prediction is then the median level).
    fn is_ordinal(&self) -> bool {
        match self {
            Link::Cumulative { .. } => true,
            Link::Mean { members } => members.iter().any(|m| m.link.is_ordinal()),
            _ => false,
        }
    }

    /// The members with the range of the outputs each one owns.
    fn parts(&self) -> impl Iterator<Item = (std::ops::Range<usize>, &Link)> + '_ {
        let members = match self {
            Link::Mean { members } => members.as_slice(),
            _ => &[],
        };
        members.iter().scan(0, |start, m| {
            let range = *start..*start + m.outputs;
            *start += m.outputs;
            Some((range, &m.link))
        })
    }

    /// Checks that the link fits `k` outputs.
    fn check(&self, k: usize) -> Result<(), String> {
        match self {
            Link::ScaledSoftmax { temperature } if !(temperature.is_finite() && *temperature > 0.0) => {
                return Err(format!("temperature {temperature} is not a positive number"));
            }
            Link::Platt { a, b } | Link::Cumulative { a, b } => {
                if a.len() != k || b.len() != k {
                    return Err(format!(
                        "calibration has {}/{} entries for {} outputs",
                        a.len(),
                        b.len(),
                        k
                    ));
                }
                if a.iter().chain(b).any(|v| !v.is_finite()) {
                    return Err("calibration contains a non-finite value".into());
                }
            }
            Link::Mean { members } => {
                let total: usize = members.iter().map(|m| m.outputs).sum();
                if members.is_empty() || total != k {
                    return Err(format!(
                        "the ensemble's {} members own {total} outputs of {k}",
                        members.len()
                    ));
                }
                let classes = self.classes(k);
                for m in members {
                    if matches!(m.link, Link::Mean { .. }) {
                        return Err("an ensemble member is itself an ensemble".into());
                    }
                    m.link.check(m.outputs)?;
                    if m.link.classes(m.outputs) != classes {
                        return Err(format!(
                            "ensemble members disagree on the number of classes ({} and {classes})",
                            m.link.classes(m.outputs)
                        ));
                    }
                }
                return Ok(());
            }
            _ => {}
        }
        if k == 0 || (!matches!(self, Link::Cumulative { .. }) && k < 2) {
            return Err(format!("{k} outputs is too few for a classifier"));
        }
        Ok(())
    }

    /// Class probabilities from this link's scores, computed in their buffer.
    fn probabilities(&self, mut p: Vec<f64>) -> Vec<f64> {
        match self {
            Link::Softmax => softmax_in_place(&mut p),
            Link::ScaledSoftmax { temperature } => {
                p.iter_mut().for_each(|s| *s /= temperature);
                softmax_in_place(&mut p);
            }
            Link::Platt { a, b } => {
                for (s, (a, b)) in p.iter_mut().zip(a.iter().zip(b)) {
                    *s = sigmoid(-(*a * *s + b));
                }
                let total: f64 = p.iter().sum();
                if total > 0.0 {
                    p.iter_mut().for_each(|v| *v /= total);
                } else {
                    let uniform = 1.0 / p.len() as f64;
                    p.fill(uniform);
                }
            }
            Link::Cumulative { a, b } => p = cumulative(&p, a, b),
            Link::Mean { .. } => p = self.mean_over_parts(&p, Link::probabilities),
        }
        p
    }

    /// Probabilities before calibration (see [`LinearClassifier::uncalibrated_probabilities`]).
    fn uncalibrated(&self, scores: Vec<f64>) -> Vec<f64> {
        match self {
            Link::Cumulative { a, .. } => cumulative(&scores, &vec![-1.0; a.len()], &vec![0.0; a.len()]),
            Link::Mean { .. } => self.mean_over_parts(&scores, Link::uncalibrated),
            _ => softmax(&scores),
        }
    }

    /// The mean over the members of `f(member, its scores)`.
    fn mean_over_parts(&self, scores: &[f64], f: fn(&Link, Vec<f64>) -> Vec<f64>) -> Vec<f64> {
        let mut mean = vec![0.0; self.classes(scores.len())];
        let mut n = 0.0;
        for (range, link) in self.parts() {
            for (m, p) in mean.iter_mut().zip(f(link, scores[range].to_vec())) {
                *m += p;
            }
            n += 1.0;
        }
        mean.iter_mut().for_each(|m| *m /= n);
        mean
    }

    /// The push of a feature with weights `w` toward `class` (see
    /// [`LinearClassifier::contributions`]). In an ensemble it is the mean of the members'
    /// pushes, each in its own units; when the classes are ordered levels, a nominal
    /// member's push up the scale is its pushes toward each level weighed by how far the
    /// level lies above or below the middle.
    fn push(&self, w: &[f64], class: usize, ordinal: bool) -> f64 {
        let mean_w = || w.iter().sum::<f64>() / w.len().max(1) as f64;
        match self {
            Link::Cumulative { a, .. } => w.iter().zip(a).map(|(w, a)| -a * w).sum(),
            Link::Mean { .. } => {
                let parts: Vec<f64> = self
                    .parts()
                    .map(|(r, link)| link.push(&w[r], class, ordinal))
                    .collect();
                parts.iter().sum::<f64>() / parts.len().max(1) as f64
            }
            _ if ordinal => {
                let k = w.len() as f64;
                (0..w.len())
                    .map(|c| (c as f64 - (k - 1.0) / 2.0) * self.push(w, c, false) / k)
                    .sum()
            }
            Link::Softmax => w[class] - mean_w(),
            Link::ScaledSoftmax { temperature } => (w[class] - mean_w()) / temperature,
            Link::Platt { a, .. } => {
                -a[class] * w[class] + w.iter().zip(a).map(|(w, a)| a * w).sum::<f64>() / a.len() as f64
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearClassifier {
    /// Shape (features, outputs): a document's non-zero features index contiguous rows.
    pub weights: Array2<f64>,
    pub bias: Array1<f64>,
    pub link: Link,
}

impl LinearClassifier {
    pub fn n_features(&self) -> usize {
        self.weights.nrows()
    }

    pub fn n_outputs(&self) -> usize {
        self.weights.ncols()
    }

    pub fn n_classes(&self) -> usize {
        self.link.classes(self.n_outputs())
    }

    /// Checks that the parts agree with each other (used when loading an untrusted file).
    pub fn check_consistent(&self) -> Result<(), String> {
        let k = self.n_outputs();
        if self.bias.len() != k {
            return Err(format!("bias has {} entries for {} outputs", self.bias.len(), k));
        }
        self.link.check(k)?;
        if self
            .weights
            .iter()
            .chain(self.bias.iter())
            .any(|w| !w.is_finite())
        {
            return Err("weights contain a non-finite value".into());
        }
        Ok(())
    }

    pub fn scores(&self, row: SparseRow<'_>) -> Vec<f64> {
        let mut scores = self.bias.to_vec();
        let k = scores.len();
        match self.weights.as_slice() {
            // row-major weights (as built and as loaded): each feature's row is a plain slice,
            // without building an ndarray view per non-zero
            Some(weights) if k > 0 => {
                for (j, x) in row.iter() {
                    if let Some(w) = weights.get(j * k..(j + 1) * k) {
                        for (s, w) in scores.iter_mut().zip(w) {
                            *s += w * x;
                        }
                    }
                }
            }
            _ => {
                for (j, x) in row.iter() {
                    if j < self.weights.nrows() {
                        for (s, w) in scores.iter_mut().zip(self.weights.row(j)) {
                            *s += w * x;
                        }
                    }
                }
            }
        }
        scores
    }

    /// Class probabilities for one document; they sum to one. Computed in the buffer of
    /// the scores (this runs once per document and head).
    pub fn probabilities(&self, row: SparseRow<'_>) -> Vec<f64> {
        self.link.probabilities(self.scores(row))
    }

    /// Probabilities before calibration, for showing what calibration changed: the plain
    /// softmax of the scores for nominal links, and plain sigmoids of the threshold scores
    /// (made non-increasing) for ordinal ones; an ensemble's are its members' mean.
    pub fn uncalibrated_probabilities(&self, row: SparseRow<'_>) -> Vec<f64> {
        self.link.uncalibrated(self.scores(row))
    }

    /// The predicted class for given probabilities: the most probable one, except for ordinal
    /// targets, where it is the median level (the choice that minimizes expected absolute
    /// error, which is how ordinal predictions are judged).
    pub fn decide(&self, probabilities: &[f64]) -> usize {
        match self.link.is_ordinal() {
            true => {
                let mut cumulative = 0.0;
                for (k, p) in probabilities.iter().enumerate() {
                    cumulative += p;
                    if cumulative >= 0.5 {
                        return k;
                    }
                }
                probabilities.len().saturating_sub(1)
            }
            false => argmax(probabilities),
        }
    }

    /// Probabilities for every row, shape (rows, classes).
    pub fn predict_proba(&self, x: &CsrMatrix) -> Array2<f64> {
        let mut out = Array2::zeros((x.nrows(), self.n_classes()));
        for (i, row) in x.rows().enumerate() {
            for (o, p) in out.row_mut(i).iter_mut().zip(self.probabilities(row)) {
                *o = p;
            }
        }
        out
    }

    /// How much each feature pushed the document toward a class, largest first: for nominal
    /// links, its weight for the class minus its mean weight, times its value; for ordinal
    /// links, its push up the scale (positive = toward higher levels). [`Toward::Higher`] is
    /// that push whatever the link: for levels a nominal model learned as classes, its pushes
    /// toward each level weighed by the level's distance from the middle (as in an ensemble).
    pub fn contributions(&self, row: SparseRow<'_>, toward: Toward) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = row
            .iter()
            .filter(|&(j, _)| j < self.n_features())
            .map(|(j, x)| (j, x * self.feature_push(j, toward)))
            .filter(|&(_, c)| c != 0.0)
            .collect();
        out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        out
    }

    /// The weight of feature j (see [`LinearClassifier::contributions`]).
    pub fn feature_push(&self, j: usize, toward: Toward) -> f64 {
        let (class, ordinal) = match toward {
            Toward::Class(k) => (k, self.link.is_ordinal()),
            Toward::Higher => (0, true),
        };
        let w = self.weights.row(j);
        match w.as_slice() {
            Some(w) => self.link.push(w, class, ordinal),
            None => self.link.push(&w.to_vec(), class, ordinal),
        }
    }
}

/// What a push is measured toward: a class, or higher levels of ordered classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toward {
    Class(usize),
    Higher,
}

/// Predicted class indices, through linfa's `Predict` (e.g. `model.predict(&dataset)`).
impl PredictInplace<CsrMatrix, Array1<usize>> for LinearClassifier {
    fn predict_inplace(&self, x: &CsrMatrix, y: &mut Array1<usize>) {
        for (i, row) in x.rows().enumerate() {
            if let Some(slot) = y.get_mut(i) {
                *slot = self.decide(&self.probabilities(row));
            }
        }
    }

    fn default_target(&self, x: &CsrMatrix) -> Array1<usize> {
        Array1::zeros(x.nrows())
    }
}

/// Level probabilities from threshold scores: Platt's sigmoid per "level > t", made
/// non-increasing in t, then differenced.
fn cumulative(scores: &[f64], a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(scores.len() + 1);
    let mut last: f64 = 1.0;
    for (s, (a, b)) in scores.iter().zip(a.iter().zip(b)) {
        let above = last.min(sigmoid(-(a * s + b)));
        p.push(last - above);
        last = above;
    }
    p.push(last);
    p
}

pub fn softmax(scores: &[f64]) -> Vec<f64> {
    let mut p = scores.to_vec();
    softmax_in_place(&mut p);
    p
}

/// [`softmax`] over the values of `scores`, written over them.
pub fn softmax_in_place(scores: &mut [f64]) {
    let max = scores.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    scores.iter_mut().for_each(|s| *s = (*s - max).exp());
    let total: f64 = scores.iter().sum();
    scores.iter_mut().for_each(|e| *e /= total);
}

/// Index of the largest value; the first one wins ties.
pub fn argmax(values: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        if *v > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::*;
    use ndarray::array;

    fn row(m: &CsrMatrix, i: usize) -> SparseRow<'_> {
        m.row(i)
    }

    fn matrix() -> CsrMatrix {
        let mut m = CsrMatrix::new(2);
        m.push_row([(0, 1.0)]);
        m.push_row([(1, 1.0)]);
        m
    }

    #[test]
    fn softmax_link_predicts_the_highest_score() {
        let model = LinearClassifier {
            weights: array![[2.0, 0.0], [0.0, 2.0]],
            bias: array![0.0, 0.0],
            link: Link::Softmax,
        };
        let m = matrix();
        let p = model.probabilities(row(&m, 0));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(p[0] > p[1]);
        let ds = DatasetBase::new(m, Array1::<usize>::zeros(2));
        let pred: Array1<usize> = model.predict(&ds);
        assert_eq!(pred, array![0, 1]);
    }

    #[test]
    fn cumulative_link_gives_a_distribution_and_the_median_level() {
        // one feature pushes every threshold up; Platt a = -1, b = 0 means p = sigmoid(s)
        let model = LinearClassifier {
            weights: array![[4.0, 4.0, 4.0], [-4.0, -4.0, -4.0]],
            bias: array![0.0, -2.0, -6.0],
            link: Link::Cumulative {
                a: vec![-1.0; 3],
                b: vec![0.0; 3],
            },
        };
        let m = matrix();
        let p = model.probabilities(row(&m, 0));
        assert_eq!(p.len(), 4);
        assert!(p.iter().all(|&v| v >= 0.0));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // scores 4, 2, -2 -> P(>0)=.98, P(>1)=.88, P(>2)=.12: median level 2
        assert_eq!(model.decide(&p), 2);
        assert_eq!(model.decide(&model.probabilities(row(&m, 1))), 0);
        assert!(model.feature_push(0, Toward::Class(0)) > 0.0);
    }

    #[test]
    fn contributions_are_sorted_by_size() {
        let model = LinearClassifier {
            weights: array![[1.0, 0.0], [3.0, 0.0]],
            bias: array![0.0, 0.0],
            link: Link::Softmax,
        };
        let mut m = CsrMatrix::new(2);
        m.push_row([(0, 1.0), (1, 1.0)]);
        let c = model.contributions(m.row(0), Toward::Class(0));
        assert_eq!(c.iter().map(|&(j, _)| j).collect::<Vec<_>>(), [1, 0]);
        assert!((c[0].1 - 1.5).abs() < 1e-12);
        // of three ordered levels, feature 0 favours the highest and feature 1 the lowest:
        // up the scale, whatever the link, they push up and down, toward level 0 the reverse
        let ordered = LinearClassifier {
            weights: array![[-1.0, 0.0, 1.0], [2.0, 0.0, -2.0]],
            bias: array![0.0, 0.0, 0.0],
            link: Link::ScaledSoftmax { temperature: 1.0 },
        };
        let up = ordered.contributions(m.row(0), Toward::Higher);
        assert!(up[0].0 == 1 && up[0].1 < 0.0 && up[1].1 > 0.0, "{up:?}");
        assert!(ordered.feature_push(0, Toward::Class(0)) < 0.0);
    }

    #[test]
    fn consistency_check_catches_shape_mismatch() {
        let mut model = LinearClassifier {
            weights: array![[1.0, 0.0]],
            bias: array![0.0, 0.0],
            link: Link::Softmax,
        };
        assert!(model.check_consistent().is_ok());
        model.bias = array![0.0];
        assert!(model.check_consistent().is_err());
        model.bias = array![0.0, f64::NAN];
        assert!(model.check_consistent().is_err());
    }
}
