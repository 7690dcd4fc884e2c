//! K-fold cross-validation: train and score K models with the same settings, and report each
//! metric as mean and standard deviation over folds plus the pooled confusion matrix.
//!
//! Each fold fits its own vocabulary and IDF on its training rows (nothing from the test fold
//! leaks into the features), and `--model auto` chooses its algorithm inside each fold.

use serde::Serialize;

use crate::evaluate::calibration::bootstrap;
use crate::evaluate::groups::{by_group, Rows};
use crate::evaluate::report::contents::TargetReport;
use crate::features::AnalyzedCorpus;
use crate::model::targets::EncodedTarget;
use crate::model::TargetKind;
use crate::models::folds::{grouped_folds, split, stratified_folds};
use crate::train::missing::{missing_classes, Split};
use crate::train::snippets::Snippets;
use crate::train::{
    fit_error, matrix_for, predict, select, with_copies, Algorithm, TrainError, TrainOptions,
};

mod render;
pub use render::render;

/// The headline metrics of one fold (or their mean / standard deviation).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FoldScores {
    pub accuracy: f64,
    pub macro_f1: f64,
    pub mae: Option<f64>,
    pub qwk: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetCv {
    pub target: String,
    pub kind: String,
    /// The algorithm used in each fold.
    pub algorithms: Vec<String>,
    pub folds: Vec<FoldScores>,
    pub mean: FoldScores,
    /// Sample standard deviation over folds (divisor K - 1).
    pub std: FoldScores,
    /// 95% interval of the fold mean: mean ± t(0.975, K - 1) · sd / √K (Student t).
    pub ci_low: FoldScores,
    pub ci_high: FoldScores,
    /// Every row scored once, by the model of the fold that held it out.
    pub pooled: TargetReport,
    /// Each row's predicted class index and the fold (0-based) that held it out, for
    /// `sitrep-eval --predictions`; not part of the report.
    #[serde(skip)]
    pub predictions: Vec<usize>,
    #[serde(skip)]
    pub fold_of_row: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CvReport {
    pub data: String,
    pub folds: usize,
    pub seed: u64,
    pub grouped_by: Option<String>,
    pub settings: CvSettings,
    pub targets: Vec<TargetCv>,
}

/// What the folds were cut from, named as a model's report names it (there is no model file
/// to checksum), so that a report passed around says which data, which rows, which version.
#[derive(Debug, Clone, Serialize)]
pub struct CvSettings {
    pub tool_version: String,
    /// CRC-32 of the data file.
    pub data_crc32: String,
    /// The row filter (`split=train`), if any.
    pub rows: Option<String>,
    pub text_columns: Vec<String>,
    pub resamples: usize,
}

impl CvSettings {
    /// (name, value) pairs in display order, named as in a model's report.
    pub fn lines(&self) -> Vec<(&'static str, String)> {
        vec![
            ("sitrep version", self.tool_version.clone()),
            ("data CRC-32", self.data_crc32.clone()),
            ("rows", self.rows.clone().unwrap_or_else(|| "all".into())),
            ("text columns", self.text_columns.join(", ")),
            ("bootstrap resamples", self.resamples.to_string()),
        ]
    }
}

/// Cross-validates every target. Folds are stratified by the first target, or built from
/// whole groups when `groups` is given. The pooled report gets bootstrap intervals from
/// `resamples` resamples (none for 0), seeded by the training seed, and with `by` (a
/// column's name and its value per row) the scores of each value's rows (`--by source`).
/// `warn` is told, before any training, of each fold whose training rows lack a class.
#[allow(clippy::too_many_arguments)]
pub fn cross_validate(
    texts: &[String],
    targets: &[EncodedTarget],
    options: &TrainOptions,
    k: usize,
    groups: Option<&[String]>,
    by: Option<(&str, &[String])>,
    resamples: usize,
    mut warn: impl FnMut(&str),
) -> Result<Vec<TargetCv>, TrainError> {
    options.features.validate()?;
    if targets.is_empty() {
        return Err(TrainError::NoTarget);
    }
    if k < 2 || k > texts.len() {
        return Err(TrainError::Folds {
            folds: k,
            rows: texts.len(),
        });
    }
    if let Some(groups) = groups {
        // a fold without a group would hold out no rows: no test set, no scores
        let distinct = groups.iter().collect::<std::collections::HashSet<_>>().len();
        if distinct < k {
            return Err(TrainError::GroupFolds {
                folds: k,
                groups: distinct,
            });
        }
    }
    crate::train::check_options(targets, options)?;
    let (snippets, texts_and_copies) = Snippets::new(texts, options.snippets);
    if options.snippets && snippets.is_empty() {
        warn(&crate::train::snippets::no_copies_warning());
    }
    let all_targets = with_copies(targets, &snippets);
    let corpus = AnalyzedCorpus::new(&options.features, &texts_and_copies);
    let folds = match groups {
        Some(g) => grouped_folds(g, k, options.seed),
        None => stratified_folds(&targets[0].y, k, options.seed),
    };
    for fold in 0..k {
        for target in targets {
            let sides = target.y.iter().zip(&folds).map(|(&y, &f)| (y, f == fold));
            for message in missing_classes(Split::Fold { fold, k }, target, sides) {
                warn(&message);
            }
        }
    }
    let n = texts.len();
    let mut pooled = vec![vec![0usize; n]; targets.len()];
    let mut per_fold: Vec<Vec<FoldScores>> = vec![Vec::new(); targets.len()];
    let mut algorithms: Vec<Vec<String>> = vec![Vec::new(); targets.len()];
    for f in 0..k {
        let (articles, test_rows) = split(&folds, f);
        // a fold trains on its articles' snippet copies and is scored on articles alone
        let train_rows = snippets.with_copies(&articles);
        let (vectorizer, mut x_train) = corpus.fit(&options.features, &train_rows);
        let x_test = corpus.matrix(&vectorizer, &test_rows);
        for (t, target) in targets.iter().enumerate() {
            let algorithm = match Algorithm::for_choice(options, target.spec.kind) {
                Some(a) => a,
                None => select(&corpus, &articles, target, options, Some((f, k)), &mut warn)?.0,
            };
            let y_train: Vec<usize> = train_rows.iter().map(|&i| all_targets[t].y[i]).collect();
            let model = algorithm
                .fit(
                    // the last target takes the fold's matrix itself, the others a copy
                    matrix_for(&mut x_train, t, targets.len()),
                    &y_train,
                    &target.classes,
                    &options.class_weights,
                    options.seed,
                    options.calibrate,
                )
                .map_err(|source| fit_error(Split::Fold { fold: f, k }, target, &y_train, source))?;
            let pred = predict(&model, &x_test);
            let truth: Vec<usize> = test_rows.iter().map(|&i| target.y[i]).collect();
            for (&i, &p) in test_rows.iter().zip(&pred) {
                pooled[t][i] = p;
            }
            per_fold[t].push(scores(target, &truth, &pred)?);
            algorithms[t].push(algorithm.to_string());
        }
    }
    targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let mut pooled_report = TargetReport::evaluate(
                &target.spec.column,
                target.spec.kind.name(),
                &target.classes,
                &target.y,
                &pooled[t],
            )
            .map_err(|e| TrainError::Metrics(e.to_string()))?;
            if let Some((column, values)) = by {
                let rows = Rows {
                    target: &target.spec.column,
                    kind: target.spec.kind.name(),
                    labels: &target.classes,
                    truth: &target.y,
                    pred: &pooled[t],
                };
                pooled_report.by_group =
                    Some(by_group(column, values, &rows).map_err(|e| TrainError::Metrics(e.to_string()))?);
            }
            let (mean, std) = summarize(&per_fold[t]);
            let (ci_low, ci_high) = mean_interval(&mean, &std, k);
            if resamples > 0 {
                pooled_report.uncertainty = Some(
                    bootstrap(
                        &target.classes,
                        &target.y,
                        &pooled[t],
                        target.spec.kind == TargetKind::Ordinal,
                        resamples,
                        options.seed,
                    )
                    .map_err(|e| TrainError::Metrics(e.to_string()))?,
                );
            }
            Ok(TargetCv {
                target: target.spec.column.clone(),
                kind: target.spec.kind.name().to_string(),
                algorithms: algorithms[t].clone(),
                folds: per_fold[t].clone(),
                mean,
                std,
                ci_low,
                ci_high,
                pooled: pooled_report,
                predictions: pooled[t].clone(),
                fold_of_row: folds.clone(),
            })
        })
        .collect()
}

