//! Killing `sitrep-train` at any moment leaves the previous model at `--out` intact and
//! loadable, and never a partial file under the final name (issue 6).

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A deterministic pseudo-random sequence (xorshift64*), so every run kills at the same moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A synthetic labeled corpus large enough that training takes about a second.
fn big_corpus(rows: usize) -> String {
    let topics = [
        (
            "offensive",
            [
                "shelled",
                "troops",
                "artillery",
                "assault",
                "drone",
                "strike",
                "fighters",
                "captured",
            ],
        ),
        (
            "displacement",
            [
                "fled",
                "refugees",
                "camp",
                "displaced",
                "shelter",
                "aid",
                "families",
                "border",
            ],
        ),
        (
            "diplomacy",
            [
                "talks",
                "ceasefire",
                "ministers",
                "envoy",
                "sanctions",
                "treaty",
                "summit",
                "mediators",
            ],
        ),
    ];
    let common = [
        "the",
        "city",
        "north",
        "officials",
        "said",
        "on",
        "monday",
        "region",
        "province",
        "government",
        "people",
        "after",
        "week",
        "report",
        "local",
        "forces",
        "near",
        "capital",
        "village",
        "district",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut csv = String::from("text,topic,escalation\n");
    for i in 0..rows {
        let (topic, words) = topics[i % 3];
        let mut text = String::new();
        for w in 0..60 {
            let word = if rng.below(3) == 0 {
                words[rng.below(words.len())].to_string()
            } else if rng.below(4) == 0 {
                format!("place{}", rng.below(3000))
            } else {
                common[rng.below(common.len())].to_string()
            };
            if w > 0 {
                text.push(' ');
            }
            text.push_str(&word);
        }
        csv.push_str(&format!("{text},{topic},{}\n", rng.below(4)));
    }
    csv
}

fn train_command(dir: &Path, data: &Path, out: &Path, seed: &str) -> Command {
    let mut c = Command::new(bin("sitrep-train"));
    c.args([
        "--data",
        data.to_str().unwrap(),
        "--target",
        "topic",
        "--target",
        "escalation:ordinal",
        "--seed",
        seed,
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ])
    .current_dir(dir)
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(Stdio::piped());
    c
}

/// Files in `dir` other than `keep`, which must all be our temp files `.NAME.PID.tmp`.
fn leftovers(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

#[test]
fn sigkill_during_training_never_damages_the_previous_model() {
    let s = Scratch::new("sigkill");
    let data = s.write("big.csv", big_corpus(9000));
    let models = s.path("models");
    std::fs::create_dir(&models).expect("mkdir");
    let out = models.join("m.sitrep");

    // the previous model, and how long one training takes here, now
    let started = Instant::now();
    let o = train_command(&s.dir, &data, &out, "1")
        .output()
        .expect("train runs");
    let full = started.elapsed();
    assert!(o.status.success(), "{}", stderr(&o));
    let previous = std::fs::read(&out).expect("previous model");
    // what a run with another seed writes when it completes: the only other content allowed
    // at --out (a run can be killed after its rename, before it exits)
    let fresh_path = s.path("fresh.sitrep");
    let o = train_command(&s.dir, &data, &fresh_path, "2")
        .output()
        .expect("train runs");
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = std::fs::read(&fresh_path).expect("fresh model");
    assert_ne!(fresh, previous);

    let mut rng = Rng(0x0dd_ba11);
    // the time scale of the kills; it shrinks when a run finishes first (the first training
    // may have been slowed by other tests running beside it)
    let mut t = full.as_secs_f64();
    let runs = 20;
    let (mut unchanged, mut replaced, mut finished, mut temps_seen) = (0, 0, 0, 0);
    for run in 0..runs {
        // 14 kills spread over the whole run, 6 around its end (the final write), each with
        // random jitter
        let base = if run < 14 {
            t * (run as f64 + 0.5) / 14.0
        } else {
            t * (0.9 + 0.04 * (run - 14) as f64)
        };
        let jitter = (rng.below(1000) as f64 / 1000.0 - 0.5) * t / 20.0;
        let delay = Duration::from_secs_f64((base + jitter).max(0.0));
        // another seed: a run that completes writes different bytes, so we can tell
        let mut child = train_command(&s.dir, &data, &out, "2")
            .spawn()
            .expect("train starts");
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL on Unix
        let status = child.wait().expect("train ends");
        if status.success() {
            finished += 1;
            t *= 0.75;
        }

        let now = std::fs::read(&out).expect("a model is always at --out");
        let model = sitrep::model::file::decode(&out, &now);
        assert!(
            model.is_ok(),
            "run {run}, killed after {delay:?}: the file at --out does not load: {}",
            model.err().map(|e| e.to_string()).unwrap_or_default()
        );
        // either untouched, or the complete new model: never a mix or a part
        if now == previous {
            assert!(!status.success(), "run {run}: finished, yet --out is unchanged");
            unchanged += 1;
        } else {
            assert!(
                now == fresh,
                "run {run}: killed after {delay:?}, --out holds neither the old nor the new model"
            );
            replaced += 1;
        }
        let extra = leftovers(&models, &["m.sitrep"]);
        temps_seen = temps_seen.max(extra.len());
        for name in extra {
            assert!(
                name.starts_with(".m.sitrep.") && name.ends_with(".tmp"),
                "run {run}: unexpected file {name} beside the model"
            );
        }
        if now != previous {
            std::fs::write(&out, &previous).expect("restore the previous model");
        }
    }
    eprintln!(
        "one training: {full:?}; {runs} runs: {unchanged} killed before the rename (model untouched), \
         {replaced} replaced by the complete new model ({finished} of them finished before the kill); \
         {temps_seen} stale temp files at most"
    );
    assert!(
        unchanged >= runs / 2,
        "too few runs were killed before they finished: {unchanged} of {runs}"
    );

    // a save that completes removes the temp files of killed runs
    let o = train_command(&s.dir, &data, &out, "1")
        .output()
        .expect("train runs");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(leftovers(&models, &["m.sitrep"]), Vec::<String>::new());
    assert_eq!(std::fs::read(&out).expect("model"), previous);
}
