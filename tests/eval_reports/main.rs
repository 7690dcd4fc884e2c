//! sitrep-eval's trust features with the real binaries: intervals, calibration, coverage,
//! error analysis, model comparison, abstention in sitrep-classify, plots and HTML.

#[path = "../common/mod.rs"]
mod common;
mod pictures;

use common::*;

use serde_json::Value;

fn eval_json(s: &Scratch, extra: &[&str]) -> Value {
    let model = train_tiny(s);
    let data = s.write("test.csv", tiny_corpus());
    let mut args = vec![
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("valid JSON")
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn json_report_carries_intervals_calibration_coverage_and_settings() {
    let s = Scratch::new("eval-json");
    let v = eval_json(&s, &["--resamples", "200"]);
    let esc = v["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["target"] == "escalation")
        .expect("escalation");
    let u = &esc["uncertainty"];
    assert_eq!(u["resamples"], 200);
    assert_eq!(u["seed"], 42);
    for m in ["accuracy", "macro_f1", "mae", "qwk"] {
        let (lo, est, hi) = (num(&u[m]["low"]), num(&u[m]["estimate"]), num(&u[m]["high"]));
        assert!(lo <= est && est <= hi, "{m}: {lo} {est} {hi}");
    }
    assert_eq!(
        num(&u["accuracy"]["estimate"]),
        num(&esc["classification"]["accuracy"])
    );
    let c = &esc["calibration"];
    assert!((0.0..=1.0).contains(&num(&c["ece"])));
    assert!((0.0..=2.0).contains(&num(&c["brier"])));
    assert_eq!(c["bins"].as_array().map(Vec::len), Some(10));
    let rows: u64 = c["bins"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["rows"].as_u64().expect("rows"))
        .sum();
    assert_eq!(rows, esc["rows"].as_u64().expect("rows"));
    let cov: Vec<f64> = esc["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .map(|r| num(&r["coverage"]))
        .collect();
    assert_eq!(cov.len(), 7);
    assert_eq!(cov[0], 1.0);
    assert!(
        cov.windows(2).all(|w| w[1] <= w[0]),
        "coverage not monotone: {cov:?}"
    );
    let settings = &v["settings"];
    assert_eq!(settings["seed"], 42);
    assert_eq!(settings["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(settings["model_crc32"].as_str().map(str::len), Some(8));
    assert_eq!(settings["data_crc32"].as_str().map(str::len), Some(8));
    // Nominal targets have no ordinal intervals.
    let topic = v["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["target"] == "topic")
        .expect("topic");
    assert!(topic["uncertainty"]["mae"].is_null());
}

#[test]
fn intervals_are_deterministic_for_a_seed() {
    let s = Scratch::new("eval-seed");
    let a = eval_json(&s, &["--resamples", "100", "--seed", "7"]);
    let b = eval_json(&s, &["--resamples", "100", "--seed", "7"]);
    let c = eval_json(&s, &["--resamples", "100", "--seed", "8"]);
    assert_eq!(a, b);
    assert_eq!(a["targets"][0]["uncertainty"]["seed"], 7);
    assert_ne!(a["targets"][0]["uncertainty"], c["targets"][0]["uncertainty"]);
}

#[test]
fn text_and_markdown_show_the_new_tables() {
    let s = Scratch::new("eval-text");
    let model = train_tiny(&s);
    let data = s.write("test.csv", tiny_corpus());
    for format in ["text", "markdown"] {
        let o = run(
            "sitrep-eval",
            &s.dir,
            &[
                "--model",
                model.to_str().unwrap(),
                "--data",
                data.to_str().unwrap(),
                "--format",
                format,
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        for needle in [
            "95% confidence intervals (percentile bootstrap, 1000 resamples, seed 42)",
            "expected calibration error (ECE, 10 bins)",
            "Brier score (multi-class",
            "reliability",
            "coverage if predictions below a probability are withheld",
            "data CRC-32",
        ] {
            assert!(out.contains(needle), "{format}: no {needle:?} in\n{out}");
        }
    }
}

#[test]
fn errors_lists_the_most_confident_mistakes_with_terms() {
    let s = Scratch::new("eval-errors");
    let model = train_tiny(&s);
    // Deliberately wrong labels: every offensive article labeled as diplomacy.
    let data = s.write("test.csv", tiny_corpus().replace(",offensive,", ",diplomacy,"));
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
            "--errors",
            "3",
            "--target",
            "topic",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let errors = v["targets"][0]["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 3);
    let probs: Vec<f64> = errors.iter().map(|e| num(&e["probability"])).collect();
    assert!(
        probs.windows(2).all(|w| w[0] >= w[1]),
        "not most confident first: {probs:?}"
    );
    for e in errors {
        assert_ne!(e["truth"], e["predicted"]);
        assert!(e["line"].as_u64().expect("line") >= 2);
        assert!(!e["excerpt"].as_str().expect("excerpt").is_empty());
        assert!(!e["terms"].as_array().expect("terms").is_empty());
    }
}

#[test]
fn two_models_are_compared_on_the_same_rows() {
    let s = Scratch::new("eval-compare");
    let a = train_tiny(&s);
    let (o, b) = train_tiny_with(&s, &["--model", "nb"], "nb.sitrep");
    let data = s.path("train.csv");
    assert!(o.status.success(), "{}", stderr(&o));
    let args = [
        "--model",
        a.to_str().unwrap(),
        "--model",
        b.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--format", "json", "--resamples", "200"]].concat(),
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    let targets = v["targets"].as_array().expect("targets");
    assert_eq!(targets.len(), 2);
    for k in 0..2 {
        assert_eq!(v["model_crc32"][k].as_str().map(str::len), Some(8));
    }
    assert_eq!(v["data_crc32"].as_str().map(str::len), Some(8));
    for t in targets {
        assert_eq!(t["rows"], 72);
        let d = num(&t["accuracy"][1]) - num(&t["accuracy"][0]);
        assert!((d - num(&t["accuracy_difference"])).abs() < 1e-12);
        let m = &t["mcnemar"];
        let p = num(&m["p_value"]);
        assert!((0.0..=1.0).contains(&p));
        let discordant = m["a_only"].as_u64().expect("a") + m["b_only"].as_u64().expect("b");
        let expect = if discordant < 25 {
            "exact binomial"
        } else {
            "chi-square with continuity correction"
        };
        assert_eq!(m["test"], expect);
        assert!((0.0..=1.0).contains(&num(&t["macro_f1_bootstrap"]["p_value"])));
        // Level distance is compared for the ordinal target only.
        let ordinal = t["target"] == "escalation";
        for metric in ["mae", "qwk"] {
            let m = &t[metric];
            assert_eq!(m.is_object(), ordinal, "{metric} of {}: {m}", t["target"]);
            if ordinal {
                let d = num(&m["value"][1]) - num(&m["value"][0]);
                assert!((d - num(&m["difference"])).abs() < 1e-12);
                let (low, high) = (num(&m["bootstrap"]["low"]), num(&m["bootstrap"]["high"]));
                assert!(low <= high, "{metric}: [{low}, {high}]");
            }
        }
    }
    // Model A's side of the comparison is what scoring it alone reports.
    let alone = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            a.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--format",
            "json",
            "--target",
            "escalation",
        ],
        None,
    );
    assert!(alone.status.success(), "{}", stderr(&alone));
    let alone: Value = serde_json::from_str(&stdout(&alone)).expect("json");
    let ord = &alone["targets"][0]["ordinal"];
    assert_eq!(num(&targets[1]["mae"]["value"][0]), num(&ord["mae"]));
    assert_eq!(num(&targets[1]["qwk"]["value"][0]), num(&ord["qwk"]));
    let o = run("sitrep-eval", &s.dir, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("McNemar"), "{}", stdout(&o));
    assert!(stdout(&o).contains("QWK"), "{}", stdout(&o));
    // A third model is refused; --model still conflicts with --folds.
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--model", a.to_str().unwrap()]].concat(),
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "give one model to score or two to compare");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--errors", "2"]].concat(),
        None,
    );
    assert_clean_error(
        &o,
        "sitrep-eval",
        "--errors reports on one model; score each model on its own for it",
    );
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..2], &["--data", data.to_str().unwrap(), "--folds", "3"]].concat(),
        None,
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn classify_marks_low_confidence_predictions_uncertain() {
    let s = Scratch::new("classify-abstain");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "id,title,text\n1,Flight,\"Thousands fled, crossing the border\"\n2,x,the\n",
    );
    let run_with = |p: &str| {
        let o = run(
            "sitrep-classify",
            &s.dir,
            &[
                "--model",
                model.to_str().unwrap(),
                "--input",
                input.to_str().unwrap(),
                "--min-confidence",
                p,
                // the tiny model knows few words: only confidence decides here
                "--min-coverage",
                "0",
            ],
            None,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let mut r = csv::Reader::from_reader(o.stdout.as_slice());
        r.records().map(|r| r.expect("row")).collect::<Vec<_>>()
    };
    // Probability 1 is above every prediction but a certain one: all uncertain, probabilities kept.
    let rows = run_with("1");
    for row in &rows {
        assert_eq!(&row[3], "uncertain");
        let p: f64 = row[4].parse().expect("probability kept");
        assert!(p > 0.0 && p <= 1.0);
    }
    // Threshold 0 never abstains.
    assert!(run_with("0").iter().all(|r| &r[3] != "uncertain"));
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "--min-confidence", "2", "x"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a probability"), "{}", stderr(&o));
}

#[test]
fn by_scores_each_value_of_a_column_as_rows_filtered_to_it_would() {
    let s = Scratch::new("eval-by");
    let v = eval_json(&s, &["--by", "topic", "--resamples", "0"]);
    let esc = v["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .find(|t| t["target"] == "escalation")
        .expect("escalation");
    let by = &esc["by_group"];
    assert_eq!(by["column"], "topic");
    let groups = by["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 3);
    let total: u64 = groups.iter().map(|g| g["rows"].as_u64().expect("rows")).sum();
    assert_eq!(total, esc["rows"].as_u64().expect("rows"));
    for g in groups {
        let name = g["group"].as_str().expect("name");
        let alone = eval_json(&s, &["--rows", &format!("topic={name}"), "--resamples", "0"]);
        let t = alone["targets"]
            .as_array()
            .expect("targets")
            .iter()
            .find(|t| t["target"] == "escalation")
            .expect("escalation")
            .clone();
        assert_eq!(g["rows"], t["rows"], "{name}");
        assert_eq!(
            num(&g["accuracy"]),
            num(&t["classification"]["accuracy"]),
            "{name}"
        );
        assert_eq!(
            num(&g["macro_f1"]),
            num(&t["classification"]["macro_avg"]["f1"]),
            "{name}"
        );
        assert_eq!(num(&g["qwk"]), num(&t["ordinal"]["qwk"]), "{name}");
        assert_eq!(num(&g["mae"]), num(&t["ordinal"]["mae"]), "{name}");
    }

    let model = train_tiny(&s);
    let data = s.write("test.csv", tiny_corpus());
    let args = [
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--by", "topic"]].concat(),
        None,
    );
    let text = assert_ok(&o);
    assert!(
        text.contains("by topic (each value's rows scored on their own)"),
        "{text}"
    );
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--by", "region"]].concat(),
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "region");
}

/// `--by` with `--folds` scores the pooled out-of-fold predictions of each value's rows: by
/// the topic column, the topic target's accuracy on one topic's rows is that topic's pooled
/// recall, which holds only if each row keeps its own value and prediction.
#[test]
fn cross_validation_by_scores_the_pooled_predictions_of_each_value() {
    let s = Scratch::new("cv-by");
    let data = s.write("train.csv", tiny_corpus());
    let args = [
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
        "--resamples",
        "0",
        "--by",
        "topic",
    ];
    let json = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..], &["--format", "json"]].concat(),
        None,
    );
    let r: Value = serde_json::from_str(&assert_ok(&json)).expect("json");
    let pooled = &r["targets"][0]["pooled"];
    let groups = pooled["by_group"]["groups"].as_array().expect("groups");
    assert_eq!(groups.len(), 3);
    for class in pooled["classification"]["per_class"].as_array().expect("classes") {
        let label = class["label"].as_str().expect("label");
        let g = groups.iter().find(|g| g["group"] == label).expect(label);
        assert_eq!(g["rows"], class["support"], "{label}");
        assert_eq!(num(&g["accuracy"]), num(&class["recall"]), "{label}");
    }
    let escalation = &r["targets"][1]["pooled"]["by_group"]["groups"];
    let rows: u64 = escalation
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| g["rows"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(rows, 72);
    assert!(escalation[0]["qwk"].is_number(), "{escalation}");

    let text = assert_ok(&run("sitrep-eval", &s.dir, &args, None));
    assert!(
        text.contains("by topic (each value's rows scored on their own)"),
        "{text}"
    );
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[&args[..14], &["--by", "region"]].concat(),
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "region");
}