fn scores(target: &EncodedTarget, truth: &[usize], pred: &[usize]) -> Result<FoldScores, TrainError> {
    let r = TargetReport::evaluate(
        &target.spec.column,
        target.spec.kind.name(),
        &target.classes,
        truth,
        pred,
    )
    .map_err(|e| TrainError::Metrics(e.to_string()))?;
    let ordinal = (target.spec.kind == TargetKind::Ordinal)
        .then_some(r.ordinal)
        .flatten();
    Ok(FoldScores {
        accuracy: r.classification.accuracy,
        macro_f1: r.classification.macro_avg.f1,
        mae: ordinal.as_ref().map(|o| o.mae),
        qwk: ordinal.as_ref().map(|o| o.qwk),
    })
}

/// The 0.975 quantile of Student's t with `df` degrees of freedom, as scipy.stats.t.ppf
/// gives it (4 decimals) for df 1..=30, and its Cornish-Fisher expansion around the normal
/// quantile 1.959964 beyond (error below 1e-4 there).
pub fn t_975(df: usize) -> f64 {
    const T: [f64; 30] = [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281, 2.2010, 2.1788,
        2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739, 2.0687, 2.0639,
        2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];
    if let Some(&t) = T.get(df.wrapping_sub(1)) {
        return t;
    }
    let z: f64 = 1.959_964;
    let n = df.max(1) as f64;
    z + (z.powi(3) + z) / (4.0 * n) + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * n * n)
}

