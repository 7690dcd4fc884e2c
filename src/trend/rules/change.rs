//! Rule A: the percent change of a period's count of articles at level 2 or more against
//! the mean of the previous periods (4 weeks, or 52 with `--baseline year`), in the bands
//! ACLED's Trendfinder uses.
//!
//! With `x` the period's count and `b` the mean over the baseline's covered periods (a gap
//! is left out, so a return from a coverage gap is not a surge; at least half the baseline
//! periods must be covered, else the period gets no reading):
//!
//! - `b ≤ 2` and `x ≤ 5`: **limited change** (too few articles to call a trend);
//! - otherwise `change = (x − b) / b · 100%` (0 when `x = b = 0`; undefined, "new", and a
//!   large increase when `b = 0 < x`):
//!   above +25% a **large increase**, +10% to +25% **moderate**, within ±10% **stable**,
//!   −10% to −25% a **moderate decrease**, below −25% a **large decrease**;
//! - a **surge** (the rule's alert) when `change ≥ 100%` over `b ≥ 1` (and not limited).

use serde::Serialize;
use statrs::distribution::{Discrete, DiscreteCDF, Poisson};

/// Rule A's band for a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Band {
    LimitedChange,
    LargeIncrease,
    ModerateIncrease,
    Stable,
    ModerateDecrease,
    LargeDecrease,
}

impl Band {
    pub fn name(self) -> &'static str {
        match self {
            Band::LimitedChange => "limited change",
            Band::LargeIncrease => "large increase",
            Band::ModerateIncrease => "moderate increase",
            Band::Stable => "stable",
            Band::ModerateDecrease => "moderate decrease",
            Band::LargeDecrease => "large decrease",
        }
    }
}

/// Rule A's reading of one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    /// The mean count over the baseline periods.
    pub baseline: f64,
    /// `(x − b) / b · 100`; 0 for 0 after `b = 0`; `None` (new) for more than 0 after `b = 0`.
    pub percent: Option<f64>,
    pub band: Band,
    /// At least 100% over a baseline mean of at least 1.
    pub surge: bool,
}

/// A count at or below this, over a baseline mean at or below [`FLOOR_BASELINE`], is a
/// limited change whatever its percentage.
pub const FLOOR_COUNT: u32 = 5;
pub const FLOOR_BASELINE: f64 = 2.0;

/// Rule A for a period with `count` articles at level ≥ 2 after periods with `baseline`
/// counts.
pub fn change(count: u32, baseline: &[u32]) -> Change {
    let b = if baseline.is_empty() {
        0.0
    } else {
        baseline.iter().map(|&c| f64::from(c)).sum::<f64>() / baseline.len() as f64
    };
    let x = f64::from(count);
    // 0 after a baseline of 0 is no change; any other count after 0 is new (no percentage)
    let percent = if b > 0.0 {
        Some((x - b) / b * 100.0)
    } else {
        (count == 0).then_some(0.0)
    };
    let limited = b <= FLOOR_BASELINE && count <= FLOOR_COUNT;
    let band = match percent {
        _ if limited => Band::LimitedChange,
        None => Band::LargeIncrease,
        Some(p) if p > 25.0 => Band::LargeIncrease,
        Some(p) if p >= 10.0 => Band::ModerateIncrease,
        Some(p) if p > -10.0 => Band::Stable,
        Some(p) if p >= -25.0 => Band::ModerateDecrease,
        Some(_) => Band::LargeDecrease,
    };
    Change {
        baseline: b,
        percent,
        band,
        surge: !limited && b >= 1.0 && percent.is_some_and(|p| p >= 100.0),
    }
}

/// The share of periods that surge when counts are Poisson with mean `lambda` every
/// period (nothing changes): the design rate of rule A's alert. With `S` the baseline's
/// total over `periods` periods (Poisson, mean `periods·λ`) and `b = S / periods`, a
/// period surges when `b ≥ 1` and `x ≥ 2b` and not (`b ≤ 2` and `x ≤ 5`).
pub fn design_rate(lambda: f64, periods: usize) -> f64 {
    let (Ok(one), Ok(all)) = (Poisson::new(lambda), Poisson::new(lambda * periods as f64)) else {
        return 0.0;
    };
    let mut rate = 0.0;
    let mut seen = 0.0;
    for s in 0u64.. {
        let p = all.pmf(s);
        seen += p;
        let b = s as f64 / periods as f64;
        if b >= 1.0 {
            let mut least = (2.0 * b).ceil() as u64;
            if b <= FLOOR_BASELINE {
                least = least.max(u64::from(FLOOR_COUNT) + 1);
            }
            // P(X ≥ least) = P(X > least − 1)
            rate += p * one.sf(least - 1);
        }
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
    fn bands_follow_the_thresholds_and_the_floor() {
        let band = |x, b: &[u32]| change(x, b).band;
        assert_eq!(band(5, &[2, 2, 2, 2]), Band::LimitedChange);
        assert_eq!(band(6, &[2, 2, 2, 2]), Band::LargeIncrease);
        assert_eq!(band(5, &[3, 3, 3, 3]), Band::LargeIncrease);
        assert_eq!(band(11, &[10, 10, 10, 10]), Band::ModerateIncrease);
        assert_eq!(band(12, &[10, 10, 10, 10]), Band::ModerateIncrease);
        assert_eq!(band(10, &[10, 10, 10, 10]), Band::Stable);
        assert_eq!(band(9, &[10, 10, 10, 10]), Band::ModerateDecrease);
        assert_eq!(band(7, &[10, 10, 10, 10]), Band::LargeDecrease);
        assert_eq!(band(9, &[0, 0, 0, 0]), Band::LargeIncrease);
        assert_eq!(change(9, &[0, 0, 0, 0]).percent, None);
        // nothing after nothing is no change, not new
        let c = change(0, &[0, 0, 0, 0]);
        assert_eq!(
            (c.percent, c.band, c.surge),
            (Some(0.0), Band::LimitedChange, false)
        );
        let c = change(20, &[8, 12, 10, 10]);
        assert_eq!((c.baseline, c.percent, c.surge), (10.0, Some(100.0), true));
        assert!(!change(19, &[8, 12, 10, 10]).surge);
        // a baseline below 1 never surges, and the floor wins over the percentage
        assert!(!change(9, &[0, 1, 0, 1]).surge);
        assert!(!change(5, &[1, 1, 1, 1]).surge);
        assert!(change(6, &[1, 1, 1, 1]).surge);
    }

    #[test]
    fn the_design_rate_matches_a_direct_sum() {
        // λ = 3, 4 periods: sum the joint probabilities of (S, X) directly
        let (one, all) = (Poisson::new(3.0).unwrap(), Poisson::new(12.0).unwrap());
        let mut direct = 0.0;
        for s in 0..80u64 {
            for x in 0..60u64 {
                let counts = [
                    s as u32 / 4,
                    s as u32 / 4,
                    s as u32 / 4,
                    s as u32 - 3 * (s as u32 / 4),
                ];
                if change(x as u32, &counts).surge {
                    direct += all.pmf(s) * one.pmf(x);
                }
            }
        }
        assert!(
            (design_rate(3.0, 4) - direct).abs() < 1e-9,
            "{} vs {direct}",
            design_rate(3.0, 4)
        );
        // the floor keeps sparse places quiet; large counts rarely double by chance
        assert!(design_rate(0.5, 4) < 1e-4);
        assert!(design_rate(3.0, 4) > 10.0 * design_rate(20.0, 4));
        assert!(
            design_rate(3.0, 52) < design_rate(3.0, 4),
            "a year's baseline is steadier"
        );
    }
}
