//! From counts per place and day to a series per place and period on one time axis.
//!
//! Every place gets one row per period from the feed's first period to its last, so that
//! places line up. A period in which a place has no articles is a gap ("no coverage"): its
//! counts are 0 (the volume bars show nothing) but its intensity figures (the share at
//! level 2 or more, the mean level) are `None`, never 0, because no coverage says nothing
//! about how violent things were.
//!
//! The days themselves are kept, sparse and sorted, with running totals, so that the rules
//! can sum any window of days (28 days before a period, 30 days to a peak) by two binary
//! searches.

use super::aggregate::{DayCell, Example, PlaceDays, LEVELS};
use super::dates::{week_start, Day};
use super::params::{PeriodKind, ValidTrendParams};

/// The periods every place's series runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    pub period: PeriodKind,
    /// The first day of the first period.
    pub first: Day,
    /// How many periods.
    pub len: usize,
    /// The feed's extent: the dates of its first and last article, whatever the place. A
    /// period the extent covers only in part is partial (see [`Timeline::is_partial`]).
    pub data_first: Day,
    pub data_last: Day,
}

impl Timeline {
    /// The periods from the one holding `first_day` to the one holding `last_day`.
    pub fn covering(period: PeriodKind, first_day: Day, last_day: Day) -> Timeline {
        let start = |d: Day| match period {
            PeriodKind::Week => week_start(d),
            PeriodKind::Day => d,
        };
        let first = start(first_day);
        let len = ((start(last_day) - first) / period.days()) as usize + 1;
        Timeline {
            period,
            first,
            len,
            data_first: first_day,
            data_last: last_day,
        }
    }

    /// The days of period `t` within the feed's extent.
    pub fn days_covered(&self, t: usize) -> i32 {
        (self.end(t).min(self.data_last) - self.start(t).max(self.data_first) + 1).max(0)
    }

    /// Whether the feed covers period `t` only in part: its data starts after the period
    /// starts or ends before it ends. Rules that compare period counts (A, B, C) neither
    /// test a partial period nor count it in a baseline.
    pub fn is_partial(&self, t: usize) -> bool {
        self.days_covered(t) < self.period.days()
    }

    /// The first day of period `t`.
    pub fn start(&self, t: usize) -> Day {
        self.first + t as i32 * self.period.days()
    }

    /// The last day of period `t`.
    pub fn end(&self, t: usize) -> Day {
        self.start(t) + self.period.days() - 1
    }

    /// The period holding `day` (which must not be before the first period).
    pub fn index(&self, day: Day) -> usize {
        ((day - self.first).max(0) / self.period.days()) as usize
    }
}

/// One place in one period: the counts, and what the rules made of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeriodRow {
    /// Articles per level.
    pub counts: [u32; LEVELS],
    /// μ0: the mean level the shrunk mean is pulled toward (the baseline's, see [`build`]).
    pub prior_mean: f64,
    /// Rule A: the change of the level-2+ count against its baseline.
    pub change: Option<super::rules::change::Change>,
    /// Rule B: the tail probability of the level-2+ count, if the period was tested.
    pub tail: Option<super::rules::poisson::Tail>,
    /// Rule C: the upward and downward CUSUM statistics after this period, and the
    /// decision interval h they are compared with (`None` before the in-control rate is known).
    pub cusum: Option<super::rules::cusum::CusumState>,
    /// Rule D: the highest 30-day level-3 count reached in this period.
    pub level3_30d: u32,
}

impl PeriodRow {
    /// Articles in the period.
    pub fn n(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// Articles at level 2 or more.
    pub fn violent(&self) -> u32 {
        self.counts[2] + self.counts[3]
    }

    pub fn level3(&self) -> u32 {
        self.counts[3]
    }

    /// No articles: a gap.
    pub fn is_gap(&self) -> bool {
        self.n() == 0
    }

    /// The share of articles at level 2 or more; `None` for a gap.
    pub fn share_violent(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| f64::from(self.violent()) / f64::from(n))
    }

    fn level_sum(&self) -> u64 {
        self.counts
            .iter()
            .enumerate()
            .map(|(l, &c)| l as u64 * u64::from(c))
            .sum()
    }

    /// The mean level shrunk toward μ0: `(Σ level + k·μ0) / (n + k)`, so that a period with
    /// two articles does not swing the line as far as one with two hundred; `None` for a gap.
    pub fn shrunk_mean(&self, k: f64) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| (self.level_sum() as f64 + k * self.prior_mean) / (f64::from(n) + k))
    }
}

