//! What can go wrong in `sitrep-trend`, each as a sentence with the values that caused it.

use std::path::PathBuf;

use thiserror::Error;

use crate::data::DataError;

#[derive(Debug, Error)]
pub enum TrendError {
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    /// A row that cannot be counted; `--skip-bad-rows` counts these instead of stopping.
    #[error("{path}:{line}: column {index} (`{column}`) {problem}{hint}")]
    BadRow {
        path: PathBuf,
        line: u64,
        index: usize,
        column: String,
        problem: String,
        /// ` (or --skip-bad-rows to count and skip such rows)` when the row could be skipped.
        hint: &'static str,
    },
    #[error("{path} has no rows to count{why}")]
    NoRows { path: PathBuf, why: String },
    #[error("invalid setting: {0}")]
    Params(String),
    /// A problem that is neither a bad row nor a bad setting, said in full.
    #[error("{0}")]
    Input(String),
    #[error("the model has no `{target}` target to take {what} from (its targets are: {available})")]
    ModelTarget {
        target: String,
        what: &'static str,
        available: String,
    },
    #[error("cannot draw the trend charts: {0}")]
    Plot(String),
    #[error("cannot write output: {0}")]
    Write(#[from] std::io::Error),
}

/// The hint added to a [`TrendError::BadRow`] when the row could have been skipped.
pub const SKIP_HINT: &str = " (or pass --skip-bad-rows to count and skip such rows)";
