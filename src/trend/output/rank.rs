//! The order of places in the rankings (table and HTML): places that need an analyst's eye
//! first. A place is ranked by the period it shows (its latest period with a rule A
//! reading, else its latest period with articles) and the escalation alerts from that
//! period on:
//!
//! 1. places with an escalation alert (any rule but C-cusum-down), then those with an
//!    escalation warning only, then the rest;
//! 2. within each, by the change shown: increases (`new` first, then the largest
//!    percentage), then stable, then limited change, then decreases (the smallest first),
//!    then places with no baseline yet;
//! 3. ties in name order.

use super::super::rules::change::{Band, Change};
use super::super::rules::Severity;
use super::super::series::PeriodRow;
use super::super::Trends;

/// A place's latest reading of rule A: its last covered period with a change reading, and
/// that period's index.
pub fn latest_change(periods: &[PeriodRow]) -> Option<(usize, &PeriodRow)> {
    periods
        .iter()
        .enumerate()
        .rev()
        .find(|(_, r)| !r.is_gap() && r.change.is_some())
}

/// The period a place shows in the rankings: its latest change reading, else its latest
/// period with articles; `None` for a place without articles.
pub fn shown_period(periods: &[PeriodRow]) -> Option<usize> {
    latest_change(periods)
        .map(|(t, _)| t)
        .or_else(|| periods.iter().rposition(|r| !r.is_gap()))
}

/// The sort key of a place (smaller first): its alert tier, the class of its change, and
/// the negated percentage within the class.
fn key(change: Option<Change>, escalation: Option<Severity>) -> (u8, u8, f64) {
    let tier = match escalation {
        Some(Severity::Alert) => 0,
        Some(Severity::Warning) => 1,
        None => 2,
    };
    let (class, percent) = match change {
        Some(c) => match c.band {
            Band::LargeIncrease | Band::ModerateIncrease => (0, c.percent.unwrap_or(f64::INFINITY)),
            Band::Stable => (1, c.percent.unwrap_or(0.0)),
            Band::LimitedChange => (2, 0.0),
            Band::ModerateDecrease | Band::LargeDecrease => (3, c.percent.unwrap_or(0.0)),
        },
        None => (4, 0.0),
    };
    (tier, class, -percent)
}

/// The places in ranking order (see the module's documentation).
pub fn ranked_places(trends: &Trends) -> Vec<usize> {
    let places = &trends.series.places;
    let shown: Vec<Option<usize>> = places.iter().map(|p| shown_period(&p.periods)).collect();
    // each place's strongest escalation alert from its shown period on, in one pass over
    // the alerts (a feed of thousands of places has tens of thousands of them)
    let mut escalation: Vec<Option<Severity>> = vec![None; places.len()];
    for a in &trends.alerts {
        if a.rule.is_escalation() && shown[a.place].is_some_and(|t| a.period >= t) {
            let strongest = &mut escalation[a.place];
            *strongest = Some(strongest.map_or(a.severity, |s| s.min(a.severity)));
        }
    }
    let keys: Vec<(u8, u8, f64)> = places
        .iter()
        .zip(shown)
        .zip(escalation)
        .map(|((place, shown), escalation)| key(shown.and_then(|t| place.periods[t].change), escalation))
        .collect();
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (keys[a], keys[b]);
        (ka.0, ka.1)
            .cmp(&(kb.0, kb.1))
            .then(ka.2.total_cmp(&kb.2))
            .then_with(|| trends.series.places[a].name.cmp(&trends.series.places[b].name))
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::rules::change::change;

    #[test]
    fn alerts_come_first_then_increases_then_decreases() {
        let flat = [10, 10, 10, 10];
        let keys = [
            key(Some(change(2, &flat)), Some(Severity::Alert)),
            key(Some(change(30, &flat)), Some(Severity::Warning)),
            key(Some(change(9, &[0, 0, 0, 0])), None),
            key(Some(change(20, &flat)), None),
            key(Some(change(10, &flat)), None),
            key(Some(change(0, &[0, 0, 0, 0])), None),
            key(Some(change(8, &flat)), None),
            key(Some(change(0, &flat)), None),
            key(None, None),
        ];
        for pair in keys.windows(2) {
            assert!(
                (pair[0].0, pair[0].1) < (pair[1].0, pair[1].1)
                    || ((pair[0].0, pair[0].1) == (pair[1].0, pair[1].1) && pair[0].2 < pair[1].2),
                "{pair:?}"
            );
        }
    }
}
