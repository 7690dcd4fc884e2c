//! sitrep-trend with the real binary on how places are named: long names in the table,
//! and `--by` values that would make two places' names collide.

mod common;
use common::*;

fn trend(s: &Scratch, input: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--input", input];
    args.extend_from_slice(extra);
    run("sitrep-trend", &s.dir, &args, None)
}

#[test]
fn long_place_names_stay_told_apart_in_the_table() {
    let s = Scratch::new("trend-long-names");
    s.write(
        "feed.csv",
        "id,date,country,admin1,escalation\nn1,2025-03-14,Democratic Republic of the Congo,North Kivu,3\nn2,2025-03-14,Democratic Republic of the Congo,North Kivu,3\ns1,2025-03-14,Democratic Republic of the Congo,South Kivu,0\n",
    );
    let o = trend(&s, "feed.csv", &["--by", "country,admin1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let rows: Vec<&str> = out.lines().skip(2).take(2).collect();
    assert!(
        rows[0].starts_with("Democratic Republic of the Congo / North Kivu "),
        "{out}"
    );
    assert!(
        rows[1].starts_with("Democratic Republic of the Congo / South Kivu "),
        "{out}"
    );
    // the columns after the name line up
    let at = |l: &str| l.find("2025-W11").expect("period");
    assert_eq!(at(rows[0]), at(rows[1]));
    assert_eq!(
        at(rows[0]),
        out.lines()
            .nth(1)
            .expect("header")
            .find("period")
            .expect("period")
    );
}

#[test]
fn a_by_value_holding_the_joining_slash_is_refused_where_it_stands() {
    let s = Scratch::new("trend-by-slash");
    // `A / B` + `C` and `A` + `B / C` would both be the place `A / B / C`
    s.write(
        "feed.csv",
        "id,date,country,admin1,escalation\na,2025-03-14,A,B / C,3\nb,2025-03-14,A / B,C,3\n",
    );
    let o = trend(&s, "feed.csv", &["--by", "country,admin1"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("feed.csv:2: column 4 (`admin1`) holds `B / C`, and `/` is what joins the --by columns"),
        "{err}"
    );
    // one --by column: its value is the name as it is
    let o = trend(&s, "feed.csv", &["--by", "admin1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\nB / C "), "{}", stdout(&o));
}

#[test]
fn usage_mistakes_are_named_before_any_row_is_read() {
    let s = Scratch::new("trend-usage");
    s.write("feed.csv", "id,date,country,escalation\na,2025-03-14,X,2\n");
    let refused = |extra: &[&str]| {
        let o = trend(&s, "feed.csv", extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        stderr(&o)
    };
    assert_eq!(
        refused(&["--since", "2025-03-20", "--until", "2025-03-14"]),
        "sitrep-trend: error: --since 2025-03-20 is after --until 2025-03-14: the dates are the wrong way round; swap them\n"
    );
    assert_eq!(
        refused(&["--by", "country,country"]),
        "sitrep-trend: error: --by names the column `country` twice; name each column once, like country,admin1\n"
    );
    // a negative number reaches the range check instead of reading as an option
    assert_eq!(
        refused(&["--shrinkage", "-1"]),
        "sitrep-trend: error: invalid setting: shrinkage k is -1; expected a number ≥ 0\n"
    );
    assert!(refused(&["--cusum-shift", "-2"]).contains("invalid setting"));
}
