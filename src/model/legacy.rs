//! Model files of format versions 2 and 3, read into today's [`Model`].
//!
//! Postcard is not self-describing: a field added to the feature configuration changes the
//! encoding of everything after it. Version 3 added `spelling_variants`, version 4
//! `analysis`. An older file is decoded with the configuration as it was then: a version-2
//! model gets `spelling_variants: false`, which is how it was trained, and each gets the
//! [`ANALYSIS_VERSION`](crate::features::ANALYSIS_VERSION) of its time, so the tools can
//! say that this sitrep reads text a little differently.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::features::{Columns, FeatureConfig, Language, TfIdf, Vectorizer};
use crate::model::{Head, Model, Provenance};
use crate::models::LinearClassifier;

/// The feature configuration of format 2.
#[derive(Deserialize, Serialize)]
struct FeatureConfigV2 {
    language: Language,
    fold_accents: bool,
    number_buckets: bool,
    magnitudes: bool,
    stop_words: bool,
    extra_stop_words: Vec<String>,
    stem: bool,
    word_ngrams: (usize, usize),
    char_ngrams: Option<(usize, usize)>,
    min_df: usize,
    max_df: f64,
    max_features: Option<usize>,
    sublinear_tf: bool,
    hashing_bits: Option<u8>,
}

/// The feature configuration of format 3: format 2's with `spelling_variants`.
#[derive(Deserialize, Serialize)]
struct FeatureConfigV3 {
    language: Language,
    fold_accents: bool,
    number_buckets: bool,
    magnitudes: bool,
    spelling_variants: bool,
    stop_words: bool,
    extra_stop_words: Vec<String>,
    stem: bool,
    word_ngrams: (usize, usize),
    char_ngrams: Option<(usize, usize)>,
    min_df: usize,
    max_df: f64,
    max_features: Option<usize>,
    sublinear_tf: bool,
    hashing_bits: Option<u8>,
}

impl From<FeatureConfigV2> for FeatureConfigV3 {
    fn from(c: FeatureConfigV2) -> Self {
        FeatureConfigV3 {
            language: c.language,
            fold_accents: c.fold_accents,
            number_buckets: c.number_buckets,
            magnitudes: c.magnitudes,
            spelling_variants: false,
            stop_words: c.stop_words,
            extra_stop_words: c.extra_stop_words,
            stem: c.stem,
            word_ngrams: c.word_ngrams,
            char_ngrams: c.char_ngrams,
            min_df: c.min_df,
            max_df: c.max_df,
            max_features: c.max_features,
            sublinear_tf: c.sublinear_tf,
            hashing_bits: c.hashing_bits,
        }
    }
}

impl FeatureConfigV3 {
    fn with_analysis(self, analysis: u32) -> FeatureConfig {
        FeatureConfig {
            language: self.language,
            fold_accents: self.fold_accents,
            number_buckets: self.number_buckets,
            magnitudes: self.magnitudes,
            spelling_variants: self.spelling_variants,
            stop_words: self.stop_words,
            extra_stop_words: self.extra_stop_words,
            stem: self.stem,
            word_ngrams: self.word_ngrams,
            char_ngrams: self.char_ngrams,
            min_df: self.min_df,
            max_df: self.max_df,
            max_features: self.max_features,
            sublinear_tf: self.sublinear_tf,
            hashing_bits: self.hashing_bits,
            analysis,
        }
    }
}

#[derive(Deserialize, Serialize)]
struct VectorizerOld<C> {
    config: C,
    columns: Columns,
    tfidf: TfIdf,
}

/// A model of an older format: today's, but for its feature configuration `C`.
#[derive(Deserialize, Serialize)]
struct ModelOld<C> {
    vectorizer: VectorizerOld<C>,
    heads: Vec<Head>,
    provenance: Provenance,
    scope: Option<LinearClassifier>,
}

fn decode_with<C: DeserializeOwned + Into<FeatureConfigV3>>(
    payload: &[u8],
    analysis: u32,
) -> Result<Model, postcard::Error> {
    let old: ModelOld<C> = postcard::from_bytes(payload)?;
    let config: FeatureConfigV3 = old.vectorizer.config.into();
    Ok(Model {
        vectorizer: Vectorizer {
            config: config.with_analysis(analysis),
            columns: old.vectorizer.columns,
            tfidf: old.vectorizer.tfidf,
        },
        heads: old.heads,
        provenance: old.provenance,
        scope: old.scope,
    })
}

