//! sitrep: classify conflict news by topic and escalation level.
//!
//! The library holds all the logic; the four binaries (`sitrep-train`, `sitrep-classify`,
//! `sitrep-eval`, `sitrep-trend`) only parse arguments and call into it.

#![deny(unsafe_code)]

pub mod calibration;
pub mod classify;
pub mod cli;
pub mod compare;
pub mod crossval;
pub mod csv_guard;
pub mod data;
pub mod evaluate;
pub mod features;
pub mod folds;
pub mod html;
pub mod metrics;
pub mod model;
pub mod model_file;
pub mod models;
pub mod output;
pub mod plots;
pub mod prefetch;
pub mod report;
pub mod rng;
pub mod sources;
pub mod sparse;
pub mod targets;
pub mod train;
pub mod trend;

/// The default model, embedded at build time from `models/default.sitrep` (see build.rs).
pub mod default_model {
    include!(concat!(env!("OUT_DIR"), "/default_model.rs"));
}
