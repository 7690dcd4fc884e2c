//! Drops function words ("the", "of", "were") that carry no topic or escalation signal.
//!
//! The built-in lists are short on purpose and were written for this project. Negations and
//! words of direction ("no", "not", "without", "against") are kept: "no casualties" and
//! "not killed" must not look like "casualties" and "killed". Users add their own words
//! from a file; the model stores the final list, so inference drops exactly the same words.

use rustc_hash::FxHashSet;
use std::sync::Arc;

use super::filter::TokenFilter;
use super::Language;

const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "else",
    "etc",
    "ever",
    "every",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "ourselves",
    "out",
    "own",
    "per",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "s",
    "t",
    "mr",
    "mrs",
    "ms",
];

const FRENCH: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "du", "elle", "elles", "en", "est", "et",
    "été", "être", "il", "ils", "je", "la", "le", "les", "leur", "leurs", "lui", "ma", "mais", "me", "même",
    "mes", "mon", "nous", "on", "ont", "ou", "où", "par", "pour", "qu", "que", "qui", "sa", "se", "ses",
    "son", "sont", "sur", "ta", "te", "tes", "ton", "tu", "un", "une", "vos", "votre", "vous", "l", "d", "c",
    "s", "j", "y",
];

const SPANISH: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "ella", "ellas", "ellos", "en", "entre", "era", "es",
    "esta", "este", "esto", "fue", "ha", "han", "la", "las", "le", "les", "lo", "los", "más", "me", "mi",
    "o", "para", "pero", "por", "que", "se", "su", "sus", "también", "un", "una", "unos", "unas", "y", "ya",
];

const PORTUGUESE: &[&str] = &[
    "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela", "ele", "eles", "em",
    "entre", "era", "foi", "há", "isso", "já", "mais", "mas", "na", "nas", "no", "nos", "o", "os", "ou",
    "para", "pela", "pelo", "por", "que", "se", "seu", "sua", "são", "também", "um", "uma",
];

const GERMAN: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den", "der", "des", "die",
    "du", "ein", "eine", "einem", "einen", "einer", "er", "es", "für", "hat", "ich", "im", "in", "ist",
    "mit", "nach", "noch", "oder", "sich", "sie", "sind", "so", "um", "und", "vom", "von", "vor", "war",
    "wir", "wird", "wurde", "wurden", "zu", "zum", "zur",
];

const ITALIAN: &[&str] = &[
    "a", "al", "alla", "anche", "che", "con", "da", "dal", "del", "della", "delle", "di", "e", "è", "gli",
    "ha", "hanno", "i", "il", "in", "la", "le", "lo", "ma", "nel", "nella", "o", "per", "più", "si", "sono",
    "su", "sul", "un", "una", "uno",
];

const RUSSIAN: &[&str] = &[
    "а",
    "в",
    "во",
    "вот",
    "да",
    "для",
    "до",
    "его",
    "ее",
    "её",
    "же",
    "за",
    "и",
    "из",
    "или",
    "им",
    "их",
    "к",
    "как",
    "ко",
    "ли",
    "на",
    "над",
    "о",
    "об",
    "от",
    "по",
    "под",
    "при",
    "с",
    "со",
    "так",
    "также",
    "то",
    "у",
    "что",
    "это",
    "этот",
    "эта",
    "эти",
];

/// The built-in list for a language (empty where there is none; use a stop-word file).
pub fn builtin(language: Language) -> &'static [&'static str] {
    match language {
        Language::English => ENGLISH,
        Language::French => FRENCH,
        Language::Spanish => SPANISH,
        Language::Portuguese => PORTUGUESE,
        Language::German => GERMAN,
        Language::Italian => ITALIAN,
        Language::Russian => RUSSIAN,
        _ => &[],
    }
}

/// Removes the tokens in its list; the list is shared between threads.
#[derive(Clone, Debug)]
pub struct StopWordFilter {
    words: Arc<FxHashSet<String>>,
}

impl StopWordFilter {
    pub fn new<S: AsRef<str>>(words: impl IntoIterator<Item = S>) -> Self {
        StopWordFilter {
            words: Arc::new(words.into_iter().map(|w| w.as_ref().to_string()).collect()),
        }
    }
}

impl TokenFilter for StopWordFilter {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        tokens.retain(|t| !self.words.contains(t));
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(list: &[&str], words: &[&str]) -> Vec<String> {
        let mut t: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        StopWordFilter::new(list.iter().copied()).apply(&mut t);
        t
    }

    #[test]
    fn removes_listed_words_only() {
        assert_eq!(
            filter(ENGLISH, &["the", "army", "of", "no", "return"]),
            ["army", "no", "return"]
        );
        assert_eq!(
            filter(FRENCH, &["les", "réfugiés", "de", "goma"]),
            ["réfugiés", "goma"]
        );
    }

    #[test]
    fn negations_are_not_stop_words() {
        for w in ["no", "not", "nor", "never", "without", "against"] {
            assert!(!ENGLISH.contains(&w), "{w} must not be a stop word");
        }
    }

    #[test]
    fn built_in_lists_are_lowercase_and_unique() {
        for lang in [
            Language::English,
            Language::French,
            Language::Spanish,
            Language::Portuguese,
            Language::German,
            Language::Italian,
            Language::Russian,
        ] {
            let list = builtin(lang);
            assert!(!list.is_empty());
            let set: std::collections::HashSet<_> = list.iter().collect();
            assert_eq!(set.len(), list.len(), "{lang:?} list has repeats");
            assert!(list.iter().all(|w| w.to_lowercase() == *w));
        }
        assert!(builtin(Language::Arabic).is_empty());
    }
}