/// One place: its days (sparse, sorted) and its row per period of the [`Timeline`].
#[derive(Debug, Clone)]
pub struct PlaceSeries {
    pub name: String,
    /// The day of the place's first article: windows reaching before it are not yet known.
    pub first_day: Day,
    days: Vec<Day>,
    cells: Vec<DayCell>,
    /// `violent_before[i]`: articles at level ≥ 2 on `days[..i]`; likewise for level 3.
    violent_before: Vec<u64>,
    level3_before: Vec<u64>,
    pub periods: Vec<PeriodRow>,
}

impl PlaceSeries {
    /// Index of the first kept day at or after `day`.
    fn at_or_after(&self, day: Day) -> usize {
        self.days.partition_point(|&d| d < day)
    }

    /// Articles at level ≥ 2 from day `lo` to day `hi`, both included.
    pub fn violent_between(&self, lo: Day, hi: Day) -> u64 {
        if hi < lo {
            return 0;
        }
        self.violent_before[self.at_or_after(hi + 1)] - self.violent_before[self.at_or_after(lo)]
    }

    /// Level-3 articles from day `lo` to day `hi`, both included.
    pub fn level3_between(&self, lo: Day, hi: Day) -> u64 {
        if hi < lo {
            return 0;
        }
        self.level3_before[self.at_or_after(hi + 1)] - self.level3_before[self.at_or_after(lo)]
    }

    /// The days from `lo` to `hi` (included) with at least one level-3 article.
    pub fn level3_days(&self, lo: Day, hi: Day) -> impl Iterator<Item = Day> + '_ {
        let (a, b) = (self.at_or_after(lo), self.at_or_after(hi.saturating_add(1)));
        self.days[a..b.max(a)]
            .iter()
            .zip(&self.cells[a..b.max(a)])
            .filter(|(_, c)| c.counts[3] > 0)
            .map(|(&d, _)| d)
    }

    /// The ids of up to `max` articles from day `lo` to `hi`: the highest-level ones
    /// (`high`) or the lowest-level ones, best first, at least `min_level` for high ones.
    pub fn examples(&self, lo: Day, hi: Day, high: bool, min_level: u8, max: usize) -> Vec<String> {
        let (a, b) = (self.at_or_after(lo), self.at_or_after(hi.saturating_add(1)));
        let mut all: Vec<&Example> = self.cells[a..b.max(a)]
            .iter()
            .flat_map(|c| if high { &c.high } else { &c.low })
            .filter(|e| !high || e.level >= min_level)
            .collect();
        let key = |e: &Example| super::aggregate::Candidate {
            level: e.level,
            probability: e.probability,
            line: e.line,
        };
        let rank = if high {
            super::aggregate::rank_high
        } else {
            super::aggregate::rank_low
        };
        all.sort_by(|x, y| rank(&key(x), y));
        all.into_iter().take(max).map(|e| e.id.to_string()).collect()
    }
}

/// The series of every place, on one [`Timeline`].
#[derive(Debug, Clone)]
pub struct Series {
    pub timeline: Timeline,
    pub places: Vec<PlaceSeries>,
    /// The mean level of every article in the feed (μ0 when a place has no history yet).
    pub feed_mean: f64,
}

/// Builds the series from the counts. μ0 for a period is the mean level of the place's
/// articles in rule A's baseline periods before it; when those hold no articles, the mean
/// over all the place's earlier periods; for its first period, the feed's mean. `None`
/// when no place has any day.
pub fn build(places: Vec<PlaceDays>, params: &ValidTrendParams) -> Option<Series> {
    let first = places.iter().flat_map(|p| p.days.keys()).min().copied()?;
    let last = places.iter().flat_map(|p| p.days.keys()).max().copied()?;
    let timeline = Timeline::covering(params.period, first, last);
    let (mut total, mut level_sum) = (0u64, 0u64);
    for cell in places.iter().flat_map(|p| p.days.values()) {
        for (l, &c) in cell.counts.iter().enumerate() {
            total += u64::from(c);
            level_sum += l as u64 * u64::from(c);
        }
    }
    let feed_mean = if total > 0 {
        level_sum as f64 / total as f64
    } else {
        0.0
    };
    let baseline = params.baseline_periods();
    // places in name order, whatever the order of the input
    let mut places = places;
    places.sort_by(|a, b| a.name.cmp(&b.name));
    let places = places
        .into_iter()
        .map(|p| place_series(p, &timeline, baseline, feed_mean))
        .collect();
    Some(Series {
        timeline,
        places,
        feed_mean,
    })
}

