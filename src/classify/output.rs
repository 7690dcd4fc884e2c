//! Writing predictions: the four output formats of `sitrep-classify`.
//!
//! [`ArticleWriter`] takes articles a batch at a time and writes each batch as it comes, so
//! output of any length needs memory for one batch only; the JSON array is opened before
//! the first batch and closed by [`ArticleWriter::finish`]. CSV rows streamed from a CSV
//! input (every input column kept) are written by [`crate::classify::classify_csv`] with
//! [`appended_columns`] and [`for_each_prediction_field`] from here.

use std::io::Write;

pub use super::abstain::withheld_reasons;
use super::abstain::UNCERTAIN;
use super::article::{Article, ClassifyError};
pub use super::decimals::{fixed3, fixed4, Precision};
use super::json::{article_json, formatted};
use crate::data::unique_names;
use crate::data::{align_left, display_width, excerpt};
use crate::model::{Model, Prediction, TargetKind};

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

/// Column names appended to CSV output for each target: the label, its probability, the
/// expected level (ordinal only), then one probability per class; then, once per article,
/// its coverage (the share of its words the model knows) and why labels were withheld. A
/// name that repeats an earlier one gets a number ([`unique_names`]).
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
    cols.push("coverage".into());
    cols.push("uncertain_reason".into());
    unique_names(cols)
}

/// The appended columns for an input with `header`: [`prediction_columns`] (and, with
/// `explained`, [`explanation_columns`]), all prefixed with `predicted_` when any of them
/// would repeat an input column's name (as when the input carries the true labels under
/// the target's name), and with `predicted_` again as long as one still would (as when
/// the input is sitrep's own output with the true labels), so every output column has a
/// unique name and output can be classified again.
pub fn appended_columns(model: &Model, header: &[String], explained: bool) -> Vec<String> {
    let mut columns = prediction_columns(model);
    if explained {
        columns.extend(explanation_columns(model));
        columns = unique_names(columns);
    }
    // each round makes every name longer, so this ends once the prefix outgrows the header
    let mut prefix = String::new();
    while columns
        .iter()
        .any(|c| header.iter().any(|h| h.strip_prefix(&prefix) == Some(c)))
    {
        prefix.push_str("predicted_");
    }
    columns.into_iter().map(|c| format!("{prefix}{c}")).collect()
}

/// Calls `field` with each value of [`prediction_columns`] for one article, in order (all
/// empty without predictions), formatting into one reused buffer.
pub fn for_each_prediction_field<E>(
    model: &Model,
    preds: Option<&[Prediction]>,
    precision: Precision,
    mut field: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut buf = String::with_capacity(24);
    let mut number = |value: Option<f64>, decimals: usize, field: &mut dyn FnMut(&str) -> Result<(), E>| {
        buf.clear();
        if let Some(v) = value {
            precision.push(&mut buf, v, decimals);
        }
        field(&buf)
    };
    for (h, head) in model.heads.iter().enumerate() {
        let p = preds.map(|p| &p[h]);
        field(p.map_or("", |p| p.label.as_str()))?;
        number(p.map(|p| p.probability), 4, &mut field)?;
        if head.kind == TargetKind::Ordinal {
            number(p.and_then(|p| p.expected_level), 3, &mut field)?;
        }
        for k in 0..head.classes.len() {
            number(p.map(|p| p.probabilities[k]), 4, &mut field)?;
        }
    }
    let first = preds.and_then(|p| p.first());
    number(first.and_then(|p| p.coverage), 4, &mut field)?;
    field(&preds.map(|p| withheld_reasons(model, p)).unwrap_or_default())
}

/// The values of [`prediction_columns`] for one article; all empty without predictions.
pub fn prediction_fields(model: &Model, preds: Option<&[Prediction]>, precision: Precision) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(()) = for_each_prediction_field(model, preds, precision, |f| {
        out.push(f.to_string());
        Ok::<(), std::convert::Infallible>(())
    });
    out
}

/// The columns `--explain` adds to CSV output, one per target after all prediction
/// columns: `topic_terms`, ...
pub fn explanation_columns(model: &Model) -> Vec<String> {
    model
        .heads
        .iter()
        .map(|h| format!("{}_terms", h.target))
        .collect()
}

/// One head's explanation as one CSV field: `town +9.674; rebel +4.136`.
pub fn explanation_field(terms: &[(String, f64)]) -> String {
    let parts: Vec<String> = terms.iter().map(|(t, w)| format!("{t} {w:+.3}")).collect();
    parts.join("; ")
}

pub use crate::model::Explanation;

/// Width of the article column in tables, in display columns.
const TABLE_TEXT_WIDTH: usize = 48;

