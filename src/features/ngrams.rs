//! Turns analyzed tokens into terms: word n-grams and, optionally, character n-grams.
//!
//! Word n-grams join tokens with one space (`kill <num:100-999>`). Character n-grams are
//! taken inside each token padded with spaces (` shel`, `hell`, `ell `) and written in
//! brackets (`[hell]`) so they never collide with a word term. One reusable buffer builds
//! every term, so no allocation happens per n-gram.

/// Calls `emit` once per term of `tokens`, in a fixed order.
pub fn for_each_term(
    tokens: &[String],
    word_ngrams: (usize, usize),
    char_ngrams: Option<(usize, usize)>,
    buffer: &mut String,
    mut emit: impl FnMut(&str),
) {
    let (lo, hi) = word_ngrams;
    for n in lo..=hi {
        for window in tokens.windows(n) {
            buffer.clear();
            for (k, token) in window.iter().enumerate() {
                if k > 0 {
                    buffer.push(' ');
                }
                buffer.push_str(token);
            }
            emit(buffer);
        }
    }
    if let Some((lo, hi)) = char_ngrams {
        let mut chars: Vec<char> = Vec::new();
        for token in tokens {
            chars.clear();
            chars.push(' ');
            chars.extend(token.chars());
            chars.push(' ');
            for n in lo..=hi {
                for window in chars.windows(n) {
                    buffer.clear();
                    buffer.push('[');
                    buffer.extend(window.iter());
                    buffer.push(']');
                    emit(buffer);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(tokens: &[&str], words: (usize, usize), chars: Option<(usize, usize)>) -> Vec<String> {
        let tokens: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
        let mut out = Vec::new();
        for_each_term(&tokens, words, chars, &mut String::new(), |t| {
            out.push(t.to_string())
        });
        out
    }

    #[test]
    fn unigrams_then_bigrams() {
        assert_eq!(
            terms(&["rebel", "shell", "town"], (1, 2), None),
            ["rebel", "shell", "town", "rebel shell", "shell town"]
        );
        assert_eq!(
            terms(&["rebel", "shell", "town"], (3, 3), None),
            ["rebel shell town"]
        );
        assert!(terms(&["one"], (2, 2), None).is_empty());
    }

    #[test]
    fn character_ngrams_are_bracketed_and_padded() {
        assert_eq!(
            terms(&["abc"], (1, 1), Some((3, 3))),
            ["abc", "[ ab]", "[abc]", "[bc ]"]
        );
        assert_eq!(terms(&["né"], (1, 1), Some((4, 4))), ["né", "[ né ]"]);
    }
}
