//! `NativeModel`: a loaded sitrep model and the batch calls on it. The Python class
//! `sitrep.Model` wraps it and shapes its results into data frames.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use rayon::prelude::*;

use crate::api::{
    abstain, crc32, decode, encode, prediction_columns, save, withheld_reasons, Abstention, AnalyzerPool,
    Model, Prediction, TargetKind, DEFAULT_MIN_COVERAGE, DEFAULT_MIN_SCOPE, DEFAULT_MODEL, UNCERTAIN,
};
use crate::texts::{join, TextColumns};
use crate::{errors, pool};

/// Texts per unit of parallel work, as the library cuts a batch to predict it: no more
/// threads than units are started, and raw scores are computed in units of this size.
const WORK_UNIT: usize = 64;

/// A sitrep model, checked like any model file when it was made from bytes.
#[pyclass(module = "sitrep._sitrep", name = "NativeModel", frozen)]
pub struct NativeModel {
    pub(crate) model: Model,
    /// Where the model came from, for reports: its path, or how it was made.
    pub(crate) origin: String,
    /// CRC-32 of the model file it came from (of its encoding when made in memory), as
    /// `sitrep-eval` reports it.
    pub(crate) crc32: u32,
    /// Analyzers of finished calls, kept with their memo of words for the next call. A call
    /// takes a set of its own, so calls from several Python threads never wait for each other.
    analyzers: Mutex<Vec<AnalyzerPool>>,
}

/// The output columns of a batch, by type, and which is which in the order of the CLI's
/// CSV columns ([`prediction_columns`]).
#[derive(Default)]
struct Columns {
    /// Per target, the index of each row's predicted class in the head's classes, or the
    /// number of classes for [`UNCERTAIN`].
    labels: Vec<Vec<isize>>,
    /// Probabilities, expected levels and coverage.
    numbers: Vec<Vec<f64>>,
    /// Why labels were withheld (empty when none was).
    texts: Vec<Vec<String>>,
    order: Vec<Slot>,
}

/// Where a CSV column's values are in [`Columns`].
#[derive(Clone, Copy)]
enum Slot {
    Labels(usize),
    Numbers(usize),
    Texts(usize),
}

impl Columns {
    fn push_labels(&mut self, values: Vec<isize>) {
        self.order.push(Slot::Labels(self.labels.len()));
        self.labels.push(values);
    }

    fn push_numbers(&mut self, values: Vec<f64>) {
        self.order.push(Slot::Numbers(self.numbers.len()));
        self.numbers.push(values);
    }

    fn push_texts(&mut self, values: Vec<String>) {
        self.order.push(Slot::Texts(self.texts.len()));
        self.texts.push(values);
    }

    /// Appends the rows of a later chunk, whose columns are the same.
    fn extend(&mut self, later: Columns) {
        for (column, more) in self.labels.iter_mut().zip(later.labels) {
            column.extend(more);
        }
        for (column, more) in self.numbers.iter_mut().zip(later.numbers) {
            column.extend(more);
        }
        for (column, more) in self.texts.iter_mut().zip(later.texts) {
            column.extend(more);
        }
    }
}

