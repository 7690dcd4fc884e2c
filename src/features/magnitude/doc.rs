//! A text as the extractor reads it: its known words, the punctuation between them, and
//! the questions every stage asks about them.

use super::kind::Kind;
use super::lexicon::{self, lookup};
use crate::features::tokenizer::Tokens;

/// A word of a text that the extractor knows: where it is and its lexicon id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word's place among all the text's tokens: words between two known words are
    /// counted, not kept.
    pub at: u32,
    pub start: u32,
    pub end: u32,
    pub lex: u16,
}

/// The known words of a text, in order, and which of them are triggers.
#[derive(Clone, Debug, Default)]
pub struct Words {
    words: Vec<Word>,
    /// Indices into `words` of the words that can start a figure or a cue.
    triggers: Vec<u32>,
}

impl Words {
    pub fn clear(&mut self) {
        self.words.clear();
        self.triggers.clear();
    }

    /// Adds a known word (`lex` not 0) that comes after the words already added.
    #[inline]
    pub fn push(&mut self, word: Word) {
        if lexicon::is_trigger(word.lex) {
            self.triggers.push(self.words.len() as u32);
        }
        self.words.push(word);
    }

    /// The known words of `text` (cleared first): what the analyzer collects from its memo
    /// as it tokenizes, here looked up directly.
    pub fn read(&mut self, text: &str) {
        self.clear();
        if u32::try_from(text.len()).is_err() {
            return;
        }
        let base = text.as_ptr() as usize;
        for (at, token) in Tokens::new(text).enumerate() {
            let lex = lookup(token);
            if lex != 0 {
                let start = (token.as_ptr() as usize - base) as u32;
                self.push(Word {
                    at: at as u32,
                    start,
                    end: start + token.len() as u32,
                    lex,
                });
            }
        }
    }

    /// Whether there is anything to extract: a numeral, a number word or a cue word.
    pub fn worth_reading(&self) -> bool {
        !self.triggers.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// What punctuation separates two words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Boundary {
    None,
    /// A comma, a parenthesis, a quote, a dash between spaces.
    Soft,
    /// The end of a sentence or clause: `.`, `!`, `?`, `;`, `:`, a line break.
    Hard,
}

/// A text and its known words, with the questions every stage asks about them.
pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) words: &'a [Word],
    /// Indices into `words` of the triggers.
    pub(super) triggers: &'a [u32],
    kinds: &'static [Kind],
}

impl<'a> Doc<'a> {
    pub(super) fn new(text: &'a str, words: &'a Words) -> Self {
        Doc {
            text,
            words: &words.words,
            triggers: &words.triggers,
            kinds: lexicon::kinds(),
        }
    }
}

impl Doc<'_> {
    pub(super) fn len(&self) -> usize {
        self.words.len()
    }

    /// The kind of word `i` ([`Kind::End`] past the last word).
    pub(super) fn kind(&self, i: usize) -> Kind {
        self.words
            .get(i)
            .map_or(Kind::End, |w| self.kinds[usize::from(w.lex)])
    }

    /// Whether any word can say what a figure counts (a head such as `killed`, a death
    /// `toll`, `forced` out, `sought` refuge, `sheltering`, `shifted` to camps):
    /// [`heads`](super::heads) attaches figures
    /// only through one of these.
    pub(super) fn has_head_word(&self) -> bool {
        (0..self.len()).any(|i| match self.kind(i) {
            Kind::Head(..) | Kind::Toll | Kind::Forced | Kind::Seek | Kind::Moved => true,
            Kind::Hosts => self.is(i, "sheltering"),
            _ => false,
        })
    }

    /// The word as written.
    pub(super) fn raw(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.text[w.start as usize..w.end as usize]
    }

    pub(super) fn is(&self, i: usize, word: &str) -> bool {
        self.raw(i).eq_ignore_ascii_case(word)
    }

    /// Whether word `j` comes right after word `i` in the text (no unknown word between).
    pub(super) fn adjacent(&self, i: usize, j: usize) -> bool {
        j < self.len() && self.words[j].at == self.words[i].at + 1
    }

    /// Unknown words between words `i` < `j` (the known words between are not counted).
    pub(super) fn unknowns(&self, i: usize, j: usize) -> u32 {
        self.words[j].at - self.words[i].at - (j - i) as u32
    }

    /// The text between the end of word `i` and the start of word `j`.
    pub(super) fn between(&self, i: usize, j: usize) -> &[u8] {
        &self.text.as_bytes()[self.words[i].end as usize..self.words[j].start as usize]
    }

    /// The word of the text right before word `i`, known or not, if only spaces come between:
    /// `claimed` in "claimed the lives of", which the extractor does not know.
    pub(super) fn text_word_before(&self, i: usize) -> &str {
        let before = self.text[..self.words[i].start as usize]
            .strip_suffix(' ')
            .unwrap_or("");
        let start = before
            .rfind(|c: char| !c.is_alphabetic())
            .map_or(0, |k| k + before[k..].chars().next().map_or(1, char::len_utf8));
        &before[start..]
    }

    /// The strongest punctuation between words `i` < `j`.
    pub(super) fn boundary(&self, i: usize, j: usize) -> Boundary {
        boundary_in(self.between(i, j))
    }

    /// Word `j` follows word `i` directly, with nothing but spaces or a hyphen between.
    pub(super) fn next_to(&self, i: usize, j: usize) -> bool {
        self.adjacent(i, j) && self.boundary(i, j) == Boundary::None
    }
}

