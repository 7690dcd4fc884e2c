//! The alert rules on synthetic feeds of known truth (seeded, generated here): a step
//! change is caught within 2 periods, de-escalation is seen by the downward CUSUM, gaps
//! stay gaps, and on stationary Poisson feeds each rule alerts at its design rate.

mod trend_feed;
use trend_feed::*;

use sitrep::models::rng::Rng;
use sitrep::trend::rules::{change, cusum, level3, poisson, Rule, Severity};
use sitrep::trend::{analyze, TrendParams, Trends};

fn trends(places: &[PlaceSpec], weeks: usize, seed: u64) -> Trends {
    let params = TrendParams::default().check().expect("defaults");
    analyze(aggregate(places, weeks, seed), &params).expect("articles")
}

/// The index of the place named `name` (places come in name order).
fn place(t: &Trends, name: &str) -> usize {
    t.series
        .places
        .iter()
        .position(|p| p.name == name)
        .expect("place")
}

/// Alerts of `rules` (severity alert) for place `p`, by period.
fn alert_periods(t: &Trends, p: usize, rules: &[Rule]) -> Vec<usize> {
    t.alerts
        .iter()
        .filter(|a| a.place == p && rules.contains(&a.rule) && a.severity == Severity::Alert)
        .map(|a| a.period)
        .collect()
}

#[test]
fn a_step_in_the_level3_rate_is_alerted_by_b_or_c_within_two_periods() {
    let start = 60;
    for seed in 1..=20 {
        let mut places: Vec<PlaceSpec> = (0..5)
            .map(|i| PlaceSpec::steady(format!("calm{i}"), [3.0, 4.0, 3.0, 0.5]))
            .collect();
        places.push(PlaceSpec {
            change: Some((start, [3.0, 4.0, 3.0, 10.0])),
            ..PlaceSpec::steady("stepping", [3.0, 4.0, 3.0, 0.5])
        });
        let t = trends(&places, 80, seed);
        let stepping = place(&t, "stepping");
        let hits = alert_periods(
            &t,
            stepping,
            &[Rule::Poisson, Rule::NegativeBinomial, Rule::CusumUp],
        );
        assert!(
            hits.iter().any(|&w| (start..start + 2).contains(&w)),
            "seed {seed}: B/C alerts at {hits:?}, step at {start}"
        );
        // the alert names articles of the period, the level-3 ones first
        let a = t
            .alerts
            .iter()
            .find(|a| a.place == stepping && (start..start + 2).contains(&a.period))
            .expect("an alert");
        assert!(!a.articles.is_empty() && a.articles.iter().all(|id| id.starts_with("stepping-")));
    }
}

#[test]
fn de_escalation_is_seen_by_the_downward_cusum() {
    let start = 60;
    for seed in 1..=10 {
        let places = vec![
            PlaceSpec::steady("steady", [2.0, 3.0, 12.0, 2.0]),
            PlaceSpec {
                change: Some((start, [2.0, 3.0, 3.0, 0.5])),
                ..PlaceSpec::steady("calming", [2.0, 3.0, 12.0, 2.0])
            },
        ];
        let t = trends(&places, 80, seed);
        let calming = place(&t, "calming");
        let down = alert_periods(&t, calming, &[Rule::CusumDown]);
        assert!(
            down.iter().any(|&w| (start..start + 4).contains(&w)),
            "seed {seed}: downward alerts at {down:?}, drop at {start}"
        );
        // the upward CUSUM stays quiet while it calms
        assert!(alert_periods(&t, calming, &[Rule::CusumUp])
            .iter()
            .all(|&w| !(start..start + 8).contains(&w)));
        // a de-escalation alert names the calm articles of its period
        let a = t
            .alerts
            .iter()
            .find(|a| a.place == calming && a.rule == Rule::CusumDown)
            .expect("alert");
        assert!(!a.articles.is_empty());
    }
}

#[test]
fn gaps_are_gaps_not_zeros() {
    let places = vec![PlaceSpec {
        gap: Some(30..40),
        ..PlaceSpec::steady("gappy", [2.0, 3.0, 6.0, 1.0])
    }];
    let t = trends(&places, 60, 3);
    let rows = &t.series.places[0].periods;
    for (w, row) in rows.iter().enumerate() {
        let gap = (30..40).contains(&w);
        assert_eq!(row.is_gap(), gap, "week {w}");
        assert_eq!(row.share_violent().is_none(), gap, "week {w}");
        assert_eq!(row.shrunk_mean(5.0).is_none(), gap, "week {w}");
        if gap {
            // no rule reads a gap as calm, and the CUSUMs hold still over it
            assert!(
                row.change.is_none() && row.tail.is_none() && row.cusum.is_none(),
                "week {w}"
            );
        }
    }
    assert!(t.alerts.iter().all(|a| !(30..40).contains(&a.period)));
    // the statistics after the gap carry on from before it: no alarm from the silence
    assert!(alert_periods(&t, 0, &[Rule::CusumDown])
        .iter()
        .all(|&w| !(40..44).contains(&w)));
}

