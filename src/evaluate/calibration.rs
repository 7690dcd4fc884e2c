//! How far to trust the numbers: bootstrap confidence intervals of the headline metrics,
//! calibration of the predicted probabilities (expected calibration error, Brier score, a
//! reliability table) and the coverage / accuracy trade-off of abstaining below a confidence.
//!
//! Definitions:
//!
//! - **Bootstrap interval**: the rows are resampled with replacement `resamples` times (with
//!   sitrep's seeded generator, so a seed gives the same interval everywhere); the metric is
//!   recomputed on each resample and the interval is the 2.5th and 97.5th percentile of those
//!   values (percentile method, linear interpolation between order statistics as numpy's
//!   default `percentile`). Macro-F1 on a resample averages over the classes present in that
//!   resample's truth or predictions, as scikit-learn's `f1_score(average="macro")` does.
//! - **Expected calibration error (ECE)**: the top-class probability (confidence) of each row
//!   falls in one of 10 equal-width bins, `[0, 0.1], (0.1, 0.2], ..., (0.9, 1]`;
//!   `ECE = sum over bins of (rows in bin / rows) * |accuracy in bin - mean confidence in bin|`.
//! - **Brier score** (multi-class): the mean over rows of the sum over classes of
//!   `(p_k - y_k)^2`, with `y` the one-hot truth. It lies in [0, 2]; this is scikit-learn's
//!   multi-class `brier_score_loss` (not a one-vs-rest average). The same formula is used for
//!   two classes, where it is twice scikit-learn's default binary value (which
//!   `scale_by_half="auto"` halves to [0, 1]). A true label the model never saw has
//!   probability 0 and adds 1.
//! - **Coverage** at a threshold is the share of rows whose confidence is at or above it;
//!   accuracy is measured on those rows only.

use serde::{Deserialize, Serialize};

use crate::evaluate::resample::{quantile, Resampler};
use crate::metrics::{
    mean_absolute_error, mean_absolute_error_of, quadratic_weighted_kappa, quadratic_weighted_kappa_of,
    Classification, MetricsError,
};
use crate::models::rng::Rng;

/// Bootstrap resamples used unless the caller says otherwise.
pub const DEFAULT_RESAMPLES: usize = 1000;
/// Bins of the reliability table.
pub const BINS: usize = 10;
/// Confidence thresholds of the coverage table.
pub const THRESHOLDS: [f64; 7] = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/// A point estimate with its 95% bootstrap interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }
}

/// 95% intervals of one target's headline metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Uncertainty {
    pub method: String,
    pub resamples: usize,
    pub seed: u64,
    pub accuracy: Interval,
    pub macro_f1: Interval,
    pub mae: Option<Interval>,
    pub qwk: Option<Interval>,
}

fn interval(estimate: f64, mut values: Vec<f64>) -> Interval {
    values.sort_by(f64::total_cmp);
    Interval {
        estimate,
        low: quantile(&values, 0.025),
        high: quantile(&values, 0.975),
    }
}

/// Bootstrap intervals of accuracy and macro-F1, and of MAE and QWK when `ordinal`.
pub fn bootstrap(
    labels: &[String],
    truth: &[usize],
    pred: &[usize],
    ordinal: bool,
    resamples: usize,
    seed: u64,
) -> Result<Uncertainty, MetricsError> {
    let full = Classification::new(labels, truth, pred)?;
    let mut rng = Rng::new(seed);
    let mut acc = Vec::with_capacity(resamples);
    let mut f1 = Vec::with_capacity(resamples);
    let mut mae = Vec::with_capacity(resamples);
    let mut qwk = Vec::with_capacity(resamples);
    let mut resampler = Resampler::new(labels, truth, &[pred])?;
    for _ in 0..resamples {
        let matrix = &resampler.draw(&mut rng)[0];
        let c = Classification::from_matrix(matrix);
        acc.push(c.accuracy);
        f1.push(c.macro_avg.f1);
        if ordinal {
            mae.push(mean_absolute_error_of(matrix));
            qwk.push(quadratic_weighted_kappa_of(matrix));
        }
    }
    Ok(Uncertainty {
        method: "percentile bootstrap, 95%".into(),
        resamples,
        seed,
        accuracy: interval(full.accuracy, acc),
        macro_f1: interval(full.macro_avg.f1, f1),
        mae: ordinal.then(|| interval(mean_absolute_error(truth, pred), mae)),
        qwk: ordinal.then(|| interval(quadratic_weighted_kappa(truth, pred, labels.len()), qwk)),
    })
}

/// One bin of the reliability table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReliabilityBin {
    pub low: f64,
    pub high: f64,
    pub rows: usize,
    /// Mean top-class probability of the rows in the bin (None when empty).
    pub confidence: Option<f64>,
    /// Share of the bin's rows predicted correctly (None when empty).
    pub accuracy: Option<f64>,
}

