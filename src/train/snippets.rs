//! Snippet copies: long articles trained on a second time as their headline and lede.
//!
//! Most real reporting reaches analysts short: a headline, a wire lede, an event record of
//! one or two sentences. A corpus of full articles teaches a model what the whole article
//! says, and a short text then lacks most of the words it learned to rely on. With
//! `--snippets`, every article longer than [`LONG`] words is also trained on as its opening
//! (headline and first sentences, at least [`LEDE`] words), with the same labels: the
//! codebook decides topic and level from the headline and lead, so the opening carries them.
//!
//! A copy always stays on the side of its article: held-out rows and cross-validation folds
//! are drawn from the articles, and a training side takes its articles' copies along.

/// Articles longer than this many words get a copy.
pub const LONG: usize = 60;
/// The copy ends at the first sentence end or line break after this many words.
pub const LEDE: usize = 30;

/// The warning when `--snippets` finds no row to copy: the model is then what it would be
/// without the option, which the user should not have to infer from a missing count.
pub fn no_copies_warning() -> String {
    format!("--snippets also trains on the opening of every row over {LONG} words, and no row is that long with a sentence end after its first {LEDE} words, so there is nothing to copy and the rows are trained on alone")
}

/// The opening of `text`: up to the first sentence end (`.`, `!` or `?` before a space) or
/// line break after at least [`LEDE`] words. `None` when the text has [`LONG`] words or
/// fewer, or no such end.
pub fn lede(text: &str) -> Option<&str> {
    // only texts of more than LONG words
    text.split_whitespace().nth(LONG)?;
    let mut words = 0;
    let mut in_word = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_whitespace() {
            let ends_sentence = b == b'\n'
                || (i > 0 && matches!(bytes[i - 1], b'.' | b'!' | b'?'))
                || (i > 1
                    && matches!(bytes[i - 1], b'"' | b'\'')
                    && matches!(bytes[i - 2], b'.' | b'!' | b'?'));
            if in_word && ends_sentence && words + 1 >= LEDE {
                return Some(text[..i].trim_end());
            }
            if in_word {
                words += 1;
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    None
}

/// The rows of a training set with their snippet copies appended: copy `j` is row
/// `originals + j` and repeats row `of[j]`.
#[derive(Debug, Clone, Default)]
pub struct Snippets {
    originals: usize,
    of: Vec<usize>,
    /// For each original row, the index of its copy, if it has one.
    copy: Vec<Option<usize>>,
}

impl Snippets {
    /// Finds the copies of `texts` (none when `enabled` is false) and returns the texts to
    /// analyze: the originals, then the copies.
    pub fn new(texts: &[String], enabled: bool) -> (Snippets, Vec<String>) {
        let mut s = Snippets {
            originals: texts.len(),
            of: Vec::new(),
            copy: vec![None; texts.len()],
        };
        let mut all = texts.to_vec();
        if enabled {
            for (i, t) in texts.iter().enumerate() {
                if let Some(opening) = lede(t) {
                    s.copy[i] = Some(texts.len() + s.of.len());
                    s.of.push(i);
                    all.push(opening.to_string());
                }
            }
        }
        (s, all)
    }

    /// How many copies there are.
    pub fn len(&self) -> usize {
        self.of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.of.is_empty()
    }

    /// Labels for all rows: each copy takes its article's.
    pub fn extend<T: Clone>(&self, labels: &[T]) -> Vec<T> {
        let mut out = labels.to_vec();
        out.extend(self.of.iter().map(|&i| labels[i].clone()));
        out
    }

    /// `rows` (original rows) followed by their copies.
    pub fn with_copies(&self, rows: &[usize]) -> Vec<usize> {
        let mut out = rows.to_vec();
        out.extend(rows.iter().filter_map(|&i| self.copy[i]));
        out
    }

    /// The original rows, in order.
    pub fn originals(&self) -> Vec<usize> {
        (0..self.originals).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: usize, from: usize) -> String {
        (from..from + n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_lede_ends_at_the_first_sentence_end_after_enough_words() {
        let title = "Rebels seize border town";
        // a dateline sentence too short to be a lede, then the real first sentence
        let text = format!("{title}\nKIDAL, May 3. {}. {}.", words(40, 0), words(40, 100));
        let lede = lede(&text).expect("long enough");
        assert!(
            lede.starts_with("Rebels seize border town\nKIDAL, May 3. w0 "),
            "{lede}"
        );
        assert!(lede.ends_with("w39."), "{lede}");
    }

    #[test]
    fn short_texts_and_texts_without_a_sentence_end_get_no_copy() {
        assert_eq!(lede(&format!("{}.", words(LONG, 0))), None);
        assert_eq!(lede(&words(200, 0)), None);
        assert!(lede(&format!("{}. {}", words(LONG, 0), words(5, 900))).is_some());
    }

    #[test]
    fn copies_follow_their_articles() {
        let long = format!("{}. {}.", words(35, 0), words(35, 100));
        let texts = vec!["short one".to_string(), long.clone(), long];
        let (s, all) = Snippets::new(&texts, true);
        assert_eq!(s.len(), 2);
        assert_eq!(all.len(), 5);
        assert_eq!(all[3], format!("{}.", words(35, 0)));
        assert_eq!(s.extend(&[7, 8, 9]), [7, 8, 9, 8, 9]);
        assert_eq!(s.with_copies(&[0, 2]), [0, 2, 4]);
        assert_eq!(s.with_copies(&[1]), [1, 3]);
        let (off, all) = Snippets::new(&texts, false);
        assert!(off.is_empty() && all.len() == 3);
        assert_eq!(off.with_copies(&[0, 1, 2]), [0, 1, 2]);
    }
}
