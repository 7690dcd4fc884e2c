//! Model files of format version 2, read into today's [`Model`].
//!
//! Postcard is not self-describing: a field added to the feature configuration changes the
//! encoding of everything after it. Version 3 added `spelling_variants`; a version-2 file is
//! decoded with the configuration as it was then and gets `spelling_variants: false`, which
//! is how it was trained, so it classifies exactly as before.

use serde::{Deserialize, Serialize};

use crate::features::{Columns, FeatureConfig, Language, TfIdf, Vectorizer};
use crate::model::{Head, Model, Provenance};
use crate::models::LinearClassifier;

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

#[derive(Deserialize, Serialize)]
struct VectorizerV2 {
    config: FeatureConfigV2,
    columns: Columns,
    tfidf: TfIdf,
}

#[derive(Deserialize, Serialize)]
struct ModelV2 {
    vectorizer: VectorizerV2,
    heads: Vec<Head>,
    provenance: Provenance,
    scope: Option<LinearClassifier>,
}

/// Decodes a version-2 payload.
pub(super) fn decode_v2(payload: &[u8]) -> Result<Model, postcard::Error> {
    let old: ModelV2 = postcard::from_bytes(payload)?;
    let c = old.vectorizer.config;
    let config = FeatureConfig {
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
    };
    Ok(Model {
        vectorizer: Vectorizer {
            config,
            columns: old.vectorizer.columns,
            tfidf: old.vectorizer.tfidf,
        },
        heads: old.heads,
        provenance: old.provenance,
        scope: old.scope,
    })
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2};

    use super::*;
    use crate::model::file::{crc32, decode, MAGIC};
    use crate::model::TargetKind;
    use crate::models::Link;

    /// A model as a version-2 sitrep wrote it: the same fields, without `spelling_variants`.
    fn version_2_file(model: &Model) -> Vec<u8> {
        let c = &model.vectorizer.config;
        let old = ModelV2 {
            vectorizer: VectorizerV2 {
                config: FeatureConfigV2 {
                    language: c.language,
                    fold_accents: c.fold_accents,
                    number_buckets: c.number_buckets,
                    magnitudes: c.magnitudes,
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
                },
                columns: model.vectorizer.columns.clone(),
                tfidf: model.vectorizer.tfidf.clone(),
            },
            heads: model.heads.clone(),
            provenance: model.provenance.clone(),
            scope: model.scope.clone(),
        };
        let payload = postcard::to_stdvec(&old).expect("encodes");
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&crc32(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
        out
    }

    #[test]
    fn a_version_2_file_loads_without_spelling_variants() {
        const BITS: u8 = 8;
        let n = 1usize << BITS;
        let model = Model {
            vectorizer: Vectorizer {
                config: FeatureConfig {
                    hashing_bits: Some(BITS),
                    spelling_variants: false,
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
        };
        let loaded = decode(std::path::Path::new("old.sitrep"), &version_2_file(&model))
            .expect("a version-2 file loads");
        assert_eq!(loaded, model);
        let text = ["The cease-fire held in the neighborhood."];
        assert_eq!(loaded.predict_texts(&text), model.predict_texts(&text));
    }
}
