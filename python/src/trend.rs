//! Trends from Python: `sitrep-trend` on a CSV file or on a data frame's columns. The
//! options are checked as the binary checks them ([`TrendPlan`]), the run is the library's
//! (`Plan::run`), and the result stays in Rust ([`NativeTrends`]) until Python asks for it:
//! as columns (the series and alerts of `--format csv`, typed), JSON or HTML (the bytes
//! `--format json` and `--format html` write).

use std::path::{Path, PathBuf};

use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::api::{
    alert_rows, open_trend_file, series_rows, write_trends, Cell, InputOptions, Kind, Model, Numbering, Plan,
    ReadSummary, TrendFormat, TrendParams, TrendRequest, Trends, ALERT_COLUMNS, SERIES_COLUMNS,
};
use crate::evaluate::IN_MEMORY;
use crate::frame_csv::FrameCsv;
use crate::model::NativeModel;
use crate::texts::TextColumns;
use crate::{errors, pool};

/// The options of `sitrep.trend`, checked as `sitrep-trend` checks its arguments, before
/// any row is read.
#[pyclass(module = "sitrep._sitrep", name = "TrendPlan", frozen)]
pub struct TrendPlan {
    plan: Plan,
}

/// A count given from Python, which may be negative or too large.
fn count(name: &str, value: i64) -> PyResult<u32> {
    u32::try_from(value)
        .map_err(|_| PyValueError::new_err(format!("{name} is {value}; expected a count of at least 1")))
}

#[pymethods]
impl TrendPlan {
    #[new]
    #[pyo3(signature = (*, date_column, by, period, baseline, topic, since, until, skip_bad_rows, level_column, probability_column, topic_column, id_column, classify, text_columns, shrinkage, alert_p, warning_p, cusum_shift, cusum_arl, level3_min, onset_quiet_days, lossy))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        date_column: String,
        by: Vec<String>,
        period: &str,
        baseline: &str,
        topic: Option<String>,
        since: Option<String>,
        until: Option<String>,
        skip_bad_rows: bool,
        level_column: Option<String>,
        probability_column: Option<String>,
        topic_column: Option<String>,
        id_column: Option<String>,
        classify: bool,
        text_columns: Vec<String>,
        shrinkage: f64,
        alert_p: f64,
        warning_p: f64,
        cusum_shift: f64,
        cusum_arl: f64,
        level3_min: i64,
        onset_quiet_days: i64,
        lossy: bool,
    ) -> PyResult<Self> {
        let request = TrendRequest {
            input: InputOptions {
                date_column,
                by,
                level_column,
                probability_column,
                topic_column,
                id_column,
                topic,
                skip_bad_rows,
                ..InputOptions::default()
            },
            since,
            until,
            lossy,
            classify,
            text_columns,
            params: TrendParams {
                period: period.parse().map_err(PyValueError::new_err)?,
                baseline: baseline.parse().map_err(PyValueError::new_err)?,
                shrinkage,
                alert_p,
                warning_p,
                cusum_shift,
                cusum_arl,
                level3_min: count("level3_min", level3_min)?,
                onset_quiet_days: count("onset_quiet_days", onset_quiet_days)?,
            },
        };
        let plan = request.check(None).map_err(errors::trend)?;
        Ok(TrendPlan { plan })
    }

    /// The positions of the columns of a data frame with these column names that a run
    /// reads (with `model`: classifying its text): only these need turning into text.
    #[pyo3(signature = (header, model=None))]
    fn columns_read(
        &self,
        header: Vec<String>,
        model: Option<PyRef<'_, NativeModel>>,
    ) -> PyResult<Vec<usize>> {
        let model = model.as_deref().map(|m| &m.model);
        self.plan
            .columns_read(Path::new(IN_MEMORY), FrameCsv::header(&header), model)
            .map_err(errors::trend)
    }
}

/// Threads worth starting: classifying uses them, counting reads one row after another.
fn units(model: Option<&Model>) -> usize {
    if model.is_some() {
        usize::MAX
    } else {
        1
    }
}