fn place_series(p: PlaceDays, timeline: &Timeline, baseline: usize, feed_mean: f64) -> PlaceSeries {
    let mut days: Vec<(Day, DayCell)> = p.days.into_iter().collect();
    days.sort_unstable_by_key(|(d, _)| *d);
    let mut periods = vec![PeriodRow::default(); timeline.len];
    let (mut violent_before, mut level3_before) = (vec![0u64], vec![0u64]);
    for (day, cell) in &days {
        let row = &mut periods[timeline.index(*day)];
        for (l, &c) in cell.counts.iter().enumerate() {
            row.counts[l] += c;
        }
        let last = |v: &Vec<u64>| v.last().copied().unwrap_or(0);
        violent_before.push(last(&violent_before) + u64::from(cell.counts[2] + cell.counts[3]));
        level3_before.push(last(&level3_before) + u64::from(cell.counts[3]));
    }
    // μ0 per period from running sums: the baseline window, else all history, else the feed
    let (mut all_n, mut all_sum) = (0u64, 0u64);
    let (mut win_n, mut win_sum) = (0u64, 0u64);
    for t in 0..periods.len() {
        periods[t].prior_mean = if win_n > 0 {
            win_sum as f64 / win_n as f64
        } else if all_n > 0 {
            all_sum as f64 / all_n as f64
        } else {
            feed_mean
        };
        let (n, sum) = (u64::from(periods[t].n()), periods[t].level_sum());
        all_n += n;
        all_sum += sum;
        win_n += n;
        win_sum += sum;
        // the next period's window is periods t+1-baseline ..= t
        if t >= baseline {
            let old = &periods[t - baseline];
            win_n -= u64::from(old.n());
            win_sum -= old.level_sum();
        }
    }
    let first_day = days.first().map_or(timeline.first, |(d, _)| *d);
    let (day_list, cells) = days.into_iter().unzip();
    PlaceSeries {
        name: p.name,
        first_day,
        days: day_list,
        cells,
        violent_before,
        level3_before,
        periods,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::aggregate::Aggregator;
    use crate::trend::dates::days_from_civil;
    use crate::trend::params::TrendParams;

    #[test]
    fn gaps_have_no_intensity_and_places_share_one_axis() {
        let mut a = Aggregator::new();
        let (x, y) = (a.place("X"), a.place("Y"));
        let monday = days_from_civil(2025, 3, 3);
        // X: week 0 and week 3; Y: week 1 only
        for (place, day, level) in [
            (x, monday, 3),
            (x, monday + 1, 1),
            (x, monday + 22, 2),
            (y, monday + 9, 0),
        ] {
            a.add(place, day, level, 1.0, 2, || "id".into());
        }
        let params = TrendParams::default().check().expect("valid");
        let s = build(a.into_places(), &params).expect("some days");
        assert_eq!(s.timeline.len, 4);
        assert_eq!(s.timeline.first, monday);
        // the data runs from Monday of week 0 to Tuesday of week 3: only week 3 is partial
        assert_eq!(
            (s.timeline.data_first, s.timeline.data_last),
            (monday, monday + 22)
        );
        let covered: Vec<i32> = (0..4).map(|t| s.timeline.days_covered(t)).collect();
        assert_eq!(covered, [7, 7, 7, 2]);
        assert!(s.timeline.is_partial(3) && !s.timeline.is_partial(0));
        let px = &s.places[0];
        let n: Vec<u32> = px.periods.iter().map(PeriodRow::n).collect();
        assert_eq!(n, [2, 0, 0, 1]);
        assert_eq!(px.periods[1].share_violent(), None);
        assert_eq!(px.periods[1].shrunk_mean(5.0), None);
        assert_eq!(px.periods[0].share_violent(), Some(0.5));
        // feed mean (3+1+2+0)/4 = 1.5 for the first period; then X's own history (2.0)
        assert_eq!(px.periods[0].prior_mean, 1.5);
        assert_eq!(px.periods[0].shrunk_mean(5.0), Some((4.0 + 5.0 * 1.5) / 7.0));
        assert_eq!(px.periods[3].prior_mean, 2.0);
        assert_eq!(px.violent_between(monday, monday + 30), 2);
        assert_eq!(px.level3_between(monday + 1, monday + 30), 0);
        assert_eq!(s.places[1].periods[1].n(), 1);
        assert_eq!(s.places[1].first_day, monday + 9);
    }

    #[test]
    fn the_prior_mean_comes_from_the_baseline_window_only() {
        let mut a = Aggregator::new();
        let x = a.place("X");
        let monday = days_from_civil(2025, 3, 3);
        // weeks 0-9 at level 0, weeks 10-13 at level 3: by week 14 the 4-week window holds only level 3
        for w in 0..15 {
            a.add(x, monday + 7 * w, if w >= 10 { 3 } else { 0 }, 1.0, 2, || {
                "id".into()
            });
        }
        let params = TrendParams::default().check().expect("valid");
        let s = build(a.into_places(), &params).expect("days");
        let p = &s.places[0].periods;
        assert_eq!(p[10].prior_mean, 0.0);
        assert_eq!(p[12].prior_mean, 1.5);
        assert_eq!(p[14].prior_mean, 3.0);
    }
}
