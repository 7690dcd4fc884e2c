//! The report as GitHub-flavoured markdown tables.

use super::contents::{extra_tables, settings_lines, terms_line, EvalReport};
use super::text::{clean, finish, heading, CM_TITLE, ERRORS_TITLE, MAE_NAME, QWK_NAME};
use crate::metrics::Averages;

/// The same content as [`render_text`], as GitHub-flavoured markdown tables.
pub fn render_markdown(r: &EvalReport) -> String {
    let mut out = vec![
        "# sitrep evaluation report".to_string(),
        String::new(),
        format!("- model: {}", md(&r.model)),
        format!("- data: {}", md(&r.data)),
    ];
    if let Some(s) = &r.settings {
        out.extend(
            settings_lines(s)
                .into_iter()
                .map(|(k, v)| format!("- {k}: {}", md(&v))),
        );
    }
    for t in &r.targets {
        let c = &t.classification;
        out.push(String::new());
        out.push(format!("## {}", md(&heading(t))));
        out.push(String::new());
        out.push("| class | precision | recall | f1-score | support |".to_string());
        out.push("| :--- | ---: | ---: | ---: | ---: |".to_string());
        for s in &c.per_class {
            out.push(md_row(&md(&s.label), s.precision, s.recall, s.f1, s.support));
        }
        out.push(format!(
            "| **accuracy** | | | {:.4} | {} |",
            c.accuracy, c.macro_avg.support
        ));
        out.push(md_avg_row("**macro avg**", &c.macro_avg));
        out.push(md_avg_row("**weighted avg**", &c.weighted_avg));
        if let Some(o) = &t.ordinal {
            out.push(String::new());
            out.push("| ordinal metric | value |".to_string());
            out.push("| :--- | ---: |".to_string());
            out.push(format!("| {MAE_NAME} | {:.4} |", o.mae));
            out.push(format!("| {QWK_NAME} | {:.4} |", o.qwk));
        }
        for (title, head, rows) in extra_tables(t) {
            out.push(String::new());
            out.push(format!("**{}**", md(&title)));
            out.push(String::new());
            out.push(format!(
                "| {} |",
                head.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
            ));
            out.push(format!("|{}", " ---: |".repeat(head.len())));
            for r in rows {
                out.push(format!(
                    "| {} |",
                    r.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ")
                ));
            }
        }
        out.push(String::new());
        out.push(format!("**{CM_TITLE}**"));
        out.push(String::new());
        let cm = &c.confusion;
        let mut header = String::from("| true \\ predicted |");
        let mut rule = String::from("| :--- |");
        for l in &cm.labels {
            header.push_str(&format!(" {} |", md(l)));
            rule.push_str(" ---: |");
        }
        out.push(header);
        out.push(rule);
        for (label, row) in cm.labels.iter().zip(&cm.counts) {
            let mut line = format!("| **{}** |", md(label));
            for n in row {
                line.push_str(&format!(" {n} |"));
            }
            out.push(line);
        }
        if !t.errors.is_empty() {
            out.push(String::new());
            out.push(format!("**{ERRORS_TITLE}**"));
            out.push(String::new());
            out.push("| line | truth | predicted | probability | excerpt | terms |".to_string());
            out.push("| ---: | :--- | :--- | ---: | :--- | :--- |".to_string());
            for e in &t.errors {
                out.push(format!(
                    "| {} | {} | {} | {:.4} | {} | {} |",
                    e.line,
                    md(&e.truth),
                    md(&e.predicted),
                    e.probability,
                    md(&e.excerpt),
                    md(&terms_line(e))
                ));
            }
        }
        if !c.undefined.is_empty() {
            out.push(String::new());
            out.push("Notes:".to_string());
            out.push(String::new());
            for n in &c.undefined {
                out.push(format!("- {}", md(n)));
            }
        }
    }
    finish(out)
}

fn md_row(label: &str, p: f64, r: f64, f: f64, n: u64) -> String {
    format!("| {label} | {p:.4} | {r:.4} | {f:.4} | {n} |")
}

fn md_avg_row(label: &str, a: &Averages) -> String {
    md_row(label, a.precision, a.recall, a.f1, a.support)
}

/// Escapes characters that would end a table cell or start markdown markup.
pub(crate) fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in clean(s).chars() {
        if matches!(c, '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
