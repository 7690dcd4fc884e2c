//! Bad input gets a one-line error naming the problem and where, exit code 2, no panic.
//! The bad-input matrix of issue 6, one test per item (model files: tests/model_files.rs).

mod common;
use common::*;

use std::path::{Path, PathBuf};

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
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}: target `topic` has only one class (`x`) in the data; a classifier needs at least two",
            s.path("one.csv").display()
        ),
    );
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

fn classify_with(s: &Scratch, model: &Path) -> std::process::Output {
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

fn classify_csv_input(s: &Scratch, model: &Path, input: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--model",
        model.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run("sitrep-classify", &s.dir, &args, None)
}

fn eval_on(s: &Scratch, model: &Path, data: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--model",
        model.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
    ];
    args.extend_from_slice(extra);
    run("sitrep-eval", &s.dir, &args, None)
}

/// Parses CSV output into rows of fields (bytes, as the input's encoding is kept).
fn csv_rows(out: &[u8]) -> Vec<Vec<Vec<u8>>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out)
        .byte_records()
        .map(|r| {
            r.expect("our CSV output parses")
                .iter()
                .map(<[u8]>::to_vec)
                .collect()
        })
        .collect()
}

#[test]
fn empty_file_for_classify_and_eval() {
    let s = Scratch::new("empty2");
    let model = train_tiny(&s);
    let empty = s.write("empty.csv", b"");
    let message = format!(
        "{} is empty: expected a header line naming the columns",
        empty.display()
    );
    assert_error_is(
        &classify_csv_input(&s, &model, &empty, &[]),
        "sitrep-classify",
        &message,
    );
    assert_error_is(&eval_on(&s, &model, &empty, &[]), "sitrep-eval", &message);
}

#[test]
fn header_only() {
    let s = Scratch::new("headeronly");
    let o = train_on(&s, "header.csv", b"text,topic\n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!("{} has a header but no data rows", s.path("header.csv").display()),
    );
    // classify streams: a header alone gives a header alone, predictions columns included
    let model = train_tiny(&s);
    let input = s.write("in.csv", "title,text\r\n");
    let out = assert_ok(&classify_csv_input(&s, &model, &input, &[]));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("title,text,topic,topic_probability,"), "{out}");
}

#[test]
fn missing_text_column() {
    let s = Scratch::new("missingtext");
    let o = train_on(&s, "notext.csv", b"body,topic\na,b\n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}: no column named `text` in the header (the columns are: `body`, `topic`)",
            s.path("notext.csv").display()
        ),
    );
    let model = train_tiny(&s);
    let input = s.write("in.csv", "headline,body\nA,B\n");
    assert_error_is(
        &classify_csv_input(&s, &model, &input, &[]),
        "sitrep-classify",
        &format!(
            "{}: no column named `title` or `text` in the header (the columns are: `headline`, `body`)",
            input.display()
        ),
    );
}

#[test]
fn duplicate_header_names() {
    let s = Scratch::new("duplicate");
    let o = train_on(&s, "dup.csv", b"text,topic,text\na,b,c\n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}:1: column `text` appears more than once in the header; column names must be unique",
            s.path("dup.csv").display()
        ),
    );
}

#[test]
fn ragged_rows_in_classify_input() {
    let s = Scratch::new("ragged2");
    let model = train_tiny(&s);
    let input = s.write("in.csv", "title,text\nA,B\nC\n");
    let o = classify_csv_input(&s, &model, &input, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(
        err,
        format!(
            "sitrep-classify: error: {}:3: expected 2 fields like the header, found 1 (check quoting and commas on this line)\n",
            input.display()
        )
    );
}

#[test]
fn unbalanced_quotes_name_the_line_where_the_quote_opened() {
    let s = Scratch::new("quotes");
    // the csv crate alone would take `b\nc,d\n` as the rest of one label and train on it
    let o = train_on(&s, "open.csv", b"text,topic\nok,a\nfine,\"b\nc,d\n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}:3: column 2 (`topic`) opens a quoted field that is never closed; expected a closing `\"` before the end of the file",
            s.path("open.csv").display()
        ),
    );
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "title,text\nA,\"closed \"\"quote\"\" here\"\nB,\"never closed\nC,more\n",
    );
    let o = classify_csv_input(&s, &model, &input, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-classify: error: {}:3: column 2 (`text`) opens a quoted field that is never closed; expected a closing `\"` before the end of the file\n",
            input.display()
        )
    );
    // the same file through the table path (reads everything first)
    let o = classify_csv_input(&s, &model, &input, &["--format", "table"]);
    assert!(
        stderr(&o).contains(":3: column 2 (`text`) opens a quoted field"),
        "{}",
        stderr(&o)
    );
    // a quote inside an unquoted field is a literal quote, as in the csv crate
    let literal = s.write("literal.csv", "title,text\nA,5\" guns fired\n");
    let out = assert_ok(&classify_csv_input(&s, &model, &literal, &[]));
    assert!(out.contains("A,\"5\"\" guns fired\""), "{out}");
}

