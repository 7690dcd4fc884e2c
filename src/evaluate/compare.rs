//! Comparing two models on the same rows, so "B is better" comes with a p-value.
//!
//! - **Accuracy**: McNemar's test on the discordant pairs (rows one model gets right and the
//!   other wrong). With fewer than 25 discordant pairs the exact two-sided binomial test is
//!   used, `p = min(1, 2 * P(X <= min(b, c)))` with `X ~ Binomial(b + c, 1/2)`; otherwise the
//!   chi-square statistic with continuity correction, `(|b - c| - 1)^2 / (b + c)`, on one
//!   degree of freedom. These are statsmodels' `mcnemar(exact=True)` and
//!   `mcnemar(exact=False, correction=True)`.
//! - **Macro-F1**: a paired bootstrap. Rows are resampled with replacement (the same rows for
//!   both models) and the difference `F1(B) - F1(A)` recomputed each time; the two-sided
//!   p-value is `min(1, 2 * min(share of differences <= 0, share >= 0))`, and the 95% interval
//!   of the difference is the percentile interval.
//! - **MAE and QWK** of ordinal targets: the same paired bootstrap, on the same resampled rows
//!   (each metric restarts the generator from the seed). A level scale is where two models
//!   differ most in *how far* they are wrong, which accuracy and macro-F1 cannot see.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::data::{align_left, align_right, display_width, LabeledData};
use crate::evaluate::report::user_text;
use crate::evaluate::resample::paired_bootstraps;
pub use crate::evaluate::resample::PairedBootstrap;
use crate::evaluate::score::{
    file_crc32, resolve_targets, score, score_data, EvalError, EvalOptions, Scored, ScoredTarget,
};
use crate::metrics::{
    mean_absolute_error_of, quadratic_weighted_kappa_of, Classification, ConfusionMatrix, MetricsError,
};
use crate::model::Model;
use crate::model::TargetKind;

/// McNemar's test of two models' accuracy on the same rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McNemar {
    /// Rows model A gets right and model B wrong.
    pub a_only: u64,
    /// Rows model B gets right and model A wrong.
    pub b_only: u64,
    pub test: String,
    /// The chi-square statistic (None for the exact test).
    pub statistic: Option<f64>,
    pub p_value: f64,
}

/// Discordant pairs below which the exact binomial test is used.
pub const EXACT_BELOW: u64 = 25;

/// McNemar's test from the two discordant counts.
pub fn mcnemar(a_only: u64, b_only: u64) -> McNemar {
    let n = a_only + b_only;
    if n < EXACT_BELOW {
        let k = a_only.min(b_only);
        // C(n, i) is exact in u64 for n < 25.
        let mut c: u64 = 1;
        let mut tail: u64 = 1;
        for i in 1..=k {
            c = c * (n - i + 1) / i;
            tail += c;
        }
        let p = 2.0 * tail as f64 / 2f64.powi(n as i32);
        McNemar {
            a_only,
            b_only,
            test: "exact binomial".into(),
            statistic: None,
            p_value: p.min(1.0),
        }
    } else {
        let d = (a_only as f64 - b_only as f64).abs() - 1.0;
        let chi2 = d.max(0.0).powi(2) / n as f64;
        McNemar {
            a_only,
            b_only,
            test: "chi-square with continuity correction".into(),
            statistic: Some(chi2),
            p_value: chi2_sf_1df(chi2),
        }
    }
}

/// Upper tail of the chi-square distribution with one degree of freedom.
pub fn chi2_sf_1df(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        erfc((x / 2.0).sqrt())
    }
}

