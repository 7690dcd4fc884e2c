//! The default model, embedded at build time from `models/default.sitrep` when the build
//! script found it there (see build.rs).

#[cfg(sitrep_default_model)]
pub const DEFAULT_MODEL: Option<&[u8]> = Some(include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/models/default.sitrep"
)));

#[cfg(not(sitrep_default_model))]
pub const DEFAULT_MODEL: Option<&[u8]> = None;