/// Writes predictions in one [`Format`], a batch of articles at a time.
pub struct ArticleWriter<'m, W: Write> {
    model: &'m Model,
    format: Format,
    out: W,
    /// The header (CSV, table) or opening bracket (JSON) is out.
    started: bool,
    json_elements: usize,
    /// Table column widths, one per head: wide enough for any label the model can give,
    /// so that every batch lines up with the header.
    widths: Vec<usize>,
    /// CSV output gets [`explanation_columns`].
    explained: bool,
    precision: Precision,
}

impl<'m, W: Write> ArticleWriter<'m, W> {
    /// `explained`: the batches come with explanations (`--explain`), which CSV output
    /// needs to know before its header.
    pub fn new(model: &'m Model, format: Format, explained: bool, out: W) -> Self {
        let widths = model
            .heads
            .iter()
            .map(|head| {
                let labels = head.classes.iter().map(String::as_str).chain([UNCERTAIN]);
                // a cell is `label (0.00)`; labels and targets may be CJK, two columns a character
                let cell = labels.map(|l| display_width(l) + 7).max().unwrap_or(0);
                cell.max(display_width(&head.target))
            })
            .collect();
        ArticleWriter {
            model,
            format,
            out,
            started: false,
            json_elements: 0,
            widths,
            explained,
            precision: Precision::Rounded,
        }
    }

    /// Numbers in CSV and JSON output get `precision` (tables always show two decimals).
    pub fn with_precision(mut self, precision: Precision) -> Self {
        self.precision = precision;
        self
    }

    /// Writes one batch. `explanations[i][h]` lists the terms behind article i's
    /// prediction for head h (empty, or missing, when not asked for).
    pub fn write(
        &mut self,
        articles: &[Article],
        preds: &[Vec<Prediction>],
        explanations: &[Explanation],
    ) -> Result<(), ClassifyError> {
        self.start()?;
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut self.out);
                for (i, (a, p)) in articles.iter().zip(preds).enumerate() {
                    let mut row = vec![a.output_id().to_string(), a.text.clone()];
                    // as CSV input's empty rows: kept, with nothing the model made up
                    let p = (!a.is_blank()).then_some(p.as_slice());
                    row.extend(prediction_fields(self.model, p, self.precision));
                    if self.explained {
                        let heads = self.model.heads.len();
                        let e = explanations.get(i).filter(|_| !a.is_blank());
                        row.extend((0..heads).map(|h| {
                            e.and_then(|e| e.get(h))
                                .map_or(String::new(), |t| explanation_field(t))
                        }));
                    }
                    w.write_record(&row)?;
                }
                w.flush()?;
            }
            Format::Json => {
                let (model, precision) = (self.model, self.precision);
                let elements = formatted(articles, preds, |i, a, p| {
                    let value = article_json(model, a, p, explanations.get(i), precision);
                    serde_json::to_string_pretty(&value)
                })?;
                for pretty in elements {
                    // as an element of a pretty-printed array: indented by two spaces
                    let separator = if self.json_elements > 0 { ",\n" } else { "\n" };
                    self.out.write_all(separator.as_bytes())?;
                    for (k, line) in pretty.lines().enumerate() {
                        if k > 0 {
                            self.out.write_all(b"\n")?;
                        }
                        write!(self.out, "  {line}")?;
                    }
                    self.json_elements += 1;
                }
            }
            Format::Jsonl => {
                let (model, precision) = (self.model, self.precision);
                let lines = formatted(articles, preds, |i, a, p| {
                    let value = article_json(model, a, p, explanations.get(i), precision);
                    serde_json::to_string(&value)
                })?;
                for line in lines {
                    self.out.write_all(line.as_bytes())?;
                    writeln!(self.out)?;
                }
            }
            Format::Table => {
                for (i, (a, p)) in articles.iter().zip(preds).enumerate() {
                    let cells: Vec<String> = p
                        .iter()
                        .map(|p| format!("{} ({:.2})", p.label, p.probability))
                        .collect();
                    let line = self.table_line(&excerpt(&a.text, TABLE_TEXT_WIDTH), &cells);
                    writeln!(self.out, "{line}")?;
                    if let Some(e) = explanations.get(i) {
                        for (head, terms) in self.model.heads.iter().zip(e) {
                            if !terms.is_empty() {
                                let list: Vec<String> =
                                    terms.iter().map(|(t, w)| format!("{t} {w:+.3}")).collect();
                                writeln!(self.out, "    {} <- {}", head.target, list.join(", "))?;
                            }
                        }
                    }
                }
            }
        }
        self.out.flush()?;
        Ok(())
    }

    /// Ends the output (closes the JSON array; writes the header if no article came).
    pub fn finish(mut self) -> Result<(), ClassifyError> {
        self.start()?;
        if self.format == Format::Json {
            let end: &[u8] = if self.json_elements > 0 { b"\n]\n" } else { b"]\n" };
            self.out.write_all(end)?;
        }
        self.out.flush()?;
        Ok(())
    }

    fn start(&mut self) -> Result<(), ClassifyError> {
        if self.started {
            return Ok(());
        }
        self.started = true;
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut self.out);
                let mut header = vec!["id".to_string(), "text".to_string()];
                header.extend(prediction_columns(self.model));
                if self.explained {
                    header.extend(explanation_columns(self.model));
                }
                w.write_record(&header)?;
                w.flush()?;
            }
            Format::Json => self.out.write_all(b"[")?,
            Format::Jsonl => {}
            Format::Table => {
                let targets: Vec<String> = self.model.heads.iter().map(|h| h.target.clone()).collect();
                let line = self.table_line("article", &targets);
                writeln!(self.out, "{line}")?;
            }
        }
        Ok(())
    }

    fn table_line(&self, first: &str, cells: &[String]) -> String {
        let mut l = align_left(first, TABLE_TEXT_WIDTH);
        for (c, &w) in cells.iter().zip(&self.widths) {
            l.push_str("  ");
            l.push_str(&align_left(c, w));
        }
        l.trim_end().to_string()
    }
}

