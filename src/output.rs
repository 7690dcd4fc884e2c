//! Writing predictions: the four output formats of `sitrep-classify`.
//!
//! [`ArticleWriter`] takes articles a batch at a time and writes each batch as it comes, so
//! output of any length needs memory for one batch only; the JSON array is opened before
//! the first batch and closed by [`ArticleWriter::finish`]. CSV rows streamed from a CSV
//! input (every input column kept) are written by [`crate::classify::classify_csv`] with
//! [`appended_columns`] and [`for_each_prediction_field`] from here.

use std::io::Write;

use serde_json::{json, Map, Value};

use crate::classify::{Article, ClassifyError, UNCERTAIN};
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
/// expected level (ordinal only), then one probability per class.
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

/// The appended columns for an input with `header`: [`prediction_columns`] (and, with
/// `explained`, [`explanation_columns`]), each prefixed
/// with `predicted_` when any of them would repeat an input column's name (as when the
/// input carries the true labels under the target's name), so every output column has a
/// unique name.
pub fn appended_columns(model: &Model, header: &[String], explained: bool) -> Vec<String> {
    let mut columns = prediction_columns(model);
    if explained {
        columns.extend(explanation_columns(model));
    }
    if columns.iter().any(|c| header.contains(c)) {
        columns.into_iter().map(|c| format!("predicted_{c}")).collect()
    } else {
        columns
    }
}

/// How many digits the numbers of CSV and JSON output get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Precision {
    /// Probabilities with 4 decimals, expected levels with 3: what a person reads.
    #[default]
    Rounded,
    /// Every digit: the shortest decimal that reads back as the same number
    /// (`--full-precision`), so that another program can compare predictions exactly.
    Full,
}

impl Precision {
    /// Appends `value`: with `decimals` decimals when rounded (3 or 4), else every digit.
    fn push(self, out: &mut String, value: f64, decimals: usize) {
        match self {
            Precision::Rounded => push_fixed(out, value, decimals),
            Precision::Full => {
                use std::fmt::Write;
                // writing to a String cannot fail
                let _ = write!(out, "{value}");
            }
        }
    }

    /// A number for JSON output: four decimals when rounded.
    fn json(self, value: f64) -> f64 {
        match self {
            Precision::Rounded => round4(value),
            Precision::Full => value,
        }
    }
}

/// A probability with four decimals, as `format!("{:.4}")` would write it.
pub fn fixed4(value: f64) -> String {
    let mut s = String::new();
    push_fixed(&mut s, value, 4);
    s
}

/// An expected level (0 to a few) with three decimals, as `format!("{:.3}")` would write it.
pub fn fixed3(value: f64) -> String {
    let mut s = String::new();
    push_fixed(&mut s, value, 3);
    s
}

/// Appends `value` with `decimals` (3 or 4) decimals, as `format!("{value:.decimals$}")`
/// would, without the general float formatter (which was 3% of classification time) in
/// the usual range of 0 to 1000.
fn push_fixed(out: &mut String, value: f64, decimals: usize) {
    let scale = if decimals == 3 { 1_000 } else { 10_000 };
    if !(0.0..=1000.0).contains(&value) {
        out.push_str(&format!("{value:.decimals$}"));
        return;
    }
    let scaled = (value * scale as f64).round() as u32;
    let (whole, frac) = (scaled / scale, scaled % scale);
    // digits right to left: up to 4 for the whole part (at most 1000), '.', `decimals`
    let mut digits = [b'0'; 9];
    let mut at = digits.len();
    let mut rest = frac;
    for _ in 0..decimals {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    at -= 1;
    digits[at] = b'.';
    let mut rest = whole;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    digits[at..].iter().for_each(|&d| out.push(d as char));
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
    Ok(())
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

/// Width of the article column in tables.
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
                // a cell is `label (0.00)`
                let cell = labels.map(|l| l.chars().count() + 7).max().unwrap_or(0);
                cell.max(head.target.chars().count())
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
                    let mut row = vec![a.id.clone(), a.text.clone()];
                    row.extend(prediction_fields(self.model, Some(p), self.precision));
                    if self.explained {
                        let heads = self.model.heads.len();
                        let e = explanations.get(i);
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
                for (i, (a, p)) in articles.iter().zip(preds).enumerate() {
                    let value = article_json(self.model, a, p, explanations.get(i), self.precision);
                    let pretty = serde_json::to_string_pretty(&value).map_err(std::io::Error::from)?;
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
                for (i, (a, p)) in articles.iter().zip(preds).enumerate() {
                    let value = article_json(self.model, a, p, explanations.get(i), self.precision);
                    serde_json::to_writer(&mut self.out, &value).map_err(std::io::Error::from)?;
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
        let mut l = format!("{first:<TABLE_TEXT_WIDTH$}");
        for (c, w) in cells.iter().zip(&self.widths) {
            l.push_str(&format!("  {c:<w$}"));
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

fn article_json(
    model: &Model,
    a: &Article,
    p: &[Prediction],
    explanation: Option<&Explanation>,
    precision: Precision,
) -> Value {
    let number = |v: f64| json!(precision.json(v));
    let mut targets = Map::new();
    for (h, head) in model.heads.iter().enumerate() {
        let probs: Map<String, Value> = head
            .classes
            .iter()
            .zip(&p[h].probabilities)
            .map(|(c, v)| (c.clone(), number(*v)))
            .collect();
        let mut t =
            json!({ "label": p[h].label, "probability": number(p[h].probability), "probabilities": probs });
        if let Some(e) = p[h].expected_level {
            t["expected_level"] = number(e);
        }
        if let Some(terms) = explanation.and_then(|e| e.get(h)).filter(|t| !t.is_empty()) {
            t["explanation"] = terms
                .iter()
                .map(|(term, w)| json!({ "term": term, "weight": number(*w) }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed4_matches_the_float_formatter() {
        for v in [
            0.0, 1.0, 0.5, 0.12345, 0.99996, 0.00004, 0.00005, 0.3333333, 1e-12,
        ] {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v}");
        }
        assert_eq!(fixed4(2.5), "2.5000");
        for v in [12.34567, 999.25, 1000.0, 1000.5, -0.5, f64::NAN] {
            assert_eq!(fixed4(v), format!("{v:.4}"), "{v}");
        }
        for v in [0.0, 1.9995, 2.0004, 3.0, 0.1234, 47.125, 1000.0] {
            assert_eq!(fixed3(v), format!("{v:.3}"), "{v}");
        }
    }

    fn default_model() -> Model {
        let bytes = crate::default_model::DEFAULT_MODEL.expect("this build has a default model");
        crate::model_file::decode(std::path::Path::new("default"), bytes).expect("loads")
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
        let values: Vec<Value> = serde_json::from_str(&json).expect("valid JSON");
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

    #[test]
    fn excerpts_are_single_line_and_bounded() {
        assert_eq!(excerpt("a\n b", 10), "a b");
        assert_eq!(excerpt("abcdefghijkl", 8), "abcde...");
    }
}