/// Place `p`'s weekly rates in the stationary feeds: level 3 from rare to frequent, level 2
/// from a few to many, mixed so that every combination appears.
fn stationary_rates(p: usize) -> [f64; 4] {
    let level3 = [0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 4.0][p % 7];
    let level2 = [1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 20.0][(p * 3 / 7 + p) % 7];
    [3.0, 4.0, level2, level3]
}

const PLACES: usize = 50;
const WEEKS: usize = 104;
const FEEDS: u64 = 2;

/// Measured and designed alert counts for one rule over the stationary feeds.
#[derive(Default, Debug)]
struct Tally {
    alerts: f64,
    expected: f64,
}

impl Tally {
    fn check(&self, rule: &str) {
        let ratio = self.alerts / self.expected;
        eprintln!(
            "{rule}: {} alerting place-weeks, {:.1} by design (ratio {ratio:.2})",
            self.alerts, self.expected
        );
        assert!(
            self.expected > 20.0,
            "{rule}: too few expected alerts to measure a rate"
        );
        assert!(
            (1.0 / 1.5..=1.5).contains(&ratio),
            "{rule}: {} alerts where the design rate gives {:.1}",
            self.alerts,
            self.expected
        );
    }
}

/// The rate of D's one-year high on stationary level-3 articles at `weekly` a week, by a
/// plain day-by-day count on separate simulated places (not sitrep's code): per week from
/// week 53 on, the week's highest 30-day count against the highest of the 365 days before.
fn level3_high_reference_rate(weekly: f64, min: u64) -> f64 {
    let mut rng = Rng::new(99);
    let (mut hits, mut weeks) = (0u64, 0u64);
    for _ in 0..400 {
        let days: Vec<u64> = (0..WEEKS * 7)
            .map(|_| u64::from(poisson(&mut rng, weekly / 7.0)))
            .collect();
        let c30 = |e: usize| days[e.saturating_sub(29)..=e].iter().sum::<u64>();
        for w in 53..WEEKS {
            let s = w * 7;
            let now = (s..s + 7).map(c30).max().unwrap_or(0);
            let before = (s - 365..s).map(c30).max().unwrap_or(0);
            weeks += 1;
            hits += u64::from(now > before && now >= min);
        }
    }
    hits as f64 / weeks as f64
}

#[test]
fn on_stationary_feeds_each_rule_alerts_at_its_design_rate() {
    let specs: Vec<PlaceSpec> = (0..PLACES)
        .map(|p| PlaceSpec::steady(format!("p{p:02}"), stationary_rates(p)))
        .collect();
    let params = TrendParams::default().check().expect("defaults");
    let mut tallies: std::collections::BTreeMap<&str, Tally> = Default::default();
    let mut reference = std::collections::HashMap::new();
    for seed in 1..=FEEDS {
        let t = analyze(aggregate(&specs, WEEKS, seed), &params).expect("articles");
        for (p, place) in t.series.places.iter().enumerate() {
            let r = stationary_rates(p);
            let violent = r[2] + r[3];
            let alerted = |rule: Rule, w: usize| {
                t.alerts
                    .iter()
                    .any(|a| a.place == p && a.period == w && a.rule == rule && a.severity == Severity::Alert)
            };
            let up = cusum::design(violent, params.cusum_shift, params.cusum_arl, true);
            let down = cusum::design(violent, params.cusum_shift, params.cusum_arl, false);
            let high = *reference
                .entry(p % 7)
                .or_insert_with(|| level3_high_reference_rate(r[3], u64::from(params.level3_min)));
            for (w, row) in place.periods.iter().enumerate() {
                let start = t.series.timeline.start(w);
                let mut add = |rule: &'static str, evaluated: bool, design: f64, hit: bool| {
                    if evaluated {
                        let tally = tallies.entry(rule).or_default();
                        tally.expected += design;
                        tally.alerts += f64::from(u8::from(hit));
                    }
                };
                add(
                    "A-surge",
                    row.change.is_some(),
                    change::design_rate(violent, 4),
                    alerted(Rule::Surge, w),
                );
                let b_hit = alerted(Rule::Poisson, w) || alerted(Rule::NegativeBinomial, w);
                add(
                    "B",
                    row.tail.is_some(),
                    poisson::design_rate(violent / 7.0, 7, params.alert_p),
                    b_hit,
                );
                add(
                    "C-cusum-up",
                    row.cusum.is_some(),
                    1.0 / up.arl,
                    alerted(Rule::CusumUp, w),
                );
                let down_runs = row.cusum.is_some_and(|c| c.down_h.is_some());
                add(
                    "C-cusum-down",
                    down_runs,
                    1.0 / down.arl,
                    alerted(Rule::CusumDown, w),
                );
                let year = start - 365 >= place.first_day;
                add("D-level3-high", year, high, alerted(Rule::Level3High, w));
                let onset = level3::onset_design_rate(r[3] / 7.0, 7, params.onset_quiet_days);
                add(
                    "D-onset",
                    start - 90 >= place.first_day,
                    onset,
                    alerted(Rule::Onset, w),
                );
            }
        }
    }
    for (rule, tally) in &tallies {
        tally.check(rule);
    }
}
