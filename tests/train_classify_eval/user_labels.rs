//! A user's own label sets end to end: levels named with words, learned by any model, and
//! what the model then says about them (--show-model, --explain, sitrep-eval).

use super::*;

/// Ninety rows whose `risk` (low, medium, high) follows their wording: peace talks are low,
/// protests medium, fighting high; filler words vary the texts.
fn risk_corpus() -> String {
    let kinds = [
        ("envoys held peace talks in geneva", "Diplomacy; talks", "low"),
        ("students protested against fuel prices", "Protests", "medium"),
        (
            "heavy fighting erupted at the checkpoint",
            "Armed clashes",
            "high",
        ),
    ];
    let filler = [
        "today",
        "yesterday",
        "again",
        "local",
        "officials",
        "said",
        "sources",
    ];
    let mut csv = String::from("id,text,topic,risk\n");
    for i in 0..90 {
        let (text, topic, risk) = kinds[i % 3];
        let words: Vec<&str> = (0..4).map(|k| filler[(i * 7 + k * 3) % filler.len()]).collect();
        csv.push_str(&format!("{i},{text} {},\"{topic}\",{risk}\n", words.join(" ")));
    }
    csv
}

fn train_risk(s: &Scratch, model: &str) -> std::path::PathBuf {
    let data = s.write("risk.csv", risk_corpus());
    let out = s.path(&format!("{model}.sitrep"));
    let o = run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--target",
            "risk:ordinal=low,medium,high",
            "--model",
            model,
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
        None,
    );
    assert_ok(&o);
    out
}

#[test]
fn levels_learned_by_a_nominal_model_are_explained_up_the_scale() {
    // logistic regression and naive Bayes learn the levels as classes; --show-model named
    // the terms of the lowest level as "pushing toward higher levels", and --explain gave
    // each term's push toward the predicted level, where the README promises up the scale
    let s = Scratch::new("user-levels-nominal");
    for algorithm in ["logistic", "cnb", "nb", "svm", "ensemble"] {
        let model = train_risk(&s, algorithm);
        let model = model.to_str().unwrap();
        let shown = assert_ok(&run(
            "sitrep-classify",
            &s.dir,
            &["--model", model, "--show-model"],
            None,
        ));
        let line = |start: &str| {
            shown
                .lines()
                .find_map(|l| l.trim().strip_prefix(start).map(str::to_string))
                .unwrap_or_else(|| panic!("{algorithm}: no `{start}` in {shown}"))
        };
        let (up, down) = (
            line("terms pushing toward higher levels: "),
            line("terms pushing toward lower levels: "),
        );
        assert!(
            up.contains("fight") && !up.contains("envoy"),
            "{algorithm}: up: {up}"
        );
        assert!(
            down.contains("envoy") && !down.contains("fight"),
            "{algorithm}: down: {down}"
        );

        for (text, level, sign) in [
            ("envoys held peace talks in geneva", "low", '-'),
            ("heavy fighting erupted at the checkpoint", "high", '+'),
        ] {
            let o = run(
                "sitrep-classify",
                &s.dir,
                &["--model", model, "--explain", "2", "--format", "csv", text],
                None,
            );
            assert_ok(&o);
            let (header, rows) = csv_output(&o);
            let at = |name: &str| header.iter().position(|h| h == name).expect(name);
            assert_eq!(&rows[0][at("risk")], level, "{algorithm}: {text}");
            let terms = &rows[0][at("risk_terms")];
            let signs: Vec<char> = terms
                .split("; ")
                .map(|t| {
                    t.rsplit(' ')
                        .next()
                        .and_then(|v| v.chars().next())
                        .expect("a push")
                })
                .collect();
            assert!(
                !signs.is_empty() && signs.iter().all(|&c| c == sign),
                "{algorithm}: {text}: {terms}"
            );
        }
    }
}

#[test]
fn a_label_column_read_as_text_or_a_label_weighed_twice_is_refused() {
    // both were accepted: the first trained on each row's answer (validation accuracy 1),
    // the second used the first weight and ignored the other
    let s = Scratch::new("user-label-columns");
    let data = s.write("risk.csv", risk_corpus());
    let train = |extra: &[&str]| train_on_path_with(&s, &data, extra);
    let o = train(&["--text-column", "text", "--text-column", "topic"]);
    assert_clean_error(
        &o,
        "sitrep-train",
        "column `topic` is both a --text-column and a --target",
    );
    let o = train(&["--text-column", "text", "--text-column", "text"]);
    assert_clean_error(&o, "sitrep-train", "--text-column `text` is given twice");
    let o = train(&["--class-weight", "Protests=2", "--class-weight", "Protests=3"]);
    assert_error_is(
        &o,
        "sitrep-train",
        "--class-weight gives `Protests` two weights (2 and 3); give each label one",
    );
    assert!(!s.path("m.sitrep").exists());
    assert_ok(&train(&[
        "--class-weight",
        "Protests=2",
        "--class-weight",
        "Diplomacy; talks=3",
        "-q",
    ]));
}

