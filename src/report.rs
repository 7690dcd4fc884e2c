//! Evaluation reports: one data model rendered three ways, so the terminal
//! view, the markdown pasted into issues and the JSON kept for comparisons can
//! never disagree.

pub use crate::calibration::Table;
use crate::calibration::{tables, Calibration, CoverageRow, Uncertainty};
pub use crate::evaluate::{settings_lines, terms_line};
use crate::evaluate::{ConfidentError, Settings};
use crate::metrics::{Averages, Classification, ConfusionMatrix, MetricsError, OrdinalScores};
use serde::{Deserialize, Serialize};

/// Scores for one prediction target (e.g. topic or escalation level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetReport {
    pub target: String,
    /// "nominal" or "ordinal"; only ordinal targets carry `ordinal` scores.
    pub kind: String,
    pub rows: usize,
    pub classification: Classification,
    pub ordinal: Option<OrdinalScores>,
    /// Bootstrap 95% intervals of the headline metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// ECE, Brier score and reliability table (needs the model's probabilities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// The same measures for the probabilities before calibration (plain softmax or
    /// sigmoid of the model's scores), to show what calibration changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration_before: Option<Calibration>,
    /// Coverage and accuracy when low-confidence predictions are withheld.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coverage: Vec<CoverageRow>,
    /// The most confident mistakes (`--errors N`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ConfidentError>,
}

impl TargetReport {
    /// Scores one target; MAE and QWK are computed only when `kind` is
    /// "ordinal", because class order means nothing for nominal targets.
    pub fn evaluate(
        target: &str,
        kind: &str,
        labels: &[String],
        truth: &[usize],
        pred: &[usize],
    ) -> Result<Self, MetricsError> {
        let classification = Classification::new(labels, truth, pred)?;
        let ordinal = if kind == "ordinal" {
            Some(OrdinalScores::new(truth, pred, labels.len())?)
        } else {
            None
        };
        Ok(Self {
            target: target.to_string(),
            kind: kind.to_string(),
            rows: truth.len(),
            classification,
            ordinal,
            uncertainty: None,
            calibration: None,
            calibration_before: None,
            coverage: Vec::new(),
            errors: Vec::new(),
        })
    }
}

/// A whole evaluation run: which model, on which data, and every target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    pub model: String,
    pub data: String,
    /// Checksums, seed and version behind the report (absent for cross-validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<Settings>,
    pub targets: Vec<TargetReport>,
}

/// Terminals wider than this are not assumed.
const MAX_WIDTH: usize = 80;
const CM_TITLE: &str = "confusion matrix (rows: true, columns: predicted)";
const MAE_NAME: &str = "mean absolute error (MAE)";
const QWK_NAME: &str = "quadratic weighted kappa (QWK)";

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
            out.push(title);
            out.extend(text_table(&head, &rows));
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

