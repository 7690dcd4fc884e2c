//! The magnitude extractor: how many were killed, wounded or displaced, as readable tokens.
//!
//! The [`NumberBucketer`](super::NumberBucketer) turns `300` into `<num:100-999>` with no
//! idea what it counts. This stage reads the figure together with what it counts and emits
//! one extra term per figure, such as `<kill:100-999>` for "killing more than 300
//! worshippers" or `<displace:100k-999k>` for "some 800,000 Rohingya have sought refuge",
//! plus the level-3 thresholds of `datasets/CODEBOOK.md` (`<kill≥100>`, `<displace≥100k>`),
//! `<bg:kill>`-style tokens for background figures ("the war has killed 500,000 since
//! 2011"), and three cues of major escalation that need no figure (`<cue:wmd>`,
//! `<cue:city-assault>`, `<cue:interstate>`). The terms are added to the document's terms
//! as unigrams; they never form n-grams with its words.
//!
//! Stages, one a file: [`lexicon`] (the words it knows), [`quantity`] (figures and what is
//! not a count: years, dates, ages, money, percentages, distances, names), [`heads`] (what a
//! figure counts, and whether it is background), [`cues`] (figure-less cues).
//!
//! It reads the words as written, not as analyzed (stop-word removal would drop the `more
//! than` of "more than 300"): the [`Analyzer`](super::Analyzer) remembers each distinct
//! word's lexicon id in its memo and passes the extractor only the [`Words`] that have one,
//! marking the triggers (numerals, number words, cue words). The extractor starts reading
//! only at triggers and looks a few words around them, so its cost grows with the figures of
//! a text, not its length, and a text without triggers costs nothing. English only.
//!
//! Families and households are counted as given ("2,000 households" is 2,000), not multiplied
//! by a household size: sizes differ from place to place, and the codebook's thresholds are
//! stated in people, so the count stays what the reporter wrote.

mod cues;
mod heads;
mod lexicon;
mod quantity;

pub use lexicon::lookup;
use lexicon::Kind;

use super::tokenizer::Tokens;

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

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Head {
    Kill,
    Wound,
    Displace,
}

/// A figure attached to what it counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub head: Head,
    /// The count as written; the lower bound of a range; one less for upper bounds
    /// ("nearly 100" is 99).
    pub value: f64,
    /// A background figure: cumulative over the war or a long period, or a standing
    /// population of refugees; it does not raise the level as a new figure does.
    pub background: bool,
}

/// Major escalation named without a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    /// Chemical or other mass-casualty weapons: chlorine, sarin, mustard gas, toxic gas.
    Wmd,
    /// An offensive, assault or siege on a city, capital or old city, or its capture.
    CityAssault,
    /// One state attacking another: troops crossing the border, an invasion, war declared.
    Interstate,
}

/// Every token the extractor can emit, by index.
pub const TOKENS: [&str; 20] = [
    "<kill:1-9>",
    "<kill:10-99>",
    "<kill:100-999>",
    "<kill:1k+>",
    "<kill≥100>",
    "<wound:1-9>",
    "<wound:10-99>",
    "<wound:100+>",
    "<displace:1-999>",
    "<displace:1k-9k>",
    "<displace:10k-99k>",
    "<displace:100k-999k>",
    "<displace:1m+>",
    "<displace≥100k>",
    "<bg:kill>",
    "<bg:wound>",
    "<bg:displace>",
    "<cue:wmd>",
    "<cue:city-assault>",
    "<cue:interstate>",
];

impl Figure {
    /// The size bucket's name, as in `<kill:10-99>` (`bg` for background figures).
    pub fn bucket(&self) -> &'static str {
        if self.background {
            return "bg";
        }
        let token = TOKENS[self.tokens().0];
        &token[token.find(':').map_or(0, |i| i + 1)..token.len() - 1]
    }

    /// The indices in [`TOKENS`] of the figure's bucket token and threshold token.
    fn tokens(&self) -> (usize, Option<usize>) {
        let v = self.value;
        match (self.head, self.background) {
            (Head::Kill, true) => (14, None),
            (Head::Wound, true) => (15, None),
            (Head::Displace, true) => (16, None),
            (Head::Kill, false) => match v {
                v if v < 10.0 => (0, None),
                v if v < 100.0 => (1, None),
                v if v < 1_000.0 => (2, Some(4)),
                _ => (3, Some(4)),
            },
            (Head::Wound, false) => match v {
                v if v < 10.0 => (5, None),
                v if v < 100.0 => (6, None),
                _ => (7, None),
            },
            (Head::Displace, false) => match v {
                v if v < 1_000.0 => (8, None),
                v if v < 10_000.0 => (9, None),
                v if v < 100_000.0 => (10, None),
                v if v < 1_000_000.0 => (11, Some(13)),
                _ => (12, Some(13)),
            },
        }
    }
}

impl Cue {
    fn token(self) -> usize {
        match self {
            Cue::Wmd => 17,
            Cue::CityAssault => 18,
            Cue::Interstate => 19,
        }
    }
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
enum Boundary {
    None,
    /// A comma, a parenthesis, a quote, a dash between spaces.
    Soft,
    /// The end of a sentence or clause: `.`, `!`, `?`, `;`, `:`, a line break.
    Hard,
}

/// A text and its known words, with the questions every stage asks about them.
struct Doc<'a> {
    text: &'a str,
    words: &'a [Word],
    /// Indices into `words` of the triggers.
    triggers: &'a [u32],
    kinds: &'static [Kind],
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, words: &'a Words) -> Self {
        Doc {
            text,
            words: &words.words,
            triggers: &words.triggers,
            kinds: lexicon::kinds(),
        }
    }
}

