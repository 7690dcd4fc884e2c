//! Rule B: how surprising a period's count of articles at level 2 or more is, given the
//! place's rate over the 28 days before it, as HDX Signals and the EARS C methods do.
//!
//! The expected count is `μ = max(S, ½) / c · d`, with `S` the place's level-2+ articles
//! on the 28 days that end 3 days before the period (a 2-day guard band, so the start of
//! an escalation does not raise its own baseline), `c` the days of that window in covered
//! periods (28 unless the window reaches into a gap; at least 14, else the period is not
//! tested, so a return from a coverage gap is not news) and `d` the days in a period (7 or
//! 1); the half article keeps a quiet month from making any article infinitely surprising. The
//! tail probability is `p = P(X ≥ x)` for `X ~ Poisson(μ)`: an **alert** below 0.01, a
//! **warning** below 0.05.
//!
//! Where the place's counts are overdispersed (its last up to 52 period counts, at least 8,
//! fail the index-of-dispersion test `D = Σ(xᵢ − x̄)²/x̄ ~ χ²(n − 1)` at the 1% level), the
//! tail comes instead from a negative binomial with the same mean and variance `φ·μ`,
//! `φ = D / (n − 1)` (the quasi-Poisson dispersion): an extra-variable place needs a larger
//! jump to alert.

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF, Discrete, DiscreteCDF, NegativeBinomial, Poisson};

/// Days in the trailing window.
pub const WINDOW_DAYS: i32 = 28;
/// Days between the window's end and the period's start.
pub const GUARD_DAYS: i32 = 2;
/// The fewest period counts to test for overdispersion.
pub const DISPERSION_MIN_PERIODS: usize = 8;
/// The level of the overdispersion test.
pub const DISPERSION_LEVEL: f64 = 0.01;

/// Rule B's reading of one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tail {
    pub observed: u32,
    pub expected: f64,
    /// φ when the negative binomial was used.
    pub dispersion: Option<f64>,
    /// `P(X ≥ observed)`.
    pub p: f64,
}

/// The fewest covered days in the window for the rule to run.
pub const MIN_COVERED_DAYS: i32 = WINDOW_DAYS / 2;

/// The expected count in a period of `period_days` from `window_count` articles on the
/// `covered_days` of the window that lie in covered periods (all [`WINDOW_DAYS`] unless
/// the window reaches into a gap).
pub fn expected(window_count: u64, covered_days: i32, period_days: i32) -> f64 {
    (window_count as f64).max(0.5) / f64::from(covered_days.max(1)) * f64::from(period_days)
}

/// `P(X ≥ observed)` for a Poisson with mean `expected`, or with `Some(φ)` a negative
/// binomial with that mean and variance `φ·expected`.
pub fn tail(observed: u32, expected: f64, dispersion: Option<f64>) -> f64 {
    if observed == 0 {
        return 1.0;
    }
    let below = u64::from(observed) - 1;
    match dispersion {
        Some(phi) if phi > 1.0 => {
            // mean r(1 − p)/p = μ and variance μ/p = φμ give p = 1/φ, r = μ/(φ − 1)
            match NegativeBinomial::new(expected / (phi - 1.0), 1.0 / phi) {
                Ok(nb) => nb.sf(below),
                Err(_) => 1.0,
            }
        }
        _ => match Poisson::new(expected) {
            Ok(p) => p.sf(below),
            Err(_) => 1.0,
        },
    }
}

/// φ for `counts` when they are overdispersed at the 1% level, else `None` (also when
/// there are fewer than [`DISPERSION_MIN_PERIODS`] or all are 0).
pub fn dispersion(counts: &[u32]) -> Option<f64> {
    let n = counts.len();
    if n < DISPERSION_MIN_PERIODS {
        return None;
    }
    let mean = counts.iter().map(|&c| f64::from(c)).sum::<f64>() / n as f64;
    if mean <= 0.0 {
        return None;
    }
    let d: f64 = counts.iter().map(|&c| (f64::from(c) - mean).powi(2)).sum::<f64>() / mean;
    let df = (n - 1) as f64;
    let chi = ChiSquared::new(df).ok()?;
    (chi.sf(d) < DISPERSION_LEVEL).then_some(d / df)
}

