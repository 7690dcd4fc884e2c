//! The README's classification examples print what the binaries print: every
//! `$ sitrep-classify --explain N "TEXT"` block, the first example's output block, the CSV
//! example (its input rebuilt from the input columns it shows) and the `TARGET_terms`
//! example are run against the shipped default model and compared line for line. A
//! rebuilt default model that changes them fails here until the README is updated.

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

#[test]
fn the_csv_example_prints_what_the_readme_shows() {
    let block = blocks()
        .into_iter()
        .find(|b| {
            b.first()
                .is_some_and(|l| l.starts_with("$ sitrep-classify --input feed.csv "))
        })
        .expect("the README's CSV example");
    let command = block[0].strip_prefix("$ sitrep-classify ").unwrap_or_default();
    // feed.csv is the input columns of the output shown: those before the first target's
    let shown = block[1..].join("\n");
    let mut reader = csv::Reader::from_reader(shown.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let width = header.iter().position(|h| h == "topic").expect("a topic column");
    let mut feed = csv::Writer::from_writer(Vec::new());
    feed.write_record(header.iter().take(width)).expect("writes");
    for row in reader.records() {
        feed.write_record(row.expect("a row").iter().take(width))
            .expect("writes");
    }
    let s = Scratch::new("readme-csv");
    let input = s.write("feed.csv", feed.into_inner().expect("flushes"));
    let args: Vec<String> = command
        .split_whitespace()
        .map(|a| {
            if a == "feed.csv" {
                input.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let printed = classify(&args);
    assert_eq!(
        printed.lines().collect::<Vec<_>>(),
        shown.lines().collect::<Vec<_>>()
    );
}

#[test]
fn the_terms_column_example_is_what_csv_output_holds() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).expect("README.md");
    // the README's lines joined, as a wrapped sentence reads
    let prose = readme.split_whitespace().collect::<Vec<_>>().join(" ");
    let (_, rest) = prose
        .split_once("`escalation_terms` is `")
        .expect("the README's TARGET_terms example");
    let terms = rest.split_once('`').expect("the example's closing quote").0;
    // the families of the first --explain example, with its N
    let command = blocks()
        .into_iter()
        .filter_map(|b| {
            b.first()?
                .strip_prefix("$ sitrep-classify --explain ")
                .map(String::from)
        })
        .find(|c| c.contains("families"))
        .expect("the families example");
    let mut args = arguments(&format!("--explain {command}"));
    args.splice(0..0, ["--format".to_string(), "csv".to_string()]);
    let printed = classify(&args);
    let mut reader = csv::Reader::from_reader(printed.as_bytes());
    let column = reader
        .headers()
        .expect("a header")
        .iter()
        .position(|h| h == "escalation_terms")
        .expect("an escalation_terms column");
    let row = reader.records().next().expect("a row").expect("parses");
    assert_eq!(&row[column], terms);
}
