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

/// The tokens of a text as slices of it, in text order. Scans bytes through a class table
/// and decodes a character only where the text is not ASCII.
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub fn new(text: &'a str) -> Self {
        Tokens { text, pos: 0 }
    }

    /// The character at byte `at` (which must be a character boundary) and its length.
    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|rest| rest.chars().next())
    }

    /// Whether a separator `c` after `prev` stays inside the token: an apostrophe between
    /// letters, or `,` / `.` between digits. `after` is the byte just past `c`.
    fn joins(&self, prev: char, c: char, after: usize) -> bool {
        if is_apostrophe(c) {
            prev.is_alphabetic() && self.char_at(after).is_some_and(char::is_alphabetic)
        } else if c == ',' || c == '.' {
            prev.is_ascii_digit() && self.text.as_bytes().get(after).is_some_and(u8::is_ascii_digit)
        } else {
            false
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut pos = self.pos;
        // skip to the first word character
        let start = loop {
            while pos < len && CLASS[bytes[pos] as usize] == SEPARATOR {
                pos += 1;
            }
            if pos >= len {
                self.pos = pos;
                return None;
            }
            if CLASS[bytes[pos] as usize] == WORD {
                break pos;
            }
            let c = self.char_at(pos).unwrap_or(' ');
            if is_word_char(c) {
                break pos;
            }
            pos += c.len_utf8();
        };
        let mut prev = ' ';
        loop {
            // the common case: a run of ASCII letters and digits
            let run = pos;
            while pos < len && CLASS[bytes[pos] as usize] == WORD {
                pos += 1;
            }
            if pos > run {
                prev = bytes[pos - 1] as char;
            }
            if pos >= len {
                self.pos = pos;
                return Some(&self.text[start..]);
            }
            let b = bytes[pos];
            let (c, width) = if b.is_ascii() {
                (b as char, 1)
            } else {
                let c = self.char_at(pos).unwrap_or(' ');
                (c, c.len_utf8())
            };
            if (!c.is_ascii() && is_word_char(c)) || self.joins(prev, c, pos + width) {
                prev = c;
                pos += width;
                continue;
            }
            self.pos = pos + width;
            return Some(&self.text[start..pos]);
        }
    }
}

/// Byte classes for the ASCII fast path: letters and digits, other ASCII, and the lead
/// and continuation bytes of other characters (decoded and classified one by one).
const SEPARATOR: u8 = 0;
const WORD: u8 = 1;
const NOT_ASCII: u8 = 2;

const CLASS: [u8; 256] = {
    let mut class = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        class[b] = if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            SEPARATOR
        };
        b += 1;
    }
    class
};

/// Appends the tokens of `text` to `out` (which is not cleared), in text order.
pub fn tokenize(text: &str, out: &mut Vec<String>) {
    out.extend(Tokens::new(text).map(str::to_string));
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
