//! The feature configuration: every choice that decides how text becomes a vector.
//!
//! It is saved inside every model file, so `sitrep-classify` rebuilds exactly the analyzer
//! that training used. [`FeatureConfig::validate`] checks it once; everything downstream
//! trusts it.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{
    AccentFolder, Analyzer, Language, LowerCaser, NumberBucketer, SpellingVariants, Stemmer, StopWordFilter,
};

/// What this sitrep makes of a text, as a number: raised whenever a change to the tokenizer,
/// a filter or the magnitude extractor changes the terms of some text. A model records the
/// version it was trained with; a model of another version still loads and classifies, and
/// the tools say that its predictions may differ slightly from those it was tested with.
/// 1: format-2 model files (up to 2026-12-05); 2: format 3 (spelling variants); 3: cues
/// dated in the past become `<bg:cue>`; 4: a smaller figure in parentheses is a part of
/// the one before, not its restatement; 5: a figure in the clause of an event its year
/// dates ("the 1994 bombing that killed 85") is background; 6: so is a figure of an event
/// the text refers back to ("charged over the siege that killed 330"); 7: `since` reaches
/// ten words ("since the coalition invaded in March 2003"), "in March 2003" dates a figure or
/// a cue, "the siege that left 330 dead" and "the attacks that have killed 400" refer back,
/// and mourning, funerals and anniversaries make a figure an earlier event's; 8: "shot dead
/// 2", "drowned", "killing its 3 occupants" are read, and "and 23 survivors were pulled"
/// no longer takes the previous figure's head; 9: "several hundred thousand", "a hundred
/// thousand" and "3 lakh" are read whole, by the extractor and the figure buckets alike;
/// 10: official and regional killing words ("neutralised", "martyred", "gunned down", "hacked
/// to death", "claimed the lives of"), "lakhs of", figures grouped with spaces ("140 000"),
/// and a total of flight since the start of the current year read as the current wave.
pub const ANALYSIS_VERSION: u32 = 10;

/// How text becomes features. Defaults match common practice for news classification
/// (and the settings of the scikit-learn baselines we compare against).
///
/// | field | default | purpose |
/// |---|---|---|
/// | `language` | English | stemmer and built-in stop words |
/// | `fold_accents` | true | `Sévaré` and `Sevare` are one word |
/// | `number_buckets` | true | figures become magnitude tokens such as `<num:100-999>` |
/// | `magnitudes` | true | add what figures count as terms, e.g. `<kill:100-999>` (English only; see [`magnitude`](super::magnitude)) |
/// | `spelling_variants` | true | one spelling per word: `defense` is `defence`, `cease-fire` is `ceasefire` (English only; see [`SpellingVariants`](super::SpellingVariants)) |
/// | `stop_words` | true | drop the built-in function words |
/// | `extra_stop_words` | none | the user's own stop words (from `--stop-words FILE`) |
/// | `stem` | true | Snowball stemming |
/// | `word_ngrams` | (1, 2) | word n-gram orders, inclusive |
/// | `char_ngrams` | none | character n-gram orders inside words, e.g. (3, 5) |
/// | `min_df` | 2 | a term must occur in at least this many training documents |
/// | `max_df` | 0.9 | ... and in at most this share of them |
/// | `max_features` | none | keep only the most frequent terms |
/// | `sublinear_tf` | true | term frequency `1 + ln(tf)` |
/// | `hashing_bits` | none | hash terms into 2^bits columns instead of keeping a vocabulary |
/// | `analysis` | [`ANALYSIS_VERSION`] | how this sitrep reads text, recorded to warn when another reads it |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    pub language: Language,
    pub fold_accents: bool,
    pub number_buckets: bool,
    /// Adds the [`magnitude`](super::magnitude) extractor's tokens to every text's terms.
    pub magnitudes: bool,
    /// Maps American spellings to British ones and joins compounds ([`SpellingVariants`]).
    pub spelling_variants: bool,
    pub stop_words: bool,
    pub extra_stop_words: Vec<String>,
    pub stem: bool,
    pub word_ngrams: (usize, usize),
    pub char_ngrams: Option<(usize, usize)>,
    pub min_df: usize,
    pub max_df: f64,
    pub max_features: Option<usize>,
    pub sublinear_tf: bool,
    pub hashing_bits: Option<u8>,
    /// The [`ANALYSIS_VERSION`] the model was trained with.
    pub analysis: u32,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            language: Language::English,
            fold_accents: true,
            number_buckets: true,
            magnitudes: true,
            spelling_variants: true,
            stop_words: true,
            extra_stop_words: Vec::new(),
            stem: true,
            word_ngrams: (1, 2),
            char_ngrams: None,
            min_df: 2,
            max_df: 0.9,
            max_features: None,
            sublinear_tf: true,
            hashing_bits: None,
            analysis: ANALYSIS_VERSION,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum FeatureError {
    #[error("word n-gram range {0}..={1} is invalid: need 1 <= min <= max <= 5")]
    WordNgrams(usize, usize),
    #[error("character n-gram range {0}..={1} is invalid: need 1 <= min <= max <= 8")]
    CharNgrams(usize, usize),
    #[error("max_df must be in (0, 1], got {0}")]
    MaxDf(f64),
    #[error("min_df must be at least 1, got {0}")]
    MinDf(usize),
    #[error("max_features must be at least 1")]
    MaxFeatures,
    #[error("hashing bits must be between 8 and 28, got {0}")]
    HashingBits(u8),
    #[error("the feature settings leave no way to make features: word n-grams are off and so are character n-grams")]
    NoFeatures,
    #[error("magnitude tokens read English text only, but the language is {0}")]
    MagnitudesNeedEnglish(String),
    #[error("spelling variants are English words, but the language is {0}")]
    VariantsNeedEnglish(String),
}

