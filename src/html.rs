//! What every self-contained HTML page of sitrep needs (the evaluation report, the trend
//! report): text escaped for HTML, and SVG pictures inlined without their XML declaration.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An SVG document as an element to embed in HTML (without any XML declaration).
pub fn inline_svg(svg: &str) -> &str {
    match (svg.find("<svg"), svg.trim_start().starts_with("<?xml")) {
        (Some(i), true) => &svg[i..],
        _ => svg,
    }
}
