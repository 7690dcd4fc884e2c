//! Evaluation metrics for sitrep's classifiers.
//!
//! Definitions follow scikit-learn exactly (`classification_report`,
//! `cohen_kappa_score`, `mean_absolute_error`) so that sitrep's numbers can be
//! compared one-to-one with the scikit-learn reference peers.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Why metrics could not be computed; returned instead of panicking on bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsError {
    /// Truth and predictions must pair up one-to-one.
    LengthMismatch { truth: usize, pred: usize },
    /// Every metric here is a ratio over the samples, so zero samples is meaningless.
    Empty,
    /// A class index that does not name any label.
    LabelOutOfRange { index: usize, n_labels: usize },
}

impl fmt::Display for MetricsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricsError::LengthMismatch { truth, pred } => {
                write!(f, "truth has {truth} labels but predictions have {pred}")
            }
            MetricsError::Empty => write!(f, "no samples to evaluate"),
            MetricsError::LabelOutOfRange { index, n_labels } => {
                write!(f, "class index {index} is out of range for {n_labels} labels")
            }
        }
    }
}

impl std::error::Error for MetricsError {}

fn validate(n_labels: usize, truth: &[usize], pred: &[usize]) -> Result<(), MetricsError> {
    if truth.len() != pred.len() {
        return Err(MetricsError::LengthMismatch {
            truth: truth.len(),
            pred: pred.len(),
        });
    }
    if truth.is_empty() {
        return Err(MetricsError::Empty);
    }
    if let Some(&index) = truth.iter().chain(pred).find(|&&i| i >= n_labels) {
        return Err(MetricsError::LabelOutOfRange { index, n_labels });
    }
    Ok(())
}

/// Counts of (true class, predicted class) pairs: rows are truth, columns predicted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfusionMatrix {
    pub labels: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

impl ConfusionMatrix {
    /// Builds the matrix over every label in `labels` (see [`Self::present_only`]).
    pub fn new(labels: &[String], truth: &[usize], pred: &[usize]) -> Result<Self, MetricsError> {
        validate(labels.len(), truth, pred)?;
        let mut counts = vec![vec![0u64; labels.len()]; labels.len()];
        for (&t, &p) in truth.iter().zip(pred) {
            if let Some(cell) = counts.get_mut(t).and_then(|row| row.get_mut(p)) {
                *cell += 1;
            }
        }
        Ok(Self {
            labels: labels.to_vec(),
            counts,
        })
    }

    /// The matrix of `counts` (rows truth, columns predicted, one per label), as counted
    /// elsewhere: a bootstrap resample counts its rows straight into one.
    pub fn from_counts(labels: &[String], counts: Vec<Vec<u64>>) -> Self {
        Self {
            labels: labels.to_vec(),
            counts,
        }
    }

    /// Number of samples counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Number of samples on the diagonal (correctly predicted).
    pub fn correct(&self) -> u64 {
        (0..self.counts.len()).map(|i| self.cell(i, i)).sum()
    }

    /// Count for one (true, predicted) cell; 0 outside the matrix.
    pub fn cell(&self, truth: usize, pred: usize) -> u64 {
        self.counts
            .get(truth)
            .and_then(|row| row.get(pred))
            .copied()
            .unwrap_or(0)
    }

    /// Samples whose true class is `class` (row sum).
    pub fn support(&self, class: usize) -> u64 {
        self.counts.get(class).map_or(0, |row| row.iter().sum())
    }

    /// Samples predicted as `class` (column sum).
    pub fn predicted(&self, class: usize) -> u64 {
        self.counts
            .iter()
            .map(|row| row.get(class).copied().unwrap_or(0))
            .sum()
    }

    /// Drops classes absent from both truth and predictions, as scikit-learn's
    /// `classification_report` does; label order is kept.
    pub fn present_only(&self) -> Self {
        let keep: Vec<usize> = (0..self.labels.len())
            .filter(|&i| self.support(i) > 0 || self.predicted(i) > 0)
            .collect();
        Self {
            labels: keep.iter().filter_map(|&i| self.labels.get(i).cloned()).collect(),
            counts: keep
                .iter()
                .map(|&r| keep.iter().map(|&c| self.cell(r, c)).collect())
                .collect(),
        }
    }
}

/// One row of a classification report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScores {
    pub label: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Samples truly of this class.
    pub support: u64,
    /// Samples predicted as this class (kept so undefined precision can be explained).
    pub predicted: u64,
}

/// Macro or weighted average over the reported classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Averages {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Total number of samples.
    pub support: u64,
}

