//! Training data that cannot train a model, and a model that cannot be written.

use super::*;

#[test]
fn empty_file() {
    let s = Scratch::new("empty");
    assert_clean_error(
        &train_on(&s, "empty.csv", b""),
        "sitrep-train",
        "empty.csv is empty: expected a header line naming the columns",
    );
}

#[test]
fn malformed_csv_with_a_ragged_row() {
    let s = Scratch::new("ragged");
    let o = train_on(&s, "ragged.csv", b"text,topic\n\"a, b\",x\nc,y,z\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "ragged.csv:3: expected 2 fields like the header, found 3",
    );
}

#[test]
fn missing_column() {
    let s = Scratch::new("missing");
    let o = train_on(&s, "nolabel.csv", b"text,label\na,b\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "no column named `topic` in the header (the columns are: `text`, `label`)",
    );
}

#[test]
fn invalid_utf8() {
    let s = Scratch::new("utf8");
    let o = train_on(&s, "latin1.csv", b"text,topic\nok,a\nCaf\xe9 attacked,b\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "latin1.csv:3: column 1 (`text`) is not valid UTF-8",
    );
}

#[test]
fn a_target_with_one_class() {
    let s = Scratch::new("oneclass");
    let o = train_on(&s, "one.csv", b"text,topic\na b,x\nc d,x\n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}: target `topic` has only one class (`x`) in the data; a classifier needs at least two",
            s.path("one.csv").display()
        ),
    );
}

#[test]
fn output_folder_that_does_not_exist_fails_before_training() {
    let s = Scratch::new("outdir");
    let data = s.write("d.csv", tiny_corpus());
    let o = run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--out",
            "no/such/dir/m.sitrep",
        ],
        None,
    );
    // it said "No such file or directory (os error 2)", which did not say which was missing
    assert_error_is(
        &o,
        "sitrep-train",
        "cannot write model file no/such/dir/m.sitrep: there is no folder no/such/dir (create it first); give a path in a folder that exists",
    );
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--out",
        "d.csv/m.sitrep",
    ];
    let o = run("sitrep-train", &s.dir, &args, None);
    assert_error_is(
        &o,
        "sitrep-train",
        "cannot write model file d.csv/m.sitrep: d.csv is a file, not a folder; give a path in a folder that exists",
    );
}

#[test]
fn a_negative_number_is_read_as_the_option_value_it_was_given_as() {
    // clap took `-0.1` after --holdout for an option of its own: "unexpected argument '-0'
    // found", which named neither --holdout nor what it accepts
    let s = Scratch::new("negative");
    train_tiny_refused(
        &s,
        &["--target", "topic", "--holdout", "-0.1"],
        "the hold-out share must be in [0, 0.9], got -0.1",
    );
    train_tiny_refused(
        &s,
        &["--target", "topic", "--c", "-1"],
        "C (inverse regularization) must be positive and finite, got -1",
    );
    train_tiny_refused(
        &s,
        &["--target", "topic", "--min-df", "-2"],
        "invalid value '-2' for '--min-df <N>': it is a count of training rows, a whole number",
    );
    let data = s.write("e.csv", tiny_corpus());
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--folds",
        "3",
        "--c",
        "-1",
    ];
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert_clean_error(
        &o,
        "sitrep-eval",
        "C (inverse regularization) must be positive and finite, got -1",
    );
}

/// `sitrep-train` on the tiny corpus with its usual columns and `extra` flags, writing no
/// model when it refuses.
fn train_tiny_refused(s: &Scratch, extra: &[&str], expected: &str) {
    let data = s.write("d.csv", tiny_corpus());
    let model = s.path("m.sitrep");
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--text-column",
        "text",
        "--out",
        model.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = run("sitrep-train", &s.dir, &args, None);
    assert_clean_error(&o, "sitrep-train", expected);
    assert!(!model.exists(), "a refused training wrote {}", model.display());
}

