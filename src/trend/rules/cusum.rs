//! Rule C: Poisson CUSUMs (Lucas 1985) for sustained shifts in a place's count of articles
//! at level 2 or more: one up (escalation) and a mirror one down (de-escalation).
//!
//! With `λ0` the in-control rate per period and `λ1 = c·λ0` the shifted one (`c` is
//! `--cusum-shift`, 2 by default), the reference value is
//! `k = (λ1 − λ0) / (ln λ1 − ln λ0)`, and after each period with count `x`:
//!
//! - up: `S ← max(0, S + x − k)`, alarm when `S ≥ h`;
//! - down (`λ1 = λ0 / c`): `D ← max(0, D + k − x)`, alarm when `D ≥ h`.
//!
//! A statistic is reset to 0 after its alarm. `h` is the smallest decision interval whose
//! in-control average run length (periods to a false alarm, with counts Poisson(λ0)) is at
//! least `--cusum-arl` (100 by default), computed exactly by Brook and Evans' Markov chain
//! on a grid of `1/m` (with `k = a/m`, `a ≈ 10`). So each statistic's design rate is one
//! false alarm per `--cusum-arl` covered periods.
//!
//! `λ0` is the mean count over the place's covered periods in the year before the period,
//! leaving out the 2 periods just before it (at least 8 covered periods; at least half an
//! article over them). Designs are cached on a grid of λ0 5% apart. Gaps (periods with no
//! articles at all) are skipped: no coverage is neither calm nor violence.

use rustc_hash::FxHashMap;
use serde::Serialize;
use statrs::distribution::{Discrete, Poisson};

/// Periods between the in-control window and the period tested.
pub const GUARD_PERIODS: usize = 2;
/// The fewest covered periods to estimate λ0 from.
pub const MIN_PERIODS: usize = 8;
/// `k` is rounded to `a / m` with `a` about this: 5% at worst.
const GRID_STEPS_IN_K: f64 = 10.0;
/// λ0 values this close share a design.
const RATE_GRID: f64 = 1.05;
/// The grid is never finer than this many steps per count, nor the chain longer than
/// [`MAX_STATES`]: that bounds the time and memory of a design.
const MAX_STEPS_PER_COUNT: f64 = 50.0;
const MAX_STATES: usize = 1024;
/// The downward CUSUM needs an in-control rate of at least this per period: below it,
/// halving the rate takes years of silence to tell from chance.
pub const MIN_DOWN_RATE: f64 = 0.5;

/// A CUSUM's reference value and decision interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Design {
    pub k: f64,
    pub h: f64,
    /// The in-control average run length achieved (≥ the target).
    pub arl: f64,
}

/// Rule C's state after one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CusumState {
    /// The in-control rate per period (on the design grid).
    pub rate: f64,
    pub up: f64,
    pub up_h: f64,
    pub down: f64,
    /// `None` below [`MIN_DOWN_RATE`], where the downward CUSUM does not run.
    pub down_h: Option<f64>,
}

/// Average run length of a CUSUM on the integer grid: states `0..big_h` (units of `1/m`),
/// each period moving from `j` to `max(0, j + step(x))` with `x ~ pmf`, alarm at `big_h`
/// or above. Solves `(I − R) L = 1` by Gaussian elimination; `L[0]` is the ARL from 0.
fn average_run_length(big_h: usize, pmf: &[f64], step: impl Fn(usize) -> i64) -> f64 {
    let n = big_h;
    // the augmented matrix [I − R | 1]
    let mut a = vec![0.0; n * (n + 1)];
    for i in 0..n {
        a[i * (n + 1) + i] += 1.0;
        a[i * (n + 1) + n] = 1.0;
        for (x, &p) in pmf.iter().enumerate() {
            let j = (i as i64 + step(x)).max(0);
            if (j as usize) < n {
                a[i * (n + 1) + j as usize] -= p;
            }
        }
    }
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&r, &s| a[r * (n + 1) + col].abs().total_cmp(&a[s * (n + 1) + col].abs()))
            .unwrap_or(col);
        if pivot != col {
            for c in 0..=n {
                a.swap(col * (n + 1) + c, pivot * (n + 1) + c);
            }
        }
        let d = a[col * (n + 1) + col];
        if d.abs() < 1e-300 {
            return f64::INFINITY;
        }
        for r in (col + 1)..n {
            let f = a[r * (n + 1) + col] / d;
            if f != 0.0 {
                for c in col..=n {
                    a[r * (n + 1) + c] -= f * a[col * (n + 1) + c];
                }
            }
        }
    }
    let mut l = vec![0.0; n];
    for r in (0..n).rev() {
        let s: f64 = ((r + 1)..n).map(|c| a[r * (n + 1) + c] * l[c]).sum();
        l[r] = (a[r * (n + 1) + n] - s) / a[r * (n + 1) + r];
    }
    l.first().copied().unwrap_or(0.0)
}

