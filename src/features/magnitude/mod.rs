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
//! Stages, one a file: [`kind`] and [`lexicon`] (the words it knows), [`quantity`] (figures
//! and what is not a count: years, dates, ages, money, percentages, distances, names),
//! [`heads`] (what a figure counts), [`novelty`] (whether it is background, or a threat or
//! possibility), [`cues`] (figure-less cues).
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
mod doc;
mod figure;
mod heads;
mod kind;
mod lexicon;
mod novelty;
mod numeral;
mod quantity;

use doc::Doc;
pub use doc::{Word, Words};
pub use figure::{Cue, Figure, Head, TOKENS};
pub use lexicon::lookup;

/// What the extractor found in one text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extraction {
    pub figures: Vec<Figure>,
    pub cues: Vec<Cue>,
    /// Cues named as threats, warnings or possibilities ("ready to declare war"): each
    /// becomes `<maybe:cue>`, not its own token.
    pub threatened: Vec<Cue>,
    /// Cues in background ("a deadly 2017 chemical weapons attack", "the city fell in
    /// 2014"): each becomes `<bg:cue>`.
    pub past: Vec<Cue>,
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
        figures
            .chain(self.cues.iter().map(|c| c.token()))
            .chain(self.threatened.iter().map(|_| figure::MAYBE_CUE))
            .chain(self.past.iter().map(|_| figure::BACKGROUND_CUE))
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
        self.found.threatened.clear();
        self.found.past.clear();
        if words.worth_reading() {
            let doc = Doc::new(text, words);
            // Finance and sports news is full of figures that count nothing we know; a
            // figure needs a head word to attach to, so without one it is not read at all.
            if doc.has_head_word() {
                quantity::find(&doc, &mut self.quantities);
                heads::attach(&doc, &self.quantities, &mut self.found.figures);
            }
            let found = cues::Found {
                cues: &mut self.found.cues,
                threatened: &mut self.found.threatened,
                past: &mut self.found.past,
            };
            cues::find(&doc, found);
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
            hypothetical: false,
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
    fn token_texts_are_distinct_and_word_free() {
        let mut seen = std::collections::HashSet::new();
        for t in TOKENS {
            assert!(seen.insert(t), "{t}");
            assert!(t.starts_with('<') && t.ends_with('>') && !t.contains(' '), "{t}");
        }
    }
}

/// Texts built from every word the extractor knows, figures of every shape and the
/// punctuation that bounds its clauses: its index arithmetic (looking words back and ahead
/// of a figure, across clause bounds) must never panic, and what it reads must not depend
/// on the text around it being read before.
#[cfg(test)]
mod any_words {
    use super::*;
    use proptest::prelude::*;

    const SHAPES: &[&str] = &[
        "300", "1,200", "1.2", "2011", "3bn", "1.2m", "120 000", "40-50", "12.", "'s", "’s", ",", ".", ";",
        ":", "-", "–", "(", ")", "\"", "?", "\n", "a", "an", "the", "of", "that", "which", "and", "to",
        "has", "have", "been", "were", "was", "people", "Goma", "M23", "33rd", "$", "%", "km", "aged",
        "since", "in", "last", "year", "week", "May",
    ];

    fn parts() -> Vec<&'static str> {
        lexicon::words().chain(SHAPES.iter().copied()).collect()
    }

    fn texts() -> impl Strategy<Value = String> {
        let parts = parts();
        // mostly spaces between words, sometimes nothing or a hyphen ("300-strong", "1,200people")
        let gap = prop::sample::select(&[" ", " ", " ", " ", "", "-", ", "][..]);
        prop::collection::vec((prop::sample::select(parts), gap), 0..40)
            .prop_map(|w| w.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn extraction_never_panics_and_repeats(text in texts(), more in texts()) {
            let once = extract(&text);
            let mut words = Words::default();
            let mut extractor = Extractor::default();
            words.read(&more);
            extractor.run(&more, &words);
            words = Words::default();
            words.read(&text);
            prop_assert_eq!(extractor.run(&text, &words), &once);
        }
    }
}
