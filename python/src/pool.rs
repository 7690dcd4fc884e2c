//! Where the Rust work of one call runs: a rayon pool of `n_jobs` threads made for that call,
//! with the GIL released.
//!
//! Not rayon's global pool: several Python workers in one process (Dask's threads, joblib's)
//! would share its threads, and one asking for 1 thread would still get all of them. A
//! pool per call costs a few tens of microseconds; a batch of a few thousand articles takes
//! milliseconds.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors;

/// The threads `n_jobs` asks for, counted as scikit-learn does: `None` or -1 all cores, -2
/// all but one, and so on; a positive number that many.
pub fn threads(n_jobs: Option<isize>) -> PyResult<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match n_jobs {
        None => Ok(cores),
        Some(0) => Err(PyValueError::new_err(
            "n_jobs = 0 asks for no threads; give a positive number, or -1 for all cores",
        )),
        Some(n) if n > 0 => Ok(n as usize),
        Some(n) => Ok((cores as isize + 1 + n).max(1) as usize),
    }
}

/// Runs `work` with the GIL released, on `threads` threads (no more than `units` pieces of
/// work can use), and returns its result.
pub fn detached<T: Send>(
    py: Python<'_>,
    threads: usize,
    units: usize,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    py.detach(|| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.min(units).max(1))
            .thread_name(|i| format!("sitrep-{i}"))
            .build()
            .map_err(|e| e.to_string())?;
        Ok::<T, String>(pool.install(work))
    })
    .map_err(errors::threads)
}
