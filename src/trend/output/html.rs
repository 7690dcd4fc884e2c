//! The trend report as one self-contained HTML page, in the style of sitrep-eval's: the
//! places ranked by their latest change, a small multiple per place (volume bars, the
//! intensity line, alerts marked), the alert list with the articles behind each alert, and
//! the rules' formulas. No scripts, fonts or other files are loaded: the pictures are
//! inline SVG, so the page can be mailed or archived as it is.

use super::super::TrendError;
use super::super::Trends;
use super::chart::place_chart;
use super::{period_label, ranked_places, ranked_row};
use crate::html::{escape, inline_svg};

/// Charts drawn at most; the other places are in the table and the CSV.
pub const MAX_CHARTS: usize = 40;

const STYLE: &str = "
body { font-family: -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: #222; max-width: 1180px; margin: 24px auto; padding: 0 20px; line-height: 1.4; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; border-bottom: 2px solid #1f5aa0; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; text-align: right; vertical-align: top; }
th { background: #f3f6fa; }
td:first-child, th:first-child { text-align: left; }
td.text, th.text { text-align: left; max-width: 460px; }
.up { color: #c8281e; font-weight: 600; }
.down { color: #1e8c3c; font-weight: 600; }
.grid { display: flex; flex-wrap: wrap; gap: 8px 16px; }
.grid > div { flex: 0 1 540px; }
.note { font-size: 12px; color: #555; }
svg { max-width: 100%; height: auto; }
";

fn row(cells: &[(String, bool)]) -> String {
    let mut s = String::from("<tr>");
    for (c, text) in cells {
        let class = if *text { " class=\"text\"" } else { "" };
        s.push_str(&format!("<td{class}>{c}</td>"));
    }
    s.push_str("</tr>\n");
    s
}

fn head(names: &[&str], text: &[usize]) -> String {
    let mut s = String::from("<table><tr>");
    for (i, h) in names.iter().enumerate() {
        let class = if text.contains(&i) { " class=\"text\"" } else { "" };
        s.push_str(&format!("<th{class}>{}</th>", escape(h)));
    }
    s.push_str("</tr>\n");
    s
}

fn places_table(trends: &Trends) -> String {
    let mut s = head(
        &[
            "place",
            "latest",
            "articles",
            "level 2+",
            "share 2+",
            "mean level",
            "change",
            "band",
            "alerts",
        ],
        &[0, 7],
    );
    for p in ranked_places(trends) {
        let place = &trends.series.places[p];
        let alerts = trends.alerts.iter().filter(|a| a.place == p).count();
        let name = (escape(&place.name), true);
        let r = ranked_row(trends, p);
        let cells = vec![
            name,
            (r.period, false),
            (r.articles, false),
            (r.violent, false),
            (r.share, false),
            (r.mean, false),
            (r.change, false),
            (r.band, true),
            (alerts.to_string(), false),
        ];
        s.push_str(&row(&cells));
    }
    s.push_str("</table>\n");
    s
}

fn alerts_table(trends: &Trends) -> String {
    let kind = trends.series.timeline.period;
    let mut s = head(
        &[
            "period", "place", "rule", "severity", "value", "baseline", "what", "articles",
        ],
        &[1, 2, 6, 7],
    );
    for a in &trends.alerts {
        let class = if a.rule.is_escalation() { "up" } else { "down" };
        let arrow = if a.rule.is_escalation() { "▲" } else { "▼" };
        s.push_str(&row(&[
            (period_label(kind, trends.series.timeline.start(a.period)), false),
            (escape(trends.place_name(a.place)), true),
            (
                format!("<span class=\"{class}\">{arrow} {}</span>", a.rule.name()),
                true,
            ),
            (a.severity.name().to_string(), false),
            (format!("{:.1}", a.value), false),
            (format!("{:.1}", a.baseline), false),
            (escape(&a.detail), true),
            (escape(&a.articles.join(", ")), true),
        ]));
    }
    s.push_str("</table>\n");
    s
}

const RULES: &str = "<ul class=\"note\">
<li><b>A-surge</b>: x = articles at level ≥ 2 in the period, b = their mean over the baseline periods; change = (x − b)/b; bands: large &gt; 25%, moderate 10–25%, stable within 10%, decreases alike; b ≤ 2 and x ≤ 5 is a limited change; a surge (alert) is ≥ 100% over b ≥ 1.</li>
<li><b>B-poisson / B-negbin</b>: μ = max(S, ½)/28 · days per period, S = level-2+ articles on the 28 days ending 3 days before the period; p = P(X ≥ x), X ~ Poisson(μ), or a negative binomial with variance φμ where the place's counts are overdispersed (χ² index-of-dispersion test at 1%); alert p &lt; 0.01, warning p &lt; 0.05.</li>
<li><b>C-cusum-up / C-cusum-down</b>: S ← max(0, S + x − k) and D ← max(0, D + k − x), k = (λ1 − λ0)/(ln λ1 − ln λ0), λ0 = mean over the covered periods of the year before (2-period guard), λ1 = λ0 × shift (or ÷ shift down); h from the in-control average run length; reset after an alarm; gaps are skipped.</li>
<li><b>D-level3-high</b>: the 30-day count of level-3 articles above its highest in the 365 days before, and at least the minimum. <b>D-onset</b>: the first level-3 article after the quiet days.</li>
</ul>\n";

/// The whole page, or the alert list alone with `alerts_only`.
pub fn render(trends: &Trends, alerts_only: bool) -> Result<String, TrendError> {
    let p = &trends.params;
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<title>sitrep trend report</title>\n<style>");
    s.push_str(STYLE);
    s.push_str("</style>\n</head>\n<body>\n<h1>sitrep trend report</h1>\n");
    s.push_str(&format!(
        "<p class=\"note\">{}; {}; baseline {} periods; B: alert p &lt; {}, warning p &lt; {}; C: shift ×{}, in-control run length {} periods; D: at least {} level-3 articles in 30 days, onset after {} quiet days; mean level shrunk with k = {}. A gap in a line is a period with no articles: no coverage, not calm.</p>\n",
        crate::wording::counted(trends.series.places.len(), "place"),
        escape(&super::extent_text(trends)),
        p.baseline_periods(),
        p.alert_p,
        p.warning_p,
        p.cusum_shift,
        p.cusum_arl,
        p.level3_min,
        p.onset_quiet_days,
        p.shrinkage
    ));
    if !alerts_only {
        s.push_str("<h2>Places ranked by their latest change</h2>\n");
        s.push_str(&places_table(trends));
        s.push_str("<h2>Places over time</h2>\n<p class=\"note\">Bars: articles per period (left axis). Line: mean escalation level, shrunk toward the place's baseline (right axis, 0–3). <span class=\"up\">▲</span> escalation alert, <span class=\"down\">▼</span> de-escalation alert; hollow: a warning.</p>\n<div class=\"grid\">\n");
        let order = ranked_places(trends);
        for &place in order.iter().take(MAX_CHARTS) {
            let svg = place_chart(trends, place).map_err(TrendError::Plot)?;
            s.push_str("<div>");
            s.push_str(inline_svg(&svg));
            s.push_str("</div>\n");
        }
        s.push_str("</div>\n");
        if order.len() > MAX_CHARTS {
            let more = order.len() - MAX_CHARTS;
            let (verb, _, _) = crate::wording::agreeing(more, "is", "are");
            s.push_str(&format!(
                "<p class=\"note\">{} more {verb} in the table above and in the CSV output.</p>\n",
                crate::wording::counted(more, "place")
            ));
        }
    }
    s.push_str(&format!("<h2>Alerts ({})</h2>\n", trends.alerts.len()));
    s.push_str(&alerts_table(trends));
    s.push_str("<h2>Rules</h2>\n");
    s.push_str(RULES);
    s.push_str("</body>\n</html>\n");
    Ok(s)
}
