//! The shape of `src/`, as ARCHITECTURE.md draws it: no import circle between files or
//! between folders, imports only downward through the layers, no source file over 500
//! lines, and a map that names only folders that exist and every folder that does.
//!
//! Imports are read from the source text: every `use` of a `crate::`, `super::` or
//! `self::` path (and `sitrep::` in the binaries), and every `crate::` path written inline.
//! A name re-exported by a folder's `mod.rs` (`pub use child::Name`) is followed to the file
//! that defines it, so `use crate::features::Analyzer` depends on `features/analyzer.rs`,
//! not on `features/mod.rs`; the re-export itself is forwarding, not a dependency. Test code
//! (what follows `#[cfg(test)]` in a file, and `tests.rs` files) is left out: a test may build
//! its fixtures with whatever the crate has.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Top-level parts of `src/` and their layer: a part may import parts of lower layers only,
/// and parts of its own layer only where [`SAME_LAYER`] allows it (kernels may use each
/// other, as long as no circle forms).
const LAYERS: &[(&str, u8)] = &[
    ("bin", 6),
    ("cli", 5),
    ("evaluate", 4),
    ("train", 3),
    ("classify", 3),
    ("trend", 3),
    ("model", 2),
    ("data", 1),
    ("features", 0),
    ("models", 0),
    ("metrics", 0),
    ("sparse", 0),
    ("html", 0),
    ("prefetch", 0),
    ("wording", 0),
];

/// Imports allowed within one layer, beyond the kernels' among themselves: monitoring can
/// classify raw articles on the fly (`sitrep-trend --classify`).
const SAME_LAYER: &[(&str, &str)] = &[("trend", "classify")];

const MAX_LINES: usize = 500;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// `src/a/b.rs` -> `a/b.rs`, with forward slashes.
fn rel(path: &Path) -> String {
    path.strip_prefix(src())
        .expect("under src/")
        .to_string_lossy()
        .replace('\\', "/")
}

