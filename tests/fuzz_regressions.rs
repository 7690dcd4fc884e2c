//! Replays, with the fuzz targets' own checks (fuzz/checks.rs), every input the fuzzers ever
//! crashed on (tests/fuzz-regressions/TARGET/) and the fuzzers' seeds (fuzz/seeds/TARGET/),
//! so a fixed finding stays fixed without a fuzzer. See reports/fuzz.md.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of the regression and seed folders of `target`; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for dir in [
        root.join("tests/fuzz-regressions").join(target),
        root.join("fuzz/seeds").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("read input");
            eprintln!("replaying {}", path.display());
            check(&bytes);
            n += 1;
        }
    }
    n
}

#[test]
fn tokenize_inputs_replay_cleanly() {
    assert!(replay("tokenize", checks::tokenize_and_vectorize) > 0);
}

#[test]
fn csv_reader_inputs_replay_cleanly() {
    assert!(replay("csv_reader", checks::read_csv) > 0);
}

#[test]
fn model_load_inputs_replay_cleanly() {
    assert!(replay("model_load", checks::load_model) > 0);
}
