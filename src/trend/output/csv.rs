//! CSV output: one row per place and period (the series with every rule's readings), or
//! with `--alerts-only` one row per alert.

use std::io::Write;

use super::super::dates::format_date;
use super::super::Trends;
use super::{number, period_label};

/// The columns of the series.
pub const SERIES_COLUMNS: [&str; 25] = [
    "place",
    "period",
    "period_start",
    "articles",
    "level_0",
    "level_1",
    "level_2",
    "level_3",
    "share_level2plus",
    "mean_level",
    "prior_mean",
    "change_baseline",
    "change_percent",
    "change_band",
    "surge",
    "expected",
    "tail_p",
    "dispersion",
    "cusum_rate",
    "cusum_up",
    "cusum_up_h",
    "cusum_down",
    "cusum_down_h",
    "level3_30d",
    "alerts",
];

/// The columns of the alert list.
pub const ALERT_COLUMNS: [&str; 10] = [
    "place",
    "period",
    "period_start",
    "rule",
    "severity",
    "direction",
    "value",
    "baseline",
    "articles",
    "detail",
];

/// Writes the series, or the alerts alone.
pub fn write(trends: &Trends, alerts_only: bool, out: &mut dyn Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    let kind = trends.series.timeline.period;
    let timeline = trends.series.timeline;
    if alerts_only {
        w.write_record(ALERT_COLUMNS)?;
        for a in &trends.alerts {
            let start = timeline.start(a.period);
            w.write_record([
                trends.place_name(a.place).to_string(),
                period_label(kind, start),
                format_date(start),
                a.rule.name().to_string(),
                a.severity.name().to_string(),
                if a.rule.is_escalation() { "up" } else { "down" }.to_string(),
                format!("{:.2}", a.value),
                format!("{:.2}", a.baseline),
                a.articles.join("; "),
                a.detail.clone(),
            ])?;
        }
        w.flush()?;
        return Ok(());
    }
    w.write_record(SERIES_COLUMNS)?;
    let k = trends.params.shrinkage;
    for (p, place) in trends.series.places.iter().enumerate() {
        for (t, row) in place.periods.iter().enumerate() {
            let start = timeline.start(t);
            let alerts: Vec<&str> = trends
                .alerts
                .iter()
                .filter(|a| a.place == p && a.period == t)
                .map(|a| a.rule.name())
                .collect();
            let change = row.change;
            let tail = row.tail;
            let cusum = row.cusum;
            let mut fields = vec![
                place.name.clone(),
                period_label(kind, start),
                format_date(start),
                row.n().to_string(),
            ];
            fields.extend(row.counts.iter().map(u32::to_string));
            fields.extend([
                number(row.share_violent(), 4),
                number(row.shrunk_mean(k), 3),
                format!("{:.3}", row.prior_mean),
                number(change.map(|c| c.baseline), 2),
                number(change.and_then(|c| c.percent), 1),
                change.map_or(String::new(), |c| c.band.name().to_string()),
                change.map_or(String::new(), |c| c.surge.to_string()),
                number(tail.map(|b| b.expected), 3),
                tail.map_or(String::new(), |b| format!("{:.3e}", b.p)),
                number(tail.and_then(|b| b.dispersion), 2),
                number(cusum.map(|c| c.rate), 3),
                number(cusum.map(|c| c.up), 2),
                number(cusum.map(|c| c.up_h), 2),
                number(cusum.map(|c| c.down), 2),
                number(cusum.and_then(|c| c.down_h), 2),
                row.level3_30d.to_string(),
                alerts.join(" "),
            ]);
            w.write_record(&fields)?;
        }
    }
    w.flush()?;
    Ok(())
}
