//! Reading dated, classified articles from CSV, one row at a time, into an [`Aggregator`].
//!
//! Columns are found by name: the date (`--date-column`), the place (`--by`, one or more
//! columns joined as `Sudan / Darfur`), and the escalation level, its probability, the
//! topic and the article id as `sitrep-classify` writes them (`predicted_escalation` before
//! `escalation`, as sitrep-classify prefixes its columns when the input had those names).
//! A row whose date, place or level cannot be read is an error naming its line and
//! column, or, with `--skip-bad-rows`, counted by reason and skipped. Rows labeled
//! `uncertain` (sitrep-classify's `--min-confidence`) are left out and counted.

use std::io::Read;
use std::path::Path;

use crate::data::Utf8Mode;

use super::aggregate::Aggregator;
use super::dates::Day;
use super::error::TrendError;

mod columns;
mod rows;
mod summary;

pub use columns::Columns;
pub use rows::{article_id, parse_level, parse_probability, Located, RowReader};
pub use summary::{ReadSummary, Skip};

/// How rows are named in messages and article ids (`line N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// By the physical line each row starts on: a file's.
    #[default]
    Lines,
    /// By position, as the lines of a CSV file without line breaks inside its fields: the
    /// first row is line 2. For rows made in memory (a data frame's in Python), so that a
    /// row's number does not hang on line breaks in columns it does not read.
    Rows,
}

/// Which columns to read and how.
#[derive(Debug, Clone, PartialEq)]
pub struct InputOptions {
    pub date_column: String,
    /// The place: one column, or several joined with ` / `.
    pub by: Vec<String>,
    /// [default: `predicted_escalation`, else `escalation`]
    pub level_column: Option<String>,
    /// [default: the level column's name + `_probability`, if there is one]
    pub probability_column: Option<String>,
    /// [default: `predicted_topic` with `predicted_escalation`, else `topic`]
    pub topic_column: Option<String>,
    /// [default: `id` if there is one, else `line N`]
    pub id_column: Option<String>,
    /// Count only articles with this topic.
    pub topic: Option<String>,
    /// Count only articles dated on or after / on or before these days.
    pub since: Option<Day>,
    pub until: Option<Day>,
    /// Count and skip bad rows instead of stopping at the first.
    pub skip_bad_rows: bool,
    pub utf8: Utf8Mode,
    pub numbering: Numbering,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            date_column: "date".into(),
            by: vec!["country".into()],
            level_column: None,
            probability_column: None,
            topic_column: None,
            id_column: None,
            topic: None,
            since: None,
            until: None,
            skip_bad_rows: false,
            utf8: Utf8Mode::Strict,
            numbering: Numbering::Lines,
        }
    }
}

/// The longest span of dates accepted: far beyond any monitoring feed, and a bound on
/// memory when one date is wrong by centuries.
pub const MAX_SPAN_DAYS: i32 = 100 * 366;

