//! Reading a file's imports from its source text: comments and strings blanked out, `use`
//! trees flattened, and every path made absolute within the crate.

use super::module_of;

/// Source text without comments and string contents, so that neither is read as an import.
pub fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // a char literal such as '"' (lifetimes have no closing quote)
            out.push_str("' '");
            i += 3;
        } else {
            out.push(b[i] as char);
            i += 1;
        }
    }
    out
}

/// One `use` tree flattened into paths: `a::{b, c::{d, self}}` -> a::b, a::c::d, a::c.
fn flatten(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(open) = tree.find('{') {
        let head: Vec<String> = tree[..open]
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut base = prefix.to_vec();
        base.extend(head);
        let inner = &tree[open + 1..tree.rfind('}').expect("balanced braces")];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    flatten(&inner[start..i], &base, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        flatten(&inner[start..], &base, out);
    } else {
        let item = tree.split(" as ").next().expect("a path").trim();
        let mut path = prefix.to_vec();
        for seg in item.split("::").map(str::trim).filter(|s| !s.is_empty()) {
            if seg == "self" {
                continue;
            }
            path.push(seg.to_string());
        }
        out.push(path);
    }
}

pub struct Use {
    /// Absolute module path plus item names, e.g. [features, Analyzer].
    pub path: Vec<String>,
    /// A `pub use`: the name is forwarded, not used.
    pub reexport: bool,
}

/// Every `use` statement and inline `crate::` path of a file, made absolute.
pub fn imports(rel: &str, code: &str, crate_name: &str) -> Vec<Use> {
    let module = module_of(rel);
    let is_mod_file = rel.ends_with("mod.rs") || rel == "lib.rs" || !rel.contains('/');
    let mut out = Vec::new();
    let mut rest = code;
    let mut consumed = 0;
    let mut use_spans = Vec::new();
    while let Some(at) = rest.find("use ") {
        let abs = consumed + at;
        let line_start = code[..abs].rfind('\n').map_or(0, |n| n + 1);
        let before = code[line_start..abs].trim();
        let starts_statement = before.is_empty() || before == "pub" || before.starts_with("pub(");
        let word_start =
            abs == 0 || !code.as_bytes()[abs - 1].is_ascii_alphanumeric() && code.as_bytes()[abs - 1] != b'_';
        let end = code[abs..].find(';').map_or(code.len(), |e| abs + e);
        if starts_statement && word_start {
            let indented = abs > line_start && code[line_start..abs].starts_with(' ');
            let reexport = before.starts_with("pub");
            let mut paths = Vec::new();
            flatten(&code[abs + 4..end], &[], &mut paths);
            for p in paths {
                if let Some(path) = absolute(&p, &module, is_mod_file, indented, crate_name) {
                    out.push(Use { path, reexport });
                }
            }
            use_spans.push((abs, end));
        }
        consumed = abs + 4;
        rest = &code[consumed..];
    }
    // inline paths outside use statements
    for (needle, _) in code.match_indices("crate::") {
        if use_spans.iter().any(|&(a, e)| needle >= a && needle < e) {
            continue;
        }
        let b = code.as_bytes();
        if needle > 0
            && (b[needle - 1].is_ascii_alphanumeric() || b[needle - 1] == b'_' || b[needle - 1] == b'$')
        {
            continue;
        }
        let tail = &code[needle + 7..];
        let len = tail
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(tail.len());
        let path: Vec<String> = tail[..len]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        out.push(Use {
            path,
            reexport: false,
        });
    }
    out
}

/// Makes a `use` path absolute, or `None` for paths outside the crate (std, serde, ...).
fn absolute(
    p: &[String],
    module: &[String],
    is_mod_file: bool,
    indented: bool,
    crate_name: &str,
) -> Option<Vec<String>> {
    let first = p.first()?;
    if first == "crate" || first == crate_name {
        return Some(p[1..].to_vec());
    }
    // `super` in a file's inline test module means the file itself
    let mut base = module.to_vec();
    let mut segs = p;
    if first == "self" {
        segs = &p[1..];
    } else if first == "super" {
        let mut ups = 0;
        while segs.first().is_some_and(|s| s == "super") {
            ups += 1;
            segs = &segs[1..];
        }
        if indented {
            ups -= 1;
        }
        for _ in 0..ups {
            base.pop();
        }
    } else if !is_mod_file {
        return None;
    }
    // in a mod.rs, `use child::X` names a child module; anything else is another crate
    base.extend(segs.iter().cloned());
    Some(base)
}
