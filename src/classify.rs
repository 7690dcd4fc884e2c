//! Classifying articles and writing the results: the work behind `sitrep-classify`.
//!
//! Input comes as a list of [`Article`]s (arguments, files, folders, stdin lines) or as a CSV
//! stream. CSV input is read and written in bounded batches, so memory stays flat however
//! long the input is; every input column is copied to the output unchanged, in order, and
//! the predictions are appended.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use serde_json::{json, Map, Value};
use thiserror::Error;

use crate::data::{self, DataError, Utf8Mode};
use crate::model::{Model, Prediction, TargetKind};

/// The label given to a prediction whose probability is below `--min-confidence`.
pub const UNCERTAIN: &str = "uncertain";

/// Abstention: every prediction whose probability is below `min_confidence` gets the label
/// [`UNCERTAIN`]; its probabilities are kept, so a reader can still see what it leaned to.
pub fn abstain(preds: &mut [Vec<Prediction>], min_confidence: f64) {
    for p in preds.iter_mut().flatten() {
        if p.probability < min_confidence {
            p.label = UNCERTAIN.to_string();
        }
    }
}

/// Parses a `--min-confidence` value: a probability in [0, 1].
pub fn parse_probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a probability between 0 and 1")),
    }
}

/// Rows per batch when streaming CSV: enough to keep both cores busy, small enough that
/// memory does not depend on the input size.
pub const BATCH: usize = 4096;

/// A batch also ends once its texts pass this many bytes, so that long articles do not
/// make batches (and memory) large.
pub const BATCH_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            _ => Err(format!("unknown format `{s}`; choose table, json, jsonl or csv")),
        }
    }
}

#[derive(Debug, Error)]
pub enum ClassifyError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} holds no .txt files to classify")]
    EmptyFolder { path: PathBuf },
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write CSV output: {0}")]
    Csv(#[from] csv::Error),
}

/// One article to classify, with an id for the output (file name, line number, or index).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    pub id: String,
    pub text: String,
    /// Invalid UTF-8 in the input was replaced with U+FFFD ([`Utf8Mode::Lossy`] only).
    pub replaced: bool,
}

impl Article {
    /// An article given as text (e.g. on the command line).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            replaced: false,
        }
    }
}

/// Every `.txt` file of a folder, sorted by name, one article each.
pub fn read_folder(dir: &Path, utf8: Utf8Mode) -> Result<Vec<Article>, ClassifyError> {
    let read_err = |source| ClassifyError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt")))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(ClassifyError::EmptyFolder {
            path: dir.to_path_buf(),
        });
    }
    paths.iter().map(|p| read_text_file(p, utf8)).collect()
}

/// A whole text file as one article.
pub fn read_text_file(path: &Path, utf8: Utf8Mode) -> Result<Article, ClassifyError> {
    let bytes = std::fs::read(path).map_err(|source| ClassifyError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let (text, replaced) = decode_text(path, 1, bytes, utf8)?;
    let id = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Article { id, text, replaced })
}

/// Bytes of an article as text; `first_line` is the line the bytes start on, for messages.
/// The flag says whether invalid UTF-8 was replaced ([`Utf8Mode::Lossy`] only).
fn decode_text(
    path: &Path,
    first_line: u64,
    bytes: Vec<u8>,
    utf8: Utf8Mode,
) -> Result<(String, bool), DataError> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, false)),
        Err(e) if utf8 == Utf8Mode::Lossy => Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), true)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let newlines = e.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count() as u64;
            Err(DataError::Utf8 {
                path: path.to_path_buf(),
                line: first_line + newlines,
                index: 1,
                column: "text".into(),
                byte: offset,
            })
        }
    }
}

/// Reads the rows of a CSV file as articles, a batch at a time (so JSONL output can stream).
pub struct CsvArticles {
    path: PathBuf,
    reader: csv::Reader<data::QuoteCheck<std::io::BufReader<std::fs::File>>>,
    header: Vec<String>,
    text_idx: Vec<usize>,
    utf8: Utf8Mode,
}

