//! Splits text into word tokens.
//!
//! A token is a maximal run of Unicode letters, digits and combining marks, so accented
//! Latin, Cyrillic, Arabic and Devanagari words come out whole. Two joins keep meaning that
//! a plain split would lose: an apostrophe between letters stays inside the word
//! (`Moscow's`, the stemmer strips the `'s`), and `,` or `.` between digits stays inside a
//! number (`2,300`, `1.2`), so the number filter sees the figure a reporter wrote.

use unicode_normalization::char::is_combining_mark;

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Appends the tokens of `text` to `out` (which is not cleared), in text order.
pub fn tokenize(text: &str, out: &mut Vec<String>) {
    let mut chars = text.char_indices().peekable();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start {
            let next = chars.peek().map(|&(_, n)| n);
            let joins = match (prev, next) {
                (Some(p), Some(n)) if is_apostrophe(c) => p.is_alphabetic() && n.is_alphabetic(),
                (Some(p), Some(n)) if c == ',' || c == '.' => p.is_ascii_digit() && n.is_ascii_digit(),
                _ => false,
            };
            if !joins {
                out.push(text[s..i].to_string());
                start = None;
            }
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(text[s..].to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out
    }

    #[test]
    fn splits_on_punctuation_and_space() {
        assert_eq!(
            tokens("Rebels shelled the town, killing 4."),
            ["Rebels", "shelled", "the", "town", "killing", "4"]
        );
    }

    #[test]
    fn keeps_numbers_with_separators_whole() {
        assert_eq!(
            tokens("2,300 fled; 1.2 million displaced"),
            ["2,300", "fled", "1.2", "million", "displaced"]
        );
        // a comma followed by a space ends the number
        assert_eq!(tokens("killed 5, injuring 12"), ["killed", "5", "injuring", "12"]);
    }

    #[test]
    fn keeps_apostrophes_inside_words() {
        assert_eq!(tokens("Moscow's envoy ’said’"), ["Moscow's", "envoy", "said"]);
        assert_eq!(tokens("Côte d’Ivoire"), ["Côte", "d’Ivoire"]);
    }

    #[test]
    fn handles_non_latin_scripts() {
        assert_eq!(tokens("Обстрел Харькова"), ["Обстрел", "Харькова"]);
        assert_eq!(tokens("قصف مدينة"), ["قصف", "مدينة"]);
        assert_eq!(tokens("हमला हुआ"), ["हमला", "हुआ"]);
    }

    #[test]
    fn empty_and_symbol_only_text_gives_no_tokens() {
        assert!(tokens("").is_empty());
        assert!(tokens(" -- ,, ... '' ").is_empty());
    }

    #[test]
    fn hyphens_split_words() {
        assert_eq!(
            tokens("al-Shabaab 300-strong"),
            ["al", "Shabaab", "300", "strong"]
        );
    }
}
