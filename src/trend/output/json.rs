//! JSON output: the settings, every place's series with each rule's readings (a gap's
//! intensity figures are `null`), and the alerts.

use serde_json::{json, Value};

use super::super::dates::format_date;
use super::super::Trends;
use super::period_label;

/// One alert as JSON.
fn alert(trends: &Trends, a: &super::super::rules::Alert) -> Value {
    let start = trends.series.timeline.start(a.period);
    json!({
        "place": trends.place_name(a.place),
        "period": period_label(trends.series.timeline.period, start),
        "period_start": format_date(start),
        "rule": a.rule,
        "severity": a.severity,
        "direction": if a.rule.is_escalation() { "up" } else { "down" },
        "value": a.value,
        "baseline": a.baseline,
        "detail": a.detail,
        "articles": a.articles,
    })
}

/// The settings: the rules' and which rows were counted (`topic`, `since`, `until`, null
/// when not given).
fn settings(trends: &Trends) -> Value {
    let mut settings = json!(trends.params);
    if let (Value::Object(map), Value::Object(filters)) = (&mut settings, json!(trends.filters)) {
        map.extend(filters);
    }
    settings
}

/// The whole output, or `{"alerts": [...]}` with `alerts_only`.
pub fn value(trends: &Trends, alerts_only: bool) -> Value {
    let alerts: Vec<Value> = trends.alerts.iter().map(|a| alert(trends, a)).collect();
    if alerts_only {
        return json!({ "alerts": alerts });
    }
    let timeline = trends.series.timeline;
    let k = trends.params.shrinkage;
    let places: Vec<Value> = trends
        .series
        .places
        .iter()
        .map(|place| {
            let periods: Vec<Value> = place
                .periods
                .iter()
                .enumerate()
                .map(|(t, row)| {
                    let start = timeline.start(t);
                    json!({
                        "period": period_label(timeline.period, start),
                        "period_start": format_date(start),
                        "days_covered": timeline.days_covered(t),
                        "articles": row.n(),
                        "levels": row.counts,
                        "share_level2plus": row.share_violent(),
                        "mean_level": row.shrunk_mean(k),
                        "prior_mean": row.prior_mean,
                        "change": row.change,
                        "tail": row.tail,
                        "cusum": row.cusum,
                        "level3_30d": row.level3_30d,
                    })
                })
                .collect();
            json!({ "place": place.name, "first_article": format_date(place.first_day), "periods": periods })
        })
        .collect();
    json!({
        "settings": settings(trends),
        "first_date": format_date(timeline.data_first),
        "last_date": format_date(timeline.data_last),
        "feed_mean_level": trends.series.feed_mean,
        "places": places,
        "alerts": alerts,
    })
}