/// A CUSUM on the integer grid of [`average_run_length`]: counts `x ~ Poisson(λ0)` move the
/// statistic by `m·x − a` steps up (or `a − m·x` down), so `k = a / m`.
struct Chain {
    m: i64,
    a: i64,
    up: bool,
    pmf: Vec<f64>,
}

impl Chain {
    fn new(lambda0: f64, shift: f64, up: bool) -> Self {
        let k = if up {
            lambda0 * (shift - 1.0) / shift.ln()
        } else {
            lambda0 * (1.0 - 1.0 / shift) / shift.ln()
        };
        let m = (GRID_STEPS_IN_K / k).round().clamp(1.0, MAX_STEPS_PER_COUNT) as i64;
        let a = ((k * m as f64).round() as i64).max(1);
        // counts with any weight: up to where the upper tail is negligible
        let pmf: Vec<f64> = match Poisson::new(lambda0) {
            Ok(p) => {
                let top = (lambda0 + 12.0 * lambda0.sqrt() + 20.0).ceil() as u64;
                let pmf: Vec<f64> = (0..=top).map(|x| p.pmf(x)).collect();
                // rows of the chain must not sum past 1 by rounding: with run lengths of 1e13
                // that alone makes the system singular
                let total: f64 = pmf.iter().sum();
                pmf.into_iter().map(|q| q / total.max(1.0)).collect()
            }
            Err(_) => vec![1.0],
        };
        Chain { m, a, up, pmf }
    }

    /// The in-control run length with the alarm at `big_h` steps; a run length past 1e12
    /// periods is beyond what doubles resolve, and taken as endless.
    fn run(&self, big_h: usize) -> f64 {
        let (m, a, up) = (self.m, self.a, self.up);
        let step = |x: usize| if up { m * x as i64 - a } else { a - m * x as i64 };
        let l = average_run_length(big_h, &self.pmf, step);
        if l.is_finite() && (0.0..1e12).contains(&l) {
            l
        } else {
            f64::INFINITY
        }
    }

