//! Reading labeled CSV files.
//!
//! Columns are found by header name. Every problem is reported with the file, the line and
//! the column, and nothing is skipped silently: a row that cannot be used stops the read
//! with an error that says how to fix it.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub mod csv_guard;
pub mod filter;
pub mod names;
pub mod reader;
pub mod text;

pub use csv_guard::{QuoteCheck, RecordTooLong, TextAfterQuote, UnclosedQuote, MAX_RECORD_BYTES};
pub use filter::RowFilter;
use filter::{filter_hint, shown_values, FILTER_VALUES_SHOWN};
pub use names::{check_named_once, header_list, unique_names};
pub use reader::CsvReader;
pub use text::{align_left, align_right, clip, clip_middle, display_width, excerpt, push_text_field};

#[derive(Debug, Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is empty: expected a header line naming the columns")]
    Empty { path: PathBuf },
    #[error("{path} has a header but no data rows")]
    NoRows { path: PathBuf },
    #[error("the rows filter `{column}={value}` matched none of the {rows} data rows of {path}; {}", filter_hint(.column, .seen, *.more))]
    NoRowsMatch {
        path: PathBuf,
        column: String,
        value: String,
        rows: u64,
        /// The first distinct values of the filter's column, in the order met.
        seen: Vec<String>,
        /// Whether the column holds more values than `seen`.
        more: bool,
    },
    #[error("{path}: no column named `{column}` in the header (the columns are: {available})")]
    MissingColumn {
        path: PathBuf,
        column: String,
        available: String,
    },
    /// A text column named twice (`--text-column body --text-column body`).
    #[error(
        "--text-column `{0}` is given twice, so its text would be read twice; name each text column once"
    )]
    TextColumnTwice(String),
    /// A model's text columns, none of them in the header (no `--text-column` given).
    #[error(
        "{path}: no column named `{columns}` in the header (the columns are: {available}); \
         the model was trained on text in those columns, so name the one with the articles' \
         text with --text-column"
    )]
    NoTextColumn {
        path: PathBuf,
        columns: String,
        available: String,
    },
    #[error(
        "{path}:{line}: column `{column}` appears more than once in the header; column names must be unique"
    )]
    DuplicateColumn {
        path: PathBuf,
        line: u64,
        column: String,
    },
    #[error("{path}:{line}: expected {expected} fields like the header, found {found} (check quoting and commas on this line)")]
    Ragged {
        path: PathBuf,
        line: u64,
        expected: u64,
        found: u64,
    },
    #[error("{path} is UTF-16 text (it starts with a UTF-16 byte order mark), and sitrep reads UTF-8: save it as UTF-8 (in Excel: CSV UTF-8)")]
    Utf16 { path: PathBuf },
    #[error("{path}:{line}: column {index} (`{column}`) is not valid UTF-8 (at byte {byte} of the field); convert the file to UTF-8")]
    Utf8 {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
        byte: usize,
    },
    #[error("{path}:{line}: column {index} (`{column}`) is empty; every row needs {what}")]
    EmptyField {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
        what: &'static str,
    },
    #[error("{path}:{line}: {} opens a quoted field that is never closed; expected a closing `\"` before the end of the file", column_label(*.index, .column))]
    UnclosedQuote {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
    },
    #[error("{path}:{line}: {} has text after its closing quote; expected a comma or the end of the line after a closing `\"` (a quote inside a quoted field is written twice: `\"\"`)", column_label(*.index, .column))]
    TextAfterQuote {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
    },
    #[error("{path}:{line}: a row runs past {} MB without a line end; expected rows shorter than that (is this a CSV file?)", MAX_RECORD_BYTES >> 20)]
    RowTooLong { path: PathBuf, line: u64 },
    #[error("{path}:{line}: {} opens a quoted field that is still open after {} MB; expected a closing `\"`", column_label(*.index, .column), MAX_RECORD_BYTES >> 20)]
    QuoteTooLong {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
    },
    #[error("{path}:{line}: {message}")]
    Csv {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// `column 2 (`text`)`, or `column 2` when the name is not known (yet).
fn column_label(index: usize, name: &str) -> String {
    if name.is_empty() {
        format!("column {index}")
    } else {
        format!("column {index} (`{name}`)")
    }
}

/// What to do with bytes that are not UTF-8 in a field sitrep reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Utf8Mode {
    /// Stop with an error naming the file, line and column (the default).
    #[default]
    Strict,
    /// Replace each invalid sequence with U+FFFD (`--lossy`); the rows affected are counted
    /// so the caller can report them.
    Lossy,
}

/// Rows of text with their labels, one label list per target column.
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledData {
    pub texts: Vec<String>,
    /// `labels[t][i]` is row i's label for target t.
    pub labels: Vec<Vec<String>>,
    /// The line each row starts on, for messages about a row.
    pub lines: Vec<u64>,
    /// Lines of the rows whose invalid UTF-8 was replaced ([`Utf8Mode::Lossy`] only).
    pub replaced_lines: Vec<u64>,
}

