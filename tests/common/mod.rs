//! Shared helpers for the CLI tests: a scratch folder and a way to run the real binaries.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sitrep-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub fn bin(name: &str) -> PathBuf {
    match name {
        "sitrep-train" => PathBuf::from(env!("CARGO_BIN_EXE_sitrep-train")),
        "sitrep-classify" => PathBuf::from(env!("CARGO_BIN_EXE_sitrep-classify")),
        "sitrep-eval" => PathBuf::from(env!("CARGO_BIN_EXE_sitrep-eval")),
        "sitrep-trend" => PathBuf::from(env!("CARGO_BIN_EXE_sitrep-trend")),
        other => panic!("unknown binary {other}"),
    }
}

/// Runs a binary in `cwd` with `args` and optional stdin.
pub fn run(name: &str, cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(bin(name))
        .args(args)
        .current_dir(cwd)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    if let Some(input) = stdin {
        // a binary that refuses its arguments exits before reading stdin: the pipe breaks,
        // and the test then looks at what it said
        match child.stdin.take().expect("stdin").write_all(input) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.expect("write stdin"),
        }
    }
    child.wait_with_output().expect("binary finishes")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A run's stdout read as CSV: the header and every row.
pub fn csv_output(o: &Output) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = reader.records().map(|r| r.expect("row")).collect();
    (header, rows)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small labeled corpus: three topics, ordinal escalation, varied wording.
pub fn tiny_corpus() -> String {
    let offensive = [
        ("Rebels shelled the town overnight, killing 12 civilians", "2"),
        (
            "Army launches major offensive and captures the provincial capital; 300 killed",
            "3",
        ),
        (
            "Drone strike hits militia convoy near the border, five fighters dead",
            "2",
        ),
        ("Troops pull back from front-line positions under the truce", "0"),
        ("Artillery pounded villages as clashes spread, dozens dead", "2"),
        (
            "Insurgents seize strategic city after week-long assault, hundreds killed",
            "3",
        ),
        ("Soldiers massed near the frontier; no shots fired", "1"),
        ("Air raids killed 45 people in the market district", "2"),
    ];
    let displacement = [
        ("Thousands fled their homes as fighting reached the district", "2"),
        ("Refugee families returned home after the ceasefire held", "0"),
        ("Camp residents face food shortages as aid funding runs dry", "1"),
        (
            "More than 200,000 people displaced in a week, UN agency says",
            "3",
        ),
        ("Displaced families shelter in schools after floods", "2"),
        ("Returnees rebuild houses as camps close", "0"),
        (
            "Aid agencies warn of cholera risk in crowded displacement sites",
            "1",
        ),
        (
            "Tens of thousands uprooted by the offensive crossed into the neighbouring country",
            "3",
        ),
    ];
    let diplomacy = [
        ("Foreign ministers agree to a ceasefire at talks in Geneva", "0"),
        ("Government expels ambassador and threatens sanctions", "1"),
        ("Mediators report progress in peace negotiations", "0"),
        (
            "Security Council condemns the attack that killed 30 villagers",
            "2",
        ),
        (
            "President warns neighbour of consequences after border incident",
            "1",
        ),
        ("Both sides sign prisoner exchange deal", "0"),
        ("Talks collapse as delegations trade accusations", "1"),
        (
            "Country declares war and cuts diplomatic ties amid massive offensive",
            "3",
        ),
    ];
    let mut csv = String::from("id,title,text,topic,escalation\n");
    let mut id = 0;
    for round in 0..3 {
        for (topic, items) in [
            ("offensive", &offensive),
            ("displacement", &displacement),
            ("diplomacy", &diplomacy),
        ] {
            for (text, level) in items.iter() {
                id += 1;
                csv.push_str(&format!(
                    "{id},\"Report {round}\",\"{text} (update {round}).\",{topic},{level}\n"
                ));
            }
        }
    }
    csv
}

/// Trains a model on the tiny corpus into the scratch folder and returns its path.
pub fn train_tiny(s: &Scratch) -> PathBuf {
    let (o, model) = train_tiny_with(s, &[], "tiny.sitrep");
    assert!(o.status.success(), "training failed: {}", stderr(&o));
    model
}

