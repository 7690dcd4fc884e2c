//! The text of a row: how text columns join, and how a text is cut short for display.

/// Appends one text column's field to a row's text, which starts at byte `start` of `text`:
/// the fields of a row are joined with newlines (title, then body), and blank fields are
/// left out, so that a row without a title reads as its body alone. Every reader of text
/// columns (CSV files here, data frames in the Python package) joins them this way.
pub fn push_text_field(text: &mut String, start: usize, field: &str) {
    if !field.trim().is_empty() {
        if text.len() > start {
            text.push('\n');
        }
        text.push_str(field);
    }
}

/// A short single-line excerpt of a text for tables.
pub fn excerpt(text: &str, width: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= width {
        flat
    } else {
        let cut: String = flat.chars().take(width.saturating_sub(3)).collect();
        format!("{}...", cut.trim_end())
    }
}