    /// The smallest alarm level, in steps, whose run length reaches `arl` (at most
    /// [`MAX_STATES`]): grown from one step, then bisected (the run length grows with it).
    /// Starting small matters at high rates, where `k` is hundreds of steps and h a few
    /// dozen, and each trial solves a system of h × h.
    fn smallest_h(&self, arl: f64) -> usize {
        let (mut lo, mut hi) = (0usize, 1usize);
        while self.run(hi) < arl {
            lo = hi;
            hi = (hi * 2).min(MAX_STATES);
            if hi == MAX_STATES {
                break;
            }
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.run(mid) >= arl {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// The design for in-control rate `lambda0`, shift factor `shift`, target ARL `arl`;
/// `up` for the escalation CUSUM, else the de-escalation one.
pub fn design(lambda0: f64, shift: f64, arl: f64, up: bool) -> Design {
    let chain = Chain::new(lambda0, shift, up);
    let h = chain.smallest_h(arl);
    Design {
        k: chain.a as f64 / chain.m as f64,
        h: h as f64 / chain.m as f64,
        arl: chain.run(h),
    }
}

/// Designs by (rate grid point, direction), made once each.
#[derive(Debug, Default)]
pub struct Designs {
    shift: f64,
    arl: f64,
    cache: FxHashMap<(i32, bool), Design>,
}

impl Designs {
    pub fn new(shift: f64, arl: f64) -> Self {
        Designs {
            shift,
            arl,
            cache: FxHashMap::default(),
        }
    }

    /// λ0 on the grid, and the up and down designs for it (no down design below
    /// [`MIN_DOWN_RATE`]).
    pub fn get(&mut self, lambda0: f64) -> (f64, Design, Option<Design>) {
        let g = (lambda0.max(1e-3).ln() / RATE_GRID.ln()).round() as i32;
        let rate = RATE_GRID.powi(g);
        let (shift, arl) = (self.shift, self.arl);
        let up = *self
            .cache
            .entry((g, true))
            .or_insert_with(|| design(rate, shift, arl, true));
        let down = (rate >= MIN_DOWN_RATE).then(|| {
            *self
                .cache
                .entry((g, false))
                .or_insert_with(|| design(rate, shift, arl, false))
        });
        (rate, up, down)
    }
}

/// The in-control rate for a period from the counts of the covered periods in its window
/// (see the module documentation); `None` with fewer than [`MIN_PERIODS`].
pub fn in_control_rate(covered_counts: &[u32]) -> Option<f64> {
    let n = covered_counts.len();
    if n < MIN_PERIODS {
        return None;
    }
    let total: f64 = covered_counts.iter().map(|&c| f64::from(c)).sum();
    Some(total.max(0.5) / n as f64)
}

/// One step of a statistic (`up` or down) with count `x`: its new value, and whether it
/// alarmed (an alarmed statistic is reported at its value and then reset to 0 by the
/// caller).
pub fn step(value: f64, count: u32, d: &Design, up: bool) -> (f64, bool) {
    let x = f64::from(count);
    let next = if up {
        (value + x - d.k).max(0.0)
    } else {
        (value + d.k - x).max(0.0)
    };
    // a tolerance for values that land on h exactly on the grid
    (next, next >= d.h - 1e-9)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Simulated run length from 0 with counts from a seeded Poisson sampler.
    fn simulated_arl(d: &Design, lambda: f64, up: bool, runs: usize) -> f64 {
        let mut rng = crate::models::rng::Rng::new(5);
        let mut poisson = || {
            // Knuth's method: fine for small means
            let limit = (-lambda).exp();
            let mut p = 1.0;
            let mut k = 0;
            loop {
                p *= (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                if p <= limit {
                    return k;
                }
                k += 1;
            }
        };
        let mut total = 0usize;
        for _ in 0..runs {
            let (mut s, mut n) = (0.0f64, 0usize);
            loop {
                n += 1;
                let x = f64::from(poisson());
                s = if up {
                    (s + x - d.k).max(0.0)
                } else {
                    (s + d.k - x).max(0.0)
                };
                if s >= d.h - 1e-9 {
                    break;
                }
            }
            total += n;
        }
        total as f64 / runs as f64
    }

    #[test]
    fn the_markov_chain_run_length_matches_simulation() {
        for (lambda, up) in [(3.0, true), (3.0, false), (0.4, true), (12.0, false)] {
            let d = design(lambda, 2.0, 100.0, up);
            assert!(d.arl >= 100.0 && d.arl < 200.0, "{lambda} {up}: {d:?}");
            let sim = simulated_arl(&d, lambda, up, 4000);
            assert!(
                (sim / d.arl - 1.0).abs() < 0.08,
                "{lambda} {up}: chain {} vs simulated {sim}",
                d.arl
            );
        }
    }

    /// h is the smallest decision interval whose run length reaches the target, at low
    /// rates (h many times k) and high ones (h a small part of k), up and down.
    #[test]
    fn the_decision_interval_is_the_smallest_that_reaches_the_target() {
        for (lambda, shift, arl) in [
            (0.3, 2.0, 100.0),
            (4.0, 2.0, 100.0),
            (40.0, 1.5, 500.0),
            (600.0, 2.0, 100.0),
        ] {
            for up in [true, false] {
                let chain = Chain::new(lambda, shift, up);
                let h = chain.smallest_h(arl);
                assert!(chain.run(h) >= arl, "{lambda} {up}: h {h}");
                assert!(chain.run(h - 1) < arl, "{lambda} {up}: h {h} is not the smallest");
                let d = design(lambda, shift, arl, up);
                assert_eq!((d.h * chain.m as f64).round() as usize, h);
            }
        }
    }

    #[test]
    fn reference_values_follow_the_formula() {
        let d = design(4.0, 2.0, 100.0, true);
        let k = 4.0 / 2f64.ln();
        assert!((d.k - k).abs() / k < 0.05, "{d:?}");
        let d = design(4.0, 2.0, 100.0, false);
        let k = 2.0 / 2f64.ln();
        assert!((d.k - k).abs() / k < 0.05, "{d:?}");
        // a shift the CUSUM looks for is found far sooner than a false alarm
        let up = design(4.0, 2.0, 100.0, true);
        assert!(simulated_arl(&up, 8.0, true, 2000) < 6.0);
        assert_eq!(in_control_rate(&[1, 2, 3]), None);
        assert_eq!(in_control_rate(&[0; 8]), Some(0.5 / 8.0));
        let (s, alarm) = step(0.0, 12, &up, true);
        assert!((s - (12.0 - up.k)).abs() < 1e-12);
        assert_eq!(alarm, s >= up.h);
        let down = design(4.0, 2.0, 100.0, false);
        assert_eq!(step(0.0, 12, &down, false), (0.0, false));
        assert_eq!(step(1.0, 0, &down, false).0, 1.0 + down.k);
    }
}
