//! End-to-end: train, classify and evaluate with the real binaries.

mod common;
use common::*;

#[test]
fn training_twice_with_the_same_seed_gives_identical_model_bytes() {
    let s = Scratch::new("determinism");
    let a = train_tiny(&s);
    let first = std::fs::read(&a).expect("model written");
    std::fs::rename(&a, s.path("first.sitrep")).expect("rename");
    let b = train_tiny(&s);
    assert_eq!(
        first,
        std::fs::read(b).expect("model written"),
        "same data and seed must give the same bytes"
    );
}

#[test]
fn classify_prints_both_targets_with_probabilities() {
    let s = Scratch::new("classify");
    let model = train_tiny(&s);
    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "Rebels shelled the town overnight, killing four civilians.",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let header = out.lines().next().expect("header");
    assert!(header.contains("topic") && header.contains("escalation"), "{out}");
    assert!(out.lines().nth(1).expect("row").contains("offensive ("), "{out}");
}

#[test]
fn csv_output_keeps_every_input_column_and_appends_predictions() {
    let s = Scratch::new("csvout");
    let model = train_tiny(&s);
    let input = s.write("in.csv", "id,title,text,extra\n7,Flight,\"Thousands fled, crossing the border\",keep me\n8,Talks,Ministers met for ceasefire talks,\"a,b\"\n");
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
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, rows) = csv_output(&o);
    assert_eq!(&header[..4], ["id", "title", "text", "extra"]);
    assert_eq!(header[4], "topic");
    assert!(header.contains(&"escalation_expected".to_string()));
    assert!(header.contains(&"topic_p_displacement".to_string()));
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][3], "a,b");
    assert_eq!(&rows[0][4], "displacement");
    assert_eq!(&rows[1][4], "diplomacy");
    let p: f64 = rows[0][5].parse().expect("probability");
    assert!(p > 0.0 && p <= 1.0);
}

#[test]
fn jsonl_from_stdin_has_one_object_per_line() {
    let s = Scratch::new("jsonl");
    let model = train_tiny(&s);
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "--format", "jsonl"],
        Some(b"Refugees returned home\nArmy captured the city\n"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let sum: f64 = lines[0]["predictions"]["topic"]["probabilities"]
        .as_object()
        .expect("map")
        .values()
        .map(|v| v.as_f64().unwrap_or(0.0))
        .sum();
    assert!((sum - 1.0).abs() < 1e-3, "probabilities sum to {sum}");
    assert!(lines[1]["predictions"]["escalation"]["expected_level"].is_number());
}

#[test]
fn explain_lists_terms_behind_the_prediction() {
    let s = Scratch::new("explain");
    let model = train_tiny(&s);
    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--explain",
            "3",
            "Refugees returned home after the ceasefire",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("topic <- "), "{out}");
}

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