impl Doc<'_> {
    fn len(&self) -> usize {
        self.words.len()
    }

    /// The kind of word `i` ([`Kind::End`] past the last word).
    fn kind(&self, i: usize) -> Kind {
        self.words
            .get(i)
            .map_or(Kind::End, |w| self.kinds[usize::from(w.lex)])
    }

    /// The word as written.
    fn raw(&self, i: usize) -> &str {
        let w = self.words[i];
        &self.text[w.start as usize..w.end as usize]
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.raw(i).eq_ignore_ascii_case(word)
    }

    /// Whether word `j` comes right after word `i` in the text (no unknown word between).
    fn adjacent(&self, i: usize, j: usize) -> bool {
        j < self.len() && self.words[j].at == self.words[i].at + 1
    }

    /// Unknown words between words `i` < `j`.
    fn unknowns(&self, i: usize, j: usize) -> u32 {
        self.words[j].at - self.words[i].at - 1
    }

    /// The text between the end of word `i` and the start of word `j`.
    fn between(&self, i: usize, j: usize) -> &[u8] {
        &self.text.as_bytes()[self.words[i].end as usize..self.words[j].start as usize]
    }

    /// The strongest punctuation between words `i` < `j`.
    fn boundary(&self, i: usize, j: usize) -> Boundary {
        boundary_in(self.between(i, j))
    }

    /// Word `j` follows word `i` directly, with nothing but spaces or a hyphen between.
    fn next_to(&self, i: usize, j: usize) -> bool {
        self.adjacent(i, j) && self.boundary(i, j) == Boundary::None
    }
}

fn boundary_in(bytes: &[u8]) -> Boundary {
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

/// What the extractor found in one text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub figures: Vec<Figure>,
    pub cues: Vec<Cue>,
}

impl Extraction {
    /// The tokens this extraction adds to the document, in order: per figure its bucket
    /// (or background) token and its threshold token, then one per cue.
    pub fn tokens(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.token_indices().map(|i| TOKENS[i])
    }

    fn token_indices(&self) -> impl Iterator<Item = usize> + '_ {
        let figures = self.figures.iter().flat_map(|f| {
            let (bucket, threshold) = f.tokens();
            std::iter::once(bucket).chain(threshold)
        });
        figures.chain(self.cues.iter().map(|c| c.token()))
    }
}

/// The extractor, with buffers reused from text to text (keep one per analyzer).
#[derive(Clone, Default)]
pub struct Extractor {
    quantities: Vec<quantity::Quantity>,
    found: Extraction,
}

impl Extractor {
    /// Reads the figures and cues of `text`, whose known words are `words`.
    pub fn run(&mut self, text: &str, words: &Words) -> &Extraction {
        self.found.figures.clear();
        self.found.cues.clear();
        if words.worth_reading() {
            let doc = Doc::new(text, words);
            quantity::find(&doc, &mut self.quantities);
            heads::attach(&doc, &self.quantities, &mut self.found.figures);
            cues::find(&doc, &mut self.found.cues);
        }
        &self.found
    }

    /// Appends the indices in [`TOKENS`] of the tokens for `text` to `out`.
    pub fn token_indices(&mut self, text: &str, words: &Words, out: &mut Vec<usize>) {
        out.extend(self.run(text, words).token_indices());
    }
}

/// The figures and cues of one text (tokenizes it; the analyzer does this from its memo).
pub fn extract(text: &str) -> Extraction {
    let mut words = Words::default();
    words.read(text);
    Extractor::default().run(text, &words).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<&'static str> {
        extract(text).tokens().collect()
    }

    #[test]
    fn figures_become_bucket_and_threshold_tokens() {
        assert_eq!(
            tokens("Gunmen stormed a mosque, killing more than 300 worshippers."),
            ["<kill:100-999>", "<kill≥100>"]
        );
        assert_eq!(tokens("Shelling killed 4 people."), ["<kill:1-9>"]);
        assert_eq!(
            tokens("Some 800,000 Rohingya have sought refuge in Bangladesh."),
            ["<displace:100k-999k>", "<displace≥100k>"]
        );
        assert_eq!(
            tokens("The war has killed 500,000 people since 2011."),
            ["<bg:kill>"]
        );
        assert_eq!(tokens("Witnesses smelled chlorine."), ["<cue:wmd>"]);
    }

    #[test]
    fn buckets_are_named_like_their_tokens() {
        let f = |head, value, background| Figure {
            head,
            value,
            background,
        };
        assert_eq!(f(Head::Kill, 99.0, false).bucket(), "10-99");
        assert_eq!(f(Head::Kill, 100.0, false).bucket(), "100-999");
        assert_eq!(f(Head::Kill, 5_000.0, false).bucket(), "1k+");
        assert_eq!(f(Head::Wound, 100.0, false).bucket(), "100+");
        assert_eq!(f(Head::Displace, 999.0, false).bucket(), "1-999");
        assert_eq!(f(Head::Displace, 1e6, false).bucket(), "1m+");
        assert_eq!(f(Head::Displace, 1e6, true).bucket(), "bg");
    }

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
    fn token_texts_are_distinct_and_word_free() {
        let mut seen = std::collections::HashSet::new();
        for t in TOKENS {
            assert!(seen.insert(t), "{t}");
            assert!(t.starts_with('<') && t.ends_with('>') && !t.contains(' '), "{t}");
        }
    }
}