/// `sitrep-trend --input PATH`: the trends, with its warnings as Python warnings.
#[pyfunction]
#[pyo3(signature = (plan, path, model=None, n_jobs=None))]
pub fn trend_file(
    py: Python<'_>,
    plan: PyRef<'_, TrendPlan>,
    path: PathBuf,
    model: Option<PyRef<'_, NativeModel>>,
    n_jobs: Option<isize>,
) -> PyResult<NativeTrends> {
    let threads = pool::threads(n_jobs)?;
    let (plan, model) = (&plan.plan, model.as_deref().map(|m| &m.model));
    let mut warnings = Vec::new();
    let result = pool::detached(py, threads, units(model), || {
        let input = open_trend_file(&path)?;
        plan.run(&path, input, model, |w| warnings.push(w.to_string()))
    })?;
    errors::warn(py, &warnings)?;
    let (trends, summary) = result.map_err(errors::trend)?;
    Ok(NativeTrends { trends, summary })
}

/// The same on a data frame: `header` names its columns, `columns` holds a list of `str`
/// per column read (the CSV file's fields) and `None` for the others. Rows are numbered by
/// position (row 0 is line 2), not by the line breaks inside fields.
#[pyfunction]
#[pyo3(signature = (plan, header, columns, model=None, n_jobs=None))]
pub fn trend_columns<'py>(
    py: Python<'py>,
    plan: PyRef<'py, TrendPlan>,
    header: Vec<String>,
    columns: Vec<Option<Bound<'py, PyList>>>,
    model: Option<PyRef<'py, NativeModel>>,
    n_jobs: Option<isize>,
) -> PyResult<NativeTrends> {
    if columns.len() != header.len() {
        return Err(PyValueError::new_err(format!(
            "{} columns for {} names",
            columns.len(),
            header.len()
        )));
    }
    let given: Vec<usize> = (0..columns.len()).filter(|&i| columns[i].is_some()).collect();
    let lists: Vec<Bound<'py, PyList>> = columns.iter().flatten().cloned().collect();
    let names: Vec<String> = given.iter().map(|&i| header[i].clone()).collect();
    let rows = lists.first().map_or(0, |l| l.len());
    if let Some((name, list)) = names.iter().zip(&lists).find(|(_, l)| l.len() != rows) {
        return Err(PyValueError::new_err(format!(
            "column `{name}` has {} rows, column `{}` has {rows}; columns must be equally long",
            list.len(),
            names[0]
        )));
    }
    // the str objects are held, their text borrowed (TextColumns refuses an empty list)
    let items = (rows > 0).then(|| TextColumns::new(&lists, &names)).transpose()?;
    let texts = match &items {
        Some(items) => items.borrow(&names)?,
        None => vec![Vec::new(); lists.len()],
    };
    let mut fields: Vec<Option<&[&str]>> = vec![None; header.len()];
    for (&i, column) in given.iter().zip(&texts) {
        fields[i] = Some(column.as_slice());
    }
    let threads = pool::threads(n_jobs)?;
    let mut plan = plan.plan.clone();
    plan.options.numbering = Numbering::Rows;
    let (plan, model) = (&plan, model.as_deref().map(|m| &m.model));
    let mut warnings = Vec::new();
    let result = pool::detached(py, threads, units(model), || {
        let input = FrameCsv::new(&header, fields, rows);
        plan.run(Path::new(IN_MEMORY), input, model, |w| {
            warnings.push(w.to_string())
        })
    })?;
    errors::warn(py, &warnings)?;
    let (trends, summary) = result.map_err(errors::trend)?;
    Ok(NativeTrends { trends, summary })
}

/// The trends of one run and what reading found. `sitrep.Trends` wraps it.
#[pyclass(module = "sitrep._sitrep", name = "NativeTrends", frozen)]
pub struct NativeTrends {
    trends: Trends,
    summary: ReadSummary,
}

/// A column's kind, as the Python side types it.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "text",
        Kind::Count => "count",
        Kind::Number => "number",
        Kind::Flag => "flag",
        Kind::Date => "date",
        Kind::Ids => "ids",
    }
}