/// Index of each wanted column, or an error listing the columns that exist.
pub fn find_columns(path: &Path, header: &[String], wanted: &[String]) -> Result<Vec<usize>, DataError> {
    wanted
        .iter()
        .map(|w| {
            header
                .iter()
                .position(|h| h == w)
                .ok_or_else(|| DataError::MissingColumn {
                    path: path.to_path_buf(),
                    column: w.clone(),
                    available: header_list(header),
                })
        })
        .collect()
}

/// One field as text: borrowed when it is valid UTF-8; otherwise an error naming where it
/// is, or (with [`Utf8Mode::Lossy`]) an owned copy with U+FFFD for each invalid sequence.
pub fn field_str<'a>(
    path: &Path,
    line: u64,
    header: &[String],
    record: &'a csv::ByteRecord,
    index: usize,
    utf8: Utf8Mode,
) -> Result<Cow<'a, str>, DataError> {
    let bytes = record.get(index).unwrap_or_default();
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if utf8 == Utf8Mode::Lossy => Ok(String::from_utf8_lossy(bytes)),
        Err(e) => Err(DataError::Utf8 {
            path: path.to_path_buf(),
            line,
            index: index + 1,
            column: header.get(index).cloned().unwrap_or_default(),
            byte: e.valid_up_to(),
        }),
    }
}

/// Joins the text columns of one record with newlines (e.g. title and body). The flag says
/// whether invalid UTF-8 was replaced ([`Utf8Mode::Lossy`] only).
pub fn record_text(
    path: &Path,
    line: u64,
    header: &[String],
    record: &csv::ByteRecord,
    text_columns: &[usize],
    utf8: Utf8Mode,
) -> Result<(String, bool), DataError> {
    let mut text = String::new();
    let replaced = append_record_text(path, line, header, record, text_columns, utf8, &mut text)?;
    Ok((text, replaced))
}

/// [`record_text`] appended to `text`, for callers that keep many texts in one buffer.
pub fn append_record_text(
    path: &Path,
    line: u64,
    header: &[String],
    record: &csv::ByteRecord,
    text_columns: &[usize],
    utf8: Utf8Mode,
    text: &mut String,
) -> Result<bool, DataError> {
    let start = text.len();
    let mut replaced = false;
    for &c in text_columns {
        let field = field_str(path, line, header, record, c, utf8)?;
        replaced |= matches!(field, Cow::Owned(_));
        push_text_field(text, start, &field);
    }
    Ok(replaced)
}

/// Reads a whole labeled CSV file. Every row must have non-empty text and labels.
pub fn read_labeled(
    path: &Path,
    text_columns: &[String],
    target_columns: &[String],
) -> Result<LabeledData, DataError> {
    read_labeled_where(path, text_columns, target_columns, None, Utf8Mode::Strict)
}

/// Like [`read_labeled`], keeping only the rows that pass `filter`.
pub fn read_labeled_where(
    path: &Path,
    text_columns: &[String],
    target_columns: &[String],
    filter: Option<&RowFilter>,
    utf8: Utf8Mode,
) -> Result<LabeledData, DataError> {
    read_labeled_grouped(path, text_columns, target_columns, 0, filter, utf8)
}

/// Like [`read_labeled_where`], from any reader; `path` only names the input in messages.
pub fn read_labeled_from(
    path: &Path,
    input: impl Read,
    text_columns: &[String],
    target_columns: &[String],
    filter: Option<&RowFilter>,
    utf8: Utf8Mode,
) -> Result<LabeledData, DataError> {
    read_rows(
        path,
        input,
        text_columns,
        target_columns,
        target_columns.len(),
        filter,
        utf8,
    )
}

/// The value a blank field of a grouping column (`--by`, `--group`) reads as: its rows are
/// one group of their own.
pub const BLANK_GROUP: &str = "(blank)";

/// Like [`read_labeled_where`], with grouping columns after the label columns: the last
/// `groups` of `columns` may be blank on a row, which reads as [`BLANK_GROUP`].
pub fn read_labeled_grouped(
    path: &Path,
    text_columns: &[String],
    columns: &[String],
    groups: usize,
    filter: Option<&RowFilter>,
    utf8: Utf8Mode,
) -> Result<LabeledData, DataError> {
    let file = std::fs::File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let labels = columns.len().saturating_sub(groups);
    read_rows(
        path,
        std::io::BufReader::new(file),
        text_columns,
        columns,
        labels,
        filter,
        utf8,
    )
}

