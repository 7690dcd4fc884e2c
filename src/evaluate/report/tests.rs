use super::markdown::md;
use super::text::{text_confusion, CM_TITLE, MAX_WIDTH};
use super::*;
use crate::data::display_width;
use crate::metrics::{ConfusionMatrix, MetricsError};
use contents::{ByGroup, GroupScores};

fn labels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Escalation target: truth = [0,0,0,1,1,2,2], pred = [0,0,1,1,1,1,0];
/// "high" is never predicted. Topic target: nominal, perfect.
fn sample() -> EvalReport {
    let esc = labels(&["low", "mid", "high"]);
    let topic = labels(&["military", "humanitarian"]);
    EvalReport {
        model: "models/sitrep.bin".to_string(),
        data: "data/test.csv".to_string(),
        settings: None,
        targets: vec![
            TargetReport::evaluate(
                "escalation",
                "ordinal",
                &esc,
                &[0, 0, 0, 1, 1, 2, 2],
                &[0, 0, 1, 1, 1, 1, 0],
            )
            .expect("valid"),
            TargetReport::evaluate("topic", "nominal", &topic, &[0, 1, 1], &[0, 1, 1]).expect("valid"),
        ],
    }
}

#[test]
fn text_report_exact() {
    // Score rows checked against scikit-learn 1.9.1
    // classification_report(t, p, target_names=..., digits=4).
    // MAE = (1+1+2)/7 = 4/7; QWK: observed 1+1+4 = 6, rows [3,2,2],
    // cols [3,4,0], N = 7, expected*N = 3*(1*4) + 2*(1*3) + 2*(4*3+1*4) = 50,
    // kappa = 1 - 6*7/50 = 0.16 (scikit-learn: 0.15999999999999992).
    let expected = "\
sitrep evaluation report
model: models/sitrep.bin
data:  data/test.csv

== escalation (ordinal, 7 rows) ==

              precision    recall  f1-score   support

         low     0.6667    0.6667    0.6667         3
         mid     0.5000    1.0000    0.6667         2
        high     0.0000    0.0000    0.0000         2

    accuracy                         0.5714         7
   macro avg     0.3889    0.5556    0.4444         7
weighted avg     0.4286    0.5714    0.4762         7

mean absolute error (MAE):      0.5714
quadratic weighted kappa (QWK): 0.1600

confusion matrix (rows: true, columns: predicted)
      low  mid  high
low     2    1     0
mid     0    2     0
high    1    1     0

notes:
  - precision of class high is undefined (no predictions); set to 0

== topic (nominal, 3 rows) ==

              precision    recall  f1-score   support

    military     1.0000    1.0000    1.0000         1
humanitarian     1.0000    1.0000    1.0000         2

    accuracy                         1.0000         3
   macro avg     1.0000    1.0000    1.0000         3
weighted avg     1.0000    1.0000    1.0000         3

confusion matrix (rows: true, columns: predicted)
              military  humanitarian
military             1             0
humanitarian         0             2
";
    assert_eq!(render_text(&sample()), expected);
}

/// A report on 600 rows of a nominal `target` with six classes, `labels`, each predicted
/// right some of the time.
fn six_class_report(target: &str, labels: &[String]) -> EvalReport {
    let truth: Vec<usize> = (0..600).map(|i| i % 6).collect();
    let pred: Vec<usize> = (0..600).map(|i| (i * 7 / 5) % 6).collect();
    EvalReport {
        model: "m".into(),
        data: "d".into(),
        settings: None,
        targets: vec![TargetReport::evaluate(target, "nominal", labels, &truth, &pred).expect("valid")],
    }
}

#[test]
fn text_is_ascii_and_fits_80_columns_with_six_long_labels() {
    let l = labels(&[
        "military_action",
        "humanitarian_crisis",
        "diplomacy_negotiation",
        "civilian_casualties",
        "infrastructure_damage",
        "refugees_displacement",
    ]);
    let text = render_text(&six_class_report("topic", &l));
    assert!(text.is_ascii());
    for line in text.lines() {
        assert!(line.len() <= MAX_WIDTH, "too wide: {line:?}");
    }
    // Key mode: short column heads, keys prefixed to the row labels.
    assert!(text.contains("[1] military_action"));
    let header = text
        .lines()
        .skip_while(|l| *l != CM_TITLE)
        .nth(1)
        .expect("matrix header");
    assert_eq!(header.split_whitespace().collect::<Vec<_>>().len(), 6);
    assert!(header.trim_start().starts_with("[1]"));
}

