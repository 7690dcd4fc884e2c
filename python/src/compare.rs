//! Comparing two models from Python: the comparison of `sitrep-eval --model A --model B
//! --format json`, on a CSV file or on labeled columns in memory.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::api::{compare, compare_data, render_comparison_json, Comparison, EvalOptions};
use crate::evaluate::file_options;
use crate::model::NativeModel;
use crate::texts::{labeled_rows, TextColumns};
use crate::{errors, pool};

/// What names the rows of a data frame in the comparison and its warnings.
const IN_MEMORY: &str = "data frame";

/// Names both models and their checksums as `sitrep-eval` does, and renders the JSON.
fn finish(mut c: Comparison, a: &NativeModel, b: &NativeModel) -> String {
    c.models = [a.origin.clone(), b.origin.clone()];
    c.model_crc32 = [format!("{:08x}", a.crc32), format!("{:08x}", b.crc32)];
    render_comparison_json(&c)
}

/// `sitrep-eval --model A --model B --data PATH --format json`: the comparison as JSON text.
#[pyfunction]
#[pyo3(signature = (model_a, model_b, path, text_columns, targets, rows=None, seed=42, resamples=1000, lossy=false, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare_file(
    py: Python<'_>,
    model_a: PyRef<'_, NativeModel>,
    model_b: PyRef<'_, NativeModel>,
    path: PathBuf,
    text_columns: Vec<String>,
    targets: Vec<String>,
    rows: Option<String>,
    seed: u64,
    resamples: usize,
    lossy: bool,
    n_jobs: Option<isize>,
) -> PyResult<String> {
    let options = file_options(text_columns, targets, rows, seed, resamples, lossy)?;
    let threads = pool::threads(n_jobs)?;
    let (a, b) = (&*model_a, &*model_b);
    let mut warnings = Vec::new();
    let json = pool::detached(py, threads, usize::MAX, || {
        let models = [(&a.model, a.origin.as_str()), (&b.model, b.origin.as_str())];
        let c = compare(models, &path, &options, |w| warnings.push(w.to_string())).map_err(errors::eval)?;
        Ok::<_, PyErr>(finish(c, a, b))
    })?;
    // given even when the comparison failed: sitrep-eval prints them as they come
    errors::warn(py, &warnings)?;
    json
}

/// The same comparison on labeled columns in memory: `columns` holds one list of `str` per
/// text column (`names` names them), `labels` one list of `str` per target in `targets`.
#[pyfunction]
#[pyo3(signature = (model_a, model_b, columns, names, targets, labels, seed=42, resamples=1000, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn compare_columns<'py>(
    py: Python<'py>,
    model_a: PyRef<'py, NativeModel>,
    model_b: PyRef<'py, NativeModel>,
    columns: Vec<Bound<'py, PyList>>,
    names: Vec<String>,
    targets: Vec<String>,
    labels: Vec<Vec<String>>,
    seed: u64,
    resamples: usize,
    n_jobs: Option<isize>,
) -> PyResult<String> {
    let options = EvalOptions {
        seed,
        resamples,
        ..Default::default()
    };
    let threads = pool::threads(n_jobs)?;
    let items = TextColumns::new(&columns, &names)?;
    let texts = items.borrow(&names)?;
    let (a, b) = (&*model_a, &*model_b);
    let mut warnings = Vec::new();
    let json = pool::detached(py, threads, usize::MAX, || {
        let data = labeled_rows(&texts, &names, &targets, labels)?;
        let models = [(&a.model, a.origin.as_str()), (&b.model, b.origin.as_str())];
        let c = compare_data(models, Path::new(IN_MEMORY), data, &targets, &options, |w| {
            warnings.push(w.to_string())
        })
        .map_err(errors::eval)?;
        Ok::<_, PyErr>(finish(c, a, b))
    })?;
    errors::warn(py, &warnings)?;
    json
}
