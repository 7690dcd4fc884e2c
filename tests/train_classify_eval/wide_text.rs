//! Text tables with CJK (two columns a character) and combining marks (none) in them:
//! sitrep-train's model selection list with a target named in CJK, and sitrep-classify's
//! table with CJK labels and articles, keep their columns in line at a terminal.

use unicode_width::UnicodeWidthStr;

use super::*;

/// The tiny corpus with its `topic` column named `話題` and its topics in Japanese.
fn wide_corpus() -> String {
    tiny_corpus()
        .replacen(",topic,", ",話題,", 1)
        .replace(",offensive,", ",攻勢,")
        .replace(",displacement,", ",避難民,")
        .replace(",diplomacy,", ",外交,")
}

/// The byte of `line` at which display column `col` starts (measured with unicode-width,
/// apart from sitrep's own helpers).
fn byte_at_column(line: &str, col: usize) -> usize {
    (0..=line.len())
        .filter(|&i| line.is_char_boundary(i))
        .find(|&i| line[..i].width() == col)
        .unwrap_or_else(|| panic!("no character starts at column {col} of {line:?}"))
}

#[test]
fn wide_targets_labels_and_articles_keep_text_tables_in_line() {
    let s = Scratch::new("widetext");
    // auto prints the candidates it compared
    let extra = ["--model", "auto", "--holdout", "0"];
    let (o, model) = train_corpus_with(&s, &wide_corpus(), "話題", &extra, "m.sitrep");
    let trained = assert_ok(&o);
    // each candidate's score starts at one column, whatever its target's name
    let candidates: Vec<&str> = trained
        .lines()
        .skip_while(|l| !l.starts_with("model selection"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(candidates.iter().any(|l| l.starts_with("  話題 ")), "{trained}");
    assert!(
        candidates.iter().any(|l| l.starts_with("  escalation ")),
        "{trained}"
    );
    let score = |l: &str| l[..l.rfind(' ').expect("a score")].width();
    assert!(
        candidates.iter().all(|l| score(l) == score(candidates[0])),
        "{trained}"
    );

    let articles = [
        "Rebels shelled the town overnight, killing 12 civilians",
        // wide characters where the 48-column article cell is cut
        "Thousands fled 北大西洋条約機構加盟国境界地域 as fighting reached the district",
        "キーウ州で砲撃があり、住民が避難した",
        "Refugee families returned home to A\u{30a}land after the ceasefire held there",
    ];
    let mut args = vec!["--model", model.to_str().unwrap(), "--format", "table"];
    args.extend(articles);
    let table = assert_ok(&run("sitrep-classify", &s.dir, &args, None));
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + articles.len(), "{table}");
    assert!(
        lines.iter().any(|l| l.contains("外交 (") || l.contains("攻勢 (")),
        "{table}"
    );
    for target in ["話題", "escalation"] {
        let col = lines[0][..lines[0].find(target).expect("the header names the target")].width();
        for row in &lines[1..] {
            let at = byte_at_column(row, col);
            assert!(
                row[..at].ends_with("  ") && !row[at..].starts_with(' '),
                "{target}: {row}\n{table}"
            );
        }
    }
    // the article cell never takes more than its 48 columns, two of them the gap after it
    for row in &lines[1..] {
        assert!(row[..byte_at_column(row, 50)].ends_with("  "), "{row}");
    }
}