/// The share of periods that alert (`p < alpha`) when a place's level-2+ articles come at
/// `daily_rate` a day, every day (nothing changes), with the plain Poisson tail: the design
/// rate of rule B. The window total `S` is Poisson with mean `28·r` and the period count
/// `X` Poisson with mean `d·r`, so the rate is `Σₛ P(S = s) · P(X ≥ x*(s))`, `x*(s)` the
/// smallest count with `tail < alpha` given `μ(s)`. It is below `alpha`, as counts are
/// whole numbers, and above what a known rate would give, as `μ` is estimated.
pub fn design_rate(daily_rate: f64, period_days: i32, alpha: f64) -> f64 {
    let window = Poisson::new(daily_rate * f64::from(WINDOW_DAYS));
    let period = Poisson::new(daily_rate * f64::from(period_days));
    let (Ok(window), Ok(period)) = (window, period) else {
        return 0.0;
    };
    let (mut rate, mut seen) = (0.0, 0.0);
    for s in 0u64.. {
        let ps = window.pmf(s);
        seen += ps;
        let mu = expected(s, WINDOW_DAYS, period_days);
        // the smallest x with tail(x) < alpha: tails fall as x grows
        let mut x = mu.floor() as u32 + 1;
        while tail(x, mu, None) >= alpha {
            x += 1;
        }
        rate += ps * period.sf(u64::from(x) - 1);
        if 1.0 - seen < 1e-12 || s > 100_000 {
            break;
        }
    }
    rate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_are_poisson_or_negative_binomial() {
        // P(X ≥ 1 | μ = 2) = 1 − e^−2
        assert!((tail(1, 2.0, None) - (1.0 - (-2.0f64).exp())).abs() < 1e-12);
        assert_eq!(tail(0, 2.0, None), 1.0);
        // P(X ≥ 10 | μ = 3) ≈ 0.0011
        assert!((tail(10, 3.0, None) - 0.001_102_488).abs() < 1e-6);
        // overdispersion makes the same count less surprising
        assert!(tail(10, 3.0, Some(3.0)) > 10.0 * tail(10, 3.0, None));
        // φ → 1 is the Poisson
        assert!((tail(10, 3.0, Some(1.000_001)) - tail(10, 3.0, None)).abs() < 1e-4);
        assert_eq!(expected(0, 28, 7), 0.5 / 28.0 * 7.0);
        assert_eq!(expected(56, 28, 1), 2.0);
        // a window half in a gap: the rate is per covered day
        assert_eq!(expected(28, 14, 7), 14.0);
    }

    #[test]
    fn overdispersion_is_found_only_where_it_is() {
        assert_eq!(dispersion(&[3, 4, 2, 3, 5, 3, 4, 2, 3, 4]), None);
        let phi = dispersion(&[0, 0, 12, 1, 0, 15, 0, 2, 20, 0]).expect("overdispersed");
        assert!(phi > 5.0, "{phi}");
        assert_eq!(dispersion(&[9, 0, 9]), None, "too few periods");
        assert_eq!(dispersion(&[0; 10]), None);
    }

    #[test]
    fn the_design_rate_matches_a_direct_sum() {
        // one level-2+ article a day on average, weekly periods
        let (window, week) = (Poisson::new(28.0).unwrap(), Poisson::new(7.0).unwrap());
        let mut direct = 0.0;
        for s in 0..120u64 {
            for x in 0..80u32 {
                if tail(x, expected(s, 28, 7), None) < 0.01 {
                    direct += window.pmf(s) * week.pmf(u64::from(x));
                }
            }
        }
        let rate = design_rate(1.0, 7, 0.01);
        assert!((rate - direct).abs() < 1e-9, "{rate} vs {direct}");
        // estimating the rate from 28 days costs more false alerts than α alone
        assert!(rate > 0.01 && rate < 0.03, "{rate}");
    }
}
