use super::*;
use crate::features::{fnv1a, FeatureConfig, LowerCaser};

#[derive(Clone)]
struct DropShort;
impl TokenFilter for DropShort {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        tokens.retain(|t| t.chars().count() > 2);
    }
    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(self.clone())
    }
}

/// Joins `x x` into `x_x`; `x` is its only contextual token.
#[derive(Clone)]
struct JoinX;
impl TokenFilter for JoinX {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        let mut out: Vec<String> = Vec::new();
        for t in tokens.drain(..) {
            match out.last_mut() {
                Some(last) if last == "x" && t == "x" => *last = format!("x_{t}"),
                _ => out.push(t),
            }
        }
        *tokens = out;
    }
    fn is_contextual(&self, token: &str) -> bool {
        token == "x"
    }
    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(self.clone())
    }
}

/// Makes `many` into more tokens than a memo entry can count.
#[derive(Clone)]
struct Explode;
impl TokenFilter for Explode {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        let mut out = Vec::new();
        for t in tokens.drain(..) {
            let n = if t == "many" {
                Memo::TOO_MANY as usize + 5
            } else {
                1
            };
            out.extend(std::iter::repeat_n(t, n));
        }
        *tokens = out;
    }
    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(self.clone())
    }
}

#[test]
fn a_word_with_too_many_tokens_to_remember_still_analyzes_like_the_chain() {
    let mut a = Analyzer::builder().filter(LowerCaser).filter(Explode).build();
    let (mut memo, mut chain) = (Vec::new(), Vec::new());
    for text in ["one many two", "many", "Many many"] {
        for _ in 0..2 {
            a.analyze(text, &mut memo);
            a.analyze_with_chain(text, &mut chain);
            assert_eq!(memo, chain, "{text}");
        }
    }
    assert_eq!(memo.len(), 2 * (Memo::TOO_MANY as usize + 5));
}

#[test]
fn magnitude_tokens_are_extra_unigrams() {
    let config = FeatureConfig::default();
    let text = "Gunmen stormed a mosque, killing more than 300 worshippers. \
                The war has displaced 2 million since 2011.";
    let expected: Vec<&str> = crate::features::magnitude::extract(text).tokens().collect();
    assert_eq!(expected, ["<kill:100-999>", "<kill≥100>", "<bg:displace>"]);
    let mut a = Analyzer::builder().filter(LowerCaser).magnitudes().build();
    for _ in 0..2 {
        let mut terms = Vec::new();
        a.for_each_term(text, config.word_ngrams, None, |h, t| terms.push((h, t.text())));
        let extra: Vec<&str> = terms
            .iter()
            .map(|(_, t)| t.as_str())
            .filter(|t| t.contains('<'))
            .collect();
        // exactly the extractor's tokens, never inside an n-gram
        assert_eq!(extra, expected);
        for (h, t) in &terms {
            assert_eq!(*h, crate::features::term_hash(t), "{t}");
        }
        assert_eq!(a.magnitude_tokens(text), expected);
    }
    let mut off = Analyzer::builder().filter(LowerCaser).build();
    assert!(off.magnitude_tokens(text).is_empty());
    let mut terms = 0;
    off.for_each_term(text, (1, 1), None, |_, t| {
        assert!(!t.text().contains('<'));
        terms += 1;
    });
    assert!(terms > 0);
}

#[test]
fn short_words_pack_like_zero_padded_bytes() {
    for word in [
        "",
        "a",
        "ab",
        "abc",
        "abcd",
        "abcde",
        "abcdefg",
        "abcdefgh",
        "abcdefghi",
        "abcdefghijklmnop",
        "é",
        "añadió",
    ] {
        let mut padded = [0u8; 16];
        padded[..word.len()].copy_from_slice(word.as_bytes());
        let (lo, hi) = padded.split_at(8);
        let expected = ShortWord(
            u64::from_le_bytes(lo.try_into().expect("8 bytes")),
            u64::from_le_bytes(hi.try_into().expect("8 bytes")),
        );
        assert!(ShortWord::new(word) == Some(expected), "{word}");
    }
    assert!(ShortWord::new("abcdefghijklmnopq").is_none());
}

#[test]
fn filters_run_in_the_order_added() {
    let mut a = Analyzer::builder().filter(LowerCaser).filter(DropShort).build();
    let mut out = vec!["stale".to_string()];
    a.analyze("An ARMY of Ten", &mut out);
    assert_eq!(out, ["army", "ten"]);
    let mut b = a.clone();
    b.analyze("OK Go", &mut out);
    assert!(out.is_empty());
}

#[test]
fn contextual_tokens_go_through_the_chain_together() {
    let mut a = Analyzer::builder().filter(LowerCaser).filter(JoinX).build();
    let mut out = Vec::new();
    // "X" is contextual only after lowercasing: the memo must still see it
    a.analyze("a X x b x", &mut out);
    assert_eq!(out, ["a", "x_x", "b", "x"]);
    a.analyze("x x x", &mut out);
    assert_eq!(out, ["x_x", "x"]);
}

#[test]
fn memo_agrees_with_the_plain_chain_on_figures() {
    let mut a = FeatureConfig::default().analyzer();
    let text = "A dozen of the two hundred and fifty, tens of thousands fled in 2021; \
                a million; Of 3,000 a new 1.2 million. Hundreds of hundreds and a";
    let (mut memo, mut chain) = (Vec::new(), Vec::new());
    for _ in 0..2 {
        a.analyze(text, &mut memo);
        a.analyze_with_chain(text, &mut chain);
        assert_eq!(memo, chain);
    }
    assert!(memo.contains(&"<num:10k-99k>".to_string()), "{memo:?}");
}

#[test]
fn ids_name_distinct_tokens_and_memory_is_bounded() {
    let mut a = FeatureConfig::default().analyzer();
    let mut ids = Vec::new();
    a.analyze_ids("shelling shelled shells towns", &mut ids);
    assert_eq!(ids[0], ids[1]);
    assert_eq!(a.table().text(ids[3]), "town");
    assert_eq!(a.table().hash(ids[3]), fnv1a(b"town"));
    let long = "w".repeat(MEMO_WORD_BYTES + 1);
    a.analyze_ids(&long, &mut ids);
    assert!(!a.memo.contains_key(long.as_str()));
    for i in 0..MEMO_LIMIT + 10 {
        a.analyze_ids(&format!("word{i}"), &mut ids);
        assert!(a.short_memo.len() <= MEMO_LIMIT);
    }
    assert_eq!(a.table().text(ids[0]), format!("word{}", MEMO_LIMIT + 9));
}
