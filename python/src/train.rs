//! Training from Python: from a CSV file, as `sitrep-train --data` reads it, or from
//! columns in memory (a data frame's, or scikit-learn's `X` and `y`).

use std::path::PathBuf;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::api::{
    check_text_columns, encode, encode_target, label_warnings, read_labeled_where, replaced_warning, train,
    wordless_warning, Classification, EncodedTarget, FeatureConfig, LabeledData, Language, Model,
    ModelChoice, RowFilter, TargetKind, TargetSpec, TrainOptions, TrainSummary, Utf8Mode, ANALYSIS_VERSION,
};
use crate::model::NativeModel;
use crate::texts::{labeled_rows, TextColumns};
use crate::{errors, pool};

/// The training settings of `sitrep-train`, from a dict holding every key (the Python layer
/// fills in the defaults, which are the CLI's).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct Settings {
    model: String,
    /// None: not given (1, as `sitrep-train` without `--c`).
    c: Option<f64>,
    alpha: Option<f64>,
    ngrams: (usize, usize),
    char_ngrams: Option<(usize, usize)>,
    min_df: usize,
    max_df: f64,
    max_features: Option<usize>,
    hashing_bits: Option<u8>,
    language: String,
    stop_words: bool,
    extra_stop_words: Vec<String>,
    stem: bool,
    number_buckets: bool,
    /// What figures count as extra terms (English only, as `sitrep-train`).
    magnitudes: bool,
    /// One spelling per word (English only, as `sitrep-train`).
    spelling_variants: bool,
    fold_accents: bool,
    holdout: f64,
    /// None: not given (3, as `sitrep-train` without `--selection-folds`).
    selection_folds: Option<usize>,
    seed: u64,
    calibrate: bool,
    /// Texts outside the model's scope (`sitrep-train --background`).
    background: Vec<String>,
    /// Also train on the headline and lede of long rows (`sitrep-train --snippets`).
    snippets: bool,
    /// Ordinal SVMs share one weight vector (`sitrep-train --all-threshold`).
    all_threshold: bool,
    /// (label, weight) pairs (`sitrep-train --class-weight LABEL=W`).
    class_weights: Vec<(String, f64)>,
}

impl Settings {
    fn options(&self, text_columns: &[String], targets: &[TargetSpec]) -> PyResult<TrainOptions> {
        let model: ModelChoice = self.model.parse().map_err(PyValueError::new_err)?;
        if let Some((label, w)) = self
            .class_weights
            .iter()
            .find(|(_, w)| !(*w > 0.0 && w.is_finite()))
        {
            return Err(PyValueError::new_err(format!(
                "the class weight of `{label}` must be a positive number, got {w}"
            )));
        }
        let language = Language::parse(&self.language).ok_or_else(|| {
            let names: Vec<String> = Language::ALL.iter().map(|l| l.name()).collect();
            PyValueError::new_err(format!(
                "unknown language `{}`; choose one of {}",
                self.language,
                names.join(", ")
            ))
        })?;
        let features = FeatureConfig {
            language,
            fold_accents: self.fold_accents,
            number_buckets: self.number_buckets,
            magnitudes: self.magnitudes && language == Language::English,
            spelling_variants: self.spelling_variants && language == Language::English,
            stop_words: self.stop_words,
            extra_stop_words: self.extra_stop_words.clone(),
            stem: self.stem,
            word_ngrams: self.ngrams,
            char_ngrams: self.char_ngrams,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: true,
            hashing_bits: self.hashing_bits,
            analysis: ANALYSIS_VERSION,
        };
        features.validate().map_err(errors::features)?;
        Ok(TrainOptions {
            text_columns: text_columns.to_vec(),
            targets: targets.to_vec(),
            model,
            c: self.c,
            alpha: self.alpha,
            features,
            holdout: self.holdout,
            selection_folds: self.selection_folds,
            seed: self.seed,
            calibrate: self.calibrate,
            background: self.background.clone(),
            snippets: self.snippets,
            all_threshold: self.all_threshold,
            class_weights: self.class_weights.clone(),
        })
    }
}

/// A target as `sitrep-train --target` takes it (`escalation:ordinal`), or in parts:
/// (column, "nominal" or "ordinal", the levels low to high or None), for labels that hold
/// commas.
#[derive(FromPyObject)]
pub enum Target {
    Spec(String),
    Parts(String, String, Option<Vec<String>>),
}

