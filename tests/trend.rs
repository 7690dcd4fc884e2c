//! sitrep-trend with the real binaries: the pipe from sitrep-classify, --classify, every
//! output format, unsorted input, dates in several ISO forms, gaps, and counted skips.

mod common;
mod trend_feed;
use common::*;
use trend_feed::*;

use std::process::{Command, Stdio};

/// The tiny corpus with a date and a country per row: two countries over five weeks.
fn dated_corpus() -> String {
    let corpus = tiny_corpus();
    let mut lines = corpus.lines();
    let mut out = format!("{},date,country\n", lines.next().expect("header"));
    for (i, line) in lines.enumerate() {
        let country = if i % 2 == 0 { "Sudan" } else { "Chad" };
        out.push_str(&format!("{line},2025-03-{:02},{country}\n", 1 + i % 28));
    }
    out
}

/// Runs a bash pipeline in `cwd`; returns (status, stdout, stderr).
fn pipeline(cwd: &std::path::Path, command: &str) -> (Option<i32>, String, String) {
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!("set -o pipefail; {command}"))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    (o.status.code(), stdout(&o), stderr(&o))
}

#[test]
fn the_pipe_from_classify_and_classify_on_the_fly_agree() {
    let s = Scratch::new("trend-pipe");
    let model = train_tiny(&s);
    s.write("feed.csv", dated_corpus());
    let (c, t) = (bin("sitrep-classify"), bin("sitrep-trend"));
    let m = model.display();
    let (status, piped, err) = pipeline(
        &s.dir,
        &format!(
            "{} --model {m} --input feed.csv | {} --date-column date --by country --format csv",
            c.display(),
            t.display()
        ),
    );
    assert_eq!(status, Some(0), "{err}");
    // the feed holds the true `escalation`: the predicted column is the one counted
    let (header, rows) = csv_output(&std::process::Output {
        status: std::process::ExitStatus::default(),
        stdout: piped.clone().into_bytes(),
        stderr: Vec::new(),
    });
    assert_eq!(
        header[..5],
        ["place", "period", "period_start", "days_covered", "articles"]
    );
    let articles: u32 = rows.iter().map(|r| r[4].parse::<u32>().expect("count")).sum();
    assert_eq!(articles, 72);
    let places: std::collections::BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(places.into_iter().collect::<Vec<_>>(), ["Chad", "Sudan"]);
    // 2025-03-01 is a Saturday: weeks 2025-W09 to 2025-W13
    assert_eq!(rows.iter().filter(|r| &r[0] == "Sudan").count(), 5);
    let o = run(
        "sitrep-trend",
        &s.dir,
        &[
            "--classify",
            "--model",
            model.to_str().unwrap(),
            "--input",
            "feed.csv",
            "--format",
            "csv",
        ],
        None,
    );
    assert_eq!(assert_ok(&o), piped, "--classify counts what the pipe counts");
}

#[test]
fn classify_on_the_fly_leaves_out_what_the_pipe_leaves_out() {
    // it used to count text out of the model's reach, which sitrep-classify labels uncertain
    let s = Scratch::new("trend-reach");
    let model = train_tiny(&s);
    let mut feed = dated_corpus();
    feed.push_str("900,Les rebelles ont attaqué la ville,Des centaines de familles ont fui les combats,offensive,2,2025-03-04,Chad\n");
    feed.push_str("901,qwxz plorf zzvb,grindle fomp quaxle,offensive,2,2025-03-05,Chad\n");
    s.write("feed.csv", feed);
    let (c, t) = (bin("sitrep-classify"), bin("sitrep-trend"));
    let m = model.display();
    let (status, piped, piped_err) = pipeline(
        &s.dir,
        &format!(
            "{} --model {m} --input feed.csv 2>/dev/null | {}",
            c.display(),
            t.display()
        ),
    );
    assert_eq!(status, Some(0), "{piped_err}");
    assert!(
        piped_err.contains("2 rows are labeled `uncertain`"),
        "{piped_err}"
    );
    let o = run(
        "sitrep-trend",
        &s.dir,
        &[
            "--classify",
            "--model",
            model.to_str().unwrap(),
            "--input",
            "feed.csv",
        ],
        None,
    );
    assert_eq!(assert_ok(&o), piped, "--classify prints what the pipe prints");
    assert_eq!(
        stderr(&o).replace("feed.csv", "<stdin>"),
        piped_err,
        "and warns of the same uncertain rows"
    );
}

fn trend(s: &Scratch, input: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--input", input];
    args.extend_from_slice(extra);
    run("sitrep-trend", &s.dir, &args, None)
}

