//! Evaluation reports: one data model ([`contents`]) rendered three ways ([`text`],
//! [`markdown`], JSON), so the terminal view, the markdown pasted into issues and the JSON
//! kept for comparisons can never disagree. The HTML page (`super::html`) reads the same data.

pub mod contents;
pub mod markdown;
pub mod text;

pub use contents::{
    extra_tables, render_json, settings_lines, terms_line, ConfidentError, EvalReport, Settings, Table,
    TargetReport, Term,
};
pub use markdown::render_markdown;
pub use text::render_text;

/// User text (a target, column, label or file name) as a report line may hold it: markdown
/// escaped, or in text with control characters (a newline in a quoted CSV field) as spaces,
/// so that neither breaks a table or a heading.
pub fn user_text(s: &str, markdown: bool) -> String {
    if markdown {
        markdown::md(s)
    } else {
        text::clean(s)
    }
}

#[cfg(test)]
mod tests;