fn target_specs(targets: Vec<Target>) -> PyResult<Vec<TargetSpec>> {
    if targets.is_empty() {
        return Err(PyValueError::new_err(
            "no target given: name at least one label column",
        ));
    }
    targets
        .into_iter()
        .map(|t| match t {
            Target::Spec(s) => s.parse::<TargetSpec>().map_err(PyValueError::new_err),
            Target::Parts(column, kind, order) => {
                let kind = match kind.as_str() {
                    "nominal" => TargetKind::Nominal,
                    "ordinal" => TargetKind::Ordinal,
                    other => {
                        return Err(PyValueError::new_err(format!(
                            "target `{column}`: unknown kind `{other}`; use `nominal` or `ordinal`"
                        )))
                    }
                };
                match &order {
                    Some(levels) if kind == TargetKind::Nominal => {
                        return Err(PyValueError::new_err(format!(
                            "target `{column}` is nominal, but levels were given ({}); levels order ordinal targets",
                            levels.join(", ")
                        )))
                    }
                    Some(levels) if levels.len() < 2 || levels.iter().any(|l| l.trim().is_empty()) => {
                        return Err(PyValueError::new_err(format!(
                            "target `{column}`: give at least two levels, none of them empty"
                        )))
                    }
                    _ => {}
                }
                Ok(TargetSpec { column, kind, order })
            }
        })
        .collect()
}

/// Encodes the targets and trains, as `sitrep-train` does after reading its rows; `source`
/// names the file they came from (None: rows in memory), `filter` the rows kept of it.
/// What `sitrep-train` warns about (labels that differ only in case or spacing, a class the
/// holdout split's or an auto selection fold's training part lacks) goes to `warnings`.
fn fit(
    data: &LabeledData,
    specs: &[TargetSpec],
    options: &TrainOptions,
    source: Option<&str>,
    filter: Option<&RowFilter>,
    warnings: &mut Vec<String>,
) -> PyResult<(Model, TrainSummary)> {
    let encoded = specs
        .iter()
        .zip(&data.labels)
        .map(|(spec, labels)| encode_target(spec, labels, &data.lines))
        .collect::<Result<Vec<EncodedTarget>, _>>()
        .map_err(|e| errors::target(e.with_filter(filter.map(ToString::to_string)), source))?;
    // a file's rows are its lines; rows in memory are numbered by position
    let unit = if source.is_some() { "line" } else { "row" };
    for t in &encoded {
        warnings.extend(label_warnings(t, &data.lines, unit));
    }
    let (model, summary) = train(
        &data.texts,
        &encoded,
        options,
        |_| {},
        |w| warnings.push(w.to_string()),
    )
    .map_err(errors::train)?;
    if let Some(&first) = summary.wordless_rows.first() {
        let place = format!("{unit} {}", data.lines.get(first).copied().unwrap_or(0));
        let rows = summary.wordless_rows.len();
        warnings.push(wordless_warning(
            source.unwrap_or("the training rows"),
            rows,
            &place,
        ));
    }
    Ok((model, summary))
}

/// A trained model as a `NativeModel`, with the CRC-32 its file will have.
fn native(model: Model, origin: &str) -> PyResult<NativeModel> {
    let crc = crate::api::crc32(&encode(&model).map_err(errors::model_file)?);
    Ok(NativeModel::new(model, origin.to_string(), crc))
}

