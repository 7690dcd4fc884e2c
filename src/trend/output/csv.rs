//! CSV output: one row per place and period (the series with every rule's readings), or
//! with `--alerts-only` one row per alert. The rows are made as cells first
//! ([`series_rows`], [`alert_rows`]), which the Python package turns into data frames.

use std::io::Write;

use super::super::dates::{format_date, Day};
use super::super::Trends;
use super::{number, period_label};

/// What a column holds, which its cells' variants follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Count,
    /// A number, or nothing (a gap, or no reading yet).
    Number,
    /// True or false, or nothing.
    Flag,
    Date,
    /// Article ids.
    Ids,
}

/// One field before it is written: the CSV writes it as text, the Python package gives it a
/// type (numbers unrounded, nothing as NaN).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text; empty when `None` (no reading).
    Text(Option<String>),
    Count(u32),
    /// Written with this many decimals; empty when `None`.
    Fixed(Option<f64>, usize),
    /// Written in scientific notation with this many decimals; empty when `None`.
    Scientific(Option<f64>, usize),
    /// `true` or `false`; empty when `None`.
    Flag(Option<bool>),
    Date(Day),
    /// Written joined with `; `.
    Ids(Vec<String>),
}

impl Cell {
    pub fn kind(&self) -> Kind {
        match self {
            Cell::Text(_) => Kind::Text,
            Cell::Count(_) => Kind::Count,
            Cell::Fixed(..) | Cell::Scientific(..) => Kind::Number,
            Cell::Flag(_) => Kind::Flag,
            Cell::Date(_) => Kind::Date,
            Cell::Ids(_) => Kind::Ids,
        }
    }

    /// The field as the CSV output writes it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone().unwrap_or_default(),
            Cell::Count(n) => n.to_string(),
            Cell::Fixed(v, decimals) => number(*v, *decimals),
            Cell::Scientific(v, decimals) => v.map_or(String::new(), |v| format!("{v:.decimals$e}")),
            Cell::Flag(b) => b.map_or(String::new(), |b| b.to_string()),
            Cell::Date(d) => format_date(*d),
            Cell::Ids(ids) => ids.join("; "),
        }
    }
}

/// A text cell.
fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Some(s.into()))
}

/// The columns of the series.
pub const SERIES_COLUMNS: [(&str, Kind); 26] = [
    ("place", Kind::Text),
    ("period", Kind::Text),
    ("period_start", Kind::Date),
    ("days_covered", Kind::Count),
    ("articles", Kind::Count),
    ("level_0", Kind::Count),
    ("level_1", Kind::Count),
    ("level_2", Kind::Count),
    ("level_3", Kind::Count),
    ("share_level2plus", Kind::Number),
    ("mean_level", Kind::Number),
    ("prior_mean", Kind::Number),
    ("change_baseline", Kind::Number),
    ("change_percent", Kind::Number),
    ("change_band", Kind::Text),
    ("surge", Kind::Flag),
    ("expected", Kind::Number),
    ("tail_p", Kind::Number),
    ("dispersion", Kind::Number),
    ("cusum_rate", Kind::Number),
    ("cusum_up", Kind::Number),
    ("cusum_up_h", Kind::Number),
    ("cusum_down", Kind::Number),
    ("cusum_down_h", Kind::Number),
    ("level3_30d", Kind::Count),
    ("alerts", Kind::Text),
];

/// The columns of the alert list.
pub const ALERT_COLUMNS: [(&str, Kind); 10] = [
    ("place", Kind::Text),
    ("period", Kind::Text),
    ("period_start", Kind::Date),
    ("rule", Kind::Text),
    ("severity", Kind::Text),
    ("direction", Kind::Text),
    ("value", Kind::Number),
    ("baseline", Kind::Number),
    ("articles", Kind::Ids),
    ("detail", Kind::Text),
];

/// The alert list, one row of [`ALERT_COLUMNS`] per alert.
pub fn alert_rows(trends: &Trends) -> impl Iterator<Item = [Cell; 10]> + '_ {
    let kind = trends.series.timeline.period;
    let timeline = trends.series.timeline;
    trends.alerts.iter().map(move |a| {
        let start = timeline.start(a.period);
        [
            text(trends.place_name(a.place)),
            text(period_label(kind, start)),
            Cell::Date(start),
            text(a.rule.name()),
            text(a.severity.name()),
            text(if a.rule.is_escalation() { "up" } else { "down" }),
            Cell::Fixed(Some(a.value), 2),
            Cell::Fixed(Some(a.baseline), 2),
            Cell::Ids(a.articles.clone()),
            text(a.detail.clone()),
        ]
    })
}

