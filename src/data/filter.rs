//! `--rows COLUMN=VALUE`: which rows of a CSV file a verb reads.

/// Keep only rows whose `column` equals `value` (e.g. `split=train`).
#[derive(Debug, Clone, PartialEq)]
pub struct RowFilter {
    pub column: String,
    pub value: String,
}

impl std::fmt::Display for RowFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.column, self.value)
    }
}

impl std::str::FromStr for RowFilter {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('=') {
            Some((c, v)) if !c.trim().is_empty() => Ok(RowFilter {
                column: c.trim().to_string(),
                value: v.to_string(),
            }),
            _ => Err(format!("`{s}` is not a filter like `split=train`")),
        }
    }
}

/// What the filter's column holds instead, so that a typo or a stray space shows at once.
pub(crate) fn filter_hint(column: &str, seen: &[String], more: bool) -> String {
    let values: Vec<String> = seen
        .iter()
        .map(|v| match v.is_empty() {
            true => "an empty field".to_string(),
            false => format!("`{v}`"),
        })
        .collect();
    let etc = if more { ", ..." } else { "" };
    format!(
        "column `{column}` holds {}{etc} (values are compared exactly, case and spaces included)",
        values.join(", ")
    )
}

/// A filter column's value as shown in [`filter_hint`]: spaces kept (a stray one may be the
/// problem), line ends and tabs escaped, long values cut.
fn shown_value(field: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for c in field.chars().take(MAX) {
        match c.is_control() {
            true => out.extend(c.escape_default()),
            false => out.push(c),
        }
    }
    if field.chars().count() > MAX {
        out.push_str("...");
    }
    out
}

/// The distinct values of `fields` as [`shown_value`] shows them, in order.
pub(crate) fn shown_values(fields: &[String]) -> Vec<String> {
    let mut shown: Vec<String> = Vec::with_capacity(fields.len());
    for v in fields.iter().map(|f| shown_value(f)) {
        if !shown.contains(&v) {
            shown.push(v);
        }
    }
    shown
}

/// Distinct values of the filter column kept for [`DataError::NoRowsMatch`].
pub(crate) const FILTER_VALUES_SHOWN: usize = 8;