/// Everything `classification_report` shows, plus the confusion matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub accuracy: f64,
    pub per_class: Vec<ClassScores>,
    pub macro_avg: Averages,
    pub weighted_avg: Averages,
    /// Restricted to the same classes as `per_class`.
    pub confusion: ConfusionMatrix,
    /// Human-readable notes on precision/recall that were undefined and set to 0.
    pub undefined: Vec<String>,
}

impl Classification {
    /// Scores the classes that appear in `truth` or `pred`, as
    /// `classification_report(y_true, y_pred)` lists them.
    ///
    /// Undefined precision (class never predicted) or recall (class absent
    /// from truth) is 0, as with `zero_division="warn"`, and noted in
    /// `undefined`. F1 could only be undefined for a class absent from both,
    /// and such classes are not reported.
    pub fn new(labels: &[String], truth: &[usize], pred: &[usize]) -> Result<Self, MetricsError> {
        Ok(Self::from_matrix(&ConfusionMatrix::new(labels, truth, pred)?))
    }

    /// The same scores from the counts alone (what [`Self::new`] computes from the rows).
    pub fn from_matrix(confusion: &ConfusionMatrix) -> Self {
        Self::from_present(confusion.present_only())
    }

    fn from_present(confusion: ConfusionMatrix) -> Self {
        let mut undefined = Vec::new();
        let per_class: Vec<ClassScores> = confusion
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let tp = confusion.cell(i, i);
                let support = confusion.support(i);
                let predicted = confusion.predicted(i);
                if predicted == 0 {
                    undefined.push(format!(
                        "precision of class {label} is undefined (no predictions); set to 0"
                    ));
                }
                if support == 0 {
                    undefined.push(format!(
                        "recall of class {label} is undefined (no true samples); set to 0"
                    ));
                }
                let precision = ratio(tp as f64, predicted as f64);
                let recall = ratio(tp as f64, support as f64);
                // 2tp / (support + predicted) is the harmonic mean of P and R
                // whenever both are defined, and 0 when either is undefined
                // (tp = 0 then); it is also how scikit-learn computes it.
                let f1 = ratio(2.0 * tp as f64, (support + predicted) as f64);
                ClassScores {
                    label: label.clone(),
                    precision,
                    recall,
                    f1,
                    support,
                    predicted,
                }
            })
            .collect();

        let total = confusion.total();
        let accuracy = ratio(confusion.correct() as f64, total as f64);
        let k = per_class.len() as f64;
        let mean = |f: fn(&ClassScores) -> f64| ratio(per_class.iter().map(f).sum(), k);
        let weighted = |f: fn(&ClassScores) -> f64| {
            ratio(
                per_class.iter().map(|c| f(c) * c.support as f64).sum(),
                total as f64,
            )
        };
        let macro_avg = Averages {
            precision: mean(|c| c.precision),
            recall: mean(|c| c.recall),
            f1: mean(|c| c.f1),
            support: total,
        };
        let weighted_avg = Averages {
            precision: weighted(|c| c.precision),
            recall: weighted(|c| c.recall),
            f1: weighted(|c| c.f1),
            support: total,
        };
        Self {
            accuracy,
            per_class,
            macro_avg,
            weighted_avg,
            confusion,
            undefined,
        }
    }
}

/// Division that yields 0 for an empty denominator rather than NaN.
fn ratio(num: f64, den: f64) -> f64 {
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

/// Error measures that respect the order of classes (e.g. escalation levels).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrdinalScores {
    pub mae: f64,
    pub qwk: f64,
}

impl OrdinalScores {
    /// Validated entry point: errors on the same inputs as [`Classification::new`].
    pub fn new(truth: &[usize], pred: &[usize], n_classes: usize) -> Result<Self, MetricsError> {
        validate(n_classes, truth, pred)?;
        Ok(Self {
            mae: mean_absolute_error(truth, pred),
            qwk: quadratic_weighted_kappa(truth, pred, n_classes),
        })
    }
}

/// Mean absolute difference of class indices, so missing a level by two costs
/// twice as much as by one. Unpaired trailing items are ignored and no pairs
/// gives 0.0 (use [`OrdinalScores::new`] to reject such input instead).
pub fn mean_absolute_error(truth: &[usize], pred: &[usize]) -> f64 {
    let n = truth.len().min(pred.len());
    let sum: u64 = truth.iter().zip(pred).map(|(&t, &p)| t.abs_diff(p) as u64).sum();
    ratio(sum as f64, n as f64)
}

