//! The cross-validation report as text or markdown: per target the table of fold scores,
//! then the report of the pooled out-of-fold predictions.

use super::{CvReport, TargetCv};
use crate::data::{align_right, display_width};
use crate::evaluate::report::contents::EvalReport;
use crate::evaluate::report::markdown::render_markdown;
use crate::evaluate::report::text::render_text;
use crate::evaluate::report::user_text;

fn pm(mean: f64, std: f64) -> String {
    format!("{mean:.4} ± {std:.4}")
}

/// The fold table of one target as text lines.
fn fold_table(t: &TargetCv, markdown: bool) -> String {
    let ordinal = t.mean.mae.is_some();
    let mut head = vec!["fold", "accuracy", "macro-F1"];
    if ordinal {
        head.extend(["MAE", "QWK"]);
    }
    let mut rows: Vec<Vec<String>> = t
        .folds
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut r = vec![
                (i + 1).to_string(),
                format!("{:.4}", f.accuracy),
                format!("{:.4}", f.macro_f1),
            ];
            if ordinal {
                r.push(format!("{:.4}", f.mae.unwrap_or(0.0)));
                r.push(format!("{:.4}", f.qwk.unwrap_or(0.0)));
            }
            r
        })
        .collect();
    let mut summary = vec![
        "mean ± sd".to_string(),
        pm(t.mean.accuracy, t.std.accuracy),
        pm(t.mean.macro_f1, t.std.macro_f1),
    ];
    if ordinal {
        summary.push(pm(t.mean.mae.unwrap_or(0.0), t.std.mae.unwrap_or(0.0)));
        summary.push(pm(t.mean.qwk.unwrap_or(0.0), t.std.qwk.unwrap_or(0.0)));
    }
    rows.push(summary);
    let ci = |l: f64, h: f64| format!("[{l:.4}, {h:.4}]");
    let mut interval = vec![
        "95% CI".to_string(),
        ci(t.ci_low.accuracy, t.ci_high.accuracy),
        ci(t.ci_low.macro_f1, t.ci_high.macro_f1),
    ];
    if ordinal {
        interval.push(ci(t.ci_low.mae.unwrap_or(0.0), t.ci_high.mae.unwrap_or(0.0)));
        interval.push(ci(t.ci_low.qwk.unwrap_or(0.0), t.ci_high.qwk.unwrap_or(0.0)));
    }
    rows.push(interval);
    let mut out = String::new();
    if markdown {
        out.push_str(&format!(
            "| {} |\n|{}\n",
            head.join(" | "),
            " ---: |".repeat(head.len())
        ));
        for r in rows {
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        out.push('\n');
    } else {
        let widths: Vec<usize> = (0..head.len())
            .map(|c| {
                rows.iter()
                    .map(|r| display_width(&r[c]))
                    .chain([display_width(head[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<String>| {
            cells
                .iter()
                .zip(&widths)
                .map(|(c, &w)| align_right(c, w))
                .collect::<Vec<_>>()
                .join("  ")
                + "\n"
        };
        out.push_str(&line(head.iter().map(|s| s.to_string()).collect()));
        for r in rows {
            out.push_str(&line(r));
        }
    }
    out
}

/// The report as text or markdown: per target the fold table, then the pooled report.
pub fn render(report: &CvReport, markdown: bool) -> String {
    let mut out = String::new();
    let esc = |s: &str| user_text(s, markdown);
    let grouping = match &report.grouped_by {
        Some(g) if markdown => format!("grouped by {}", esc(g)),
        Some(g) => format!("grouped by `{}`", esc(g)),
        None => "stratified".to_string(),
    };
    let settings = report.settings.lines();
    if markdown {
        out.push_str(&format!(
            "# {}-fold cross-validation\n\n- data: {}\n",
            report.folds,
            esc(&report.data)
        ));
        for (name, value) in settings {
            out.push_str(&format!("- {name}: {}\n", esc(&value)));
        }
        let pooled = if report.settings.resamples > 0 {
            "; the pooled report's intervals are a bootstrap of the pooled out-of-fold predictions"
        } else {
            ""
        };
        out.push_str(&format!(
            "- folds: {grouping}, seed {}\n- 95% CI of each fold mean: mean ± t(0.975, K-1) · sd / √K{pooled}\n\n",
            report.seed
        ));
    } else {
        out.push_str(&format!(
            "{}-fold cross-validation of {} ({grouping}, seed {})\n",
            report.folds,
            esc(&report.data),
            report.seed
        ));
        for (name, value) in settings {
            out.push_str(&format!("{name}: {}\n", esc(&value)));
        }
        out.push_str("95% CI of each fold mean: mean ± t(0.975, K-1) · sd / √K\n");
    }
    for t in &report.targets {
        let mut algos = t.algorithms.clone();
        algos.dedup();
        if markdown {
            out.push_str(&format!(
                "## {} ({}): {}\n\n",
                esc(&t.target),
                t.kind,
                algos.join("; ")
            ));
        } else {
            out.push_str(&format!(
                "\n== {} ({}): {} ==\n\n",
                esc(&t.target),
                t.kind,
                algos.join("; ")
            ));
        }
        out.push_str(&fold_table(t, markdown));
    }
    let pooled = EvalReport {
        model: "one model per fold (pooled out-of-fold predictions)".into(),
        data: report.data.clone(),
        settings: None,
        targets: report.targets.iter().map(|t| t.pooled.clone()).collect(),
    };
    out.push('\n');
    out.push_str(&if markdown {
        render_markdown(&pooled)
    } else {
        render_text(&pooled)
    });
    out
}