/// Complementary error function (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7).
pub fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// One metric of both models, their difference B - A and its paired bootstrap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedMetric {
    pub value: [f64; 2],
    pub difference: f64,
    pub bootstrap: PairedBootstrap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetComparison {
    pub target: String,
    pub rows: usize,
    pub accuracy: [f64; 2],
    pub macro_f1: [f64; 2],
    /// Accuracy of B minus accuracy of A.
    pub accuracy_difference: f64,
    pub mcnemar: McNemar,
    /// Macro-F1 of B minus macro-F1 of A.
    pub macro_f1_difference: f64,
    pub macro_f1_bootstrap: PairedBootstrap,
    /// Mean absolute error, for an ordinal target both models predict on the same level scale
    /// (lower is better, so a negative difference favours B).
    pub mae: Option<PairedMetric>,
    /// Quadratic weighted kappa, likewise (higher is better).
    pub qwk: Option<PairedMetric>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Model A then model B.
    pub models: [String; 2],
    /// CRC-32 of each model file (set by the caller; empty when unknown).
    pub model_crc32: [String; 2],
    pub data: String,
    pub data_crc32: String,
    pub rows: Option<String>,
    pub tool_version: String,
    pub targets: Vec<TargetComparison>,
}

/// Scores two models on the same rows of `path` and compares them per target (the targets
/// asked for, else those of model A that model B and the file have).
pub fn compare(
    models: [(&Model, &str); 2],
    path: &Path,
    options: &EvalOptions,
    mut warn: impl FnMut(&str),
) -> Result<Comparison, EvalError> {
    check_resamples(options)?;
    let [(a, a_name), (b, b_name)] = models;
    let mut targets = resolve_targets(a, path, &options.targets)?;
    if options.targets.is_empty() {
        targets.retain(|t| b.head(t).is_some());
    }
    let targets = resolve_targets(b, path, &targets)?;
    let filter = options.filter.as_ref();
    let sa = score(
        a,
        path,
        &options.text_columns,
        &targets,
        filter,
        options.utf8,
        &mut warn,
    )?;
    let sb = score(
        b,
        path,
        &options.text_columns,
        &targets,
        filter,
        options.utf8,
        |_| {},
    )?;
    Ok(Comparison {
        models: [a_name.to_string(), b_name.to_string()],
        model_crc32: [String::new(), String::new()],
        data: path.display().to_string(),
        data_crc32: file_crc32(path)?,
        rows: filter.map(|r| format!("{}={}", r.column, r.value)),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        targets: compare_targets(&sa.targets, &sb.targets, options, warn)?,
    })
}

/// [`compare`] for rows already in memory (a data frame's; see
/// [`score_data`](crate::evaluate::score::score_data)): `data.labels[t]` holds the labels of
/// `targets[t]`, which both models must predict, and `source` names the rows.
pub fn compare_data(
    models: [(&Model, &str); 2],
    source: &Path,
    data: LabeledData,
    targets: &[String],
    options: &EvalOptions,
    mut warn: impl FnMut(&str),
) -> Result<Comparison, EvalError> {
    check_resamples(options)?;
    let [(a, a_name), (b, b_name)] = models;
    let Scored { data, targets: ta } = score_data(a, source, data, targets, &mut warn)?;
    let sb = score_data(b, source, data, targets, |_| {})?;
    Ok(Comparison {
        models: [a_name.to_string(), b_name.to_string()],
        model_crc32: [String::new(), String::new()],
        data: source.display().to_string(),
        data_crc32: "in memory".to_string(),
        rows: None,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        targets: compare_targets(&ta, &sb.targets, options, warn)?,
    })
}

/// The paired tests need resamples: with none, their p-values would be made up.
fn check_resamples(options: &EvalOptions) -> Result<(), EvalError> {
    match options.resamples {
        0 => Err(EvalError::NoResamples),
        _ => Ok(()),
    }
}

