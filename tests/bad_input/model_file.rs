//! A model file that is truncated, altered, not a model or missing, met by sitrep-classify.

use super::*;

#[test]
fn truncated_model_file() {
    let s = Scratch::new("truncated");
    let model = train_tiny(&s);
    let bytes = std::fs::read(&model).expect("model");
    let cut = s.write("cut.sitrep", &bytes[..bytes.len() / 2]);
    assert_clean_error(
        &classify_with(&s, &cut),
        "sitrep-classify",
        "cut.sitrep is truncated",
    );
}

#[test]
fn altered_model_file() {
    let s = Scratch::new("altered");
    let model = train_tiny(&s);
    let mut bytes = std::fs::read(&model).expect("model");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    let bad = s.write("flipped.sitrep", &bytes);
    assert_clean_error(
        &classify_with(&s, &bad),
        "sitrep-classify",
        "flipped.sitrep is corrupt: its checksum does not match",
    );
}

#[test]
fn a_file_that_is_not_a_model() {
    let s = Scratch::new("notmodel");
    let bad = s.write("notes.sitrep", b"hello, world");
    assert_clean_error(
        &classify_with(&s, &bad),
        "sitrep-classify",
        "notes.sitrep is not a sitrep model file",
    );
}

#[test]
fn a_model_file_that_does_not_exist() {
    let s = Scratch::new("nomodel");
    assert_clean_error(
        &classify_with(&s, &s.path("gone.sitrep")),
        "sitrep-classify",
        "cannot read model file",
    );
}
