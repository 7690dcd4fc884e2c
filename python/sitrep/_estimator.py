"""``sitrep.SitrepClassifier``: sitrep as a scikit-learn estimator on raw text."""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from . import _input
from ._model import Model
from ._sitrep import train_columns
from ._train import settings

#: The name of the one target a SitrepClassifier's model predicts.
TARGET = "label"


def _texts(X):
    """``X`` as text columns for the extension module: one text per sample, or a 2-D array
    or data frame whose columns are joined per row (as ``--text-column`` repeated joins
    them). Numeric arrays are read as their numbers' text, as a CSV file would hold them,
    so that scikit-learn's generic checks (which feed numbers) apply; missing values and
    bytes are refused."""
    if _input.is_frame(X):
        if X.shape[1] == 0:
            raise ValueError("X has no text columns (a data frame without columns); give at least one column")
        X = _input.columns(X)
        names = [str(c) for c in X.columns]
        return [_column(X[c].to_numpy(), f"column `{n}`") for c, n in zip(X.columns, names)], names
    if _input.is_series(X):
        return [_column(X.to_numpy(), "X")], ["text"]
    if isinstance(X, (str, bytes, bytearray)):
        raise TypeError("X is one text; pass a sequence of texts, e.g. [text]")
    if isinstance(X, np.ndarray) and X.ndim == 2:
        if X.shape[1] == 0:
            raise ValueError(f"X has no text columns (shape {X.shape}); give at least one column of texts")
        names = [f"x{j}" for j in range(X.shape[1])]
        return [_column(X[:, j], n) for j, n in enumerate(names)], names
    if isinstance(X, np.ndarray) and X.ndim != 1:
        raise ValueError(f"X is a {X.ndim}-D array; expected one text per sample")
    if isinstance(X, np.ndarray):
        return [_column(X, "X")], ["text"]
    if hasattr(X, "toarray"):
        raise TypeError("X is a sparse matrix; SitrepClassifier takes raw texts and makes its own features")
    return [_input.as_list(X, "X")], ["text"]


def _column(values: np.ndarray, name: str) -> list:
    kind = values.dtype.kind
    if kind in "biuf":
        if kind == "f" and np.isnan(values).any():
            raise ValueError(f"{name} holds a missing value (NaN) at row {int(np.flatnonzero(np.isnan(values))[0])}")
        return [_input.label_text(v, name) for v in values.tolist()]
    return _input.as_list(values, name)


def _label(value, where: str) -> str:
    """A label as sitrep reads it: as text, without the spaces around it (sitrep trims
    labels as it trims a CSV file's), so that classes are found by the label sitrep keeps."""
    return _input.label_text(value, where).strip()


def _labels_array(y) -> np.ndarray:
    """``y`` as an array, once no label is missing: NumPy would read a NaN among str as
    the text 'nan', and scikit-learn's checks stumble on ``pd.NA``."""
    items = y.tolist() if hasattr(y, "tolist") else list(y)
    for i, v in enumerate(items):
        if _input.is_missing(v):
            raise ValueError(f"y[{i}] is missing ({_input.missing_name(v)}); every sample needs a label")
    return np.asarray(y if hasattr(y, "tolist") else items)


def _has_scores(estimator) -> bool:
    """Whether ``decision_function`` exists: not for an ensemble, which averages its
    members' probabilities, so that scikit-learn's scorers fall back on ``predict_proba``."""
    if estimator.model == "ensemble":
        raise AttributeError(
            "an ensemble averages its members' probabilities and has no single score "
            "per class; use predict_proba instead of decision_function"
        )
    return True


