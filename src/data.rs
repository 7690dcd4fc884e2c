//! Reading labeled CSV files.
//!
//! Columns are found by header name. Every problem is reported with the file, the line and
//! the column, and nothing is skipped silently: a row that cannot be used stops the read
//! with an error that says how to fix it.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub use crate::csv_guard::{QuoteCheck, RecordTooLong, UnclosedQuote, MAX_RECORD_BYTES};

#[derive(Debug, Error)]
pub enum DataError {
    #[error("cannot read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} is empty: expected a header line naming the columns")]
    Empty { path: PathBuf },
    #[error("{path} has a header but no data rows")]
    NoRows { path: PathBuf },
    #[error("{path}: no column named `{column}` in the header (the columns are: {available})")]
    MissingColumn {
        path: PathBuf,
        column: String,
        available: String,
    },
    #[error("{path}:1: column `{column}` appears more than once in the header; column names must be unique")]
    DuplicateColumn { path: PathBuf, column: String },
    #[error("{path}:{line}: expected {expected} fields like the header, found {found} (check quoting and commas on this line)")]
    Ragged {
        path: PathBuf,
        line: u64,
        expected: u64,
        found: u64,
    },
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

/// Opens a CSV reader with the settings every sitrep tool uses. The input is watched for a
/// quoted field left open at the end of the file, which the csv crate would accept silently
/// (swallowing every later line into one field); see [`QuoteCheck`].
pub fn csv_reader<R: Read>(input: R) -> csv::Reader<QuoteCheck<R>> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(QuoteCheck::new(input))
}

/// Maps a csv error to a message with file and line.
pub fn csv_error(path: &Path, err: csv::Error) -> DataError {
    let line = err.position().map_or(0, |p| p.line());
    match err.into_kind() {
        csv::ErrorKind::Io(source) => {
            let inner = source.get_ref();
            if let Some(open) = inner.and_then(|e| e.downcast_ref::<UnclosedQuote>()) {
                return DataError::UnclosedQuote {
                    path: path.to_path_buf(),
                    line: open.line,
                    index: open.field,
                    column: String::new(),
                };
            }
            match inner.and_then(|e| e.downcast_ref::<RecordTooLong>()) {
                Some(RecordTooLong {
                    open_quote: Some(open),
                    ..
                }) => DataError::QuoteTooLong {
                    path: path.to_path_buf(),
                    line: open.line,
                    index: open.field,
                    column: String::new(),
                },
                Some(RecordTooLong { line, .. }) => DataError::RowTooLong {
                    path: path.to_path_buf(),
                    line: *line,
                },
                None => DataError::Io {
                    path: path.to_path_buf(),
                    source,
                },
            }
        }
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => DataError::Ragged {
            path: path.to_path_buf(),
            line: pos.map_or(line, |p| p.line()),
            expected: expected_len,
            found: len,
        },
        csv::ErrorKind::Utf8 { pos, err } => DataError::Utf8 {
            path: path.to_path_buf(),
            line: pos.map_or(line, |p| p.line()),
            index: err.field() + 1,
            column: String::new(),
            byte: err.valid_up_to(),
        },
        other => DataError::Csv {
            path: path.to_path_buf(),
            line,
            message: format!("{other:?}"),
        },
    }
}

