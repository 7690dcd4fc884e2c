//! End-to-end: train, classify and evaluate with the real binaries, a file per verb.

#[path = "../common/mod.rs"]
mod common;
use common::*;

mod classify;
mod classify_args;
mod classify_ids;
mod classify_inputs;
mod columns;
mod eval_args;
mod evaluate;
mod markdown_names;
mod overwrite;
mod train;
mod user_labels;
mod wide_text;

/// Classifies the CSV file `input` with `model`, which must succeed; returns the output rows
/// and the index of their `topic` column.
fn classify_csv_file(
    s: &Scratch,
    model: &std::path::Path,
    input: &std::path::Path,
) -> (Vec<csv::StringRecord>, usize) {
    let args = [
        "--model",
        model.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ];
    let o = run("sitrep-classify", &s.dir, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = csv_output(&o);
    let topic = header.iter().position(|h| h == "topic").expect("topic column");
    (rows, topic)
}
