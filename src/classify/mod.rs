//! The `classify` verb: articles in, labels out. [`sources`] reads articles (a text, a file,
//! a folder, CSV or lines on stdin) in bounded batches, [`folder`] lists a folder's; [`output`] writes predictions as a
//! table, CSV, JSON or JSON lines (each article's JSON object made by `json`); [`csv`] streams a CSV file to CSV keeping every input
//! column, both reading CSV rows through [`csv_rows`]; [`abstain`] withholds labels the model is not sure of. Nothing here imports the
//! `train` or `evaluate` verbs.

pub mod abstain;
pub mod article;
pub mod csv;
pub mod csv_rows;
pub mod decimals;
pub mod folder;
mod json;
pub mod output;
pub mod sources;

pub use abstain::{
    abstain, parse_probability, predict_batch, Abstention, DEFAULT_MIN_COVERAGE, DEFAULT_MIN_SCOPE,
    OUT_OF_REACH, UNCERTAIN,
};
pub use article::{Article, ClassifyError};
pub use csv::{classify_csv, Counts, CsvOptions, BATCH, BATCH_BYTES};
pub use csv_rows::CsvColumns;