/// Rows of cells as (name, kind, values) per column: counts as int64 and dates as int64
/// days since 1970-01-01 (NumPy arrays), numbers as float64 with NaN for nothing, text and
/// flags as lists with None for nothing, ids as lists of lists.
fn columns<'py, const N: usize>(
    py: Python<'py>,
    table: &[(&'static str, Kind); N],
    rows: impl Iterator<Item = [Cell; N]>,
) -> PyResult<Vec<(&'static str, &'static str, Bound<'py, PyAny>)>> {
    let rows: Vec<[Cell; N]> = rows.collect();
    let mut out = Vec::with_capacity(N);
    for (j, &(name, kind)) in table.iter().enumerate() {
        let cells = rows.iter().map(|r| &r[j]);
        let values = match kind {
            Kind::Count | Kind::Date => PyArray1::from_iter(
                py,
                cells.map(|c| match c {
                    Cell::Count(n) => i64::from(*n),
                    Cell::Date(d) => i64::from(*d),
                    _ => 0,
                }),
            )
            .into_any(),
            Kind::Number => PyArray1::from_iter(
                py,
                cells.map(|c| match c {
                    Cell::Fixed(v, _) | Cell::Scientific(v, _) => v.unwrap_or(f64::NAN),
                    _ => f64::NAN,
                }),
            )
            .into_any(),
            Kind::Text => PyList::new(
                py,
                cells.map(|c| match c {
                    Cell::Text(s) => s.as_deref(),
                    _ => None,
                }),
            )?
            .into_any(),
            Kind::Flag => {
                PyList::new(py, cells.map(|c| if let Cell::Flag(b) = c { *b } else { None }))?.into_any()
            }
            Kind::Ids => PyList::new(
                py,
                cells.map(|c| match c {
                    Cell::Ids(ids) => ids.as_slice(),
                    _ => &[],
                }),
            )?
            .into_any(),
        };
        out.push((name, kind_name(kind), values));
    }
    Ok(out)
}

impl NativeTrends {
    /// The output of `sitrep-trend --format FORMAT`, rendered with the GIL released.
    fn render(&self, py: Python<'_>, format: TrendFormat) -> PyResult<String> {
        py.detach(|| {
            let mut out = Vec::new();
            write_trends(&self.trends, format, false, &mut out).map_err(errors::trend)?;
            String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
        })
    }
}

#[pymethods]
impl NativeTrends {
    /// The series of `sitrep-trend --format csv`, column by column (see `columns`).
    fn series<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, &'static str, Bound<'py, PyAny>)>> {
        columns(py, &SERIES_COLUMNS, series_rows(&self.trends))
    }

    /// The alerts of `sitrep-trend --format csv --alerts-only`, column by column.
    fn alerts<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, &'static str, Bound<'py, PyAny>)>> {
        columns(py, &ALERT_COLUMNS, alert_rows(&self.trends))
    }

    /// What `sitrep-trend --format json` writes.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.render(py, TrendFormat::Json)
    }

    /// What `sitrep-trend --format html` writes.
    fn to_html(&self, py: Python<'_>) -> PyResult<String> {
        self.render(py, TrendFormat::Html)
    }

    /// What reading found: rows read, counted, filtered out (`topic`, `since`, `until`),
    /// `uncertain`, skipped (bad rows, with `skip_bad_rows`) in all and by reason, and with
    /// replaced invalid UTF-8; and the line of the first row of each kind.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.summary;
        let d = PyDict::new(py);
        d.set_item("rows", s.rows)?;
        d.set_item("counted", s.counted)?;
        d.set_item("filtered", s.filtered)?;
        d.set_item("uncertain", s.uncertain.0)?;
        d.set_item("skipped", s.skipped_rows())?;
        d.set_item("replaced", s.replaced.0)?;
        let by_reason = PyDict::new(py);
        let first_lines = PyDict::new(py);
        for (why, (n, line)) in &s.skipped {
            by_reason.set_item(why.key(), n)?;
            first_lines.set_item(why.key(), line)?;
        }
        for (key, (n, line)) in [("uncertain", s.uncertain), ("replaced", s.replaced)] {
            if n > 0 {
                first_lines.set_item(key, line)?;
            }
        }
        d.set_item("skipped_by_reason", by_reason)?;
        d.set_item("first_lines", first_lines)?;
        Ok(d)
    }
}
