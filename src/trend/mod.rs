//! `sitrep-trend`: from classified, dated articles to escalation trends and alerts per place.
//!
//! The stages, one file each:
//!
//! 1. [`input`] reads CSV rows (classified by `sitrep-classify`, or classified on the fly by
//!    [`classify`], the one place that touches the model) into an
//!    [`aggregate::Aggregator`]: counts per place and day, whatever the number of rows.
//! 2. [`series`] lays every place on one axis of periods (ISO weeks or days), gaps kept as gaps.
//! 3. [`rules`] runs rules A (percent change), B (Poisson tail), C (CUSUMs) and D (level 3)
//!    over each series, with settings checked by [`params`].
//! 4. [`output`] writes a table, CSV, JSON or a self-contained HTML page.
//!
//! [`request`] checks the options of a run and runs these stages, for the binary and the
//! Python package alike.
//!
//! Order matters in one place only: the series must be complete (every row read) before
//! any rule runs, because input need not be sorted by date.

pub mod aggregate;
pub mod classify;
pub mod dates;
pub mod error;
pub mod input;
pub mod output;
pub mod params;
pub mod request;
pub mod rules;
pub mod series;

pub use error::TrendError;
pub use input::{InputOptions, ReadSummary};
pub use params::{BaselineKind, PeriodKind, TrendParams, ValidTrendParams};
pub use request::{Plan, TrendRequest, Written};

use aggregate::Aggregator;
use rules::Alert;
use series::Series;

/// Everything the outputs show: the series, with each rule's readings, and the alerts.
#[derive(Debug, Clone)]
pub struct Trends {
    pub series: Series,
    pub alerts: Vec<Alert>,
    pub params: ValidTrendParams,
    /// The rows counted: `--topic`, `--since`, `--until` (recorded in every output's settings).
    pub filters: Filters,
}

/// Which rows were counted, as `--topic`, `--since` and `--until` said.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Filters {
    pub topic: Option<String>,
    #[serde(serialize_with = "dates::serialize_day")]
    pub since: Option<dates::Day>,
    #[serde(serialize_with = "dates::serialize_day")]
    pub until: Option<dates::Day>,
}

impl Filters {
    /// The filters as the options that set them (`--topic diplomacy --since 2025-03-14`);
    /// `None` without any.
    pub fn text(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(t) = &self.topic {
            parts.push(format!("--topic {t}"));
        }
        for (flag, day) in [("--since", self.since), ("--until", self.until)] {
            if let Some(d) = day {
                parts.push(format!("{flag} {}", dates::format_date(d)));
            }
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

impl Trends {
    /// The name of the place an alert or row belongs to.
    pub fn place_name(&self, place: usize) -> &str {
        self.series.places.get(place).map_or("", |p| p.name.as_str())
    }
}

/// Builds the series from the counts and runs the rules. `None` when nothing was counted.
pub fn analyze(counts: Aggregator, params: &ValidTrendParams) -> Option<Trends> {
    let mut series = series::build(counts.into_places(), params)?;
    let alerts = rules::apply(&mut series, params);
    Some(Trends {
        series,
        alerts,
        params: params.clone(),
        filters: Filters::default(),
    })
}
