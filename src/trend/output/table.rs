//! The table for people at a terminal: places ranked by their latest change, then the
//! alerts with the figures and articles behind them.

use std::fmt::Write;

use super::super::Trends;
use super::{extent_text, period_label, ranked_places, ranked_row};
use crate::data::{align_left, clip};

/// Columns of the place name, the one cell not of sitrep's own ASCII: padded and cut by
/// display width, so that a CJK name keeps the columns after it in line.
const PLACE_WIDTH: usize = 24;

/// A place name cut to [`PLACE_WIDTH`] and padded to it.
fn place_cell(name: &str) -> String {
    align_left(&clip(name, PLACE_WIDTH, "…"), PLACE_WIDTH)
}

/// The places table and the alert list (or the alert list alone).
pub fn render(trends: &Trends, alerts_only: bool) -> String {
    let mut t = String::new();
    let kind = trends.series.timeline.period;
    let timeline = trends.series.timeline;
    // writing to a String cannot fail
    if !alerts_only {
        let _ = writeln!(
            t,
            "places ranked by their latest change in articles at level 2 or more ({})",
            extent_text(trends)
        );
        let _ = writeln!(
            t,
            "{:<PLACE_WIDTH$} {:<10} {:>8} {:>8} {:>8} {:>6} {:>8} {:<18} {:>6}",
            "place", "period", "articles", "level2+", "share2+", "mean", "change", "band", "alerts"
        );
        for p in ranked_places(trends) {
            let place = &trends.series.places[p];
            let alerts = trends.alerts.iter().filter(|a| a.place == p).count();
            let r = ranked_row(trends, p);
            let _ = writeln!(
                t,
                "{} {:<10} {:>8} {:>8} {:>8} {:>6} {:>8} {:<18} {:>6}",
                place_cell(&place.name),
                r.period,
                r.articles,
                r.violent,
                r.share,
                r.mean,
                r.change,
                r.band,
                alerts
            );
        }
        t.push('\n');
    }
    let _ = writeln!(t, "alerts ({})", trends.alerts.len());
    for a in &trends.alerts {
        let start = timeline.start(a.period);
        let _ = writeln!(
            t,
            "{}  {} {:<14} {:<8} {}",
            period_label(kind, start),
            place_cell(trends.place_name(a.place)),
            a.rule.name(),
            a.severity.name(),
            a.detail
        );
        if !a.articles.is_empty() {
            let _ = writeln!(t, "    articles: {}", a.articles.join(", "));
        }
    }
    t
}
