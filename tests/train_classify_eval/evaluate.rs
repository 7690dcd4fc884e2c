//! sitrep-eval end to end: per-class scores and ordinal metrics, labels the model never saw,
//! cross-validation.

use super::*;

#[test]
fn eval_reports_per_class_scores_and_ordinal_metrics() {
    let s = Scratch::new("eval");
    let model = train_tiny(&s);
    let data = s.path("train.csv");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json report");
    let targets = report["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2);
    assert_eq!(targets[0]["target"], "topic");
    assert_eq!(
        targets[0]["classification"]["per_class"]
            .as_array()
            .map(|a| a.len()),
        Some(3)
    );
    // the model saw these rows, so it should fit them well
    assert!(targets[0]["classification"]["accuracy"].as_f64().unwrap_or(0.0) > 0.9);
    assert!(targets[1]["ordinal"]["qwk"].is_number());
    let text = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ],
        None,
    );
    assert!(stdout(&text).contains("confusion matrix (rows: true, columns: predicted)"));
}

#[test]
fn eval_scores_labels_the_model_never_saw_and_warns() {
    let s = Scratch::new("unseen");
    let model = train_tiny(&s);
    let data = s.write("test.csv", "title,text,topic,escalation\nA,Rebels shelled the town,offensive,2\nB,Hackers attacked a bank,cyber,1\n");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--format",
            "json",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("test.csv:3: target `topic` has label `cyber`, which the model never saw"),
        "{}",
        stderr(&o)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let classes: Vec<String> = report["targets"][0]["classification"]["per_class"]
        .as_array()
        .expect("per class")
        .iter()
        .map(|c| c["label"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(classes.contains(&"cyber".to_string()));
}

/// An ordinal level the model never saw went to the top of the scale (`0 2 -1`, a `-1`
/// predicted as 0 counted 4 steps), and `0.0` was a level apart from `0`: a level named by
/// a number is placed by it, and `0.0` is `0`.
#[test]
fn eval_places_unseen_ordinal_levels_by_their_number() {
    let s = Scratch::new("unseen-levels");
    let (talks, shelling) = (
        "Negotiators from both sides agreed to extend the ceasefire by thirty days.",
        "Rebels shelled the outskirts of the city overnight killing four civilians.",
    );
    let csv = format!("text,escalation\n{talks},-1\n{talks},0.0\n{shelling},2\n");
    s.write("neg.csv", csv);
    let args = ["--data", "neg.csv", "--target", "escalation", "--resamples", "0"];
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--format", "json"]].concat(),
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&assert_ok(&o)).expect("json");
    let target = &report["targets"][0];
    let classes: Vec<&str> = target["classification"]["per_class"]
        .as_array()
        .expect("per class")
        .iter()
        .map(|c| c["label"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(classes, ["-1", "0", "2"]);
    // the default model says 0 for both talks rows: one step off, 1/3 on average
    assert!(
        (target["ordinal"]["mae"].as_f64().expect("mae") - 1.0 / 3.0).abs() < 1e-9,
        "{target}"
    );
    let expected = "neg.csv:2: target `escalation` has label `-1`, which the model never saw in training; it is scored as a level the model cannot predict, placed on the scale by its number (levels, low to high: -1, 0, 1, 2, 3)";
    assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
}

/// A blank `--by` or `--group` value stopped the run with "column 3 (`source`) is empty;
/// every row needs a label"; blank values are a group of their own, `(blank)`.
#[test]
fn blank_group_values_are_a_group_of_their_own() {
    let s = Scratch::new("blank-groups");
    let mut csv = tiny_corpus();
    csv = csv.replacen(
        "id,title,text,topic,escalation\n",
        "id,title,text,topic,escalation,source\n",
        1,
    );
    let rows: Vec<String> = csv
        .lines()
        .enumerate()
        .map(|(i, l)| match i {
            0 => l.to_string(),
            _ if i % 3 == 0 => format!("{l},"),
            _ => format!("{l},wire"),
        })
        .collect();
    s.write("g.csv", rows.join("\n") + "\n");
    let model = train_tiny(&s);
    let eval = |rest: &[&str]| {
        let args = [
            &[
                "--data",
                "g.csv",
                "--target",
                "topic",
                "--resamples",
                "0",
                "--format",
                "json",
            ],
            rest,
        ]
        .concat();
        let o = run("sitrep-eval", &s.dir, &args, None);
        serde_json::from_str::<serde_json::Value>(&assert_ok(&o)).expect("json")
    };
    let r = eval(&["--model", model.to_str().unwrap(), "--by", "source"]);
    let groups = r["targets"][0]["by_group"]["groups"].to_string();
    assert!(groups.contains("\"group\":\"(blank)\""), "{groups}");
    let r = eval(&[
        "--folds", "2", "--min-df", "1", "--group", "source", "--by", "source",
    ]);
    assert!(r.to_string().contains("(blank)"), "{r}");
}

#[test]
fn cross_validation_reports_folds_and_pooled_matrix() {
    let s = Scratch::new("folds");
    let data = s.write("train.csv", tiny_corpus());
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--text-column",
        "title",
        "--text-column",
        "text",
        "--target",
        "topic",
        "--target",
        "escalation:ordinal",
        "--folds",
        "3",
        "--min-df",
        "1",
        "--format",
        "json",
    ];
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let topic = &r["targets"][0];
    assert_eq!(topic["folds"].as_array().map(|f| f.len()), Some(3));
    assert_eq!(topic["pooled"]["rows"], 72);
    let mean = topic["mean"]["accuracy"].as_f64().expect("mean");
    let folds: Vec<f64> = topic["folds"]
        .as_array()
        .expect("folds")
        .iter()
        .map(|f| f["accuracy"].as_f64().unwrap_or(-1.0))
        .collect();
    assert!((mean - folds.iter().sum::<f64>() / 3.0).abs() < 1e-9);
    assert!(r["targets"][1]["mean"]["qwk"].is_number());
    let again = run("sitrep-eval", &s.dir, &args, None);
    assert_eq!(o.stdout, again.stdout, "same seed, same report");
    let bad = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--text-column",
            "text",
            "--folds",
            "1",
        ],
        None,
    );
    assert_clean_error(
        &bad,
        "sitrep-eval",
        "cross-validation needs between 2 and 72 folds",
    );
}

