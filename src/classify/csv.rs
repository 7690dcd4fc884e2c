//! Classifying a CSV stream to CSV: the hot path of `sitrep-classify --input feed.csv`.
//!
//! A CSV file classified to CSV goes through [`classify_csv`], which copies every input
//! column to the output unchanged, in order, appends the predictions, and reads, predicts
//! and writes in bounded batches on two threads, so memory stays flat however long the
//! input is.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc;

use super::abstain::{abstain, Abstention, OUT_OF_REACH};
use super::article::ClassifyError;
use super::csv_rows::{CsvColumns, CsvRows, RowRead};
use super::output::{
    appended_columns, explanation_field, for_each_prediction_field, prediction_columns, Explanation,
    Precision,
};
use crate::data::Utf8Mode;
use crate::model::{Model, Prediction};

/// Rows per batch when streaming CSV: enough to keep both cores busy, small enough that
/// memory does not depend on the input size.
pub const BATCH: usize = 4096;

/// A batch also ends once its texts pass this many bytes, so that long articles do not
/// make batches (and memory) large.
pub const BATCH_BYTES: usize = 4 << 20;

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
    /// Rows whose labels were withheld as out of the model's reach.
    pub out_of_reach: u64,
}

/// Out-of-reach rows are reported on stderr one by one up to this many, then counted:
/// a feed in another language would otherwise bury the terminal.
pub const OUT_OF_REACH_WARNINGS: u64 = 20;

/// How [`classify_csv`] reads and labels rows.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CsvOptions {
    /// When labels are withheld as [`UNCERTAIN`](super::UNCERTAIN).
    pub abstention: Abstention,
    /// Invalid UTF-8 in the text columns: an error, or replaced (`--lossy`).
    pub utf8: Utf8Mode,
    /// With `Some(n)`, a column per target lists the n terms that pushed its prediction.
    pub explain: Option<usize>,
    /// Digits of the probabilities and expected levels.
    pub precision: Precision,
}

/// Strings kept back to back in one buffer. Batches of rows are stored this way, so that a
/// batch costs a few allocations however many rows it holds: on short articles, a buffer
/// per row and field cost more than classifying them.
#[derive(Default)]
struct Packed {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Packed {
    fn push(&mut self, s: &[u8]) {
        self.bytes.extend_from_slice(s);
        self.ends.push(self.bytes.len());
    }

    fn clear(&mut self) {
        self.bytes.clear();
        self.ends.clear();
    }

    /// Strings `from..to`.
    fn range(&self, from: usize, to: usize) -> impl Iterator<Item = &[u8]> {
        (from..to).map(move |i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.bytes[start..self.ends[i]]
        })
    }
}

/// The texts of a batch, back to back, where each ends, and whether each has any text (a
/// row without is kept but gets no predictions).
#[derive(Default)]
struct Texts {
    text: String,
    ends: Vec<usize>,
    usable: Vec<bool>,
    /// The line each row starts on.
    lines: Vec<u64>,
}

/// One text of a [`Texts`], as handed to the model.
struct TextRow<'a> {
    text: &'a str,
    usable: bool,
}

impl AsRef<str> for TextRow<'_> {
    fn as_ref(&self) -> &str {
        self.text
    }
}

impl Texts {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.usable.clear();
        self.lines.clear();
    }

    fn rows(&self) -> Vec<TextRow<'_>> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .zip(&self.usable)
            .map(|((a, &b), &usable)| TextRow {
                text: &self.text[a..b],
                usable,
            })
            .collect()
    }
}

