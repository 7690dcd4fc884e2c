//! Rule D: major escalation (level 3), by day, whatever the period.
//!
//! - **One-year high**: with `c30(e)` the level-3 articles on the 30 days ending on day
//!   `e`, a period alerts when the highest `c30` reached on its days is above every `c30`
//!   of the 365 days before it, and at least `--level3-min` (3). It needs a year of the
//!   place's coverage before the period.
//! - **Onset**: a period alerts on its first level-3 article when the place had none in the
//!   `--onset-quiet-days` (90) days before it, and has been covered for that long (its
//!   first article that long before, and, checked in [`super::apply`], no gap among the
//!   periods those days touch: a gap is not quiet). For
//!   level-3 articles at a steady `r` a day, that happens in a period of `d` days with
//!   probability `d · e^(−90r) · (1 − e^(−r))`: the onset's design rate.

use super::super::dates::Day;
use super::super::series::PlaceSeries;

/// Days in the rolling level-3 count.
pub const WINDOW_DAYS: i32 = 30;
/// Days the one-year high looks back.
pub const YEAR_DAYS: i32 = 365;

/// The highest 30-day level-3 count on days `lo..=hi`, and the day it is first reached.
/// The count only rises on days with level-3 articles, so those and `lo` are the only days
/// to look at.
pub fn peak(place: &PlaceSeries, lo: Day, hi: Day) -> (u64, Day) {
    let c30 = |e: Day| place.level3_between(e - WINDOW_DAYS + 1, e);
    let mut best = (c30(lo), lo);
    for d in place.level3_days(lo + 1, hi) {
        let c = c30(d);
        if c > best.0 {
            best = (c, d);
        }
    }
    best
}

/// Rule D's one-year high for the period of days `start..=end`: `Some((peak, previous
/// high, peak day))` when it alerts.
pub fn one_year_high(place: &PlaceSeries, start: Day, end: Day, min: u32) -> Option<(u64, u64, Day)> {
    if place.first_day > start - YEAR_DAYS {
        return None;
    }
    let (now, day) = peak(place, start, end);
    let (before, _) = peak(place, start - YEAR_DAYS, start - 1);
    (now > before && now >= u64::from(min)).then_some((now, before, day))
}

/// Rule D's onset in the period of days `start..=end`: the day of its first level-3
/// article, when none came in the `quiet` days before it (and the place was covered then).
pub fn onset(place: &PlaceSeries, start: Day, end: Day, quiet: u32) -> Option<Day> {
    let quiet = quiet as i32;
    let first = place.level3_days(start, end).next()?;
    let covered = place.first_day <= first - quiet;
    (covered && place.level3_between(first - quiet, first - 1) == 0).then_some(first)
}

/// The onset's rate per period when level-3 articles come at `daily_rate` every day:
/// `d · e^(−q·r) · (1 − e^(−r))` for periods of `d ≤ q` days.
pub fn onset_design_rate(daily_rate: f64, period_days: i32, quiet: u32) -> f64 {
    f64::from(period_days) * (-f64::from(quiet) * daily_rate).exp() * (1.0 - (-daily_rate).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::aggregate::Aggregator;
    use crate::trend::params::TrendParams;
    use crate::trend::series::build;

    fn place(level3_days: &[Day], first: Day) -> PlaceSeries {
        let mut a = Aggregator::new();
        let p = a.place("P");
        a.add(p, first, 0, 1.0, 1, || "first".into());
        for &d in level3_days {
            a.add(p, d, 3, 1.0, 2, || format!("d{d}").into());
        }
        let params = TrendParams::default().check().expect("valid");
        build(a.into_places(), &params).expect("days").places.remove(0)
    }

    #[test]
    fn a_new_one_year_high_alerts_once_it_passes_the_old_one() {
        // within the year before: 3 level-3 articles in 30 days; now 4
        let p = place(&[500, 510, 520, 800, 805, 810, 815], 0);
        assert_eq!(peak(&p, 500, 530), (3, 520));
        assert_eq!(one_year_high(&p, 800, 806, 3), None, "2 in 30 days is not a high");
        assert_eq!(one_year_high(&p, 807, 813, 3), None, "3 ties the old high");
        assert_eq!(one_year_high(&p, 814, 820, 3), Some((4, 3, 815)));
        // without a year of coverage before the period there is no baseline to beat
        let young = place(&[400, 410, 420, 430], 300);
        assert_eq!(one_year_high(&young, 420, 430, 3), None);
    }

    #[test]
    fn onset_needs_quiet_days_and_coverage() {
        let p = place(&[100, 250, 260], 0);
        assert_eq!(onset(&p, 98, 104, 90), Some(100));
        assert_eq!(onset(&p, 245, 251, 90), Some(250));
        assert_eq!(onset(&p, 259, 265, 90), None, "10 days after the last one");
        assert_eq!(
            onset(&place(&[100], 20), 98, 104, 90),
            None,
            "covered 80 days only"
        );
        let r: f64 = 0.02;
        assert!((onset_design_rate(r, 7, 90) - 7.0 * (-1.8f64).exp() * (1.0 - (-r).exp())).abs() < 1e-15);
    }
}
