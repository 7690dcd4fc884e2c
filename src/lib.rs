//! sitrep: classify conflict news by topic and escalation level.
//!
//! The library holds all the logic; the three binaries (`sitrep-train`, `sitrep-classify`,
//! `sitrep-eval`) only parse arguments and call into it.

#![forbid(unsafe_code)]

pub mod features;
pub mod sparse;