#[test]
fn empty_rows_in_csv_input_are_kept_and_reported() {
    let s = Scratch::new("emptyrow");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "title,text\nA,Rebels shelled the town\n,\nC,Talks resumed\n",
    );
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
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("in.csv:3: column `title` is empty; row kept without predictions"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        stdout(&o).lines().count(),
        4,
        "header plus all three rows: {}",
        stdout(&o)
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = Scratch::new("pipe");
    let model = train_tiny(&s);
    let many: String = (0..20000)
        .map(|i| format!("Rebels shelled village {i}\n"))
        .collect();
    let input = s.write(
        "many.txt",
        format!(
            "title,text\n{}",
            many.lines().map(|l| format!("x,{l}\n")).collect::<String>()
        ),
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} --model {} --input {} | head -1",
            bin("sitrep-classify").display(),
            model.display(),
            input.display()
        ))
        .output()
        .expect("shell runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("error") && !err.contains("panicked"), "{err}");
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
fn calibration_is_reported_before_and_after_and_can_be_turned_off() {
    let s = Scratch::new("calib");
    let data = s.write("train.csv", tiny_corpus());
    let ece = |model: &str| -> (f64, f64) {
        let o = run(
            "sitrep-eval",
            &s.dir,
            &[
                "--model",
                model,
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
        let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        let t = &r["targets"][0];
        (
            t["calibration"]["ece"].as_f64().expect("after"),
            t["calibration_before"]["ece"].as_f64().expect("before"),
        )
    };
    for (name, extra) in [("scaled.sitrep", None), ("raw.sitrep", Some("--no-calibration"))] {
        let out = s.path(name);
        let mut args = vec![
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "title",
            "--text-column",
            "text",
            "--target",
            "topic",
            "--model",
            "cnb",
            "--min-df",
            "1",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let o = run("sitrep-train", &s.dir, &args, None);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let (after, before) = ece(s.path("scaled.sitrep").to_str().unwrap());
    assert_ne!(after, before, "temperature scaling must change the probabilities");
    let (after, before) = ece(s.path("raw.sitrep").to_str().unwrap());
    assert_eq!(
        after, before,
        "without calibration the model's probabilities are the raw ones"
    );
    let shown = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            s.path("scaled.sitrep").to_str().unwrap(),
            "--show-model",
        ],
        None,
    );
    assert!(stdout(&shown).contains("(temperature "), "{}", stdout(&shown));
}

#[test]
fn appended_columns_never_repeat_an_input_column_name() {
    let s = Scratch::new("clash");
    let model = train_tiny(&s);
    let input = s.write(
        "labeled.csv",
        "title,text,topic\nA,Rebels shelled the town,offensive\n",
    );
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
    assert!(o.status.success(), "{}", stderr(&o));
    let (header, _) = csv_output(&o);
    assert_eq!(&header[..4], ["title", "text", "topic", "predicted_topic"]);
    let unique: std::collections::HashSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "{header:?}");
    assert!(header.contains(&"predicted_escalation_p_3".to_string()));
}

#[test]
fn jsonl_from_csv_streams_across_batches_in_order() {
    let s = Scratch::new("jsonlcsv");
    let model = train_tiny(&s);
    let rows: String = (0..5000)
        .map(|i| format!("{i},Refugees fled village {i}\n"))
        .collect();
    let input = s.write("many.csv", format!("id,text\n{rows}"));
    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
            "--text-column",
            "text",
            "--format",
            "jsonl",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(
        lines.len(),
        5000,
        "one object per input row, across the 4,096-row batch boundary"
    );
    assert_eq!(lines[4999]["id"], "line 5001");
    assert_eq!(lines[4096]["text"], "Refugees fled village 4096");
}

#[test]
fn csv_to_csv_streams_many_batches_with_every_row_intact() {
    // 10,000 rows make three 4,096-row batches, the third filling the buffers of the first:
    // every row must come out once, in order, with its own fields and prediction
    let s = Scratch::new("csvbatches");
    let model = train_tiny(&s);
    let texts = [
        "Shelling hit the town",
        "Refugees crossed the border",
        "Envoys met for talks",
    ];
    let rows: String = (0..10_000)
        .map(|i| format!("{i},\"{}\",x{i}\n", texts[i % 3]))
        .collect();
    let input = s.write("many.csv", format!("id,text,extra\n{rows}"));
    let (out, topic) = classify_csv_file(&s, &model, &input);
    assert_eq!(out.len(), 10_000);
    for (i, row) in out.iter().enumerate() {
        let fields: Vec<&str> = row.iter().take(3).collect();
        assert_eq!(fields, [i.to_string(), texts[i % 3].to_string(), format!("x{i}")]);
        assert_eq!(
            row[topic],
            out[i % 3][topic],
            "row {i}: same text, same topic in any batch"
        );
    }
}

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

#[test]
fn long_articles_stream_across_byte_limited_batches_in_order() {
    let s = Scratch::new("longrows");
    let model = train_tiny(&s);
    // six rows of about 1.2 MB each: the 4 MB batch limit cuts them into several batches
    let words = [
        "Shelling hit the town ",
        "Refugees crossed the border ",
        "Envoys met for talks ",
    ];
    let rows: String = (0..6)
        .map(|i| format!("{i},{}\n", words[i % 3].repeat(50_000)))
        .collect();
    let input = s.write("long.csv", format!("id,text\n{rows}"));
    let (out, topic) = classify_csv_file(&s, &model, &input);
    assert_eq!(out.len(), 6);
    for (i, row) in out.iter().enumerate() {
        assert_eq!(row[0], i.to_string(), "rows keep their order");
        assert!(!row[topic].is_empty(), "row {i} has a prediction");
    }
    // the same text gets the same prediction whichever batch it falls in
    assert_eq!(out[0][topic], out[3][topic]);
    assert_eq!(out[1][topic], out[4][topic]);
}

#[test]
fn csv_on_stdin_streams_to_every_format() {
    let s = Scratch::new("stdinformats");
    let model = train_tiny(&s);
    let input = b"id,text\n1,Shelling hit the town\n2,Ceasefire talks resumed\n";
    for (format, check) in [
        ("json", "\"id\": \"line 3\""),
        ("jsonl", "\"id\":\"line 2\""),
        ("table", "Ceasefire talks resumed"),
        ("csv", "\n2,Ceasefire talks resumed,"),
    ] {
        let args = [
            "--model",
            model.to_str().unwrap(),
            "--input",
            "-",
            "--format",
            format,
        ];
        let o = run("sitrep-classify", &s.dir, &args, Some(input));
        let out = assert_ok(&o);
        assert!(out.contains(check), "{format}: {out}");
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON array");
            assert_eq!(v.as_array().map(Vec::len), Some(2));
        }
    }
}

#[test]
fn explain_adds_a_terms_column_per_target_to_csv_output() {
    let s = Scratch::new("explaincsv");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "id,text,source\n7,Rebels shelled the town overnight,wire\n8,,wire\n",
    );
    let args = [
        "--model",
        model.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "--explain",
        "2",
    ];
    let o = run("sitrep-classify", &s.dir, &args, None);
    assert_eq!(
        o.status.code(),
        Some(1),
        "the empty row is reported: {}",
        stderr(&o)
    );
    let (header, rows) = csv_output(&o);
    // the input columns first, unchanged, then predictions, then the terms
    assert_eq!(&header[..3], ["id", "text", "source"]);
    assert_eq!(&rows[0][2], "wire");
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (topic, escalation) = (column("topic_terms"), column("escalation_terms"));
    assert!(
        topic > column("topic") && escalation == header.len() - 1,
        "{header:?}"
    );
    for c in [topic, escalation] {
        let terms = &rows[0][c];
        assert_eq!(terms.split("; ").count(), 2, "{terms}");
        assert!(
            terms.split("; ").all(|t| t.contains(" +") || t.contains(" -")),
            "{terms}"
        );
        assert_eq!(&rows[1][c], "", "no terms for an empty row");
    }
}

