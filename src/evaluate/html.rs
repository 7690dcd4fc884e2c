//! The evaluation report as one self-contained HTML page: the tables of the text report, the
//! pictures inline as SVG, and the settings that produced them. No scripts, no fonts and no
//! other files are loaded, so the page can be mailed or archived as it is.

use std::path::{Path, PathBuf};

use crate::data::unique_names;
use crate::evaluate::plots::{confusion_heatmap, reliability_diagram, PlotError};
use crate::evaluate::report::contents::{extra_tables, settings_lines, terms_line, EvalReport, TargetReport};
use crate::html::{escape, inline_svg};

const STYLE: &str = "
body { font-family: -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
  color: #222; max-width: 1100px; margin: 24px auto; padding: 0 20px; line-height: 1.4; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; border-bottom: 2px solid #1f5aa0; padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 15px; margin: 18px 0 6px; color: #1f5aa0; }
table { border-collapse: collapse; font-size: 13px; margin: 4px 0 12px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e3e3e3; text-align: right; }
th { background: #f3f6fa; }
td:first-child, th:first-child { text-align: left; }
td.text, th.text { text-align: left; max-width: 420px; }
.settings td, .settings th { text-align: left; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
.card { border: 1px solid #d8e1ec; border-radius: 6px; padding: 8px 14px; min-width: 130px; background: #fafcff; }
.card .v { font-size: 22px; font-weight: 600; }
.card .k, .card .ci { font-size: 12px; color: #555; }
.grid { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.grid > div { flex: 1 1 420px; }
.note { font-size: 12px; color: #555; }
svg { max-width: 100%; height: auto; }
";

fn table(head: &[String], rows: &[Vec<String>], text_cols: &[usize]) -> String {
    let mut s = String::from("<table><tr>");
    for (i, h) in head.iter().enumerate() {
        let class = if text_cols.contains(&i) {
            " class=\"text\""
        } else {
            ""
        };
        s.push_str(&format!("<th{class}>{}</th>", escape(h)));
    }
    s.push_str("</tr>");
    for r in rows {
        s.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let class = if text_cols.contains(&i) {
                " class=\"text\""
            } else {
                ""
            };
            s.push_str(&format!("<td{class}>{}</td>", escape(c)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</table>\n");
    s
}

fn card(name: &str, value: f64, ci: Option<(f64, f64)>) -> String {
    let ci = ci.map_or_else(String::new, |(l, h)| {
        format!("<div class=\"ci\">95% CI {l:.3} – {h:.3}</div>")
    });
    format!(
        "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{value:.3}</div>{ci}</div>",
        escape(name)
    )
}

fn cards(t: &TargetReport) -> String {
    let c = &t.classification;
    let u = t.uncertainty.as_ref();
    let mut s = String::from("<div class=\"cards\">");
    s.push_str(&card(
        "accuracy",
        c.accuracy,
        u.map(|u| (u.accuracy.low, u.accuracy.high)),
    ));
    s.push_str(&card(
        "macro-F1",
        c.macro_avg.f1,
        u.map(|u| (u.macro_f1.low, u.macro_f1.high)),
    ));
    if let Some(o) = &t.ordinal {
        let mae = u.and_then(|u| u.mae.as_ref()).map(|i| (i.low, i.high));
        let qwk = u.and_then(|u| u.qwk.as_ref()).map(|i| (i.low, i.high));
        s.push_str(&card("MAE", o.mae, mae));
        s.push_str(&card("QWK", o.qwk, qwk));
    }
    if let Some(cal) = &t.calibration {
        s.push_str(&card("ECE", cal.ece, None));
        s.push_str(&card("Brier", cal.brier, None));
    }
    s.push_str("</div>\n");
    s
}

fn target_section(t: &TargetReport) -> Result<String, PlotError> {
    let c = &t.classification;
    let title = format!("{} ({}, {} rows)", t.target, t.kind, t.rows);
    let mut s = format!("<section>\n<h2>{}</h2>\n", escape(&title));
    s.push_str(&cards(t));
    let f = |v: f64| format!("{v:.4}");
    let mut rows: Vec<Vec<String>> = c
        .per_class
        .iter()
        .map(|p| {
            vec![
                p.label.clone(),
                f(p.precision),
                f(p.recall),
                f(p.f1),
                p.support.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "accuracy".into(),
        String::new(),
        String::new(),
        f(c.accuracy),
        c.macro_avg.support.to_string(),
    ]);
    for (name, a) in [("macro avg", &c.macro_avg), ("weighted avg", &c.weighted_avg)] {
        rows.push(vec![
            name.into(),
            f(a.precision),
            f(a.recall),
            f(a.f1),
            a.support.to_string(),
        ]);
    }
    let head: Vec<String> = ["class", "precision", "recall", "f1-score", "support"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    s.push_str("<div class=\"grid\"><div>\n<h3>scores per class</h3>\n");
    s.push_str(&table(&head, &rows, &[]));
    if let Some(o) = &t.ordinal {
        s.push_str(&table(
            &["ordinal metric".into(), "value".into()],
            &[
                vec!["mean absolute error (MAE)".into(), f(o.mae)],
                vec!["quadratic weighted kappa (QWK)".into(), f(o.qwk)],
            ],
            &[],
        ));
    }
    for n in &c.undefined {
        s.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
    }
    s.push_str("</div><div>\n<h3>confusion matrix</h3>\n");
    s.push_str(inline_svg(&confusion_heatmap(
        &c.confusion,
        &format!("{}: confusion matrix", t.target),
    )?));
    s.push_str("\n</div></div>\n<div class=\"grid\"><div>\n");
    for (title, head, rows) in extra_tables(t) {
        s.push_str(&format!("<h3>{}</h3>\n", escape(&title)));
        s.push_str(&table(&head, &rows, &[]));
    }
    s.push_str("</div>");
    if let Some(cal) = &t.calibration {
        s.push_str("<div>\n<h3>reliability diagram</h3>\n");
        s.push_str(inline_svg(&reliability_diagram(
            cal,
            &format!("{}: reliability", t.target),
        )?));
        s.push_str("\n<p class=\"note\">Bars: accuracy per probability bin; dots: mean probability vs accuracy; a calibrated model keeps to the diagonal.</p></div>");
    }
    s.push_str("</div>\n");
    if !t.errors.is_empty() {
        s.push_str("<h3>most confident mistakes</h3>\n");
        let rows: Vec<Vec<String>> = t
            .errors
            .iter()
            .map(|e| {
                vec![
                    e.line.to_string(),
                    e.truth.clone(),
                    e.predicted.clone(),
                    f(e.probability),
                    e.excerpt.clone(),
                    terms_line(e),
                ]
            })
            .collect();
        let head: Vec<String> = ["line", "truth", "predicted", "probability", "excerpt", "terms"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        s.push_str(&table(&head, &rows, &[1, 2, 4, 5]));
    }
    s.push_str("</section>\n");
    Ok(s)
}

/// The whole report as one HTML page.
pub fn render_html(r: &EvalReport) -> Result<String, PlotError> {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<title>sitrep evaluation report</title>\n<style>");
    s.push_str(STYLE);
    s.push_str("</style>\n</head>\n<body>\n<h1>sitrep evaluation report</h1>\n");
    let mut settings = vec![
        vec!["model".to_string(), r.model.clone()],
        vec!["data".to_string(), r.data.clone()],
    ];
    if let Some(st) = &r.settings {
        settings.extend(
            settings_lines(st)
                .into_iter()
                .map(|(k, v)| vec![k.to_string(), v]),
        );
    }
    s.push_str("<table class=\"settings\">");
    for row in &settings {
        s.push_str(&format!(
            "<tr><th>{}</th><td>{}</td></tr>",
            escape(&row[0]),
            escape(&row[1])
        ));
    }
    s.push_str("</table>\n<p class=\"note\">Metrics follow scikit-learn's definitions. Intervals: percentile bootstrap over rows. ECE: 10 equal-width bins of the predicted class's probability, weighted by bin size. Brier: mean over rows of the sum over classes of (p − onehot)², from 0 (best) to 2.</p>\n");
    for t in &r.targets {
        s.push_str(&target_section(t)?);
    }
    s.push_str("</body>\n</html>\n");
    Ok(s)
}

/// A file-name-safe form of a target name.
fn file_stem(target: &str) -> String {
    target
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The files [`write_plots`] writes into `dir`, per target its confusion matrix and (when
/// the report has calibration) its reliability diagram, so that a caller can check them
/// before anything is written.
pub fn plot_paths(r: &EvalReport, dir: &Path) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    // targets `a b` and `a/b` make one stem, and one plot would overwrite the other
    let stems = unique_names(r.targets.iter().map(|t| file_stem(&t.target)).collect());
    for (t, stem) in r.targets.iter().zip(stems) {
        paths.push(dir.join(format!("{stem}-confusion.svg")));
        if t.calibration.is_some() {
            paths.push(dir.join(format!("{stem}-reliability.svg")));
        }
    }
    paths
}

/// Writes `TARGET-confusion.svg` and `TARGET-reliability.svg` per target into `dir` (TARGET
/// with each character but letters, digits, `-` and `_` written `_`, and `_2`, `_3`, ...
/// added to a name that an earlier target made already)
/// (created if needed) and returns the paths written, those of [`plot_paths`].
pub fn write_plots(r: &EvalReport, dir: &Path) -> Result<Vec<PathBuf>, std::io::Error> {
    std::fs::create_dir_all(dir)?;
    let paths = plot_paths(r, dir);
    let mut next = paths.iter();
    let to_io = |e: PlotError| std::io::Error::other(e.to_string());
    for t in &r.targets {
        let title = format!("{}: confusion matrix", t.target);
        let cm = confusion_heatmap(&t.classification.confusion, &title).map_err(to_io)?;
        std::fs::write(next.next().expect("a path per plot"), cm)?;
        if let Some(cal) = &t.calibration {
            let svg = reliability_diagram(cal, &format!("{}: reliability", t.target)).map_err(to_io)?;
            std::fs::write(next.next().expect("a path per plot"), svg)?;
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluate::calibration::calibration;

    fn report() -> EvalReport {
        let labels: Vec<String> = ["a<b", "c&d"].iter().map(|s| s.to_string()).collect();
        let (truth, pred) = ([0, 0, 1, 1, 1], [0, 1, 1, 1, 0]);
        let mut t = TargetReport::evaluate("topic", "nominal", &labels, &truth, &pred).expect("valid");
        let probs = vec![
            vec![0.9, 0.1],
            vec![0.4, 0.6],
            vec![0.2, 0.8],
            vec![0.3, 0.7],
            vec![0.55, 0.45],
        ];
        t.calibration = Some(calibration(&truth, &pred, &probs).expect("valid"));
        EvalReport {
            model: "m.sitrep".into(),
            data: "d.csv".into(),
            settings: None,
            targets: vec![t],
        }
    }

    /// Every SVG must be well-formed XML (checked with roxmltree).
    fn assert_xml(svg: &str) {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }

    #[test]
    fn pictures_are_valid_xml_and_escape_labels() {
        let r = report();
        let t = &r.targets[0];
        let cm = confusion_heatmap(&t.classification.confusion, "topic & more").expect("draws");
        assert_xml(&cm);
        assert!(cm.contains("a&lt;b") && cm.contains("c&amp;d"), "{cm}");
        assert!(cm.contains("<text"));
        assert_xml(&reliability_diagram(t.calibration.as_ref().expect("cal"), "rel").expect("draws"));
    }

    #[test]
    fn html_is_self_contained_and_escaped() {
        let html = render_html(&report()).expect("renders");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<svg").count(), 2);
        assert!(!html.contains("<?xml"));
        // The only addresses are XML namespace names, which are never fetched.
        assert_eq!(
            html.matches("http").count(),
            html.matches("http://www.w3.org/").count()
        );
        assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
        assert!(html.contains("a&lt;b"));
        assert!(html.contains("expected calibration error"));
        assert_eq!(escape("<\"'&>"), "&lt;&quot;&#39;&amp;&gt;");
        assert_eq!(file_stem("a b/c"), "a_b_c");
    }

    /// Targets `a b` and `a/b` gave one file name, and one plot silently overwrote the other.
    #[test]
    fn targets_that_make_one_file_name_get_a_file_each() {
        let mut r = report();
        let mut second = r.targets[0].clone();
        r.targets[0].target = "a b".into();
        second.target = "a/b".into();
        second.calibration = None;
        r.targets.push(second);
        let names: Vec<String> = plot_paths(&r, Path::new("d"))
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "d/a_b-confusion.svg",
                "d/a_b-reliability.svg",
                "d/a_b_2-confusion.svg"
            ]
        );
    }
}
