//! Everything the extension module uses from the `sitrep` library, named in this one place:
//! when the library's modules move, only these paths change.

pub use sitrep::classify::output::{prediction_columns, withheld_reasons};
pub use sitrep::classify::{abstain, Abstention, DEFAULT_MIN_COVERAGE, DEFAULT_MIN_SCOPE, UNCERTAIN};
pub use sitrep::data::{
    push_text_field, read_labeled_where, replaced_warning, DataError, LabeledData, RowFilter, Utf8Mode,
    BLANK_GROUP,
};
pub use sitrep::evaluate::compare::{
    compare, compare_data, render_json as render_comparison_json, Comparison,
};
pub use sitrep::evaluate::report::{render_json, Settings};
pub use sitrep::evaluate::{
    evaluate, evaluate_data, file_crc32, resolve_text_columns, EvalError, EvalOptions,
};
pub use sitrep::features::{AnalyzerPool, FeatureConfig, FeatureError, Language, ANALYSIS_VERSION};
pub use sitrep::metrics::Classification;
pub use sitrep::model::default::DEFAULT_MODEL;
pub use sitrep::model::file::{crc32, decode, encode, save, ModelFileError};
pub use sitrep::model::targets::{encode_target, label_warnings, EncodedTarget, TargetError, TargetSpec};
pub use sitrep::model::{Model, Prediction, TargetKind};
pub use sitrep::train::missing::wordless_warning;
pub use sitrep::train::{check_text_columns, train, ModelChoice, TrainError, TrainOptions, TrainSummary};
pub use sitrep::trend::input::{open_file as open_trend_file, Numbering};
pub use sitrep::trend::output::csv::{alert_rows, series_rows, Cell, Kind, ALERT_COLUMNS, SERIES_COLUMNS};
pub use sitrep::trend::output::{write as write_trends, Format as TrendFormat};
pub use sitrep::trend::{InputOptions, Plan, ReadSummary, TrendError, TrendParams, TrendRequest, Trends};

/// sitrep's version, as its binaries and reports give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
