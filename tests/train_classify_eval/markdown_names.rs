//! Markdown reports escape the names they print (targets, files, columns), as the scores
//! report always escaped its labels: the cross-validation and comparison reports printed
//! them as written, so `a_b*c<i>` became raw HTML and emphasis in a pasted report.

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