pub(super) fn boundary_in(bytes: &[u8]) -> Boundary {
    if bytes == b" " {
        return Boundary::None;
    }
    let mut found = Boundary::None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'.' | b'!' | b'?' | b';' | b':' | b'\n' => return Boundary::Hard,
            b',' | b'(' | b')' | b'"' | b'[' | b']' => found = Boundary::Soft,
            // a dash with a space on either side, not the hyphen of "forty-two"
            b'-' if (i > 0 && bytes[i - 1] == b' ') || bytes.get(i + 1) == Some(&b' ') => {
                found = Boundary::Soft
            }
            // em and en dashes (UTF-8 E2 80 93 / 94) between spaces; "120–150" is a range
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x93 | 0x94))
                && ((i > 0 && bytes[i - 1] == b' ') || bytes.get(i + 3) == Some(&b' ')) =>
            {
                found = Boundary::Soft
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_without_figures_or_cue_words_are_not_read() {
        let mut words = Words::default();
        words.read("Talks resumed in Geneva as the ceasefire held.");
        assert!(!words.is_empty());
        assert!(!words.worth_reading());
        words.read("Talks resumed as 45 people were killed.");
        assert!(words.worth_reading());
        assert_eq!(words.triggers, [1]);
        assert_eq!(words.len(), 5); // as, 45, people, were, killed
    }

    #[test]
    fn punctuation_decides_the_boundary() {
        assert_eq!(boundary_in(" ".as_bytes()), Boundary::None);
        assert_eq!(boundary_in("-".as_bytes()), Boundary::None);
        assert_eq!(boundary_in("\u{2013}".as_bytes()), Boundary::None);
        assert_eq!(boundary_in(" \u{2014} ".as_bytes()), Boundary::Soft);
        assert_eq!(boundary_in(" - ".as_bytes()), Boundary::Soft);
        assert_eq!(boundary_in(", ".as_bytes()), Boundary::Soft);
        assert_eq!(boundary_in(". ".as_bytes()), Boundary::Hard);
        assert_eq!(boundary_in("; (".as_bytes()), Boundary::Hard);
    }

    #[test]
    fn only_texts_with_a_head_word_have_figures_to_read() {
        let has_head = |text: &str| {
            let mut words = Words::default();
            words.read(text);
            Doc::new(text, &words).has_head_word()
        };
        assert!(!has_head(
            "Net profit rose 12 pct to 300 mln dlrs in the first quarter."
        ));
        assert!(has_head("Shelling killed 12 people."));
        assert!(has_head("The death toll rose to 40."));
        assert!(has_head("Some 800,000 have sought refuge across the border."));
        assert!(has_head("Fighting forced 60,000 people from their homes."));
        assert!(super::super::extract("Net profit rose 12 pct to 300 mln dlrs.")
            .figures
            .is_empty());
    }
}
