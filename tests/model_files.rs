//! Model files are untrusted input: every kind of damage is refused with a message that says
//! which, exit code 2, no panic. (Truncated, flipped and foreign files:
//! tests/bad_input/model_file.rs.)

mod common;
use common::*;

use std::path::Path;

use sitrep::model::file::{self as model_file, FORMAT_VERSION};
use sitrep::model::Model;

fn classify_with(s: &Scratch, model: &Path) -> std::process::Output {
    run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "Talks resumed"],
        None,
    )
}

fn tiny_model(s: &Scratch) -> Model {
    model_file::load(&train_tiny(s)).expect("the tiny model loads")
}

#[test]
fn wrong_magic() {
    let s = Scratch::new("magic");
    let mut bytes = std::fs::read(train_tiny(&s)).expect("model");
    bytes[0] = b'Z';
    let bad = s.write("magic.sitrep", &bytes);
    assert_error_is(
        &classify_with(&s, &bad),
        "sitrep-classify",
        &format!(
            "{} is not a sitrep model file (it does not start with the sitrep signature)",
            bad.display()
        ),
    );
}

#[test]
fn future_format_version() {
    let s = Scratch::new("future");
    let mut bytes = std::fs::read(train_tiny(&s)).expect("model");
    bytes[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    let bad = s.write("future.sitrep", &bytes);
    assert_error_is(
        &classify_with(&s, &bad),
        "sitrep-classify",
        &format!(
            "{} is a sitrep model of format version {}, but this sitrep reads versions 2 to {FORMAT_VERSION}; upgrade sitrep to read it",
            bad.display(),
            FORMAT_VERSION + 1
        ),
    );
}

/// Version 2 added the magnitude setting to the feature configuration: a version-1 file
/// would decode into the wrong fields, so it is refused by its version before decoding.
/// (Version-2 files are read: src/model/legacy.rs.)
#[test]
fn a_model_of_a_format_too_old_to_read_is_refused() {
    let s = Scratch::new("older");
    let mut bytes = std::fs::read(train_tiny(&s)).expect("model");
    bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
    let old = s.write("old.sitrep", &bytes);
    assert_error_is(
        &classify_with(&s, &old),
        "sitrep-classify",
        &format!(
            "{} is a sitrep model of format version 1, but this sitrep reads versions 2 to {FORMAT_VERSION}; retrain the model with this sitrep",
            old.display(),
        ),
    );
}

/// The magnitude setting is saved: on by default, off with --no-magnitudes, and the saved
/// setting decides how classification analyzes text.
#[test]
fn the_magnitude_setting_is_saved_in_the_model() {
    let s = Scratch::new("magnitudes");
    let on = tiny_model(&s);
    assert!(on.vectorizer.config.magnitudes);
    // "killing 12 civilians", "Air raids killed 45 people"
    assert!(on.vectorizer.columns.column("<kill:10-99>").is_some());
    let data = s.path("train.csv");
    let off = s.path("off.sitrep");
    let o = run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--min-df",
            "1",
            "--no-magnitudes",
            "--quiet",
            "--out",
            off.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let model = model_file::load(&off).expect("loads");
    assert!(!model.vectorizer.config.magnitudes);
    assert!(model.vectorizer.columns.column("<kill:10-99>").is_none());
}

#[test]
fn truncated_inside_the_header_and_inside_the_payload() {
    let s = Scratch::new("truncated2");
    let bytes = std::fs::read(train_tiny(&s)).expect("model");
    let short = s.write("short.sitrep", &bytes[..15]);
    assert_error_is(
        &classify_with(&s, &short),
        "sitrep-classify",
        &format!(
            "{} is truncated: it ends after 15 bytes, inside the 24-byte header of a sitrep model file",
            short.display()
        ),
    );
    let cut = s.write("cut.sitrep", &bytes[..bytes.len() - 1]);
    assert_error_is(
        &classify_with(&s, &cut),
        "sitrep-classify",
        &format!(
            "{} is truncated: the header announces {} bytes of model data but {} are present",
            cut.display(),
            bytes.len() - 24,
            bytes.len() - 25
        ),
    );
}

#[test]
fn every_single_flipped_byte_is_refused() {
    let s = Scratch::new("flips");
    let bytes = std::fs::read(train_tiny(&s)).expect("model");
    for i in 0..bytes.len() {
        let mut b = bytes.clone();
        b[i] ^= 0x01;
        assert!(
            model_file::decode(Path::new("m"), &b).is_err(),
            "flip at byte {i} was accepted"
        );
    }
}

#[test]
fn valid_encoding_but_class_count_does_not_match_the_weights() {
    let s = Scratch::new("inconsistent");
    let mut model = tiny_model(&s);
    model.heads[0].classes.push("cyber".into());
    let bad = s.write("classes.sitrep", model_file::encode(&model).expect("encodes"));
    assert_error_is(
        &classify_with(&s, &bad),
        "sitrep-classify",
        &format!(
            "{} is corrupt: target `topic` lists 4 classes but its classifier has 3",
            bad.display()
        ),
    );
}

#[test]
fn valid_encoding_but_weights_for_another_vocabulary() {
    let s = Scratch::new("shape");
    let mut model = tiny_model(&s);
    let w = &model.heads[0].classifier.weights;
    let (rows, cols) = (w.nrows(), w.ncols());
    model.heads[0].classifier.weights = ndarray::Array2::zeros((rows + 1, cols));
    let bad = s.write("shape.sitrep", model_file::encode(&model).expect("encodes"));
    assert_error_is(
        &classify_with(&s, &bad),
        "sitrep-classify",
        &format!(
            "{} is corrupt: target `topic` has weights for {} features, the vectorizer makes {rows}",
            bad.display(),
            rows + 1
        ),
    );
}

#[test]
fn valid_encoding_but_damaged_parts() {
    let s = Scratch::new("parts");
    let good = tiny_model(&s);
    type Damage = fn(&mut Model);
    let cases: [(Damage, &str); 7] = [
        (
            |m| m.heads[0].classifier.weights[[0, 0]] = f64::NAN,
            "target `topic`: weights contain a non-finite value",
        ),
        (
            |m| {
                m.vectorizer.tfidf.idf.pop();
            },
            "IDF has",
        ),
        (|m| m.heads.clear(), "the model has no targets"),
        (
            |m| m.vectorizer.config.word_ngrams = (3, 1),
            "the feature settings are invalid",
        ),
        (
            |m| m.vectorizer.config.hashing_bits = Some(12),
            "the feature columns do not match the feature settings",
        ),
        (
            |m| m.vectorizer.config.language = sitrep::features::Language::French,
            "the feature settings are invalid",
        ),
        (
            |m| m.heads[0].classifier.bias = ndarray::Array1::zeros(7),
            "target `topic`: bias has 7 entries for 3 outputs",
        ),
    ];
    for (i, (damage, expected)) in cases.iter().enumerate() {
        let mut m = good.clone();
        damage(&mut m);
        let path = s.write(
            &format!("bad{i}.sitrep"),
            model_file::encode(&m).expect("encodes"),
        );
        assert_clean_error(
            &classify_with(&s, &path),
            "sitrep-classify",
            &format!("{} is corrupt: {expected}", path.display()),
        );
    }
}

#[test]
fn a_huge_hashing_width_is_refused_before_it_is_used() {
    let s = Scratch::new("bits");
    let mut model = tiny_model(&s);
    model.vectorizer.config.hashing_bits = Some(200);
    model.vectorizer.columns = sitrep::features::Columns::Hashing { bits: 200 };
    let e = model_file::decode(Path::new("m"), &model_file::encode(&model).expect("encodes"))
        .unwrap_err()
        .to_string();
    assert_eq!(e, "m is corrupt: the feature settings are invalid");
}

#[test]
fn a_payload_that_is_not_a_model() {
    let s = Scratch::new("garbage");
    let bad = s.write(
        "garbage.sitrep",
        file_with_payload(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"),
    );
    let o = classify_with(&s, &bad);
    assert_clean_error(
        &o,
        "sitrep-classify",
        &format!("{} is corrupt: the model data cannot be decoded (", bad.display()),
    );
}

/// A model trained by a sitrep that read text differently (an older analysis version)
/// still classifies, with one warning that says so and what to do.
#[test]
fn a_model_of_another_text_analysis_classifies_with_a_warning() {
    let s = Scratch::new("analysis");
    let current = train_tiny(&s);
    let mut model = tiny_model(&s);
    model.vectorizer.config.analysis = sitrep::features::ANALYSIS_VERSION - 1;
    let older = s.write("older.sitrep", model_file::encode(&model).expect("encodes"));

    let o = classify_with(&s, &older);
    assert!(o.status.success(), "{}", stderr(&o));
    let twin = classify_with(&s, &current);
    // one warning more than its current-version twin gets, first
    let err = stderr(&o);
    let (first, rest) = err.split_once('\n').unwrap_or((&err, ""));
    assert_eq!(rest, stderr(&twin));
    assert!(
        first.starts_with(&format!(
            "sitrep-classify: warning: {} was trained with text analysis version {}, and this sitrep analyses text with version {}",
            older.display(),
            sitrep::features::ANALYSIS_VERSION - 1,
            sitrep::features::ANALYSIS_VERSION
        )),
        "{err}"
    );
    assert!(
        first.ends_with("retrain it with this sitrep to remove the difference"),
        "{err}"
    );
    assert!(!stderr(&twin).contains("text analysis"));
    // the same predictions as the twin: only the note differs
    assert_eq!(stdout(&o), stdout(&twin));
}
