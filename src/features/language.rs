//! The languages the feature pipeline knows: each has a Snowball stemmer, some a built-in
//! stop-word list.

use rust_stemmers::Algorithm;
use serde::{Deserialize, Serialize};

/// Languages with a Snowball stemmer (and, for some, a built-in stop-word list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    Arabic,
    Danish,
    Dutch,
    English,
    Finnish,
    French,
    German,
    Greek,
    Hungarian,
    Italian,
    Norwegian,
    Portuguese,
    Romanian,
    Russian,
    Spanish,
    Swedish,
    Tamil,
    Turkish,
}

impl Language {
    pub const ALL: [Language; 18] = [
        Language::Arabic,
        Language::Danish,
        Language::Dutch,
        Language::English,
        Language::Finnish,
        Language::French,
        Language::German,
        Language::Greek,
        Language::Hungarian,
        Language::Italian,
        Language::Norwegian,
        Language::Portuguese,
        Language::Romanian,
        Language::Russian,
        Language::Spanish,
        Language::Swedish,
        Language::Tamil,
        Language::Turkish,
    ];

    pub fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }

    /// Parses a language name such as `english` or `French` (case-insensitive).
    pub fn parse(name: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.name() == name.to_lowercase())
    }

    /// The language as whatlang names it, to tell whether a text is in this language.
    pub fn whatlang(self) -> whatlang::Lang {
        use whatlang::Lang;
        match self {
            Language::Arabic => Lang::Ara,
            Language::Danish => Lang::Dan,
            Language::Dutch => Lang::Nld,
            Language::English => Lang::Eng,
            Language::Finnish => Lang::Fin,
            Language::French => Lang::Fra,
            Language::German => Lang::Deu,
            Language::Greek => Lang::Ell,
            Language::Hungarian => Lang::Hun,
            Language::Italian => Lang::Ita,
            Language::Norwegian => Lang::Nob,
            Language::Portuguese => Lang::Por,
            Language::Romanian => Lang::Ron,
            Language::Russian => Lang::Rus,
            Language::Spanish => Lang::Spa,
            Language::Swedish => Lang::Swe,
            Language::Tamil => Lang::Tam,
            Language::Turkish => Lang::Tur,
        }
    }

    pub(crate) fn snowball(self) -> Option<Algorithm> {
        Some(match self {
            Language::Arabic => Algorithm::Arabic,
            Language::Danish => Algorithm::Danish,
            Language::Dutch => Algorithm::Dutch,
            Language::English => Algorithm::English,
            Language::Finnish => Algorithm::Finnish,
            Language::French => Algorithm::French,
            Language::German => Algorithm::German,
            Language::Greek => Algorithm::Greek,
            Language::Hungarian => Algorithm::Hungarian,
            Language::Italian => Algorithm::Italian,
            Language::Norwegian => Algorithm::Norwegian,
            Language::Portuguese => Algorithm::Portuguese,
            Language::Romanian => Algorithm::Romanian,
            Language::Russian => Algorithm::Russian,
            Language::Spanish => Algorithm::Spanish,
            Language::Swedish => Algorithm::Swedish,
            Language::Tamil => Algorithm::Tamil,
            Language::Turkish => Algorithm::Turkish,
        })
    }
}
