//! sitrep-trend's benchmark harness and demo feed run end to end on tiny sizes, so they
//! cannot rot (the benchmark itself is never run or timed by the test suite).

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

fn python_missing() -> bool {
    Command::new("python3").arg("--version").output().is_err()
}

#[test]
fn the_feed_script_and_the_benchmark_harness_run() {
    if python_missing() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let s = Scratch::new("trend-bench");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sitrep-trend"))
        .parent()
        .expect("bin dir");
    let out = s.path("bench.md");
    let o = Command::new("python3")
        .arg(root.join("benches/trend_bench.py"))
        .args([
            "--sizes",
            "2000,5000",
            "--dense",
            "3000",
            "--repeat",
            "1",
            "--out",
        ])
        .arg(&out)
        .arg("--bin-dir")
        .arg(bin_dir)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let report = std::fs::read_to_string(&out).expect("report written");
    assert!(
        report.contains("| 2,000 | 200 |")
            && report.contains("| 5,000 | 200 |")
            && report.contains("| 3,000 | 1 |"),
        "{report}"
    );
    // the demo feed is seeded: the same seed gives the same bytes, and sitrep-trend reads it
    let feed = |seed: &str| {
        let o = Command::new("python3")
            .arg(root.join("benches/trend_feed.py"))
            .args(["demo", "--seed", seed, "--weeks", "30"])
            .output()
            .expect("python3 runs");
        assert!(o.status.success(), "{}", stderr(&o));
        o.stdout
    };
    let (a, b, c) = (feed("7"), feed("7"), feed("8"));
    assert_eq!(a, b);
    assert_ne!(a, c);
    s.write("demo.csv", &a);
    let out = assert_ok(&run(
        "sitrep-trend",
        &s.dir,
        &["--input", "demo.csv", "--format", "csv"],
        None,
    ));
    assert_eq!(out.lines().count(), 1 + 10 * 30, "ten places, thirty weeks");
}