/// Writes predictions for a list of articles in any format (see [`ArticleWriter`]).
pub fn write_articles(
    model: &Model,
    articles: &[Article],
    preds: &[Vec<Prediction>],
    explanations: &[Explanation],
    format: Format,
    out: impl Write,
) -> Result<(), ClassifyError> {
    let mut writer = ArticleWriter::new(model, format, !explanations.is_empty(), out);
    writer.write(articles, preds, explanations)?;
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appended_columns_take_a_prefix_no_input_column_has() {
        let model = default_model();
        let header = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let first = |names: &[&str]| appended_columns(&model, &header(names), true)[0].clone();
        assert_eq!(first(&["id", "title"]), "topic");
        assert_eq!(first(&["id", "title", "topic"]), "predicted_topic");
        // `predicted_` alone would repeat `predicted_topic`
        assert_eq!(
            first(&["id", "title", "predicted_topic", "topic"]),
            "predicted_predicted_topic"
        );
        // any appended name counts, the explanation columns too
        assert_eq!(
            first(&["predicted_escalation_terms", "escalation_terms"]),
            "predicted_predicted_topic"
        );
        let header = header(&[
            "coverage",
            "predicted_coverage",
            "predicted_predicted_topic_p_offensive",
        ]);
        let columns = appended_columns(&model, &header, true);
        assert_eq!(columns[0], "predicted_predicted_predicted_topic");
        assert!(columns.iter().all(|c| !header.contains(c)), "{columns:?}");
    }

    fn default_model() -> Model {
        let bytes = crate::model::default::DEFAULT_MODEL.expect("this build has a default model");
        crate::model::file::decode(std::path::Path::new("default"), bytes).expect("loads")
    }

    /// Writes `articles` in `format`, cut into batches of `batch` articles.
    fn written(model: &Model, articles: &[Article], format: Format, batch: usize) -> String {
        let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
        let preds = model.predict_texts(&texts);
        let mut out = Vec::new();
        let mut writer = ArticleWriter::new(model, format, false, &mut out);
        for (a, p) in articles.chunks(batch).zip(preds.chunks(batch)) {
            writer.write(a, p, &[]).expect("writes");
        }
        writer.finish().expect("finishes");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn batches_write_what_one_call_writes() {
        let model = default_model();
        let articles: Vec<Article> = [
            "Shelling hit the town.",
            "Talks \"resumed\"\nin Geneva.",
            "Refugees fled.",
        ]
        .iter()
        .enumerate()
        .map(|(i, t)| Article::new(format!("arg {i}"), *t))
        .collect();
        for format in [Format::Csv, Format::Json, Format::Jsonl, Format::Table] {
            let whole = written(&model, &articles, format, 3);
            assert_eq!(written(&model, &articles, format, 1), whole, "{format:?}");
        }
        // the streamed JSON array is the one serde_json writes for the whole list
        let json = written(&model, &articles, Format::Json, 1);
        let values: Vec<serde_json::Value> = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(
            json,
            serde_json::to_string_pretty(&values).expect("prints") + "\n"
        );
        assert_eq!(written(&model, &[], Format::Json, 1), "[]\n");
        // a table's columns start where its header's do, whatever label a row gets
        let table = written(&model, &articles, Format::Table, 1);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4, "{table}");
        for target in model.heads.iter().map(|h| h.target.as_str()) {
            let at = lines[0].find(target).expect("header names the target");
            for row in &lines[1..] {
                assert_eq!(&row[at - 2..at], "  ", "{table}");
                assert_ne!(&row[at..at + 1], " ", "{table}");
            }
        }
    }
}
