//! Text the default model cannot read gets no confident label: `sitrep-classify` labels it
//! `uncertain`, says why on stderr and in the output, and leaves English conflict news alone.

mod common;

use common::{run, Scratch};

/// (kind, text) pairs of tests/data/out-of-reach.tsv, written for this project.
fn out_of_reach() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/out-of-reach.tsv");
    let text = std::fs::read_to_string(path).expect("tests/data/out-of-reach.tsv");
    text.lines()
        .skip(1)
        .map(|l| {
            let (kind, text) = l.split_once('\t').expect("kind<TAB>text");
            (kind.to_string(), text.to_string())
        })
        .collect()
}

/// The JSON lines sitrep-classify (built-in default model) writes for `texts`, and stderr.
fn classify(s: &Scratch, texts: &[&str]) -> (Vec<serde_json::Value>, String) {
    let input = texts.join("\n") + "\n";
    // an empty folder as working directory: the built-in model, not a models/ file
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--format", "jsonl"],
        Some(input.as_bytes()),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = String::from_utf8(o.stdout).expect("UTF-8 output");
    let values = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    (values, String::from_utf8(o.stderr).expect("UTF-8 stderr"))
}

/// Other languages and gibberish: every label withheld, with its reason, on every head.
#[test]
fn other_languages_and_gibberish_get_no_label() {
    let s = Scratch::new("out-of-reach");
    let cases: Vec<(String, String)> = out_of_reach()
        .into_iter()
        .filter(|(kind, _)| {
            ["french", "spanish", "arabic", "russian", "ukrainian", "random"].contains(&kind.as_str())
        })
        .collect();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let texts: Vec<&str> = cases.iter().map(|(_, t)| t.as_str()).collect();
    let (values, stderr) = classify(&s, &texts);
    assert_eq!(values.len(), cases.len());
    for ((kind, text), v) in cases.iter().zip(&values) {
        for (target, p) in v["predictions"].as_object().expect("predictions") {
            assert_eq!(p["label"], "uncertain", "{kind} `{text}`: {target} {p}");
        }
        let reason = v["uncertain_reason"].as_str().unwrap_or_default();
        assert!(reason.starts_with("out of reach"), "{kind} `{text}`: {reason:?}");
    }
    // the first 20 are named on stderr, the rest counted
    assert_eq!(
        stderr.matches("labeled uncertain, out of reach").count(),
        20,
        "{stderr}"
    );
    assert!(stderr.contains("looks like French"), "{stderr}");
    assert!(
        stderr.contains(&format!("{} more articles", cases.len() - 20)),
        "{stderr}"
    );
}

/// English on other subjects (sports, finance) and code: the scope gate or the coverage
/// check withholds every one of their labels (tests/data/out-of-reach.tsv: 17 such inputs).
#[test]
fn off_topic_english_and_code_get_no_confident_label() {
    let s = Scratch::new("off-topic");
    let cases: Vec<(String, String)> = out_of_reach()
        .into_iter()
        .filter(|(kind, _)| ["sports", "finance", "code"].contains(&kind.as_str()))
        .collect();
    let texts: Vec<&str> = cases.iter().map(|(_, t)| t.as_str()).collect();
    let (values, _) = classify(&s, &texts);
    let labeled: Vec<&str> = cases
        .iter()
        .zip(&values)
        .filter(|(_, v)| {
            v["predictions"]
                .as_object()
                .expect("predictions")
                .values()
                .any(|p| p["label"] != "uncertain" && p["probability"].as_f64().unwrap_or(0.0) > 0.5)
        })
        .map(|((_, t), _)| t.as_str())
        .collect();
    assert!(labeled.is_empty(), "labeled: {labeled:?}");
    for ((kind, text), v) in cases.iter().zip(&values) {
        if kind != "code" {
            let in_scope = v["in_scope"]
                .as_f64()
                .expect("the default model has a scope gate");
            assert!(in_scope < 0.1, "{kind} `{text}`: in scope {in_scope}");
        }
    }
}