/// The module path of a library file: `lib.rs` -> [], `a/mod.rs` and `a.rs` -> [a].
fn module_of(rel: &str) -> Vec<String> {
    let trimmed = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The part of `src/` a file belongs to: its first folder, or its own name at the top.
fn part_of(rel: &str) -> String {
    rel.split('/')
        .next()
        .expect("non-empty path")
        .trim_end_matches(".rs")
        .to_string()
}

mod reader;

use reader::{code_only, imports};

struct Crate {
    /// module path -> file (relative to src/)
    files: HashMap<Vec<String>, String>,
    /// (module path, name) -> absolute path it forwards to
    reexports: HashMap<(Vec<String>, String), Vec<String>>,
}

impl Crate {
    /// The file that defines what `path` names: the deepest module on the path, or the file a
    /// re-export forwards the name to.
    fn resolve(&self, path: &[String], depth: usize) -> Option<String> {
        let mut module: Vec<String> = Vec::new();
        let mut i = 0;
        while i < path.len() {
            let mut next = module.clone();
            next.push(path[i].clone());
            if self.files.contains_key(&next) {
                module = next;
                i += 1;
            } else {
                break;
            }
        }
        if i < path.len() && depth < 8 {
            if let Some(target) = self.reexports.get(&(module.clone(), path[i].clone())) {
                let mut full = target.clone();
                full.extend(path[i + 1..].iter().cloned());
                return self.resolve(&full, depth + 1);
            }
        }
        self.files.get(&module).cloned()
    }
}

struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn read_graph() -> (Graph, BTreeMap<String, usize>) {
    let mut paths = Vec::new();
    rust_files(&src(), &mut paths);
    let mut files = HashMap::new();
    let mut texts = Vec::new();
    let mut lines = BTreeMap::new();
    for p in &paths {
        let r = rel(p);
        let text = std::fs::read_to_string(p).expect("source is UTF-8");
        lines.insert(r.clone(), text.lines().count());
        if !r.starts_with("bin/") {
            files.insert(module_of(&r), r.clone());
        }
        let code = code_only(&text);
        let code = match code.find("#[cfg(test)]") {
            _ if r.ends_with("/tests.rs") => String::new(),
            Some(at) => code[..at].to_string(),
            None => code,
        };
        texts.push((r, code));
    }
    let mut krate = Crate {
        files,
        reexports: HashMap::new(),
    };
    let mut uses = Vec::new();
    for (r, code) in &texts {
        let name = if r.starts_with("bin/") { "sitrep" } else { "crate" };
        let found = imports(r, code, name);
        for u in &found {
            if u.reexport {
                if let Some(last) = u.path.last() {
                    krate
                        .reexports
                        .insert((module_of(r), last.clone()), u.path.clone());
                }
            }
        }
        uses.push((r.clone(), found));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (r, found) in uses {
        let entry = edges.entry(r.clone()).or_default();
        for u in found.iter().filter(|u| !u.reexport) {
            if let Some(target) = krate.resolve(&u.path, 0) {
                if target != r && target != "lib.rs" {
                    entry.insert(target);
                }
            }
        }
    }
    (Graph { edges }, lines)
}

/// A circle in the graph, as its nodes in order, if there is one.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut HashMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            match state.get(m.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == m).expect("on the stack");
                    let mut cycle = stack[at..].to_vec();
                    cycle.push(m.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(m, edges, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = HashMap::new();
    for n in edges.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(c) = visit(n, edges, &mut state, &mut stack) {
                return Some(c);
            }
        }
    }
    None
}

fn part_edges(g: &Graph) -> BTreeMap<String, BTreeSet<String>> {
    let mut parts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in g.edges.iter().filter(|(f, _)| *f != "lib.rs") {
        let a = part_of(from);
        let entry = parts.entry(a.clone()).or_default();
        for to in tos {
            let b = part_of(to);
            if b != a {
                entry.insert(b);
            }
        }
    }
    parts
}

#[test]
fn no_import_circle_between_files() {
    let (g, _) = read_graph();
    assert!(
        g.edges.values().map(BTreeSet::len).sum::<usize>() > 50,
        "the import reader found almost no imports: it is broken, not the code"
    );
    if let Some(cycle) = find_cycle(&g.edges) {
        panic!("import circle between files: {}", cycle.join(" -> "));
    }
}

#[test]
fn no_import_circle_between_folders_and_imports_point_down() {
    let (g, _) = read_graph();
    let parts = part_edges(&g);
    if let Some(cycle) = find_cycle(&parts) {
        panic!("import circle between folders: {}", cycle.join(" -> "));
    }
    let layer: HashMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (a, tos) in &parts {
        let la = *layer
            .get(a.as_str())
            .unwrap_or_else(|| panic!("src/{a} has no layer: add it to ARCHITECTURE.md and to LAYERS here"));
        for b in tos {
            let lb = *layer.get(b.as_str()).unwrap_or_else(|| {
                panic!("src/{b} has no layer: add it to ARCHITECTURE.md and to LAYERS here")
            });
            let allowed =
                la > lb || (la == lb && (la == 0 || SAME_LAYER.contains(&(a.as_str(), b.as_str()))));
            if !allowed {
                let culprits: Vec<String> = g
                    .edges
                    .iter()
                    .filter(|(f, _)| part_of(f) == *a)
                    .flat_map(|(f, ts)| {
                        ts.iter()
                            .filter(|t| part_of(t) == *b)
                            .map(move |t| format!("{f} -> {t}"))
                    })
                    .collect();
                wrong.push(format!(
                    "{a} (layer {la}) imports {b} (layer {lb}): {}",
                    culprits.join(", ")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that point up or across:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_sees_known_imports() {
    // If these fail, the reader above is wrong and the other tests prove nothing.
    let (g, _) = read_graph();
    let has = |from: &str, to: &str| g.edges.get(from).is_some_and(|t| t.contains(to));
    assert!(
        has("model/mod.rs", "models/linear.rs"),
        "use crate::models::LinearClassifier"
    );
    assert!(
        has("classify/csv.rs", "classify/output.rs"),
        "use super::output::..."
    );
    assert!(
        has("bin/sitrep-train.rs", "train/mod.rs"),
        "use sitrep::train::..."
    );
    assert!(
        has("evaluate/crossval.rs", "train/mod.rs"),
        "cross-validation calls training"
    );
    assert!(
        !has("features/analyzer.rs", "features/mod.rs"),
        "re-exports are followed to the defining file"
    );
    let cycle = find_cycle(&BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]));
    assert_eq!(cycle, Some(vec!["a".into(), "b".into(), "a".into()]));
}

#[test]
fn no_source_file_over_500_lines() {
    let (_, lines) = read_graph();
    let long: Vec<String> = lines
        .iter()
        .filter(|(_, &n)| n > MAX_LINES)
        .map(|(f, n)| format!("src/{f}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these by concept: {}", long.join(", "));
}

#[test]
fn architecture_md_matches_the_tree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let map = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md exists");
    let named: BTreeSet<String> = map
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("src/"))
        .map(String::from)
        .collect();
    for p in &named {
        assert!(
            root.join(p).exists(),
            "ARCHITECTURE.md names `{p}`, which does not exist"
        );
    }
    let mut top: Vec<String> = std::fs::read_dir(src())
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().to_string();
            if p.is_dir() {
                format!("src/{name}/")
            } else {
                format!("src/{name}")
            }
        })
        .collect();
    top.sort();
    for t in &top {
        assert!(named.contains(t), "ARCHITECTURE.md does not describe `{t}`");
    }
    for (part, _) in LAYERS {
        assert!(
            top.iter()
                .any(|t| t == &format!("src/{part}/") || t == &format!("src/{part}.rs")),
            "LAYERS names {part}, which is not in src/"
        );
    }
}
