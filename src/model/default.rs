//! The default model, embedded at build time from `models/default.sitrep` (see build.rs).

include!(concat!(env!("OUT_DIR"), "/default_model.rs"));