/// A feed with a level-3 step in `stepping` from week 60 and a gap in `gappy`.
fn step_feed() -> Vec<PlaceSpec> {
    vec![
        PlaceSpec::steady("calm", [3.0, 4.0, 3.0, 0.5]),
        PlaceSpec {
            change: Some((60, [3.0, 4.0, 3.0, 10.0])),
            ..PlaceSpec::steady("stepping", [3.0, 4.0, 3.0, 0.5])
        },
        PlaceSpec {
            gap: Some(30..36),
            ..PlaceSpec::steady("gappy", [2.0, 2.0, 4.0, 1.0])
        },
    ]
}

#[test]
fn unsorted_input_gives_the_same_series_and_gaps_stay_empty() {
    let s = Scratch::new("trend-unsorted");
    let feed = csv(&step_feed(), 70, 4);
    s.write("shuffled.csv", &feed);
    let mut lines: Vec<&str> = feed.lines().skip(1).collect();
    lines.sort_by_key(|l| l.split(',').nth(1).unwrap_or_default().to_string());
    s.write(
        "sorted.csv",
        format!("{}\n{}\n", feed.lines().next().unwrap(), lines.join("\n")),
    );
    let a = assert_ok(&trend(&s, "shuffled.csv", &["--format", "csv"]));
    let b = assert_ok(&trend(&s, "sorted.csv", &["--format", "csv"]));
    // places come in name order and the counts do not depend on the order of the rows
    let differ = a.lines().zip(b.lines()).position(|(x, y)| x != y);
    assert_eq!(differ, None, "first differing line");
    assert_eq!(a.lines().count(), b.lines().count());
    let o = trend(&s, "shuffled.csv", &["--format", "csv"]);
    let (header, rows) = csv_output(&o);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let gappy: Vec<_> = rows.iter().filter(|r| &r[col("place")] == "gappy").collect();
    assert_eq!(gappy.len(), 70);
    for (w, r) in gappy.iter().enumerate() {
        let gap = (30..36).contains(&w);
        assert_eq!(&r[col("articles")] == "0", gap, "week {w}");
        for c in [
            "share_level2plus",
            "mean_level",
            "change_percent",
            "tail_p",
            "cusum_up",
        ] {
            assert_eq!(
                r[col(c)].is_empty(),
                gap || (c != "share_level2plus" && c != "mean_level" && r[col(c)].is_empty()),
                "week {w} {c}"
            );
        }
    }
    let v: serde_json::Value =
        serde_json::from_str(&assert_ok(&trend(&s, "shuffled.csv", &["--format", "json"]))).expect("JSON");
    assert_eq!(v["places"][1]["place"], "gappy");
    let periods = &v["places"][1]["periods"];
    assert_eq!(periods[31]["articles"], 0);
    assert!(periods[31]["share_level2plus"].is_null() && periods[31]["mean_level"].is_null());
    assert!(periods[29]["mean_level"].is_number());
}

#[test]
fn alerts_only_csv_names_rule_figures_and_articles() {
    let s = Scratch::new("trend-alerts");
    s.write("feed.csv", csv(&step_feed(), 70, 4));
    let o = trend(&s, "feed.csv", &["--alerts-only", "--format", "csv"]);
    let (header, rows) = csv_output(&o);
    assert_eq!(
        header,
        [
            "place",
            "period",
            "period_start",
            "rule",
            "severity",
            "direction",
            "value",
            "baseline",
            "articles",
            "detail"
        ]
    );
    // week 60 of a feed starting Monday 2024-01-01 starts on 2025-02-24
    let step: Vec<_> = rows
        .iter()
        .filter(|r| &r[0] == "stepping" && ["2025-02-24", "2025-03-03"].contains(&&r[2]))
        .filter(|r| r[3].starts_with("B-") || r[3].starts_with("C-cusum-up"))
        .collect();
    assert!(!step.is_empty(), "{rows:?}");
    for r in &step {
        assert!(r[8].split("; ").all(|id| id.starts_with("stepping-")), "{r:?}");
        let (value, baseline): (f64, f64) = (r[6].parse().expect("value"), r[7].parse().expect("baseline"));
        assert!(value > baseline, "{r:?}");
        assert!(!r[9].is_empty());
    }
    // the table says the same in words
    let table = assert_ok(&trend(&s, "feed.csv", &["--alerts-only"]));
    assert!(
        table.starts_with(&format!("alerts ({})\n", rows.len())),
        "{table}"
    );
    assert!(table.contains("    articles: stepping-"), "{table}");
}

