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
