//! `--model ensemble`: the mean of the SVM's, logistic regression's and complement naive
//! Bayes's probabilities, trained, shown, classified with, explained and cross-validated
//! through the real binaries.

mod common;
use common::*;

use std::path::Path;

use sitrep::model::file::{self as model_file, FORMAT_VERSION};

fn probabilities(header: &[String], row: &csv::StringRecord, prefix: &str) -> Vec<f64> {
    header
        .iter()
        .zip(row.iter())
        .filter(|(h, _)| h.starts_with(prefix))
        .map(|(_, v)| v.parse::<f64>().expect("a probability"))
        .collect()
}

fn classify_csv(s: &Scratch, model: &Path, input: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&o);
    csv_output(&o)
}

#[test]
fn an_ensemble_trains_reproducibly_and_predicts_the_median_of_its_mean_probabilities() {
    let s = Scratch::new("ensemble");
    let (o, model) = train_tiny_with(&s, &["--model", "ensemble"], "ensemble.sitrep");
    assert_ok(&o);
    let (o, again) = train_tiny_with(&s, &["--model", "ensemble"], "again.sitrep");
    assert_ok(&o);
    let bytes = std::fs::read(&model).expect("model");
    assert_eq!(
        bytes,
        std::fs::read(&again).expect("model"),
        "same data and seed, same bytes"
    );
    assert_eq!(bytes[8..12], FORMAT_VERSION.to_le_bytes());
    let (o, svm) = train_tiny_with(&s, &[], "svm.sitrep");
    assert_ok(&o);

    let shown = assert_ok(&run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "--show-model"],
        None,
    ));
    assert!(
        shown.contains(
            "mean of ordinal-svm C=1 (cumulative, Platt-calibrated), logistic C=10, complement-nb alpha=0.3"
        ),
        "{shown}"
    );
    assert!(shown.contains("mean of linear-svm C=1"), "{shown}");

    let input = s.write(
        "news.csv",
        "text\nArtillery pounded the town and 300 people were killed\nTalks on a truce resumed in the capital\nThousands fled as fighting spread\n",
    );
    let (header, rows) = classify_csv(&s, &model, &input);
    let (_, svm_rows) = classify_csv(&s, &svm, &input);
    let level = header.iter().position(|h| h == "escalation").expect("column");
    for (row, svm_row) in rows.iter().zip(&svm_rows) {
        for prefix in ["topic_p_", "escalation_p_"] {
            let p = probabilities(&header, row, prefix);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-3, "{p:?}");
            assert_ne!(
                p,
                probabilities(&header, svm_row, prefix),
                "the members must count"
            );
        }
        let p = probabilities(&header, row, "escalation_p_");
        let mut cumulative = 0.0;
        let median = p
            .iter()
            .position(|v| {
                cumulative += v;
                cumulative >= 0.5
            })
            .expect("a median");
        assert_eq!(row[level].parse::<usize>().expect("a level"), median, "{p:?}");
    }

    let explained = assert_ok(&run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--explain",
            "3",
            "Artillery pounded the town and 300 people were killed",
        ],
        None,
    ));
    assert!(explained.contains("escalation <- "), "{explained}");
    assert!(explained.contains("topic <- "), "{explained}");
}

#[test]
fn an_ensemble_cross_validates_and_refuses_class_weights() {
    let s = Scratch::new("ensemble-cv");
    let data = s.write("train.csv", tiny_corpus());
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "text",
            "--target",
            "escalation:ordinal",
            "--folds",
            "3",
            "--algorithm",
            "ensemble",
            "--min-df",
            "1",
            "--format",
            "json",
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&assert_ok(&o)).expect("json");
    let algorithm = report["targets"][0]["algorithm"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let folds = report["targets"][0]["folds"].as_array().map_or(0, Vec::len);
    assert_eq!(folds, 3, "{report}");
    assert!(
        report.to_string().contains("mean of ordinal-svm"),
        "{algorithm} {report}"
    );

    let (o, out) = train_tiny_with(&s, &["--model", "ensemble", "--class-weight", "3=2"], "w.sitrep");
    assert_clean_error(
        &o,
        "sitrep-train",
        "class weights (--class-weight) work with the svm model only",
    );
    assert!(!out.exists());
}

/// Format 5 only added the ensemble's link: a version-4 file (every model before it) still
/// loads as it was.
#[test]
fn a_version_4_file_loads_unchanged() {
    let s = Scratch::new("format-4");
    let bytes = std::fs::read(train_tiny(&s)).expect("model");
    let payload = &bytes[24..];
    let mut old = bytes[..8].to_vec();
    old.extend_from_slice(&4u32.to_le_bytes());
    old.extend_from_slice(&bytes[12..20]);
    old.extend_from_slice(&model_file::checksum(4, payload).to_le_bytes());
    old.extend_from_slice(payload);
    let path = s.write("old.sitrep", &old);
    let loaded = model_file::load(&path).expect("a version-4 file loads");
    assert_eq!(Some(loaded), model_file::decode(Path::new("new"), &bytes).ok());
}