impl CsvArticles {
    pub fn open(
        model: &Model,
        path: &Path,
        text_columns: &[String],
        utf8: Utf8Mode,
    ) -> Result<Self, ClassifyError> {
        let file = std::fs::File::open(path).map_err(|source| ClassifyError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut reader = data::csv_reader(std::io::BufReader::new(file));
        let header = data::read_header(path, &mut reader)?;
        let text_columns = resolve_text_columns(path, &header, text_columns, model)?;
        let text_idx = data::find_columns(path, &header, &text_columns)?;
        Ok(CsvArticles {
            path: path.to_path_buf(),
            reader,
            header,
            text_idx,
            utf8,
        })
    }

    /// Up to `max` more articles, fewer once their texts pass `max_bytes`; an empty batch
    /// means the file is done.
    pub fn next_batch(&mut self, max: usize, max_bytes: usize) -> Result<Vec<Article>, ClassifyError> {
        let mut articles = Vec::new();
        let mut record = csv::ByteRecord::new();
        let mut bytes = 0;
        while articles.len() < max
            && bytes < max_bytes
            && self
                .reader
                .read_byte_record(&mut record)
                .map_err(|e| data::with_column_name(data::csv_error(&self.path, e), &self.header))?
        {
            let line = record.position().map_or(0, |p| p.line());
            let (text, replaced) =
                data::record_text(&self.path, line, &self.header, &record, &self.text_idx, self.utf8)?;
            bytes += text.len();
            articles.push(Article {
                id: format!("line {line}"),
                text,
                replaced,
            });
        }
        Ok(articles)
    }
}

/// All rows of a CSV file as articles (for JSON and table output, which need them all).
pub fn read_csv_articles(
    model: &Model,
    path: &Path,
    text_columns: &[String],
    utf8: Utf8Mode,
) -> Result<Vec<Article>, ClassifyError> {
    CsvArticles::open(model, path, text_columns, utf8)?.next_batch(usize::MAX, usize::MAX)
}

/// Standard input as articles: one per line, or the whole stream as one.
pub fn read_stdin(input: impl BufRead, whole: bool, utf8: Utf8Mode) -> Result<Vec<Article>, ClassifyError> {
    let path = PathBuf::from("<stdin>");
    let read_err = |source| ClassifyError::Read {
        path: path.clone(),
        source,
    };
    let mut articles = Vec::new();
    let mut input = input;
    if whole {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes).map_err(read_err)?;
        let (text, replaced) = decode_text(&path, 1, bytes, utf8)?;
        articles.push(Article {
            id: "stdin".into(),
            text,
            replaced,
        });
        return Ok(articles);
    }
    for (i, line) in input.split(b'\n').enumerate() {
        let bytes = line.map_err(read_err)?;
        let (text, replaced) = decode_text(&path, i as u64 + 1, bytes, utf8)?;
        let text = text.trim_end_matches('\r');
        if !text.trim().is_empty() {
            articles.push(Article {
                id: format!("line {}", i + 1),
                text: text.to_string(),
                replaced,
            });
        }
    }
    Ok(articles)
}

