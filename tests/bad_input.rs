//! Bad input gets a one-line error naming the problem and where, exit code 2, no panic.

mod common;
use common::*;

fn train_on(s: &Scratch, name: &str, bytes: &[u8]) -> std::process::Output {
    let data = s.write(name, bytes);
    run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--out",
            s.path("m.sitrep").to_str().unwrap(),
        ],
        None,
    )
}

#[test]
fn empty_file() {
    let s = Scratch::new("empty");
    assert_clean_error(
        &train_on(&s, "empty.csv", b""),
        "sitrep-train",
        "empty.csv is empty: expected a header line naming the columns",
    );
}

#[test]
fn malformed_csv_with_a_ragged_row() {
    let s = Scratch::new("ragged");
    let o = train_on(&s, "ragged.csv", b"text,topic\n\"a, b\",x\nc,y,z\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "ragged.csv:3: expected 2 fields like the header, found 3",
    );
}

#[test]
fn missing_column() {
    let s = Scratch::new("missing");
    let o = train_on(&s, "nolabel.csv", b"text,label\na,b\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "no column named `topic` in the header (the columns are: `text`, `label`)",
    );
}

#[test]
fn invalid_utf8() {
    let s = Scratch::new("utf8");
    let o = train_on(&s, "latin1.csv", b"text,topic\nok,a\nCaf\xe9 attacked,b\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        "latin1.csv:3: column 1 (`text`) is not valid UTF-8",
    );
}

#[test]
fn a_target_with_one_class() {
    let s = Scratch::new("oneclass");
    let o = train_on(&s, "one.csv", b"text,topic\na b,x\nc d,x\n");
    assert_clean_error(&o, "sitrep-train", "target `topic` has only one class (`x`)");
}

#[test]
fn output_folder_that_does_not_exist_fails_before_training() {
    let s = Scratch::new("outdir");
    let data = s.write("d.csv", tiny_corpus());
    let o = run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--out",
            "no/such/dir/m.sitrep",
        ],
        None,
    );
    assert_clean_error(&o, "sitrep-train", "cannot write model file no/such/dir/m.sitrep");
}

fn classify_with(s: &Scratch, model: &std::path::Path) -> std::process::Output {
    run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "Talks resumed"],
        None,
    )
}

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

#[test]
fn eval_data_with_invalid_utf8_and_missing_columns() {
    let s = Scratch::new("evalbad");
    let model = train_tiny(&s);
    let data = s.write(
        "t.csv",
        b"title,text,topic\nA,ok,offensive\nB,bad \xff byte,diplomacy\n",
    );
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
        ],
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "t.csv:3: column 2 (`text`) is not valid UTF-8");
    let data = s.write("u.csv", b"body,topic\nA,offensive\n");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
        ],
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "no column named `title`");
}
