//! sitrep-classify's inputs other than CSV: a folder (what it reads, and what it skips and
//! says so), lines on standard input (blank ones included), a byte-order mark, empty articles
//! in every input and output format, and `--show-model` naming the model file it loaded.

use std::path::Path;
use std::process::Output;

use super::*;

/// Runs sitrep-classify with `model`, then `args`.
fn classify(s: &Scratch, model: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["--model", model.to_str().unwrap()];
    all.extend_from_slice(args);
    run("sitrep-classify", &s.dir, &all, stdin)
}

/// The fields a CSV output row has after its first `skip` (the input's) columns.
fn predictions(row: &csv::StringRecord, skip: usize) -> Vec<String> {
    row.iter().skip(skip).map(String::from).collect()
}

/// A way of giving input: what it is, the arguments, and standard input.
type Input<'a> = (&'a str, Vec<&'a str>, Option<&'a [u8]>);

fn mkdir(path: &Path) {
    std::fs::create_dir_all(path).expect("mkdir");
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write fixture");
}

#[test]
fn a_dangling_link_in_a_folder_is_an_error_naming_it() {
    let s = Scratch::new("folderlink");
    let model = train_tiny(&s);
    let dir = s.path("articles");
    mkdir(&dir);
    write(&dir.join("a.txt"), "Rebels shelled the town");
    let (link, gone) = (dir.join("b.txt"), s.path("gone.txt"));
    std::os::unix::fs::symlink(&gone, &link).expect("symlink");
    let o = classify(&s, &model, &["--input", dir.to_str().unwrap()], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!(
            "cannot read {}: it links to {}, which cannot be opened (No such file or directory (os error 2)); restore its target or remove the link",
            link.display(),
            gone.display()
        ),
    );
    // found before any article is read: nothing half done
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

#[test]
fn a_folder_reports_the_subfolders_and_other_files_it_skips() {
    let s = Scratch::new("foldersub");
    let model = train_tiny(&s);
    let dir = s.path("articles");
    for sub in ["2024", "old", "x.txt"] {
        mkdir(&dir.join(sub));
        write(&dir.join(sub).join("c.txt"), "Talks resumed");
    }
    write(&dir.join("a.txt"), "Rebels shelled the town");
    write(&dir.join("notes.md"), "# what is in here");
    let d = dir.display();
    let args = ["--input", dir.to_str().unwrap(), "--format", "jsonl"];
    let o = classify(&s, &model, &args, None);
    assert_eq!(assert_ok(&o).lines().count(), 1, "a.txt only");
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-classify: warning: {d}: skipped 3 subfolders (`2024`, `old`, `x.txt`): --input reads the .txt files in the folder itself, not in its subfolders\n\
             sitrep-classify: warning: {d}: skipped 1 file not named *.txt (`notes.md`)\n"
        )
    );
    // many: the first five by name, then how many more
    for i in 0..7 {
        mkdir(&dir.join(format!("s{i}")));
    }
    let o = classify(&s, &model, &args, None);
    assert_ok(&o);
    assert!(
        stderr(&o).contains(": skipped 10 subfolders (`2024`, `old`, `s0`, `s1`, `s2` and 5 more): "),
        "{}",
        stderr(&o)
    );
    // a folder of folders: the one error line says what is there
    let nested = s.path("nested");
    mkdir(&nested.join("inner"));
    write(&nested.join("inner").join("a.txt"), "Talks resumed");
    let o = classify(&s, &model, &["--input", nested.to_str().unwrap()], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!(
            "{} holds no .txt files to classify; skipped 1 subfolder (`inner`): --input reads the .txt files in the folder itself, not in its subfolders",
            nested.display()
        ),
    );
}

#[test]
fn blank_lines_on_stdin_are_empty_articles_kept_and_reported() {
    let s = Scratch::new("blanklines");
    let model = train_tiny(&s);
    let input = b"Rebels shelled the town\n\n  \r\nForeign ministers agree to a ceasefire\n";
    let o = classify(&s, &model, &["--format", "csv"], Some(input));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "sitrep-classify: warning: <stdin>: line 2 is empty; row kept without predictions\n\
         sitrep-classify: warning: <stdin>: line 3 is empty; row kept without predictions\n"
    );
    let (header, rows) = csv_output(&o);
    assert_eq!(&header[..3], ["id", "text", "topic"]);
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, ["line 1", "line 2", "line 3", "line 4"]);
    for (i, row) in rows.iter().enumerate() {
        let blank = i == 1 || i == 2;
        assert_eq!(
            predictions(row, 2).iter().all(String::is_empty),
            blank,
            "row {i}: {row:?}"
        );
    }
    for format in ["jsonl", "table"] {
        let o = classify(&s, &model, &["--format", format], Some(input));
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("<stdin>: line 3 is empty; labeled uncertain, as it has no words to read"),
            "{format}: {}",
            stderr(&o)
        );
        let lines = stdout(&o).lines().count();
        assert_eq!(lines, if format == "table" { 5 } else { 4 }, "{format}");
    }
}

