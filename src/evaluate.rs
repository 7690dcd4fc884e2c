//! Scoring a model on labeled data: the work behind `sitrep-eval`.

use std::path::Path;

use thiserror::Error;

use crate::data::{read_labeled_where, DataError, RowFilter};
use crate::metrics::MetricsError;
use crate::model::Model;
use crate::report::{EvalReport, TargetReport};

#[derive(Debug, Error)]
pub enum EvalError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("the model has no target `{target}` (its targets are: {available})")]
    UnknownTarget { target: String, available: String },
    #[error(
        "{path} has none of the model's target columns ({targets}); name the label column with --target"
    )]
    NoTargetColumn { path: String, targets: String },
    #[error("cannot compute metrics: {0}")]
    Metrics(#[from] MetricsError),
}

/// Scores every requested target (text columns default to the model's training columns
/// that the file has) (default: each model target that `path` has a column
/// for). Labels the model never saw are kept as extra classes, which it can never predict,
/// so they count as errors; `warn` is told about each such label once, with its first line.
pub fn evaluate(
    model: &Model,
    path: &Path,
    text_columns: &[String],
    targets: &[String],
    filter: Option<&RowFilter>,
    mut warn: impl FnMut(&str),
) -> Result<EvalReport, EvalError> {
    let wanted: Vec<String> = if targets.is_empty() {
        let header = {
            let file = std::fs::File::open(path).map_err(|source| DataError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            let mut reader = crate::data::csv_reader(std::io::BufReader::new(file));
            crate::data::read_header(path, &mut reader)?
        };
        let present: Vec<String> = model
            .heads
            .iter()
            .map(|h| h.target.clone())
            .filter(|t| header.contains(t))
            .collect();
        if present.is_empty() {
            return Err(EvalError::NoTargetColumn {
                path: path.display().to_string(),
                targets: model
                    .heads
                    .iter()
                    .map(|h| format!("`{}`", h.target))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        present
    } else {
        targets.to_vec()
    };
    for t in &wanted {
        if model.head(t).is_none() {
            return Err(EvalError::UnknownTarget {
                target: t.clone(),
                available: model
                    .heads
                    .iter()
                    .map(|h| format!("`{}`", h.target))
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
    }
    let text_columns = if text_columns.is_empty() {
        let file = std::fs::File::open(path).map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = crate::data::csv_reader(std::io::BufReader::new(file));
        let header = crate::data::read_header(path, &mut reader)?;
        crate::classify::resolve_text_columns(path, &header, &[], model)?
    } else {
        text_columns.to_vec()
    };
    let data = read_labeled_where(path, &text_columns, &wanted, filter)?;
    let predictions = model.predict_texts(&data.texts);
    let mut reports = Vec::new();
    for (t, target) in wanted.iter().enumerate() {
        let h = model.heads.iter().position(|h| &h.target == target).unwrap_or(0);
        let head = &model.heads[h];
        let mut labels = head.classes.clone();
        let mut truth = Vec::with_capacity(data.texts.len());
        for (label, line) in data.labels[t].iter().zip(&data.lines) {
            let k = match labels.iter().position(|c| c == label) {
                Some(k) => k,
                None => {
                    warn(&format!(
                        "{}:{line}: target `{target}` has label `{label}`, which the model never saw in training; it is scored as a class the model cannot predict",
                        path.display()
                    ));
                    labels.push(label.clone());
                    labels.len() - 1
                }
            };
            truth.push(k);
        }
        let pred: Vec<usize> = predictions
            .iter()
            .map(|p| head.classes.iter().position(|c| *c == p[h].label).unwrap_or(0))
            .collect();
        reports.push(TargetReport::evaluate(
            target,
            head.kind.name(),
            &labels,
            &truth,
            &pred,
        )?);
    }
    Ok(EvalReport {
        model: String::new(),
        data: path.display().to_string(),
        targets: reports,
    })
}
