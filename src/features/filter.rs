//! The token filter chain.
//!
//! Each stage of text analysis after tokenizing is a [`TokenFilter`] that rewrites the token
//! list in place: it may change, drop or merge tokens. Working on the whole list (rather than
//! one token at a time) lets the number filter merge `two hundred` or `1.2 million` into one
//! magnitude token. Filters take `&mut self` so that stages such as the stemmer can keep a
//! cache; an [`Analyzer`](super::Analyzer) is cloned once per worker thread.

pub trait TokenFilter: Send + Sync {
    fn apply(&mut self, tokens: &mut Vec<String>);

    /// Whether this filter may treat `token` differently depending on its neighbours (the
    /// number filter reads `two hundred` as one figure). The [`Analyzer`](super::Analyzer)
    /// remembers what the chain makes of each distinct word on its own, and runs the chain
    /// on the text itself only across tokens some filter calls contextual. So a filter that
    /// answers `false` promises to treat the token alike whatever surrounds it, and to treat
    /// its neighbours alike whatever that token is. Filters that drop tokens must come after
    /// every filter that has contextual tokens, so that dropping never joins two of them.
    fn is_contextual(&self, _token: &str) -> bool {
        false
    }

    /// Clones the filter behind a box, so a run-time chain can be copied per thread.
    fn box_clone(&self) -> Box<dyn TokenFilter>;
}
