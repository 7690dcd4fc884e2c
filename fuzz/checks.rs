//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`, which replays every
//! input the fuzzers ever crashed on. Each function must return normally for any input;
//! a panic (an `assert!` here, or one inside sitrep) is a finding.

// each fuzz target uses one of these functions
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use sitrep::classify::{classify_csv, Abstention, CsvColumns, CsvOptions};
use sitrep::data::{read_labeled_from, Utf8Mode};
use sitrep::features::tokenizer::tokenize;
use sitrep::features::{FeatureConfig, Language};
use sitrep::model::file::{self as model_file, crc32, FORMAT_VERSION, MAGIC};
use sitrep::model::Model;

/// The built-in default model, decoded once.
pub fn default_model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let bytes = sitrep::model::default::DEFAULT_MODEL.expect("this build has a default model");
        model_file::decode(Path::new("default"), bytes).expect("the default model loads")
    })
}

/// Tokenizer, a filter chain picked by the first byte, and the default model's vectorizer:
/// nothing panics, and vectorizing does not depend on how texts are batched.
pub fn tokenize_and_vectorize(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut tokens = Vec::new();
    tokenize(&text, &mut tokens);
    assert!(tokens.iter().all(|t| !t.is_empty()), "empty token from {text:?}");

    let config = FeatureConfig {
        language: Language::ALL[usize::from(flags >> 3) % Language::ALL.len()],
        stem: flags & 1 != 0,
        fold_accents: flags & 2 != 0,
        number_buckets: flags & 4 != 0,
        char_ngrams: (flags & 0x80 != 0).then_some((2, 4)),
        ..FeatureConfig::default()
    };
    let mut analyzer = config.analyzer();
    let mut analyzed = Vec::new();
    analyzer.analyze(&text, &mut analyzed);

    let model = default_model();
    let half = text.len() / 2;
    let cut = (0..=half).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let parts = [&text[..cut], &text[cut..]];
    let together = model.vectorizer.transform(&[&text[..], parts[0], parts[1]]);
    let apart = model.vectorizer.transform(&parts);
    let bits = |m: &sitrep::sparse::CsrMatrix, i: usize| {
        let row = m.row(i);
        let values: Vec<u64> = row.values.iter().map(|v| v.to_bits()).collect();
        (row.indices.to_vec(), values)
    };
    assert_eq!(bits(&together, 1), bits(&apart, 0), "batching changed a row");
    assert_eq!(bits(&together, 2), bits(&apart, 1), "batching changed a row");
    let preds = model.predict_rows(&together);
    assert_eq!(preds.len(), 3);
    let mut analyzer = model.vectorizer.config.analyzer();
    let _ = model.explain(&mut analyzer, &text, 3);
}

/// The CSV readers of train/eval and of classify on arbitrary bytes: an error or a result,
/// never a panic; classify writes exactly one output row per input row.
pub fn read_csv(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let utf8 = if flags & 1 != 0 {
        Utf8Mode::Lossy
    } else {
        Utf8Mode::Strict
    };
    let path = Path::new("fuzz.csv");
    let filter = (flags & 2 != 0).then(|| "split=train".parse().expect("filter parses"));
    if let Ok(d) = read_labeled_from(
        path,
        rest,
        &["text".into()],
        &["topic".into()],
        filter.as_ref(),
        utf8,
    ) {
        assert_eq!(d.texts.len(), d.labels[0].len());
        assert_eq!(d.texts.len(), d.lines.len());
        assert!(d.texts.iter().all(|t| !t.trim().is_empty()));
    }
    let mut out = Vec::new();
    let min_confidence = if flags & 4 != 0 { 0.5 } else { 0.0 };
    if let Ok(counts) = classify_csv(
        default_model(),
        path,
        rest,
        CsvColumns::default(),
        CsvOptions {
            abstention: Abstention {
                min_confidence,
                ..Abstention::default()
            },
            utf8,
            explain: None,
            precision: Default::default(),
        },
        &mut out,
        |_| {},
    ) {
        let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(&out[..]);
        let mut rows = 0u64;
        for record in reader.byte_records() {
            record.expect("our own output parses");
            rows += 1;
        }
        assert_eq!(rows, counts.rows, "output rows differ from input rows");
    }
}

/// The model loader on arbitrary bytes, both as a whole file and as a payload behind a valid
/// header (so the fuzzer gets past the checksum): refused or loaded, and a loaded model
/// classifies, explains and describes itself without panicking.
pub fn load_model(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let bytes = if flags & 1 != 0 {
        rest.to_vec()
    } else {
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        file.extend_from_slice(&(rest.len() as u64).to_le_bytes());
        file.extend_from_slice(&crc32(rest).to_le_bytes());
        file.extend_from_slice(rest);
        file
    };
    if let Ok(model) = model_file::decode(Path::new("fuzz.sitrep"), &bytes) {
        let texts = [
            "Rebels shelled the town, killing 12.",
            "",
            "Talks resumed in Geneva",
        ];
        let preds = model.predict_texts(&texts);
        assert_eq!(preds.len(), texts.len());
        let mut analyzer = model.vectorizer.config.analyzer();
        let _ = model.explain(&mut analyzer, texts[0], 3);
        let _ = model.describe(3);
        let again = model_file::encode(&model).expect("a loaded model encodes");
        let reloaded = model_file::decode(Path::new("again"), &again).expect("re-encoded model loads");
        assert_eq!(reloaded, model);
    }
}
