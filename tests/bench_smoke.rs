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
    let data_dir = s.dir.join("data");
    let harness = |name: &str, args: &[&str], out: &Path| {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        all.extend([
            "--data-dir".as_ref(),
            data_dir.as_os_str(),
            "--bin-dir".as_ref(),
            bin_dir.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        let o = script(name, &all);
        std::fs::read_to_string(out).unwrap_or_else(|e| panic!("{name} wrote no report: {e}\n{o}"))
    };
    let table = harness(
        "bench.py",
        &[
            "--no-peers",
            "--corpora",
            "tiny",
            "--repeat",
            "1",
            "--replicate",
            "2",
        ],
        &s.path("bench.md"),
    );
    assert!(table.contains("| tiny | sitrep (default svm) |"), "{table}");
    assert!(table.contains("| tiny | sitrep --model auto |"), "{table}");

    // the scaling run, on sizes of a few dozen rows
    let table = harness(
        "scale.py",
        &["--sizes", "40,80", "--source", "tiny", "--repeat", "2"],
        &s.path("scale.md"),
    );
    assert!(table.contains("\n| 80 | "), "{table}");
    assert!(
        s.path("scale.svg").is_file(),
        "the plot is written beside the table"
    );

    // the A/B timer, comparing a build with itself
    let classify = env!("CARGO_BIN_EXE_sitrep-classify");
    let test = corpus.join("test.csv");
    let line = script(
        "ab.py",
        &[
            "2".as_ref(),
            classify.as_ref(),
            classify.as_ref(),
            "--input".as_ref(),
            test.as_os_str(),
        ],
    );
    assert!(
        line.starts_with("A wall min ") && line.contains("| B/A: median wall "),
        "{line}"
    );
}

/// Runs `benches/NAME` with python3, which must succeed; returns what it printed.
fn script(name: &str, args: &[&std::ffi::OsStr]) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches").join(name);
    let o = std::process::Command::new("python3")
        .arg(path)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}
