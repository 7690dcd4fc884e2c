//! Tells the library whether `models/default.sitrep` is there to embed, so `sitrep-classify`
//! works from any folder with no files around it. The library embeds it itself
//! (`src/model/default.rs`), by a path relative to its own sources: a build script that wrote
//! out an absolute path could leave a target folder shared by two checkouts embedding the
//! other checkout's model, or failing once that checkout was gone.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(sitrep_default_model)");
    println!("cargo:rerun-if-changed=models/default.sitrep");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    if manifest.join("models").join("default.sitrep").is_file() {
        println!("cargo:rustc-cfg=sitrep_default_model");
    }
}
