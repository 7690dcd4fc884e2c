//! Bad input gets a one-line error naming the problem and where, exit code 2, no panic.
//! The bad-input matrix of issue 6, one test per item, by what the input is (model files
//! proper: tests/model_files.rs). The helpers below run one binary on one bad input.

#[path = "../common/mod.rs"]
mod common;
use common::*;

use std::path::{Path, PathBuf};

mod csv_input;
mod files_and_streams;
mod line_ends;
mod model_file;
mod training;
mod trend;

fn train_on(s: &Scratch, name: &str, bytes: &[u8]) -> std::process::Output {
    let data = s.write(name, bytes);
    run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--out",
            s.path("m.sitrep").to_str().unwrap(),
        ],
        None,
    )
}

fn classify_with(s: &Scratch, model: &Path) -> std::process::Output {
    run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "Talks resumed"],
        None,
    )
}

fn classify_csv_input(s: &Scratch, model: &Path, input: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--model",
        model.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run("sitrep-classify", &s.dir, &args, None)
}

fn eval_on(s: &Scratch, model: &Path, data: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
    ];
    args.extend_from_slice(extra);
    run("sitrep-eval", &s.dir, &args, None)
}

/// Parses CSV output into rows of fields (bytes, as the input's encoding is kept).
fn csv_rows(out: &[u8]) -> Vec<Vec<Vec<u8>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out)
        .byte_records()
        .map(|r| {
            r.expect("our CSV output parses")
                .iter()
                .map(<[u8]>::to_vec)
                .collect()
        })
        .collect()
}

fn train_on_path(s: &Scratch, data: &Path) -> std::process::Output {
    train_on_path_with(s, data, &[])
}

fn trend_on(s: &Scratch, name: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    let input = s.write(name, bytes);
    let mut args = vec!["--input", input.to_str().unwrap()];
    args.extend_from_slice(extra);
    run("sitrep-trend", &s.dir, &args, None)
}
