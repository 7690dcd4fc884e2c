//! Writing trends: a table for people at a terminal ([`table`]), CSV ([`csv`]) and JSON
//! ([`json`]) for other programs, and one self-contained HTML page ([`html`], with the
//! charts of [`chart`]). With `--alerts-only`, each writes the alerts alone.

pub mod chart;
pub mod csv;
pub mod html;
pub mod json;
pub mod rank;
pub mod table;

use std::io::Write;

use super::dates::{format_date, iso_week_label, Day};
use super::params::PeriodKind;
use super::{TrendError, Trends};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    Html,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            "html" => Ok(Format::Html),
            _ => Err(format!("unknown format `{s}`; choose table, csv, json or html")),
        }
    }
}

/// Writes `trends` in `format` (the alerts alone with `alerts_only`).
pub fn write(
    trends: &Trends,
    format: Format,
    alerts_only: bool,
    out: &mut dyn Write,
) -> Result<(), TrendError> {
    match format {
        Format::Table => out.write_all(table::render(trends, alerts_only).as_bytes())?,
        Format::Csv => csv::write(trends, alerts_only, out).map_err(io_error)?,
        Format::Json => {
            // the output is bounded by places × periods: rendered whole, then written, so a
            // write error stays an I/O error (a closed pipe is then not an error at all)
            let value = json::value(trends, alerts_only);
            let text = serde_json::to_string_pretty(&value).map_err(std::io::Error::other)?;
            out.write_all(text.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Format::Html => out.write_all(html::render(trends, alerts_only)?.as_bytes())?,
    }
    out.flush()?;
    Ok(())
}

/// The I/O error inside a csv error, so that a closed pipe is recognized as one (the csv
/// crate's own conversion hides its kind).
fn io_error(e: ::csv::Error) -> std::io::Error {
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// A period's name: `2025-W11` for a week, the date for a day.
pub fn period_label(kind: PeriodKind, start: Day) -> String {
    match kind {
        PeriodKind::Week => iso_week_label(start),
        PeriodKind::Day => format_date(start),
    }
}

/// The feed's extent for headers: `31 weeks, 2024-01-01 to 2024-07-29`, the dates of its
/// first and last article, then each partial period with its days covered
/// (`; 2024-W31 is partial, 1 of 7 days, not compared`); with `--topic`, `--since` or
/// `--until`, they follow the dates (`; counting --topic diplomacy --since 2025-03-14`).
pub fn extent_text(trends: &Trends) -> String {
    let timeline = trends.series.timeline;
    let kind = timeline.period;
    let mut s = format!(
        "{}, {} to {}",
        crate::wording::counted(timeline.len, kind.name()),
        format_date(timeline.data_first),
        format_date(timeline.data_last)
    );
    if let Some(filters) = trends.filters.text() {
        s.push_str(&format!("; counting {filters}"));
    }
    let mut ends = vec![0, timeline.len.saturating_sub(1)];
    ends.dedup();
    for t in ends.into_iter().filter(|&t| timeline.is_partial(t)) {
        s.push_str(&format!(
            "; {} is partial, {} of {} days, not compared",
            period_label(kind, timeline.start(t)),
            timeline.days_covered(t),
            kind.days()
        ));
    }
    s
}

/// What the rankings (table and HTML) show of a place, as text.
pub struct RankedRow {
    pub period: String,
    pub articles: String,
    pub violent: String,
    pub share: String,
    pub mean: String,
    pub change: String,
    pub band: String,
}

/// Marks a reading that does not exist yet, in the rankings.
const NO_READING: &str = "-";

/// A place in the rankings: its latest period with a change reading, or, with none yet, its
/// latest period with articles. Blank cells there read as missing data; the figures are
/// known, only rule A has no baseline to compare them with (in CSV its fields are empty
/// and in JSON `change` is null, for this very period).
pub fn ranked_row(trends: &Trends, place: usize) -> RankedRow {
    let periods = &trends.series.places[place].periods;
    let k = trends.params.shrinkage;
    let kind = trends.series.timeline.period;
    let Some((t, row)) = shown_period(periods).map(|t| (t, &periods[t])) else {
        let none = || NO_READING.to_string();
        return RankedRow {
            period: none(),
            articles: "0".into(),
            violent: "0".into(),
            share: none(),
            mean: none(),
            change: none(),
            band: "no articles".into(),
        };
    };
    RankedRow {
        period: period_label(kind, trends.series.timeline.start(t)),
        articles: row.n().to_string(),
        violent: row.violent().to_string(),
        share: number(row.share_violent(), 2),
        mean: number(row.shrunk_mean(k), 2),
        change: row
            .change
            .map_or(NO_READING.to_string(), |c| percent_text(c.percent)),
        band: row
            .change
            .map_or("no baseline yet", |c| c.band.name())
            .to_string(),
    }
}

/// `+150%`, or `new` when the baseline was 0.
pub use rank::{latest_change, ranked_places, shown_period};

pub fn percent_text(percent: Option<f64>) -> String {
    match percent {
        Some(p) => format!("{p:+.0}%"),
        None => "new".into(),
    }
}

/// A number with up to `decimals` decimals, for CSV and tables; empty for `None`.
pub fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(String::new, |v| format!("{v:.decimals$}"))
}