/// [`mean_absolute_error`] from the counts of (truth, prediction) pairs: the same value,
/// as the sum of distances is an integer either way.
pub fn mean_absolute_error_of(confusion: &ConfusionMatrix) -> f64 {
    let mut sum = 0u64;
    for (t, row) in confusion.counts.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            sum += n * t.abs_diff(p) as u64;
        }
    }
    ratio(sum as f64, confusion.total() as f64)
}

/// [`quadratic_weighted_kappa`] from the counts of (truth, prediction) pairs: the same
/// integer sums, so the same value.
pub fn quadratic_weighted_kappa_of(confusion: &ConfusionMatrix) -> f64 {
    let counts = &confusion.counts;
    let k = counts.len();
    let rows: Vec<u128> = counts
        .iter()
        .map(|row| row.iter().map(|&n| u128::from(n)).sum())
        .collect();
    let cols: Vec<u128> = (0..k)
        .map(|p| {
            counts
                .iter()
                .map(|row| u128::from(row.get(p).copied().unwrap_or(0)))
                .sum()
        })
        .collect();
    let pairs: u128 = rows.iter().sum();
    if pairs == 0 {
        return 0.0;
    }
    let mut observed: u128 = 0;
    for (t, row) in counts.iter().enumerate() {
        for (p, &n) in row.iter().enumerate() {
            observed = observed.saturating_add(sq_dist(t, p).saturating_mul(u128::from(n)));
        }
    }
    let mut expected: u128 = 0;
    for (i, &r) in rows.iter().enumerate() {
        for (j, &c) in cols.iter().enumerate() {
            expected = expected.saturating_add(sq_dist(i, j).saturating_mul(r).saturating_mul(c));
        }
    }
    kappa(observed, expected, pairs)
}

/// Cohen's kappa with quadratic weights `(i-j)^2 / (n-1)^2` over the full
/// range `0..n_classes`.
///
/// This equals scikit-learn's `cohen_kappa_score(weights="quadratic")`
/// whenever every class appears in truth or predictions (scikit-learn only
/// weights the classes it sees, which shifts distances when an inner class is
/// missing); with `labels=list(range(n_classes))` it is always equal. The
/// `(n-1)^2` normalisation cancels in the ratio, so `n_classes` does not change
/// the value; indices >= `n_classes` are simply treated as further classes.
///
/// Degenerate case (scikit-learn returns NaN): if the expected disagreement is
/// 0, both sides put every sample in one and the same class, so the observed
/// disagreement is 0 too and we return 1.0 (perfect agreement); should the
/// observed disagreement not be 0 we return 0.0. No pairs at all give 0.0, and
/// unpaired trailing items are ignored.
pub fn quadratic_weighted_kappa(truth: &[usize], pred: &[usize], n_classes: usize) -> f64 {
    let _ = n_classes; // only sets the normalisation, which cancels (see above)
    let pairs = truth.len().min(pred.len());
    if pairs == 0 {
        return 0.0;
    }
    // Sparse marginals: cost depends on the classes seen, not on their indices.
    let mut rows: BTreeMap<usize, u128> = BTreeMap::new();
    let mut cols: BTreeMap<usize, u128> = BTreeMap::new();
    // Observed disagreement: sum of (t-p)^2 over pairs.
    let mut observed: u128 = 0;
    for (&t, &p) in truth.iter().zip(pred) {
        *rows.entry(t).or_default() += 1;
        *cols.entry(p).or_default() += 1;
        observed = observed.saturating_add(sq_dist(t, p));
    }
    // Expected disagreement times N: sum of (i-j)^2 * rows_i * cols_j.
    // Integer sums are exact (saturating only for absurd indices), so the
    // degenerate check is exact and the final ratio as precise as f64 allows.
    let mut expected: u128 = 0;
    for (&i, &r) in &rows {
        for (&j, &c) in &cols {
            let term = sq_dist(i, j).saturating_mul(r).saturating_mul(c);
            expected = expected.saturating_add(term);
        }
    }
    kappa(observed, expected, pairs as u128)
}

/// Kappa from the observed disagreement, the expected one times the number of pairs, and
/// that number (see [`quadratic_weighted_kappa`] for the degenerate case).
fn kappa(observed: u128, expected: u128, pairs: u128) -> f64 {
    if expected == 0 {
        return if observed == 0 { 1.0 } else { 0.0 };
    }
    1.0 - (observed as f64 * pairs as f64) / expected as f64
}

fn sq_dist(a: usize, b: usize) -> u128 {
    let d = a.abs_diff(b) as u128;
    d * d
}

#[cfg(test)]
mod tests;
