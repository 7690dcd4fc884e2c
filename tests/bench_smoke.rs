//! The benchmark harness runs end to end on a tiny sample, so it cannot rot. (Benchmarks
//! themselves are never run or timed by the test suite.)

mod common;
use common::*;
use std::path::Path;

#[test]
fn bench_harnesses_run_on_a_tiny_corpus() {
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let s = Scratch::new("bench");
    let corpus = s.dir.join("data").join("tiny");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let mut train = String::from("text,label\n");
    let mut test = String::from("text,label\n");
    let source = tiny_corpus();
    let mut reader = csv::Reader::from_reader(source.as_bytes());
    for r in reader.records() {
        let r = r.expect("valid row");
        let row = format!("\"{}\",{}\n", &r[2], &r[3]);
        train.push_str(&row);
        if r[0].parse::<u32>().unwrap_or(0) % 4 == 0 {
            test.push_str(&row);
        }
    }
    std::fs::write(corpus.join("train.csv"), train).expect("train");
    std::fs::write(corpus.join("test.csv"), test).expect("test");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_sitrep-train"))
        .parent()
        .expect("bin dir");
    let out = s.path("bench.md");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/bench.py");
    let o = std::process::Command::new("python3")
        .arg(&script)
        .args([
            "--no-peers",
            "--corpora",
            "tiny",
            "--repeat",
            "1",
            "--replicate",
            "2",
        ])
        .arg("--data-dir")
        .arg(s.dir.join("data"))
        .arg("--bin-dir")
        .arg(bin_dir)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = std::fs::read_to_string(&out).expect("report written");
    assert!(table.contains("| tiny | sitrep (default svm) |"), "{table}");
    assert!(table.contains("| tiny | sitrep --model auto |"), "{table}");

    // the scaling run, on sizes of a few dozen rows
    let out = s.path("scale.md");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/scale.py");
    let o = std::process::Command::new("python3")
        .arg(&script)
        .args(["--sizes", "40,80", "--source", "tiny", "--repeat", "2"])
        .arg("--data-dir")
        .arg(s.dir.join("data"))
        .arg("--bin-dir")
        .arg(bin_dir)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = std::fs::read_to_string(&out).expect("report written");
    assert!(table.contains("\n| 80 | "), "{table}");
    assert!(
        s.path("scale.svg").is_file(),
        "the plot is written beside the table"
    );

    // the A/B timer, comparing a build with itself
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/ab.py");
    let classify = env!("CARGO_BIN_EXE_sitrep-classify");
    let o = std::process::Command::new("python3")
        .arg(&script)
        .args(["2", classify, classify, "--input"])
        .arg(corpus.join("test.csv"))
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(
        line.starts_with("A wall min ") && line.contains("| B/A: median wall "),
        "{line}"
    );
}