/// The text lines of the confusion matrix of `names` with `counts`.
fn confusion_lines(names: &[&str], counts: Vec<Vec<u64>>) -> Vec<String> {
    let cm = ConfusionMatrix {
        labels: labels(names),
        counts,
    };
    let mut out = Vec::new();
    text_confusion(&cm, &mut out);
    out
}

#[test]
fn confusion_columns_widen_for_large_counts() {
    let out = confusion_lines(&["a", "bb"], vec![vec![12345, 0], vec![7, 1]]);
    assert_eq!(out, vec!["        a  bb", "a   12345   0", "bb      7   1"]);
}

#[test]
fn wide_labels_line_up_by_display_width() {
    let out = confusion_lines(&["攻勢", "避難民"], vec![vec![12, 0], vec![3, 1]]);
    // CJK characters take two columns each: every line is 20 columns wide
    assert_eq!(
        out,
        vec![
            "        攻勢  避難民",
            "攻勢      12       0",
            "避難民     3       1"
        ]
    );
    // eight-character CJK labels are 16 columns: full labels would take 124, so keys
    let l = labels(&[
        "北大西洋条約機構",
        "人道危機避難民等",
        "外交交渉停戦協議",
        "民間人死傷者報告",
        "社会基盤施設損壊",
        "国内避難民移動等",
    ]);
    let text = render_text(&six_class_report("話題", &l));
    assert!(text.contains("[1] 北大西洋条約機構"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.iter().all(|l| display_width(l) <= MAX_WIDTH), "{text}");
    // the score table's rows are as wide as its header, so its columns line up
    let head = lines.iter().position(|l| l.ends_with("support")).expect("scores");
    let scores = lines[head + 2..head + 8]
        .iter()
        .chain(&lines[head + 9..head + 12]);
    for row in scores {
        assert_eq!(display_width(row), display_width(lines[head]), "{row}\n{text}");
    }
}

#[test]
fn markdown_tables_have_consistent_shape() {
    let md_text = render_markdown(&sample());
    let lines: Vec<&str> = md_text.lines().collect();
    // Each table: header, alignment rule, body rows, all with the same cell count.
    let mut tables: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for l in &lines {
        if l.starts_with('|') {
            current.push(l);
        } else if !current.is_empty() {
            tables.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        tables.push(current);
    }
    // escalation: scores, ordinal, confusion; topic: scores, confusion.
    assert_eq!(tables.len(), 5);
    let cells = |l: &str| l.trim_matches('|').split(" |").count();
    for t in &tables {
        assert!(t.len() >= 3, "table too short: {t:?}");
        assert!(t[1].contains("---"), "no alignment row: {t:?}");
        let n = cells(t[0]);
        assert!(t.iter().all(|l| cells(l) == n && l.ends_with('|')), "{t:?}");
    }
    assert_eq!(tables[0].len(), 2 + 3 + 3);
    assert_eq!(tables[0][2], "| low | 0.6667 | 0.6667 | 0.6667 | 3 |");
    assert_eq!(tables[0][5], "| **accuracy** | | | 0.5714 | 7 |");
    assert_eq!(tables[1][3], "| quadratic weighted kappa (QWK) | 0.1600 |");
    assert_eq!(tables[2][0], "| true \\ predicted | low | mid | high |");
    assert_eq!(tables[2][4], "| **high** | 1 | 1 | 0 |");
    assert_eq!(tables[4].len(), 2 + 2);
    assert!(md_text.starts_with("# sitrep evaluation report\n"));
    assert!(md_text.contains("## escalation (ordinal, 7 rows)\n"));
    assert!(md_text.contains("- precision of class high is undefined"));
}

#[test]
fn markdown_escapes_labels() {
    assert_eq!(md("a|b_c\nd"), "a\\|b\\_c d");
}

#[test]
fn json_round_trip_of_key_fields() {
    let json = render_json(&sample());
    let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(v["model"], "models/sitrep.bin");
    assert_eq!(v["data"], "data/test.csv");
    let esc = &v["targets"][0];
    assert_eq!(esc["target"], "escalation");
    assert_eq!(esc["kind"], "ordinal");
    assert_eq!(esc["rows"], 7);
    let c = &esc["classification"];
    let num = |x: &serde_json::Value| x.as_f64().expect("number");
    assert!((num(&c["accuracy"]) - 4.0 / 7.0).abs() < 1e-12);
    assert_eq!(c["per_class"][2]["label"], "high");
    assert_eq!(c["per_class"][2]["predicted"], 0);
    assert_eq!(c["per_class"][1]["support"], 2);
    assert!((num(&c["macro_avg"]["f1"]) - 4.0 / 9.0).abs() < 1e-12);
    assert_eq!(c["weighted_avg"]["support"], 7);
    assert_eq!(c["confusion"]["labels"][0], "low");
    assert_eq!(c["confusion"]["counts"][2], serde_json::json!([1, 1, 0]));
    assert_eq!(c["undefined"].as_array().map(Vec::len), Some(1));
    assert!((num(&esc["ordinal"]["mae"]) - 4.0 / 7.0).abs() < 1e-12);
    assert!((num(&esc["ordinal"]["qwk"]) - 0.16).abs() < 1e-12);
    assert!(v["targets"][1]["ordinal"].is_null());
    // And the typed structs read back.
    let back: EvalReport = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back.targets.len(), 2);
    assert_eq!(
        back.targets[0].classification.confusion,
        sample().targets[0].classification.confusion
    );
}

#[test]
fn evaluate_propagates_errors() {
    let l = labels(&["a", "b"]);
    assert_eq!(
        TargetReport::evaluate("t", "ordinal", &l, &[0, 3], &[0, 1]),
        Err(MetricsError::LabelOutOfRange {
            index: 3,
            n_labels: 2
        })
    );
    assert_eq!(
        TargetReport::evaluate("t", "nominal", &l, &[], &[]),
        Err(MetricsError::Empty)
    );
}

/// The sample with `--by` scores of a column whose name and values hold markdown and a newline.
fn sample_by_group() -> EvalReport {
    let mut r = sample();
    let scores = |group: &str, rows| GroupScores {
        group: group.to_string(),
        rows,
        accuracy: 0.5,
        macro_f1: 0.25,
        mae: None,
        qwk: None,
    };
    r.targets[1].by_group = Some(ByGroup {
        column: "src|<b>".to_string(),
        groups: vec![scores("new\nline", 2), scores("p|q", 1)],
    });
    r
}

#[test]
fn by_group_table_keeps_its_shape_whatever_the_column_and_values_hold() {
    // the markdown title and header printed the column as written: `| src|<b> | rows |` had a
    // column too many and raw HTML; the text table broke its row at the value's newline
    let md_text = render_markdown(&sample_by_group());
    assert!(
        md_text.contains("**by src\\|\\<b\\> (each value's rows scored on their own)**"),
        "{md_text}"
    );
    assert!(
        md_text.contains("\n| src\\|\\<b\\> | rows | accuracy | macro-F1 |\n"),
        "{md_text}"
    );
    assert!(
        md_text.contains("\n| new line | 2 | 0.5000 | 0.2500 |\n"),
        "{md_text}"
    );
    assert!(
        md_text.contains("\n| p\\|q | 1 | 0.5000 | 0.2500 |\n"),
        "{md_text}"
    );
    let text = render_text(&sample_by_group());
    assert!(text.contains("\nnew line     2    0.5000    0.2500\n"), "{text}");
    assert!(!text.contains("new\nline"), "{text}");
}

#[test]
fn user_text_escapes_markdown_and_flattens_text() {
    assert_eq!(user_text("a_b|c\nd", true), "a\\_b\\|c d");
    assert_eq!(user_text("a_b|c\nd", false), "a_b|c d");
}
