//! The settings of the trend rules, checked before any row is read: [`TrendParams`] (a
//! builder with the defaults) is checked into [`ValidTrendParams`], the only form the rules
//! accept, so a bad value never reaches the arithmetic.
//!
//! | Name | Default | Purpose | Range |
//! |---|---|---|---|
//! | `period` | week | ISO weeks (Monday start) or days | week, day |
//! | `baseline` | month | rule A's baseline: 4 weeks / 28 days, or a year: 52 weeks / 365 days | month, year |
//! | `shrinkage` | 5 | k in the shrunk mean level `(Σ level + k·μ0)/(n + k)` | ≥ 0 |
//! | `alert_p` | 0.01 | rule B alerts below this tail probability | (0, warning_p] |
//! | `warning_p` | 0.05 | rule B warns below this tail probability | [alert_p, 0.5] |
//! | `cusum_shift` | 2 | rule C looks for the rate times this (and divided by it, down) | > 1 |
//! | `cusum_arl` | 100 | rule C's in-control average run length, in periods | ≥ 10 |
//! | `level3_min` | 3 | rule D's one-year high needs at least this many level-3 articles in 30 days | ≥ 1 |
//! | `onset_quiet_days` | 90 | rule D's onset: a level-3 article after this many days without one | ≥ 1 |
//!
//! # Errors
//! [`TrendParams::check`] returns [`TrendError::Params`] naming the setting and its value.

use super::error::TrendError;

/// The length of one period of the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar days.
    Day,
}

impl PeriodKind {
    pub fn days(self) -> i32 {
        match self {
            PeriodKind::Week => 7,
            PeriodKind::Day => 1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Day => "day",
        }
    }
}

impl std::str::FromStr for PeriodKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "week" => Ok(PeriodKind::Week),
            "day" => Ok(PeriodKind::Day),
            _ => Err(format!("unknown period `{s}`; choose week or day")),
        }
    }
}

/// How far back rule A's baseline reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineKind {
    /// The previous 4 weeks, or 28 days.
    Month,
    /// The previous 52 weeks, or 365 days.
    Year,
}

impl std::str::FromStr for BaselineKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "month" => Ok(BaselineKind::Month),
            "year" => Ok(BaselineKind::Year),
            _ => Err(format!("unknown baseline `{s}`; choose month or year")),
        }
    }
}

/// Periods in a baseline of `kind` for periods of `period`.
pub fn baseline_periods(period: PeriodKind, kind: BaselineKind) -> usize {
    match (period, kind) {
        (PeriodKind::Week, BaselineKind::Month) => 4,
        (PeriodKind::Week, BaselineKind::Year) => 52,
        (PeriodKind::Day, BaselineKind::Month) => 28,
        (PeriodKind::Day, BaselineKind::Year) => 365,
    }
}

/// The rule settings as given (see the module documentation for each one's meaning).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrendParams {
    pub period: PeriodKind,
    pub baseline: BaselineKind,
    pub shrinkage: f64,
    pub alert_p: f64,
    pub warning_p: f64,
    pub cusum_shift: f64,
    pub cusum_arl: f64,
    pub level3_min: u32,
    pub onset_quiet_days: u32,
}

impl Default for TrendParams {
    fn default() -> Self {
        TrendParams {
            period: PeriodKind::Week,
            baseline: BaselineKind::Month,
            shrinkage: 5.0,
            alert_p: 0.01,
            warning_p: 0.05,
            cusum_shift: 2.0,
            cusum_arl: 100.0,
            level3_min: 3,
            onset_quiet_days: 90,
        }
    }
}

/// Settings that passed [`TrendParams::check`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub struct ValidTrendParams(TrendParams);

impl std::ops::Deref for ValidTrendParams {
    type Target = TrendParams;
    fn deref(&self) -> &TrendParams {
        &self.0
    }
}

impl ValidTrendParams {
    /// Periods in rule A's baseline.
    pub fn baseline_periods(&self) -> usize {
        baseline_periods(self.period, self.baseline)
    }

    /// Periods in a year (52 weeks or 365 days): the longest window any rule looks back.
    pub fn year_periods(&self) -> usize {
        baseline_periods(self.period, BaselineKind::Year)
    }
}

impl TrendParams {
    /// Checks every setting; the error names the first bad one and its value.
    pub fn check(&self) -> Result<ValidTrendParams, TrendError> {
        let bad = |what: String| Err(TrendError::Params(what));
        if !(self.shrinkage.is_finite() && self.shrinkage >= 0.0) {
            return bad(format!(
                "shrinkage k is {}; expected a number ≥ 0",
                self.shrinkage
            ));
        }
        if !(self.alert_p > 0.0 && self.alert_p <= self.warning_p && self.warning_p <= 0.5) {
            return bad(format!(
                "alert and warning probabilities are {} and {}; expected 0 < alert ≤ warning ≤ 0.5",
                self.alert_p, self.warning_p
            ));
        }
        if !(self.cusum_shift.is_finite() && self.cusum_shift > 1.0 && self.cusum_shift <= 100.0) {
            return bad(format!(
                "CUSUM shift is {}; expected a factor above 1 (and at most 100)",
                self.cusum_shift
            ));
        }
        if !(self.cusum_arl.is_finite() && (10.0..=100_000.0).contains(&self.cusum_arl)) {
            return bad(format!(
                "CUSUM average run length is {}; expected 10 to 100000 periods",
                self.cusum_arl
            ));
        }
        if self.level3_min == 0 {
            return bad("level-3 minimum is 0; expected at least 1".into());
        }
        if self.onset_quiet_days == 0 || self.onset_quiet_days > 3650 {
            return bad(format!(
                "onset quiet days is {}; expected 1 to 3650",
                self.onset_quiet_days
            ));
        }
        Ok(ValidTrendParams(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass_and_each_bad_value_is_named() {
        let ok = TrendParams::default().check().expect("defaults are valid");
        assert_eq!(ok.baseline_periods(), 4);
        assert_eq!(ok.year_periods(), 52);
        let with = |f: fn(&mut TrendParams)| {
            let mut p = TrendParams::default();
            f(&mut p);
            p.check().unwrap_err().to_string()
        };
        assert!(with(|p| p.shrinkage = -1.0).contains("shrinkage k is -1"));
        assert!(with(|p| p.alert_p = 0.1).contains("alert and warning probabilities are 0.1 and 0.05"));
        assert!(with(|p| p.cusum_shift = 1.0).contains("CUSUM shift is 1;"));
        assert!(with(|p| p.cusum_arl = f64::NAN).contains("average run length is NaN"));
        assert!(with(|p| p.level3_min = 0).contains("level-3 minimum is 0"));
        assert_eq!("day".parse(), Ok(PeriodKind::Day));
        assert!("month".parse::<PeriodKind>().is_err());
        assert_eq!(baseline_periods(PeriodKind::Day, BaselineKind::Year), 365);
    }
}
