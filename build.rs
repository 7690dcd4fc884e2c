//! Embeds `models/default.sitrep` (when present) into the binaries, so `sitrep-classify`
//! works from any directory with no files around it.

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=models/default.sitrep");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let model = manifest.join("models").join("default.sitrep");
    let code = if model.is_file() {
        format!(
            "pub const DEFAULT_MODEL: Option<&[u8]> = Some(include_bytes!({:?}));\n",
            model.display().to_string()
        )
    } else {
        "pub const DEFAULT_MODEL: Option<&[u8]> = None;\n".to_string()
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_model.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