/// English conflict news of every shape keeps its labels.
#[test]
fn english_conflict_news_is_not_flagged() {
    let s = Scratch::new("in-reach");
    let texts = [
        "Rebels shelled the outskirts of the city overnight, killing four civilians.",
        "UN envoy lands in Tripoli for crisis talks",
        "As of 12 May, an estimated 48,300 people remain displaced across the province.",
        "Negotiators from both sides agreed to extend the ceasefire by thirty days.",
    ];
    let (values, stderr) = classify(&s, &texts);
    assert_eq!(stderr, "");
    for v in &values {
        assert!(v.get("uncertain_reason").is_none(), "{v}");
        assert!(v["coverage"].as_f64().expect("coverage") >= 0.55, "{v}");
        assert!(v["in_scope"].as_f64().expect("in_scope") >= 0.1, "{v}");
        assert_ne!(v["predictions"]["topic"]["label"], "uncertain", "{v}");
    }
}

/// `--min-coverage 0` turns the check off; CSV output carries the reason in its own column.
#[test]
fn the_check_can_be_turned_off_and_csv_has_the_reason() {
    let s = Scratch::new("coverage-csv");
    let input = s.write("in.csv", "id,text\n1,Los enfrentamientos entre el ejército y la guerrilla dejaron al menos quince muertos en la región.\n");
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--input", input.to_str().expect("path")],
        None,
    );
    assert!(o.status.success());
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let header = r.headers().expect("header").clone();
    let row = r.records().next().expect("a row").expect("row");
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    assert_eq!(&row[col("topic")], "uncertain");
    assert!(row[col("uncertain_reason")].contains("Spanish"), "{row:?}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("in.csv:2: labeled uncertain"));
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--input", input.to_str().expect("path"), "--min-coverage", "0"],
        None,
    );
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let row = r.records().next().expect("a row").expect("row");
    assert_ne!(&row[col("topic")], "uncertain");
    assert_eq!(&row[col("uncertain_reason")], "");
}

/// A model trained with `--language french` labeled French articles `uncertain` ("looks
/// like French"), as the language check took every model for English; it now reads them,
/// and it is English text that is out of reach of a French model.
#[test]
fn a_french_model_reads_french_and_withholds_english() {
    let s = Scratch::new("french-model");
    let (attack, talks) = (
        "Des rebelles ont attaqué la ville de {} pendant la nuit, tuant {} civils selon les autorités locales.",
        "Un accord de paix a été signé à {} sous l'égide de l'Union africaine et des Nations unies.",
    );
    let mut csv = String::from("text,classe\n");
    for (i, town) in ["Goma", "Bamako", "Gao", "Mopti", "Kidal", "Bukavu"]
        .iter()
        .cycle()
        .take(60)
        .enumerate()
    {
        let (text, label) = if i % 2 == 1 {
            (attack, "attaque")
        } else {
            (talks, "diplomatie")
        };
        let text = text
            .replacen("{}", town, 1)
            .replacen("{}", &(i + 2).to_string(), 1);
        csv.push_str(&format!("\"{text}\",{label}\n"));
    }
    let data = s.write("fr.csv", csv);
    let args = [
        "--data",
        data.to_str().unwrap(),
        "--target",
        "classe",
        "--language",
        "french",
    ];
    let o = run(
        "sitrep-train",
        &s.dir,
        &[&args[..], &["--min-df", "1", "--out", "fr.sitrep", "-q"]].concat(),
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let french = "Des rebelles ont attaqué la ville de Goma pendant la nuit, tuant douze civils, affirment plusieurs témoins présents.";
    let english = "Rebels shelled the outskirts of the city overnight killing four civilians and wounding dozens of others in the attack.";
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--model", "fr.sitrep", "--format", "jsonl", french, english],
        None,
    );
    let lines = String::from_utf8(o.stdout).expect("UTF-8");
    let values: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    let label = |v: &serde_json::Value| {
        v["predictions"]["classe"]["label"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(label(&values[0]), "attaque", "{}", values[0]);
    assert_eq!(label(&values[1]), "uncertain", "{}", values[1]);
    assert!(
        values[1].to_string().contains("looks like English"),
        "{}",
        values[1]
    );
}