/// Calibration of one target's probabilities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    pub ece: f64,
    pub brier: f64,
    pub bins: Vec<ReliabilityBin>,
}

/// The bin of a confidence: `[0, 0.1]` is bin 0, `(0.1, 0.2]` bin 1, ..., `(0.9, 1]` bin 9.
pub fn bin_of(confidence: f64) -> usize {
    (1..BINS)
        .filter(|&i| (i as f64 / BINS as f64) < confidence)
        .count()
}

/// ECE, Brier score and the reliability table. `probabilities[i]` are row i's class
/// probabilities in model class order; `truth[i]` may be a class index past them (a label the
/// model never saw). The prediction is the class of `pred[i]`, its confidence the probability
/// of that class.
pub fn calibration(
    truth: &[usize],
    pred: &[usize],
    probabilities: &[Vec<f64>],
) -> Result<Calibration, MetricsError> {
    if truth.len() != pred.len() || truth.len() != probabilities.len() {
        return Err(MetricsError::LengthMismatch {
            truth: truth.len(),
            pred: pred.len().min(probabilities.len()),
        });
    }
    if truth.is_empty() {
        return Err(MetricsError::Empty);
    }
    let n = truth.len() as f64;
    let mut count = [0usize; BINS];
    let mut conf_sum = [0f64; BINS];
    let mut correct = [0usize; BINS];
    let mut brier = 0.0;
    for ((&t, &p), probs) in truth.iter().zip(pred).zip(probabilities) {
        let confidence = probs.get(p).copied().unwrap_or(0.0);
        let b = bin_of(confidence);
        count[b] += 1;
        conf_sum[b] += confidence;
        correct[b] += usize::from(t == p);
        let onehot_miss = if t < probs.len() { 0.0 } else { 1.0 };
        brier += onehot_miss
            + probs
                .iter()
                .enumerate()
                .map(|(k, &q)| (q - if k == t { 1.0 } else { 0.0 }).powi(2))
                .sum::<f64>();
    }
    let bins: Vec<ReliabilityBin> = (0..BINS)
        .map(|b| ReliabilityBin {
            low: b as f64 / BINS as f64,
            high: (b + 1) as f64 / BINS as f64,
            rows: count[b],
            confidence: (count[b] > 0).then(|| conf_sum[b] / count[b] as f64),
            accuracy: (count[b] > 0).then(|| correct[b] as f64 / count[b] as f64),
        })
        .collect();
    let ece = bins
        .iter()
        .filter_map(|b| Some(b.rows as f64 / n * (b.accuracy? - b.confidence?).abs()))
        .sum();
    Ok(Calibration {
        ece,
        brier: brier / n,
        bins,
    })
}

/// One row of the coverage table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    pub threshold: f64,
    /// Rows whose confidence is at or above the threshold.
    pub rows: usize,
    pub coverage: f64,
    /// Accuracy on those rows (None when there are none).
    pub accuracy: Option<f64>,
}

