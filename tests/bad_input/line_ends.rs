//! CSV input with CRLF and CR line ends, to every tool: the rows read the same as with LF,
//! and every line a message names is the line an editor shows (the csv crate's own count
//! is one short with CRLF and always 1 with CR).

use super::*;

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

/// The same rows with LF, CRLF and CR line ends.
fn with_line_ends(lf: &str) -> [(&'static str, String); 3] {
    [
        ("lf", lf.to_string()),
        ("crlf", lf.replace('\n', "\r\n")),
        ("cr", lf.replace('\n', "\r")),
    ]
}

#[test]
fn errors_and_ids_name_the_physical_line_whatever_the_line_ends() {
    let s = Scratch::new("line-ends");
    let model = train_tiny(&s);
    let ragged = "expected 2 fields like the header, found 3 (check quoting and commas on this line)";
    for (ends, rows) in with_line_ends("id,title\n1,Rebels shelled the town\n2,Talks,resumed\n") {
        // classify, streamed to CSV and through the other formats
        let input = s.write(&format!("{ends}.csv"), &rows);
        let message = format!("{}:3: {ragged}", input.display());
        for format in ["csv", "jsonl"] {
            let o = classify_csv_input(&s, &model, &input, &["--format", format]);
            assert_clean_error(&o, "sitrep-classify", &message);
        }
    }
    let labeled = "text,topic\nRebels shelled the town,offensive\nTalks,resumed,diplomacy\n";
    for (ends, rows) in with_line_ends(labeled) {
        let data = s.write(&format!("{ends}-train.csv"), &rows);
        let message = format!("{}:3: {ragged}", data.display());
        assert_error_is(&train_on_path(&s, &data), "sitrep-train", &message);
        let o = eval_on(&s, &model, &data, &["--text-column", "text"]);
        assert_error_is(&o, "sitrep-eval", &message);
    }
    // the ids of JSON output and the warnings are lines too: a blank line, then an empty row
    for (ends, rows) in with_line_ends("id,title\n1,Rebels shelled the town\n\n2,\n") {
        let input = s.write(&format!("{ends}-ok.csv"), &rows);
        let o = classify_csv_input(&s, &model, &input, &["--format", "jsonl"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let ids: Vec<String> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].to_string())
            .collect();
        assert_eq!(ids, ["\"line 2\"", "\"line 4\""], "{ends}");
        let o = classify_csv_input(&s, &model, &input, &[]);
        let expected = format!(
            "sitrep-classify: warning: {}:4: column `title` is empty; row kept without predictions\n",
            input.display()
        );
        assert_eq!(stderr(&o), expected, "{ends}");
    }
    // sitrep-trend: the bad date is on line 3
    for (ends, rows) in with_line_ends("date,country,escalation\n2025-01-01,X,1\n2025-02-30,X,2\n") {
        let o = trend_on(&s, &format!("{ends}-trend.csv"), rows.as_bytes(), &[]);
        assert_clean_error(
            &o,
            "sitrep-trend",
            "-trend.csv:3: column 1 (`date`) holds `2025-02-30`",
        );
    }
}

#[test]
fn a_stop_word_file_with_a_byte_order_mark_and_crlf_reads_as_plain_lines() {
    // the mark stuck to the first word (`\u{feff}officials`), which then stopped nothing
    let s = Scratch::new("stopwords-bom");
    let data = s.write("d.csv", tiny_corpus());
    let train = |words: &[u8], out: &str| {
        let file = s.write(&format!("{out}.txt"), words);
        let model = s.path(out);
        let args = [
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--stop-words",
            file.to_str().unwrap(),
            "--out",
            model.to_str().unwrap(),
            "-q",
        ];
        assert_ok(&run("sitrep-train", &s.dir, &args, None));
        std::fs::read(model).expect("model written")
    };
    let plain = train(b"rebels\ntalks\n", "plain.sitrep");
    let marked = train(b"\xef\xbb\xbfrebels\r\ntalks\r\n", "marked.sitrep");
    let without = train(b"talks\n", "without.sitrep");
    assert_ne!(plain, without, "the first stop word changes the model");
    assert_eq!(plain, marked);
}