/// Opens the CSV file at `path` for reading; the error names it.
pub fn open_file(path: &Path) -> Result<std::io::BufReader<std::fs::File>, TrendError> {
    let file = std::fs::File::open(path).map_err(|source| TrendError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(std::io::BufReader::with_capacity(1 << 16, file))
}

/// Reads classified rows (the level in a column) from `input` into counts.
pub fn read_classified<R: Read>(
    path: &Path,
    input: R,
    options: InputOptions,
) -> Result<(Aggregator, ReadSummary), TrendError> {
    let mut rows = RowReader::new(path, input, options, true)?;
    let (Some(level_col), probability_col) = (rows.columns.level, rows.columns.probability) else {
        return rows.finish();
    };
    let mut record = csv::ByteRecord::new();
    while let Some(line) = rows.next(&mut record)? {
        let Some(at) = rows.locate(&record, line)? else {
            continue;
        };
        let level = match parse_level(record.get(level_col).unwrap_or_default()) {
            Ok(Some(level)) => level,
            Ok(None) => {
                rows.uncertain(at.line);
                continue;
            }
            Err(problem) => {
                rows.bad(at.line, level_col, Skip::BadLevel, problem)?;
                continue;
            }
        };
        let probability = match probability_col.map(|c| parse_probability(record.get(c).unwrap_or_default()))
        {
            None => 1.0,
            Some(Ok(p)) => p,
            Some(Err(problem)) => {
                rows.bad(
                    at.line,
                    probability_col.unwrap_or(level_col),
                    Skip::BadProbability,
                    problem,
                )?;
                continue;
            }
        };
        if !rows.topic_matches(&record, at.line)? {
            rows.summary.filtered += 1;
            continue;
        }
        let id_column = rows.columns.id;
        rows.count(at, level, probability, || article_id(&record, id_column, at.line));
    }
    rows.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str, options: InputOptions) -> Result<(Aggregator, ReadSummary), TrendError> {
        read_classified(Path::new("in.csv"), csv.as_bytes(), options)
    }

    #[test]
    fn classified_rows_are_counted_by_place_and_day() {
        let csv = "id,date,country,escalation,predicted_escalation,predicted_escalation_probability,predicted_topic\n\
                   a,2025-03-14,Sudan,0,3,0.9,offensive\n\
                   b,2025-03-14T10:00:00Z,Sudan,0,2,0.8,offensive\n\
                   c,2025-03-15 08:00:00,Chad,0,uncertain,0.4,diplomacy\n\
                   d,2025-03-16,Chad,0,1,0.7,diplomacy\n";
        let (agg, summary) = read(csv, InputOptions::default()).expect("reads");
        assert_eq!((summary.rows, summary.counted, summary.uncertain), (4, 3, (1, 4)));
        let sudan = &agg.places()[0];
        assert_eq!(sudan.name, "Sudan");
        let day = crate::trend::dates::days_from_civil(2025, 3, 14);
        // the predicted level, not the true one
        assert_eq!(sudan.days[&day].counts, [0, 0, 1, 1]);
        assert_eq!(sudan.days[&day].high[0].id.as_ref(), "a");
        let options = InputOptions {
            topic: Some("diplomacy".into()),
            ..InputOptions::default()
        };
        let (agg, summary) = read(csv, options).expect("reads");
        assert_eq!((summary.counted, summary.filtered), (1, 2));
        assert_eq!(agg.places().iter().filter(|p| !p.days.is_empty()).count(), 1);
    }

    #[test]
    fn two_by_columns_make_one_place_and_ids_default_to_lines() {
        let csv = "date,country,admin1,escalation\n2025-01-01,Sudan,Darfur,2\n2025-01-01,Sudan,Kordofan,2\n";
        let options = InputOptions {
            by: vec!["country".into(), "admin1".into()],
            ..InputOptions::default()
        };
        let (agg, _) = read(csv, options).expect("reads");
        let names: Vec<&str> = agg.places().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Sudan / Darfur", "Sudan / Kordofan"]);
        let day = crate::trend::dates::days_from_civil(2025, 1, 1);
        assert_eq!(agg.places()[1].days[&day].high[0].id.as_ref(), "line 3");
    }

    #[test]
    fn rows_can_be_numbered_by_position_whatever_their_line_breaks() {
        let csv =
            "date,country,note,escalation\n2025-01-01,X,\"two\nlines\",2\n2025-01-01,X,,2\n2025-02-30,X,,1\n";
        let e = read(csv, InputOptions::default()).unwrap_err().to_string();
        assert!(e.starts_with("in.csv:5: column 1 (`date`)"), "{e}");
        let by_rows = InputOptions {
            numbering: Numbering::Rows,
            ..InputOptions::default()
        };
        let e = read(csv, by_rows.clone()).unwrap_err().to_string();
        assert!(e.starts_with("in.csv:4: column 1 (`date`)"), "{e}");
        let (agg, _) = read(&csv.replace("2025-02-30", "2025-01-01"), by_rows).expect("reads");
        let day = crate::trend::dates::days_from_civil(2025, 1, 1);
        let ids: Vec<&str> = agg.places()[0].days[&day]
            .high
            .iter()
            .map(|e| e.id.as_ref())
            .collect();
        // by lines, the second would be line 4
        assert_eq!(ids, ["line 2", "line 3"]);
    }

    #[test]
    fn bad_rows_stop_with_line_and_column_or_are_counted() {
        let csv = "date,country,escalation\n2025-01-01,Sudan,2\n2025-02-30,Sudan,2\n2025-01-02, ,1\n2025-01-03,Chad,high\n2025-01-03,Chad,\n";
        let e = read(csv, InputOptions::default()).unwrap_err().to_string();
        assert_eq!(e, "in.csv:3: column 1 (`date`) holds `2025-02-30`, which is not a date: 2025-02 has no day 30; expected ISO 8601 like 2025-03-14 or 2025-03-14T08:30:00Z (or pass --skip-bad-rows to count and skip such rows)");
        let options = InputOptions {
            skip_bad_rows: true,
            ..InputOptions::default()
        };
        let (_, s) = read(csv, options).expect("skips");
        assert_eq!(s.counted, 1);
        assert_eq!(
            s.skipped_message(Path::new("in.csv")).as_deref(),
            Some("in.csv: skipped 4 rows (--skip-bad-rows): 1 with a bad date (line 3), 1 with an empty place (line 4), 2 with a bad escalation level (the first on line 5)")
        );
        let e = read(
            "date,country,escalation\n2025-01-03,Chad,high\n",
            InputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("in.csv:2: column 3 (`escalation`) holds `high`, which is not an escalation level; expected 0, 1, 2 or 3"), "{e}");
        let e = read(
            "date,country,escalation\n2025-01-03,,1\n",
            InputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("in.csv:2: column 2 (`country`) is empty; every row needs a place"),
            "{e}"
        );
    }

    #[test]
    fn missing_columns_and_empty_inputs_are_named() {
        let e = read("date,place,escalation\n", InputOptions::default())
            .unwrap_err()
            .to_string();
        assert_eq!(e, "in.csv: no column named `country` in the header (the columns are: `date`, `place`, `escalation`)");
        let e = read("date,country,level\n", InputOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no column named `predicted_escalation` or `escalation`"),
            "{e}"
        );
        let e = read("date,country,escalation\n", InputOptions::default())
            .unwrap_err()
            .to_string();
        assert_eq!(e, "in.csv has no rows to count");
        let e = read("", InputOptions::default()).unwrap_err().to_string();
        assert_eq!(e, "in.csv is empty: expected a header line naming the columns");
        let e = read(
            "date,country,escalation\n2025-01-01,X,uncertain\n",
            InputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.ends_with("its one row was left out (1 uncertain)"), "{e}");
        let e = read(
            "date,country,escalation\n2025-01-01,X,uncertain\n2025-01-02,X,uncertain\n",
            InputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.ends_with("all 2 rows were left out (2 uncertain)"), "{e}");
        let e = read(
            "date,country,escalation\n0001-01-01,X,1\n2025-01-01,X,1\n",
            InputOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("the dates run from 0001-01-01 (line 2) to 2025-01-01 (line 3), more than 100 years"),
            "{e}"
        );
    }
}