fn mean_interval(mean: &FoldScores, std: &FoldScores, k: usize) -> (FoldScores, FoldScores) {
    let half = |s: f64| t_975(k.saturating_sub(1)) * s / (k as f64).sqrt();
    let at = |sign: f64| FoldScores {
        accuracy: mean.accuracy + sign * half(std.accuracy),
        macro_f1: mean.macro_f1 + sign * half(std.macro_f1),
        mae: mean.mae.zip(std.mae).map(|(m, s)| m + sign * half(s)),
        qwk: mean.qwk.zip(std.qwk).map(|(m, s)| m + sign * half(s)),
    };
    (at(-1.0), at(1.0))
}

fn mean_std(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = if values.len() > 1 {
        values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

fn summarize(folds: &[FoldScores]) -> (FoldScores, FoldScores) {
    let col = |f: &dyn Fn(&FoldScores) -> Option<f64>| -> (Option<f64>, Option<f64>) {
        let v: Option<Vec<f64>> = folds.iter().map(f).collect();
        match v {
            Some(v) if !v.is_empty() => {
                let (m, s) = mean_std(&v);
                (Some(m), Some(s))
            }
            _ => (None, None),
        }
    };
    let (acc_m, acc_s) = col(&|f| Some(f.accuracy));
    let (f1_m, f1_s) = col(&|f| Some(f.macro_f1));
    let (mae_m, mae_s) = col(&|f| f.mae);
    let (qwk_m, qwk_s) = col(&|f| f.qwk);
    (
        FoldScores {
            accuracy: acc_m.unwrap_or(0.0),
            macro_f1: f1_m.unwrap_or(0.0),
            mae: mae_m,
            qwk: qwk_m,
        },
        FoldScores {
            accuracy: acc_s.unwrap_or(0.0),
            macro_f1: f1_s.unwrap_or(0.0),
            mae: mae_s,
            qwk: qwk_s,
        },
    )
}

#[cfg(test)]
mod tests;
