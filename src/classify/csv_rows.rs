//! The rows of a CSV input as sitrep-classify reads them: each row's text (its text columns
//! joined), the line it starts on and, with `--id-column`, its id. Shared by the article
//! sources (every output format) and the CSV-to-CSV stream.

use std::io::Read;
use std::path::Path;

use super::article::{Article, ClassifyError};
use crate::data::{self, Utf8Mode};
use crate::model::{resolve_text_columns, Model};
use crate::wording::and_list;

/// The columns of CSV input that sitrep-classify reads: the text columns (`--text-column`;
/// none given means the model's training columns that the file has) and the column that
/// gives each article's id (`--id-column`; without it the id is `line N`).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvColumns<'a> {
    pub text: &'a [String],
    pub id: Option<&'a str>,
}

/// The rows of a CSV input, each with the text the model reads (its text columns joined):
/// the reading shared by [`ArticleSource`](super::sources::ArticleSource) and
/// [`classify_csv`](crate::classify::classify_csv).
pub struct CsvRows<R> {
    reader: data::CsvReader<R>,
    text_idx: Vec<usize>,
    id_idx: Option<usize>,
    utf8: Utf8Mode,
}

/// Where a row read by [`CsvRows::read_row`] starts, and whether invalid UTF-8 in its text
/// was replaced ([`Utf8Mode::Lossy`] only).
pub struct RowRead {
    pub line: u64,
    pub replaced: bool,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header and finds the columns: the user's text columns, or else the model's
    /// training columns that the file has, and the id column if one is named (an error
    /// listing the columns there are when it is not in the header). `path` names the input
    /// in messages.
    pub fn new(
        model: &Model,
        path: &Path,
        input: R,
        columns: CsvColumns,
        utf8: Utf8Mode,
    ) -> Result<Self, ClassifyError> {
        let reader = data::CsvReader::new(path, input)?;
        let header = reader.header();
        let text_columns = resolve_text_columns(path, header, columns.text, model)?;
        let text_idx = data::find_columns(path, header, &text_columns)?;
        let id_idx = match columns.id {
            Some(id) => Some(data::find_columns(path, header, &[id.to_string()])?[0]),
            None => None,
        };
        Ok(CsvRows {
            reader,
            text_idx,
            id_idx,
            utf8,
        })
    }

    pub fn header(&self) -> &[String] {
        self.reader.header()
    }

    pub fn path(&self) -> &Path {
        self.reader.path()
    }

    /// The text columns, for messages about a row's text: column `title`, or columns
    /// `title` and `text`.
    pub fn text_columns_named(&self) -> String {
        let names: Vec<String> = self
            .text_idx
            .iter()
            .map(|&i| format!("`{}`", self.header()[i]))
            .collect();
        let noun = if names.len() == 1 { "column" } else { "columns" };
        format!("{noun} {}", and_list(&names))
    }

    /// Reads the next row into `record` and appends its text to `text`; `None` at the end.
    pub fn read_row(
        &mut self,
        record: &mut csv::ByteRecord,
        text: &mut String,
    ) -> Result<Option<RowRead>, ClassifyError> {
        let Some(line) = self.reader.read_record(record)? else {
            return Ok(None);
        };
        let replaced = data::append_record_text(
            self.reader.path(),
            line,
            self.reader.header(),
            record,
            &self.text_idx,
            self.utf8,
            text,
        )?;
        Ok(Some(RowRead { line, replaced }))
    }

    /// Adds up to `max` more rows to `articles` as articles, fewer once their texts pass
    /// `max_bytes`. An article's id is `line N`; with an id column, its value there is the
    /// id the output gives, as written.
    pub(super) fn fill(
        &mut self,
        articles: &mut Vec<Article>,
        max: usize,
        max_bytes: usize,
    ) -> Result<(), ClassifyError> {
        let mut record = csv::ByteRecord::new();
        let mut bytes = 0;
        while articles.len() < max && bytes < max_bytes {
            let mut text = String::new();
            let Some(RowRead { line, mut replaced }) = self.read_row(&mut record, &mut text)? else {
                break;
            };
            let column_id = match self.id_idx {
                Some(at) => {
                    let path = self.reader.path();
                    let id = data::field_str(path, line, self.header(), &record, at, self.utf8)?;
                    replaced |= std::str::from_utf8(record.get(at).unwrap_or_default()).is_err();
                    Some(id.into_owned())
                }
                None => None,
            };
            bytes += text.len();
            articles.push(Article {
                id: format!("line {line}"),
                text,
                replaced,
                column_id,
            });
        }
        Ok(())
    }
}
