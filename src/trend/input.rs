//! Reading dated, classified articles from CSV, one row at a time, into an [`Aggregator`].
//!
//! Columns are found by name: the date (`--date-column`), the place (`--by`, one or more
//! columns joined as `Sudan / Darfur`), and the escalation level, its probability, the
//! topic and the article id as `sitrep-classify` writes them (`predicted_escalation` before
//! `escalation`, as sitrep-classify prefixes its columns when the input had those names).
//! A row whose date, place or level cannot be read is an error naming its line and
//! column, or, with `--skip-bad-rows`, counted by reason and skipped. Rows labeled
//! `uncertain` (sitrep-classify's `--min-confidence`) are left out and counted.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::data::{self, DataError, Utf8Mode};

use super::aggregate::Aggregator;
use super::dates::{format_date, parse_date, Day};
use super::error::{TrendError, SKIP_HINT};

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
        }
    }
}

/// The longest span of dates accepted: far beyond any monitoring feed, and a bound on
/// memory when one date is wrong by centuries.
pub const MAX_SPAN_DAYS: i32 = 100 * 366;

/// Why a row was not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    BadDate,
    EmptyPlace,
    BadLevel,
    BadProbability,
    EmptyText,
}

impl Skip {
    fn name(self) -> &'static str {
        match self {
            Skip::BadDate => "a bad date",
            Skip::EmptyPlace => "an empty place",
            Skip::BadLevel => "a bad escalation level",
            Skip::BadProbability => "a bad probability",
            Skip::EmptyText => "no text to classify",
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

/// The column indexes of one input.
#[derive(Debug, Clone)]
pub struct Columns {
    pub header: Vec<String>,
    pub date: usize,
    pub by: Vec<usize>,
    pub level: Option<usize>,
    pub probability: Option<usize>,
    pub topic: Option<usize>,
    pub id: Option<usize>,
}

fn find(path: &Path, header: &[String], name: &str) -> Result<usize, DataError> {
    Ok(data::find_columns(path, header, &[name.to_string()])?[0])
}

fn missing(path: &Path, header: &[String], names: &str) -> DataError {
    DataError::MissingColumn {
        path: path.to_path_buf(),
        column: names.to_string(),
        available: header
            .iter()
            .map(|h| format!("`{h}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl Columns {
    /// Finds the columns in `header`. With `classified`, the level comes from the input (else
    /// from a model: `--classify`), so its column must be there.
    pub fn resolve(
        path: &Path,
        header: Vec<String>,
        o: &InputOptions,
        classified: bool,
    ) -> Result<Columns, DataError> {
        let has = |name: &str| header.iter().position(|h| h == name);
        let date = find(path, &header, &o.date_column)?;
        let by =
            o.by.iter()
                .map(|c| find(path, &header, c))
                .collect::<Result<Vec<_>, _>>()?;
        let (mut level, mut probability, mut topic) = (None, None, None);
        if classified {
            let level_name = match &o.level_column {
                Some(c) => c.clone(),
                None => ["predicted_escalation", "escalation"]
                    .into_iter()
                    .find(|c| has(c).is_some())
                    .ok_or_else(|| missing(path, &header, "predicted_escalation` or `escalation"))?
                    .to_string(),
            };
            level = Some(find(path, &header, &level_name)?);
            probability = match &o.probability_column {
                Some(c) => Some(find(path, &header, c)?),
                None => has(&format!("{level_name}_probability")),
            };
            topic = match &o.topic_column {
                Some(c) => Some(find(path, &header, c)?),
                None if level_name.starts_with("predicted_") => has("predicted_topic"),
                None => has("topic"),
            };
            if o.topic.is_some() && topic.is_none() {
                return Err(missing(path, &header, "predicted_topic` or `topic"));
            }
        }
        let id = match &o.id_column {
            Some(c) => Some(find(path, &header, c)?),
            None => has("id"),
        };
        Ok(Columns {
            header,
            date,
            by,
            level,
            probability,
            topic,
            id,
        })
    }
}

/// Reads rows and counts them: the part of reading shared by classified input and
/// `--classify`.
pub struct RowReader<R> {
    pub path: PathBuf,
    reader: csv::Reader<data::QuoteCheck<R>>,
    pub columns: Columns,
    pub options: InputOptions,
    pub summary: ReadSummary,
    pub aggregator: Aggregator,
    /// The earliest and latest dates counted, with their lines.
    extent: Option<((Day, u64), (Day, u64))>,
    key: String,
}

/// The date, place and line of a row whose level is still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub line: u64,
    pub day: Day,
    pub place: u32,
}

impl<R: Read> RowReader<R> {
    /// Reads the header and finds the columns (`classified`: see [`Columns::resolve`]).
    pub fn new(path: &Path, input: R, options: InputOptions, classified: bool) -> Result<Self, TrendError> {
        let mut reader = data::csv_reader(input);
        let header = data::read_header(path, &mut reader)?;
        let columns = Columns::resolve(path, header, &options, classified)?;
        Ok(RowReader {
            path: path.to_path_buf(),
            reader,
            columns,
            options,
            summary: ReadSummary::default(),
            aggregator: Aggregator::new(),
            extent: None,
            key: String::new(),
        })
    }

    /// Reads the next row into `record`; `false` at the end.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> Result<bool, TrendError> {
        let more = self
            .reader
            .read_byte_record(record)
            .map_err(|e| data::with_column_name(data::csv_error(&self.path, e), &self.columns.header))?;
        if more {
            self.summary.rows += 1;
        }
        Ok(more)
    }

    /// A bad field in column `index` of the row on `line`: an error, or under
    /// `--skip-bad-rows` a counted skip (`Ok(())`, the caller moves on).
    pub fn bad(&mut self, line: u64, index: usize, why: Skip, problem: String) -> Result<(), TrendError> {
        if self.options.skip_bad_rows {
            let entry = self.summary.skipped.entry(why).or_insert((0, line));
            entry.0 += 1;
            return Ok(());
        }
        Err(TrendError::BadRow {
            path: self.path.clone(),
            line,
            index: index + 1,
            column: self.columns.header.get(index).cloned().unwrap_or_default(),
            problem,
            hint: SKIP_HINT,
        })
    }

    fn text<'a>(
        &mut self,
        line: u64,
        record: &'a csv::ByteRecord,
        index: usize,
    ) -> Result<std::borrow::Cow<'a, str>, TrendError> {
        let field = data::field_str(
            &self.path,
            line,
            &self.columns.header,
            record,
            index,
            self.options.utf8,
        )?;
        if matches!(field, std::borrow::Cow::Owned(_)) && self.summary.replaced.0 == 0 {
            self.summary.replaced.1 = line;
        }
        self.summary.replaced.0 += u64::from(matches!(field, std::borrow::Cow::Owned(_)));
        Ok(field)
    }

    /// The row's date and place; `None` when the row is skipped (bad, or outside
    /// `--since`/`--until`).
    pub fn locate(&mut self, record: &csv::ByteRecord) -> Result<Option<Located>, TrendError> {
        let line = record.position().map_or(0, |p| p.line());
        let date_field = record.get(self.columns.date).unwrap_or_default();
        let day = match parse_date(date_field) {
            Ok(day) => day,
            Err(reason) => {
                let shown = String::from_utf8_lossy(date_field).into_owned();
                let problem = format!(
                    "holds `{shown}`, which is not a date: {reason}; expected ISO 8601 like 2025-03-14 or 2025-03-14T08:30:00Z"
                );
                return self
                    .bad(line, self.columns.date, Skip::BadDate, problem)
                    .map(|()| None);
            }
        };
        if self.options.since.is_some_and(|s| day < s) || self.options.until.is_some_and(|u| day > u) {
            self.summary.filtered += 1;
            return Ok(None);
        }
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for i in 0..self.columns.by.len() {
            let c = self.columns.by[i];
            let field = self.text(line, record, c)?;
            let name = field.trim();
            if name.is_empty() {
                self.key = key;
                let problem = "is empty; every row needs a place to count it under".to_string();
                return self.bad(line, c, Skip::EmptyPlace, problem).map(|()| None);
            }
            if i > 0 {
                key.push_str(" / ");
            }
            key.push_str(name);
        }
        let place = self.aggregator.place(&key);
        self.key = key;
        Ok(Some(Located { line, day, place }))
    }

    /// Whether the row's topic passes `--topic` (always true without it).
    pub fn topic_matches(&mut self, record: &csv::ByteRecord, line: u64) -> Result<bool, TrendError> {
        let (Some(wanted), Some(c)) = (self.options.topic.clone(), self.columns.topic) else {
            return Ok(true);
        };
        let matches = self.text(line, record, c)?.trim() == wanted;
        Ok(matches)
    }

    /// Counts an article whose place and date are `at`.
    pub fn count(&mut self, at: Located, level: u8, probability: f32, id: impl FnMut() -> Box<str>) {
        self.extent = Some(match self.extent {
            None => ((at.day, at.line), (at.day, at.line)),
            Some((lo, hi)) => (
                if at.day < lo.0 { (at.day, at.line) } else { lo },
                if at.day > hi.0 { (at.day, at.line) } else { hi },
            ),
        });
        self.summary.counted += 1;
        self.aggregator
            .add(at.place, at.day, level, probability, at.line, id);
    }

    /// Notes a row labeled `uncertain`.
    pub fn uncertain(&mut self, line: u64) {
        if self.summary.uncertain.0 == 0 {
            self.summary.uncertain.1 = line;
        }
        self.summary.uncertain.0 += 1;
    }

    /// The counts, once every row is read: an error when nothing was counted or the dates
    /// span more than [`MAX_SPAN_DAYS`].
    pub fn finish(self) -> Result<(Aggregator, ReadSummary), TrendError> {
        let Some(((lo, lo_line), (hi, hi_line))) = self.extent else {
            let s = &self.summary;
            let why = if s.rows == 0 {
                String::new()
            } else {
                format!(
                    ": all {} rows were left out ({} skipped as bad, {} uncertain, {} filtered by --topic, --since or --until)",
                    s.rows,
                    s.skipped_rows(),
                    s.uncertain.0,
                    s.filtered
                )
            };
            return Err(TrendError::NoRows { path: self.path, why });
        };
        if hi - lo > MAX_SPAN_DAYS {
            return Err(TrendError::Input(format!(
                "{}: the dates run from {} (line {lo_line}) to {} (line {hi_line}), more than 100 years; check those dates, or count a stretch with --since and --until",
                self.path.display(),
                format_date(lo),
                format_date(hi)
            )));
        }
        Ok((self.aggregator, self.summary))
    }
}

/// The article's id: the id column's value, else `line N`.
pub fn article_id(record: &csv::ByteRecord, id_column: Option<usize>, line: u64) -> Box<str> {
    match id_column.and_then(|c| record.get(c)) {
        Some(bytes) if !bytes.trim_ascii().is_empty() => String::from_utf8_lossy(bytes.trim_ascii()).into(),
        _ => format!("line {line}").into(),
    }
}

/// Parses an escalation level field: `0` to `3` (also `2.0`); `Ok(None)` for `uncertain`.
pub fn parse_level(field: &[u8]) -> Result<Option<u8>, String> {
    let f = field.trim_ascii();
    if let [d @ b'0'..=b'3'] = f {
        return Ok(Some(d - b'0'));
    }
    if f == crate::classify::UNCERTAIN.as_bytes() {
        return Ok(None);
    }
    if f.is_empty() {
        return Err("is empty; every row needs an escalation level (0 to 3)".into());
    }
    let text = String::from_utf8_lossy(f);
    match text.parse::<f64>() {
        Ok(v) if v.fract() == 0.0 && (0.0..=3.0).contains(&v) => Ok(Some(v as u8)),
        _ => Err(format!(
            "holds `{text}`, which is not an escalation level; expected 0, 1, 2 or 3"
        )),
    }
}

/// Parses a probability field (empty means unknown: 1).
pub fn parse_probability(field: &[u8]) -> Result<f32, String> {
    let f = field.trim_ascii();
    if f.is_empty() {
        return Ok(1.0);
    }
    let text = String::from_utf8_lossy(f);
    match text.parse::<f32>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!(
            "holds `{text}`, which is not a probability between 0 and 1"
        )),
    }
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
    while rows.next(&mut record)? {
        let Some(at) = rows.locate(&record)? else {
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
        assert!(
            e.contains("all 1 rows were left out (0 skipped as bad, 1 uncertain"),
            "{e}"
        );
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

    #[test]
    fn levels_and_probabilities_parse_strictly() {
        assert_eq!(parse_level(b" 2 "), Ok(Some(2)));
        assert_eq!(parse_level(b"3.0"), Ok(Some(3)));
        assert_eq!(parse_level(b"uncertain"), Ok(None));
        assert!(parse_level(b"4").is_err());
        assert!(parse_level(b"2.5").is_err());
        assert!(parse_level(b"NaN").is_err());
        assert_eq!(parse_probability(b"0.25"), Ok(0.25));
        assert_eq!(parse_probability(b""), Ok(1.0));
        assert!(parse_probability(b"1.5").is_err());
    }
}
