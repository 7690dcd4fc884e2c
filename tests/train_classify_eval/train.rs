//! sitrep-train end to end: the same seed gives the same bytes, calibration, snippet copies
//! and class weights.

use super::*;

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

/// On rows too short to copy, `--snippets` trained on the rows alone without a word (the
/// summary merely left out the count of copies); a warning says so, in cross-validation too.
#[test]
fn snippets_without_a_row_to_copy_warn() {
    let s = Scratch::new("snippets-none");
    let warning = "--snippets also trains on the opening of every row over 60 words, and no row is that long with a sentence end after its first 30 words, so there is nothing to copy and the rows are trained on alone\n";
    let (o, model) = train_tiny_with(&s, &["--snippets"], "m.sitrep");
    assert_ok(&o);
    assert_eq!(stderr(&o), format!("sitrep-train: warning: {warning}"));
    assert!(model.exists());
    let data = s.path("train.csv");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--min-df",
        "1",
        "--folds",
        "3",
        "--resamples",
        "0",
        "--snippets",
    ];
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert_ok(&o);
    assert_eq!(stderr(&o), format!("sitrep-eval: warning: {warning}"));
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

/// The tiny corpus with one more row, of a topic no other row has.
fn corpus_with_a_lone_class() -> String {
    let mut corpus = tiny_corpus();
    corpus.push_str("73,\"Report 9\",\"Hackers took the ministry's servers offline.\",cyber,1\n");
    corpus
}

/// A class whose one row fell in the held-out part was missing from the validation model
/// without a word (its row counted as an error); the warning names the split and the class,
/// and the model is still written.
#[test]
fn the_holdout_split_warns_of_a_class_its_training_part_lacks() {
    let s = Scratch::new("holdoutclass");
    let data = s.write("train.csv", corpus_with_a_lone_class());
    let out = s.path("m.sitrep");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--min-df",
        "1",
        "--holdout",
        "0.5",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = run("sitrep-train", &s.dir, &args, None);
    assert!(assert_ok(&o).contains("validation on 37 held-out rows"));
    assert_eq!(
        stderr(&o),
        "sitrep-train: warning: the holdout split: target `topic` has no training row of class `cyber` (the one row labeled `cyber` is in its held-out part), so the validation model cannot predict it and the validation scores count those rows as errors (the saved model, trained on all rows, knows it); label more rows `cyber`, or give --holdout 0 to skip the validation\n"
    );
    assert!(out.exists());
}

/// `--model auto` compared its candidates on folds whose training part could lack a class,
/// without a word; the warning names the selection fold and the class.
#[test]
fn the_auto_choice_warns_of_a_selection_fold_that_trains_without_a_class() {
    let s = Scratch::new("selectionclass");
    let data = s.write("train.csv", corpus_with_a_lone_class());
    let out = s.path("m.sitrep");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--min-df",
        "1",
        "--model",
        "auto",
        "--holdout",
        "0",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = run("sitrep-train", &s.dir, &args, None);
    assert!(assert_ok(&o).contains("model selection"));
    let err = stderr(&o);
    let tail = " of 3 of the auto model choice: target `topic` has no training row of class `cyber` (the one row labeled `cyber` is in this fold's test part), so the candidates trained on the fold cannot predict it and their scores count those rows as errors; label more rows `cyber`\n";
    let fold = err
        .strip_prefix("sitrep-train: warning: selection fold ")
        .and_then(|rest| rest.strip_suffix(tail))
        .unwrap_or_else(|| panic!("one warning naming the selection fold: {err}"));
    assert!(["1", "2", "3"].contains(&fold), "{err}");
}

/// A label column named with a `:` could not be a target: `--target 'Q1: topic'` was
/// "unknown target kind ` topic`"; the text after a `:` is a kind only when it names one.
#[test]
fn a_target_column_may_have_a_colon_in_its_name() {
    let s = Scratch::new("colon-target");
    let corpus = tiny_corpus().replacen(",topic,", ",Q1: topic,", 1);
    let (o, model) = train_corpus_with(&s, &corpus, "Q1: topic", &["--quiet"], "colon.sitrep");
    assert_ok(&o);
    let model = model.to_str().unwrap();
    let eval = |target: &str, rest: &[&str]| {
        let args = [
            &["--data", "train.csv", "--resamples", "0", "--target", target],
            rest,
        ]
        .concat();
        run("sitrep-eval", &s.dir, &args, None)
    };
    assert!(assert_ok(&eval("Q1: topic", &["--model", model])).contains("== Q1: topic (nominal"));
    assert_ok(&eval("Q1: topic:nominal", &["--folds", "2", "--min-df", "1"]));
    // without --folds a kind is refused, naming the column alone
    let o = eval("Q1: topic:nominal", &["--model", model]);
    assert_clean_error(&o, "sitrep-eval", "name the target alone (--target Q1: topic)");
}

/// scikit-learn takes a share for min_df and a count for max_df; sitrep takes the reverse
/// of neither, and said "invalid digit found in string" for `--min-df 0.01` and named no
/// flag for `--max-df 50`.
#[test]
fn document_frequency_bounds_say_what_they_count() {
    let s = Scratch::new("dfbounds");
    let data = s.write("train.csv", tiny_corpus());
    let train = |flag: &str, value: &str| {
        let args = [
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            flag,
            value,
            "--out",
            "m.sitrep",
        ];
        run("sitrep-train", &s.dir, &args, None)
    };
    assert_clean_error(
        &train("--min-df", "0.01"),
        "sitrep-train",
        "invalid value '0.01' for '--min-df <N>': it is a count of training rows (a whole number such as 2), not a share as in scikit-learn",
    );
    assert_clean_error(
        &train("--max-df", "50"),
        "sitrep-train",
        "invalid value '50' for '--max-df <SHARE>': it is a share of training rows, above 0 and at most 1",
    );
    assert!(!s.path("m.sitrep").exists(), "no model is written");
}

/// A hold-out share that rounds to no row in every class left the validation summary out
/// without a word.
#[test]
fn a_holdout_that_holds_out_nothing_says_so() {
    let s = Scratch::new("noholdout");
    let data = s.write(
        "six.csv",
        "text,severity\ntalks resumed,0\nleaders signed a truce,0\nrebels shelled the town,50\ngunmen shelled the village,50\nthe offensive killed hundreds,100\nthe assault killed hundreds,100\n",
    );
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "severity:ordinal",
        "--min-df",
        "1",
        "--out",
        "m.sitrep",
    ];
    let o = run("sitrep-train", &s.dir, &args, None);
    assert_ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("sitrep-train: warning: --holdout 0.2 holds out no row: it takes that share of each class of `severity`, and the largest has 2 rows"),
        "{err}"
    );
    assert!(!stdout(&o).contains("validation"), "no summary to show");
}