class SitrepClassifier(ClassifierMixin, BaseEstimator):
    """A text classifier for scikit-learn: sitrep's analyzer, TF-IDF and a linear model
    (a calibrated linear SVM by default) in one estimator that takes raw texts.

    ``X`` is one text per sample (a list, Series or 1-D array of str), or a data frame or
    2-D array whose columns are joined per row. It works in ``Pipeline``,
    ``GridSearchCV`` and ``cross_val_score``, and pickles as its model file's bytes.

    Parameters are those of ``sitrep-train`` (same defaults; ``c=None`` is C = 1,
    ``selection_folds=None`` 3 folds for ``model="auto"``, and an
    option the model would ignore, such as ``alpha`` with an SVM, is a ``ValueError`` on
    ``fit``, as ``sitrep-train`` refuses it), plus:

    target_kind : "nominal" or "ordinal"
        Ordinal labels are levels (numbers, or ``levels`` in order); an ordinal SVM then
        predicts the median level.
    levels : sequence or None
        The order of ordinal levels, lowest first, when the labels are not numbers;
        ``classes_`` then lists them in this order.
    class_weight : dict or None
        ``{label: weight}``: the samples of a label weigh more in training (SVMs only), as
        ``sitrep-train --class-weight``.
    n_jobs : int or None
        Threads for training and prediction (None or -1: all cores). Set 1 when
        ``GridSearchCV(n_jobs=...)`` or Dask already runs several fits side by side.

    Fitted attributes: ``classes_`` and ``model_`` (a :class:`sitrep.Model`, which can be
    saved as a ``.sitrep`` file for ``sitrep-classify``).
    """

    def __init__(
        self,
        target_kind="nominal",
        model="svm",
        c=None,
        alpha=None,
        levels=None,
        ngrams=(1, 2),
        char_ngrams=None,
        min_df=2,
        max_df=0.9,
        max_features=None,
        hashing_bits=None,
        language="english",
        stop_words=True,
        extra_stop_words=(),
        stem=True,
        number_buckets=True,
        magnitudes=True,
        spelling_variants=True,
        fold_accents=True,
        calibrate=True,
        selection_folds=None,
        seed=42,
        snippets=False,
        all_threshold=False,
        class_weight=None,
        n_jobs=None,
    ):
        self.target_kind = target_kind
        self.model = model
        self.c = c
        self.alpha = alpha
        self.levels = levels
        self.ngrams = ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.hashing_bits = hashing_bits
        self.language = language
        self.stop_words = stop_words
        self.extra_stop_words = extra_stop_words
        self.stem = stem
        self.number_buckets = number_buckets
        self.magnitudes = magnitudes
        self.spelling_variants = spelling_variants
        self.fold_accents = fold_accents
        self.calibrate = calibrate
        self.selection_folds = selection_folds
        self.seed = seed
        self.snippets = snippets
        self.all_threshold = all_threshold
        self.class_weight = class_weight
        self.n_jobs = n_jobs

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = True
        return tags

    def _settings(self) -> dict:
        return settings(
            model=self.model,
            c=self.c,
            alpha=self.alpha,
            ngrams=self.ngrams,
            char_ngrams=self.char_ngrams,
            min_df=self.min_df,
            max_df=self.max_df,
            max_features=self.max_features,
            hashing_bits=self.hashing_bits,
            language=self.language,
            stop_words=self.stop_words,
            extra_stop_words=self.extra_stop_words,
            stem=self.stem,
            number_buckets=self.number_buckets,
            magnitudes=self.magnitudes,
            spelling_variants=self.spelling_variants,
            fold_accents=self.fold_accents,
            holdout=0.0,
            selection_folds=self.selection_folds,
            seed=self.seed,
            calibrate=self.calibrate,
            snippets=self.snippets,
            all_threshold=self.all_threshold,
            class_weight=self.class_weight,
        )

    def fit(self, X, y):
        """Trains on texts ``X`` with labels ``y``; returns self."""
        columns, names = _texts(X)
        y = _labels_array(y)
        if y.ndim != 1:
            raise ValueError(f"y must be one label per sample (1-D), got shape {y.shape}")
        if len(y) != len(columns[0]):
            raise ValueError(f"X has {len(columns[0])} samples but y has {len(y)} labels")
        check_classification_targets(y)
        if self.levels is not None:
            classes = np.asarray(list(self.levels))
            keys = [_label(v, "levels") for v in classes.tolist()]
            labels = [_label(v, f"y[{i}]") for i, v in enumerate(y.tolist())]
        else:
            classes, inverse = np.unique(y, return_inverse=True)
            keys = [_label(v, "y") for v in classes.tolist()]
            labels = [keys[i] for i in inverse.ravel()]
        if len(set(keys)) != len(keys):
            raise ValueError(
                f"two classes of y are the same label as text (sitrep trims the spaces around labels): {keys}"
            )
        levels = keys if self.levels is not None else None
        target = (TARGET, self.target_kind, levels)
        native, summary = train_columns(columns, names, [target], [labels], self._settings(), self.n_jobs)
        sitrep_classes = native.classes[0]
        self.model_ = Model(native, summary)
        self.classes_ = classes
        # sitrep orders classes its way (alphabetically, or by level): where each of
        # classes_ is among sitrep's, and where each of sitrep's is in classes_
        self._to_sitrep = np.asarray([sitrep_classes.index(k) for k in keys], dtype=np.intp)
        self._from_sitrep = np.asarray([keys.index(k) for k in sitrep_classes], dtype=np.intp)
        return self

    def _columns(self, X):
        check_is_fitted(self)
        columns, names = _texts(X)
        # an estimator always answers with a class: no abstention of any kind
        return self.model_._native.predict(columns, names, self.n_jobs, 0.0, 0.0, 0.0)

    def predict(self, X):
        """The predicted class of each text (for ordinal targets, the median level)."""
        codes = self._columns(X)[0][1]
        return self.classes_[self._from_sitrep[codes]]

    def predict_proba(self, X):
        """Class probabilities (calibrated), columns in the order of ``classes_``."""
        columns = self._columns(X)
        k = len(self.classes_)
        # the per-class probabilities come last, before `coverage` and `uncertain_reason`
        per_class = [values for _, values in columns[-k - 2 : -2]]
        return np.column_stack(per_class)[:, self._to_sitrep]

    def predict_log_proba(self, X):
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    @available_if(_has_scores)
    def decision_function(self, X):
        """Raw scores before calibration: for nominal targets one per class of
        ``classes_`` (for two classes, one score, positive toward ``classes_[1]``); for
        ordinal targets one per threshold between adjacent levels, positive toward the
        higher levels. An ensemble (``model="ensemble"``) has no single score per class,
        so it has no ``decision_function`` (``hasattr`` is False, and scikit-learn's
        scorers use ``predict_proba``)."""
        check_is_fitted(self)
        columns, names = _texts(X)
        scores = self.model_._native.scores(columns, names, self.n_jobs)[0]
        if self.model_.kinds[TARGET] == "ordinal":
            return scores[:, 0] if scores.shape[1] == 1 else scores
        scores = scores[:, self._to_sitrep]
        return scores[:, 1] - scores[:, 0] if scores.shape[1] == 2 else scores