/// The per-target tests, on two models' predictions of the same rows.
fn compare_targets(
    sa: &[ScoredTarget],
    sb: &[ScoredTarget],
    options: &EvalOptions,
    mut warn: impl FnMut(&str),
) -> Result<Vec<TargetComparison>, MetricsError> {
    let mut out = Vec::new();
    for (ta, tb) in sa.iter().zip(sb) {
        // Work in label space: the two models may order (or know) classes differently.
        let mut labels = ta.labels.clone();
        for l in &tb.labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
        let index = |l: &String| labels.iter().position(|x| x == l).unwrap_or(0);
        let map = |s: &ScoredTarget, v: &[usize]| -> Vec<usize> {
            v.iter().map(|&k| s.labels.get(k).map_or(0, index)).collect()
        };
        let truth = map(ta, &ta.truth);
        let pa = map(ta, &ta.pred);
        let pb = map(tb, &tb.pred);
        let ca = Classification::new(&labels, &truth, &pa)?;
        let cb = Classification::new(&labels, &truth, &pb)?;
        let (mut a_only, mut b_only) = (0, 0);
        for i in 0..truth.len() {
            match (pa[i] == truth[i], pb[i] == truth[i]) {
                (true, false) => a_only += 1,
                (false, true) => b_only += 1,
                _ => {}
            }
        }
        let (resamples, seed) = (options.resamples, options.seed);
        // Levels are compared by their distance, so both models must number them alike.
        let ordinal = ta.kind == TargetKind::Ordinal && tb.kind == TargetKind::Ordinal;
        let same_scale = ta.labels == tb.labels;
        if ordinal && !same_scale {
            warn(&format!(
                "MAE and QWK of '{}' are not compared: the two models know different levels ({} and {})",
                ta.target,
                ta.labels.join(", "),
                tb.labels.join(", ")
            ));
        }
        // macro-F1, then MAE and QWK on the same level scale, bootstrapped on one set of
        // resamples (each metric seeded alike would draw the same rows anyway)
        let macro_f1 = |m: &ConfusionMatrix| Classification::from_matrix(m).macro_avg.f1;
        let levels = ordinal && same_scale;
        let metrics: &[&dyn Fn(&ConfusionMatrix) -> f64] = if levels {
            &[&macro_f1, &mean_absolute_error_of, &quadratic_weighted_kappa_of]
        } else {
            &[&macro_f1]
        };
        let mut boots = paired_bootstraps(&labels, &truth, &pa, &pb, resamples, seed, metrics)?.into_iter();
        let macro_f1_bootstrap = boots.next().ok_or(MetricsError::Empty)?;
        let matrices = [
            ConfusionMatrix::new(&labels, &truth, &pa)?,
            ConfusionMatrix::new(&labels, &truth, &pb)?,
        ];
        let mut paired = |metric: fn(&ConfusionMatrix) -> f64| {
            let value = [metric(&matrices[0]), metric(&matrices[1])];
            boots.next().map(|bootstrap| PairedMetric {
                value,
                difference: value[1] - value[0],
                bootstrap,
            })
        };
        let (mae, qwk) = if levels {
            (
                paired(mean_absolute_error_of),
                paired(quadratic_weighted_kappa_of),
            )
        } else {
            (None, None)
        };
        out.push(TargetComparison {
            target: ta.target.clone(),
            rows: truth.len(),
            accuracy: [ca.accuracy, cb.accuracy],
            macro_f1: [ca.macro_avg.f1, cb.macro_avg.f1],
            accuracy_difference: cb.accuracy - ca.accuracy,
            mcnemar: mcnemar(a_only, b_only),
            macro_f1_difference: cb.macro_avg.f1 - ca.macro_avg.f1,
            macro_f1_bootstrap,
            mae,
            qwk,
        });
    }
    Ok(out)
}

/// The comparison as JSON (what `sitrep-eval --format json` prints for two models).
pub fn render_json(c: &Comparison) -> String {
    // as the single-model report does: never panic, keep the output valid JSON
    serde_json::to_string_pretty(c).unwrap_or_else(|e| {
        let msg = serde_json::Value::String(e.to_string());
        format!("{{\"error\": {msg}}}")
    })
}

/// A p-value to 4 decimals, or the bound it is below when those would read 0: a p-value
/// under 0.0001 shows `< 0.0001`, and a paired bootstrap's 0 (no resample of `resamples`
/// crossed 0, so its two-sided p-value is below 2 / resamples) shows that bound, rounded up
/// to 4 decimals (`< 0.0020` for 1000), where both read `0.0000`, a certainty no test gives.
fn p_text(p: f64, resamples: f64) -> String {
    let below = if resamples > 0.0 && p == 0.0 {
        (2.0 / resamples * 1e4).ceil() / 1e4
    } else {
        0.0001
    };
    if p < below {
        format!("< {below:.4}")
    } else {
        format!("{p:.4}")
    }
}