#[test]
fn empty_articles_get_no_predictions_in_csv_output_from_every_input() {
    // README: "CSV output keeps their rows without predictions, whatever the input, and the
    // other formats label them `uncertain`", as CSV input always did
    let s = Scratch::new("emptyeverywhere");
    let model = train_tiny(&s);
    let dir = s.path("folder");
    mkdir(&dir);
    write(&dir.join("a.txt"), "Rebels shelled the town");
    write(&dir.join("b.txt"), " \n");
    let blank = s.path("blank.txt");
    write(&blank, "");
    let csv_in = s.write("in.csv", "text\nRebels shelled the town\n\" \"\n");
    let runs: [Input; 6] = [
        ("arguments", vec!["Rebels shelled the town", " "], None),
        ("folder", vec!["--input", dir.to_str().unwrap()], None),
        ("file", vec!["--input", blank.to_str().unwrap()], None),
        ("stdin lines", vec![], Some(b"Rebels shelled the town\n \n")),
        ("stdin whole", vec!["--whole"], Some(b"\n")),
        ("csv", vec!["--input", csv_in.to_str().unwrap()], None),
    ];
    let mut json_on_nothing = Vec::new();
    for (what, args, stdin) in &runs {
        let mut csv_args = args.clone();
        csv_args.extend(["--format", "csv"]);
        let o = classify(&s, &model, &csv_args, *stdin);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        let (header, rows) = csv_output(&o);
        let text = header.iter().position(|h| h == "text").expect("text column");
        let empty = rows.iter().filter(|r| r[text].trim().is_empty());
        for row in empty {
            let fields = predictions(row, text + 1);
            assert!(fields.iter().all(String::is_empty), "{what}: {row:?}");
        }
        for row in rows.iter().filter(|r| !r[text].trim().is_empty()) {
            assert_eq!(&row[text + 1], "offensive", "{what}: {row:?}");
        }
        // JSON and tables: uncertain, with the reason, whatever the input
        let mut json_args = args.clone();
        json_args.extend(["--format", "jsonl"]);
        let o = classify(&s, &model, &json_args, *stdin);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        for line in stdout(&o).lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
            if v["text"].as_str().is_some_and(|t| t.trim().is_empty()) {
                json_on_nothing.push((what, v["predictions"].clone(), v["uncertain_reason"].clone()));
            }
        }
        let mut table_args = args.clone();
        table_args.extend(["--format", "table"]);
        let o = classify(&s, &model, &table_args, *stdin);
        assert_eq!(o.status.code(), Some(1), "{what}: {}", stderr(&o));
        assert!(
            stdout(&o).lines().skip(1).all(|l| l.contains(" (")),
            "{what}: every row has its labels: {}",
            stdout(&o)
        );
    }
    assert_eq!(json_on_nothing.len(), runs.len(), "{json_on_nothing:?}");
    for (what, p, reason) in &json_on_nothing {
        assert_eq!(p["topic"]["label"], "uncertain", "{what}: {p}");
        assert_eq!(reason, "out of reach: no words to read", "{what}");
        assert_eq!(p, &json_on_nothing[0].1, "{what}: the same as for the arguments");
    }
    // --min-coverage 0 asks for what the model says on no words at all
    let o = classify(
        &s,
        &model,
        &["--format", "jsonl", "--min-coverage", "0", " "],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("classified on no words at all (--min-coverage 0)"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("JSON");
    assert_ne!(v["predictions"]["topic"]["label"], "uncertain", "{v}");
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_text_is_not_part_of_the_article() {
    let s = Scratch::new("txtbom");
    let model = train_tiny(&s);
    let text = "Rebels shelled the town";
    let with_bom = format!("\u{feff}{text}");
    let dir = s.path("folder");
    mkdir(&dir);
    write(&dir.join("a.txt"), &with_bom);
    let file = dir.join("a.txt");
    let runs: [Input; 4] = [
        ("folder", vec!["--input", dir.to_str().unwrap()], None),
        ("file", vec!["--input", file.to_str().unwrap()], None),
        ("stdin whole", vec!["--whole"], Some(with_bom.as_bytes())),
        ("stdin lines", vec![], Some(with_bom.as_bytes())),
    ];
    for (what, mut args, stdin) in runs {
        args.extend(["--format", "jsonl"]);
        let out = assert_ok(&classify(&s, &model, &args, stdin));
        let v: serde_json::Value = serde_json::from_str(out.lines().next().expect("a line")).expect("JSON");
        assert_eq!(v["text"], text, "{what}");
    }
}

#[test]
fn show_model_names_the_model_file_it_loaded() {
    let s = Scratch::new("showmodel");
    let model = train_tiny(&s);
    let first_line = |o: &Output| assert_ok(o).lines().next().unwrap_or_default().to_string();
    let o = classify(&s, &model, &["--show-model"], None);
    assert_eq!(
        first_line(&o),
        format!("model file: {} (--model)", model.display())
    );
    let o = run("sitrep-classify", &s.dir, &["--show-model"], None);
    assert_eq!(
        first_line(&o),
        "model file: none, the model built into sitrep-classify (no --model given, and no models/default.sitrep in the current folder)"
    );
    mkdir(&s.path("models"));
    std::fs::copy(&model, s.path("models/default.sitrep")).expect("copy");
    let o = run("sitrep-classify", &s.dir, &["--show-model"], None);
    assert_eq!(
        first_line(&o),
        "model file: models/default.sitrep (in the current folder, as no --model was given)"
    );
    assert!(
        assert_ok(&o).contains("target `topic`"),
        "the description follows"
    );
}

/// `--input feed.tsv` (or a file without an extension) was read whole as one article,
/// exit 0; a file that is neither .csv nor .txt is refused, saying what is read how.
#[test]
fn an_input_file_neither_csv_nor_txt_is_refused() {
    let s = Scratch::new("input-kind");
    for name in ["feed.tsv", "feed"] {
        s.write(name, "id\ttext\n1\tRebels shelled the town\n");
        let o = run("sitrep-classify", &s.dir, &["--input", name], None);
        let expected = format!("{name}: --input reads a .csv file (one article a row), a .txt file (one article), a folder of .txt files or - (CSV on stdin), and this file's name ends in neither .csv nor .txt");
        assert_clean_error(&o, "sitrep-classify", &expected);
        assert!(o.stdout.is_empty(), "nothing classified");
    }
    s.write("story.TXT", "Rebels shelled the town overnight.");
    assert_ok(&run("sitrep-classify", &s.dir, &["--input", "story.TXT"], None));
}

/// Spreadsheets save CSV as UTF-16 ("Unicode text") or separated by semicolons (European
/// locales). A UTF-16 file was reported as a column named with NUL bytes that is not
/// UTF-8, and a semicolon file as lacking its columns, listing one named `text;label`.
#[test]
fn spreadsheet_exports_in_utf16_or_with_semicolons_say_what_they_are() {
    let s = Scratch::new("spreadsheet");
    let model = train_tiny(&s);
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "text,topic\nrebels shelled the town,offensive\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let u16_path = s.write("unicode.csv", utf16);
    let u16_name = u16_path.display().to_string();
    assert_clean_error(
        &classify(&s, &model, &["--input", &u16_name], None),
        "sitrep-classify",
        &format!("{u16_name} is UTF-16 text (it starts with a UTF-16 byte order mark), and sitrep reads UTF-8: save it as UTF-8"),
    );
    let semi = s.write(
        "semicolons.csv",
        "text;topic\nrebels shelled the town;offensive\n",
    );
    let semi_name = semi.display().to_string();
    assert_clean_error(
        &classify(&s, &model, &["--input", &semi_name], None),
        "sitrep-classify",
        "(the columns are: `text;topic`; the header looks separated by semicolons, and sitrep reads comma-separated CSV: save the file as CSV with commas)",
    );
    let train = run(
        "sitrep-train",
        &s.dir,
        &["--data", &u16_name, "--target", "topic", "--out", "u.sitrep"],
        None,
    );
    assert_clean_error(&train, "sitrep-train", "is UTF-16 text");
}

/// Invalid UTF-8 in an article read as text (a .txt file, a line of stdin) was reported as
/// `column 1 (`text`)`, as if the text were CSV, and did not say that --lossy reads it.
#[test]
fn invalid_utf8_in_a_text_names_its_line_and_byte_not_a_column() {
    let s = Scratch::new("text-utf8");
    let story = s.write("story.txt", b"Rebels shelled\nthe caf\xe9 overnight\n".as_slice());
    let story = story.to_str().unwrap();
    let lossy = "convert it to UTF-8, or give --lossy to replace what is not";
    let o = run("sitrep-classify", &s.dir, &["--input", story], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!("{story}:2: the text is not valid UTF-8 (at byte 22 of the file); {lossy}"),
    );
    let o = run("sitrep-classify", &s.dir, &[], Some(b"Talks resumed\nbad \xff\n"));
    assert_clean_error(
        &o,
        "sitrep-classify",
        &format!("<stdin>:2: the text is not valid UTF-8 (at byte 4 of the line); {lossy}"),
    );
    let o = run("sitrep-classify", &s.dir, &["--input", story, "--lossy"], None);
    assert_ok(&o);
}
