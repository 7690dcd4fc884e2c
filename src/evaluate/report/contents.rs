//! What a report holds: per target the scores, intervals, calibration, coverage and
//! confident mistakes, plus the settings that reproduce it.

use serde::{Deserialize, Serialize};

pub use crate::evaluate::calibration::Table;
use crate::evaluate::calibration::{tables, Calibration, CoverageRow, Uncertainty};
use crate::metrics::{Classification, MetricsError, OrdinalScores};

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
    /// The headline scores of each value of a column (`--by COLUMN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_group: Option<ByGroup>,
}

/// A target's scores on each value of one column, e.g. each source or region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ByGroup {
    pub column: String,
    pub groups: Vec<GroupScores>,
}

/// The headline scores of the rows with one value of the grouping column; macro-F1 over the
/// classes in those rows' truth or predictions, as scikit-learn computes it on them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScores {
    pub group: String,
    pub rows: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub mae: Option<f64>,
    pub qwk: Option<f64>,
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
            by_group: None,
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

/// One of the most confident mistakes, for error analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfidentError {
    /// Line of the data file the row starts on.
    pub line: u64,
    pub excerpt: String,
    pub truth: String,
    pub predicted: String,
    pub probability: f64,
    /// Terms that pushed the prediction, largest push first.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    pub term: String,
    pub weight: f64,
}

/// How a report was produced, so it can be reproduced and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub tool_version: String,
    /// CRC-32 of the model file (the built-in model's bytes for the built-in model).
    pub model_crc32: String,
    /// CRC-32 of the data file.
    pub data_crc32: String,
    pub rows: Option<String>,
    pub text_columns: Vec<String>,
    pub seed: u64,
    pub resamples: usize,
}

/// The settings behind a report as (name, value) pairs, in display order.
pub fn settings_lines(s: &Settings) -> Vec<(&'static str, String)> {
    vec![
        ("sitrep version", s.tool_version.clone()),
        ("model CRC-32", s.model_crc32.clone()),
        ("data CRC-32", s.data_crc32.clone()),
        ("rows", s.rows.clone().unwrap_or_else(|| "all".into())),
        ("text columns", s.text_columns.join(", ")),
        ("seed", s.seed.to_string()),
        ("bootstrap resamples", s.resamples.to_string()),
    ]
}

/// A mistake's terms as `term +1.234, ...`.
pub fn terms_line(e: &ConfidentError) -> String {
    e.terms
        .iter()
        .map(|t| format!("{} {:+.3}", t.term, t.weight))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tables beyond scikit-learn's report: intervals, calibration, reliability, coverage.
pub fn extra_tables(t: &TargetReport) -> Vec<Table> {
    let mut out = tables(
        t.uncertainty.as_ref(),
        t.calibration.as_ref(),
        t.calibration_before.as_ref(),
        &t.coverage,
    );
    if let Some(by) = &t.by_group {
        out.push(group_table(by));
    }
    out
}

/// `--by`: one row per value of the column.
fn group_table(by: &ByGroup) -> Table {
    let ordinal = by.groups.iter().any(|g| g.qwk.is_some());
    let mut head: Vec<String> = [by.column.as_str(), "rows", "accuracy", "macro-F1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if ordinal {
        head.extend(["MAE".to_string(), "QWK".to_string()]);
    }
    let rows = by
        .groups
        .iter()
        .map(|g| {
            let mut row = vec![
                g.group.clone(),
                g.rows.to_string(),
                format!("{:.4}", g.accuracy),
                format!("{:.4}", g.macro_f1),
            ];
            if ordinal {
                let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
                row.extend([f(g.mae), f(g.qwk)]);
            }
            row
        })
        .collect();
    (
        format!("by {} (each value's rows scored on their own)", by.column),
        head,
        rows,
    )
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
