//! Spelling variants through the real binaries: a model trained on British spellings and
//! joined compounds reads American ones and hyphenated compounds alike, unless trained with
//! `--no-spelling-variants`, which `--show-model` reports.

mod common;

use common::*;

/// The JSON probabilities of every target for `text`, as written.
fn probabilities(s: &Scratch, model: &std::path::Path, text: &str) -> String {
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "--format", "jsonl", text],
        None,
    );
    let line = assert_ok(&o);
    let v: serde_json::Value = serde_json::from_str(line.trim()).expect("one JSON line");
    ["topic", "escalation"]
        .iter()
        .map(|t| v["predictions"][t]["probabilities"].to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn american_spellings_and_split_compounds_read_as_the_training_text_wrote_them() {
    let s = Scratch::new("spelling-variants");
    let (o, on) = train_tiny_with(&s, &[], "on.sitrep");
    assert_ok(&o);
    let (o, off) = train_tiny_with(&s, &["--no-spelling-variants"], "off.sitrep");
    assert_ok(&o);

    // the tiny corpus writes "ceasefire"; "cease-fire" would otherwise be `cease` and `fire`
    let british = "Refugee families returned home after the ceasefire held";
    let american = "Refugee families returned home after the cease-fire held";
    assert_eq!(probabilities(&s, &on, british), probabilities(&s, &on, american));
    assert_ne!(
        probabilities(&s, &off, british),
        probabilities(&s, &off, american)
    );

    let show = |m: &std::path::Path| {
        stdout(&run(
            "sitrep-classify",
            &s.dir,
            &["--model", m.to_str().unwrap(), "--show-model"],
            None,
        ))
    };
    assert!(show(&on).contains("spelling variants on"), "{}", show(&on));
    assert!(show(&off).contains("spelling variants off"), "{}", show(&off));
}