/// The header as strings, checked for duplicates.
pub fn read_header<R: std::io::Read>(
    path: &Path,
    reader: &mut csv::Reader<R>,
) -> Result<Vec<String>, DataError> {
    let header = reader.byte_headers().map_err(|e| csv_error(path, e))?.clone();
    if header.is_empty() || (header.len() == 1 && header[0].is_empty()) {
        return Err(DataError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut names = Vec::with_capacity(header.len());
    for (i, field) in header.iter().enumerate() {
        let name = std::str::from_utf8(field).map_err(|e| DataError::Utf8 {
            path: path.to_path_buf(),
            line: 1,
            index: i + 1,
            column: String::from_utf8_lossy(field).into_owned(),
            byte: e.valid_up_to(),
        })?;
        let name = name.trim().to_string();
        if names.contains(&name) {
            return Err(DataError::DuplicateColumn {
                path: path.to_path_buf(),
                column: name,
            });
        }
        names.push(name);
    }
    Ok(names)
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
                    available: header
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
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

/// Appends one text column's field to a row's text, which starts at byte `start` of `text`:
/// the fields of a row are joined with newlines (title, then body), and blank fields are
/// left out, so that a row without a title reads as its body alone. Every reader of text
/// columns (CSV files here, data frames in the Python package) joins them this way.
pub fn push_text_field(text: &mut String, start: usize, field: &str) {
    if !field.trim().is_empty() {
        if text.len() > start {
            text.push('\n');
        }
        text.push_str(field);
    }
}

/// Keep only rows whose `column` equals `value` (e.g. `split=train`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowFilter {
    pub column: String,
    pub value: String,
}

impl std::str::FromStr for RowFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('=') {
            Some((c, v)) if !c.trim().is_empty() => Ok(RowFilter {
                column: c.trim().to_string(),
                value: v.to_string(),
            }),
            _ => Err(format!("`{s}` is not a filter like `split=train`")),
        }
    }
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
    let file = std::fs::File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_labeled_from(
        path,
        std::io::BufReader::new(file),
        text_columns,
        target_columns,
        filter,
        utf8,
    )
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
    let mut reader = csv_reader(input);
    let header = read_header(path, &mut reader)?;
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
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(with_column_name(csv_error(path, e), &header)),
        }
        let line = record.position().map_or(0, |p| p.line());
        let mut replaced = false;
        if let Some((c, value)) = filter_idx {
            let field = field_str(path, line, &header, &record, c, utf8)?;
            if field != value {
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
                what: "text to learn from",
            });
        }
        for (t, &c) in target_idx.iter().enumerate() {
            let field = field_str(path, line, &header, &record, c, utf8)?;
            replaced |= matches!(field, Cow::Owned(_));
            let label = field.trim();
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
    if data.texts.is_empty() {
        return Err(DataError::NoRows {
            path: path.to_path_buf(),
        });
    }
    Ok(data)
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
mod tests {
    use super::*;

    fn write(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sitrep-data-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    }

    fn read(name: &str, bytes: &[u8]) -> Result<LabeledData, DataError> {
        read_labeled(
            &write(name, bytes),
            &["title".into(), "text".into()],
            &["topic".into()],
        )
    }

    #[test]
    fn reads_quoted_fields_and_joins_text_columns() {
        let d = read("ok.csv", b"title,text,topic\nHead,\"Body, with \"\"quotes\"\"\nand a newline\",offensive\n,Only body,diplomacy\n").expect("reads");
        assert_eq!(d.texts[0], "Head\nBody, with \"quotes\"\nand a newline");
        assert_eq!(d.texts[1], "Only body");
        assert_eq!(d.labels[0], ["offensive", "diplomacy"]);
        assert_eq!(d.lines, [2, 4]);
    }

    #[test]
    fn problems_name_file_line_and_column() {
        let e = read("ragged.csv", b"title,text,topic\na,b,c\na,b\n")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("ragged.csv:3: expected 3 fields like the header, found 2 (check quoting and commas on this line)"), "{e}");
        let e = read("missing.csv", b"title,body,topic\na,b,c\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no column named `text` in the header (the columns are: `title`, `body`, `topic`)"),
            "{e}"
        );
        let e = read("utf8.csv", b"title,text,topic\na,b\xff\xfe,c\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("utf8.csv:2: column 2 (`text`) is not valid UTF-8 (at byte 1 of the field)"),
            "{e}"
        );
        let e = read("emptytext.csv", b"title,text,topic\n, ,c\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("emptytext.csv:2: column 1 (`title`) is empty; every row needs text to learn from"),
            "{e}"
        );
        let e = read("emptylabel.csv", b"title,text,topic\na,b,\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("emptylabel.csv:2: column 3 (`topic`) is empty; every row needs a label"),
            "{e}"
        );
        let e = read("empty.csv", b"").unwrap_err().to_string();
        assert!(e.contains("is empty: expected a header line"), "{e}");
        let e = read("header.csv", b"title,text,topic\n").unwrap_err().to_string();
        assert!(e.contains("has a header but no data rows"), "{e}");
        let e = read_labeled_where(
            &write("f.csv", b"title,text,topic\na,b,c\n"),
            &["text".into()],
            &["topic".into()],
            Some(&"split=x".parse().expect("filter")),
            Utf8Mode::Strict,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("no column named `split`"), "{e}");
        let e = read("dup.csv", b"title,text,text,topic\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("column `text` appears more than once"), "{e}");
    }

    #[test]
    fn filters_keep_matching_rows_only() {
        let p = write("split.csv", b"text,topic,split\na,x,train\nb,y,test\nc,z,train\n");
        let d = read_labeled_where(
            &p,
            &["text".into()],
            &["topic".into()],
            Some(&"split=train".parse().expect("filter")),
            Utf8Mode::Strict,
        )
        .expect("reads");
        assert_eq!(d.texts, ["a", "c"]);
        assert_eq!(d.lines, [2, 4]);
        assert!("nofilter".parse::<RowFilter>().is_err());
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opened() {
        let e = read(
            "open.csv",
            b"title,text,topic\na,\"b \"\"q\"\" \nstill b\",c\nd,\"e,f\ng,h\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.ends_with("open.csv:4: column 2 (`text`) opens a quoted field that is never closed; expected a closing `\"` before the end of the file"),
            "{e}"
        );
        // a quote in the middle of an unquoted field is literal; a closed one at the very end is fine
        let d = read("literal.csv", b"title,text,topic\na,5\" gun,\"x\"").expect("reads");
        assert_eq!(d.texts, ["a\n5\" gun"]);
        assert_eq!(d.labels[0], ["x"]);
        let e = read("bom.csv", b"\xef\xbb\xbf\"title,text,topic\n")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("bom.csv:1: column 1 opens a quoted field that is never closed; expected a closing `\"` before the end of the file"), "{e}");
        let e = read("header.csv", b"title,\"text,topic\n")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("header.csv:1: column 2 opens a quoted field that is never closed; expected a closing `\"` before the end of the file"), "{e}");
    }

    #[test]
    fn lossy_mode_replaces_and_records_the_lines() {
        let d = read_labeled_where(
            &write("lossy.csv", b"text,topic\nok,a\nCaf\xe9,b\nx,\xff\n"),
            &["text".into()],
            &["topic".into()],
            None,
            Utf8Mode::Lossy,
        )
        .expect("reads");
        assert_eq!(d.texts, ["ok", "Caf\u{fffd}", "x"]);
        assert_eq!(d.labels[0], ["a", "b", "\u{fffd}"]);
        assert_eq!(d.replaced_lines, [3, 4]);
        assert_eq!(
            replaced_warning(Path::new("f.csv"), 2, Some(3)).as_deref(),
            Some("f.csv: replaced invalid UTF-8 with U+FFFD in 2 rows (--lossy; the first on line 3)")
        );
        assert_eq!(replaced_warning(Path::new("f.csv"), 0, None), None);
    }

    #[test]
    fn text_fields_join_with_newlines_and_skip_blank_ones() {
        let mut text = String::from("earlier row");
        let start = text.len();
        for field in ["", "Title", "  ", "Body\nwith lines"] {
            push_text_field(&mut text, start, field);
        }
        assert_eq!(&text[start..], "Title\nBody\nwith lines");
        let mut blank = String::new();
        push_text_field(&mut blank, 0, " \t");
        assert_eq!(blank, "");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let d = read("bom.csv", b"\xef\xbb\xbftitle,text,topic\r\nA,B,x\r\n").expect("reads");
        assert_eq!(d.texts, ["A\nB"]);
        assert_eq!(d.labels[0], ["x"]);
    }
}