#[test]
fn labels_that_differ_only_in_case_or_spacing_are_warned_of_and_kept_as_written() {
    // `Protests` and `protests` were two classes without a word; they still are (a label is
    // the user's), but a warning names them, and the labels come back exactly as written
    let s = Scratch::new("user-label-case");
    let corpus = risk_corpus()
        .replacen("\"Protests\"", "\"protests\"", 2)
        .replacen("\"protests\"", "\"Protests\"", 1)
        .replacen("\"Armed clashes\"", "\"Armed  clashes\"", 2)
        .replacen("\"Armed  clashes\"", "\"Armed clashes\"", 1);
    let data = s.write("case.csv", corpus);
    let out = s.path("m.sitrep");
    let o = train_on_path_with(&s, &data, &["-q"]);
    assert_ok(&o);
    let warnings: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
    assert_eq!(
        warnings,
        [
            format!("sitrep-train: warning: {}: target `topic` has labels that differ only in case or spacing, `Armed clashes` (line 4) and `Armed  clashes` (line 7), and learns each as a class of its own; if they mean one class, write them one way", data.display()),
            format!("sitrep-train: warning: {}: target `topic` has labels that differ only in case or spacing, `Protests` (line 3) and `protests` (line 6), and learns each as a class of its own; if they mean one class, write them one way", data.display()),
        ]
    );
    let shown = assert_ok(&run(
        "sitrep-classify",
        &s.dir,
        &["--model", out.to_str().unwrap(), "--show-model"],
        None,
    ));
    assert!(
        shown.contains("\n  Armed  clashes: ") && shown.contains("\n  protests: "),
        "{shown}"
    );
}

#[test]
fn a_label_the_model_has_in_another_case_is_named_when_scored() {
    let s = Scratch::new("user-label-eval-case");
    let model = train_risk(&s, "svm");
    let data = s.write(
        "eval.csv",
        risk_corpus().replacen("\"Protests\"", "\"protests\"", 1),
    );
    let args = [
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--resamples",
        "0",
    ];
    let o = run("sitrep-eval", &s.dir, &args, None);
    let report = assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!("sitrep-eval: warning: {}:3: target `topic` has label `protests`, which the model never saw in training (it has `Protests`, which differs only in case or spacing); it is scored as a class the model cannot predict\n", data.display())
    );
    assert!(
        report.contains("\n        protests     0.0000    0.0000    0.0000         1\n"),
        "{report}"
    );
}

#[test]
fn a_split_whose_training_rows_hold_one_class_is_named() {
    // three rows, `b` once: a split that holds `b` out trains on `a` alone, and the error
    // said "only one class is present (2 rows)" of data that has two
    let s = Scratch::new("user-tiny");
    let data = s.write(
        "tiny.csv",
        "text,label\nshelling in the north,a\nprotest in the south,b\nmore shelling,a\n",
    );
    let out = s.path("m.sitrep");
    let base = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "label",
        "--min-df",
        "1",
    ];
    fn joined<'a>(base: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        base.iter().chain(extra).copied().collect()
    }
    let out = out.to_str().unwrap();
    let o = run(
        "sitrep-train",
        &s.dir,
        &joined(&base, &["--out", out, "--holdout", "0.5"]),
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.ends_with("sitrep-train: error: the holdout split: target `label` has training rows of one class only (`a`, 1 row), and a classifier needs two; give --holdout 0 to skip the validation, or label more rows of the other classes\n"), "{err}");
    let o = run(
        "sitrep-train",
        &s.dir,
        &joined(&base, &["--out", out, "--holdout", "0", "--model", "auto"]),
        None,
    );
    assert!(stderr(&o).contains("error: selection fold 3 of 3 of the auto model choice: target `label` has training rows of one class only (`a`, 2 rows)"), "{}", stderr(&o));
    let o = run(
        "sitrep-eval",
        &s.dir,
        &joined(&base, &["--folds", "3", "--resamples", "0"]),
        None,
    );
    assert!(
        stderr(&o)
            .contains("error: fold 3 of 3: target `label` has training rows of one class only (`a`, 2 rows)"),
        "{}",
        stderr(&o)
    );
    assert!(!std::path::Path::new(out).exists());
    assert_ok(&run(
        "sitrep-train",
        &s.dir,
        &joined(&base, &["--out", out, "--holdout", "0", "-q"]),
        None,
    ));
}

#[test]
fn rows_without_a_word_to_learn_from_are_warned_of() {
    // "!!!" and "the of and" are text, so they passed the empty-text check, and trained as
    // articles without words without a word said
    let s = Scratch::new("user-wordless");
    let corpus = format!(
        "{}90,\"!!! ???\",Protests,low\n91,the of and,Protests,high\n",
        risk_corpus()
    );
    let data = s.write("words.csv", corpus);
    let o = train_on_path_with(&s, &data, &["-q"]);
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!("sitrep-train: warning: {}: 2 rows have no word to learn from (punctuation or stop words alone), the first on line 92; they are trained on as articles without words, which teach only how common their labels are\n", data.display())
    );
    let clean = s.write("clean.csv", risk_corpus());
    assert_eq!(stderr(&train_on_path_with(&s, &clean, &["-q"])), "");
}
