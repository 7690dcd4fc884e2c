//! Column names: the columns sitrep-classify appends to CSV input have unique names, whatever
//! the model's targets are called, so the output can be read back by name; and a text column
//! named twice is refused by every tool that reads text from CSV.

use super::*;

/// A target named `coverage` gave two `coverage` columns, and targets `t` and
/// `t_probability` two `t_probability` columns, which sitrep then refused to read back.
#[test]
fn appended_columns_have_unique_names_whatever_the_targets_are_called() {
    let s = Scratch::new("unique-columns");
    s.write(
        "train.csv",
        "text,coverage,t,t_probability\nrebels shelled the town overnight,full,a,x\ntroops attacked the village,full,a,x\ntalks resumed in the capital,partial,b,y\nleaders signed a truce,partial,b,y\n",
    );
    let train = ["--data", "train.csv", "--min-df", "1", "--holdout", "0", "-q"];
    for (target, model) in [("coverage", "cov.sitrep"), ("t", "t.sitrep")] {
        let extra = ["--target", target, "--target", "t_probability", "--out", model];
        assert_ok(&run(
            "sitrep-train",
            &s.dir,
            &[&train[..], &extra[..]].concat(),
            None,
        ));
    }
    s.write("feed.csv", "text\ntroops shelled the town\n");
    let header = |model: &str, input: &str| -> Vec<String> {
        let o = run(
            "sitrep-classify",
            &s.dir,
            &["--model", model, "--input", input],
            None,
        );
        let out = assert_ok(&o);
        let _ = std::fs::write(s.path("out.csv"), &out);
        out.lines()
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::to_string)
            .collect()
    };
    let cov = header("cov.sitrep", "feed.csv");
    assert_eq!(cov[1], "coverage");
    assert_eq!(cov[cov.len() - 2], "coverage_2", "{cov:?}");
    let t = header("t.sitrep", "feed.csv");
    let repeats = t.iter().filter(|c| *c == "t_probability").count();
    assert_eq!(repeats, 1, "{t:?}");
    assert!(t.contains(&"t_probability_2".to_string()), "{t:?}");
    // and the output reads back
    let again = header("t.sitrep", "out.csv");
    let distinct: std::collections::HashSet<&String> = again.iter().collect();
    assert_eq!(distinct.len(), again.len(), "{again:?}");
}

/// `--text-column h --text-column h` read the headline twice, so its words weighed double
/// (sitrep-classify's JSON showed the text as `Shelling\nShelling`); sitrep-train refused it,
/// classify, eval and trend did not.
#[test]
fn a_text_column_named_twice_is_refused_by_every_tool() {
    let s = Scratch::new("text-column-twice");
    s.write(
        "feed.csv",
        "id,date,country,h,text,topic,escalation\n1,2025-03-03,Chad,Shelling,Rebels shelled the town,offensive,2\n2,2025-03-04,Chad,Talks,Envoys met for talks,diplomacy,0\n",
    );
    let message =
        "--text-column `h` is given twice, so its text would be read twice; name each text column once";
    let twice = [
        "--text-column",
        "h",
        "--text-column",
        "text",
        "--text-column",
        "h",
    ];
    let runs: [(&str, Vec<&str>); 3] = [
        ("sitrep-classify", vec!["--input", "feed.csv", "-f", "jsonl"]),
        ("sitrep-eval", vec!["--data", "feed.csv"]),
        (
            "sitrep-trend",
            vec!["--input", "feed.csv", "--classify", "--by", "country"],
        ),
    ];
    for (program, args) in runs {
        let o = run(program, &s.dir, &[&args[..], &twice[..]].concat(), None);
        assert_error_is(&o, program, message);
        // each column once is read as before
        let once = ["--text-column", "h", "--text-column", "text"];
        assert_ok(&run(program, &s.dir, &[&args[..], &once[..]].concat(), None));
    }
}
