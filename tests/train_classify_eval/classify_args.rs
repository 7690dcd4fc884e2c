//! How sitrep-classify reads its arguments: `--explain`'s optional N next to an article,
//! and options that would do nothing with the input given, which are refused; and what
//! `--min-confidence` says of the labels it withholds.

use super::*;

/// Runs sitrep-classify with the built-in model (the scratch folder has no
/// `models/default.sitrep`).
fn classify(s: &Scratch, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    run("sitrep-classify", &s.dir, args, stdin)
}

/// The number of terms on each `TARGET <- ...` line of a table.
fn terms_per_head(table: &str) -> Vec<usize> {
    table
        .lines()
        .filter_map(|l| l.split_once(" <- "))
        .map(|(_, terms)| terms.split(", ").count())
        .collect()
}

#[test]
fn explain_takes_a_number_or_leaves_the_article_alone() {
    let s = Scratch::new("explain-args");
    // the example of --help: the article right after --explain was once taken for N
    let help = assert_ok(&classify(&s, &["--help"], None));
    let example = help
        .lines()
        .find_map(|l| l.trim().strip_prefix("sitrep-classify --explain \""))
        .expect("--help has an --explain example");
    let article = example.strip_suffix('"').expect("the article ends the line");
    let out = assert_ok(&classify(&s, &["--explain", article], None));
    assert!(out.contains(article), "{out}");
    assert_eq!(terms_per_head(&out), [5, 5], "{out}");
    // a number is N, before the article or with `=`
    let out = assert_ok(&classify(&s, &["--explain", "2", article], None));
    assert_eq!(terms_per_head(&out), [2, 2], "{out}");
    let out = assert_ok(&classify(&s, &["--explain=3", article], None));
    assert_eq!(terms_per_head(&out), [3, 3], "{out}");
    let out = assert_ok(&classify(&s, &[article, "--explain"], None));
    assert_eq!(terms_per_head(&out), [5, 5], "{out}");
    // an article taken from --explain keeps its place among the others
    let o = classify(
        &s,
        &[
            "Rebels shelled the town",
            "--explain",
            "Talks resumed in Doha",
            "Refugees fled",
            "-f",
            "jsonl",
        ],
        None,
    );
    let texts: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            format!(
                "{} {}",
                v["id"].as_str().unwrap_or(""),
                v["text"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        texts,
        [
            "arg 1 Rebels shelled the town",
            "arg 2 Talks resumed in Doha",
            "arg 3 Refugees fled"
        ]
    );
}

#[test]
fn options_that_do_not_apply_to_the_input_are_usage_errors() {
    let s = Scratch::new("usage");
    let feed = "id,headline\n1,Rebels shelled the town\n";
    let csv = s.write("feed.csv", feed);
    let txt = s.write("story.txt", "Rebels shelled the town.");
    let (csv, txt) = (csv.to_str().unwrap(), txt.to_str().unwrap());
    let column = "--text-column names columns of CSV input, but";
    let instead =
        "for CSV on standard input give --input -, for a file --input FILE.csv, else leave --text-column out";
    // CSV piped in without --input -: each line, the header too, was once an article
    let o = classify(&s, &["--text-column", "headline"], Some(feed.as_bytes()));
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!("{column} standard input is read as plain text, one article per line; {instead}"),
    );
    let o = classify(&s, &["--text-column", "headline", "Talks resumed"], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!("{column} the articles are given as arguments; {instead}"),
    );
    let o = classify(&s, &["--text-column", "headline", "--input", txt], None);
    assert_clean_error(&o, "sitrep-classify", "--input is not CSV");
    let whole = "--whole reads all of standard input as one article, and does nothing with";
    let o = classify(&s, &["--whole", "--input", csv], None);
    assert_clean_error(&o, "sitrep-classify", &format!("{whole} --input;"));
    let o = classify(&s, &["--whole", "Talks resumed"], None);
    assert_clean_error(
        &o,
        "sitrep-classify",
        &format!("{whole} article texts as arguments;"),
    );
    // what they are for still works
    let o = classify(
        &s,
        &["--text-column", "headline", "--input", "-"],
        Some(feed.as_bytes()),
    );
    let (header, rows) = csv_output(&o);
    assert_eq!(
        (&header[..2], rows.len()),
        (&["id".to_string(), "headline".to_string()][..], 1)
    );
    let o = classify(
        &s,
        &["--whole", "-f", "jsonl"],
        Some(b"Rebels shelled\nthe town\n"),
    );
    assert_eq!(assert_ok(&o).lines().count(), 1);
}

/// `--show-model` describes the model and exits: the input and output options given with it
/// were accepted and did nothing (`--show-model --input feed.csv` classified nothing, and
/// exited 0). They are refused, naming each; `--model` still says which model to describe.
#[test]
fn show_model_refuses_what_it_would_not_use() {
    let s = Scratch::new("showmodel-args");
    let feed = s.write("feed.csv", "id,text\n1,Rebels shelled the town\n");
    let feed = feed.to_str().unwrap();
    assert_error_is(
        &classify(&s, &["--show-model", "--input", feed], None),
        "sitrep-classify",
        "--show-model describes the model and exits without classifying, so --input would change nothing; leave it out, or leave out --show-model to classify",
    );
    assert_error_is(
        &classify(&s, &["--show-model", "-f", "json", "--min-confidence", "0.5", "Talks resumed"], None),
        "sitrep-classify",
        "--show-model describes the model and exits without classifying, so article texts, --format and --min-confidence would change nothing; leave them out, or leave out --show-model to classify",
    );
    let model = train_tiny(&s);
    let out = assert_ok(&classify(
        &s,
        &["--show-model", "--model", model.to_str().unwrap()],
        None,
    ));
    assert!(out.starts_with("model file: "), "{out}");
}

