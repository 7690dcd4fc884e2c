//! sitrep-classify's inputs other than CSV: a folder (what it reads, and what it skips and
//! says so).

use std::path::Path;
use std::process::Output;

use super::*;

/// Runs sitrep-classify with `model`, then `args`.
fn classify(s: &Scratch, model: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut all = vec!["--model", model.to_str().unwrap()];
    all.extend_from_slice(args);
    run("sitrep-classify", &s.dir, &all, stdin)
}

fn mkdir(path: &Path) {
    std::fs::create_dir_all(path).expect("mkdir");
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write fixture");
}

#[test]
fn a_dangling_link_in_a_folder_is_an_error_naming_it() {
    let s = Scratch::new("folderlink");
    let model = train_tiny(&s);
    let dir = s.path("articles");
    mkdir(&dir);
    write(&dir.join("a.txt"), "Rebels shelled the town");
    let (link, gone) = (dir.join("b.txt"), s.path("gone.txt"));
    std::os::unix::fs::symlink(&gone, &link).expect("symlink");
    let o = classify(&s, &model, &["--input", dir.to_str().unwrap()], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!(
            "cannot read {}: it links to {}, which cannot be opened (No such file or directory (os error 2)); restore its target or remove the link",
            link.display(),
            gone.display()
        ),
    );
    // found before any article is read: nothing half done
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

#[test]
fn a_folder_reports_the_subfolders_and_other_files_it_skips() {
    let s = Scratch::new("foldersub");
    let model = train_tiny(&s);
    let dir = s.path("articles");
    for sub in ["2024", "old", "x.txt"] {
        mkdir(&dir.join(sub));
        write(&dir.join(sub).join("c.txt"), "Talks resumed");
    }
    write(&dir.join("a.txt"), "Rebels shelled the town");
    write(&dir.join("notes.md"), "# what is in here");
    let d = dir.display();
    let args = ["--input", dir.to_str().unwrap(), "--format", "jsonl"];
    let o = classify(&s, &model, &args, None);
    assert_eq!(assert_ok(&o).lines().count(), 1, "a.txt only");
    assert_eq!(
        stderr(&o),
        format!(
            "sitrep-classify: warning: {d}: skipped 3 subfolders (`2024`, `old`, `x.txt`): --input reads the .txt files in the folder itself, not in its subfolders\n\
             sitrep-classify: warning: {d}: skipped 1 file not named *.txt (`notes.md`)\n"
        )
    );
    // many: the first five by name, then how many more
    for i in 0..7 {
        mkdir(&dir.join(format!("s{i}")));
    }
    let o = classify(&s, &model, &args, None);
    assert_ok(&o);
    assert!(
        stderr(&o).contains(": skipped 10 subfolders (`2024`, `old`, `s0`, `s1`, `s2` and 5 more): "),
        "{}",
        stderr(&o)
    );
    // a folder of folders: the one error line says what is there
    let nested = s.path("nested");
    mkdir(&nested.join("inner"));
    write(&nested.join("inner").join("a.txt"), "Talks resumed");
    let o = classify(&s, &model, &["--input", nested.to_str().unwrap()], None);
    assert_error_is(
        &o,
        "sitrep-classify",
        &format!(
            "{} holds no .txt files to classify; skipped 1 subfolder (`inner`): --input reads the .txt files in the folder itself, not in its subfolders",
            nested.display()
        ),
    );
}
