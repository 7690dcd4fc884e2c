//! sitrep-classify end to end: every output format, streaming across batches in order,
//! `--explain`, empty rows, closed pipes, full precision.

use super::*;

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
        // both text columns are empty, and the warning said `column `title` is empty`, as if
        // the text column did not count
        stderr(&o).contains("in.csv:3: columns `title` and `text` are empty; row kept without predictions"),
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
    // sitrep's own output, classified again and again: each run's columns must be new names
    // (`predicted_` once was not enough the second time, and the third run failed)
    let mut input = input;
    for run_number in 1..=3 {
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
        assert!(o.status.success(), "run {run_number}: {}", stderr(&o));
        let (header, rows) = csv_output(&o);
        let unique: std::collections::HashSet<&String> = header.iter().collect();
        assert_eq!(unique.len(), header.len(), "run {run_number}: {header:?}");
        let prefix = "predicted_".repeat(run_number);
        assert!(
            header.contains(&format!("{prefix}topic")),
            "run {run_number}: {header:?}"
        );
        assert_eq!(rows.len(), 1);
        input = s.write(&format!("again{run_number}.csv"), &o.stdout);
    }
    // an input that already has `predicted_topic` besides `topic`
    let input = s.write(
        "pt.csv",
        "id,title,predicted_topic,topic
1,Rebels shelled,x,y
",
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
    let (header, _) = csv_output(&o);
    assert_eq!(
        &header[..5],
        [
            "id",
            "title",
            "predicted_topic",
            "topic",
            "predicted_predicted_topic"
        ]
    );
    let unique: std::collections::HashSet<&String> = header.iter().collect();
    assert_eq!(unique.len(), header.len(), "{header:?}");
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
    // and rounded, JSON has the decimals of CSV: 3 for the expected level (it once had 4)
    for format in ["jsonl", "json"] {
        let out = assert_ok(&classify(&["--format", format]));
        let values: Vec<serde_json::Value> = match format {
            "json" => serde_json::from_str(&out).expect("JSON"),
            _ => out
                .lines()
                .map(|l| serde_json::from_str(l).expect("JSON"))
                .collect(),
        };
        for (row, value) in rounded.iter().zip(&values) {
            let escalation = &value["predictions"]["escalation"];
            for (key, name) in [
                ("expected_level", "escalation_expected"),
                ("probability", "escalation_probability"),
            ] {
                let column = header.iter().position(|h| h == name).expect("column");
                let csv: f64 = row[column].parse().expect("a number");
                assert_eq!(escalation[key].as_f64(), Some(csv), "{format} {key}");
            }
        }
    }
}