/// The text columns to read from a CSV header: the user's, or else those of the model's
/// training columns that the file has.
pub fn resolve_text_columns(
    path: &Path,
    header: &[String],
    requested: &[String],
    model: &Model,
) -> Result<Vec<String>, DataError> {
    if !requested.is_empty() {
        return Ok(requested.to_vec());
    }
    let present: Vec<String> = model
        .provenance
        .text_columns
        .iter()
        .filter(|c| header.contains(c))
        .cloned()
        .collect();
    if present.is_empty() {
        return Err(DataError::MissingColumn {
            path: path.to_path_buf(),
            column: model.provenance.text_columns.join("` or `"),
            available: header
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(present)
}

/// Column names appended to CSV output for each target: the label, its probability, the
/// expected level (ordinal only), then one probability per class.
/// The appended columns for an input with `header`: [`prediction_columns`], each prefixed
/// with `predicted_` when any of them would repeat an input column's name (as when the
/// input carries the true labels under the target's name), so every output column has a
/// unique name.
pub fn appended_columns(model: &Model, header: &[String]) -> Vec<String> {
    let columns = prediction_columns(model);
    if columns.iter().any(|c| header.contains(c)) {
        columns.into_iter().map(|c| format!("predicted_{c}")).collect()
    } else {
        columns
    }
}

pub fn prediction_columns(model: &Model) -> Vec<String> {
    let mut cols = Vec::new();
    for head in &model.heads {
        cols.push(head.target.clone());
        cols.push(format!("{}_probability", head.target));
        if head.kind == TargetKind::Ordinal {
            cols.push(format!("{}_expected", head.target));
        }
        for class in &head.classes {
            cols.push(format!("{}_p_{}", head.target, class));
        }
    }
    cols
}

/// A probability with four decimals, as `format!("{:.4}")` would write it, without the
/// general float formatter (which was 3% of classification time).
pub fn fixed4(value: f64) -> String {
    if !(0.0..=1.0).contains(&value) {
        return format!("{value:.4}");
    }
    let scaled = (value * 10_000.0).round() as u32;
    format!("{}.{:04}", scaled / 10_000, scaled % 10_000)
}

/// An expected level (0 to a few) with three decimals, as `format!("{:.3}")` would write it.
pub fn fixed3(value: f64) -> String {
    if !(0.0..=1000.0).contains(&value) {
        return format!("{value:.3}");
    }
    let scaled = (value * 1_000.0).round() as u32;
    format!("{}.{:03}", scaled / 1_000, scaled % 1_000)
}

fn prediction_fields(model: &Model, preds: Option<&[Prediction]>) -> Vec<String> {
    let mut out = Vec::new();
    for (h, head) in model.heads.iter().enumerate() {
        let p = preds.map(|p| &p[h]);
        out.push(p.map(|p| p.label.clone()).unwrap_or_default());
        out.push(p.map(|p| fixed4(p.probability)).unwrap_or_default());
        if head.kind == TargetKind::Ordinal {
            out.push(p.and_then(|p| p.expected_level).map(fixed3).unwrap_or_default());
        }
        for k in 0..head.classes.len() {
            out.push(p.map(|p| fixed4(p.probabilities[k])).unwrap_or_default());
        }
    }
    out
}

/// Outcome of a classification run: rows written and rows with a problem (reported on
/// stderr as they happen, and kept in the output with empty predictions).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub problems: u64,
    /// Rows whose invalid UTF-8 was replaced ([`Utf8Mode::Lossy`] only).
    pub replaced: u64,
    /// The first such row's line.
    pub first_replaced_line: Option<u64>,
}

/// How [`classify_csv`] reads and labels rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CsvOptions {
    /// Predictions below this probability are labeled [`UNCERTAIN`] (0: never).
    pub min_confidence: f64,
    /// Invalid UTF-8 in the text columns: an error, or replaced (`--lossy`).
    pub utf8: Utf8Mode,
}

/// Input rows of one batch: the records as read, and their texts for the model.
#[derive(Default)]
struct RowBatch {
    records: Vec<csv::ByteRecord>,
    texts: Vec<String>,
}

/// Streams a CSV file (or stdin with path `-`) through the model, writing CSV with the
/// prediction columns appended. Rows with empty text are kept, without predictions, and
/// reported through `warn`. Fields other than the text columns are copied byte for byte,
/// whatever their encoding.
pub fn classify_csv(
    model: &Model,
    path: &Path,
    input: impl std::io::Read,
    text_columns: &[String],
    options: CsvOptions,
    out: impl Write,
    mut warn: impl FnMut(&str),
) -> Result<Counts, ClassifyError> {
    let CsvOptions { min_confidence, utf8 } = options;
    let mut reader = data::csv_reader(input);
    let header = data::read_header(path, &mut reader)?;
    let text_columns = resolve_text_columns(path, &header, text_columns, model)?;
    let text_idx = data::find_columns(path, &header, &text_columns)?;
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let mut out_header: Vec<String> = header.clone();
    out_header.extend(appended_columns(model, &header));
    writer.write_record(&out_header)?;
    let mut counts = Counts::default();
    let analyzers = model.vectorizer.analyzers();
    let mut read_batch = |counts: &mut Counts| -> Result<RowBatch, ClassifyError> {
        let mut batch = RowBatch::default();
        let mut record = csv::ByteRecord::new();
        let mut bytes = 0;
        while batch.texts.len() < BATCH
            && bytes < BATCH_BYTES
            && reader
                .read_byte_record(&mut record)
                .map_err(|e| data::with_column_name(data::csv_error(path, e), &header))?
        {
            let line = record.position().map_or(0, |p| p.line());
            let (text, replaced) = data::record_text(path, line, &header, &record, &text_idx, utf8)?;
            if replaced {
                counts.replaced += 1;
                counts.first_replaced_line.get_or_insert(line);
            }
            if text.trim().is_empty() {
                warn(&format!(
                    "{}:{line}: column `{}` is empty; row kept without predictions",
                    path.display(),
                    header[text_idx[0]]
                ));
                counts.problems += 1;
            }
            bytes += record.as_slice().len() + text.len();
            batch.records.push(record.clone());
            batch.texts.push(text);
        }
        Ok(batch)
    };
    let write_batch =
        |writer: &mut csv::Writer<_>, batch: &RowBatch, preds: &[Vec<Prediction>], counts: &mut Counts| {
            for ((rec, text), p) in batch.records.iter().zip(&batch.texts).zip(preds) {
                let usable = !text.trim().is_empty();
                // field by field: the input bytes are copied as they are, nothing is re-encoded
                for field in rec.iter() {
                    writer.write_field(field)?;
                }
                for field in prediction_fields(model, usable.then_some(p.as_slice())) {
                    writer.write_field(field)?;
                }
                writer.write_record(None::<&[u8]>)?;
                counts.rows += 1;
            }
            Ok::<(), ClassifyError>(())
        };
    // Pipelined: one thread (with the rayon pool) predicts a batch while this one writes the
    // previous batch and reads the next. The predicting thread lives as long as the stream,
    // so batches do not each start a thread (and a fresh allocator heap).
    std::thread::scope(|scope| {
        let (to_predict, inbox) = mpsc::sync_channel::<Vec<String>>(1);
        let (to_main, predicted) = mpsc::sync_channel::<(Vec<String>, Vec<Vec<Prediction>>)>(1);
        let analyzers = &analyzers;
        scope.spawn(move || {
            for texts in inbox {
                let mut preds = model.predict_texts_with(&texts, analyzers);
                abstain(&mut preds, min_confidence);
                if to_main.send((texts, preds)).is_err() {
                    break;
                }
            }
        });
        // a closed channel means the predicting thread panicked: the scope re-raises that
        let receive = || {
            predicted
                .recv()
                .expect("the predicting thread answers every batch")
        };
        let mut current = read_batch(&mut counts)?;
        let mut previous: Option<(RowBatch, Vec<Vec<Prediction>>)> = None;
        loop {
            if current.texts.is_empty() {
                if let Some((batch, preds)) = previous.take() {
                    write_batch(&mut writer, &batch, &preds, &mut counts)?;
                }
                break;
            }
            let texts = std::mem::take(&mut current.texts);
            to_predict
                .send(texts)
                .expect("the predicting thread takes every batch");
            let written = match previous.take() {
                Some((batch, preds)) => write_batch(&mut writer, &batch, &preds, &mut counts),
                None => Ok(()),
            };
            let next = written.and_then(|()| read_batch(&mut counts));
            let (texts, preds) = receive();
            current.texts = texts;
            match next {
                Ok(next) => {
                    previous = Some((current, preds));
                    current = next;
                }
                Err(e) => {
                    // the batch already predicted is written before the error is reported
                    write_batch(&mut writer, &current, &preds, &mut counts)?;
                    writer.flush()?;
                    return Err(e);
                }
            }
        }
        writer.flush()?;
        Ok(counts)
    })
}

/// Writes predictions for a list of articles in any format. `explanations[i][h]` lists the
/// terms behind article i's prediction for head h (empty when not asked for).
pub fn write_articles(
    model: &Model,
    articles: &[Article],
    preds: &[Vec<Prediction>],
    explanations: &[Vec<Vec<(String, f64)>>],
    format: Format,
    mut out: impl Write,
) -> Result<(), ClassifyError> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            let mut header = vec!["id".to_string(), "text".to_string()];
            header.extend(prediction_columns(model));
            w.write_record(&header)?;
            for (a, p) in articles.iter().zip(preds) {
                let mut row = vec![a.id.clone(), a.text.clone()];
                row.extend(prediction_fields(model, Some(p)));
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Json | Format::Jsonl => {
            let values: Vec<Value> = articles
                .iter()
                .zip(preds)
                .enumerate()
                .map(|(i, (a, p))| article_json(model, a, p, explanations.get(i)))
                .collect();
            if format == Format::Json {
                serde_json::to_writer_pretty(&mut out, &values).map_err(std::io::Error::from)?;
                writeln!(out)?;
            } else {
                for v in values {
                    serde_json::to_writer(&mut out, &v).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
            }
        }
        Format::Table => write_table(model, articles, preds, explanations, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

fn article_json(
    model: &Model,
    a: &Article,
    p: &[Prediction],
    explanation: Option<&Vec<Vec<(String, f64)>>>,
) -> Value {
    let mut targets = Map::new();
    for (h, head) in model.heads.iter().enumerate() {
        let probs: Map<String, Value> = head
            .classes
            .iter()
            .zip(&p[h].probabilities)
            .map(|(c, v)| (c.clone(), json!(round4(*v))))
            .collect();
        let mut t =
            json!({ "label": p[h].label, "probability": round4(p[h].probability), "probabilities": probs });
        if let Some(e) = p[h].expected_level {
            t["expected_level"] = json!(round4(e));
        }
        if let Some(terms) = explanation.and_then(|e| e.get(h)).filter(|t| !t.is_empty()) {
            t["explanation"] = terms
                .iter()
                .map(|(term, w)| json!({ "term": term, "weight": round4(*w) }))
                .collect();
        }
        targets.insert(head.target.clone(), t);
    }
    json!({ "id": a.id, "text": a.text, "predictions": targets })
}

fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// A short single-line excerpt of a text for tables.
pub fn excerpt(text: &str, width: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= width {
        flat
    } else {
        let cut: String = flat.chars().take(width.saturating_sub(3)).collect();
        format!("{}...", cut.trim_end())
    }
}

fn write_table(
    model: &Model,
    articles: &[Article],
    preds: &[Vec<Prediction>],
    explanations: &[Vec<Vec<(String, f64)>>],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = preds
        .iter()
        .map(|p| {
            p.iter()
                .map(|p| format!("{} ({:.2})", p.label, p.probability))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = model
        .heads
        .iter()
        .enumerate()
        .map(|(h, head)| {
            cells
                .iter()
                .map(|c| c[h].chars().count())
                .chain([head.target.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let text_width = 48;
    let line = |first: &str, cells: &[&str]| {
        let mut l = format!("{first:<text_width$}");
        for (c, w) in cells.iter().zip(&widths) {
            l.push_str(&format!("  {c:<w$}"));
        }
        l.trim_end().to_string()
    };
    let targets: Vec<&str> = model.heads.iter().map(|h| h.target.as_str()).collect();
    writeln!(out, "{}", line("article", &targets))?;
    for (i, (a, row)) in articles.iter().zip(&cells).enumerate() {
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        writeln!(out, "{}", line(&excerpt(&a.text, text_width), &row))?;
        if let Some(e) = explanations.get(i) {
            for (head, terms) in model.heads.iter().zip(e) {
                if !terms.is_empty() {
                    let list: Vec<String> = terms.iter().map(|(t, w)| format!("{t} {w:+.3}")).collect();
                    writeln!(out, "    {} <- {}", head.target, list.join(", "))?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_lines_become_articles_and_blank_lines_are_skipped() {
        let a = read_stdin(&b"first article\r\n\nsecond one\n"[..], false, Utf8Mode::Strict).expect("reads");
        assert_eq!(
            a,
            [
                Article::new("line 1", "first article"),
                Article::new("line 3", "second one")
            ]
        );
        let w = read_stdin(&b"one\ntwo\n"[..], true, Utf8Mode::Strict).expect("reads");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].text, "one\ntwo\n");
        let e = read_stdin(&b"ok\nbad \xff\n"[..], false, Utf8Mode::Strict)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("<stdin>:2: column 1 (`text`) is not valid UTF-8 (at byte 4 of the field)"),
            "{e}"
        );
        let l = read_stdin(&b"ok\nbad \xff\n"[..], false, Utf8Mode::Lossy).expect("reads");
        assert_eq!(l[1].text, "bad \u{fffd}");
        assert!(!l[0].replaced && l[1].replaced);
    }

    #[test]
    fn fixed4_matches_the_float_formatter() {
        for v in [
            0.0, 1.0, 0.5, 0.12345, 0.99996, 0.00004, 0.00005, 0.3333333, 1e-12,
        ] {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v}");
        }
        assert_eq!(fixed4(2.5), "2.5000");
        for v in [0.0, 1.9995, 2.0004, 3.0, 0.1234] {
            assert_eq!(fixed3(v), format!("{v:.3}"), "{v}");
        }
    }

    #[test]
    fn abstention_relabels_only_low_probabilities_and_keeps_them() {
        let p = |label: &str, probability: f64| Prediction {
            label: label.into(),
            probability,
            probabilities: vec![probability, 1.0 - probability],
            expected_level: None,
        };
        let mut preds = vec![vec![p("a", 0.9), p("b", 0.59)], vec![p("a", 0.6), p("b", 0.6)]];
        abstain(&mut preds, 0.6);
        let labels: Vec<&str> = preds.iter().flatten().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["a", UNCERTAIN, "a", "b"]);
        assert_eq!(preds[0][1].probability, 0.59);
        assert_eq!(preds[0][1].probabilities[0], 0.59);
        assert_eq!(parse_probability("0.7"), Ok(0.7));
        assert!(parse_probability("1.5").is_err() && parse_probability("x").is_err());
    }

    #[test]
    fn excerpts_are_single_line_and_bounded() {
        assert_eq!(excerpt("a\n b", 10), "a b");
        assert_eq!(excerpt("abcdefghijkl", 8), "abcde...");
    }
}
