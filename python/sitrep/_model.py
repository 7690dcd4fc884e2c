"""``sitrep.Model``: a trained model, loaded from a ``.sitrep`` file (the same files the
command-line tools read and write) or the built-in default model."""

from __future__ import annotations

import os

import numpy as np

from . import _input
from ._sitrep import DEFAULT_MIN_COVERAGE, DEFAULT_MIN_SCOPE, UNCERTAIN, NativeModel


class Model:
    """A trained sitrep model: one head per target (``topic``, ``escalation``, ...).

    Make one with :meth:`Model.load`, :func:`sitrep.train` or :meth:`Model.from_bytes`.
    Models pickle as the bytes of their model file, which are checked on the way back in
    like any untrusted file (magic, version, length, checksum, consistency).
    """

    def __init__(self, native: NativeModel, summary: dict | None = None):
        if not isinstance(native, NativeModel):
            raise TypeError(
                "make a Model with Model.load(path), Model.from_bytes(data) or sitrep.train(...)"
            )
        self._native = native
        self.summary = summary
        """What training reported (rows, features, algorithms, validation scores), as
        ``sitrep-train`` prints it; None for a loaded model."""
        self._lookup()

    def _lookup(self):
        # per target: its classes as an object array, to turn class indices into labels;
        # index len(classes) is `uncertain` (below min_confidence)
        self._classes = {}
        self._labels = {}
        for target, classes in zip(self._native.targets, self._native.classes):
            self._classes[target] = np.asarray(classes, dtype=object)
            extra = [] if UNCERTAIN in classes else [UNCERTAIN]
            self._labels[target] = np.asarray(classes + extra, dtype=object)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Model":
        """Loads a model file; with no path, the default model built into sitrep (the one
        ``sitrep-classify`` uses, trained on sitrep's own corpus of conflict news).

        Raises ``FileNotFoundError`` (or another ``OSError``) when the file cannot be read
        and ``ValueError`` when it is not a whole, consistent sitrep model.
        """
        return cls(NativeModel.load(None if path is None else os.fspath(path)))

    @classmethod
    def from_bytes(cls, data: bytes, origin: str = "<bytes>") -> "Model":
        """A model from the bytes of a model file, checked as a file is."""
        if not isinstance(data, bytes):
            raise TypeError(f"expected the bytes of a model file, got {type(data).__name__}")
        return cls(NativeModel.from_bytes(data, origin))

    def to_bytes(self) -> bytes:
        """The model file's bytes (what :meth:`save` writes)."""
        return self._native.to_bytes()

    def save(self, path: str | os.PathLike) -> None:
        """Writes the model file, atomically (a temporary file renamed into place);
        ``sitrep-classify --model PATH`` reads it."""
        self._native.save(os.fspath(path))

    def __getstate__(self):
        return {"model": self.to_bytes(), "origin": self._native.origin, "summary": self.summary}

    def __setstate__(self, state):
        if not isinstance(state, dict) or not isinstance(state.get("model"), bytes):
            raise ValueError("not a pickled sitrep model: its state holds no model file bytes")
        self._native = NativeModel.from_bytes(state["model"], state.get("origin") or "<pickle>")
        self.summary = state.get("summary")
        self._lookup()

    @property
    def targets(self) -> list[str]:
        """The target columns the model predicts, in order."""
        return self._native.targets

    @property
    def classes(self) -> dict[str, list[str]]:
        """Each target's classes (for ordinal targets, lowest level first)."""
        return dict(zip(self._native.targets, self._native.classes))

    @property
    def kinds(self) -> dict[str, str]:
        """Each target's kind: ``nominal`` or ``ordinal``."""
        return dict(zip(self._native.targets, self._native.kinds))

    @property
    def algorithms(self) -> dict[str, str]:
        """Each target's algorithm and hyperparameters (``linear-svm C=0.3 ...``)."""
        return dict(zip(self._native.targets, self._native.algorithms))

    @property
    def text_columns(self) -> list[str]:
        """The columns the model was trained on; a data frame's are read by default."""
        return self._native.text_columns

    @property
    def columns(self) -> list[str]:
        """The columns :meth:`predict` returns: those ``sitrep-classify`` appends to CSV."""
        return self._native.columns

    @property
    def has_scope_gate(self) -> bool:
        """Whether the model has a scope gate (trained with ``background=``, as
        ``sitrep-train --background``), which ``min_scope`` of :meth:`predict` reads."""
        return self._native.has_scope_gate

    @property
    def n_features(self) -> int:
        return self._native.n_features

    @property
    def sitrep_version(self) -> str:
        """The version of sitrep that trained the model."""
        return self._native.sitrep_version

    @property
    def crc32(self) -> str:
        """CRC-32 of the model file, as ``sitrep-eval`` reports it."""
        return self._native.crc32

    @property
    def origin(self) -> str:
        """Where the model came from: its path, the built-in model, or how it was trained."""
        return self._native.origin

    def describe(self, top: int = 12) -> str:
        """Targets, classes, sizes and the top terms per class (``sitrep-classify --show-model``)."""
        return self._native.describe(_input.whole(top, "top"))

    def __repr__(self) -> str:
        targets = ", ".join(f"{t} ({k})" for t, k in self.kinds.items())
        return f"<sitrep.Model {self.origin}: {targets}; {self.n_features} features>"

    def _predict_columns(
        self, texts, text_columns=None, n_jobs=None, min_confidence=0.0, min_coverage=None, min_scope=None
    ):
        lists, names, index = _input.text_columns(texts, text_columns, self.text_columns)
        if min_coverage is None:
            min_coverage = DEFAULT_MIN_COVERAGE
        if min_scope is None:
            min_scope = DEFAULT_MIN_SCOPE
        elif min_scope > 0 and not self.has_scope_gate:
            # as sitrep-classify --min-scope: a threshold no gate reads would change nothing
            raise ValueError(
                f"min_scope sets how sure the scope gate must be that a text is like the model's "
                f"training data, and this model ({self.origin}) has no scope gate (it was trained "
                f"without a background file), so it would change nothing; leave it out, or use a "
                f"model trained with background="
            )
        native = self._native.predict(
            lists, names, n_jobs, float(min_confidence), float(min_coverage), float(min_scope)
        )
        return native, index

    def predict(
        self,
        texts,
        *,
        text_columns=None,
        n_jobs: int | None = None,
        min_confidence: float = 0.0,
        min_coverage: float | None = None,
        min_scope: float | None = None,
    ):
        """Classifies a batch of texts.

        ``texts``: a sequence of ``str`` (list, tuple, pandas Series, NumPy array of str),
        or a pandas DataFrame or dict of columns (each name once), whose ``text_columns``
        (a list of names, or one name as a str; by default the model's training columns
        that it has) are joined per row as ``sitrep-classify`` joins a CSV file's (a
        missing value, None, NaN or ``pd.NA``, is an empty field).

        Returns a pandas DataFrame (a dict of NumPy arrays without pandas) with the columns
        ``sitrep-classify`` appends to CSV output, at full precision: per target the label
        (a categorical column), its probability, the expected level (ordinal targets) and
        one probability per class (``topic_p_offensive``). A Series' or DataFrame's index
        is kept. Then ``coverage``, the share of each text's words the model knows, and
        ``uncertain_reason``. Labels below ``min_confidence`` are ``uncertain``, and so are all
        labels of a text whose coverage is below ``min_coverage`` (default 0.55, as
        ``sitrep-classify --min-coverage``; 0 turns the check off): another language, code,
        gibberish, or no words at all (an empty text); and those of a text the model's scope gate (if it has one) finds off its
        subject below ``min_scope`` (default 0.25, as ``--min-scope``; 0 turns it off).

        The GIL is released while the batch is classified, on ``n_jobs`` threads (None or
        -1: all cores; -2: all but one).
        """
        columns, index = self._predict_columns(
            texts, text_columns, n_jobs, min_confidence, min_coverage, min_scope
        )
        if _input.pd is None:
            # every column a NumPy array: labels and uncertain_reason (a list of str from
            # the extension) as object arrays
            out = {}
            for name, values in columns:
                if name in self._labels:
                    values = self._labels[name][values]
                elif isinstance(values, list):
                    values = np.asarray(values, dtype=object)
                out[name] = values
            return out
        pd = _input.pd
        data = {}
        for name, values in columns:
            if name in self._labels:
                categories = self._labels[name]
                values = pd.Categorical.from_codes(values, categories=categories)
            data[name] = values
        return pd.DataFrame(data, index=index, copy=False)

    def explain(self, text: str, n: int = 5) -> dict[str, list[tuple[str, float]]]:
        """The ``n`` terms that pushed each target's prediction for one text, largest push
        first, as (term, contribution) pairs (``sitrep-classify --explain N``)."""
        if not isinstance(text, str):
            raise TypeError(f"explain takes one text (a str), got {type(text).__name__}")
        return dict(zip(self.targets, self._native.explain(text, _input.whole(n, "n"))))