#[test]
fn invalid_utf8_in_classify_input_names_line_and_column() {
    let s = Scratch::new("utf8classify");
    let model = train_tiny(&s);
    let input = s.write("in.csv", b"title,text\nA,ok\nB,Caf\xe9 bombed\n");
    assert_error_is(
        &classify_csv_input(&s, &model, &input, &[]),
        "sitrep-classify",
        &format!(
            "{}:3: column 2 (`text`) is not valid UTF-8 (at byte 3 of the field); convert the file to UTF-8",
            input.display()
        ),
    );
}

#[test]
fn lossy_replaces_invalid_utf8_and_counts_rows() {
    let s = Scratch::new("lossy");
    let data = s.write(
        "latin1.csv",
        b"text,topic\nRebels shelled the town,a\nCaf\xe9 bombed,b\nTalks resumed in Gen\xe8ve,a\nRebels attacked,b\n",
    );
    let model = s.path("m.sitrep");
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
            "--holdout",
            "0",
            "--quiet",
            "--lossy",
            "--out",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-train: warning: {}: replaced invalid UTF-8 with U+FFFD in 2 rows (--lossy; the first on line 3)\n",
            data.display()
        )
    );

    let input = s.write("in.csv", b"id,text\n1,ok\n2,Caf\xe9 bombed\n");
    // a two-row toy model knows none of "ok": --min-coverage 0 keeps that out of stderr
    let o = classify_csv_input(
        &s,
        &model,
        &input,
        &["--text-column", "text", "--lossy", "--min-coverage", "0"],
    );
    let out = o.stdout.clone();
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-classify: warning: {}: replaced invalid UTF-8 with U+FFFD in 1 row (--lossy; the first on line 3)\n",
            input.display()
        )
    );
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 3);
    // input columns are copied byte for byte; only the text the model reads is replaced
    assert_eq!(rows[2][1], b"Caf\xe9 bombed");

    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--lossy",
            "--format",
            "jsonl",
            "--min-coverage",
            "0",
        ],
        Some(b"fine\nbad \xff byte\n"),
    );
    let out = assert_ok(&o);
    assert!(out.contains("bad \u{fffd} byte"), "{out}");
    assert_eq!(
        stderr(&o),
        "sitrep-classify: warning: <stdin>: replaced invalid UTF-8 with U+FFFD in 1 article (--lossy; the first is line 2)\n"
    );

    let test = s.write("test.csv", b"text,topic\nCaf\xe9,a\nRebels,b\n");
    let o = eval_on(&s, &model, &test, &["--lossy"]);
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-eval: warning: {}: replaced invalid UTF-8 with U+FFFD in 1 row (--lossy; the first on line 2)\n",
            test.display()
        )
    );
    // without --lossy the same file is an error
    assert_error_is(
        &eval_on(&s, &model, &test, &[]),
        "sitrep-eval",
        &format!(
            "{}:2: column 1 (`text`) is not valid UTF-8 (at byte 3 of the field); convert the file to UTF-8",
            test.display()
        ),
    );
}

