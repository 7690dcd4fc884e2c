//! What reading found besides the counts: rows skipped by reason, `uncertain` rows, rows
//! filtered out, rows with replaced UTF-8.

use std::collections::BTreeMap;
use std::path::Path;

use crate::data::replaced_warning;

/// Why a row was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    BadDate,
    EmptyPlace,
    /// With several `--by` columns, a value holding the ` / ` that joins them.
    BadPlace,
    BadLevel,
    BadProbability,
    EmptyText,
}

impl Skip {
    fn name(self) -> &'static str {
        match self {
            Skip::BadDate => "a bad date",
            Skip::EmptyPlace => "an empty place",
            Skip::BadPlace => "a place holding ` / `",
            Skip::BadLevel => "a bad escalation level",
            Skip::BadProbability => "a bad probability",
            Skip::EmptyText => "no text to classify",
        }
    }

    /// The reason as a key, for the Python package's summary: `bad_date`, `empty_place`,
    /// `bad_place`, `bad_level`, `bad_probability`, `empty_text`.
    pub fn key(self) -> &'static str {
        match self {
            Skip::BadDate => "bad_date",
            Skip::EmptyPlace => "empty_place",
            Skip::BadPlace => "bad_place",
            Skip::BadLevel => "bad_level",
            Skip::BadProbability => "bad_probability",
            Skip::EmptyText => "empty_text",
        }
    }
}

/// What reading found, besides the counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadSummary {
    /// Data rows read.
    pub rows: u64,
    /// Rows counted in the series.
    pub counted: u64,
    /// Rows labeled `uncertain`, left out; and the first one's line.
    pub uncertain: (u64, u64),
    /// Rows of other topics (`--topic`) or outside `--since`/`--until`, left out.
    pub filtered: u64,
    /// Bad rows skipped (`--skip-bad-rows`), by reason: (count, first line).
    pub skipped: BTreeMap<Skip, (u64, u64)>,
    /// Rows whose invalid UTF-8 was replaced (`--lossy`), and the first one's line.
    pub replaced: (u64, u64),
}

impl ReadSummary {
    pub fn skipped_rows(&self) -> u64 {
        self.skipped.values().map(|(n, _)| n).sum()
    }

    /// One sentence on the rows skipped, if any: `skipped 3 rows: 2 with a bad date (the
    /// first on line 4), 1 with an empty place (line 9)`.
    pub fn skipped_message(&self, path: &Path) -> Option<String> {
        let total = self.skipped_rows();
        if total == 0 {
            return None;
        }
        let parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(why, (n, line))| {
                let at = if *n == 1 {
                    format!("line {line}")
                } else {
                    format!("the first on line {line}")
                };
                format!("{n} with {} ({at})", why.name())
            })
            .collect();
        let noun = if total == 1 { "row" } else { "rows" };
        Some(format!(
            "{}: skipped {total} {noun} (--skip-bad-rows): {}",
            path.display(),
            parts.join(", ")
        ))
    }

    /// What `sitrep-trend` warns about once every row of `path` is read, in its order: the
    /// rows skipped, the rows labeled `uncertain`, the rows whose invalid UTF-8 was replaced.
    pub fn warnings(&self, path: &Path) -> Vec<String> {
        let (replaced, first) = self.replaced;
        [
            self.skipped_message(path),
            self.uncertain_message(path),
            replaced_warning(path, replaced, Some(first).filter(|_| replaced > 0)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// One sentence on the `uncertain` rows left out, if any.
    pub fn uncertain_message(&self, path: &Path) -> Option<String> {
        let (n, line) = self.uncertain;
        (n > 0).then(|| {
            let noun = if n == 1 { "row is" } else { "rows are" };
            format!(
                "{}: {n} {noun} labeled `uncertain` and not counted (the first on line {line})",
                path.display()
            )
        })
    }
}
