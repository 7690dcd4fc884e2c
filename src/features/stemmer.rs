//! Snowball stemming (`shelled`, `shelling` -> `shell`) through rust-stemmers, with a cache.
//!
//! Tokens must be lowercased first: the Snowball algorithms do not lowercase and treat
//! `Shelling` and `shelling` differently. The cache matters: news text repeats a few thousand
//! words, and a lookup is about ten times cheaper than stemming again. Magnitude tokens
//! (`<num:...>`) pass through untouched.

use rustc_hash::FxHashMap;

use rust_stemmers::{Algorithm, Stemmer as Snowball};

use super::filter::TokenFilter;
use super::Language;

/// Beyond this many distinct words the cache is cleared, so memory stays bounded on endless
/// streams of unusual words.
const CACHE_LIMIT: usize = 200_000;

/// Longer words are stemmed every time, never cached, so the cache's memory is bounded in
/// bytes too (hostile input can hold words of a million characters).
const CACHE_WORD_BYTES: usize = 64;

pub struct Stemmer {
    algorithm: Algorithm,
    snowball: Snowball,
    cache: FxHashMap<String, String>,
}

impl Stemmer {
    /// `None` when rust-stemmers has no algorithm for the language.
    pub fn new(language: Language) -> Option<Self> {
        let algorithm = language.snowball()?;
        Some(Stemmer {
            algorithm,
            snowball: Snowball::create(algorithm),
            cache: FxHashMap::default(),
        })
    }
}

impl TokenFilter for Stemmer {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        for token in tokens.iter_mut() {
            if token.starts_with('<') {
                continue;
            }
            if let Some(stem) = self.cache.get(token.as_str()) {
                token.clone_from(stem);
                continue;
            }
            let stem = self.snowball.stem(token).into_owned();
            if token.len() > CACHE_WORD_BYTES {
                *token = stem;
                continue;
            }
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            self.cache.insert(std::mem::replace(token, stem.clone()), stem);
        }
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(Stemmer {
            algorithm: self.algorithm,
            snowball: Snowball::create(self.algorithm),
            cache: FxHashMap::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(language: Language, words: &[&str]) -> Vec<String> {
        let mut t: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let mut s = Stemmer::new(language).expect("algorithm exists");
        s.apply(&mut t);
        // a second pass goes through the cache and must agree
        let mut again: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        s.apply(&mut again);
        assert_eq!(t, again);
        t
    }

    #[test]
    fn english_inflections_share_a_stem() {
        assert_eq!(
            stem(Language::English, &["shelled", "shelling", "shells"]),
            ["shell", "shell", "shell"]
        );
        assert_eq!(
            stem(Language::English, &["displaced", "displacement"]),
            ["displac", "displac"]
        );
        assert_eq!(stem(Language::English, &["moscow's"]), ["moscow"]);
    }

    #[test]
    fn other_languages_and_magnitude_tokens() {
        assert_eq!(
            stem(Language::French, &["réfugiés", "réfugié"]),
            ["réfugi", "réfugi"]
        );
        assert_eq!(
            stem(Language::Russian, &["обстрелы", "обстрел"]),
            ["обстрел", "обстрел"]
        );
        assert_eq!(stem(Language::English, &["<num:100-999>"]), ["<num:100-999>"]);
    }
}
