//! Texts handed over from Python, borrowed in place: each `str` object's UTF-8 text is read
//! where CPython keeps it (for ASCII text, the object's own buffer), never copied into Rust
//! strings. The objects are held for as long as their text is used, so another Python
//! thread changing the list while the GIL is released cannot pull the text away.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::api::{push_text_field, LabeledData};

/// The `str` items of one or more equally long lists (text columns), checked.
pub struct TextColumns<'py> {
    columns: Vec<Vec<Bound<'py, PyString>>>,
}

impl<'py> TextColumns<'py> {
    /// Every item must be a `str`; `names` name the columns in messages (`texts`, or a data
    /// frame's column names).
    pub fn new(lists: &[Bound<'py, PyList>], names: &[String]) -> PyResult<Self> {
        let rows = lists.first().map_or(0, |l| l.len());
        if lists.is_empty() || rows == 0 {
            return Err(PyValueError::new_err(
                "no texts given (an empty list): expected at least one text",
            ));
        }
        let mut columns = Vec::with_capacity(lists.len());
        for (c, list) in lists.iter().enumerate() {
            let name = names.get(c).map_or("texts", String::as_str);
            if list.len() != rows {
                return Err(PyValueError::new_err(format!(
                    "text column `{name}` has {} rows, the first has {rows}; columns must be equally long",
                    list.len()
                )));
            }
            let mut items = Vec::with_capacity(rows);
            for (i, item) in list.iter().enumerate() {
                match item.cast_into::<PyString>() {
                    Ok(s) => items.push(s),
                    Err(e) => return Err(not_a_str(name, i, e.into_inner())),
                }
            }
            columns.push(items);
        }
        Ok(TextColumns { columns })
    }

    pub fn rows(&self) -> usize {
        self.columns[0].len()
    }

    /// Each column's texts, borrowed from the `str` objects. A `str` that is not valid
    /// Unicode (a lone surrogate such as `"\ud800"`) is refused with its position.
    pub fn borrow(&self, names: &[String]) -> PyResult<Vec<Vec<&str>>> {
        self.columns
            .iter()
            .enumerate()
            .map(|(c, items)| {
                let name = names.get(c).map_or("texts", String::as_str);
                items
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        s.to_str().map_err(|e| {
                            PyValueError::new_err(format!(
                                "{name}[{i}] is not valid Unicode and cannot be read as UTF-8 ({e})"
                            ))
                        })
                    })
                    .collect()
            })
            .collect()
    }
}

fn not_a_str(name: &str, i: usize, item: Bound<'_, PyAny>) -> PyErr {
    let type_name = item
        .get_type()
        .name()
        .map_or_else(|_| "an object".to_string(), |n| n.to_string());
    let hint = match type_name.as_str() {
        "bytes" | "bytearray" => "; decode it first, e.g. with .decode(\"utf-8\")",
        "NoneType" => "; every row needs a text (use \"\" for none)",
        "float" => "; a missing value (NaN) has no text",
        "NAType" => "; a missing value (pd.NA) has no text",
        "NaTType" => "; a missing value (NaT) has no text",
        _ => "",
    };
    let shown = if item.is_none() {
        "None".to_string()
    } else {
        let article = if type_name.starts_with(|c: char| "aeiouAEIOU".contains(c)) {
            "an"
        } else {
            "a"
        };
        format!("{article} {type_name}")
    };
    PyTypeError::new_err(format!("{name}[{i}] is {shown}, not a str{hint}"))
}

/// Several text columns joined row by row, as sitrep joins the text columns of a CSV row.
pub fn join(columns: &[Vec<&str>]) -> Vec<String> {
    let rows = columns.first().map_or(0, Vec::len);
    (0..rows)
        .map(|i| {
            let mut text = String::new();
            for column in columns {
                push_text_field(&mut text, 0, column[i]);
            }
            text
        })
        .collect()
}

/// Labeled rows from columns in memory, checked as `sitrep-train` checks a CSV file's rows:
/// every row needs text and a label for each target (labels are trimmed). Rows are
/// numbered by position (from 0) where a file's would have a line.
pub fn labeled_rows(
    columns: &[Vec<&str>],
    names: &[String],
    targets: &[String],
    labels: Vec<Vec<String>>,
) -> PyResult<LabeledData> {
    let texts = match columns {
        [one] => one.iter().map(|t| t.to_string()).collect(),
        many => join(many),
    };
    if let Some(i) = texts.iter().position(|t: &String| t.trim().is_empty()) {
        return Err(PyValueError::new_err(format!(
            "row {i}: the text ({}) is empty; every row needs text",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if labels.len() != targets.len() {
        return Err(PyValueError::new_err(format!(
            "{} label columns for {} targets",
            labels.len(),
            targets.len()
        )));
    }
    let mut trimmed = Vec::with_capacity(labels.len());
    for (target, column) in targets.iter().zip(labels) {
        if column.len() != texts.len() {
            return Err(PyValueError::new_err(format!(
                "target `{target}` has {} labels for {} rows of text",
                column.len(),
                texts.len()
            )));
        }
        let mut kept = Vec::with_capacity(column.len());
        for (i, label) in column.into_iter().enumerate() {
            let label = label.trim();
            if label.is_empty() {
                return Err(PyValueError::new_err(format!(
                    "target `{target}`, row {i}: the label is empty; every row needs a label"
                )));
            }
            kept.push(label.to_string());
        }
        trimmed.push(kept);
    }
    Ok(LabeledData {
        lines: (0..texts.len() as u64).collect(),
        texts,
        labels: trimmed,
        replaced_lines: Vec::new(),
    })
}
