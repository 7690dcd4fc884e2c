//! Removes accents: `État` -> `Etat`, `Sévaré` -> `Sevare`.
//!
//! Reporters spell place names with and without diacritics; folding makes both spellings one
//! feature. Characters are decomposed (NFD) and combining marks dropped, which also folds
//! Vietnamese and other Latin-script diacritics; letters with no decomposition (`ø`, `ł`)
//! are left alone.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use super::filter::TokenFilter;

#[derive(Clone, Copy, Debug, Default)]
pub struct AccentFolder;

impl AccentFolder {
    /// Folds a list of words (used for stop-word lists, so they match folded tokens).
    pub fn apply_words(&self, tokens: &mut [String]) {
        for token in tokens.iter_mut() {
            if !token.is_ascii() {
                let folded: String = token.nfd().filter(|&c| !is_combining_mark(c)).collect();
                if !folded.is_empty() {
                    *token = folded;
                }
            }
        }
    }
}

impl TokenFilter for AccentFolder {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        self.apply_words(tokens);
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_latin_diacritics_and_leaves_ascii() {
        let mut t: Vec<String> = ["sévaré", "côte", "kyiv", "ñuñoa", "łódź"]
            .map(String::from)
            .to_vec();
        AccentFolder.apply(&mut t);
        assert_eq!(t, ["sevare", "cote", "kyiv", "nunoa", "łodz"]);
    }

    #[test]
    fn a_token_of_only_marks_is_kept_rather_than_emptied() {
        let mut t = vec!["\u{301}".to_string()];
        AccentFolder.apply(&mut t);
        assert_eq!(t, ["\u{301}"]);
    }
}
