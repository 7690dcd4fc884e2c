//! Pictures: the HTML report and SVG plots sitrep-eval writes, and those committed under
//! reports/, must be self-contained, well-formed XML.

use super::common::*;

#[test]
fn html_report_and_svg_plots_are_self_contained_and_valid_xml() {
    let s = Scratch::new("eval-html");
    let model = train_tiny(&s);
    let data = s.write("test.csv", tiny_corpus());
    let plots = s.path("plots");
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--model",
            model.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--format",
            "html",
            "--errors",
            "2",
            "--plots",
            plots.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Two targets, each with a heatmap and a reliability diagram, inline.
    assert_eq!(html.matches("<svg").count(), 4);
    for needle in [
        "model CRC-32",
        "data CRC-32",
        "seed",
        "sitrep version",
        "95% CI",
        "coverage",
    ] {
        assert!(html.contains(needle), "no {needle:?}");
    }
    assert!(!html.contains("<script") && !html.contains("<link") && !html.contains("src="));
    for name in [
        "topic-confusion.svg",
        "topic-reliability.svg",
        "escalation-confusion.svg",
        "escalation-reliability.svg",
    ] {
        let svg = std::fs::read_to_string(plots.join(name)).expect("svg written");
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
    // Each inline SVG parses as XML too.
    for part in html.split("<svg").skip(1) {
        let end = part.find("</svg>").expect("closed svg") + "</svg>".len();
        let svg = format!("<svg{}", &part[..end]);
        roxmltree::Document::parse(&svg).expect("inline svg is XML");
    }
    // HTML is for one model.
    let o = run(
        "sitrep-eval",
        &s.dir,
        &[
            "--data",
            data.to_str().unwrap(),
            "--target",
            "topic",
            "--folds",
            "3",
            "--format",
            "html",
        ],
        None,
    );
    assert_clean_error(&o, "sitrep-eval", "--format html reports on one model");
}

/// The pictures committed under reports/ (and those inline in the committed HTML report)
/// must stay well-formed XML.
#[test]
fn committed_report_pictures_are_valid_xml() {
    let reports = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let mut checked = 0;
    for entry in std::fs::read_dir(&reports).expect("reports/ exists") {
        let path = entry.expect("entry").path();
        let text = || std::fs::read_to_string(&path).expect("readable");
        match path.extension().and_then(|e| e.to_str()) {
            Some("svg") => {
                roxmltree::Document::parse(&text()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                checked += 1;
            }
            Some("html") => {
                for part in text().split("<svg").skip(1) {
                    let end = part.find("</svg>").expect("closed svg") + "</svg>".len();
                    roxmltree::Document::parse(&format!("<svg{}", &part[..end]))
                        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    checked += 1;
                }
            }
            _ => {}
        }
    }
    assert!(checked >= 4, "only {checked} pictures found under reports/");
}