/// The series, one row of [`SERIES_COLUMNS`] per place and period, places in input order.
pub fn series_rows(trends: &Trends) -> impl Iterator<Item = [Cell; 26]> + '_ {
    let kind = trends.series.timeline.period;
    let timeline = trends.series.timeline;
    let k = trends.params.shrinkage;
    trends
        .series
        .places
        .iter()
        .enumerate()
        .flat_map(move |(p, place)| {
            place.periods.iter().enumerate().map(move |(t, row)| {
                let start = timeline.start(t);
                let alerts: Vec<&str> = trends
                    .alerts
                    .iter()
                    .filter(|a| a.place == p && a.period == t)
                    .map(|a| a.rule.name())
                    .collect();
                let (change, tail, cusum) = (row.change, row.tail, row.cusum);
                let [l0, l1, l2, l3] = row.counts;
                [
                    text(place.name.clone()),
                    text(period_label(kind, start)),
                    Cell::Date(start),
                    Cell::Count(timeline.days_covered(t) as u32),
                    Cell::Count(row.n()),
                    Cell::Count(l0),
                    Cell::Count(l1),
                    Cell::Count(l2),
                    Cell::Count(l3),
                    Cell::Fixed(row.share_violent(), 4),
                    Cell::Fixed(row.shrunk_mean(k), 3),
                    Cell::Fixed(Some(row.prior_mean), 3),
                    Cell::Fixed(change.map(|c| c.baseline), 2),
                    Cell::Fixed(change.and_then(|c| c.percent), 1),
                    Cell::Text(change.map(|c| c.band.name().to_string())),
                    Cell::Flag(change.map(|c| c.surge)),
                    Cell::Fixed(tail.map(|b| b.expected), 3),
                    Cell::Scientific(tail.map(|b| b.p), 3),
                    Cell::Fixed(tail.and_then(|b| b.dispersion), 2),
                    Cell::Fixed(cusum.map(|c| c.rate), 3),
                    Cell::Fixed(cusum.map(|c| c.up), 2),
                    Cell::Fixed(cusum.map(|c| c.up_h), 2),
                    Cell::Fixed(cusum.map(|c| c.down), 2),
                    Cell::Fixed(cusum.and_then(|c| c.down_h), 2),
                    Cell::Count(row.level3_30d),
                    text(alerts.join(" ")),
                ]
            })
        })
}

/// Writes the series, or the alerts alone.
pub fn write(trends: &Trends, alerts_only: bool, out: &mut dyn Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    if alerts_only {
        w.write_record(ALERT_COLUMNS.map(|(name, _)| name))?;
        for row in alert_rows(trends) {
            w.write_record(row.iter().map(Cell::text))?;
        }
    } else {
        w.write_record(SERIES_COLUMNS.map(|(name, _)| name))?;
        for row in series_rows(trends) {
            w.write_record(row.iter().map(Cell::text))?;
        }
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::input::{read_classified, InputOptions};
    use crate::trend::{analyze, TrendParams};

    #[test]
    fn every_cell_is_of_its_columns_kind_and_gaps_are_empty() {
        // a level-0 article a week for 21 weeks but a gap in week 3, then a level-3
        // article: an onset
        let mut feed = String::from("id,date,country,escalation\n");
        for week in (0..21).filter(|&w| w != 3) {
            feed.push_str(&format!("a{week},{},X,0\n", format_date(20_090 + 7 * week)));
        }
        feed.push_str(&format!("late,{},X,3\n", format_date(20_090 + 7 * 21)));
        let (counts, _) = read_classified(
            std::path::Path::new("f.csv"),
            feed.as_bytes(),
            InputOptions::default(),
        )
        .expect("reads");
        let params = TrendParams::default().check().expect("valid");
        let trends = analyze(counts, &params).expect("counted");
        assert!(!trends.alerts.is_empty());
        let series: Vec<[Cell; 26]> = series_rows(&trends).collect();
        assert_eq!(series.len(), 22);
        for row in &series {
            for (cell, (name, kind)) in row.iter().zip(SERIES_COLUMNS) {
                assert_eq!(cell.kind(), kind, "{name}");
            }
        }
        let gap = &series[3];
        assert_eq!((gap[3].clone(), gap[4].clone()), (Cell::Count(7), Cell::Count(0)));
        assert_eq!((gap[9].text(), gap[10].text()), (String::new(), String::new()));
        for row in alert_rows(&trends) {
            for (cell, (name, kind)) in row.iter().zip(ALERT_COLUMNS) {
                assert_eq!(cell.kind(), kind, "{name}");
            }
            assert_eq!(row[8], Cell::Ids(vec!["late".into()]));
        }
    }
}