/// The same content as [`render_text`], as GitHub-flavoured markdown tables.
pub fn render_markdown(r: &EvalReport) -> String {
    let mut out = vec![
        "# sitrep evaluation report".to_string(),
        String::new(),
        format!("- model: {}", md(&r.model)),
        format!("- data: {}", md(&r.data)),
    ];
    if let Some(s) = &r.settings {
        out.extend(
            settings_lines(s)
                .into_iter()
                .map(|(k, v)| format!("- {k}: {}", md(&v))),
        );
    }
    for t in &r.targets {
        let c = &t.classification;
        out.push(String::new());
        out.push(format!("## {}", md(&heading(t))));
        out.push(String::new());
        out.push("| class | precision | recall | f1-score | support |".to_string());
        out.push("| :--- | ---: | ---: | ---: | ---: |".to_string());
        for s in &c.per_class {
            out.push(md_row(&md(&s.label), s.precision, s.recall, s.f1, s.support));
        }
        out.push(format!(
            "| **accuracy** | | | {:.4} | {} |",
            c.accuracy, c.macro_avg.support
        ));
        out.push(md_avg_row("**macro avg**", &c.macro_avg));
        out.push(md_avg_row("**weighted avg**", &c.weighted_avg));
        if let Some(o) = &t.ordinal {
            out.push(String::new());
            out.push("| ordinal metric | value |".to_string());
            out.push("| :--- | ---: |".to_string());
            out.push(format!("| {MAE_NAME} | {:.4} |", o.mae));
            out.push(format!("| {QWK_NAME} | {:.4} |", o.qwk));
        }
        for (title, head, rows) in extra_tables(t) {
            out.push(String::new());
            out.push(format!("**{title}**"));
            out.push(String::new());
            out.push(format!("| {} |", head.join(" | ")));
            out.push(format!("|{}", " ---: |".repeat(head.len())));
            for r in rows {
                out.push(format!(
                    "| {} |",
                    r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
        }
        out.push(String::new());
        out.push(format!("**{CM_TITLE}**"));
        out.push(String::new());
        let cm = &c.confusion;
        let mut header = String::from("| true \\ predicted |");
        let mut rule = String::from("| :--- |");
        for l in &cm.labels {
            header.push_str(&format!(" {} |", md(l)));
            rule.push_str(" ---: |");
        }
        out.push(header);
        out.push(rule);
        for (label, row) in cm.labels.iter().zip(&cm.counts) {
            let mut line = format!("| **{}** |", md(label));
            for n in row {
                line.push_str(&format!(" {n} |"));
            }
            out.push(line);
        }
        if !t.errors.is_empty() {
            out.push(String::new());
            out.push(format!("**{ERRORS_TITLE}**"));
            out.push(String::new());
            out.push("| line | truth | predicted | probability | excerpt | terms |".to_string());
            out.push("| ---: | :--- | :--- | ---: | :--- | :--- |".to_string());
            for e in &t.errors {
                out.push(format!(
                    "| {} | {} | {} | {:.4} | {} | {} |",
                    e.line,
                    md(&e.truth),
                    md(&e.predicted),
                    e.probability,
                    md(&e.excerpt),
                    md(&terms_line(e))
                ));
            }
        }
        if !c.undefined.is_empty() {
            out.push(String::new());
            out.push("Notes:".to_string());
            out.push(String::new());
            for n in &c.undefined {
                out.push(format!("- {}", md(n)));
            }
        }
    }
    finish(out)
}

/// Machine-readable report with every number at full precision.
pub fn render_json(r: &EvalReport) -> String {
    // Serialising plain structs to a String cannot fail in practice; still,
    // never panic, and keep the output valid JSON.
    serde_json::to_string_pretty(r).unwrap_or_else(|e| {
        let msg = serde_json::Value::String(e.to_string());
        format!("{{\"error\": {msg}}}")
    })
}

const ERRORS_TITLE: &str = "most confident mistakes";

/// The tables beyond scikit-learn's report: intervals, calibration, reliability, coverage.
pub fn extra_tables(t: &TargetReport) -> Vec<Table> {
    tables(
        t.uncertainty.as_ref(),
        t.calibration.as_ref(),
        t.calibration_before.as_ref(),
        &t.coverage,
    )
}

/// Right-aligned columns (the first left-aligned), two spaces apart.
fn text_table(head: &[String], rows: &[Vec<String>]) -> Vec<String> {
    let widths: Vec<usize> = (0..head.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .chain([width(&head[c])])
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
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let mut out = vec![line(head)];
    out.extend(rows.iter().map(|r| line(r)));
    out
}

fn heading(t: &TargetReport) -> String {
    let unit = if t.rows == 1 { "row" } else { "rows" };
    format!("{} ({}, {} {unit})", clean(&t.target), clean(&t.kind), t.rows)
}

/// Same widths as scikit-learn: label column at least "weighted avg" wide,
/// then four 9-character columns each preceded by a space.
fn text_scores(c: &Classification, out: &mut Vec<String>) {
    let labels: Vec<String> = c.per_class.iter().map(|s| clean(&s.label)).collect();
    let w = labels.iter().map(|l| width(l)).chain([12]).max().unwrap_or(12);
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
    format!("{label:>w$}  {p:>9.4} {r:>9.4} {f:>9.4} {n:>9}")
}

/// Right-aligned counts under their labels. If full labels would not fit in
/// 80 columns, columns are headed by short keys ([1], [2], ...) that prefix
/// the row labels, so the matrix stays readable without wrapping.
fn text_confusion(cm: &ConfusionMatrix, out: &mut Vec<String>) {
    let labels: Vec<String> = cm.labels.iter().map(|l| clean(l)).collect();
    let count_w = |j: usize| {
        cm.counts
            .iter()
            .map(|row| row.get(j).map_or(1, |n| n.to_string().len()))
            .max()
            .unwrap_or(1)
    };
    let layout = |heads: &[String], rows: &[String]| {
        let row_w = rows.iter().map(|l| width(l)).max().unwrap_or(0);
        let col_w: Vec<usize> = heads
            .iter()
            .enumerate()
            .map(|(j, h)| width(h).max(count_w(j)))
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
    for (h, w) in heads.iter().zip(&col_w) {
        line.push_str(&format!("  {h:>w$}"));
    }
    out.push(line);
    for (label, counts) in rows.iter().zip(&cm.counts) {
        let mut line = format!("{label:<row_w$}");
        for (n, w) in counts.iter().zip(&col_w) {
            line.push_str(&format!("  {n:>w$}"));
        }
        out.push(line);
    }
}

fn md_row(label: &str, p: f64, r: f64, f: f64, n: u64) -> String {
    format!("| {label} | {p:.4} | {r:.4} | {f:.4} | {n} |")
}

fn md_avg_row(label: &str, a: &Averages) -> String {
    md_row(label, a.precision, a.recall, a.f1, a.support)
}

/// Display width in characters (labels may be non-ASCII, e.g. Ukrainian).
fn width(s: &str) -> usize {
    s.chars().count()
}

/// Control characters (a stray newline in a CSV label) would break alignment.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// Escapes characters that would end a table cell or start markdown markup.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Joins lines, dropping trailing spaces, with a final newline.
fn finish(lines: Vec<String>) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str(l.trim_end());
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    /// Escalation target: truth = [0,0,0,1,1,2,2], pred = [0,0,1,1,1,1,0];
    /// "high" is never predicted. Topic target: nominal, perfect.
    fn sample() -> EvalReport {
        let esc = labels(&["low", "mid", "high"]);
        let topic = labels(&["military", "humanitarian"]);
        EvalReport {
            model: "models/sitrep.bin".to_string(),
            data: "data/test.csv".to_string(),
            settings: None,
            targets: vec![
                TargetReport::evaluate(
                    "escalation",
                    "ordinal",
                    &esc,
                    &[0, 0, 0, 1, 1, 2, 2],
                    &[0, 0, 1, 1, 1, 1, 0],
                )
                .expect("valid"),
                TargetReport::evaluate("topic", "nominal", &topic, &[0, 1, 1], &[0, 1, 1]).expect("valid"),
            ],
        }
    }

    #[test]
    fn text_report_exact() {
        // Score rows checked against scikit-learn 1.9.1
        // classification_report(t, p, target_names=..., digits=4).
        // MAE = (1+1+2)/7 = 4/7; QWK: observed 1+1+4 = 6, rows [3,2,2],
        // cols [3,4,0], N = 7, expected*N = 3*(1*4) + 2*(1*3) + 2*(4*3+1*4) = 50,
        // kappa = 1 - 6*7/50 = 0.16 (scikit-learn: 0.15999999999999992).
        let expected = "\
sitrep evaluation report
model: models/sitrep.bin
data:  data/test.csv

== escalation (ordinal, 7 rows) ==

              precision    recall  f1-score   support

         low     0.6667    0.6667    0.6667         3
         mid     0.5000    1.0000    0.6667         2
        high     0.0000    0.0000    0.0000         2

    accuracy                         0.5714         7
   macro avg     0.3889    0.5556    0.4444         7
weighted avg     0.4286    0.5714    0.4762         7

mean absolute error (MAE):      0.5714
quadratic weighted kappa (QWK): 0.1600

confusion matrix (rows: true, columns: predicted)
      low  mid  high
low     2    1     0
mid     0    2     0
high    1    1     0

notes:
  - precision of class high is undefined (no predictions); set to 0

== topic (nominal, 3 rows) ==

              precision    recall  f1-score   support

    military     1.0000    1.0000    1.0000         1
humanitarian     1.0000    1.0000    1.0000         2

    accuracy                         1.0000         3
   macro avg     1.0000    1.0000    1.0000         3
weighted avg     1.0000    1.0000    1.0000         3

confusion matrix (rows: true, columns: predicted)
              military  humanitarian
military             1             0
humanitarian         0             2
";
        assert_eq!(render_text(&sample()), expected);
    }

    #[test]
    fn text_is_ascii_and_fits_80_columns_with_six_long_labels() {
        let l = labels(&[
            "military_action",
            "humanitarian_crisis",
            "diplomacy_negotiation",
            "civilian_casualties",
            "infrastructure_damage",
            "refugees_displacement",
        ]);
        let truth: Vec<usize> = (0..600).map(|i| i % 6).collect();
        let pred: Vec<usize> = (0..600).map(|i| (i * 7 / 5) % 6).collect();
        let r = EvalReport {
            model: "m".into(),
            data: "d".into(),
            settings: None,
            targets: vec![TargetReport::evaluate("topic", "nominal", &l, &truth, &pred).expect("valid")],
        };
        let text = render_text(&r);
        assert!(text.is_ascii());
        for line in text.lines() {
            assert!(line.len() <= MAX_WIDTH, "too wide: {line:?}");
        }
        // Key mode: short column heads, keys prefixed to the row labels.
        assert!(text.contains("[1] military_action"));
        let header = text
            .lines()
            .skip_while(|l| *l != CM_TITLE)
            .nth(1)
            .expect("matrix header");
        assert_eq!(header.split_whitespace().collect::<Vec<_>>().len(), 6);
        assert!(header.trim_start().starts_with("[1]"));
    }

    #[test]
    fn confusion_columns_widen_for_large_counts() {
        let cm = ConfusionMatrix {
            labels: labels(&["a", "bb"]),
            counts: vec![vec![12345, 0], vec![7, 1]],
        };
        let mut out = Vec::new();
        text_confusion(&cm, &mut out);
        assert_eq!(out, vec!["        a  bb", "a   12345   0", "bb      7   1"]);
    }

    #[test]
    fn markdown_tables_have_consistent_shape() {
        let md_text = render_markdown(&sample());
        let lines: Vec<&str> = md_text.lines().collect();
        // Each table: header, alignment rule, body rows, all with the same cell count.
        let mut tables: Vec<Vec<&str>> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for l in &lines {
            if l.starts_with('|') {
                current.push(l);
            } else if !current.is_empty() {
                tables.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            tables.push(current);
        }
        // escalation: scores, ordinal, confusion; topic: scores, confusion.
        assert_eq!(tables.len(), 5);
        let cells = |l: &str| l.trim_matches('|').split(" |").count();
        for t in &tables {
            assert!(t.len() >= 3, "table too short: {t:?}");
            assert!(t[1].contains("---"), "no alignment row: {t:?}");
            let n = cells(t[0]);
            assert!(t.iter().all(|l| cells(l) == n && l.ends_with('|')), "{t:?}");
        }
        assert_eq!(tables[0].len(), 2 + 3 + 3);
        assert_eq!(tables[0][2], "| low | 0.6667 | 0.6667 | 0.6667 | 3 |");
        assert_eq!(tables[0][5], "| **accuracy** | | | 0.5714 | 7 |");
        assert_eq!(tables[1][3], "| quadratic weighted kappa (QWK) | 0.1600 |");
        assert_eq!(tables[2][0], "| true \\ predicted | low | mid | high |");
        assert_eq!(tables[2][4], "| **high** | 1 | 1 | 0 |");
        assert_eq!(tables[4].len(), 2 + 2);
        assert!(md_text.starts_with("# sitrep evaluation report\n"));
        assert!(md_text.contains("## escalation (ordinal, 7 rows)\n"));
        assert!(md_text.contains("- precision of class high is undefined"));
    }

    #[test]
    fn markdown_escapes_labels() {
        assert_eq!(md("a|b_c\nd"), "a\\|b\\_c d");
    }

    #[test]
    fn json_round_trip_of_key_fields() {
        let json = render_json(&sample());
        let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(v["model"], "models/sitrep.bin");
        assert_eq!(v["data"], "data/test.csv");
        let esc = &v["targets"][0];
        assert_eq!(esc["target"], "escalation");
        assert_eq!(esc["kind"], "ordinal");
        assert_eq!(esc["rows"], 7);
        let c = &esc["classification"];
        let num = |x: &serde_json::Value| x.as_f64().expect("number");
        assert!((num(&c["accuracy"]) - 4.0 / 7.0).abs() < 1e-12);
        assert_eq!(c["per_class"][2]["label"], "high");
        assert_eq!(c["per_class"][2]["predicted"], 0);
        assert_eq!(c["per_class"][1]["support"], 2);
        assert!((num(&c["macro_avg"]["f1"]) - 4.0 / 9.0).abs() < 1e-12);
        assert_eq!(c["weighted_avg"]["support"], 7);
        assert_eq!(c["confusion"]["labels"][0], "low");
        assert_eq!(c["confusion"]["counts"][2], serde_json::json!([1, 1, 0]));
        assert_eq!(c["undefined"].as_array().map(Vec::len), Some(1));
        assert!((num(&esc["ordinal"]["mae"]) - 4.0 / 7.0).abs() < 1e-12);
        assert!((num(&esc["ordinal"]["qwk"]) - 0.16).abs() < 1e-12);
        assert!(v["targets"][1]["ordinal"].is_null());
        // And the typed structs read back.
        let back: EvalReport = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back.targets.len(), 2);
        assert_eq!(
            back.targets[0].classification.confusion,
            sample().targets[0].classification.confusion
        );
    }

    #[test]
    fn evaluate_propagates_errors() {
        let l = labels(&["a", "b"]);
        assert_eq!(
            TargetReport::evaluate("t", "ordinal", &l, &[0, 3], &[0, 1]),
            Err(MetricsError::LabelOutOfRange {
                index: 3,
                n_labels: 2
            })
        );
        assert_eq!(
            TargetReport::evaluate("t", "nominal", &l, &[], &[]),
            Err(MetricsError::Empty)
        );
    }
}
