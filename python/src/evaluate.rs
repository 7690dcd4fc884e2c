//! Evaluating from Python: the report of `sitrep-eval --format json`, on a CSV file or on
//! labeled columns in memory.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::api::{
    evaluate, evaluate_data, file_crc32, render_json, resolve_text_columns, EvalOptions, RowFilter, Settings,
    Utf8Mode, VERSION,
};
use crate::model::NativeModel;
use crate::texts::{labeled_rows, TextColumns};
use crate::{errors, pool};

/// What names the rows of a data frame in the report and its warnings.
pub(crate) const IN_MEMORY: &str = "data frame";

/// The options of scoring a CSV file: the columns, the `rows` filter (`COLUMN=VALUE`, checked
/// here), the bootstrap and how invalid UTF-8 is met.
pub fn file_options(
    text_columns: Vec<String>,
    targets: Vec<String>,
    rows: Option<String>,
    seed: u64,
    resamples: usize,
    lossy: bool,
) -> PyResult<EvalOptions> {
    let filter = rows
        .map(|r| r.parse::<RowFilter>())
        .transpose()
        .map_err(PyValueError::new_err)?;
    Ok(EvalOptions {
        text_columns,
        targets,
        filter,
        seed,
        resamples,
        utf8: if lossy { Utf8Mode::Lossy } else { Utf8Mode::Strict },
        ..Default::default()
    })
}

/// `sitrep-eval --model MODEL --data PATH --format json`: the report as JSON text. What
/// `sitrep-eval` warns about (labels the model never saw, replaced invalid UTF-8) are
/// Python warnings.
#[pyfunction]
#[pyo3(signature = (model, path, text_columns, targets, rows=None, seed=42, resamples=1000, errors=0, lossy=false, n_jobs=None, by=None))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate_file(
    py: Python<'_>,
    model: PyRef<'_, NativeModel>,
    path: PathBuf,
    text_columns: Vec<String>,
    targets: Vec<String>,
    rows: Option<String>,
    seed: u64,
    resamples: usize,
    errors: usize,
    lossy: bool,
    n_jobs: Option<isize>,
    by: Option<String>,
) -> PyResult<String> {
    let options = EvalOptions {
        errors,
        by,
        ..file_options(text_columns, targets, rows, seed, resamples, lossy)?
    };
    let threads = pool::threads(n_jobs)?;
    let native = &*model;
    let mut warnings = Vec::new();
    let report = pool::detached(py, threads, usize::MAX, || {
        let mut report = evaluate(&native.model, &path, &options, |w| warnings.push(w.to_string()))
            .map_err(errors::eval)?;
        report.model = native.origin.clone();
        report.settings = Some(Settings {
            tool_version: VERSION.to_string(),
            model_crc32: format!("{:08x}", native.crc32),
            data_crc32: file_crc32(&path).map_err(errors::eval)?,
            rows: options
                .filter
                .as_ref()
                .map(|r| format!("{}={}", r.column, r.value)),
            text_columns: resolve_text_columns(&native.model, &path, &options.text_columns)
                .map_err(errors::eval)?,
            seed,
            resamples,
        });
        Ok::<_, PyErr>(render_json(&report))
    })?;
    // given even when the report failed: sitrep-eval prints them as they come
    errors::warn(py, &warnings)?;
    report
}

/// The same report on labeled columns in memory: `columns` holds one list of `str` per
/// text column (`names` names them), `labels` one list of `str` per target in `targets`,
/// then, with `by`, one more: each row's value of the column `by` names.
#[pyfunction]
#[pyo3(signature = (model, columns, names, targets, labels, seed=42, resamples=1000, errors=0, n_jobs=None, by=None))]
#[allow(clippy::too_many_arguments)]
pub fn evaluate_columns<'py>(
    py: Python<'py>,
    model: PyRef<'py, NativeModel>,
    columns: Vec<Bound<'py, PyList>>,
    names: Vec<String>,
    targets: Vec<String>,
    labels: Vec<Vec<String>>,
    seed: u64,
    resamples: usize,
    errors: usize,
    n_jobs: Option<isize>,
    by: Option<String>,
) -> PyResult<String> {
    let options = EvalOptions {
        seed,
        resamples,
        errors,
        by,
        ..Default::default()
    };
    let threads = pool::threads(n_jobs)?;
    let items = TextColumns::new(&columns, &names)?;
    let texts = items.borrow(&names)?;
    let native = &*model;
    let mut warnings = Vec::new();
    let report = pool::detached(py, threads, usize::MAX, || {
        // the grouping column travels as one more label column, named in messages
        let label_columns: Vec<String> = targets.iter().chain(&options.by).cloned().collect();
        let data = labeled_rows(&texts, &names, &label_columns, labels)?;
        let source = Path::new(IN_MEMORY);
        let mut report = evaluate_data(&native.model, source, data, &targets, &options, |w| {
            warnings.push(w.to_string())
        })
        .map_err(errors::eval)?;
        report.model = native.origin.clone();
        report.settings = Some(Settings {
            tool_version: VERSION.to_string(),
            model_crc32: format!("{:08x}", native.crc32),
            data_crc32: "in memory".to_string(),
            rows: None,
            text_columns: names.clone(),
            seed,
            resamples,
        });
        Ok::<_, PyErr>(render_json(&report))
    })?;
    // given even when the report failed: sitrep-eval prints them as they come
    errors::warn(py, &warnings)?;
    report
}
