//! The articles of a folder: its `.txt` files, one article each, in name order. A folder is
//! read one level deep (articles are files; a subfolder may be an archive or another
//! feed), but nothing in it is passed over in silence: subfolders and files of other names
//! are named in a warning, and a `.txt` entry that cannot be opened (a link whose target is
//! gone) is an error before any article is read, rather than an article quietly missing.

use std::path::{Path, PathBuf};

use super::article::ClassifyError;

/// What a folder holds for classification.
#[derive(Debug, Default, PartialEq)]
pub struct Folder {
    /// The `.txt` files, sorted by name.
    pub files: Vec<PathBuf>,
    /// Names of the subfolders (links to folders included), sorted; not read.
    pub subfolders: Vec<String>,
    /// Names of the other entries (files not named `*.txt`), sorted; not read.
    pub others: Vec<String>,
}

/// Names listed in a message before "and N more": enough to recognize what was skipped,
/// few enough for one line.
const NAMES_SHOWN: usize = 5;

impl Folder {
    /// Lists `dir`. An error if it cannot be listed, if a `.txt` entry cannot be opened
    /// or is not a file, or if it holds no `.txt` files.
    pub fn read(dir: &Path) -> Result<Folder, ClassifyError> {
        let read_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| ClassifyError::Read { path, source }
        };
        let mut folder = Folder::default();
        for entry in std::fs::read_dir(dir).map_err(read_err(dir))? {
            let entry = entry.map_err(read_err(dir))?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let txt = path.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"));
            // metadata follows links: a link is what it points to
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => folder.subfolders.push(name),
                Ok(m) if txt && m.is_file() => folder.files.push(path),
                Ok(_) if txt => return Err(ClassifyError::NotAFile { path }),
                Err(source) if txt => {
                    return Err(match std::fs::read_link(&path) {
                        Ok(target) => ClassifyError::BrokenLink { path, target, source },
                        Err(_) => ClassifyError::Read { path, source },
                    })
                }
                _ => folder.others.push(name),
            }
        }
        folder.files.sort();
        folder.subfolders.sort();
        folder.others.sort();
        if folder.files.is_empty() {
            let skipped: String = folder.skipped().iter().map(|s| format!("; {s}")).collect();
            return Err(ClassifyError::EmptyFolder {
                path: dir.to_path_buf(),
                skipped,
            });
        }
        Ok(folder)
    }

    /// What was left unread, a sentence per kind of entry (none when nothing was).
    pub fn skipped(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.subfolders.is_empty() {
            out.push(format!(
                "skipped {} ({}): --input reads the .txt files in the folder itself, not in its subfolders",
                count(self.subfolders.len(), "subfolder"),
                names(&self.subfolders)
            ));
        }
        if !self.others.is_empty() {
            out.push(format!(
                "skipped {} not named *.txt ({})",
                count(self.others.len(), "file"),
                names(&self.others)
            ));
        }
        out
    }
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `` `a`, `b` and 3 more ``.
fn names(names: &[String]) -> String {
    let shown: Vec<String> = names.iter().take(NAMES_SHOWN).map(|n| format!("`{n}`")).collect();
    let mut out = shown.join(", ");
    if names.len() > NAMES_SHOWN {
        out.push_str(&format!(" and {} more", names.len() - NAMES_SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_lists_its_text_files_and_names_what_it_leaves() {
        let dir = std::env::temp_dir().join(format!("sitrep-folder-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["sub", "in.TXT.d", "dir.txt"] {
            std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
        }
        for file in ["b.txt", "a.TXT", "notes.md", "README"] {
            std::fs::write(dir.join(file), "x").expect("write");
        }
        // a link to a file is that file; a link to nothing, named otherwise, is skipped
        std::os::unix::fs::symlink(dir.join("b.txt"), dir.join("c.txt")).expect("symlink");
        std::os::unix::fs::symlink(dir.join("nowhere"), dir.join("d.link")).expect("symlink");
        let folder = Folder::read(&dir).expect("lists");
        let files: Vec<PathBuf> = ["a.TXT", "b.txt", "c.txt"].iter().map(|f| dir.join(f)).collect();
        assert_eq!(folder.files, files);
        assert_eq!(folder.subfolders, ["dir.txt", "in.TXT.d", "sub"]);
        assert_eq!(folder.others, ["README", "d.link", "notes.md"]);
        assert_eq!(
            folder.skipped(),
            [
                "skipped 3 subfolders (`dir.txt`, `in.TXT.d`, `sub`): --input reads the .txt files in the folder itself, not in its subfolders",
                "skipped 3 files not named *.txt (`README`, `d.link`, `notes.md`)",
            ]
        );
        std::os::unix::fs::symlink(dir.join("gone"), dir.join("e.txt")).expect("symlink");
        let e = Folder::read(&dir).unwrap_err();
        assert!(matches!(e, ClassifyError::BrokenLink { .. }), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn long_lists_of_names_are_cut() {
        let many: Vec<String> = (1..=8).map(|i| i.to_string()).collect();
        assert_eq!(names(&many), "`1`, `2`, `3`, `4`, `5` and 3 more");
        assert_eq!(names(&many[..2]), "`1`, `2`");
    }
}
