//! Joining sitrep-classify's results back to the input: `--id-column` gives json and jsonl
//! output the ids of CSV input (it gave only `line N`), where it applies and where it is
//! refused; and a pipe given to `--input`, which was read as one article whatever it held.

use super::*;

/// Runs sitrep-classify with the built-in model.
fn classify(s: &Scratch, args: &[&str], stdin: Option<&[u8]>) -> std::process::Output {
    run("sitrep-classify", &s.dir, args, stdin)
}

/// The `id` of each line of jsonl output, or of each element of a json array.
fn ids(o: &std::process::Output) -> Vec<String> {
    let out = assert_ok(o);
    let values: Vec<serde_json::Value> = if out.starts_with('[') {
        serde_json::from_str(&out).expect("a JSON array")
    } else {
        out.lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    };
    values
        .iter()
        .map(|v| v["id"].as_str().expect("a string id").to_string())
        .collect()
}

const FEED: &str = "story_id,title,desk\n\
    \"AFP-17, rev 2\",Rebels shelled the town overnight,east\n\
    ,Negotiators agreed to extend the ceasefire,west\n\
    é-3,\"Thousands fled\nacross the border\",north\n";

#[test]
fn id_column_gives_json_output_the_ids_of_csv_input() {
    let s = Scratch::new("id-column");
    let feed = s.write("feed.csv", FEED);
    let feed = feed.to_str().unwrap();
    // the ids as written: a comma inside quotes, an empty one, a non-ASCII one
    let expected = ["AFP-17, rev 2", "", "é-3"];
    for format in ["json", "jsonl"] {
        let o = classify(
            &s,
            &["--input", feed, "--id-column", "story_id", "-f", format],
            None,
        );
        assert_eq!(ids(&o), expected, "{format}");
        // CSV on standard input too
        let o = classify(
            &s,
            &["--input", "-", "--id-column", "story_id", "-f", format],
            Some(FEED.as_bytes()),
        );
        assert_eq!(ids(&o), expected, "{format} on stdin");
    }
    // without it the ids are still the lines the rows start on
    let o = classify(&s, &["--input", feed, "-f", "jsonl"], None);
    assert_eq!(ids(&o), ["line 2", "line 3", "line 4"]);
    // warnings still name the line, not the id
    let o = classify(
        &s,
        &[
            "--input",
            "-",
            "--id-column",
            "desk",
            "-f",
            "jsonl",
            "--min-confidence",
            "1",
        ],
        Some(b"desk,title\neast,Rebels shelled the town\nwest,\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: <stdin>: line 3 is empty"),
        "{}",
        stderr(&o)
    );
    // csv output keeps every input column already: byte for byte what it was without it
    let with = classify(&s, &["--input", feed, "--id-column", "story_id"], None);
    let without = classify(&s, &["--input", feed], None);
    assert_eq!(assert_ok(&with), assert_ok(&without));
}

#[test]
fn id_column_names_the_columns_there_are_when_it_is_not_one() {
    let s = Scratch::new("id-column-missing");
    let feed = s.write("feed.csv", FEED);
    let feed = feed.to_str().unwrap();
    for format in ["csv", "jsonl"] {
        let o = classify(&s, &["--input", feed, "--id-column", "id", "-f", format], None);
        assert_error_is(
            &o,
            "sitrep-classify",
            &format!(
                "{feed}: no column named `id` in the header (the columns are: `story_id`, `title`, `desk`)"
            ),
        );
        assert!(o.stdout.is_empty(), "{format}: nothing written");
    }
}

#[test]
fn id_column_reads_utf8_as_the_text_columns_do() {
    let s = Scratch::new("id-column-utf8");
    let feed = s.write(
        "feed.csv",
        b"ref,title\nA\xff1,Rebels shelled the town\nB2,Talks resumed\n".as_slice(),
    );
    let feed = feed.to_str().unwrap();
    let o = classify(&s, &["--input", feed, "--id-column", "ref", "-f", "jsonl"], None);
    assert_clean_error(
        &o,
        "sitrep-classify",
        &format!("{feed}:2: column 1 (`ref`) is not valid UTF-8 (at byte 1 of the field)"),
    );
    let o = classify(
        &s,
        &["--input", feed, "--id-column", "ref", "-f", "jsonl", "--lossy"],
        None,
    );
    assert_eq!(ids(&o), ["A\u{fffd}1", "B2"]);
    assert!(
        stderr(&o).contains("replaced invalid UTF-8 with U+FFFD in 1 article (--lossy; the first is line 2)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn id_column_is_refused_where_it_would_change_nothing() {
    let s = Scratch::new("id-column-usage");
    let feed = s.write("feed.csv", FEED);
    let story = s.write("story.txt", "Rebels shelled the town.");
    let (feed, story) = (feed.to_str().unwrap(), story.to_str().unwrap());
    let instead =
        "for CSV on standard input give --input -, for a file --input FILE.csv, else leave --id-column out";
    let not_csv = [
        (vec!["--input", story], "--input is not CSV"),
        (vec!["--input", s.dir.to_str().unwrap()], "--input is not CSV"),
        (vec!["Talks resumed"], "the articles are given as arguments"),
        (
            vec![],
            "standard input is read as plain text, one article per line",
        ),
    ];
    for (input, what) in not_csv {
        let mut args = vec!["--id-column", "story_id", "-f", "jsonl"];
        args.extend(input);
        let o = classify(&s, &args, Some(FEED.as_bytes()));
        assert_clean_error(
            &o,
            "sitrep-classify",
            &format!("--id-column names a column of CSV input, but {what}"),
        );
        assert!(stderr(&o).contains(instead), "{}", stderr(&o));
    }
    let o = classify(
        &s,
        &["--input", feed, "--id-column", "story_id", "-f", "table"],
        None,
    );
    assert_error_is(
        &o,
        "sitrep-classify",
        "--id-column sets the id of each article in json and jsonl output, and a table shows no ids, so it would change nothing; give --format json or jsonl, or leave it out",
    );
}

/// `--input <(zcat feed.csv.gz)` names a pipe, whose name ends in neither .csv nor .txt: it
/// was read whole as one article, CSV header and all, and exited 0.
#[test]
fn a_pipe_given_to_input_is_refused_not_read_as_one_article() {
    let s = Scratch::new("input-pipe");
    s.write("feed.csv", FEED);
    let classify = bin("sitrep-classify").display().to_string();
    let (code, err) = run_pipeline(
        &s.dir,
        &format!("{classify} --input <(cat feed.csv) -f jsonl > out.jsonl"),
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--input reads a .csv file, a .txt file or a folder by its name, and this is a pipe or device whose name ends in neither .csv nor .txt (as `<(command)` gives); give it on standard input instead: `--input -` reads CSV"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(s.path("out.jsonl")).expect("written"), "");
    // what the message says to do works
    let (code, err) = run_pipeline(
        &s.dir,
        &format!("{classify} --input - -f jsonl < feed.csv > out.jsonl"),
    );
    assert_eq!(code, 0, "{err}");
    let out = std::fs::read_to_string(s.path("out.jsonl")).expect("written");
    assert_eq!(out.lines().count(), 3);
}
