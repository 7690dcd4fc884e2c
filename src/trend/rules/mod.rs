//! The alert rules, run over every place's series: A (percent change, [`change`]), B
//! (Poisson tail, [`poisson`]), C (CUSUMs, [`cusum`]) and D (level 3, [`level3`]). Each
//! file documents its formula; [`apply`] runs them period by period and records what each
//! found in the period's row and, when it fires, an [`Alert`] naming the rule, its figures
//! and the articles behind it.

pub mod change;
pub mod cusum;
pub mod level3;
pub mod poisson;

use serde::Serialize;

use super::dates::{format_date, Day};
use super::params::ValidTrendParams;
use super::series::{PlaceSeries, Series};

/// Article ids named per alert.
pub const ARTICLES_PER_ALERT: usize = 5;

/// Which rule fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A: at least 100% more level-2+ articles than the baseline mean (≥ 1).
    Surge,
    /// B: a Poisson tail probability below the thresholds.
    Poisson,
    /// B, for an overdispersed place: the negative binomial tail.
    NegativeBinomial,
    /// C: the upward CUSUM passed h.
    CusumUp,
    /// C: the downward CUSUM passed h (de-escalation).
    CusumDown,
    /// D: the 30-day level-3 count at a one-year high.
    Level3High,
    /// D: a level-3 article after quiet days.
    Onset,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Surge,
        Rule::Poisson,
        Rule::NegativeBinomial,
        Rule::CusumUp,
        Rule::CusumDown,
        Rule::Level3High,
        Rule::Onset,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Surge => "A-surge",
            Rule::Poisson => "B-poisson",
            Rule::NegativeBinomial => "B-negbin",
            Rule::CusumUp => "C-cusum-up",
            Rule::CusumDown => "C-cusum-down",
            Rule::Level3High => "D-level3-high",
            Rule::Onset => "D-onset",
        }
    }

    /// False for the one rule that reports de-escalation.
    pub fn is_escalation(self) -> bool {
        self != Rule::CusumDown
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Alert,
    Warning,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Alert => "alert",
            Severity::Warning => "warning",
        }
    }
}

/// One rule firing for one place and period.
#[derive(Debug, Clone, PartialEq)]
pub struct Alert {
    /// Index into [`Series::places`].
    pub place: usize,
    /// Index of the period.
    pub period: usize,
    pub rule: Rule,
    pub severity: Severity,
    /// The figure the rule tested (a count, or a CUSUM statistic).
    pub value: f64,
    /// What it was compared with (a baseline mean, an expected count, h, a previous high).
    pub baseline: f64,
    /// One sentence with the figures behind the alert.
    pub detail: String,
    /// The ids of the articles that drove it, best first.
    pub articles: Vec<String>,
}

/// Runs every rule over every place and period, filling in each row's readings, and
/// returns the alerts in place and period order.
pub fn apply(series: &mut Series, params: &ValidTrendParams) -> Vec<Alert> {
    let mut designs = cusum::Designs::new(params.cusum_shift, params.cusum_arl);
    let mut alerts = Vec::new();
    for index in 0..series.places.len() {
        let place = &mut series.places[index];
        let found = run_place(place, index, series.timeline, params, &mut designs);
        alerts.extend(found);
    }
    alerts
}

