//! The `evaluate` verb: how good is a model, and how sure can we be. [`score`] predicts a
//! labeled file and scores it; [`calibration`] adds bootstrap intervals (drawn by [`resample`]), ECE,
//! Brier and coverage; [`report`] renders the result as text, markdown or JSON, [`html`] as one page
//! with [`plots`]; [`compare`] sets two models side by side with significance tests;
//! [`crossval`] cross-validates training settings (the one place a verb calls another:
//! `train`), and [`predictions`] writes its out-of-fold predictions; [`levels`] places the
//! ordinal levels a model never saw on its scale. Nothing here is used by `classify`.

pub mod calibration;
pub mod compare;
pub mod crossval;
pub mod groups;
pub mod html;
pub mod levels;
pub mod plots;
pub mod predictions;
pub mod report;
pub mod resample;
pub mod score;

pub use score::{
    evaluate, evaluate_data, file_crc32, resolve_targets, resolve_text_columns, score, score_data, EvalError,
    EvalOptions,
};
