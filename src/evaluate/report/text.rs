//! The plain-text report, laid out like scikit-learn's `classification_report`.

use super::contents::{extra_tables, settings_lines, terms_line, EvalReport, TargetReport};
use crate::data::{align_left, align_right, display_width};
use crate::metrics::{Classification, ConfusionMatrix};

/// Terminals wider than this are not assumed.
pub(super) const MAX_WIDTH: usize = 80;
pub(super) const CM_TITLE: &str = "confusion matrix (rows: true, columns: predicted)";
pub(super) const MAE_NAME: &str = "mean absolute error (MAE)";
pub(super) const QWK_NAME: &str = "quadratic weighted kappa (QWK)";

pub(super) const ERRORS_TITLE: &str = "most confident mistakes";

/// Plain-text report whose score table matches scikit-learn's
/// `classification_report(digits=4)` layout, so the two can be diffed by eye.
pub fn render_text(r: &EvalReport) -> String {
    let mut out = vec![
        "sitrep evaluation report".to_string(),
        format!("model: {}", clean(&r.model)),
        format!("data:  {}", clean(&r.data)),
    ];
    if let Some(s) = &r.settings {
        out.extend(
            settings_lines(s)
                .into_iter()
                .map(|(k, v)| format!("{k}: {}", clean(&v))),
        );
    }
    for t in &r.targets {
        out.push(String::new());
        out.push(format!("== {} ==", heading(t)));
        out.push(String::new());
        text_scores(&t.classification, &mut out);
        if let Some(o) = &t.ordinal {
            out.push(String::new());
            let w = MAE_NAME.len().max(QWK_NAME.len()) + 1;
            out.push(format!("{:<w$} {:.4}", format!("{MAE_NAME}:"), o.mae));
            out.push(format!("{:<w$} {:.4}", format!("{QWK_NAME}:"), o.qwk));
        }
        for (title, head, rows) in extra_tables(t) {
            out.push(String::new());
            out.push(clean(&title));
            let clean_all = |r: &[String]| r.iter().map(|c| clean(c)).collect::<Vec<_>>();
            let rows: Vec<Vec<String>> = rows.iter().map(|r| clean_all(r)).collect();
            out.extend(text_table(&clean_all(&head), &rows));
        }
        out.push(String::new());
        out.push(CM_TITLE.to_string());
        text_confusion(&t.classification.confusion, &mut out);
        if !t.errors.is_empty() {
            out.push(String::new());
            out.push(ERRORS_TITLE.to_string());
            for e in &t.errors {
                out.push(format!(
                    "  line {}: truth {}, predicted {} ({:.4})",
                    e.line,
                    clean(&e.truth),
                    clean(&e.predicted),
                    e.probability
                ));
                out.push(format!("    {}", clean(&e.excerpt)));
                out.push(format!("    terms: {}", clean(&terms_line(e))));
            }
        }
        if !t.classification.undefined.is_empty() {
            out.push(String::new());
            out.push("notes:".to_string());
            for n in &t.classification.undefined {
                out.push(format!("  - {}", clean(n)));
            }
        }
    }
    finish(out)
}

/// Right-aligned columns (the first left-aligned), two spaces apart.
fn text_table(head: &[String], rows: &[Vec<String>]) -> Vec<String> {
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| display_width(s))
                .chain([display_width(&head[c])])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                if i == 0 {
                    align_left(c, w)
                } else {
                    align_right(c, w)
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let mut out = vec![line(head)];
    out.extend(rows.iter().map(|r| line(r)));
    out
}

pub(super) fn heading(t: &TargetReport) -> String {
    let unit = if t.rows == 1 { "row" } else { "rows" };
    format!("{} ({}, {} {unit})", clean(&t.target), clean(&t.kind), t.rows)
}

/// Same widths as scikit-learn: label column at least "weighted avg" wide,
/// then four 9-character columns each preceded by a space.
fn text_scores(c: &Classification, out: &mut Vec<String>) {
    let labels: Vec<String> = c.per_class.iter().map(|s| clean(&s.label)).collect();
    let w = labels
        .iter()
        .map(|l| display_width(l))
        .chain([12])
        .max()
        .unwrap_or(12);
    out.push(format!(
        "{:>w$}  {:>9} {:>9} {:>9} {:>9}",
        "", "precision", "recall", "f1-score", "support"
    ));
    out.push(String::new());
    for (l, s) in labels.iter().zip(&c.per_class) {
        out.push(text_row(l, w, s.precision, s.recall, s.f1, s.support));
    }
    out.push(String::new());
    out.push(format!(
        "{:>w$}  {:>9} {:>9} {:>9.4} {:>9}",
        "accuracy", "", "", c.accuracy, c.macro_avg.support
    ));
    for (name, a) in [("macro avg", &c.macro_avg), ("weighted avg", &c.weighted_avg)] {
        out.push(text_row(name, w, a.precision, a.recall, a.f1, a.support));
    }
}

fn text_row(label: &str, w: usize, p: f64, r: f64, f: f64, n: u64) -> String {
    format!("{}  {p:>9.4} {r:>9.4} {f:>9.4} {n:>9}", align_right(label, w))
}

/// Right-aligned counts under their labels. If full labels would not fit in
/// 80 columns, columns are headed by short keys ([1], [2], ...) that prefix
/// the row labels, so the matrix stays readable without wrapping.
pub(super) fn text_confusion(cm: &ConfusionMatrix, out: &mut Vec<String>) {
    let labels: Vec<String> = cm.labels.iter().map(|l| clean(l)).collect();
    let count_w = |j: usize| {
        cm.counts
            .iter()
            .map(|row| row.get(j).map_or(1, |n| n.to_string().len()))
            .max()
            .unwrap_or(1)
    };
    let layout = |heads: &[String], rows: &[String]| {
        let row_w = rows.iter().map(|l| display_width(l)).max().unwrap_or(0);
        let col_w: Vec<usize> = heads
            .iter()
            .enumerate()
            .map(|(j, h)| display_width(h).max(count_w(j)))
            .collect();
        let total = row_w + col_w.iter().map(|w| w + 2).sum::<usize>();
        (row_w, col_w, total)
    };
    let (mut heads, mut rows) = (labels.clone(), labels.clone());
    let (mut row_w, mut col_w, total) = layout(&heads, &rows);
    if total > MAX_WIDTH {
        heads = (1..=labels.len()).map(|k| format!("[{k}]")).collect();
        rows = heads
            .iter()
            .zip(&labels)
            .map(|(k, l)| format!("{k} {l}"))
            .collect();
        (row_w, col_w, _) = layout(&heads, &rows);
    }
    let mut line = " ".repeat(row_w);
    for (h, &w) in heads.iter().zip(&col_w) {
        line.push_str("  ");
        line.push_str(&align_right(h, w));
    }
    out.push(line);
    for (label, counts) in rows.iter().zip(&cm.counts) {
        let mut line = align_left(label, row_w);
        for (n, w) in counts.iter().zip(&col_w) {
            line.push_str(&format!("  {n:>w$}"));
        }
        out.push(line);
    }
}

/// Control characters (a stray newline in a CSV label) would break alignment.
pub(super) fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Joins lines, dropping trailing spaces, with a final newline.
pub(super) fn finish(lines: Vec<String>) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l.trim_end());
        s.push('\n');
    }
    s
}
