//! Everything the extension module uses from the `sitrep` library, named in this one place:
//! when the library's modules move, only these paths change.

pub use sitrep::classify::{abstain, UNCERTAIN};
pub use sitrep::data::{
    push_text_field, read_labeled_where, replaced_warning, DataError, LabeledData, RowFilter, Utf8Mode,
};
pub use sitrep::default_model::DEFAULT_MODEL;
pub use sitrep::evaluate::{
    evaluate, evaluate_data, file_crc32, resolve_text_columns, EvalError, EvalOptions, Settings,
};
pub use sitrep::features::{AnalyzerPool, FeatureConfig, FeatureError, Language};
pub use sitrep::metrics::Classification;
pub use sitrep::model::{Model, Prediction, TargetKind};
pub use sitrep::model_file::{crc32, decode, encode, save, ModelFileError};
pub use sitrep::output::prediction_columns;
pub use sitrep::report::render_json;
pub use sitrep::targets::{encode_target, EncodedTarget, TargetError, TargetSpec};
pub use sitrep::train::{train, ModelChoice, TrainError, TrainOptions, TrainSummary};

/// sitrep's version, as its binaries and reports give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