#[test]
fn nul_bytes_are_text_like_any_other() {
    let s = Scratch::new("nul");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        b"title,text\nA,Rebels\x00shelled the town\n\x00,\x00\x00\n",
    );
    let o = classify_csv_input(&s, &model, &input, &[]);
    assert_ok(&o);
    let rows = csv_rows(&o.stdout);
    // NUL is not whitespace: the second row is text with no words, classified on none
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2][0], b"\x00");
    assert_eq!(rows[1][1], b"Rebels\x00shelled the town");
    assert_eq!(rows[1][2], b"offensive");
    let o = train_on(
        &s,
        "nul.csv",
        b"text,topic\nRebels\x00shelled,a\nTalks\x00resumed,b\nRebels fired,a\nTalks held,b\n",
    );
    assert_ok(&o);
}

#[test]
fn a_50_mb_field() {
    let s = Scratch::new("bigfield");
    let model = train_tiny(&s);
    let word = "Rebels shelled the town overnight killing civilians ";
    let text = word.repeat(50_000_000 / word.len() + 1);
    let input = s.write("big.csv", format!("id,text\n1,\"{text}\"\n2,Talks resumed\n"));
    let o = classify_csv_input(&s, &model, &input, &[]);
    assert_ok(&o);
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][1].len(), text.len());
    assert_eq!(rows[1][2], b"offensive");
}

#[test]
fn lines_of_a_million_characters() {
    let s = Scratch::new("longline");
    let model = train_tiny(&s);
    // multi-byte characters, no spaces: one enormous token, then a normal line
    let line = "é".repeat(1_000_000);
    let o = run(
        "sitrep-classify",
        &s.dir,
        &["--model", model.to_str().unwrap(), "--format", "jsonl"],
        Some(format!("{line}\nTalks resumed in Geneva\n").as_bytes()),
    );
    let out = assert_ok(&o);
    assert_eq!(out.lines().count(), 2);
    let input = s.write("long.csv", format!("title,text\n{line},{line}\n"));
    let o = classify_csv_input(&s, &model, &input, &[]);
    assert_ok(&o);
    assert_eq!(csv_rows(&o.stdout).len(), 2);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_column_name() {
    let s = Scratch::new("bom");
    let o = train_on(
        &s,
        "bom.csv",
        b"\xef\xbb\xbftext,topic\nRebels shelled,a\nTalks held,b\nRebels fired,a\nTalks resumed,b\n",
    );
    assert_ok(&o);
    let model = train_tiny(&s);
    let input = s.write("bom.csv", b"\xef\xbb\xbftitle,text\nA,Rebels shelled the town\n");
    let out = assert_ok(&classify_csv_input(&s, &model, &input, &[]));
    assert!(out.starts_with("title,text,topic,"), "{out}");
}

#[test]
fn crlf_line_ends() {
    let s = Scratch::new("crlf");
    let data = s.write(
        "crlf.csv",
        "text,topic\r\nRebels shelled,a\r\nTalks held,b\r\nRebels fired,a\r\nTalks resumed,b\r\n",
    );
    let model = s.path("m.sitrep");
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
            "--holdout",
            "0",
            "--out",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&o);
    // the labels carry no `\r`
    let o = run(
        "sitrep-classify",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--format",
            "csv",
            "Rebels shelled",
        ],
        None,
    );
    let out = assert_ok(&o);
    assert!(
        out.starts_with("id,text,topic,topic_probability,topic_p_a,topic_p_b,coverage,uncertain_reason\r\n")
            || out.starts_with(
                "id,text,topic,topic_probability,topic_p_a,topic_p_b,coverage,uncertain_reason\n"
            ),
        "{out}"
    );
    let input = s.write("in.csv", "text\r\nRebels shelled\r\n");
    let o = classify_csv_input(&s, &model, &input, &[]);
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows[1][0], b"Rebels shelled");
}

#[test]
fn labels_unseen_in_training_at_eval_time() {
    let s = Scratch::new("unseen2");
    let model = train_tiny(&s);
    let data = s.write(
        "test.csv",
        "title,text,topic\nA,Rebels shelled the town,offensive\nB,Hackers attacked a bank,cyber\nC,Hackers again,cyber\n",
    );
    let o = eval_on(&s, &model, &data, &[]);
    assert_ok(&o);
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-eval: warning: {}:3: target `topic` has label `cyber`, which the model never saw in training; it is scored as a class the model cannot predict\n",
            data.display()
        )
    );
}

