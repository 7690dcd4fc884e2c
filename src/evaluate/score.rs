//! Scoring a model on labeled data: the work behind `sitrep-eval`.

use std::path::Path;

use thiserror::Error;

use crate::data::{read_labeled_grouped, replaced_warning, DataError, LabeledData, RowFilter, Utf8Mode};
use crate::evaluate::calibration::{bootstrap, calibration, coverage, THRESHOLDS};
use crate::evaluate::groups::{by_group, Rows};
use crate::evaluate::levels::{reorder, same_level, scale_order, unseen_level_note};
use crate::evaluate::report::contents::{ConfidentError, EvalReport, TargetReport, Term};
use crate::metrics::MetricsError;
use crate::model::{Model, TargetKind};

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
    #[error("cannot read {path} to checksum it: {source}")]
    Checksum { path: String, source: std::io::Error },
    #[error("comparing two models tests macro-F1 (and MAE and QWK of ordinal targets) with a paired bootstrap, which needs resamples, and --resamples 0 asks for none; give --resamples N (1000 when left out)")]
    NoResamples,
}

/// What to score and how: columns, rows, and the settings of the extra analyses.
#[derive(Debug, Clone, Default)]
pub struct EvalOptions {
    /// Text columns [default: the model's training columns that the file has].
    pub text_columns: Vec<String>,
    /// Targets to score [default: every model target the file has a column for].
    pub targets: Vec<String>,
    pub filter: Option<RowFilter>,
    /// Seed of the bootstrap resampling.
    pub seed: u64,
    /// Bootstrap resamples (0: no confidence intervals).
    pub resamples: usize,
    /// How many of the most confident mistakes to list per target.
    pub errors: usize,
    /// Invalid UTF-8 in the columns read: an error, or replaced (`--lossy`).
    pub utf8: Utf8Mode,
    /// Also score each value of this column on its own (`--by source`).
    pub by: Option<String>,
}

/// One target's truth, predictions and probabilities on the scored rows.
#[derive(Debug, Clone)]
pub struct ScoredTarget {
    pub target: String,
    pub kind: TargetKind,
    /// The model's classes, then any label of the data the model never saw.
    pub labels: Vec<String>,
    /// Index of the model head that predicts this target.
    pub head: usize,
    pub truth: Vec<usize>,
    pub pred: Vec<usize>,
    /// Per row, the model's probability of each of its classes.
    pub probabilities: Vec<Vec<f64>>,
    /// Per row, the probabilities before calibration (see
    /// `LinearClassifier::uncalibrated_probabilities`), to show what calibration changed.
    pub uncalibrated: Vec<Vec<f64>>,
}

impl ScoredTarget {
    /// The probability of the predicted class, per row.
    pub fn confidence(&self) -> Vec<f64> {
        self.pred
            .iter()
            .zip(&self.probabilities)
            .map(|(&p, probs)| probs.get(p).copied().unwrap_or(0.0))
            .collect()
    }
}

/// A model's predictions on labeled rows.
#[derive(Debug, Clone)]
pub struct Scored {
    pub data: LabeledData,
    pub targets: Vec<ScoredTarget>,
}

/// CRC-32 of a file's bytes as 8 hex digits.
pub fn file_crc32(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|source| EvalError::Checksum {
        path: path.display().to_string(),
        source,
    })?;
    Ok(format!("{:08x}", crate::model::file::crc32(&bytes)))
}

fn open_header(path: &Path) -> Result<Vec<String>, DataError> {
    let file = std::fs::File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let reader = crate::data::CsvReader::new(path, std::io::BufReader::new(file))?;
    Ok(reader.header().to_vec())
}

