//! Synthetic classified feeds of known truth, seeded: each place's articles per level come
//! from Poisson processes whose weekly rates may change at a given week.
#![allow(dead_code)]

use sitrep::models::rng::Rng;
use sitrep::trend::aggregate::Aggregator;
use sitrep::trend::dates::{days_from_civil, format_date, Day};

/// Monday 2024-01-01: the first day of every synthetic feed.
pub fn first_monday() -> Day {
    days_from_civil(2024, 1, 1)
}

/// One place: weekly rates per level, switching to `after` from week `at` on, and weeks
/// with no articles at all (a coverage gap).
#[derive(Debug, Clone)]
pub struct PlaceSpec {
    pub name: String,
    pub weekly: [f64; 4],
    pub change: Option<(usize, [f64; 4])>,
    pub gap: Option<std::ops::Range<usize>>,
}

impl PlaceSpec {
    pub fn steady(name: impl Into<String>, weekly: [f64; 4]) -> Self {
        PlaceSpec {
            name: name.into(),
            weekly,
            change: None,
            gap: None,
        }
    }

    pub fn rates(&self, week: usize) -> [f64; 4] {
        match self.change {
            Some((at, after)) if week >= at => after,
            _ => self.weekly,
        }
    }
}

/// A Poisson draw with a small mean (Knuth's method).
pub fn poisson(rng: &mut Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let (mut p, mut k) = (1.0, 0);
    loop {
        p *= (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        if p <= limit {
            return k;
        }
        k += 1;
    }
}

/// One article: place, day, level, id.
pub type Article = (usize, Day, u8, String);

/// Every article of the feed, day by day (each day's count per level Poisson with a
/// seventh of the weekly rate).
pub fn articles(places: &[PlaceSpec], weeks: usize, seed: u64) -> Vec<Article> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for (p, spec) in places.iter().enumerate() {
        for week in 0..weeks {
            if spec.gap.as_ref().is_some_and(|g| g.contains(&week)) {
                continue;
            }
            let rates = spec.rates(week);
            for day in 0..7 {
                let d = first_monday() + (week * 7 + day) as Day;
                for (level, rate) in rates.iter().enumerate() {
                    for _ in 0..poisson(&mut rng, rate / 7.0) {
                        out.push((p, d, level as u8, format!("{}-{}", spec.name, out.len())));
                    }
                }
            }
        }
    }
    out
}

/// The feed counted, as `sitrep-trend` would count it.
pub fn aggregate(places: &[PlaceSpec], weeks: usize, seed: u64) -> Aggregator {
    let mut a = Aggregator::new();
    let index: Vec<u32> = places.iter().map(|s| a.place(&s.name)).collect();
    for (p, day, level, id) in articles(places, weeks, seed) {
        a.add(index[p], day, level, 0.9, 0, || id.clone().into());
    }
    a
}

/// The feed as sitrep-classify's CSV output would carry it, rows shuffled (input need not
/// be sorted).
pub fn csv(places: &[PlaceSpec], weeks: usize, seed: u64) -> String {
    let mut rows = articles(places, weeks, seed);
    Rng::new(seed ^ 0x5eed).shuffle(&mut rows);
    let mut s = String::from("id,date,country,escalation,escalation_probability,topic\n");
    for (p, day, level, id) in rows {
        s.push_str(&format!(
            "{id},{},{},{level},0.9000,offensive\n",
            format_date(day),
            places[p].name
        ));
    }
    s
}