/// [`read_labeled_from`], where only the first `labels` of `target_columns` need a value.
fn read_rows(
    path: &Path,
    input: impl Read,
    text_columns: &[String],
    target_columns: &[String],
    labels: usize,
    filter: Option<&RowFilter>,
    utf8: Utf8Mode,
) -> Result<LabeledData, DataError> {
    let mut reader = CsvReader::new(path, input)?;
    let header = reader.header().to_vec();
    let text_idx = find_columns(path, &header, text_columns)?;
    let target_idx = find_columns(path, &header, target_columns)?;
    let filter_idx = match filter {
        Some(f) => Some((
            find_columns(path, &header, std::slice::from_ref(&f.column))?[0],
            f.value.as_str(),
        )),
        None => None,
    };
    let mut data = LabeledData {
        texts: Vec::new(),
        labels: vec![Vec::new(); target_columns.len()],
        lines: Vec::new(),
        replaced_lines: Vec::new(),
    };
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    // the filter column's values, for the error when none matches
    let (mut seen, mut more) = (Vec::<String>::new(), false);
    while let Some(line) = reader.read_record(&mut record)? {
        rows += 1;
        let mut replaced = false;
        if let Some((c, value)) = filter_idx {
            let field = field_str(path, line, &header, &record, c, utf8)?;
            if field != value {
                // compared as read, so that the usual row (a value met before) allocates nothing
                if data.texts.is_empty() && !more && !seen.iter().any(|s| *s == *field) {
                    match seen.len() < FILTER_VALUES_SHOWN {
                        true => seen.push(field.into_owned()),
                        false => more = true,
                    }
                }
                continue;
            }
            replaced |= matches!(field, Cow::Owned(_));
        }
        let (text, text_replaced) = record_text(path, line, &header, &record, &text_idx, utf8)?;
        replaced |= text_replaced;
        if text.trim().is_empty() {
            let first = text_idx[0];
            return Err(DataError::EmptyField {
                path: path.to_path_buf(),
                line,
                index: first + 1,
                column: header[first].clone(),
                what: "text (a labeled row without it can be neither learned from nor scored)",
            });
        }
        for (t, &c) in target_idx.iter().enumerate() {
            let field = field_str(path, line, &header, &record, c, utf8)?;
            replaced |= matches!(field, Cow::Owned(_));
            let label = field.trim();
            if label.is_empty() && t >= labels {
                data.labels[t].push(BLANK_GROUP.to_string());
                continue;
            }
            if label.is_empty() {
                return Err(DataError::EmptyField {
                    path: path.to_path_buf(),
                    line,
                    index: c + 1,
                    column: header[c].clone(),
                    what: "a label",
                });
            }
            data.labels[t].push(label.to_string());
        }
        if replaced {
            data.replaced_lines.push(line);
        }
        data.texts.push(text);
        data.lines.push(line);
    }
    match filter {
        Some(f) if data.texts.is_empty() && rows > 0 => Err(DataError::NoRowsMatch {
            path: path.to_path_buf(),
            column: f.column.clone(),
            value: f.value.clone(),
            rows,
            seen: shown_values(&seen),
            more,
        }),
        _ if data.texts.is_empty() => Err(DataError::NoRows {
            path: path.to_path_buf(),
        }),
        _ => Ok(data),
    }
}

/// The warning for rows whose invalid UTF-8 was replaced under `--lossy`, if there were any.
/// `rows` rows, the first on `first_line`.
pub fn replaced_warning(path: &Path, rows: u64, first_line: Option<u64>) -> Option<String> {
    let first = first_line?;
    let noun = if rows == 1 { "row" } else { "rows" };
    Some(format!(
        "{}: replaced invalid UTF-8 with U+FFFD in {rows} {noun} (--lossy; the first on line {first})",
        path.display()
    ))
}

/// Fills in the column name of an error that the csv crate reported by index only.
pub fn with_column_name(err: DataError, header: &[String]) -> DataError {
    match err {
        DataError::UnclosedQuote {
            path,
            line,
            index,
            column,
        } if column.is_empty() => DataError::UnclosedQuote {
            path,
            line,
            index,
            column: header.get(index.wrapping_sub(1)).cloned().unwrap_or_default(),
        },
        DataError::TextAfterQuote {
            path,
            line,
            index,
            column,
        } if column.is_empty() => DataError::TextAfterQuote {
            path,
            line,
            index,
            column: header.get(index.wrapping_sub(1)).cloned().unwrap_or_default(),
        },
        DataError::QuoteTooLong {
            path,
            line,
            index,
            column,
        } if column.is_empty() => DataError::QuoteTooLong {
            path,
            line,
            index,
            column: header.get(index.wrapping_sub(1)).cloned().unwrap_or_default(),
        },
        DataError::Utf8 {
            path,
            line,
            index,
            column,
            byte,
        } if column.is_empty() => DataError::Utf8 {
            path,
            line,
            index,
            column: header.get(index.wrapping_sub(1)).cloned().unwrap_or_default(),
            byte,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests;