/// Runs `sitrep-train` on the tiny corpus (both targets, min_df 1, quiet) with `extra` flags
/// into `out` in the scratch folder; returns the run and the model's path.
pub fn train_tiny_with(s: &Scratch, extra: &[&str], out: &str) -> (Output, PathBuf) {
    let mut args = vec!["--quiet"];
    args.extend_from_slice(extra);
    train_corpus_with(s, &tiny_corpus(), "topic", &args, out)
}

/// Runs `sitrep-train` on `corpus`, laid out as [`tiny_corpus`] is (title, text, the topic
/// column, here named `topic`, and escalation), training both targets (min_df 1) with
/// `extra` flags into `out` in the scratch folder; returns the run and the model's path.
pub fn train_corpus_with(
    s: &Scratch,
    corpus: &str,
    topic: &str,
    extra: &[&str],
    out: &str,
) -> (Output, PathBuf) {
    let data = s.write("train.csv", corpus);
    let model = s.path(out);
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--text-column",
        "title",
        "--text-column",
        "text",
        "--target",
        topic,
        "--target",
        "escalation:ordinal",
        "--out",
        model.to_str().unwrap(),
        "--min-df",
        "1",
    ];
    args.extend_from_slice(extra);
    (run("sitrep-train", &s.dir, &args, None), model)
}

/// Runs sitrep-train on `data` with target `topic`, the model going to `m.sitrep` in the
/// scratch folder, and `extra` options.
pub fn train_on_path_with(s: &Scratch, data: &Path, extra: &[&str]) -> Output {
    let model = s.path("m.sitrep");
    let mut args = vec![
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--out",
        model.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run("sitrep-train", &s.dir, &args, None)
}

/// Asserts a failed run: exit code 2, one error line naming the problem, no panic.
pub fn assert_clean_error(o: &Output, program: &str, expected: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(err.lines().count(), 1, "expected one line, got: {err}");
    assert!(err.starts_with(&format!("{program}: error: ")), "{err}");
    assert!(err.contains(expected), "expected {expected:?} in: {err}");
}

/// Asserts a failed run whose one stderr line is exactly `PROGRAM: error: MESSAGE`.
pub fn assert_error_is(o: &Output, program: &str, message: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(!err.contains("panicked at"), "panic: {err}");
    assert_eq!(err, format!("{program}: error: {message}\n"));
}

/// Asserts a successful run (exit 0) without a panic; returns stdout.
pub fn assert_ok(o: &Output) -> String {
    let err = stderr(o);
    assert!(!err.contains("panicked at"), "panic: {err}");
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    stdout(o)
}

/// Runs a shell pipeline with bash and returns (exit status of the first command, stderr).
pub fn run_pipeline(cwd: &Path, pipeline: &str) -> (i32, String) {
    let o = Command::new("bash")
        .arg("-c")
        .arg(format!("{pipeline}; exit ${{PIPESTATUS[0]}}"))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    (o.status.code().unwrap_or(-1), stderr(&o))
}

/// Runs a binary with its standard output sent to `stdout_path` (e.g. /dev/full).
pub fn run_to(name: &str, cwd: &Path, args: &[&str], stdout_path: &Path) -> Output {
    let out = std::fs::OpenOptions::new()
        .write(true)
        .open(stdout_path)
        .expect("open output");
    Command::new(bin(name))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::piped())
        .output()
        .expect("binary runs")
}

/// A model file around `payload` with a correct header and checksum.
pub fn file_with_payload(payload: &[u8]) -> Vec<u8> {
    let mut file = sitrep::model::file::MAGIC.to_vec();
    file.extend_from_slice(&sitrep::model::file::FORMAT_VERSION.to_le_bytes());
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let version = sitrep::model::file::FORMAT_VERSION;
    file.extend_from_slice(&sitrep::model::file::checksum(version, payload).to_le_bytes());
    file.extend_from_slice(payload);
    file
}