/// Trains on a labeled CSV file as `sitrep-train --data PATH` does. Returns the model and
/// the training summary; rows whose invalid UTF-8 was replaced (`lossy`) are a warning.
#[pyfunction]
#[pyo3(signature = (path, text_columns, targets, settings, rows=None, lossy=false, n_jobs=None))]
#[allow(clippy::too_many_arguments)]
pub fn train_file<'py>(
    py: Python<'py>,
    path: PathBuf,
    text_columns: Vec<String>,
    targets: Vec<Target>,
    settings: Settings,
    rows: Option<String>,
    lossy: bool,
    n_jobs: Option<isize>,
) -> PyResult<(NativeModel, Bound<'py, PyDict>)> {
    let specs = target_specs(targets)?;
    check_text_columns(&text_columns, &specs).map_err(errors::train)?;
    let options = settings.options(&text_columns, &specs)?;
    let filter = rows
        .map(|r| r.parse::<RowFilter>())
        .transpose()
        .map_err(PyValueError::new_err)?;
    let utf8 = if lossy { Utf8Mode::Lossy } else { Utf8Mode::Strict };
    let threads = pool::threads(n_jobs)?;
    let columns: Vec<String> = specs.iter().map(|s| s.column.clone()).collect();
    // read, warn (as sitrep-train warns before it trains), train
    let data = pool::detached(py, threads, usize::MAX, || {
        read_labeled_where(&path, &text_columns, &columns, filter.as_ref(), utf8)
    })?
    .map_err(errors::data)?;
    let replaced = data.replaced_lines.len() as u64;
    let warning = replaced_warning(&path, replaced, data.replaced_lines.first().copied());
    errors::warn(py, warning.as_slice())?;
    let source = path.display().to_string();
    let mut warnings = Vec::new();
    let fitted = pool::detached(py, threads, usize::MAX, || {
        fit(
            &data,
            &specs,
            &options,
            Some(&source),
            filter.as_ref(),
            &mut warnings,
        )
    })?;
    // given even when training failed: sitrep-train prints them as they come
    errors::warn(py, &warnings)?;
    let (model, summary) = fitted?;
    Ok((
        native(model, &format!("trained on {source}"))?,
        summary_dict(py, &summary)?,
    ))
}

/// Trains on columns in memory: `columns` holds one list of `str` per text column
/// (`names` names them; several are joined per row), `labels` one list of `str` per
/// target. Returns the model and the training summary.
#[pyfunction]
#[pyo3(signature = (columns, names, targets, labels, settings, n_jobs=None))]
pub fn train_columns<'py>(
    py: Python<'py>,
    columns: Vec<Bound<'py, PyList>>,
    names: Vec<String>,
    targets: Vec<Target>,
    labels: Vec<Vec<String>>,
    settings: Settings,
    n_jobs: Option<isize>,
) -> PyResult<(NativeModel, Bound<'py, PyDict>)> {
    let specs = target_specs(targets)?;
    let options = settings.options(&names, &specs)?;
    let threads = pool::threads(n_jobs)?;
    let items = TextColumns::new(&columns, &names)?;
    let texts = items.borrow(&names)?;
    let target_names: Vec<String> = specs.iter().map(|s| s.column.clone()).collect();
    let mut warnings = Vec::new();
    let fitted = pool::detached(py, threads, usize::MAX, || {
        let data = labeled_rows(&texts, &names, &target_names, labels)?;
        fit(&data, &specs, &options, None, None, &mut warnings)
    })?;
    // given even when training failed: sitrep-train prints them as they come
    errors::warn(py, &warnings)?;
    let (model, summary) = fitted?;
    Ok((native(model, "trained in Python")?, summary_dict(py, &summary)?))
}

/// The summary `sitrep-train` prints, as a dict.
fn summary_dict<'py>(py: Python<'py>, s: &TrainSummary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("rows", s.rows)?;
    d.set_item("features", s.features)?;
    let chosen = PyDict::new(py);
    for (target, algorithm) in &s.chosen {
        chosen.set_item(target, algorithm)?;
    }
    d.set_item("algorithms", chosen)?;
    let candidates = PyList::empty(py);
    for c in &s.candidates {
        let e = PyDict::new(py);
        e.set_item("target", &c.target)?;
        e.set_item("algorithm", c.algorithm.to_string())?;
        e.set_item("score", c.score)?;
        candidates.append(e)?;
    }
    d.set_item("candidates", candidates)?;
    let validation = PyList::empty(py);
    for v in &s.validation {
        let e = PyDict::new(py);
        e.set_item("target", &v.target)?;
        e.set_item("algorithm", &v.algorithm)?;
        e.set_item("rows", v.rows)?;
        let Classification {
            accuracy, macro_avg, ..
        } = &v.classification;
        e.set_item("accuracy", accuracy)?;
        e.set_item("macro_f1", macro_avg.f1)?;
        if let Some(o) = &v.ordinal {
            e.set_item("mae", o.mae)?;
            e.set_item("qwk", o.qwk)?;
        }
        validation.append(e)?;
    }
    d.set_item("validation", validation)?;
    Ok(d)
}
