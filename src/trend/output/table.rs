//! The table for people at a terminal: places ranked by their latest change, then the
//! alerts with the figures and articles behind them.

use std::fmt::Write;

use super::super::Trends;
use super::{extent_text, period_label, ranked_places, ranked_row};
use crate::data::{align_left, clip_middle, display_width};

/// The place column is as wide as the longest place name, at least [`MIN_PLACE_WIDTH`]
/// and at most [`MAX_PLACE_WIDTH`] columns: a longer name is cut in its middle, so that
/// the end that tells `… / North Kivu` from `… / South Kivu` stays. Padded and cut by
/// display width, so that a CJK name keeps the columns after it in line.
const MIN_PLACE_WIDTH: usize = 24;
const MAX_PLACE_WIDTH: usize = 60;

/// The place column's width for these trends.
fn place_width(trends: &Trends) -> usize {
    let longest = trends.series.places.iter().map(|p| display_width(&p.name)).max();
    longest.unwrap_or(0).clamp(MIN_PLACE_WIDTH, MAX_PLACE_WIDTH)
}

/// A place name cut to `width` and padded to it.
fn place_cell(name: &str, width: usize) -> String {
    align_left(&clip_middle(name, width, "…"), width)
}

/// The places table and the alert list (or the alert list alone).
pub fn render(trends: &Trends, alerts_only: bool) -> String {
    let mut t = String::new();
    let kind = trends.series.timeline.period;
    let timeline = trends.series.timeline;
    let width = place_width(trends);
    // writing to a String cannot fail
    if !alerts_only {
        let _ = writeln!(
            t,
            "places ranked by their latest change in articles at level 2 or more ({})",
            extent_text(trends)
        );
        let _ = writeln!(
            t,
            "{:<width$} {:<10} {:>8} {:>8} {:>8} {:>6} {:>8} {:<18} {:>6}",
            "place", "period", "articles", "level2+", "share2+", "mean", "change", "band", "alerts"
        );
        for p in ranked_places(trends) {
            let place = &trends.series.places[p];
            let alerts = trends.alerts.iter().filter(|a| a.place == p).count();
            let r = ranked_row(trends, p);
            let _ = writeln!(
                t,
                "{} {:<10} {:>8} {:>8} {:>8} {:>6} {:>8} {:<18} {:>6}",
                place_cell(&place.name, width),
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
            place_cell(trends.place_name(a.place), width),
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
