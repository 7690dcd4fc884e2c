use super::*;

#[test]
fn excerpts_are_single_line_and_bounded() {
    assert_eq!(excerpt("a\n b", 10), "a b");
    assert_eq!(excerpt("abcdefghijkl", 8), "abcde...");
}

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sitrep-data-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn read(name: &str, bytes: &[u8]) -> Result<LabeledData, DataError> {
    read_labeled(
        &write(name, bytes),
        &["title".into(), "text".into()],
        &["topic".into()],
    )
}

#[test]
fn reads_quoted_fields_and_joins_text_columns() {
    let d = read("ok.csv", b"title,text,topic\nHead,\"Body, with \"\"quotes\"\"\nand a newline\",offensive\n,Only body,diplomacy\n").expect("reads");
    assert_eq!(d.texts[0], "Head\nBody, with \"quotes\"\nand a newline");
    assert_eq!(d.texts[1], "Only body");
    assert_eq!(d.labels[0], ["offensive", "diplomacy"]);
    assert_eq!(d.lines, [2, 4]);
}

#[test]
fn problems_name_file_line_and_column() {
    let e = read("ragged.csv", b"title,text,topic\na,b,c\na,b\n")
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("ragged.csv:3: expected 3 fields like the header, found 2 (check quoting and commas on this line)"), "{e}");
    let e = read("missing.csv", b"title,body,topic\na,b,c\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no column named `text` in the header (the columns are: `title`, `body`, `topic`)"),
        "{e}"
    );
    let e = read("utf8.csv", b"title,text,topic\na,b\xff\xfe,c\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("utf8.csv:2: column 2 (`text`) is not valid UTF-8 (at byte 1 of the field)"),
        "{e}"
    );
    let e = read("emptytext.csv", b"title,text,topic\n, ,c\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("emptytext.csv:2: column 1 (`title`) is empty; every row needs text (a labeled row without it can be neither learned from nor scored)"),
        "{e}"
    );
    let e = read("emptylabel.csv", b"title,text,topic\na,b,\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("emptylabel.csv:2: column 3 (`topic`) is empty; every row needs a label"),
        "{e}"
    );
    let e = read("empty.csv", b"").unwrap_err().to_string();
    assert!(e.contains("is empty: expected a header line"), "{e}");
    let e = read("header.csv", b"title,text,topic\n").unwrap_err().to_string();
    assert!(e.contains("has a header but no data rows"), "{e}");
    let e = read_labeled_where(
        &write("f.csv", b"title,text,topic\na,b,c\n"),
        &["text".into()],
        &["topic".into()],
        Some(&"split=x".parse().expect("filter")),
        Utf8Mode::Strict,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("no column named `split`"), "{e}");
    let e = read("dup.csv", b"title,text,text,topic\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("column `text` appears more than once"), "{e}");
}

#[test]
fn filters_keep_matching_rows_only() {
    let p = write("split.csv", b"text,topic,split\na,x,train\nb,y,test\nc,z,train\n");
    let d = read_labeled_where(
        &p,
        &["text".into()],
        &["topic".into()],
        Some(&"split=train".parse().expect("filter")),
        Utf8Mode::Strict,
    )
    .expect("reads");
    assert_eq!(d.texts, ["a", "c"]);
    assert_eq!(d.lines, [2, 4]);
    assert!("nofilter".parse::<RowFilter>().is_err());
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opened() {
    let e = read(
        "open.csv",
        b"title,text,topic\na,\"b \"\"q\"\" \nstill b\",c\nd,\"e,f\ng,h\n",
    )
    .unwrap_err()
    .to_string();
    assert!(
            e.ends_with("open.csv:4: column 2 (`text`) opens a quoted field that is never closed; expected a closing `\"` before the end of the file"),
            "{e}"
        );
    // a quote in the middle of an unquoted field is literal; a closed one at the very end is fine
    let d = read("literal.csv", b"title,text,topic\na,5\" gun,\"x\"").expect("reads");
    assert_eq!(d.texts, ["a\n5\" gun"]);
    assert_eq!(d.labels[0], ["x"]);
    let e = read("bom.csv", b"\xef\xbb\xbf\"title,text,topic\n")
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("bom.csv:1: column 1 opens a quoted field that is never closed; expected a closing `\"` before the end of the file"), "{e}");
    let e = read("header.csv", b"title,\"text,topic\n")
        .unwrap_err()
        .to_string();
    assert!(e.ends_with("header.csv:1: column 2 opens a quoted field that is never closed; expected a closing `\"` before the end of the file"), "{e}");
}

#[test]
fn lossy_mode_replaces_and_records_the_lines() {
    let d = read_labeled_where(
        &write("lossy.csv", b"text,topic\nok,a\nCaf\xe9,b\nx,\xff\n"),
        &["text".into()],
        &["topic".into()],
        None,
        Utf8Mode::Lossy,
    )
    .expect("reads");
    assert_eq!(d.texts, ["ok", "Caf\u{fffd}", "x"]);
    assert_eq!(d.labels[0], ["a", "b", "\u{fffd}"]);
    assert_eq!(d.replaced_lines, [3, 4]);
    assert_eq!(
        replaced_warning(Path::new("f.csv"), 2, Some(3)).as_deref(),
        Some("f.csv: replaced invalid UTF-8 with U+FFFD in 2 rows (--lossy; the first on line 3)")
    );
    assert_eq!(replaced_warning(Path::new("f.csv"), 0, None), None);
}

#[test]
fn bom_and_crlf_are_accepted() {
    let d = read("bom.csv", b"\xef\xbb\xbftitle,text,topic\r\nA,B,x\r\n").expect("reads");
    assert_eq!(d.texts, ["A\nB"]);
    assert_eq!(d.labels[0], ["x"]);
}

#[test]
fn text_fields_join_with_newlines_and_skip_blank_ones() {
    let mut text = String::from("earlier row");
    let start = text.len();
    for field in ["", "Title", "  ", "Body\nwith lines"] {
        push_text_field(&mut text, start, field);
    }
    assert_eq!(&text[start..], "Title\nBody\nwith lines");
    let mut blank = String::new();
    push_text_field(&mut blank, 0, " \t");
    assert_eq!(blank, "");
}

#[test]
fn a_filter_matching_nothing_shows_the_values_the_column_holds() {
    let mut csv = String::from("text,topic,split\n");
    for i in 0..12 {
        csv.push_str(&format!("t{i},x,\"s{i}\tx\"\n"));
    }
    let e = read_labeled_where(
        &write("many.csv", csv.as_bytes()),
        &["text".into()],
        &["topic".into()],
        Some(&"split=train".parse().expect("filter")),
        Utf8Mode::Strict,
    )
    .unwrap_err()
    .to_string();
    // eight values, a tab escaped so the message stays one readable line, then "..."
    assert!(
        e.contains("matched none of the 12 data rows of ")
            && e.ends_with("column `split` holds `s0\\tx`, `s1\\tx`, `s2\\tx`, `s3\\tx`, `s4\\tx`, `s5\\tx`, `s6\\tx`, `s7\\tx`, ... (values are compared exactly, case and spaces included)"),
        "{e}"
    );
    let e = read_labeled_where(
        &write("blank.csv", b"text,topic,split\na,x,\n"),
        &["text".into()],
        &["topic".into()],
        Some(&"split=train".parse().expect("filter")),
        Utf8Mode::Strict,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("column `split` holds an empty field ("), "{e}");
}