impl FeatureConfig {
    pub fn validate(&self) -> Result<(), FeatureError> {
        let (lo, hi) = self.word_ngrams;
        if !(1..=5).contains(&lo) || lo > hi || hi > 5 {
            return Err(FeatureError::WordNgrams(lo, hi));
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if !(1..=8).contains(&lo) || lo > hi || hi > 8 {
                return Err(FeatureError::CharNgrams(lo, hi));
            }
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return Err(FeatureError::MaxDf(self.max_df));
        }
        if self.min_df < 1 {
            return Err(FeatureError::MinDf(self.min_df));
        }
        if self.max_features == Some(0) {
            return Err(FeatureError::MaxFeatures);
        }
        if let Some(bits) = self.hashing_bits {
            if !(8..=28).contains(&bits) {
                return Err(FeatureError::HashingBits(bits));
            }
        }
        if self.magnitudes && self.language != Language::English {
            return Err(FeatureError::MagnitudesNeedEnglish(self.language.name()));
        }
        if self.spelling_variants && self.language != Language::English {
            return Err(FeatureError::VariantsNeedEnglish(self.language.name()));
        }
        Ok(())
    }

    /// For a model trained by a sitrep that analysed text differently, a warning naming
    /// `model` that says so and what to do.
    pub fn analysis_warning(&self, model: &str) -> Option<String> {
        (self.analysis != ANALYSIS_VERSION).then(|| {
            format!(
                "{model} was trained with text analysis version {}, and this sitrep analyses text with version {ANALYSIS_VERSION} (how figures, spellings and cues are read); its predictions may differ slightly from those it was tested with: retrain it with this sitrep to remove the difference",
                self.analysis
            )
        })
    }

    /// The analyzer this configuration describes. Order matters and is fixed here:
    /// lowercase -> fold accents -> numbers -> spelling variants -> stop words -> stem (see
    /// each filter's doc).
    /// The magnitude extractor reads the words as written, beside the chain.
    pub fn analyzer(&self) -> Analyzer {
        let mut builder = Analyzer::builder().filter(LowerCaser);
        if self.magnitudes {
            builder = builder.magnitudes();
        }
        if self.fold_accents {
            builder = builder.filter(AccentFolder);
        }
        if self.number_buckets {
            builder = builder.filter(NumberBucketer);
        }
        if self.spelling_variants {
            builder = builder.filter(SpellingVariants);
        }
        if self.stop_words || !self.extra_stop_words.is_empty() {
            builder = builder.filter(StopWordFilter::new(self.stop_word_list()));
        }
        if self.stem {
            if let Some(stemmer) = Stemmer::new(self.language) {
                builder = builder.filter(stemmer);
            }
        }
        builder.build()
    }

    /// Built-in words (when enabled) plus the user's, accent-folded like the tokens they meet.
    fn stop_word_list(&self) -> Vec<String> {
        let builtin = if self.stop_words {
            super::stop_words::builtin(self.language)
        } else {
            &[]
        };
        let mut words: Vec<String> = builtin.iter().map(|w| w.to_string()).collect();
        words.extend(self.extra_stop_words.iter().map(|w| w.to_lowercase()));
        if self.fold_accents {
            let mut folded = words.clone();
            AccentFolder.apply_words(&mut folded);
            words.extend(folded);
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(FeatureConfig::default().validate(), Ok(()));
    }

    #[test]
    fn bad_settings_are_refused_with_their_values() {
        let bad = FeatureConfig {
            word_ngrams: (2, 1),
            ..Default::default()
        };
        assert_eq!(bad.validate(), Err(FeatureError::WordNgrams(2, 1)));
        let bad = FeatureConfig {
            max_df: 1.5,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "max_df must be in (0, 1], got 1.5"
        );
        let bad = FeatureConfig {
            hashing_bits: Some(40),
            ..Default::default()
        };
        assert_eq!(bad.validate(), Err(FeatureError::HashingBits(40)));
        let bad = FeatureConfig {
            language: Language::French,
            ..Default::default()
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "magnitude tokens read English text only, but the language is french"
        );
        let bad = FeatureConfig {
            magnitudes: false,
            ..bad
        };
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            "spelling variants are English words, but the language is french"
        );
        let french = FeatureConfig {
            spelling_variants: false,
            ..bad
        };
        assert_eq!(french.validate(), Ok(()));
    }

    #[test]
    fn analyzer_runs_the_whole_chain() {
        let mut a = FeatureConfig::default().analyzer();
        let mut out = Vec::new();
        a.analyze(
            "Rebels SHELLED the outskirts of Sévaré, killing 300 civilians.",
            &mut out,
        );
        assert_eq!(
            out,
            [
                "rebel",
                "shell",
                "outskirt",
                "sevar",
                "kill",
                "<num:100-999>",
                "civilian"
            ]
        );
    }

    #[test]
    fn user_stop_words_are_applied() {
        let config = FeatureConfig {
            extra_stop_words: vec!["Reuters".into()],
            ..Default::default()
        };
        let mut out = Vec::new();
        config.analyzer().analyze("Reuters reports clashes", &mut out);
        assert_eq!(out, ["report", "clash"]);
    }

    #[test]
    fn language_names_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::parse(&l.name()), Some(l));
        }
        assert_eq!(Language::parse("ENGLISH"), Some(Language::English));
        assert_eq!(Language::parse("klingon"), None);
    }
}
