//! Reading rows: the date and place of each, its fields parsed strictly, and the counting,
//! shared by classified input and `--classify`.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::data;

use super::super::aggregate::Aggregator;
use super::super::dates::{format_date, parse_date, Day};
use super::super::error::{TrendError, SKIP_HINT};
use super::{Columns, InputOptions, Numbering, ReadSummary, Skip, MAX_SPAN_DAYS};

/// What joins the values of several `--by` columns into one place name (`Sudan / Darfur`).
pub const PLACE_SEPARATOR: &str = " / ";

/// Reads rows and counts them: the part of reading shared by classified input and
/// `--classify`.
pub struct RowReader<R> {
    pub path: PathBuf,
    reader: data::CsvReader<R>,
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
        let reader = data::CsvReader::new(path, input)?;
        let header = reader.header().to_vec();
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

    /// Reads the next row into `record`: the line it starts on (see [`Numbering`]), `None`
    /// at the end.
    pub fn next(&mut self, record: &mut csv::ByteRecord) -> Result<Option<u64>, TrendError> {
        let Some(line) = self.reader.read_record(record)? else {
            return Ok(None);
        };
        self.summary.rows += 1;
        Ok(Some(match self.options.numbering {
            Numbering::Lines => line,
            Numbering::Rows => self.summary.rows + 1,
        }))
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

    /// The date and place of the row on `line`; `None` when the row is skipped (bad, or
    /// outside `--since`/`--until`).
    pub fn locate(&mut self, record: &csv::ByteRecord, line: u64) -> Result<Option<Located>, TrendError> {
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
            if self.columns.by.len() > 1 && name.contains(PLACE_SEPARATOR) {
                self.key = key;
                let problem = format!(
                    "holds `{name}`, and `{}` is what joins the --by columns into one place name, so two different places could read as one; replace it in this column (with `-`, say)",
                    PLACE_SEPARATOR.trim()
                );
                return self.bad(line, c, Skip::BadPlace, problem).map(|()| None);
            }
            if i > 0 {
                key.push_str(PLACE_SEPARATOR);
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
                // only the reasons that left rows out, each with its count
                let reasons: Vec<String> = [
                    (s.skipped_rows(), "skipped as bad"),
                    (s.uncertain.0, "uncertain"),
                    (s.filtered, "filtered by --topic, --since or --until"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, why)| format!("{n} {why}"))
                .collect();
                let all = if s.rows == 1 {
                    "its one row was".to_string()
                } else {
                    format!("all {} rows were", s.rows)
                };
                format!(": {all} left out ({})", reasons.join(", "))
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

#[cfg(test)]
mod tests {
    use super::*;

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
