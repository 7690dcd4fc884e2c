//! The README's classification examples print what the binaries print: every
//! `$ sitrep-classify --explain N "TEXT"` block, and the first example's output block, are
//! run against the shipped default model and compared line for line. A rebuilt default
//! model that changes them fails here until the README is updated.

mod common;
use common::*;

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Every fenced block of the README as its lines.
fn blocks() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README.md");
    let mut out = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in readme.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(block) => out.push(block),
                None => current = Some(Vec::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push(line.to_string());
        }
    }
    out
}

/// `--explain 4 "TEXT"` as arguments: the flags before the quoted text, then the text.
fn arguments(command: &str) -> Vec<String> {
    let (flags, rest) = command.split_once('"').expect("a quoted article");
    let text = rest.strip_suffix('"').expect("the article ends the line");
    flags
        .split_whitespace()
        .map(String::from)
        .chain([text.to_string()])
        .collect()
}

fn classify(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_ok(&run("sitrep-classify", Path::new(ROOT), &args, None))
}

#[test]
fn explain_examples_print_what_the_readme_shows() {
    let mut checked = 0;
    for block in blocks() {
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ sitrep-classify ")) else {
            continue;
        };
        if !command.starts_with("--explain") {
            continue;
        }
        let shown = block[1..].join("\n");
        assert_eq!(
            classify(&arguments(command)).trim_end(),
            shown.trim_end(),
            "README block for {command}"
        );
        checked += 1;
    }
    assert!(
        checked >= 2,
        "only {checked} --explain examples found in README.md"
    );
}

#[test]
fn the_first_example_prints_what_the_readme_shows() {
    let blocks = blocks();
    let i = blocks
        .iter()
        .position(|b| {
            b.first()
                .is_some_and(|l| l.starts_with("cargo run --release --bin sitrep-classify -- \""))
        })
        .expect("the README's first example");
    let command = blocks[i][0].split_once("-- ").expect("arguments after --").1;
    let shown = blocks[i + 1].join("\n");
    assert_eq!(classify(&arguments(command)).trim_end(), shown.trim_end());
}
