//! `--classify`: raw articles classified on the fly, a batch at a time, then counted.
//!
//! **This is the only file in `src/trend/` that uses the model and the classification
//! API** (`crate::model`, `crate::classify`): when those move, only the imports below need
//! repointing. Everything else in `src/trend/` sees levels, probabilities and topics only.

use std::io::Read;
use std::path::Path;

// --- the model and classification API: repoint these after the restructure -----------
use crate::model::resolve_text_columns;
/// The model, as the rest of `src/trend/` names it.
pub use crate::model::Model;
use crate::model::TargetKind;
// ----------------------------------------------------------------------------------------

use super::aggregate::Aggregator;
use super::error::TrendError;
use super::input::{article_id, InputOptions, Located, ReadSummary, RowReader, Skip};

/// Rows classified together: the same bound as sitrep-classify's batches.
pub const BATCH: usize = 4096;
/// A batch also ends once its texts pass this many bytes.
pub const BATCH_BYTES: usize = 4 << 20;

/// The heads `--classify` reads: the escalation level (0 to 3) and, if the model has one,
/// the topic.
struct Heads {
    level: usize,
    /// The level of each of the escalation head's classes.
    levels: Vec<u8>,
    topic: Option<usize>,
}

fn heads(model: &Model, level_target: &str) -> Result<Heads, TrendError> {
    let targets = || {
        model
            .heads
            .iter()
            .map(|h| format!("`{}`", h.target))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let level = model
        .heads
        .iter()
        .position(|h| h.target == level_target)
        .ok_or_else(|| TrendError::ModelTarget {
            target: level_target.to_string(),
            what: "escalation levels",
            available: targets(),
        })?;
    let head = &model.heads[level];
    let levels = head
        .classes
        .iter()
        .map(|c| match super::input::parse_level(c.as_bytes()) {
            Ok(Some(l)) if head.kind == TargetKind::Ordinal => Ok(l),
            _ => Err(TrendError::Params(format!(
                "the model's `{level_target}` target has classes {}; expected ordinal levels 0 to 3",
                head.classes.join(", ")
            ))),
        })
        .collect::<Result<Vec<u8>, _>>()?;
    let topic = model.heads.iter().position(|h| h.target == "topic");
    Ok(Heads { level, levels, topic })
}

/// Checks, before any row is read, that `model` gives what `--classify` takes from it: the
/// levels of `level_target` and, for `--topic`, topics.
fn checked_heads(model: &Model, level_target: &str, options: &InputOptions) -> Result<Heads, TrendError> {
    let heads = heads(model, level_target)?;
    if options.topic.is_some() && heads.topic.is_none() {
        return Err(TrendError::ModelTarget {
            target: "topic".into(),
            what: "topics for --topic",
            available: model
                .heads
                .iter()
                .map(|h| format!("`{}`", h.target))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(heads)
}

/// The check of [`read_and_classify`] on the model, alone.
pub fn check_model(model: &Model, level_target: &str, options: &InputOptions) -> Result<(), TrendError> {
    checked_heads(model, level_target, options).map(|_| ())
}

/// The positions of the text columns in `header`: those named (`--text-column`), else the
/// model's training columns that the input has, as sitrep-classify finds them.
pub fn text_columns_read(
    path: &Path,
    header: &[String],
    model: &Model,
    text_columns: &[String],
) -> Result<Vec<usize>, TrendError> {
    let names = resolve_text_columns(path, header, text_columns, model)?;
    Ok(crate::data::find_columns(path, header, &names)?)
}

/// A batch of rows waiting for their predictions.
#[derive(Default)]
struct Batch {
    at: Vec<Located>,
    ids: Vec<Box<str>>,
    text: String,
    ends: Vec<usize>,
}

impl Batch {
    fn texts(&self) -> Vec<&str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.text[a..b]).collect()
    }

    fn clear(&mut self) {
        self.at.clear();
        self.ids.clear();
        self.text.clear();
        self.ends.clear();
    }
}

/// Reads raw articles from `input`, classifies their text with `model` (the escalation
/// head named `level_target`, usually `escalation`; the `topic` head for `--topic`) and
/// counts them. `text_columns`: as sitrep-classify's `--text-column` (default: the model's
/// training columns that the input has).
pub fn read_and_classify<R: Read>(
    path: &Path,
    input: R,
    options: InputOptions,
    model: &Model,
    level_target: &str,
    text_columns: &[String],
) -> Result<(Aggregator, ReadSummary), TrendError> {
    let heads = checked_heads(model, level_target, &options)?;
    let mut rows = RowReader::new(path, input, options, false)?;
    let text_idx = text_columns_read(path, &rows.columns.header, model, text_columns)?;
    let analyzers = model.vectorizer.analyzers();
    let mut record = csv::ByteRecord::new();
    let mut batch = Batch::default();
    let mut more = true;
    while more {
        batch.clear();
        while batch.at.len() < BATCH && batch.text.len() < BATCH_BYTES {
            let Some(line) = rows.next(&mut record)? else {
                more = false;
                break;
            };
            let Some(at) = rows.locate(&record, line)? else {
                continue;
            };
            let start = batch.text.len();
            let (header, utf8) = (&rows.columns.header, rows.options.utf8);
            crate::data::append_record_text(
                path,
                at.line,
                header,
                &record,
                &text_idx,
                utf8,
                &mut batch.text,
            )?;
            if batch.text[start..].trim().is_empty() {
                batch.text.truncate(start);
                let problem = "is empty; --classify needs text to classify".to_string();
                rows.bad(at.line, text_idx[0], Skip::EmptyText, problem)?;
                continue;
            }
            batch.ends.push(batch.text.len());
            batch.at.push(at);
            batch.ids.push(article_id(&record, rows.columns.id, at.line));
        }
        if batch.at.is_empty() {
            continue;
        }
        let texts = batch.texts();
        // as sitrep-classify withholds them with its default thresholds, so that the counts
        // are the pipe's: text out of the model's reach is left out and counted as uncertain
        let rules = crate::classify::Abstention {
            language: model.vectorizer.config.language,
            ..crate::classify::Abstention::default()
        };
        let (predictions, _) = crate::classify::predict_batch(model, &analyzers, &texts, None, rules);
        for (i, preds) in predictions.iter().enumerate() {
            let Some(p) = preds.get(heads.level) else {
                continue;
            };
            if p.label == crate::classify::UNCERTAIN {
                rows.uncertain(batch.at[i].line);
                continue;
            }
            let class = model.heads[heads.level]
                .classes
                .iter()
                .position(|c| *c == p.label);
            let Some(level) = class.and_then(|c| heads.levels.get(c)).copied() else {
                continue;
            };
            if let (Some(wanted), Some(t)) = (&rows.options.topic, heads.topic) {
                if preds.get(t).is_none_or(|tp| tp.label != *wanted) {
                    rows.summary.filtered += 1;
                    continue;
                }
            }
            let mut id = Some(std::mem::take(&mut batch.ids[i]));
            // the probability as the pipe reads it back from sitrep-classify's 4 decimals, so
            // that ties between articles break the same way
            let probability = crate::classify::decimals::fixed4(p.probability)
                .parse::<f32>()
                .unwrap_or(p.probability as f32);
            rows.count(batch.at[i], level, probability, || id.take().unwrap_or_default());
        }
    }
    rows.finish()
}
