//! sitrep-trend with the real binary on the edges of time and the order of places: a feed
//! that starts or ends inside a period, a return from a coverage gap, a place whose first
//! article falls inside B's window, and the ranking of escalation above decreases.

mod common;
use common::*;

use sitrep::trend::dates::{days_from_civil, format_date};

/// A CSV feed `id,date,country,escalation` from `(day offset, place, level)` rows, days
/// counted from `start` (year, month, day).
fn feed(start: (i32, u32, u32), rows: &[(i32, &str, u8)]) -> String {
    let first = days_from_civil(start.0, start.1, start.2);
    let mut out = String::from("id,date,country,escalation\n");
    for (i, (d, place, level)) in rows.iter().enumerate() {
        out.push_str(&format!("r{i},{},{place},{level}\n", format_date(first + d)));
    }
    out
}

fn trend(s: &Scratch, input: &str, extra: &[&str]) -> String {
    let mut args = vec!["--input", input];
    args.extend_from_slice(extra);
    let o = run("sitrep-trend", &s.dir, &args, None);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn a_week_in_progress_is_not_compared_and_the_header_gives_the_real_extent() {
    let s = Scratch::new("trend-partial-end");
    // 2 level-2 articles a day for Mali over 211 days, ending Monday 2024-07-29
    let rows: Vec<(i32, &str, u8)> = (0..211).flat_map(|d| [(d, "Mali", 2), (d, "Mali", 2)]).collect();
    s.write("feed.csv", feed((2024, 1, 1), &rows));
    let out = trend(&s, "feed.csv", &[]);
    assert!(
        out.starts_with(
            "places ranked by their latest change in articles at level 2 or more (31 weeks, 2024-01-01 to 2024-07-29; 2024-W31 is partial, 1 of 7 days, not compared)\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Mali                     2024-W30         14       14"),
        "{out}"
    );
    assert!(out.contains("+0% stable"), "{out}");
    assert!(out.contains("alerts (0)"), "{out}");
    let csv = trend(&s, "feed.csv", &["--format", "csv"]);
    let last = csv.lines().last().expect("rows");
    assert!(last.starts_with("Mali,2024-W31,2024-07-29,1,2,"), "{last}");
}

#[test]
fn a_partial_first_week_does_not_pull_the_baseline_down() {
    let s = Scratch::new("trend-partial-start");
    // 3 a day from Sunday 2025-01-05: week 2025-W01 holds one day
    let rows: Vec<(i32, &str, u8)> = (0..61).flat_map(|d| [(d, "Mali", 2); 3]).collect();
    s.write("feed.csv", feed((2025, 1, 5), &rows));
    let out = trend(&s, "feed.csv", &["--format", "csv"]);
    let w05 = out
        .lines()
        .find(|l| l.starts_with("Mali,2025-W05,"))
        .expect("W05");
    assert!(w05.contains(",21.00,0.0,stable,"), "{w05}");
    assert!(!out.contains("large increase"), "{out}");
    let table = trend(&s, "feed.csv", &["--alerts-only"]);
    assert_eq!(table, "alerts (0)\n");
}

#[test]
fn escalation_ranks_above_decreases_and_nothing_after_nothing_is_no_change() {
    let s = Scratch::new("trend-rank");
    let mut rows = Vec::new();
    for d in 0..42 {
        rows.push((d, "Calmland", 0));
        rows.push((d, "Hotland", if d < 35 { 2 } else { 0 }));
        if d < 35 || d % 2 == 1 {
            rows.push((d, "Risingland", if d >= 35 { 2 } else { 1 }));
        }
    }
    s.write("feed.csv", feed((2025, 1, 6), &rows));
    let out = trend(&s, "feed.csv", &[]);
    let places: Vec<&str> = out
        .lines()
        .skip(2)
        .take(3)
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(places, ["Risingland", "Calmland", "Hotland"], "{out}");
    let calm = out.lines().find(|l| l.starts_with("Calmland")).expect("Calmland");
    assert!(calm.contains("+0% limited change"), "{calm}");
}

#[test]
fn a_return_from_a_coverage_gap_is_no_onset() {
    let s = Scratch::new("trend-gap-onset");
    // level 3 every 7th day, then 112 days without coverage, then the same again
    let mut rows = Vec::new();
    for d in (0..140).chain(252..350) {
        rows.push((d, "Lowfen", if d % 7 == 2 { 3 } else { 2 }));
        rows.push((d, "Lowfen", 2));
    }
    s.write("feed.csv", feed((2024, 1, 1), &rows));
    let out = trend(&s, "feed.csv", &["--alerts-only"]);
    assert!(!out.contains("D-onset"), "{out}");
}

#[test]
fn b_tests_a_place_covered_14_days_before_its_window_starts() {
    let s = Scratch::new("trend-b-start");
    // calm daily coverage from Monday 2025-01-06, then 12 level-3 articles in the week of
    // 2025-02-03, which the feed covers whole
    let mut rows: Vec<(i32, &str, u8)> = (0..35).map(|d| (d, "Erupting", 0)).collect();
    rows.extend((0..12).map(|k| (28 + k % 5, "Erupting", 3)));
    s.write("feed.csv", feed((2025, 1, 6), &rows));
    let out = trend(&s, "feed.csv", &["--alerts-only"]);
    assert!(
        out.contains("2025-W06  Erupting                 B-poisson      alert"),
        "{out}"
    );
}

#[test]
fn topic_since_and_until_are_recorded_in_every_output() {
    let s = Scratch::new("trend-filters");
    s.write(
        "feed.csv",
        "id,date,country,escalation,topic\na,2025-03-10,X,2,war\nb,2025-03-14,X,2,war\nc,2025-03-15,X,3,war\nd,2025-03-20,X,3,war\n",
    );
    let filters = ["--topic", "war", "--since", "2025-03-14", "--until", "2025-03-19"];
    let table = trend(&s, "feed.csv", &filters);
    assert!(
        table.starts_with("places ranked by their latest change in articles at level 2 or more (1 week, 2025-03-14 to 2025-03-15; counting --topic war --since 2025-03-14 --until 2025-03-19; 2025-W11 is partial, 2 of 7 days, not compared)\n"),
        "{table}"
    );
    let html = trend(&s, "feed.csv", &[&filters[..], &["--format", "html"]].concat());
    assert!(
        html.contains("counting --topic war --since 2025-03-14 --until 2025-03-19"),
        "{html}"
    );
    let json: serde_json::Value = serde_json::from_str(&trend(
        &s,
        "feed.csv",
        &[&filters[..], &["--format", "json"]].concat(),
    ))
    .expect("JSON");
    let settings = &json["settings"];
    assert_eq!(
        (&settings["topic"], &settings["since"], &settings["until"]),
        (&"war".into(), &"2025-03-14".into(), &"2025-03-19".into())
    );
    assert_eq!(
        (&json["first_date"], &json["last_date"]),
        (&"2025-03-14".into(), &"2025-03-15".into())
    );
    let plain: serde_json::Value =
        serde_json::from_str(&trend(&s, "feed.csv", &["--format", "json"])).expect("JSON");
    assert!(plain["settings"]["since"].is_null() && plain["settings"]["topic"].is_null());
}

#[test]
fn an_offset_out_of_range_is_refused_where_it_stands() {
    let s = Scratch::new("trend-offset");
    s.write(
        "feed.csv",
        "id,date,country,escalation\na,2025-03-14t08:30:00z,X,2\nb,2025-03-14T08:30:00+25:00,X,2\n",
    );
    let o = run("sitrep-trend", &s.dir, &["--input", "feed.csv"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("feed.csv:3: column 2 (`date`) holds `2025-03-14T08:30:00+25:00`, which is not a date: the offset `+25:00` is not one: its hours must be 00 to 23 and its minutes 00 to 59"),
        "{err}"
    );
}

#[test]
fn b_tests_the_week_in_progress_on_its_days_covered() {
    let s = Scratch::new("trend-b-partial");
    // calm daily coverage from Monday 2025-01-06, then 12 level-3 articles from Monday
    // 2025-02-03 to Friday 2025-02-07, where the feed ends: the week is partial
    let mut rows: Vec<(i32, &str, u8)> = (0..28).map(|d| (d, "Erupting", 0)).collect();
    rows.extend((0..12).map(|k| (28 + k % 5, "Erupting", 3)));
    s.write("feed.csv", feed((2025, 1, 6), &rows));
    let out = trend(&s, "feed.csv", &["--alerts-only"]);
    assert!(
        out.contains("2025-W06  Erupting                 B-poisson      alert    12 articles at level 2 or more where 0.1 were expected in its 5 days covered from the 28 days before"),
        "{out}"
    );
    // neither A nor C judges the partial week (and D's onset needs 90 days of coverage)
    assert!(out.starts_with("alerts (1)\n"), "{out}");
}