#[test]
fn html_is_one_self_contained_page_with_a_chart_per_place() {
    let s = Scratch::new("trend-html");
    s.write("feed.csv", csv(&step_feed(), 70, 4));
    let html = assert_ok(&trend(&s, "feed.csv", &["--format", "html"]));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    assert_eq!(
        html.matches("http").count(),
        html.matches("http://www.w3.org/").count()
    );
    assert_eq!(html.matches("<svg").count(), 3);
    for svg in html.split("<svg").skip(1) {
        let doc = format!("<svg{}", &svg[..svg.find("</svg>").expect("closed") + 6]);
        roxmltree::Document::parse(&doc).unwrap_or_else(|e| panic!("not XML: {e}"));
    }
    assert!(html.contains("Places ranked by their latest change"));
    assert!(html.contains("stepping-"), "the alert list names articles");
    assert!(html.contains("<polygon"), "alerts are marked on the charts");
}

#[test]
fn iso_date_forms_by_two_columns_and_daily_periods() {
    let s = Scratch::new("trend-dates");
    s.write(
        "feed.csv",
        "date,country,admin1,escalation\n2025-03-14,Sudan,Darfur,2\n2025-03-14T23:10:00Z,Sudan,Darfur,3\n20250315,Sudan,Darfur,1\n2025-03-15 08:00:00,Sudan,Kordofan,0\n2025-03-16T01:00:00+03:00,Sudan,Kordofan,2\n",
    );
    let o = trend(
        &s,
        "feed.csv",
        &["--by", "country,admin1", "--period", "day", "--format", "csv"],
    );
    let (_, rows) = csv_output(&o);
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r[0].to_string(), r[2].to_string(), r[4].to_string()))
        .collect();
    let want = [
        ("Sudan / Darfur", "2025-03-14", "2"),
        ("Sudan / Darfur", "2025-03-15", "1"),
        ("Sudan / Darfur", "2025-03-16", "0"),
        ("Sudan / Kordofan", "2025-03-14", "0"),
        ("Sudan / Kordofan", "2025-03-15", "1"),
        ("Sudan / Kordofan", "2025-03-16", "1"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn skipped_rows_are_counted_and_exit_1() {
    let s = Scratch::new("trend-skip");
    s.write(
        "feed.csv",
        "date,country,escalation\n2025-03-14,Sudan,2\nlast week,Sudan,2\n2025-03-15,,1\n2025-03-15,Chad,two\n2025-03-16,Chad,uncertain\n2025-03-16,Chad,1\n",
    );
    let o = trend(&s, "feed.csv", &["--skip-bad-rows"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "sitrep-trend: warning: feed.csv: skipped 3 rows (--skip-bad-rows): 1 with a bad date (line 3), 1 with an empty place (line 4), 1 with a bad escalation level (line 5)\n\
         sitrep-trend: warning: feed.csv: 1 row is labeled `uncertain` and not counted (the first on line 6)\n"
    );
    assert!(stdout(&o).contains("Sudan"));
}

#[test]
fn a_closed_pipe_exits_quietly_and_a_full_disk_is_an_error() {
    let s = Scratch::new("trend-pipe-closed");
    s.write("feed.csv", csv(&step_feed(), 70, 4));
    let t = bin("sitrep-trend");
    for format in ["table", "csv", "json", "html", "csv --alerts-only"] {
        let command = format!(
            "{} --input feed.csv --format {format} | head -1 > /dev/null; exit ${{PIPESTATUS[0]}}",
            t.display()
        );
        let (status, _, err) = pipeline(&s.dir, &command);
        assert_eq!((status, err.as_str()), (Some(0), ""), "{format}");
    }
    let full = std::path::Path::new("/dev/full");
    if full.exists() {
        for format in ["table", "csv", "json", "html"] {
            let o = run_to(
                "sitrep-trend",
                &s.dir,
                &["--input", "feed.csv", "--format", format],
                full,
            );
            assert_error_is(
                &o,
                "sitrep-trend",
                "cannot write output: No space left on device (os error 28)",
            );
        }
    }
}

/// A place without a baseline yet had blank cells for its period, counts, share and mean in
/// the table and the HTML ranking, as if nothing were known; its latest period with articles
/// is shown, with the figures CSV gives that period, `-` for the change CSV leaves empty,
/// and the band `no baseline yet`.
#[test]
fn a_place_without_a_baseline_shows_its_latest_figures() {
    let s = Scratch::new("trend-nobaseline");
    let mut feed = String::from("id,date,country,escalation\n");
    // Oldland every Monday of January, Newland only in the last week of February
    for day in [6, 13, 20, 27] {
        for (k, level) in [1, 2, 2].iter().enumerate() {
            feed.push_str(&format!("old-{day}-{k},2025-01-{day:02},Oldland,{level}\n"));
        }
    }
    feed.push_str("new-1,2025-02-26,Newland,2\nnew-2,2025-02-27,Newland,3\n");
    s.write("feed.csv", &feed);
    let table = assert_ok(&trend(&s, "feed.csv", &[]));
    let row: Vec<&str> = table
        .lines()
        .find(|l| l.starts_with("Newland"))
        .expect("a Newland row")
        .split_whitespace()
        .collect();
    let (header, rows) = csv_output(&trend(&s, "feed.csv", &["--format", "csv"]));
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let csv_row = rows
        .iter()
        .find(|r| &r[col("place")] == "Newland" && &r[col("articles")] != "0")
        .expect("Newland's week");
    assert!(csv_row[col("change_percent")].is_empty() && csv_row[col("change_band")].is_empty());
    let mean: f64 = csv_row[col("mean_level")].parse().expect("a mean");
    assert_eq!(
        row,
        [
            "Newland",
            &csv_row[col("period")],
            "2",
            "2",
            "1.00",
            &format!("{mean:.2}"),
            "-",
            "no",
            "baseline",
            "yet",
            "0"
        ]
    );
    let html = assert_ok(&trend(&s, "feed.csv", &["--format", "html"]));
    let html_row = html
        .lines()
        .find(|l| l.contains("<td>Newland</td>") || l.contains(">Newland</td>"))
        .expect("Newland in the ranking");
    assert!(
        html_row.contains(&format!(
            "<td>{}</td><td>2</td><td>2</td>",
            &csv_row[col("period")]
        )) && html_row.contains("<td>-</td><td class=\"text\">no baseline yet</td>"),
        "{html_row}"
    );
}

/// The display column at which byte `at` of `line` starts (CJK characters take two
/// columns, combining marks none), measured apart from sitrep's own helpers.
fn column(line: &str, at: usize) -> usize {
    unicode_width::UnicodeWidthStr::width(&line[..at])
}

/// Place names in CJK (two columns a character, one too long for the widest place column,
/// 60, and cut in its middle) and with
/// a combining mark keep the table's columns in line: each ranking row's period starts at
/// the column the header's does and its last column ends where the header's does, and each
/// alert's rule starts at one column.
#[test]
fn wide_and_combining_place_names_keep_the_table_in_line() {
    let s = Scratch::new("trend-width");
    let long = format!("{}東部", "北大西洋条約機構加盟国国境地域".repeat(2)); // 64 columns
    let combining = "A\u{30a}land"; // Åland with the ring as a combining mark
    let mut feed = step_feed();
    feed[0].name = combining.into();
    feed[1].name = "東京都".into();
    feed[2].name = long.clone();
    s.write("feed.csv", csv(&feed, 70, 4));
    let table = assert_ok(&trend(&s, "feed.csv", &[]));
    let mut lines = table.lines().skip(1);
    let header = lines.next().expect("the header");
    let ranking: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    assert_eq!(ranking.len(), 3, "{table}");
    let period = header.find("period").expect("a period column");
    for row in &ranking {
        let at = row.find(|c: char| c.is_ascii_digit()).expect("a period label");
        assert_eq!(column(row, at), column(header, period), "{row}\n{table}");
        assert_eq!(
            column(row, row.len()),
            column(header, header.len()),
            "{row}\n{table}"
        );
    }
    let cut = ranking
        .iter()
        .find(|r| r.starts_with("北大西洋"))
        .expect("the long name");
    assert!(
        cut.contains("…") && cut.contains("東部 ") && !cut.contains(&long),
        "{cut}"
    );
    assert!(ranking.iter().any(|r| r.starts_with(combining)), "{table}");
    let alerts: Vec<&str> = lines.filter(|l| !l.starts_with(' ')).skip(1).collect();
    assert!(alerts.iter().any(|l| l.contains("東京都")), "{table}");
    // a rule's name is its letter, a dash and a word: `A-surge`, `C-cusum-up`, ...
    let rule = |l: &str| {
        ["A-", "B-", "C-", "D-"]
            .iter()
            .filter_map(|r| l.find(&format!(" {r}")))
            .min()
    };
    let rules: Vec<usize> = alerts
        .iter()
        .map(|l| column(l, rule(l).expect("a rule")))
        .collect();
    assert!(rules.iter().all(|&c| c == rules[0]), "{table}");
}