#[test]
fn full_precision_writes_the_numbers_that_round_to_the_default_output() {
    let s = Scratch::new("fullprecision");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "id,text\n1,Rebels shelled the town overnight\n2,Thousands fled to the camps\n",
    );
    let classify = |extra: &[&str]| {
        let mut args = vec![
            "--model",
            model.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        run("sitrep-classify", &s.dir, &args, None)
    };
    let (header, rounded) = csv_output(&classify(&[]));
    let (full_header, full) = csv_output(&classify(&["--full-precision"]));
    assert_eq!(header, full_header);
    let mut longer = 0;
    for (r, f) in rounded.iter().zip(&full) {
        for (name, (r, f)) in header.iter().zip(r.iter().zip(f.iter())) {
            let decimals = if name.ends_with("_expected") { 3 } else { 4 };
            if name.ends_with("_probability")
                || name.ends_with("_expected")
                || name.contains("_p_")
                || name == "coverage"
            {
                let v: f64 = f.parse().expect("a number");
                assert_eq!(format!("{v:.decimals$}"), r, "column {name}");
                longer += usize::from(f.len() > r.len());
            } else {
                assert_eq!(r, f, "column {name}");
            }
        }
    }
    assert!(longer > 0, "some numbers have more than 4 decimals: {full:?}");
    // JSON Lines: the same numbers as the CSV output
    let o = classify(&["--full-precision", "--format", "jsonl"]);
    let first: serde_json::Value =
        serde_json::from_str(assert_ok(&o).lines().next().expect("a line")).expect("JSON");
    let p = first["predictions"]["topic"]["probability"]
        .as_f64()
        .expect("a number");
    let column = header
        .iter()
        .position(|h| h == "topic_probability")
        .expect("column");
    assert_eq!(p, full[0][column].parse::<f64>().expect("a number"));
}