/// Streams a CSV file (or stdin with path `-`) through the model, writing CSV with the
/// prediction columns appended. Rows with empty text are kept, without predictions, and
/// reported through `warn`. Fields other than the text columns are copied byte for byte,
/// whatever their encoding (the id column among them: it is only checked to be there).
pub fn classify_csv(
    model: &Model,
    path: &Path,
    input: impl std::io::Read,
    columns: CsvColumns,
    options: CsvOptions,
    out: impl Write,
    mut warn: impl FnMut(&str),
) -> Result<Counts, ClassifyError> {
    let CsvOptions {
        abstention,
        utf8,
        explain,
        precision,
    } = options;
    // the reader warns about empty rows, the writer about rows out of reach
    let warn = std::cell::RefCell::new(&mut warn);
    let warn = |message: &str| (warn.borrow_mut())(message);
    let mut rows = CsvRows::new(model, path, input, columns, utf8)?;
    // all of them are empty when a row has no text: `column `title` is`, `columns ... are`
    let named = rows.text_columns_named();
    let verb = if named.starts_with("columns") { "are" } else { "is" };
    let empty_text = format!("{named} {verb}");
    let rows_path = rows.path().to_path_buf();
    let mut writer = csv::WriterBuilder::new().from_writer(out);
    let width = rows.header().len();
    let mut out_header: Vec<String> = rows.header().to_vec();
    out_header.extend(appended_columns(model, rows.header(), explain.is_some()));
    writer.write_record(&out_header)?;
    let mut counts = Counts::default();
    let analyzers = model.vectorizer.analyzers();
    let mut record = csv::ByteRecord::new();
    // An input that goes bad part way: the rows read before the problem are a batch of
    // their own, classified and written like any other, and the error comes with the next
    // read, so that CSV output keeps them as the other formats do.
    let mut failed: Option<ClassifyError> = None;
    // the input fields of a batch's rows, and the texts the model reads, in the buffers of
    // an earlier batch (see `spare` below)
    let mut read_batch = |counts: &mut Counts, (mut fields, mut texts): (Packed, Texts)| {
        fields.clear();
        texts.clear();
        if let Some(e) = failed.take() {
            return Err(e);
        }
        while texts.len() < BATCH && texts.text.len() + fields.bytes.len() < BATCH_BYTES {
            let start = texts.text.len();
            let row = match rows.read_row(&mut record, &mut texts.text) {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(e) if texts.len() == 0 => return Err(e),
                Err(e) => {
                    // a row's text may be half appended when its UTF-8 went bad
                    texts.text.truncate(start);
                    failed = Some(e);
                    break;
                }
            };
            let RowRead { line, replaced } = row;
            texts.ends.push(texts.text.len());
            texts.lines.push(line);
            if replaced {
                counts.replaced += 1;
                counts.first_replaced_line.get_or_insert(line);
            }
            let usable = !texts.text[start..].trim().is_empty();
            texts.usable.push(usable);
            if !usable {
                warn(&format!(
                    "{}:{line}: {} empty; row kept without predictions",
                    rows.path().display(),
                    empty_text
                ));
                counts.problems += 1;
            }
            record.iter().for_each(|field| fields.push(field));
        }
        Ok::<_, ClassifyError>((fields, texts))
    };
    // The appended fields of each row, formatted by the thread that predicted it: per chunk
    // of rows, `appended` fields a row.
    let appended = out_header.len() - width;
    let format_chunk = |rows: &[TextRow], mut preds: Vec<Vec<Prediction>>, explanations: Vec<Explanation>| {
        abstain(&mut preds, rows, abstention);
        let mut out = Packed::default();
        for (i, (row, p)) in rows.iter().zip(&preds).enumerate() {
            let usable = row.usable;
            let Ok(()) =
                for_each_prediction_field(model, usable.then_some(p.as_slice()), precision, |field| {
                    out.push(field.as_bytes());
                    Ok::<(), std::convert::Infallible>(())
                });
            if explain.is_some() {
                for h in 0..model.heads.len() {
                    let terms = explanations.get(i).and_then(|e| e.get(h)).filter(|_| usable);
                    out.push(terms.map_or(String::new(), |t| explanation_field(t)).as_bytes());
                }
            }
        }
        out
    };
    // the `uncertain_reason` field among a row's appended fields
    let reason_at = prediction_columns(model).len() - 1;
    let write_batch = |writer: &mut csv::Writer<_>,
                       fields: &Packed,
                       texts: &Texts,
                       parts: &[Packed],
                       counts: &mut Counts| {
        let mut row = 0;
        for part in parts {
            for r in 0..part.ends.len() / appended.max(1) {
                // field by field: the input bytes are copied as they are, nothing is re-encoded
                for field in fields.range(row * width, (row + 1) * width) {
                    writer.write_field(field)?;
                }
                for (k, field) in part.range(r * appended, (r + 1) * appended).enumerate() {
                    writer.write_field(field)?;
                    if k == reason_at && field.starts_with(OUT_OF_REACH.as_bytes()) {
                        counts.out_of_reach += 1;
                        if counts.out_of_reach <= OUT_OF_REACH_WARNINGS {
                            let line = texts.lines.get(row).copied().unwrap_or_default();
                            let reason = String::from_utf8_lossy(field);
                            warn(&format!(
                                "{}:{line}: labeled uncertain, {reason}",
                                rows_path.display()
                            ));
                        }
                    }
                }
                writer.write_record(None::<&[u8]>)?;
                counts.rows += 1;
                row += 1;
            }
        }
        Ok::<(), ClassifyError>(())
    };
    // Pipelined: one thread (with the rayon pool) predicts a batch while this one writes the
    // previous batch and reads the next. The predicting thread lives as long as the stream,
    // so batches do not each start a thread (and a fresh allocator heap).
    std::thread::scope(|scope| {
        let (to_predict, inbox) = mpsc::sync_channel::<Texts>(1);
        let (to_main, predicted) = mpsc::sync_channel::<(Texts, Vec<Packed>)>(1);
        let (analyzers, format_chunk) = (&analyzers, &format_chunk);
        scope.spawn(move || {
            for texts in inbox {
                let parts = model.predict_chunks(&texts.rows(), analyzers, explain, format_chunk);
                if to_main.send((texts, parts)).is_err() {
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
        // Batch buffers are refilled rather than reallocated: fresh buffers for every batch
        // let the allocator's heaps creep up over a long stream, so memory would grow with
        // the input. Two sets circulate (one being read, one predicted or written).
        let mut spare: Option<(Packed, Texts)> = None;
        let mut batch = read_batch(&mut counts, Default::default())?;
        let mut previous: Option<(Packed, Texts, Vec<Packed>)> = None;
        while batch.1.len() > 0 {
            let (fields, texts) = batch;
            to_predict
                .send(texts)
                .expect("the predicting thread takes every batch");
            let written = match previous.take() {
                Some((fields, texts, parts)) => {
                    let written = write_batch(&mut writer, &fields, &texts, &parts, &mut counts);
                    spare = Some((fields, texts));
                    written
                }
                None => Ok(()),
            };
            let next = written.and_then(|()| read_batch(&mut counts, spare.take().unwrap_or_default()));
            let (texts, parts) = receive();
            match next {
                Ok(next) => {
                    previous = Some((fields, texts, parts));
                    batch = next;
                }
                Err(e) => {
                    // the batch already predicted is written before the error is reported
                    write_batch(&mut writer, &fields, &texts, &parts, &mut counts)?;
                    writer.flush()?;
                    return Err(e);
                }
            }
        }
        if let Some((fields, texts, parts)) = previous.take() {
            write_batch(&mut writer, &fields, &texts, &parts, &mut counts)?;
        }
        writer.flush()?;
        Ok(counts)
    })
}