/// Decodes the payload of a file of format `version` (2 or 3).
pub(super) fn decode(version: u32, payload: &[u8]) -> Result<Model, postcard::Error> {
    match version {
        2 => decode_with::<FeatureConfigV2>(payload, 1),
        _ => decode_with::<FeatureConfigV3>(payload, 2),
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2};

    use super::*;
    use crate::model::file::{checksum, decode, MAGIC};
    use crate::model::TargetKind;
    use crate::models::Link;

    fn v3_config(c: &FeatureConfig) -> FeatureConfigV3 {
        FeatureConfigV3 {
            language: c.language,
            fold_accents: c.fold_accents,
            number_buckets: c.number_buckets,
            magnitudes: c.magnitudes,
            spelling_variants: c.spelling_variants,
            stop_words: c.stop_words,
            extra_stop_words: c.extra_stop_words.clone(),
            stem: c.stem,
            word_ngrams: c.word_ngrams,
            char_ngrams: c.char_ngrams,
            min_df: c.min_df,
            max_df: c.max_df,
            max_features: c.max_features,
            sublinear_tf: c.sublinear_tf,
            hashing_bits: c.hashing_bits,
        }
    }

    fn v2_config(c: &FeatureConfig) -> FeatureConfigV2 {
        let c = v3_config(c);
        FeatureConfigV2 {
            language: c.language,
            fold_accents: c.fold_accents,
            number_buckets: c.number_buckets,
            magnitudes: c.magnitudes,
            stop_words: c.stop_words,
            extra_stop_words: c.extra_stop_words,
            stem: c.stem,
            word_ngrams: c.word_ngrams,
            char_ngrams: c.char_ngrams,
            min_df: c.min_df,
            max_df: c.max_df,
            max_features: c.max_features,
            sublinear_tf: c.sublinear_tf,
            hashing_bits: c.hashing_bits,
        }
    }

    /// `model` as a sitrep of format `version` wrote it, with its configuration `config`.
    fn old_file<C: Serialize>(model: &Model, config: C, version: u32) -> Vec<u8> {
        let old = ModelOld {
            vectorizer: VectorizerOld {
                config,
                columns: model.vectorizer.columns.clone(),
                tfidf: model.vectorizer.tfidf.clone(),
            },
            heads: model.heads.clone(),
            provenance: model.provenance.clone(),
            scope: model.scope.clone(),
        };
        let payload = postcard::to_stdvec(&old).expect("encodes");
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&checksum(version, &payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    fn model(spelling_variants: bool, analysis: u32) -> Model {
        const BITS: u8 = 8;
        let n = 1usize << BITS;
        Model {
            vectorizer: Vectorizer {
                config: FeatureConfig {
                    hashing_bits: Some(BITS),
                    spelling_variants,
                    analysis,
                    ..FeatureConfig::default()
                },
                columns: Columns::Hashing { bits: BITS },
                tfidf: TfIdf {
                    idf: (0..n).map(|i| 1.0 + i as f64 / 100.0).collect(),
                    sublinear_tf: true,
                },
            },
            heads: vec![Head {
                target: "topic".into(),
                kind: TargetKind::Nominal,
                classes: vec!["a".into(), "b".into()],
                algorithm: "linear-svm C=1".into(),
                classifier: LinearClassifier {
                    weights: Array2::from_shape_fn((n, 2), |(i, j)| ((i * 7 + j * 3) % 11) as f64 - 5.0),
                    bias: Array1::from(vec![0.1, -0.1]),
                    link: Link::Softmax,
                },
            }],
            provenance: Provenance {
                sitrep_version: "0.1.0".into(),
                training_rows: 10,
                text_columns: vec!["text".into()],
                seed: 42,
            },
            scope: None,
        }
    }

    #[test]
    fn a_version_2_file_loads_without_spelling_variants_and_analysis_1() {
        let expected = model(false, 1);
        let file = old_file(&expected, v2_config(&expected.vectorizer.config), 2);
        let loaded = decode(std::path::Path::new("old.sitrep"), &file).expect("a version-2 file loads");
        assert_eq!(loaded, expected);
        let text = ["The cease-fire held in the neighborhood."];
        assert_eq!(loaded.predict_texts(&text), expected.predict_texts(&text));
        let warning = loaded
            .vectorizer
            .config
            .analysis_warning("old.sitrep")
            .expect("a warning");
        assert!(warning.starts_with("old.sitrep was trained with text analysis version 1, and this sitrep analyses text with version"), "{warning}");
    }

    #[test]
    fn a_version_3_file_keeps_its_spelling_setting_and_gets_analysis_2() {
        for variants in [true, false] {
            let expected = model(variants, 2);
            let file = old_file(&expected, v3_config(&expected.vectorizer.config), 3);
            let loaded = decode(std::path::Path::new("old.sitrep"), &file).expect("a version-3 file loads");
            assert_eq!(loaded, expected);
        }
        assert_eq!(
            model(true, crate::features::ANALYSIS_VERSION)
                .vectorizer
                .config
                .analysis_warning("m"),
            None
        );
    }
}