#[test]
fn a_label_column_with_empty_values() {
    let s = Scratch::new("emptylabel");
    let o = train_on(&s, "gaps.csv", b"text,topic\nRebels shelled,a\nTalks held, \n");
    assert_error_is(
        &o,
        "sitrep-train",
        &format!(
            "{}:3: column 2 (`topic`) is empty; every row needs a label",
            s.path("gaps.csv").display()
        ),
    );
}

#[test]
fn non_existent_or_unreadable_input() {
    let s = Scratch::new("unreadable");
    let gone = s.path("gone.csv");
    assert_error_is(
        &train_on_path(&s, &gone),
        "sitrep-train",
        &format!(
            "cannot read {}: No such file or directory (os error 2)",
            gone.display()
        ),
    );
    // a folder opens but cannot be read as a file (this works as root, unlike chmod 000)
    let dir = s.path("folder.csv");
    std::fs::create_dir(&dir).expect("mkdir");
    assert_error_is(
        &train_on_path(&s, &dir),
        "sitrep-train",
        &format!("cannot read {}: Is a directory (os error 21)", dir.display()),
    );
    let model = train_tiny(&s);
    assert_error_is(
        &classify_csv_input(&s, &model, &gone, &[]),
        "sitrep-classify",
        &format!(
            "cannot read {}: No such file or directory (os error 2)",
            gone.display()
        ),
    );
    assert_error_is(
        &eval_on(&s, &model, &gone, &[]),
        "sitrep-eval",
        &format!(
            "cannot read {}: No such file or directory (os error 2)",
            gone.display()
        ),
    );
    let locked = s.write("locked.csv", "text,topic\na,b\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_err() {
        // not root: permissions apply
        assert_error_is(
            &train_on_path(&s, &locked),
            "sitrep-train",
            &format!(
                "cannot read {}: Permission denied (os error 13)",
                locked.display()
            ),
        );
    }
}

fn train_on_path(s: &Scratch, data: &Path) -> std::process::Output {
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
fn an_output_path_that_is_a_folder_or_a_device() {
    let s = Scratch::new("outfolder");
    let data = s.write("d.csv", tiny_corpus());
    for out in [s.dir.clone(), PathBuf::from("/dev/null")] {
        let o = run(
            "sitrep-train",
            &s.dir,
            &[
                "--data",
                data.to_str().unwrap(),
                "--target",
                "topic",
                "--out",
                out.to_str().unwrap(),
            ],
            None,
        );
        assert_error_is(
            &o,
            "sitrep-train",
            &format!(
                "cannot write model file {}: it exists and is not a regular file; expected a file path to replace",
                out.display()
            ),
        );
    }
}

#[test]
fn writing_to_a_full_disk() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: no /dev/full here");
        return;
    }
    let s = Scratch::new("full");
    let model = train_tiny(&s);
    let m = model.to_str().unwrap();
    let input = s.write("in.csv", "title,text\nA,Rebels shelled the town\n");
    let data = s.write("d.csv", tiny_corpus());
    let expected = "cannot write output: No space left on device (os error 28)";
    for args in [
        vec!["--model", m, "Rebels shelled the town"],
        vec!["--model", m, "--input", input.to_str().unwrap()],
        vec!["--model", m, "--show-model"],
    ] {
        assert_error_is(
            &run_to("sitrep-classify", &s.dir, &args, full),
            "sitrep-classify",
            expected,
        );
    }
    let o = run_to(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            m,
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
        ],
        full,
    );
    assert_error_is(&o, "sitrep-eval", expected);
    let o = run_to(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--min-df",
            "1",
            "--out",
            s.path("new.sitrep").to_str().unwrap(),
        ],
        full,
    );
    assert_error_is(&o, "sitrep-train", expected);
}