#[test]
fn a_target_asked_for_twice_is_reported_once() {
    let s = Scratch::new("evaltwice");
    let model = train_tiny(&s);
    let data = s.path("train.csv");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--target",
            "escalation",
            "--target",
            "escalation",
            "--format",
            "json",
        ],
        None,
    );
    let report: serde_json::Value = serde_json::from_str(&assert_ok(&o)).expect("json report");
    let targets = report["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert_eq!(targets[0]["target"], "escalation");
}

/// A fold whose training rows lack a class cannot predict it, which lowered its scores with
/// no word said; the warning names the fold (the one `--predictions` shows held the row out)
/// and the class, and the report is still written.
#[test]
fn cross_validation_warns_of_a_fold_that_trains_without_a_class() {
    let s = Scratch::new("foldclass");
    let mut corpus = tiny_corpus();
    corpus.push_str("73,\"Report 9\",\"Hackers took the ministry's servers offline.\",cyber,1\n");
    let data = s.write("train.csv", corpus);
    let predictions = s.path("oof.csv");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "text",
            "--target",
            "topic",
            "--folds",
            "3",
            "--min-df",
            "1",
            "--resamples",
            "0",
            "--predictions",
            predictions.to_str().unwrap(),
        ],
        None,
    );
    assert!(assert_ok(&o).contains("3-fold cross-validation"));
    let mut reader = csv::Reader::from_path(&predictions).expect("predictions");
    let fold = reader
        .records()
        .map(|r| r.expect("row"))
        .find(|r| &r[2] == "cyber")
        .map(|r| r[1].to_string())
        .expect("the cyber row");
    assert_eq!(
        stderr(&o),
        format!("sitrep-eval: warning: fold {fold} of 3: target `topic` has no training row of class `cyber` (the one row labeled `cyber` is in this fold's test part), so the fold's model cannot predict it and its scores count those rows as errors; use fewer folds or label more rows `cyber`\n")
    );
}

/// With `--algorithm auto`, each fold chooses its model on selection folds of its training
/// rows; one whose training part lacks a class is named with the fold it splits.
#[test]
fn cross_validation_with_auto_warns_of_a_selection_fold_without_a_class() {
    let s = Scratch::new("foldselectclass");
    let mut corpus = tiny_corpus();
    for id in [73, 74] {
        corpus.push_str(&format!(
            "{id},\"Report 9\",\"Hackers took the ministry's servers offline ({id}).\",cyber,1\n"
        ));
    }
    let data = s.write("train.csv", corpus);
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--text-column",
        "text",
        "--target",
        "topic",
        "--folds",
        "3",
        "--algorithm",
        "auto",
        "--min-df",
        "1",
        "--resamples",
        "0",
    ];
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert!(assert_ok(&o).contains("3-fold cross-validation"));
    // the two `cyber` rows are in two folds: each of those trains on the other one alone
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().collect();
    assert_eq!(warnings.len(), 2, "{err}");
    for w in warnings {
        assert!(w.starts_with("sitrep-eval: warning: selection fold "), "{w}");
        assert!(w.contains(" of 3 of the auto model choice in fold "), "{w}");
        assert!(w.contains(": target `topic` has no training row of class `cyber` (the one row labeled `cyber` is in this fold's test part)"), "{w}");
    }
}