/// The comparison as text (or markdown tables).
pub fn render(c: &Comparison, markdown: bool) -> String {
    let mut out = String::new();
    let (h, bullet) = if markdown { ("## ", "- ") } else { ("== ", "") };
    let esc = |s: &str| user_text(s, markdown);
    if markdown {
        out.push_str("# sitrep model comparison\n\n");
    } else {
        out.push_str("sitrep model comparison\n");
    }
    let crc = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!(" (CRC-32 {s})")
        }
    };
    for (name, (model, sum)) in ["A", "B"].iter().zip(c.models.iter().zip(&c.model_crc32)) {
        out.push_str(&format!("{bullet}model {name}: {}{}\n", esc(model), crc(sum)));
    }
    out.push_str(&format!("{bullet}data: {}{}\n", esc(&c.data), crc(&c.data_crc32)));
    out.push_str(&format!(
        "{bullet}rows: {}\n{bullet}sitrep version: {}\n",
        esc(c.rows.as_deref().unwrap_or("all")),
        c.tool_version
    ));
    for t in &c.targets {
        let tail = if markdown { "" } else { " ==" };
        out.push_str(&format!("\n{h}{} ({} rows){tail}\n\n", esc(&t.target), t.rows));
        let m = &t.mcnemar;
        let bs = &t.macro_f1_bootstrap;
        let mut rows = vec![
            [
                "accuracy".to_string(),
                format!("{:.4}", t.accuracy[0]),
                format!("{:.4}", t.accuracy[1]),
                format!("{:+.4}", t.accuracy_difference),
                p_text(m.p_value, 0.0),
                format!(
                    "McNemar, {} (A only right {}, B only right {})",
                    m.test, m.a_only, m.b_only
                ),
            ],
            [
                "macro-F1".to_string(),
                format!("{:.4}", t.macro_f1[0]),
                format!("{:.4}", t.macro_f1[1]),
                format!("{:+.4}", t.macro_f1_difference),
                p_text(bs.p_value, bs.resamples as f64),
                format!(
                    "paired bootstrap, {} resamples, seed {}; 95% CI of B - A [{:+.4}, {:+.4}]",
                    bs.resamples, bs.seed, bs.low, bs.high
                ),
            ],
        ];
        for (name, m) in [("MAE (lower is better)", &t.mae), ("QWK", &t.qwk)] {
            if let Some(m) = m {
                let bs = &m.bootstrap;
                rows.push([
                    name.to_string(),
                    format!("{:.4}", m.value[0]),
                    format!("{:.4}", m.value[1]),
                    format!("{:+.4}", m.difference),
                    p_text(bs.p_value, bs.resamples as f64),
                    format!(
                        "paired bootstrap, same resamples; 95% CI of B - A [{:+.4}, {:+.4}]",
                        bs.low, bs.high
                    ),
                ]);
            }
        }
        let head = ["metric", "A", "B", "B - A", "p-value", "test"];
        if markdown {
            out.push_str(&format!(
                "| {} |\n| :--- | ---: | ---: | ---: | ---: | :--- |\n",
                head.join(" | ")
            ));
            for r in &rows {
                out.push_str(&format!("| {} |\n", r.join(" | ")));
            }
        } else {
            let w: Vec<usize> = (0..5)
                .map(|c| {
                    rows.iter()
                        .map(|r| display_width(&r[c]))
                        .chain([display_width(head[c])])
                        .max()
                        .unwrap_or(0)
                })
                .collect();
            let line = |cells: Vec<&str>| {
                let mut l = align_left(cells[0], w[0]);
                for (c, &width) in cells[1..5].iter().zip(&w[1..]) {
                    l.push_str("  ");
                    l.push_str(&align_right(c, width));
                }
                l.push_str(&format!("  {}\n", cells[5]));
                l
            };
            out.push_str(&line(head.to_vec()));
            for r in &rows {
                out.push_str(&line(r.iter().map(String::as_str).collect()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
