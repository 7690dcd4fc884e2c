//! Lowercases tokens (Unicode-aware; ASCII tokens are changed in place without allocating).

use super::filter::TokenFilter;

#[derive(Clone, Copy, Debug, Default)]
pub struct LowerCaser;

impl TokenFilter for LowerCaser {
    fn apply(&mut self, tokens: &mut Vec<String>) {
        for token in tokens.iter_mut() {
            if token.is_ascii() {
                token.make_ascii_lowercase();
            } else if token.chars().any(char::is_uppercase) {
                *token = token.to_lowercase();
            }
        }
    }

    fn box_clone(&self) -> Box<dyn TokenFilter> {
        Box::new(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(words: &[&str]) -> Vec<String> {
        let mut tokens: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        LowerCaser.apply(&mut tokens);
        tokens
    }

    #[test]
    fn lowercases_ascii_and_unicode() {
        assert_eq!(
            lower(&["UN", "Kyiv", "ÉTAT", "ХАРКІВ", "İdlib"]),
            ["un", "kyiv", "état", "харків", "i̇dlib"]
        );
    }
}
