//! The token filter chain.
//!
//! Each stage of text analysis after tokenizing is a [`TokenFilter`] that rewrites the token
//! list in place: it may change, drop or merge tokens. Working on the whole list (rather than
//! one token at a time) lets the number filter merge `two hundred` or `1.2 million` into one
//! magnitude token. Filters take `&mut self` so that stages such as the stemmer can keep a
//! cache; an [`Analyzer`] is cloned once per worker thread.

use super::tokenizer::tokenize;

pub trait TokenFilter: Send + Sync {
    fn apply(&mut self, tokens: &mut Vec<String>);
    /// Clones the filter behind a box, so a run-time chain can be copied per thread.
    fn box_clone(&self) -> Box<dyn TokenFilter>;
}

/// A tokenizer followed by a chain of filters, built from a saved
/// [`FeatureConfig`](super::FeatureConfig) by [`FeatureConfig::analyzer`](super::FeatureConfig::analyzer).
pub struct Analyzer {
    filters: Vec<Box<dyn TokenFilter>>,
}

impl Clone for Analyzer {
    fn clone(&self) -> Self {
        Analyzer {
            filters: self.filters.iter().map(|f| f.box_clone()).collect(),
        }
    }
}

impl Analyzer {
    pub fn builder() -> AnalyzerBuilder {
        AnalyzerBuilder { filters: Vec::new() }
    }

    /// Tokenizes `text` into `out` (cleared first) and runs every filter in order.
    pub fn analyze(&mut self, text: &str, out: &mut Vec<String>) {
        out.clear();
        tokenize(text, out);
        for filter in &mut self.filters {
            filter.apply(out);
        }
    }
}

pub struct AnalyzerBuilder {
    filters: Vec<Box<dyn TokenFilter>>,
}

impl AnalyzerBuilder {
    pub fn filter(mut self, filter: impl TokenFilter + 'static) -> Self {
        self.filters.push(Box::new(filter));
        self
    }

    pub fn build(self) -> Analyzer {
        Analyzer {
            filters: self.filters,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::LowerCaser;

    #[derive(Clone)]
    struct DropShort;
    impl TokenFilter for DropShort {
        fn apply(&mut self, tokens: &mut Vec<String>) {
            tokens.retain(|t| t.chars().count() > 2);
        }
        fn box_clone(&self) -> Box<dyn TokenFilter> {
            Box::new(self.clone())
        }
    }

    #[test]
    fn filters_run_in_the_order_added() {
        let mut a = Analyzer::builder().filter(LowerCaser).filter(DropShort).build();
        let mut out = vec!["stale".to_string()];
        a.analyze("An ARMY of Ten", &mut out);
        assert_eq!(out, ["army", "ten"]);
        let mut b = a.clone();
        b.analyze("OK Go", &mut out);
        assert!(out.is_empty());
    }
}