fn target_list(model: &Model) -> String {
    model
        .heads
        .iter()
        .map(|h| format!("`{}`", h.target))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The targets to score: those asked for, or each model target that the file has.
pub fn resolve_targets(model: &Model, path: &Path, targets: &[String]) -> Result<Vec<String>, EvalError> {
    let wanted: Vec<String> = if targets.is_empty() {
        let header = open_header(path)?;
        let present: Vec<String> = model
            .heads
            .iter()
            .map(|h| h.target.clone())
            .filter(|t| header.contains(t))
            .collect();
        if present.is_empty() {
            return Err(EvalError::NoTargetColumn {
                path: path.display().to_string(),
                targets: target_list(model),
            });
        }
        present
    } else {
        // `--target kind --target kind` asks for one report, not two
        let mut once: Vec<String> = Vec::with_capacity(targets.len());
        for t in targets {
            if !once.contains(t) {
                once.push(t.clone());
            }
        }
        once
    };
    if let Some(t) = wanted.iter().find(|t| model.head(t).is_none()) {
        return Err(EvalError::UnknownTarget {
            target: t.clone(),
            available: target_list(model),
        });
    }
    Ok(wanted)
}

/// The text columns a model reads from a file: those asked for, else its training columns.
pub fn resolve_text_columns(
    model: &Model,
    path: &Path,
    requested: &[String],
) -> Result<Vec<String>, EvalError> {
    if !requested.is_empty() {
        crate::data::check_named_once(requested)?;
        return Ok(requested.to_vec());
    }
    let header = open_header(path)?;
    Ok(crate::model::resolve_text_columns(path, &header, &[], model)?)
}

/// Predicts every requested target on the rows of `path`. Labels the model never saw are
/// kept as extra classes, which it can never predict, so they count as errors; `warn` is told
/// about each such label once, with its first line, and about rows whose invalid UTF-8 was
/// replaced ([`Utf8Mode::Lossy`]).
pub fn score(
    model: &Model,
    path: &Path,
    text_columns: &[String],
    targets: &[String],
    filter: Option<&RowFilter>,
    utf8: Utf8Mode,
    warn: impl FnMut(&str),
) -> Result<Scored, EvalError> {
    let options = EvalOptions {
        text_columns: text_columns.to_vec(),
        targets: targets.to_vec(),
        filter: filter.cloned(),
        utf8,
        ..EvalOptions::default()
    };
    Ok(score_grouped(model, path, &options, warn)?.0)
}

/// [`score`] with the columns, rows and UTF-8 mode of `options`, and the value of the
/// `options.by` column of every row, if asked.
fn score_grouped(
    model: &Model,
    path: &Path,
    options: &EvalOptions,
    mut warn: impl FnMut(&str),
) -> Result<(Scored, Option<Vec<String>>), EvalError> {
    let wanted = resolve_targets(model, path, &options.targets)?;
    let text_columns = resolve_text_columns(model, path, &options.text_columns)?;
    // the grouping column is read like one more label column: a value on every row
    let mut columns = wanted.clone();
    columns.extend(options.by.iter().cloned());
    let groups = usize::from(options.by.is_some());
    let mut data = read_labeled_grouped(
        path,
        &text_columns,
        &columns,
        groups,
        options.filter.as_ref(),
        options.utf8,
    )?;
    let groups = options.by.as_ref().and_then(|_| data.labels.pop());
    let replaced = data.replaced_lines.len() as u64;
    if let Some(w) = replaced_warning(path, replaced, data.replaced_lines.first().copied()) {
        warn(&w);
    }
    Ok((score_data(model, path, data, &wanted, warn)?, groups))
}

/// [`score`] for rows already in memory (a data frame's): `data.labels[t]` holds the labels
/// of `targets[t]`, and `source` names the rows in warnings.
pub fn score_data(
    model: &Model,
    source: &Path,
    data: LabeledData,
    targets: &[String],
    mut warn: impl FnMut(&str),
) -> Result<Scored, EvalError> {
    if let Some(t) = targets.iter().find(|t| model.head(t).is_none()) {
        return Err(EvalError::UnknownTarget {
            target: t.clone(),
            available: target_list(model),
        });
    }
    let x = model.vectorizer.transform(&data.texts);
    let predictions = model.predict_rows(&x);
    let mut scored = Vec::new();
    for (target, target_labels) in targets.iter().zip(&data.labels) {
        let h = model.heads.iter().position(|h| &h.target == target).unwrap_or(0);
        let head = &model.heads[h];
        let mut labels = head.classes.clone();
        let mut truth = Vec::with_capacity(data.texts.len());
        let ordinal = head.kind == TargetKind::Ordinal;
        let mut unseen = Vec::new();
        for (label, line) in target_labels.iter().zip(&data.lines) {
            let k = match labels
                .iter()
                .position(|c| c == label || (ordinal && same_level(c, label)))
            {
                Some(k) => k,
                None => {
                    // `protests` for the model's `Protests`: say so, as it looks like a match
                    let key = crate::model::targets::look_alike_key;
                    let near = head.classes.iter().find(|c| key(c) == key(label));
                    let near = near.map_or(String::new(), |c| {
                        format!(" (it has `{c}`, which differs only in case or spacing)")
                    });
                    unseen.push((
                        format!(
                            "{}:{line}: target `{target}` has label `{label}`, which the model never saw in training{near}",
                            source.display()
                        ),
                        label,
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
        let probabilities = predictions.iter().map(|p| p[h].probabilities.clone()).collect();
        let uncalibrated = x
            .rows()
            .map(|row| head.classifier.uncalibrated_probabilities(row))
            .collect();
        let mut s = ScoredTarget {
            target: target.clone(),
            kind: head.kind,
            labels,
            head: h,
            truth,
            pred,
            probabilities,
            uncalibrated,
        };
        let order = ordinal
            .then(|| scale_order(&s.labels, head.classes.len()))
            .flatten();
        if let Some(order) = &order {
            let probabilities = [&mut s.probabilities[..], &mut s.uncalibrated[..]];
            reorder(order, &mut s.labels, [&mut s.truth, &mut s.pred], probabilities);
        }
        for (w, label) in unseen {
            let note = if ordinal {
                unseen_level_note(&s.labels, &head.classes, label)
            } else {
                "it is scored as a class the model cannot predict".to_string()
            };
            warn(&format!("{w}; {note}"));
        }
        scored.push(s);
    }
    Ok(Scored {
        data,
        targets: scored,
    })
}

/// Scores every requested target: the classification report, bootstrap intervals,
/// calibration, the coverage table and (if asked) the most confident mistakes.
pub fn evaluate(
    model: &Model,
    path: &Path,
    options: &EvalOptions,
    warn: impl FnMut(&str),
) -> Result<EvalReport, EvalError> {
    let (scored, groups) = score_grouped(model, path, options, warn)?;
    grouped_report(model, path, &scored, groups.as_deref(), options)
}

/// [`evaluate`] for rows already in memory (see [`score_data`]). Of the options, those that
/// choose columns and rows (`text_columns`, `targets`, `filter`, `utf8`) do not apply: the
/// caller has chosen them. With `options.by`, `data.labels` holds one more list after the
/// targets': each row's value of that column.
pub fn evaluate_data(
    model: &Model,
    source: &Path,
    mut data: LabeledData,
    targets: &[String],
    options: &EvalOptions,
    warn: impl FnMut(&str),
) -> Result<EvalReport, EvalError> {
    let groups = options.by.as_ref().and_then(|_| data.labels.pop());
    let scored = score_data(model, source, data, targets, warn)?;
    grouped_report(model, source, &scored, groups.as_deref(), options)
}

/// [`report`], plus the scores by group when `options.by` named a column.
fn grouped_report(
    model: &Model,
    path: &Path,
    scored: &Scored,
    groups: Option<&[String]>,
    options: &EvalOptions,
) -> Result<EvalReport, EvalError> {
    let mut report = report(model, path, scored, options)?;
    if let (Some(column), Some(groups)) = (&options.by, groups) {
        for (r, s) in report.targets.iter_mut().zip(&scored.targets) {
            let rows = Rows {
                target: &s.target,
                kind: s.kind.name(),
                labels: &s.labels,
                truth: &s.truth,
                pred: &s.pred,
            };
            r.by_group = Some(by_group(column, groups, &rows)?);
        }
    }
    Ok(report)
}

/// The report on predictions already made.
fn report(
    model: &Model,
    path: &Path,
    scored: &Scored,
    options: &EvalOptions,
) -> Result<EvalReport, EvalError> {
    let mut reports = Vec::new();
    for s in &scored.targets {
        let mut r = TargetReport::evaluate(&s.target, s.kind.name(), &s.labels, &s.truth, &s.pred)?;
        if options.resamples > 0 {
            r.uncertainty = Some(bootstrap(
                &s.labels,
                &s.truth,
                &s.pred,
                s.kind == TargetKind::Ordinal,
                options.resamples,
                options.seed,
            )?);
        }
        r.calibration = Some(calibration(&s.truth, &s.pred, &s.probabilities)?);
        let head = &model.heads[s.head].classifier;
        let pred_before: Vec<usize> = s.uncalibrated.iter().map(|p| head.decide(p)).collect();
        r.calibration_before = Some(calibration(&s.truth, &pred_before, &s.uncalibrated)?);
        r.coverage = coverage(&s.truth, &s.pred, &s.confidence(), &THRESHOLDS);
        r.errors = confident_errors(model, &scored.data, s, options.errors);
        reports.push(r);
    }
    Ok(EvalReport {
        model: String::new(),
        data: path.display().to_string(),
        settings: None,
        targets: reports,
    })
}

/// Characters of text shown for each listed mistake.
const EXCERPT: usize = 160;
/// Terms shown for each listed mistake.
const TERMS: usize = 6;

/// The `n` wrong predictions with the highest probability (ties: earlier row first).
pub fn confident_errors(
    model: &Model,
    data: &LabeledData,
    s: &ScoredTarget,
    n: usize,
) -> Vec<ConfidentError> {
    if n == 0 {
        return Vec::new();
    }
    let confidence = s.confidence();
    let mut wrong: Vec<usize> = (0..s.truth.len()).filter(|&i| s.truth[i] != s.pred[i]).collect();
    wrong.sort_by(|&a, &b| confidence[b].total_cmp(&confidence[a]).then(a.cmp(&b)));
    wrong.truncate(n);
    let mut analyzer = model.vectorizer.config.analyzer();
    wrong
        .into_iter()
        .map(|i| {
            let text = &data.texts[i];
            let terms = model
                .explain(&mut analyzer, text, TERMS)
                .into_iter()
                .nth(s.head)
                .unwrap_or_default()
                .into_iter()
                .map(|(term, weight)| Term { term, weight })
                .collect();
            let label = |k: usize| s.labels.get(k).cloned().unwrap_or_default();
            ConfidentError {
                line: data.lines.get(i).copied().unwrap_or(0),
                excerpt: crate::data::excerpt(text, EXCERPT),
                truth: label(s.truth[i]),
                predicted: label(s.pred[i]),
                probability: confidence[i],
                terms,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_labeled;

    #[test]
    fn rows_in_memory_get_the_report_their_file_gets() {
        let bytes = crate::model::default::DEFAULT_MODEL.expect("this build has a default model");
        let model = crate::model::file::decode(Path::new("default"), bytes).expect("loads");
        let dir = std::env::temp_dir().join(format!("sitrep-evaluate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("rows.csv");
        std::fs::write(
            &path,
            "text,topic\nRebels shelled the town overnight,offensive\nThousands fled to camps,displacement\n\
             Ministers met for ceasefire talks,diplomacy\nTroops advanced on the capital,diplomacy\n\
             Aid convoys reached the refugees,famine\n",
        )
        .expect("write");
        let options = EvalOptions {
            resamples: 50,
            seed: 7,
            errors: 2,
            ..Default::default()
        };
        let mut file_warnings = Vec::new();
        let from_file =
            evaluate(&model, &path, &options, |w| file_warnings.push(w.to_string())).expect("scores");
        let data = read_labeled(&path, &["text".into()], &["topic".into()]).expect("reads");
        let mut warnings = Vec::new();
        let in_memory = evaluate_data(&model, &path, data.clone(), &["topic".into()], &options, |w| {
            warnings.push(w.to_string())
        })
        .expect("scores");
        assert_eq!(in_memory, from_file);
        assert_eq!(warnings, file_warnings);
        assert!(warnings[0].contains("label `famine`"), "{warnings:?}");
        let e = evaluate_data(&model, &path, data, &["mood".into()], &options, |_| {}).unwrap_err();
        assert!(e.to_string().starts_with("the model has no target `mood`"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
