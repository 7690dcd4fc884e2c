//! The library's errors as Python exceptions: a file that cannot be read is an `OSError`
//! (`FileNotFoundError` when it is missing), everything wrong with the input itself (a
//! damaged model, a malformed CSV file with its line and column, bad settings) a
//! `ValueError` with the message the command-line tools print.

use std::ffi::CString;
use std::io::ErrorKind;

use pyo3::exceptions::{
    PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyRuntimeError, PyUserWarning,
    PyValueError,
};
use pyo3::prelude::*;

use crate::api::{DataError, EvalError, FeatureError, ModelFileError, TargetError, TrainError, TrendError};

/// An `OSError` of the class Python gives an I/O error of this kind, with our message
/// (which names the file).
fn os_error(kind: ErrorKind, message: String) -> PyErr {
    match kind {
        ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
        ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
        _ => PyOSError::new_err(message),
    }
}

pub fn model_file(e: ModelFileError) -> PyErr {
    match &e {
        ModelFileError::Read { source, .. } | ModelFileError::Write { source, .. } => {
            os_error(source.kind(), e.to_string())
        }
        // a folder (or a device) where the file would go: as Python's open() says it
        ModelFileError::NotAFile { path } if path.is_dir() => PyIsADirectoryError::new_err(e.to_string()),
        ModelFileError::NotAFile { .. } => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

pub fn data(e: DataError) -> PyErr {
    match &e {
        DataError::Io { source, .. } => os_error(source.kind(), e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

pub fn eval(e: EvalError) -> PyErr {
    match e {
        EvalError::Data(e) => data(e),
        EvalError::Checksum { ref source, .. } => os_error(source.kind(), e.to_string()),
        e => PyValueError::new_err(e.to_string()),
    }
}

pub fn trend(e: TrendError) -> PyErr {
    match e {
        TrendError::Data(e) => data(e),
        TrendError::Read { ref source, .. } | TrendError::Write(ref source) => {
            os_error(source.kind(), e.to_string())
        }
        e => PyValueError::new_err(e.to_string()),
    }
}

pub fn train(e: TrainError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

pub fn features(e: FeatureError) -> PyErr {
    PyValueError::new_err(format!("invalid feature settings: {e}"))
}

/// A target's labels could not be encoded: as `sitrep-train` says it, prefixed with the
/// file (`source`). Rows in memory have no lines: the library's "line N" is then the row's
/// position, and is called so.
pub fn target(e: TargetError, source: Option<&str>) -> PyErr {
    let message = match (e, source) {
        (e, Some(source)) => format!("{source}: {e}"),
        (
            TargetError::UnknownLevel {
                target,
                line,
                label,
                order,
                hint,
            },
            None,
        ) => format!(
            "target `{target}`: row {line} has level `{label}`, which is not in the given order ({order}){hint}"
        ),
        (e, None) => e.to_string(),
    };
    PyValueError::new_err(message)
}

/// Gives each message as a Python `UserWarning`, attributed to the code that called the
/// `sitrep` function (two frames up: through the package's Python layer).
pub fn warn(py: Python<'_>, messages: &[String]) -> PyResult<()> {
    let category = py.get_type::<PyUserWarning>();
    for m in messages {
        // text from data may hold NUL characters, which a C string cannot
        let text = CString::new(m.replace('\0', "\\0")).unwrap_or_default();
        PyErr::warn(py, &category, &text, 2)?;
    }
    Ok(())
}

/// Work that could not start: the threads of its pool could not be made.
pub fn threads(e: impl std::fmt::Display) -> PyErr {
    PyRuntimeError::new_err(format!("cannot start sitrep's worker threads: {e}"))
}