impl NativeModel {
    pub(crate) fn new(model: Model, origin: String, crc32: u32) -> Self {
        NativeModel {
            model,
            origin,
            crc32,
            analyzers: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with a set of analyzers that no other call is using.
    fn with_analyzers<T>(&self, f: impl FnOnce(&AnalyzerPool) -> T) -> T {
        let kept = self
            .analyzers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        // made in the call's pool: one analyzer per thread of that pool
        let analyzers = kept.unwrap_or_else(|| self.model.vectorizer.analyzers());
        let out = f(&analyzers);
        self.analyzers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(analyzers);
        out
    }

    /// The output columns of a chunk's predictions.
    fn columns_of(&self, preds: &[Vec<Prediction>]) -> Columns {
        let mut columns = Columns::default();
        for (h, head) in self.model.heads.iter().enumerate() {
            let labels = preds.iter().map(|p| {
                let label = &p[h].label;
                let k = head.classes.iter().position(|c| c == label);
                k.unwrap_or(head.classes.len()) as isize
            });
            columns.push_labels(labels.collect());
            columns.push_numbers(preds.iter().map(|p| p[h].probability).collect());
            if head.kind == TargetKind::Ordinal {
                let expected = preds.iter().map(|p| p[h].expected_level.unwrap_or(f64::NAN));
                columns.push_numbers(expected.collect());
            }
            for k in 0..head.classes.len() {
                columns.push_numbers(preds.iter().map(|p| p[h].probabilities[k]).collect());
            }
        }
        let coverage = preds
            .iter()
            .map(|p| p.first().and_then(|p| p.coverage).unwrap_or(f64::NAN));
        columns.push_numbers(coverage.collect());
        columns.push_texts(preds.iter().map(|p| withheld_reasons(&self.model, p)).collect());
        columns
    }

    /// Predicts `texts` in the library's work units, in parallel, in input order.
    fn predict_columns<S: AsRef<str> + Sync>(&self, texts: &[S], rules: Abstention) -> Columns {
        let parts = self.with_analyzers(|analyzers| {
            self.model
                .predict_chunks(texts, analyzers, None, |chunk, mut preds, _| {
                    abstain(&mut preds, chunk, rules);
                    self.columns_of(&preds)
                })
        });
        let mut parts = parts.into_iter();
        let mut columns = parts.next().unwrap_or_default();
        for part in parts {
            columns.extend(part);
        }
        columns
    }

    /// Each head's raw scores (`x . W + b`, before the link), rows by outputs.
    fn score_rows<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<(Vec<f64>, usize)> {
        let heads = &self.model.heads;
        let parts: Vec<Vec<Vec<f64>>> = self.with_analyzers(|analyzers| {
            texts
                .par_chunks(WORK_UNIT)
                .map(|chunk| {
                    let x = self.model.vectorizer.transform_with(chunk, analyzers);
                    heads
                        .iter()
                        .map(|head| x.rows().flat_map(|row| head.classifier.scores(row)).collect())
                        .collect()
                })
                .collect()
        });
        heads
            .iter()
            .enumerate()
            .map(|(h, head)| {
                let scores = parts.iter().flat_map(|part| part[h].iter().copied()).collect();
                (scores, head.classifier.n_outputs())
            })
            .collect()
    }
}

/// Row texts, borrowed from Python `str` objects, as one slice: one column as it is,
/// several joined row by row.
fn with_rows<T>(columns: &[Vec<&str>], f: impl FnOnce(&[&str]) -> T) -> T {
    match columns {
        [one] => f(one),
        many => {
            let joined = join(many);
            let rows: Vec<&str> = joined.iter().map(String::as_str).collect();
            f(&rows)
        }
    }
}

impl NativeModel {
    /// [`NativeModel::load`] without the warning about an older text analysis.
    fn load_quietly(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        match path {
            Some(path) => {
                let origin = path.display().to_string();
                py.detach(|| {
                    let bytes = std::fs::read(&path).map_err(|source| crate::api::ModelFileError::Read {
                        path: path.clone(),
                        source,
                    })?;
                    let model = decode(&path, &bytes)?;
                    Ok(NativeModel::new(model, origin, crc32(&bytes)))
                })
                .map_err(errors::model_file)
            }
            None => {
                let bytes = DEFAULT_MODEL.ok_or_else(|| {
                    PyRuntimeError::new_err("this build of sitrep has no built-in default model")
                })?;
                let model = decode(std::path::Path::new("<built-in default model>"), bytes)
                    .map_err(errors::model_file)?;
                Ok(NativeModel::new(
                    model,
                    "built-in default model".into(),
                    crc32(bytes),
                ))
            }
        }
    }

    /// Warns (a Python `UserWarning`) when the model was trained by a sitrep that read text
    /// differently, as the CLI tools warn on stderr.
    fn warn_analysis(&self, py: Python<'_>) -> PyResult<()> {
        let warning = self.model.vectorizer.config.analysis_warning(&self.origin);
        errors::warn(py, &warning.into_iter().collect::<Vec<_>>())
    }
}

#[pymethods]
impl NativeModel {
    /// Loads a model file; with no path, the default model built into this package.
    #[staticmethod]
    #[pyo3(signature = (path=None))]
    fn load(py: Python<'_>, path: Option<PathBuf>) -> PyResult<Self> {
        let model = Self::load_quietly(py, path)?;
        model.warn_analysis(py)?;
        Ok(model)
    }

    /// A model from the bytes of a model file, checked as a file is: magic, version, length,
    /// checksum and consistency. `origin` names the bytes in messages.
    #[staticmethod]
    #[pyo3(signature = (data, origin="<bytes>"))]
    fn from_bytes(py: Python<'_>, data: &[u8], origin: &str) -> PyResult<Self> {
        let model = py
            .detach(|| decode(std::path::Path::new(origin), data))
            .map_err(errors::model_file)?;
        let model = NativeModel::new(model, origin.to_string(), crc32(data));
        model.warn_analysis(py)?;
        Ok(model)
    }

    /// The model file's bytes, as `save` writes them.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| encode(&self.model)).map_err(errors::model_file)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Writes the model file (atomically: a temporary file renamed into place).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| save(&self.model, &path)).map_err(errors::model_file)
    }

    /// Predictions for rows of text: `columns` holds one list of `str` per text column
    /// (several are joined per row, as the CLI joins a CSV file's text columns). Returns
    /// the CLI's CSV prediction columns in order, as (name, array) pairs: label columns
    /// hold class indices (the number of classes meaning `uncertain`), the others floats.
    #[pyo3(signature = (columns, names, n_jobs=None, min_confidence=0.0, min_coverage=DEFAULT_MIN_COVERAGE, min_scope=DEFAULT_MIN_SCOPE))]
    // one argument per keyword of the Python call
    #[allow(clippy::too_many_arguments)]
    fn predict<'py>(
        &self,
        py: Python<'py>,
        columns: Vec<Bound<'py, PyList>>,
        names: Vec<String>,
        n_jobs: Option<isize>,
        min_confidence: f64,
        min_coverage: f64,
        min_scope: f64,
    ) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
        if !(0.0..=1.0).contains(&min_confidence) {
            return Err(PyValueError::new_err(format!(
                "min_confidence must be a probability between 0 and 1, got {min_confidence}"
            )));
        }
        if !(0.0..=1.0).contains(&min_coverage) {
            return Err(PyValueError::new_err(format!(
                "min_coverage must be a share between 0 and 1, got {min_coverage}"
            )));
        }
        if !(0.0..=1.0).contains(&min_scope) {
            return Err(PyValueError::new_err(format!(
                "min_scope must be a probability between 0 and 1, got {min_scope}"
            )));
        }
        let rules = Abstention {
            min_confidence,
            min_coverage,
            min_scope,
            language: self.model.vectorizer.config.language,
        };
        let threads = pool::threads(n_jobs)?;
        let items = TextColumns::new(&columns, &names)?;
        let texts = items.borrow(&names)?;
        let units = items.rows().div_ceil(WORK_UNIT);
        let columns = pool::detached(py, threads, units, || {
            with_rows(&texts, |rows| self.predict_columns(rows, rules))
        })?;
        let Columns {
            mut labels,
            mut numbers,
            mut texts,
            order,
        } = columns;
        // each column's vector moves into its array: no copy
        let out = prediction_columns(&self.model).into_iter().zip(order);
        out.map(|(name, slot)| {
            let array = match slot {
                Slot::Labels(i) => PyArray1::from_vec(py, std::mem::take(&mut labels[i])).into_any(),
                Slot::Numbers(i) => PyArray1::from_vec(py, std::mem::take(&mut numbers[i])).into_any(),
                Slot::Texts(i) => PyList::new(py, std::mem::take(&mut texts[i]))?.into_any(),
            };
            Ok((name, array))
        })
        .collect()
    }

    /// Each head's raw scores (before probabilities), an array of rows by outputs: one
    /// output per class, or one per threshold between levels for ordinal heads.
    #[pyo3(signature = (columns, names, n_jobs=None))]
    fn scores<'py>(
        &self,
        py: Python<'py>,
        columns: Vec<Bound<'py, PyList>>,
        names: Vec<String>,
        n_jobs: Option<isize>,
    ) -> PyResult<Vec<Bound<'py, PyArray2<f64>>>> {
        let threads = pool::threads(n_jobs)?;
        let items = TextColumns::new(&columns, &names)?;
        let texts = items.borrow(&names)?;
        let units = items.rows().div_ceil(WORK_UNIT);
        let rows = items.rows();
        let heads = pool::detached(py, threads, units, || with_rows(&texts, |t| self.score_rows(t)))?;
        heads
            .into_iter()
            .map(|(scores, outputs)| PyArray1::from_vec(py, scores).reshape([rows, outputs]))
            .collect()
    }

    /// The `n` terms that pushed each head's prediction for one text, largest first.
    fn explain(&self, py: Python<'_>, text: &str, n: usize) -> Vec<Vec<(String, f64)>> {
        py.detach(|| {
            let mut analyzer = self.model.vectorizer.config.analyzer();
            self.model.explain(&mut analyzer, text, n)
        })
    }

    /// Targets, classes, sizes and top terms, as `sitrep-classify --show-model` prints them.
    #[pyo3(signature = (top=12))]
    fn describe(&self, top: usize) -> String {
        self.model.describe(top)
    }

    #[getter]
    fn targets(&self) -> Vec<String> {
        self.model.heads.iter().map(|h| h.target.clone()).collect()
    }

    /// Each target's classes, lowest level first for ordinal targets.
    #[getter]
    fn classes(&self) -> Vec<Vec<String>> {
        self.model.heads.iter().map(|h| h.classes.clone()).collect()
    }

    #[getter]
    fn kinds(&self) -> Vec<&'static str> {
        self.model.heads.iter().map(|h| h.kind.name()).collect()
    }

    #[getter]
    fn algorithms(&self) -> Vec<String> {
        self.model.heads.iter().map(|h| h.algorithm.clone()).collect()
    }

    #[getter]
    fn text_columns(&self) -> Vec<String> {
        self.model.provenance.text_columns.clone()
    }

    #[getter]
    fn columns(&self) -> Vec<String> {
        prediction_columns(&self.model)
    }

    /// Whether the model has a scope gate (it was trained with a background file).
    #[getter]
    fn has_scope_gate(&self) -> bool {
        self.model.scope.is_some()
    }

    #[getter]
    fn n_features(&self) -> usize {
        self.model.vectorizer.n_features()
    }

    #[getter]
    fn training_rows(&self) -> usize {
        self.model.provenance.training_rows
    }

    #[getter]
    fn sitrep_version(&self) -> String {
        self.model.provenance.sitrep_version.clone()
    }

    #[getter]
    fn seed(&self) -> u64 {
        self.model.provenance.seed
    }

    #[getter]
    fn origin(&self) -> String {
        self.origin.clone()
    }

    /// CRC-32 of the model file as 8 hex digits, as `sitrep-eval` reports it.
    #[getter]
    fn crc32(&self) -> String {
        format!("{:08x}", self.crc32)
    }

    #[classattr]
    #[allow(non_snake_case)]
    fn UNCERTAIN() -> &'static str {
        UNCERTAIN
    }
}
