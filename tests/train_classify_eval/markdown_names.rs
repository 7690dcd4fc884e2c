//! Markdown reports escape the names they print (targets, files, columns), as the scores
//! report always escaped its labels: the cross-validation and comparison reports printed
//! them as written, so `a_b*c<i>` became raw HTML and emphasis in a pasted report. And the
//! cross-validation header speaks of the pooled intervals only when there are some.

use super::*;

/// The tiny corpus with its topic column named `t*<i>_x` and its title column `g|<b>`.
fn odd_names(s: &Scratch) {
    let data = tiny_corpus().replacen("id,title,text,topic,", "id,g|<b>,text,t*<i>_x,", 1);
    s.write("odd_names.csv", data);
}

#[test]
fn cross_validation_markdown_escapes_target_file_and_group_names() {
    let s = Scratch::new("md-names-cv");
    odd_names(&s);
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            "odd_names.csv",
            "--target",
            "t*<i>_x",
            "--folds",
            "3",
            "--group",
            "g|<b>",
            "--min-df",
            "1",
            "--format",
            "markdown",
        ],
        None,
    );
    let md = assert_ok(&o);
    assert!(md.contains("\n- data: odd\\_names.csv\n"), "{md}");
    assert!(
        md.contains("\n- folds: grouped by g\\|\\<b\\>, seed 42\n"),
        "{md}"
    );
    assert!(md.contains("\n## t\\*\\<i\\>\\_x (nominal): "), "{md}");
    assert!(!md.contains("<i>") && !md.contains("<b>"), "{md}");
}

#[test]
fn comparison_markdown_escapes_target_and_file_names() {
    let s = Scratch::new("md-names-compare");
    odd_names(&s);
    let train = [
        "--data",
        "odd_names.csv",
        "--target",
        "t*<i>_x",
        "--min-df",
        "1",
        "--holdout",
        "0",
        "-q",
        "--out",
        "m_1.sitrep",
    ];
    assert_ok(&run("sitrep-train", &s.dir, &train, None));
    let args = [
        "--model",
        "m_1.sitrep",
        "--model",
        "m_1.sitrep",
        "--data",
        "odd_names.csv",
        "--format",
        "markdown",
    ];
    let md = assert_ok(&run("sitrep-eval", &s.dir, &args, None));
    assert!(md.contains("\n- model A: m\\_1.sitrep (CRC-32 "), "{md}");
    assert!(md.contains("\n- data: odd\\_names.csv (CRC-32 "), "{md}");
    assert!(md.contains("\n## t\\*\\<i\\>\\_x ("), "{md}");
    assert!(!md.contains("<i>"), "{md}");
}

/// With `--resamples 0` the pooled report has no intervals, but the markdown header still
/// said "the pooled report's intervals are a bootstrap of the pooled out-of-fold predictions".
#[test]
fn cross_validation_markdown_names_pooled_intervals_only_when_there_are_some() {
    let s = Scratch::new("md-cv-resamples");
    s.write("train.csv", tiny_corpus());
    let cv = |resamples: &str| {
        let args = [
            "--data",
            "train.csv",
            "--target",
            "topic",
            "--folds",
            "3",
            "--min-df",
            "1",
            "--format",
            "markdown",
            "--resamples",
            resamples,
        ];
        assert_ok(&run("sitrep-eval", &s.dir, &args, None))
    };
    let note = "the pooled report's intervals are a bootstrap";
    let (without, with) = (cv("0"), cv("50"));
    assert!(!without.contains(note), "{without}");
    assert!(!without.contains("95% confidence intervals"), "{without}");
    assert!(
        with.contains(note) && with.contains("95% confidence intervals"),
        "{with}"
    );
}
