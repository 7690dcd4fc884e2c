//! Paths and streams: missing or unreadable input, an output that is a folder, a device or
//! a full disk, a closed pipe, bad arguments, empty articles, endless input, input that goes
//! bad part way.

use super::*;

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
    // a text file with nothing in it: labeled uncertain, said so, and exit 1
    let blank = s.write("blank.txt", b"  \n");
    let o = classify_csv_input(&s, &model, &blank, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("blank.txt is empty; labeled uncertain, as it has no words to read"),
        "{}",
        stderr(&o)
    );
    // CSV rows with empty text in the formats that are not CSV
    let input = s.write("rows.csv", "text\nShelling resumed overnight\n\"\"\n");
    for format in ["json", "jsonl", "table"] {
        let o = classify_csv_input(&s, &model, &input, &["--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("rows.csv: line 3 is empty; labeled uncertain, as it has no words to read"),
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
    // given as --input, a device is refused by its name before anything is read (it was
    // read as one article); on standard input it is read, and refused once it runs too long
    let o = classify_csv_input(&s, &model, zero, &[]);
    assert_clean_error(
        &o,
        "sitrep-classify",
        "/dev/zero: --input reads a .csv file, a .txt file or a folder by its name, and this is a pipe or device",
    );
    let classify = format!("{} --model {}", bin("sitrep-classify").display(), model.display());
    let (code, err) = run_pipeline(&s.dir, &format!("{classify} --whole < /dev/zero"));
    assert_eq!(
        (code, err.as_str()),
        (
            2,
            "sitrep-classify: error: <stdin>: more than 256 MB in one article; expected articles shorter than that\n"
        )
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

/// The rows and error of classifying `input` in `format` (rows: CSV records or JSON lines
/// after the header).
fn classified_before_error(s: &Scratch, model: &Path, input: &Path, format: &str) -> (usize, String) {
    let o = classify_csv_input(s, model, input, &["--format", format]);
    assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
    let rows = match format {
        "csv" => csv_output(&o).1.len(),
        _ => stdout(&o).lines().count(),
    };
    (rows, stderr(&o))
}

#[test]
fn a_bad_row_part_way_leaves_every_row_before_it_written_in_every_format() {
    let s = Scratch::new("partway");
    let model = train_tiny(&s);
    // the second data row is bad: the first is still classified and written
    let small = s.write(
        "small.csv",
        "id,title\n1,Rebels shelled the town\n2,b,c\n3,Talks\n",
    );
    for format in ["csv", "jsonl"] {
        let (rows, err) = classified_before_error(&s, &model, &small, format);
        assert_eq!(rows, 1, "{format}");
        assert!(err.contains("small.csv:3: expected 2 fields"), "{format}: {err}");
    }
    // a bad row in the second batch of 4,096: CSV once stopped at the first batch
    let mut rows: Vec<String> = (1..=7000)
        .map(|i| format!("{i},Rebels shelled town {i}"))
        .collect();
    rows[5999] = "6000,bad,row".into();
    let big = s.write("big.csv", format!("id,title\n{}\n", rows.join("\n")));
    for format in ["csv", "jsonl"] {
        let (rows, err) = classified_before_error(&s, &model, &big, format);
        assert_eq!(rows, 5999, "{format}");
        assert!(err.contains("big.csv:6001: expected 2 fields"), "{format}: {err}");
    }
}