/// `--errors` and `--all-threshold` with `--folds` were accepted and did nothing (no list of
/// mistakes; `--algorithm cnb` cross-validated as if the flag were not there): each is a
/// usage error that says why, and `--all-threshold` still cross-validates the SVM it changes.
#[test]
fn cross_validation_refuses_flags_it_would_ignore() {
    let s = Scratch::new("foldflags");
    let data = s.write("train.csv", tiny_corpus());
    let cv = |extra: &[&str]| {
        let mut args = vec![
            "--data",
            data.to_str().unwrap(),
            "--target",
            "escalation:ordinal",
            "--folds",
            "3",
            "--min-df",
            "1",
            "--resamples",
            "0",
        ];
        args.extend_from_slice(extra);
        run("sitrep-eval", &s.dir, &args, None)
    };
    assert_error_is(
        &cv(&["--errors", "5"]),
        "sitrep-eval",
        "--errors lists a model's most confident mistakes with the terms behind them, and --folds trains a model per fold without keeping their probabilities; to read the rows cross-validation got wrong, write them with --predictions FILE",
    );
    assert_clean_error(
        &cv(&["--all-threshold", "--algorithm", "cnb"]),
        "sitrep-eval",
        "--all-threshold shares one weight vector across the thresholds of an ordinal SVM, so it works with the svm and ensemble models only, and `cnb` would ignore it",
    );
    let shared = assert_ok(&cv(&["--all-threshold"]));
    assert!(
        shared.contains("ordinal-svm C=1 (all-threshold, Platt-calibrated)"),
        "{shared}"
    );
}

/// The cross-validation report said which file but not which bytes or rows: a report
/// passed around could not be tied to its data. Its header now carries the data's CRC-32
/// (the one a model's report gives for the same file), the row filter, the text columns,
/// the resamples and sitrep's version, in text, markdown and JSON.
#[test]
fn the_cross_validation_header_names_the_data_crc_and_rows() {
    let s = Scratch::new("foldheader");
    let mut corpus = String::from("id,title,text,topic,escalation,split\n");
    for line in tiny_corpus().lines().skip(1) {
        corpus.push_str(&format!("{line},train\n"));
    }
    corpus.push_str("99,\"Report 9\",\"Hackers took the ministry's servers offline.\",cyber,1,test\n");
    let data = s.write("split.csv", &corpus);
    let crc = format!("{:08x}", sitrep::model::file::crc32(corpus.as_bytes()));
    let cv = |format: &str| {
        let args = [
            "--data",
            data.to_str().unwrap(),
            "--rows",
            "split=train",
            "--text-column",
            "title",
            "--text-column",
            "text",
            "--target",
            "topic",
            "--folds",
            "3",
            "--min-df",
            "1",
            "--resamples",
            "10",
            "--format",
            format,
        ];
        assert_ok(&run("sitrep-eval", &s.dir, &args, None))
    };
    let version = env!("CARGO_PKG_VERSION");
    let text = cv("text");
    let head: Vec<&str> = text.lines().take(7).collect();
    assert_eq!(
        head,
        [
            format!(
                "3-fold cross-validation of {} (stratified, seed 42)",
                data.display()
            )
            .as_str(),
            &format!("sitrep version: {version}"),
            &format!("data CRC-32: {crc}"),
            "rows: split=train",
            "text columns: title, text",
            "bootstrap resamples: 10",
            "95% CI of each fold mean: mean ± t(0.975, K-1) · sd / √K",
        ]
    );
    let markdown = cv("markdown");
    for line in [format!("- data CRC-32: {crc}"), "- rows: split=train".to_string()] {
        assert!(markdown.lines().any(|l| l == line), "{line} in {markdown}");
    }
    let json: serde_json::Value = serde_json::from_str(&cv("json")).expect("json");
    let settings = &json["settings"];
    assert_eq!(settings["data_crc32"], crc.as_str());
    assert_eq!(settings["rows"], "split=train");
    assert_eq!(settings["text_columns"], serde_json::json!(["title", "text"]));
    assert_eq!(settings["tool_version"], version);
    assert_eq!(settings["resamples"], 10);
    let model = train_tiny(&s);
    let args = [
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--rows",
        "split=train",
        "--format",
        "json",
    ];
    let scored: serde_json::Value =
        serde_json::from_str(&assert_ok(&run("sitrep-eval", &s.dir, &args, None))).expect("json");
    assert_eq!(scored["settings"]["data_crc32"], settings["data_crc32"]);
    assert_eq!(scored["settings"]["rows"], settings["rows"]);
}