/// Coverage and accuracy when predictions below each threshold are withheld.
pub fn coverage(truth: &[usize], pred: &[usize], confidence: &[f64], thresholds: &[f64]) -> Vec<CoverageRow> {
    let n = truth.len().min(pred.len()).min(confidence.len());
    thresholds
        .iter()
        .map(|&threshold| {
            let kept: Vec<usize> = (0..n).filter(|&i| confidence[i] >= threshold).collect();
            let right = kept.iter().filter(|&&i| truth[i] == pred[i]).count();
            CoverageRow {
                threshold,
                rows: kept.len(),
                coverage: if n == 0 { 0.0 } else { kept.len() as f64 / n as f64 },
                accuracy: (!kept.is_empty()).then(|| right as f64 / kept.len() as f64),
            }
        })
        .collect()
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// Rows of the interval table: (metric, estimate, low, high).
pub fn interval_rows(u: &Uncertainty) -> Vec<(&'static str, &Interval)> {
    let mut rows = vec![("accuracy", &u.accuracy), ("macro-F1", &u.macro_f1)];
    if let Some(m) = &u.mae {
        rows.push(("MAE", m));
    }
    if let Some(q) = &u.qwk {
        rows.push(("QWK", q));
    }
    rows
}

/// Cells of the reliability table, one row per non-empty bin.
pub fn reliability_cells(c: &Calibration) -> Vec<[String; 4]> {
    c.bins
        .iter()
        .filter(|b| b.rows > 0)
        .map(|b| {
            [
                format!("{:.1}-{:.1}", b.low, b.high),
                b.rows.to_string(),
                opt(b.confidence),
                opt(b.accuracy),
            ]
        })
        .collect()
}

/// Cells of the coverage table.
pub fn coverage_cells(rows: &[CoverageRow]) -> Vec<[String; 4]> {
    rows.iter()
        .map(|r| {
            [
                format!("{:.2}", r.threshold),
                r.rows.to_string(),
                format!("{:.4}", r.coverage),
                opt(r.accuracy),
            ]
        })
        .collect()
}

/// A titled table: (title, column heads, rows of cells).
pub type Table = (String, Vec<String>, Vec<Vec<String>>);

/// The tables beyond scikit-learn's report: intervals, calibration, reliability, coverage.
pub fn tables(
    uncertainty: Option<&Uncertainty>,
    calibration: Option<&Calibration>,
    before: Option<&Calibration>,
    coverage: &[CoverageRow],
) -> Vec<Table> {
    let heads = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let mut tables = Vec::new();
    if let Some(u) = uncertainty {
        tables.push((
            format!(
                "95% confidence intervals ({}, {} resamples, seed {})",
                u.method.trim_end_matches(", 95%"),
                u.resamples,
                u.seed
            ),
            heads(&["metric", "estimate", "2.5%", "97.5%"]),
            interval_rows(u)
                .into_iter()
                .map(|(m, i)| {
                    vec![
                        m.to_string(),
                        format!("{:.4}", i.estimate),
                        format!("{:.4}", i.low),
                        format!("{:.4}", i.high),
                    ]
                })
                .collect(),
        ));
    }
    if let Some(c) = calibration {
        let mut ece = vec![
            "expected calibration error (ECE, 10 bins)".to_string(),
            format!("{:.4}", c.ece),
        ];
        let mut brier = vec![
            "Brier score (multi-class, 0 best, 2 worst)".to_string(),
            format!("{:.4}", c.brier),
        ];
        let mut columns = vec!["measure", "model's probabilities"];
        if let Some(b) = before {
            columns.push("before calibration");
            ece.push(format!("{:.4}", b.ece));
            brier.push(format!("{:.4}", b.brier));
        }
        tables.push(("calibration".to_string(), heads(&columns), vec![ece, brier]));
        tables.push((
            "reliability (rows binned by predicted-class probability)".to_string(),
            heads(&["probability", "rows", "mean probability", "accuracy"]),
            reliability_cells(c).into_iter().map(Vec::from).collect(),
        ));
    }
    if !coverage.is_empty() {
        tables.push((
            "coverage if predictions below a probability are withheld".to_string(),
            heads(&["threshold", "rows", "coverage", "accuracy"]),
            coverage_cells(coverage).into_iter().map(Vec::from).collect(),
        ));
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, what: &str) {
        assert!((a - b).abs() < 1e-9, "{what}: got {a}, expected {b}");
    }

    #[test]
    fn quantile_interpolates_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        close(quantile(&v, 0.5), 3.0, "median");
        // numpy.percentile([1..5], 2.5) = 1 + 0.025*4 = 1.1; 97.5 -> 4.9
        close(quantile(&v, 0.025), 1.1, "low");
        close(quantile(&v, 0.975), 4.9, "high");
        close(quantile(&[7.0], 0.3), 7.0, "single");
    }

    #[test]
    fn bins_are_closed_on_the_right() {
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(bin_of(0.1), 0);
        assert_eq!(bin_of(0.1000001), 1);
        assert_eq!(bin_of(0.3), 2);
        assert_eq!(bin_of(0.95), 9);
        assert_eq!(bin_of(1.0), 9);
    }

    #[test]
    fn ece_and_brier_by_hand() {
        // Two classes, four rows.
        // row 0: p = [0.9, 0.1], pred 0, truth 0 -> conf 0.9 (bin 8), right; brier .01+.01 = .02
        // row 1: p = [0.8, 0.2], pred 0, truth 1 -> conf 0.8 (bin 7), wrong; brier .64+.64 = 1.28
        // row 2: p = [0.4, 0.6], pred 1, truth 1 -> conf 0.6 (bin 5), right; brier .16+.16 = .32
        // row 3: p = [0.35, 0.65], pred 1, truth 1 -> conf 0.65 (bin 6), right; .1225*2 = .245
        // ECE = 1/4 (|1-.9| + |0-.8| + |1-.6| + |1-.65|) = (0.1+0.8+0.4+0.35)/4 = 0.4125
        // Brier = (0.02 + 1.28 + 0.32 + 0.245)/4 = 0.46625
        let probs = vec![vec![0.9, 0.1], vec![0.8, 0.2], vec![0.4, 0.6], vec![0.35, 0.65]];
        let c = calibration(&[0, 1, 1, 1], &[0, 0, 1, 1], &probs).expect("valid");
        close(c.ece, 0.4125, "ece");
        close(c.brier, 0.46625, "brier");
        assert_eq!(c.bins.len(), 10);
        assert_eq!(c.bins.iter().map(|b| b.rows).sum::<usize>(), 4);
        assert_eq!(c.bins[7].accuracy, Some(0.0));
        assert_eq!(c.bins[0].accuracy, None);
        // Two rows in one bin: confidences .9 and .95 (bin 8 and 9 -> use .85 and .9 instead)
        // rows: conf .85 right, conf .9 wrong -> bin 8: acc .5, conf .875, ECE = |.5-.875| = .375
        let probs = vec![vec![0.85, 0.15], vec![0.1, 0.9]];
        let c = calibration(&[0, 0], &[0, 1], &probs).expect("valid");
        close(c.ece, 0.375, "ece one bin");
        assert_eq!(c.bins[8].rows, 2);
        // Brier: row 0 (.15^2)*2 = .045; row 1: (.1-1)^2 + .9^2 = 1.62; mean .8325
        close(c.brier, 0.8325, "brier one bin");
    }

    #[test]
    fn brier_counts_an_unseen_true_label_as_a_full_miss() {
        // Model classes 0 and 1, true label index 2: sum p^2 + 1 = .25 + .25 + 1
        let c = calibration(&[2], &[0], &[vec![0.5, 0.5]]).expect("valid");
        close(c.brier, 1.5, "brier");
        assert!(calibration(&[], &[], &[]).is_err());
        assert!(calibration(&[0], &[0, 1], &[vec![1.0]]).is_err());
    }

    #[test]
    fn coverage_by_hand_and_monotone() {
        let truth = [0, 1, 1, 0, 1];
        let pred = [0, 1, 0, 0, 0];
        let conf = [0.95, 0.7, 0.55, 0.8, 0.4];
        let rows = coverage(&truth, &pred, &conf, &THRESHOLDS);
        // t=0: all 5, 3 right; t=.5: 4 rows (.95,.7,.55,.8), 3 right; t=.6: 3 rows, all right
        // t=.7: 3 rows; t=.8: 2 rows; t=.9: 1; t=.95: 1 (at or above)
        let got: Vec<usize> = rows.iter().map(|r| r.rows).collect();
        assert_eq!(got, [5, 4, 3, 3, 2, 1, 1]);
        close(rows[0].accuracy.expect("rows"), 0.6, "acc all");
        close(rows[1].accuracy.expect("rows"), 0.75, "acc .5");
        close(rows[2].accuracy.expect("rows"), 1.0, "acc .6");
        close(rows[1].coverage, 0.8, "coverage .5");
        let none = coverage(&truth, &pred, &conf, &[0.99]);
        assert_eq!((none[0].rows, none[0].accuracy), (0, None));
        // Monotone on a larger pseudo-random fixture.
        let mut rng = Rng::new(3);
        let conf: Vec<f64> = (0..500).map(|_| rng.below(1000) as f64 / 1000.0).collect();
        let truth: Vec<usize> = (0..500).map(|_| rng.below(3)).collect();
        let pred: Vec<usize> = (0..500).map(|_| rng.below(3)).collect();
        let rows = coverage(&truth, &pred, &conf, &THRESHOLDS);
        assert!(rows.windows(2).all(|w| w[1].coverage <= w[0].coverage));
        close(rows[0].coverage, 1.0, "threshold 0 covers all");
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_the_estimate() {
        let labels: Vec<String> = ["0", "1", "2"].iter().map(|s| s.to_string()).collect();
        let truth: Vec<usize> = (0..90).map(|i| i % 3).collect();
        let pred: Vec<usize> = (0..90)
            .map(|i| if i % 7 == 0 { (i + 1) % 3 } else { i % 3 })
            .collect();
        let a = bootstrap(&labels, &truth, &pred, true, 200, 42).expect("valid");
        let b = bootstrap(&labels, &truth, &pred, true, 200, 42).expect("valid");
        let c = bootstrap(&labels, &truth, &pred, true, 200, 43).expect("valid");
        assert_eq!(a, b);
        assert_ne!(a.accuracy, c.accuracy);
        // 13 of 90 wrong (i = 0, 7, ..., 84)
        close(a.accuracy.estimate, 77.0 / 90.0, "accuracy");
        for (_, i) in interval_rows(&a) {
            assert!(i.low <= i.estimate && i.estimate <= i.high, "{i:?}");
            assert!(i.low < i.high, "{i:?}");
        }
        assert_eq!(interval_rows(&a).len(), 4);
        // A perfect predictor has a degenerate interval.
        let p = bootstrap(&labels, &truth, &truth, false, 50, 1).expect("valid");
        assert_eq!((p.accuracy.low, p.accuracy.high), (1.0, 1.0));
        assert!(p.mae.is_none() && p.qwk.is_none());
    }
}
