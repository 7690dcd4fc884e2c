//! What classification works on, and how it fails: shared by the article sources, the
//! output formats and the CSV stream, so none of them needs another.

use std::path::PathBuf;

use thiserror::Error;

use crate::data::DataError;

#[derive(Debug, Error)]
pub enum ClassifyError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{place}: more than {} MB in one article; expected articles shorter than that", .limit >> 20)]
    TooLong { place: String, limit: u64 },
    /// `skipped` says what the folder holds instead (`; skipped 2 subfolders ...`), if anything.
    #[error("{path} holds no .txt files to classify{skipped}")]
    EmptyFolder { path: PathBuf, skipped: String },
    #[error("cannot read {path}: it links to {target}, which cannot be opened ({source}); restore its target or remove the link")]
    BrokenLink {
        path: PathBuf,
        target: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "cannot read {path}: it is not a regular file (a device, socket or pipe); expected a file of text"
    )]
    NotAFile { path: PathBuf },
    #[error("{path}: --input reads a .csv file (one article a row), a .txt file (one article), a folder of .txt files or - (CSV on stdin), and this file's name ends in neither .csv nor .txt; rename it to say which it is, or give it on stdin (`< FILE`: one article a line, with --whole all of it as one)")]
    UnknownFileKind { path: PathBuf },
    #[error("{path}: --input reads a .csv file, a .txt file or a folder by its name, and this is a pipe or device whose name ends in neither .csv nor .txt (as `<(command)` gives); give it on standard input instead: `--input -` reads CSV, and without --input each line is one article (with --whole all of it is one)")]
    UnnamedStream { path: PathBuf },
    /// Invalid UTF-8 in an article read as text: `byte` counts from the start of `what`.
    #[error("{place}: the text is not valid UTF-8 (at byte {byte} of the {what}); convert it to UTF-8, or give --lossy to replace what is not")]
    TextUtf8 {
        place: String,
        byte: usize,
        what: &'static str,
    },
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
    #[error("cannot write CSV output: {0}")]
    Csv(#[from] csv::Error),
}

/// One article to classify, with an id (file name, `line N`, or `arg N`).
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Names the article in messages, and in the output unless `column_id` is set.
    pub id: String,
    pub text: String,
    /// Invalid UTF-8 in the input was replaced with U+FFFD ([`Utf8Mode::Lossy`](crate::data::Utf8Mode::Lossy) only).
    pub replaced: bool,
    /// The row's value in the `--id-column` of CSV input, which the output gives as the
    /// article's id (messages still name the row by its line, `id`).
    pub column_id: Option<String>,
}

impl Article {
    /// An article given as text (e.g. on the command line).
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Article {
        Article {
            id: id.into(),
            text: text.into(),
            replaced: false,
            column_id: None,
        }
    }

    /// The id the output gives: the `--id-column` value, else `id`.
    pub fn output_id(&self) -> &str {
        self.column_id.as_deref().unwrap_or(&self.id)
    }

    /// No text to classify (nothing but white space). CSV output keeps such an article's
    /// row without predictions, as for an empty CSV row; the other formats label it
    /// `uncertain` (out of reach: no words to read).
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}
