//! `sitrep._sitrep`, the Rust half of the `sitrep` Python package: loading, saving,
//! predicting, training, evaluating and monitoring trends through the sitrep library. The
//! Python half (`python/sitrep/`) turns what these return into data frames and
//! scikit-learn's API.
//!
//! Every batch runs with the GIL released, on a rayon pool of the `n_jobs` threads the call
//! asks for (see `pool`). Library errors arrive as Python exceptions (see `errors`).
//! `api` names everything used from the library.

#![deny(unsafe_code)]

mod api;
mod compare;
mod errors;
mod evaluate;
mod frame_csv;
mod model;
mod pool;
mod texts;
mod train;
mod trend;

use pyo3::prelude::*;

#[pymodule]
mod _sitrep {
    #[pymodule_export]
    use super::compare::{compare_columns, compare_file};
    #[pymodule_export]
    use super::evaluate::{evaluate_columns, evaluate_file};
    #[pymodule_export]
    use super::model::NativeModel;
    #[pymodule_export]
    use super::train::{train_columns, train_file};
    #[pymodule_export]
    use super::trend::{trend_columns, trend_file, NativeTrends, TrendPlan};

    #[pymodule_export]
    const UNCERTAIN: &str = super::api::UNCERTAIN;
    #[pymodule_export]
    const BLANK_GROUP: &str = super::api::BLANK_GROUP;
    #[pymodule_export]
    const DEFAULT_MIN_COVERAGE: f64 = super::api::DEFAULT_MIN_COVERAGE;
    #[pymodule_export]
    const DEFAULT_MIN_SCOPE: f64 = super::api::DEFAULT_MIN_SCOPE;

    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", super::api::VERSION)
    }
}