#[test]
fn an_ordinal_level_listed_twice() {
    // accepted, it gave a 4-class model of 3 levels and two `p_0` output columns
    train_tiny_refused(
        &Scratch::new("twicelevel"),
        &["--target", "escalation:ordinal=0,0,1,2,3"],
        "level `0` is listed twice (positions 1 and 2)",
    );
}

#[test]
fn an_ordinal_level_written_two_ways() {
    // accepted, `2` and `2.0` were two levels (`0, 1, 2, 2.0, 3`)
    let s = Scratch::new("twospellings");
    s.write(
        "levels.csv",
        "text,risk\nquiet,0\nshots,2\ntalks,1\nshelling,2.0\n",
    );
    let args = [
        "--data",
        "levels.csv",
        "--target",
        "risk:ordinal",
        "--out",
        "m.sitrep",
    ];
    assert_clean_error(
        &run("sitrep-train", &s.dir, &args, None),
        "sitrep-train",
        "levels.csv: target `risk` writes one level two ways, `2` (line 3) and `2.0` (line 5), which are the same number",
    );
}

#[test]
fn the_same_target_twice() {
    train_tiny_refused(
        &Scratch::new("twicetarget"),
        &["--target", "topic", "--target", "topic"],
        "target `topic` is given twice; name each label column once with --target",
    );
}

#[test]
fn a_min_df_that_leaves_no_features() {
    train_tiny_refused(
        &Scratch::new("nofeatures"),
        &["--target", "topic", "--min-df", "100000"],
        "no term occurs in at least 100000 of the",
    );
}

#[test]
fn one_selection_fold() {
    train_tiny_refused(
        &Scratch::new("onefold"),
        &["--target", "topic", "--model", "auto", "--selection-folds", "1"],
        "--selection-folds must be at least 2",
    );
}

/// A `--rows` filter that matches nothing said "has a header but no data rows", which sent
/// the user to a file that is full of rows; the error shows the filter and what the column
/// holds (in training, cross-validation and scoring alike).
#[test]
fn a_rows_filter_that_matches_no_row() {
    let s = Scratch::new("nomatch");
    let data = s.write(
        "d.csv",
        "text,topic,split\na b,x,train \nc d,y,test\ne f,x,test\n",
    );
    let expected = format!(
        "the rows filter `split=train` matched none of the 3 data rows of {}; column `split` holds `train `, `test` (values are compared exactly, case and spaces included)",
        data.display()
    );
    let o = train_on_path_with(&s, &data, &["--rows", "split=train"]);
    assert_error_is(&o, "sitrep-train", &expected);
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--rows",
        "split=train",
        "--target",
        "topic",
    ];
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--folds", "2"]].concat(),
        None,
    );
    assert_error_is(&o, "sitrep-eval", &expected);
    let model = train_tiny(&s);
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--model", model.to_str().unwrap()]].concat(),
        None,
    );
    assert_error_is(&o, "sitrep-eval", &expected);
}

/// A level of a given order that no training row has was trained as a place on the scale
/// with made-up probabilities (its thresholds copies of its neighbour's); it is refused,
/// with the row filter when the filter is what left the level out.
#[test]
fn a_given_ordinal_level_without_rows() {
    train_tiny_refused(
        &Scratch::new("emptylevel"),
        &["--target", "escalation:ordinal=0,1,2,3,4"],
        "target `escalation`: none of the 72 training rows has level `4` of the given order (0,1,2,3,4); a level without rows would get a made-up place on the scale, so add rows labeled `4` or leave it out of the order",
    );
    let s = Scratch::new("emptylevelfilter");
    let data = s.write(
        "d.csv",
        "text,risk,split\nquiet day,low,train\nshots fired,high,train\nriot,mid,test\ncalm,low,train\n",
    );
    let model = s.path("m.sitrep");
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--rows",
        "split=train",
        "--target",
        "risk:ordinal=low,mid,high",
        "--out",
        model.to_str().unwrap(),
    ];
    let o = run("sitrep-train", &s.dir, &args, None);
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}: target `risk`: none of the 3 training rows where split=train has level `mid` of the given order (low,mid,high); a level without rows would get a made-up place on the scale, so add rows labeled `mid` or leave it out of the order",
            data.display()
        ),
    );
    assert!(!model.exists());
}

