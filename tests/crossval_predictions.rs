//! `sitrep-eval --folds K --predictions FILE`: every row's out-of-fold prediction, through the
//! real binary, and consistent with the report it comes with.

mod common;
use common::*;

fn eval_cv(s: &Scratch, extra: &[&str]) -> std::process::Output {
    let data = s.write("train.csv", tiny_corpus());
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
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
    args.extend_from_slice(extra);
    run("sitrep-eval", &s.dir, &args, None)
}

#[test]
fn predictions_cover_every_row_once_and_agree_with_the_pooled_report() {
    let s = Scratch::new("cv-predictions");
    let out = s.path("oof.csv");
    let o = eval_cv(&s, &["--predictions", out.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&assert_ok(&o)).expect("json");
    let mut reader = csv::Reader::from_path(&out).expect("the predictions file");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "line",
            "fold",
            "topic",
            "topic_predicted",
            "escalation",
            "escalation_predicted"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let data_rows = tiny_corpus().lines().count() - 1;
    assert_eq!(rows.len(), data_rows);
    // the rows in the data's order, each with its own line of the file (the header is line 1)
    let lines: Vec<u64> = rows.iter().map(|r| r[0].parse().expect("a line")).collect();
    assert_eq!(lines, (2..2 + data_rows as u64).collect::<Vec<_>>());
    let mut per_fold = [0usize; 3];
    for r in &rows {
        let fold: usize = r[1].parse().expect("a fold");
        assert!((1..=3).contains(&fold), "fold {fold}");
        per_fold[fold - 1] += 1;
    }
    assert!(per_fold.iter().all(|&n| n > 0), "{per_fold:?}");
    for (t, (truth, predicted)) in [(2, 3), (4, 5)].into_iter().enumerate() {
        let right = rows.iter().filter(|r| r[truth] == r[predicted]).count();
        let accuracy = right as f64 / rows.len() as f64;
        let reported = report["targets"][t]["pooled"]["classification"]["accuracy"]
            .as_f64()
            .expect("pooled accuracy");
        assert!((accuracy - reported).abs() < 1e-12, "{accuracy} vs {reported}");
    }
    assert!(
        !report.to_string().contains("fold_of_row"),
        "the rows stay out of the report"
    );
}

#[test]
fn predictions_need_folds_and_a_writable_place() {
    let s = Scratch::new("cv-predictions-bad");
    let data = s.write("train.csv", tiny_corpus());
    let model = train_tiny(&s);
    // options that only mean something with --folds are refused beside a model file
    let with_model = |option: &str, value: &str| {
        let (model, data) = (model.to_str().unwrap(), data.to_str().unwrap());
        run(
            "sitrep-eval",
            &s.dir,
            &["--model", model, "--data", data, option, value],
            None,
        )
    };
    assert_clean_error(
        &with_model("--predictions", "oof.csv"),
        "sitrep-eval",
        "--predictions writes the out-of-fold predictions of cross-validation; add --folds K",
    );
    assert!(!s.path("oof.csv").exists());
    assert_clean_error(
        &with_model("--group", "topic"),
        "sitrep-eval",
        "--group keeps groups whole in cross-validation folds; add --folds K",
    );

    let missing = s.path("no/such/folder/oof.csv");
    let o = eval_cv(&s, &["--predictions", missing.to_str().unwrap()]);
    assert_clean_error(
        &o,
        "sitrep-eval",
        &format!(
            "cannot write the predictions to {}: No such file or directory (os error 2)",
            missing.display()
        ),
    );
    assert!(!missing.exists());
}

#[test]
fn predictions_columns_keep_distinct_names_when_the_data_reuses_line_or_fold() {
    // a data file whose story column is named `fold` (grouped on) and whose topic column is
    // named `line`: the header repeated `line` and `fold`, which readers by name cannot tell apart
    let s = Scratch::new("cv-predictions-names");
    let data = tiny_corpus().replacen("id,title,text,topic,", "id,fold,text,line,", 1);
    let data = s.write("train.csv", data);
    let out = s.path("oof.csv");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "line",
            "--folds",
            "3",
            "--group",
            "fold",
            "--min-df",
            "1",
            "--format",
            "json",
            "--predictions",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&o);
    let mut reader = csv::Reader::from_path(&out).expect("the predictions file");
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header, ["line", "fold", "fold_2", "line_2", "line_predicted"]);
    let first = reader.records().next().expect("a row").expect("row");
    assert_eq!(&first[0], "2", "sitrep's own line column comes first");
    assert!(first[2].starts_with("Report "), "the group's value: {first:?}");
    assert_eq!(&first[3], "offensive", "the true label: {first:?}");
}