/// `--snippets` trains on copies of long rows but holds out and counts rows as before:
/// a copy never lands on the validation side.
#[test]
fn snippet_copies_are_trained_on_but_never_held_out() {
    let s = Scratch::new("lede-copies");
    let root = env!("CARGO_MANIFEST_DIR");
    let corpus = format!("{root}/datasets/conflict-news.csv");
    let train = |extra: &[&str], out: &str| {
        let out = s.path(out);
        let mut args = vec![
            "--data",
            corpus.as_str(),
            "--rows",
            "split=train",
            "--text-column",
            "title",
            "--text-column",
            "text",
            "--target",
            "escalation:ordinal",
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let o = run("sitrep-train", s.path("").as_path(), &args, None);
        (assert_ok(&o), std::fs::read(out).expect("model written"))
    };
    let (plain, plain_model) = train(&[], "plain.sitrep");
    let (with, with_model) = train(&["--snippets"], "snippets.sitrep");
    let held_out = |summary: &str| {
        summary
            .lines()
            .find_map(|l| l.strip_prefix("validation on "))
            .and_then(|l| l.split_whitespace().next())
            .map(String::from)
            .unwrap_or_else(|| panic!("no validation line in {summary}"))
    };
    assert_eq!(held_out(&plain), held_out(&with));
    let first = with.lines().next().unwrap_or_default();
    let mut reader = csv::Reader::from_path(&corpus).expect("corpus");
    let split = reader
        .headers()
        .expect("header")
        .iter()
        .position(|h| h == "split")
        .expect("a split column");
    let train_rows = reader
        .records()
        .filter(|r| &r.as_ref().expect("a corpus row")[split] == "train")
        .count();
    assert!(
        first.starts_with(&format!("trained on {train_rows} rows (and ")),
        "{first}"
    );
    assert!(first.contains(" snippet copies)"), "{first}");
    assert!(!plain.contains("snippet"), "{plain}");
    assert_ne!(plain_model, with_model, "the copies must change the model");
}

/// `--class-weight` changes the model, and a label no target has, or a model that cannot take
/// weights, is refused before training (a typo must not silently weigh nothing).
#[test]
fn class_weights_change_the_model_and_bad_ones_are_refused() {
    let s = Scratch::new("class-weight");
    let train = |extra: &[&str], out: &str| train_tiny_with(&s, extra, out);
    let (o, plain) = train(&[], "plain.sitrep");
    assert_ok(&o);
    let (o, heavy) = train(&["--class-weight", "3=4"], "heavy.sitrep");
    assert_ok(&o);
    assert_ne!(
        std::fs::read(&plain).expect("plain model"),
        std::fs::read(&heavy).expect("weighted model")
    );

    let (o, out) = train(&["--class-weight", "level3=2"], "typo.sitrep");
    assert_clean_error(
        &o,
        "sitrep-train",
        "a class weight names `level3`, which no target has; the targets' labels are 0, 1, 2, 3, diplomacy, displacement, offensive",
    );
    assert!(!out.exists(), "no model is written");
    let (o, _) = train(&["--class-weight", "3=2", "--model", "cnb"], "cnb.sitrep");
    assert_clean_error(
        &o,
        "sitrep-train",
        "class weights (--class-weight) work with the svm model only",
    );
    let (o, _) = train(&["--class-weight", "3=0"], "zero.sitrep");
    assert_clean_error(
        &o,
        "sitrep-train",
        "the weight in `3=0` must be a positive number",
    );
}