fn run_place(
    place: &mut PlaceSeries,
    index: usize,
    timeline: super::series::Timeline,
    params: &ValidTrendParams,
    designs: &mut cusum::Designs,
) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let first = timeline.index(place.first_day);
    let violent: Vec<u32> = place.periods.iter().map(|r| r.violent()).collect();
    let covered: Vec<bool> = place.periods.iter().map(|r| !r.is_gap()).collect();
    // a period the feed covers only in part is in no baseline, and neither A nor C tests it
    // (B tests it by its days covered; D reads days)
    let full: Vec<bool> = (0..timeline.len)
        .map(|t| covered[t] && !timeline.is_partial(t))
        .collect();
    let (baseline, year) = (params.baseline_periods(), params.year_periods());
    let unit = params.period.name();
    let (mut up, mut down) = (0.0, 0.0);
    let mut state = None;
    // C's in-control window: (period, count) of covered periods t−2−year ..= t−3
    let mut control: std::collections::VecDeque<(usize, u32)> = Default::default();
    let mut control_counts: Vec<u32> = Vec::new();
    for t in 0..timeline.len {
        if let Some(p) = t
            .checked_sub(cusum::GUARD_PERIODS + 1)
            .filter(|&p| p >= first && full[p])
        {
            control.push_back((p, violent[p]));
        }
        while control
            .front()
            .is_some_and(|&(p, _)| p + cusum::GUARD_PERIODS + year < t)
        {
            control.pop_front();
        }
        control_counts.clear();
        control_counts.extend(control.iter().map(|&(_, c)| c));
        let (start, end) = (timeline.start(t), timeline.end(t));
        let x = violent[t];
        let high_ids = |lo, hi, min| place.examples(lo, hi, true, min, ARTICLES_PER_ALERT);
        let mut alert = |rule, severity, value: f64, base: f64, detail: String, articles| {
            alerts.push(Alert {
                place: index,
                period: t,
                rule,
                severity,
                value,
                baseline: base,
                detail,
                articles,
            })
        };
        let row_change = if full[t] && t >= first + baseline {
            let past: Vec<u32> = (t - baseline..t)
                .filter(|&p| full[p])
                .map(|p| violent[p])
                .collect();
            (2 * past.len() >= baseline).then(|| change::change(x, &past))
        } else {
            None
        };
        if let Some(c) = row_change.filter(|c| c.surge) {
            let percent = c.percent.unwrap_or(f64::INFINITY);
            alert(
                Rule::Surge,
                Severity::Alert,
                f64::from(x),
                c.baseline,
                format!(
                    "{x} articles at level 2 or more against a mean of {:.1} over the previous {baseline} {unit}s: {percent:+.0}%",
                    c.baseline
                ),
                high_ids(start, end, 2),
            );
        }
        // B: the 28 days ending 3 days before the period; its covered days are those in
        // covered periods from the place's first article on. A partial period is tested
        // on its days covered: the expected count is the window's rate times those days
        let window_start = start - poisson::GUARD_DAYS - poisson::WINDOW_DAYS;
        let window_end = start - poisson::GUARD_DAYS - 1;
        let known_from = window_start.max(place.first_day).max(timeline.data_first);
        let covered_days = covered_days(&timeline, &covered, known_from, window_end);
        let tested = covered[t] && covered_days >= poisson::MIN_COVERED_DAYS;
        let row_tail = tested.then(|| {
            let count = place.violent_between(window_start, window_end);
            let expected = poisson::expected(count, covered_days, timeline.days_covered(t));
            let from = first
                .max(t.saturating_sub(year))
                .max(usize::from(timeline.is_partial(0)));
            let dispersion = poisson::dispersion(&violent[from.min(t)..t]);
            poisson::Tail {
                observed: x,
                expected,
                dispersion,
                p: poisson::tail(x, expected, dispersion),
            }
        });
        if let Some(tail) = row_tail.filter(|b| f64::from(b.observed) > b.expected && b.p < params.warning_p)
        {
            let severity = if tail.p < params.alert_p {
                Severity::Alert
            } else {
                Severity::Warning
            };
            let (rule, model) = match tail.dispersion {
                Some(phi) => (Rule::NegativeBinomial, format!("negative binomial, φ = {phi:.1}")),
                None => (Rule::Poisson, "Poisson".to_string()),
            };
            // a partial period is tested on its days covered, and says so
            let days = timeline.days_covered(t);
            let exposure = if timeline.is_partial(t) {
                format!(" in its {days} days covered")
            } else {
                String::new()
            };
            alert(
                rule,
                severity,
                f64::from(x),
                tail.expected,
                format!(
                    "{x} articles at level 2 or more where {:.1} were expected{exposure} from the 28 days before: P(X ≥ {x}) = {:.2e} ({model})",
                    tail.expected, tail.p
                ),
                high_ids(start, end, 2),
            );
        }
        // C: both CUSUMs, holding still over gaps and partial periods
        if full[t] {
            if let Some(rate) = cusum::in_control_rate(&control_counts) {
                let (rate, d_up, d_down) = designs.get(rate);
                let (u, alarm_up) = cusum::step(up, x, &d_up, true);
                let (d, alarm_down) = match &d_down {
                    Some(dd) => cusum::step(down, x, dd, false),
                    None => (0.0, false),
                };
                let shift = params.cusum_shift;
                if alarm_up {
                    alert(
                        Rule::CusumUp,
                        Severity::Alert,
                        u,
                        d_up.h,
                        format!(
                            "upward CUSUM {u:.1} reached h = {:.1} (k = {:.2}): level-2+ articles running above {rate:.1} a {unit}, toward {:.1}",
                            d_up.h,
                            d_up.k,
                            rate * shift
                        ),
                        high_ids(start, end, 2),
                    );
                }
                if let Some(dd) = d_down.filter(|_| alarm_down) {
                    alert(
                        Rule::CusumDown,
                        Severity::Alert,
                        d,
                        dd.h,
                        format!(
                            "downward CUSUM {d:.1} reached h = {:.1} (k = {:.2}): level-2+ articles running below {rate:.1} a {unit}, toward {:.1}",
                            dd.h,
                            dd.k,
                            rate / shift
                        ),
                        place.examples(start, end, false, 0, ARTICLES_PER_ALERT),
                    );
                }
                state = Some(cusum::CusumState {
                    rate,
                    up: u,
                    up_h: d_up.h,
                    down: d,
                    down_h: d_down.map(|dd| dd.h),
                });
                up = if alarm_up { 0.0 } else { u };
                down = if alarm_down { 0.0 } else { d };
            }
        }
        // D: level 3 by day
        let (peak, _) = level3::peak(place, start, end);
        if let Some((now, before, day)) = level3::one_year_high(place, start, end, params.level3_min) {
            alert(
                Rule::Level3High,
                Severity::Alert,
                now as f64,
                before as f64,
                format!(
                    "{now} level-3 articles in the 30 days to {}, above the previous year's high of {before}",
                    format_date(day)
                ),
                high_ids(day - level3::WINDOW_DAYS + 1, day, 3),
            );
        }
        let quiet_covered = |lo: Day| (timeline.index(lo)..t).all(|p| covered[p]);
        if let Some(day) = level3::onset(place, start, end, params.onset_quiet_days)
            .filter(|&day| quiet_covered(day - params.onset_quiet_days as i32))
        {
            let quiet = quiet_days(place, day);
            alert(
                Rule::Onset,
                Severity::Alert,
                place.level3_between(day, day) as f64,
                0.0,
                format!(
                    "first level-3 article on {} after {quiet} days without one",
                    format_date(day)
                ),
                high_ids(day, day, 3),
            );
        }
        let row = &mut place.periods[t];
        row.change = row_change;
        row.tail = row_tail;
        row.cusum = if full[t] { state } else { None };
        row.level3_30d = peak as u32;
    }
    alerts
}

/// The days from `lo` to `hi` (included) that lie in covered periods.
fn covered_days(timeline: &super::series::Timeline, covered: &[bool], lo: Day, hi: Day) -> i32 {
    if hi < lo || lo < timeline.first {
        return 0;
    }
    (timeline.index(lo)..=timeline.index(hi))
        .filter(|&p| covered.get(p).copied().unwrap_or(false))
        .map(|p| timeline.end(p).min(hi) - timeline.start(p).max(lo) + 1)
        .sum()
}

/// Days since the last level-3 article before `day` (or since the place's first article).
fn quiet_days(place: &PlaceSeries, day: Day) -> i32 {
    // search back in steps of a year for the last level-3 day
    let mut lo = day - 365;
    loop {
        if let Some(last) = place.level3_days(lo.max(place.first_day), day - 1).last() {
            return day - last;
        }
        if lo <= place.first_day {
            return day - place.first_day;
        }
        lo -= 365;
    }
}
