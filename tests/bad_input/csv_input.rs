//! CSV input to classify and evaluate: empty, header only, missing or duplicate columns,
//! ragged rows, open quotes, text after a closing quote, bad UTF-8 (and `--lossy`), NUL bytes, huge fields and lines,
//! byte order marks, and labels that are unseen or missing (line ends: `line_ends.rs`).

use super::*;

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
            "{}: no column named `title` or `text` in the header (the columns are: `headline`, `body`); the model was trained on text in those columns, so name the one with the articles' text with --text-column",
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
    // the row before is classified too: words the model knows keep stderr to the error
    let input = s.write("in.csv", "title,text\nA,Rebels shelled the town\nC\n");
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
        "title,text\nA,\"Rebels \"\"shelled\"\" the town\"\nB,\"never closed\nC,more\n",
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
fn text_after_a_closing_quote_is_an_error_after_the_rows_before_it() {
    // the csv crate reads `"abc" x` as the field `abc x`; an undoubled quote is the usual cause
    let s = Scratch::new("afterquote");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        "id,text\n1,\"Rebels shelled the town\"\n2,\"abc\" x\n3,Talks resumed\n",
    );
    let expected = format!(
        "{}:3: column 2 (`text`) has text after its closing quote; expected a comma or the end of the line after a closing `\"` (a quote inside a quoted field is written twice: `\"\"`)",
        input.display()
    );
    let o = classify_csv_input(&s, &model, &input, &[]);
    assert_error_is(&o, "sitrep-classify", &expected);
    // the row before it is classified and written, as for any input that goes bad part way
    let rows = csv_rows(&o.stdout);
    assert_eq!(rows.len(), 2, "header and row 1");
    assert_eq!(rows[1][0], b"1");
    let o = classify_csv_input(&s, &model, &input, &["--format", "jsonl"]);
    assert_error_is(&o, "sitrep-classify", &expected);
    assert_eq!(stdout(&o).lines().count(), 1);
    let o = train_on(&s, "train.csv", b"text,topic\nok,a\n\"fine\" ,b\n");
    assert_clean_error(
        &o,
        "sitrep-train",
        &format!(
            "{}:3: column 1 (`text`) has text after its closing quote",
            s.path("train.csv").display()
        ),
    );
}

#[test]
fn invalid_utf8_in_classify_input_names_line_and_column() {
    let s = Scratch::new("utf8classify");
    let model = train_tiny(&s);
    let input = s.write(
        "in.csv",
        b"title,text\nA,Rebels shelled the town\nB,Caf\xe9 bombed\n",
    );
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
