//! sitrep-trend's rows in the matrix: every bad input is one error line with the file, line
//! and column, or (with --skip-bad-rows) a counted skip; never a panic.

use super::*;

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
        "skipped.csv has no rows to count: its one row was left out (1 skipped as bad)",
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

/// Column options that no output or mode reads were accepted and changed nothing
/// (`--topic-column` without `--topic`, the probability and topic columns with `--classify`,
/// which takes both from the model, the columns of alert articles with CSV series output),
/// as was `--shrinkage` with `--alerts-only`. Each is refused before any row is read.
#[test]
fn trend_options_that_would_change_nothing() {
    let s = Scratch::new("trend-unused");
    let input = "never-read.csv";
    for (args, message) in [
        (
            vec!["--topic-column", "label"],
            "--topic-column names the column that --topic reads, and no --topic is given, so it would change nothing; give --topic TOPIC to count one topic, or leave it out",
        ),
        (
            vec!["--classify", "--topic-column", "label", "--topic", "offensive"],
            "--topic-column names a column of classified input, and --classify takes the topic and the probability of each article from the model, so it would change nothing; leave it out",
        ),
        (
            vec!["--classify", "--probability-column", "p", "--topic-column", "t"],
            "--probability-column and --topic-column name columns of classified input, and --classify takes the topic and the probability of each article from the model, so they would change nothing; leave them out",
        ),
        (
            vec!["--format", "csv", "--id-column", "url"],
            "--id-column only shapes the articles listed with each alert (their ids, and which come first), and --format csv without --alerts-only writes the series, which lists none, so it would change nothing; add --alerts-only, choose another format, or leave it out",
        ),
        (
            vec!["--format", "csv", "--probability-column", "p", "--id-column", "url"],
            "--probability-column and --id-column only shape the articles listed with each alert (their ids, and which come first), and --format csv without --alerts-only writes the series, which lists none, so they would change nothing; add --alerts-only, choose another format, or leave them out",
        ),
        (
            vec!["--alerts-only", "--shrinkage", "5"],
            "--shrinkage sets the mean level of the series, and --alerts-only writes the alerts alone, which show no mean level, so it would change nothing; leave out one of the two",
        ),
    ] {
        let mut all = vec!["--input", input];
        all.extend(args);
        assert_error_is(&run("sitrep-trend", &s.dir, &all, None), "sitrep-trend", message);
    }
}
