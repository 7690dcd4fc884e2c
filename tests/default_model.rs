//! The shipped default model: reproducible from datasets/, embedded, and good on real news.

mod common;
use common::*;
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The documented command (README, models/MODEL_CARD.md) that builds models/default.sitrep.
fn default_model_args(out: &str) -> Vec<String> {
    [
        "--data",
        "datasets/conflict-news.csv",
        "--rows",
        "split=train",
        "--text-column",
        "title",
        "--text-column",
        "text",
        "--target",
        "topic",
        "--target",
        "escalation:ordinal",
        "--model",
        "svm",
        "--c",
        "0.3",
        "--seed",
        "42",
        "--background",
        "datasets/background.csv",
        "--quiet",
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn default_model_is_reproduced_byte_for_byte() {
    let s = Scratch::new("reproduce");
    let out = s.path("default.sitrep");
    let args = default_model_args(out.to_str().expect("utf-8 path"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run("sitrep-train", Path::new(ROOT), &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    let shipped = std::fs::read(Path::new(ROOT).join("models/default.sitrep"))
        .expect("models/default.sitrep is committed");
    assert!(
        std::fs::read(&out).expect("retrained") == shipped,
        "retraining gave different bytes: rebuild models/default.sitrep with the documented command"
    );
}

#[test]
fn classify_works_from_any_directory_with_the_built_in_model() {
    let s = Scratch::new("anywhere");
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["Rebels shelled the outskirts of the city overnight, killing four civilians."],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("topic") && out.contains("escalation"), "{out}");
    assert!(
        out.lines().nth(1).is_some_and(|l| l.contains("offensive (")),
        "{out}"
    );
}

/// Real labeled snippets from ../shared/eval (evaluation only). Skips when absent.
#[test]
fn default_model_on_real_conflict_snippets() {
    let eval = Path::new(ROOT).join("../shared/eval/conflict-dev.csv");
    if !eval.is_file() {
        eprintln!(
            "skipped: {} not found (needs ../shared beside the checkout)",
            eval.display()
        );
        return;
    }
    let model = Path::new(ROOT).join("models/default.sitrep");
    let Scores {
        topic_f1,
        qwk,
        mae,
        level3_recall,
        level3_precision,
        ..
    } = Scores::of_default_model(&eval, &[]);
    // measured with this model: 0.9337, 0.7350, 0.2863, level 3 0.7500 at 0.6000
    // (models/MODEL_CARD.md); topic was 0.9377 before corpus round 7, two snippets apart
    // (its 95% interval is +-0.03), while the probe's topic accuracy rose. The level-3
    // floors leave one to two snippets of margin.
    assert!(topic_f1 >= 0.92, "topic macro-F1 {topic_f1:.4}");
    assert!(qwk >= 0.71, "escalation QWK {qwk:.4}");
    assert!(mae <= 0.31, "escalation MAE {mae:.4}");
    assert!(level3_recall >= 0.71, "level-3 recall {level3_recall:.4}");
    assert!(
        level3_precision >= 0.55,
        "level-3 precision {level3_precision:.4}"
    );

    // English conflict news is within reach: at least 97% of the snippets keep their labels
    let o = run(
        "sitrep-classify",
        Path::new(ROOT),
        &[
            "--model",
            model.to_str().unwrap(),
            "--input",
            eval.to_str().unwrap(),
            "--text-column",
            "text",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header = reader.headers().expect("header").clone();
    let reason = header
        .iter()
        .position(|h| h.ends_with("uncertain_reason"))
        .expect("an uncertain_reason column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let flagged = rows.iter().filter(|r| !r[reason].is_empty()).count();
    assert!(
        flagged as f64 <= 0.03 * rows.len() as f64,
        "{flagged} of {} real snippets flagged out of reach",
        rows.len()
    );
}

/// What the dev and probe tests read from `sitrep-eval --format json`.
struct Scores {
    topic_accuracy: f64,
    topic_f1: f64,
    qwk: f64,
    mae: f64,
    level3_recall: f64,
    level3_precision: f64,
}

impl Scores {
    /// `sitrep-eval` of the shipped default model on the `text` column of `data`.
    fn of_default_model(data: &Path, extra: &[&str]) -> Scores {
        let model = Path::new(ROOT).join("models/default.sitrep");
        let mut args = vec![
            "--model",
            model.to_str().expect("utf-8 path"),
            "--data",
            data.to_str().expect("utf-8 path"),
            "--text-column",
            "text",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = run("sitrep-eval", Path::new(ROOT), &args, None);
        assert!(o.status.success(), "{}", stderr(&o));
        let r: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
        let topic = &r["targets"][0]["classification"];
        let escalation = &r["targets"][1];
        let number =
            |v: &serde_json::Value, what: &str| v.as_f64().unwrap_or_else(|| panic!("{what} in {r}"));
        let level3 = escalation["classification"]["per_class"]
            .as_array()
            .expect("per-class scores")
            .iter()
            .find(|c| c["label"] == "3")
            .expect("level 3");
        Scores {
            topic_accuracy: number(&topic["accuracy"], "topic accuracy"),
            topic_f1: number(&topic["macro_avg"]["f1"], "topic macro-F1"),
            qwk: number(&escalation["ordinal"]["qwk"], "QWK"),
            mae: number(&escalation["ordinal"]["mae"], "MAE"),
            level3_recall: number(&level3["recall"], "level 3 recall"),
            level3_precision: number(&level3["precision"], "level 3 precision"),
        }
    }
}

/// The real-text probe (datasets/probe-ag-world.csv): our labels for real wire items whose
/// texts stay in ../shared/bench. Skips when that is absent; a text that no longer has the
/// checksum it was labeled with fails, since the labels would no longer describe it.
#[test]
fn default_model_on_the_real_text_probe() {
    let bench = Path::new(ROOT).join("../shared/bench/data");
    if !bench.is_dir() {
        eprintln!(
            "skipped: {} not found (needs ../shared beside the checkout)",
            bench.display()
        );
        return;
    }
    let mut texts: std::collections::HashMap<String, Vec<String>> = Default::default();
    let mut rows = vec![["id", "text", "topic", "escalation"].map(String::from)];
    let mut labels =
        csv::Reader::from_path(Path::new(ROOT).join("datasets/probe-ag-world.csv")).expect("probe labels");
    for r in labels.records() {
        let r = r.expect("probe row");
        let (file, row) = r[0].rsplit_once(':').expect("ref is FILE:ROW");
        let file_texts = texts.entry(file.to_string()).or_insert_with(|| {
            let mut reader = csv::Reader::from_path(bench.join(file)).expect("bench file");
            reader
                .records()
                .map(|t| t.expect("bench row")[0].to_string())
                .collect()
        });
        let text = &file_texts[row.parse::<usize>().expect("row number")];
        let crc = format!("{:08x}", sitrep::model::file::crc32(text.as_bytes()));
        assert_eq!(crc, r[1], "{} is not the text it was labeled on", &r[0]);
        rows.push([r[0].to_string(), text.clone(), r[2].to_string(), r[3].to_string()]);
    }
    assert!(rows.len() > 800, "{} probe items", rows.len() - 1);
    let s = Scratch::new("probe");
    let mut writer = csv::Writer::from_path(s.path("probe.csv")).expect("scratch csv");
    for row in &rows {
        writer.write_record(row).expect("write");
    }
    writer.flush().expect("flush");
    let scores = Scores::of_default_model(&s.path("probe.csv"), &["--resamples", "0"]);
    // measured with this model: topic accuracy 0.8411, QWK 0.6535, MAE 0.3070
    // (models/MODEL_CARD.md); topic macro-F1 is left out, the probe has 21 displacement items
    assert!(
        scores.topic_accuracy >= 0.83,
        "topic accuracy {:.4}",
        scores.topic_accuracy
    );
    assert!(scores.qwk >= 0.63, "escalation QWK {:.4}", scores.qwk);
    assert!(scores.mae <= 0.33, "escalation MAE {:.4}", scores.mae);
}