#[test]
fn a_closed_pipe_exits_quietly_with_status_0() {
    let s = Scratch::new("pipe2");
    let model = train_tiny(&s);
    let rows: String = (0..30_000)
        .map(|i| format!("{i},Rebels shelled village number {i} overnight\n"))
        .collect();
    s.write("many.csv", format!("id,text\n{rows}"));
    s.write("many.txt", rows.replace(',', " "));
    let classify = bin("sitrep-classify");
    let c = classify.display();
    let m = model.display();
    for pipeline in [
        format!("{c} --model {m} --input many.csv | head -1"),
        format!("{c} --model {m} --input many.csv --format table | head -1"),
        format!("{c} --model {m} --format jsonl < many.txt | head -1"),
        format!("{c} --model {m} --show-model | head -1"),
    ] {
        let (status, err) = run_pipeline(&s.dir, &pipeline);
        assert_eq!((status, err.as_str()), (0, ""), "{pipeline}");
    }
}

#[test]
fn bad_arguments_are_one_error_line_too() {
    let s = Scratch::new("args");
    let o = run("sitrep-train", &s.dir, &["--data", "x.csv"], None);
    assert_error_is(
        &o,
        "sitrep-train",
        "the following required arguments were not provided: --target <SPEC> --out <FILE> (see sitrep-train --help)",
    );
    let o = run("sitrep-classify", &s.dir, &["--format", "xml", "x"], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        "invalid value 'xml' for '--format <FORMAT>': unknown format `xml`; choose table, json, jsonl or csv (see sitrep-classify --help)",
    );
    let o = run("sitrep-eval", &s.dir, &["--help"], None);
    assert!(assert_ok(&o).contains("Usage: sitrep-eval"));
}