/// `--all-threshold` only changes an ordinal SVM: with another model, or with no ordinal
/// target, it was accepted and ignored, so the user believed they had trained something
/// they had not.
#[test]
fn all_threshold_where_it_would_change_nothing() {
    for model in ["logistic", "cnb", "nb", "auto"] {
        train_tiny_refused(
            &Scratch::new(&format!("allthreshold-{model}")),
            &["--target", "escalation:ordinal", "--all-threshold", "--model", model],
            &format!("--all-threshold shares one weight vector across the thresholds of an ordinal SVM, so it works with the svm and ensemble models only, and `{model}` would ignore it; leave it out or choose svm"),
        );
    }
    train_tiny_refused(
        &Scratch::new("allthreshold-nominal"),
        &["--target", "topic", "--all-threshold"],
        "--all-threshold shares one weight vector across the thresholds of an ordinal target, and no target is ordinal; leave it out or give the level column as COLUMN:ordinal",
    );
}

/// Options of some models only, given with a model that ignores them, were accepted and
/// changed nothing (`--alpha 0.5` with the svm gave the same model bytes as without), as was
/// `--max-features` with hashing: each is refused, saying which models or settings take it.
#[test]
fn options_the_model_would_ignore() {
    let alpha = "--alpha smooths the word counts of naive Bayes, so it works with the cnb, nb and ensemble models only, and";
    for (model, why) in [
        ("svm", ""),
        ("logistic", ""),
        ("auto", " (each of its candidates has its own)"),
    ] {
        train_tiny_refused(
            &Scratch::new(&format!("alpha-{model}")),
            &["--target", "topic", "--alpha", "0.5", "--model", model],
            &format!("{alpha} `{model}` would ignore it{why}; leave it out or choose cnb, nb or ensemble"),
        );
    }
    let c = "--c is the inverse regularization of the svm, logistic and ensemble models (and of the scope gate of sitrep-train --background), and";
    for (model, why) in [
        ("cnb", ""),
        ("nb", ""),
        ("auto", " (each of its candidates has its own)"),
    ] {
        train_tiny_refused(
            &Scratch::new(&format!("c-{model}")),
            &["--target", "topic", "--c", "0.5", "--model", model],
            &format!("{c} `{model}` would ignore it{why}; leave it out or choose svm, logistic or ensemble"),
        );
    }
    for model in ["svm", "cnb", "ensemble"] {
        train_tiny_refused(
            &Scratch::new(&format!("selection-{model}")),
            &["--target", "topic", "--selection-folds", "5", "--model", model],
            &format!("--selection-folds sets the folds on which the auto model choice compares its candidates, and `{model}` is no choice to make, so it would ignore it; leave it out or choose auto"),
        );
    }
    train_tiny_refused(
        &Scratch::new("nocalibration-svm"),
        &["--target", "escalation:ordinal", "--no-calibration"],
        "--no-calibration leaves the probabilities of logistic regression and naive Bayes uncalibrated, and the svm model is always Platt-calibrated (an SVM's margins are no probabilities), so it would ignore it; leave it out or choose logistic, cnb, nb or ensemble",
    );
    train_tiny_refused(
        &Scratch::new("maxfeatures-hashing"),
        &["--target", "topic", "--hashing-bits", "12", "--max-features", "100"],
        "--max-features keeps the N most frequent terms of a vocabulary, and --hashing-bits keeps no vocabulary (each term is hashed into one of 2^BITS columns), so --max-features would change nothing; give one of the two",
    );
}
