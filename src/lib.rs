//! sitrep: classify conflict news by topic and escalation level.
//!
//! The library holds all the logic; the binaries (`sitrep-train`, `sitrep-classify`,
//! `sitrep-eval`, `sitrep-trend`) only parse arguments and call into it. ARCHITECTURE.md
//! maps the folders and the one direction their imports go: binaries -> [`cli`] -> verbs
//! ([`train`], [`classify`], [`evaluate`], [`trend`]) -> [`model`] and [`data`] -> kernels
//! ([`features`], [`models`], [`metrics`], [`sparse`]).

#![deny(unsafe_code)]

pub mod classify;
pub mod cli;
pub mod data;
pub mod evaluate;
pub mod features;
pub mod html;
pub mod metrics;
pub mod model;
pub mod models;
pub mod prefetch;
pub mod sparse;
pub mod train;
pub mod trend;
pub mod wording;