#[test]
fn empty_articles_are_reported_in_every_output_path() {
    let s = Scratch::new("emptyarticles");
    let model = train_tiny(&s);
    // a text file with nothing in it: classified on no words, but said so, and exit 1
    let blank = s.write("blank.txt", b"  \n");
    let o = classify_csv_input(&s, &model, &blank, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("blank.txt is empty; classified on no words at all"),
        "{}",
        stderr(&o)
    );
    // CSV rows with empty text in the formats that are not CSV
    let input = s.write("rows.csv", "text\nShelling resumed overnight\n\"\"\n");
    for format in ["json", "jsonl", "table"] {
        let o = classify_csv_input(&s, &model, &input, &["--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("rows.csv: line 3 is empty; classified on no words at all"),
            "{format}: {}",
            stderr(&o)
        );
        assert!(
            !o.stdout.is_empty(),
            "{format}: the other row is still classified"
        );
    }
}

#[test]
fn endless_input_is_refused_not_held() {
    // /dev/zero never ends and has no line ends: memory must not grow without bound
    let s = Scratch::new("endless");
    let model = train_tiny(&s);
    let zero = Path::new("/dev/zero");
    if !zero.exists() {
        eprintln!("skipped: no /dev/zero here");
        return;
    }
    let o = classify_csv_input(&s, &model, zero, &[]);
    assert_error_is(
        &o,
        "sitrep-classify",
        "/dev/zero: more than 256 MB in one article; expected articles shorter than that",
    );
    let o = run(
        "sitrep-train",
        &s.dir,
        &["--data", "/dev/zero", "--target", "topic", "--out", "m.sitrep"],
        None,
    );
    assert_error_is(
        &o,
        "sitrep-train",
        "/dev/zero:1: a row runs past 256 MB without a line end; expected rows shorter than that (is this a CSV file?)",
    );
}

// sitrep-trend's rows in the matrix: every bad input is one error line with the file, line
// and column, or (with --skip-bad-rows) a counted skip; never a panic.

fn trend_on(s: &Scratch, name: &str, bytes: &[u8], extra: &[&str]) -> std::process::Output {
    let input = s.write(name, bytes);
    let mut args = vec!["--input", input.to_str().unwrap()];
    args.extend_from_slice(extra);
    run("sitrep-trend", &s.dir, &args, None)
}

#[test]
fn trend_missing_columns() {
    let s = Scratch::new("trend-missing");
    let path = s.path("in.csv");
    let o = trend_on(&s, "in.csv", b"day,country,escalation\n2025-01-01,X,1\n", &[]);
    assert_error_is(
        &o,
        "sitrep-trend",
        &format!(
            "{}: no column named `date` in the header (the columns are: `day`, `country`, `escalation`)",
            path.display()
        ),
    );
    let o = trend_on(
        &s,
        "in.csv",
        b"date,country,escalation\n2025-01-01,X,1\n",
        &["--by", "country,admin1"],
    );
    assert_clean_error(&o, "sitrep-trend", "no column named `admin1` in the header");
    let o = trend_on(&s, "in.csv", b"date,country,level\n2025-01-01,X,1\n", &[]);
    assert_clean_error(
        &o,
        "sitrep-trend",
        "no column named `predicted_escalation` or `escalation`",
    );
    let o = trend_on(
        &s,
        "in.csv",
        b"date,country,escalation\n2025-01-01,X,1\n",
        &["--topic", "offensive"],
    );
    assert_clean_error(&o, "sitrep-trend", "no column named `predicted_topic` or `topic`");
}

#[test]
fn trend_bad_dates_name_line_and_column_or_are_counted() {
    let s = Scratch::new("trend-dates");
    let bytes = b"date,country,escalation\n2025-01-01,X,1\n2025-02-30,X,2\n03/01/2025,X,2\n";
    let path = s.path("in.csv");
    assert_error_is(
        &trend_on(&s, "in.csv", bytes, &[]),
        "sitrep-trend",
        &format!(
            "{}:3: column 1 (`date`) holds `2025-02-30`, which is not a date: 2025-02 has no day 30; expected ISO 8601 like 2025-03-14 or 2025-03-14T08:30:00Z (or pass --skip-bad-rows to count and skip such rows)",
            path.display()
        ),
    );
    let o = trend_on(&s, "in.csv", bytes, &["--skip-bad-rows"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-trend: warning: {}: skipped 2 rows (--skip-bad-rows): 2 with a bad date (the first on line 3)\n",
            path.display()
        )
    );
    // a date a thousand years off is refused before it costs memory
    let o = trend_on(
        &s,
        "far.csv",
        b"date,country,escalation\n2025-01-01,X,1\n1025-01-01,Y,1\n",
        &[],
    );
    assert_clean_error(
        &o,
        "sitrep-trend",
        "the dates run from 1025-01-01 (line 3) to 2025-01-01 (line 2), more than 100 years",
    );
}

#[test]
fn trend_empty_input_and_header_only() {
    let s = Scratch::new("trend-empty");
    let empty = s.path("empty.csv");
    assert_error_is(
        &trend_on(&s, "empty.csv", b"", &[]),
        "sitrep-trend",
        &format!(
            "{} is empty: expected a header line naming the columns",
            empty.display()
        ),
    );
    let header = s.path("header.csv");
    assert_error_is(
        &trend_on(&s, "header.csv", b"date,country,escalation\r\n", &[]),
        "sitrep-trend",
        &format!("{} has no rows to count", header.display()),
    );
    let o = trend_on(
        &s,
        "skipped.csv",
        b"date,country,escalation\nnever,X,1\n",
        &["--skip-bad-rows"],
    );
    assert_clean_error(
        &o,
        "sitrep-trend",
        "skipped.csv has no rows to count: all 1 rows were left out (1 skipped as bad",
    );
    let o = run("sitrep-trend", &s.dir, &["--input", "gone.csv"], None);
    assert_error_is(
        &o,
        "sitrep-trend",
        "cannot read gone.csv: No such file or directory (os error 2)",
    );
}

#[test]
fn trend_a_place_column_empty_on_some_rows() {
    let s = Scratch::new("trend-place");
    let bytes = b"date,country,escalation\n2025-01-01,X,1\n2025-01-02,,2\n2025-01-03,  ,2\n";
    let path = s.path("in.csv");
    assert_error_is(
        &trend_on(&s, "in.csv", bytes, &[]),
        "sitrep-trend",
        &format!(
            "{}:3: column 2 (`country`) is empty; every row needs a place to count it under (or pass --skip-bad-rows to count and skip such rows)",
            path.display()
        ),
    );
    let o = trend_on(&s, "in.csv", bytes, &["--skip-bad-rows", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("skipped 2 rows (--skip-bad-rows): 2 with an empty place (the first on line 3)")
    );
    let (_, rows) = csv_output(&o);
    assert_eq!(rows.len(), 1);
    assert_eq!((&rows[0][0], &rows[0][3]), ("X", "1"));
}

#[test]
fn trend_non_numeric_levels_and_probabilities() {
    let s = Scratch::new("trend-levels");
    let path = s.path("in.csv");
    for (level, problem) in [
        (
            "high",
            "holds `high`, which is not an escalation level; expected 0, 1, 2 or 3",
        ),
        (
            "4",
            "holds `4`, which is not an escalation level; expected 0, 1, 2 or 3",
        ),
        ("", "is empty; every row needs an escalation level (0 to 3)"),
    ] {
        let bytes = format!("date,country,escalation\n2025-01-01,X,1\n2025-01-02,X,{level}\n");
        assert_error_is(
            &trend_on(&s, "in.csv", bytes.as_bytes(), &[]),
            "sitrep-trend",
            &format!(
                "{}:3: column 3 (`escalation`) {problem} (or pass --skip-bad-rows to count and skip such rows)",
                path.display()
            ),
        );
    }
    let bytes =
        b"date,country,escalation,escalation_probability\n2025-01-01,X,1,0.9\n2025-01-02,X,2,likely\n";
    assert_clean_error(
        &trend_on(&s, "in.csv", bytes, &[]),
        "sitrep-trend",
        ":3: column 4 (`escalation_probability`) holds `likely`, which is not a probability between 0 and 1",
    );
    // invalid UTF-8 in the place column
    let o = trend_on(
        &s,
        "in.csv",
        b"date,country,escalation\n2025-01-01,Caf\xe9,1\n",
        &[],
    );
    assert_clean_error(
        &o,
        "sitrep-trend",
        "in.csv:2: column 2 (`country`) is not valid UTF-8",
    );
    let o = trend_on(
        &s,
        "in.csv",
        b"date,country,escalation\n2025-01-01,\"open,1\n",
        &[],
    );
    assert_clean_error(
        &o,
        "sitrep-trend",
        "in.csv:2: column 2 (`country`) opens a quoted field that is never closed",
    );
}

#[test]
fn trend_bad_settings_fail_before_reading() {
    let s = Scratch::new("trend-settings");
    let input = "never-read.csv";
    for (args, message) in [
        (
            vec!["--period", "month"],
            "invalid value 'month' for '--period <PERIOD>': unknown period `month`; choose week or day (see sitrep-trend --help)",
        ),
        (vec!["--cusum-shift", "1"], "invalid setting: CUSUM shift is 1; expected a factor above 1 (and at most 100)"),
        (
            vec!["--alert-p", "0.1"],
            "invalid setting: alert and warning probabilities are 0.1 and 0.05; expected 0 < alert ≤ warning ≤ 0.5",
        ),
        (vec!["--since", "soon"], "invalid setting: --since `soon` is not a date: expected 4 digits of the year at character 1"),
        (vec!["--model", "m.sitrep"], "the following required arguments were not provided: --classify (see sitrep-trend --help)"),
    ] {
        let mut all = vec!["--input", input];
        all.extend(args);
        assert_error_is(&run("sitrep-trend", &s.dir, &all, None), "sitrep-trend", message);
    }
}

#[test]
fn trend_classify_with_a_model_without_an_escalation_target() {
    let s = Scratch::new("trend-model");
    let data = s.write("d.csv", tiny_corpus());
    let model = s.path("topic.sitrep");
    let o = run(
        "sitrep-train",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--text-column",
            "text",
            "--target",
            "topic",
            "--min-df",
            "1",
            "--quiet",
            "--out",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&o);
    let raw = s.write(
        "raw.csv",
        "date,country,text\n2025-01-01,X,Rebels shelled the town\n",
    );
    let o = run(
        "sitrep-trend",
        &s.dir,
        &[
            "--input",
            raw.to_str().unwrap(),
            "--classify",
            "--model",
            model.to_str().unwrap(),
        ],
        None,
    );
    assert_error_is(
        &o,
        "sitrep-trend",
        "the model has no `escalation` target to take escalation levels from (its targets are: `topic`)",
    );
}
