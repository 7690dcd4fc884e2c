//! Feature engineering shared by training and inference.
//!
//! Text flows through: [`tokenizer`] -> a chain of [`TokenFilter`]s ([`LowerCaser`],
//! [`AccentFolder`], [`NumberBucketer`], [`StopWordFilter`], [`Stemmer`]) -> [`ngrams`] ->
//! [`Columns`] (a [`Vocabulary`] or hashing) -> [`TfIdf`] -> a sparse row. The whole chain is
//! described by one [`FeatureConfig`], saved in every model. Training runs the chain once
//! over its corpus into an [`AnalyzedCorpus`] and fits vectorizers on it.

mod accent_folder;
mod analyzer;
mod config;
mod corpus;
mod filter;
mod language;
mod lower_caser;
pub mod magnitude;
pub mod ngrams;
mod numbers;
mod stemmer;
pub mod stop_words;
mod tfidf;
pub mod tokenizer;
mod variants;
mod vectorizer;
mod vocabulary;

pub use accent_folder::AccentFolder;
pub use analyzer::{Analyzer, AnalyzerBuilder, AnalyzerPool};
pub use config::{FeatureConfig, FeatureError, ANALYSIS_VERSION};
pub use corpus::AnalyzedCorpus;
pub use filter::TokenFilter;
pub use language::Language;
pub use lower_caser::LowerCaser;
pub use ngrams::{fnv1a, term_hash, TokenTable};
pub use numbers::{magnitude_token, NumberBucketer};
pub use stemmer::Stemmer;
pub use stop_words::StopWordFilter;
pub use tfidf::TfIdf;
pub use variants::SpellingVariants;
pub use vectorizer::{Coverage, Vectorizer};
pub use vocabulary::{Columns, DfLimits, Vocabulary};