/// A table always shows two decimals: `--full-precision` there was accepted and changed
/// nothing.
#[test]
fn full_precision_refuses_a_table() {
    let s = Scratch::new("fullprecision-table");
    let message = "--full-precision writes every digit of the numbers of csv, json and jsonl output, and a table shows two decimals, so it would change nothing; give --format csv, json or jsonl, or leave it out";
    let o = classify(&s, &["--full-precision", "Talks resumed"], None);
    assert_error_is(&o, "sitrep-classify", message);
    let feed = s.write("feed.csv", "id,text\n1,Rebels shelled the town\n");
    let args = [
        "--full-precision",
        "--input",
        feed.to_str().unwrap(),
        "-f",
        "table",
    ];
    assert_error_is(&classify(&s, &args, None), "sitrep-classify", message);
    // CSV input writes CSV unless told otherwise
    let (header, rows) = csv_output(&classify(&s, &args[..3], None));
    assert_eq!((header[0].as_str(), rows.len()), ("id", 1));
}

/// A model trained without --background has no scope gate: `--min-scope 0.5` with it was
/// accepted and checked nothing, so a football report got a confident label.
#[test]
fn min_scope_refuses_a_model_without_a_gate() {
    let s = Scratch::new("minscope-nogate");
    let model = train_tiny(&s);
    let m = model.to_str().unwrap();
    let article = "The match ended in a draw after extra time.";
    let o = classify(&s, &["--model", m, "--min-scope", "0.5", article], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!("--min-scope sets how sure the scope gate must be that an article is like the model's training data, and {m} has no scope gate (it was trained without --background), so it would change nothing; leave it out, or classify with a model trained with sitrep-train --background FILE"),
    );
    // 0 turns the check off, which a model without a gate needs no telling
    assert_ok(&classify(&s, &["--model", m, "--min-scope", "0", article], None));
    // the built-in model has a gate
    assert_ok(&classify(&s, &["--min-scope", "0.5", article], None));
}

/// Article arguments are text before sitrep reads them (invalid UTF-8 there is refused
/// whatever the flags): `--lossy` with them was accepted and changed nothing.
#[test]
fn lossy_refuses_article_arguments() {
    let s = Scratch::new("lossy-args");
    assert_error_is(
        &classify(&s, &["--lossy", "Talks resumed"], None),
        "sitrep-classify",
        "--lossy replaces invalid UTF-8 in what is read from files and standard input, and article arguments are text already (invalid UTF-8 in them is refused before any option is read), so it would change nothing; leave it out, or give the articles with --input or on standard input",
    );
    let o = classify(&s, &["--lossy", "-f", "jsonl"], Some(b"Caf\xe9 attacked\n"));
    assert_eq!(assert_ok(&o).lines().count(), 1);
}

/// The reason a label is withheld below `--min-confidence` names its target: with both
/// targets withheld the reason read "probability 0.92 below --min-confidence 1; probability
/// 0.64 below --min-confidence 1", which did not say which was which. An out-of-reach
/// article is so for every target and keeps one reason without a target.
#[test]
fn a_low_confidence_reason_names_its_target() {
    let s = Scratch::new("confidence-reason");
    let article = "Rebels shelled the outskirts of the city overnight, killing four civilians.";
    let o = classify(&s, &["-f", "jsonl", "--min-confidence", "1", article], None);
    let value: serde_json::Value = serde_json::from_str(assert_ok(&o).trim()).expect("a JSON line");
    let reason = value["uncertain_reason"].as_str().expect("a reason");
    let parts: Vec<&str> = reason.split("; ").collect();
    assert_eq!(parts.len(), 2, "{reason}");
    assert!(parts[0].starts_with("topic: probability "), "{reason}");
    assert!(parts[1].starts_with("escalation: probability "), "{reason}");
    assert!(
        parts.iter().all(|p| p.ends_with(" below --min-confidence 1")),
        "{reason}"
    );
    // CSV output's uncertain_reason column says the same
    let feed = s.write("feed.csv", format!("id,text\n1,\"{article}\"\n"));
    let o = classify(
        &s,
        &["--input", feed.to_str().unwrap(), "--min-confidence", "1"],
        None,
    );
    assert!(assert_ok(&o).contains(reason), "{reason}");
    // out of reach: one reason, for the article
    let o = classify(
        &s,
        &[
            "-f",
            "jsonl",
            "--min-confidence",
            "1",
            "Le cessez-le-feu a été prolongé de trente jours.",
        ],
        None,
    );
    let value: serde_json::Value = serde_json::from_str(assert_ok(&o).trim()).expect("a JSON line");
    let reason = value["uncertain_reason"].as_str().expect("a reason");
    assert!(
        reason.starts_with("out of reach: ") && !reason.contains(';'),
        "{reason}"
    );
}
