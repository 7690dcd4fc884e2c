"""``sitrep.train`` and ``sitrep.evaluate``: ``sitrep-train`` and ``sitrep-eval`` from Python,
on a CSV file or on a data frame."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping

from . import _input
from ._model import Model
from ._sitrep import evaluate_columns, evaluate_file, train_columns, train_file

#: The training settings and their defaults, which are ``sitrep-train``'s.
TRAIN_DEFAULTS = dict(
    model="svm",
    c=None,
    alpha=None,
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
    holdout=0.2,
    selection_folds=None,
    seed=42,
    calibrate=True,
    background=(),
    snippets=False,
    all_threshold=False,
    class_weight=None,
)


def settings(**given) -> dict:
    """Every training setting: the defaults, with ``given`` ones in their place."""
    unknown = sorted(set(given) - set(TRAIN_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown training setting {unknown[0]!r}")
    out = dict(TRAIN_DEFAULTS, **given)
    out["ngrams"] = _range(out["ngrams"], "ngrams")
    if out["char_ngrams"] is not None:
        out["char_ngrams"] = _range(out["char_ngrams"], "char_ngrams")
    out["extra_stop_words"] = _words(out["extra_stop_words"])
    out["min_df"] = _input.whole(out["min_df"], "min_df", 1)
    out["seed"] = _input.whole(out["seed"], "seed")
    optional = (("max_features", 1, _input.U64_MAX), ("hashing_bits", 8, 28), ("selection_folds", 0, _input.U64_MAX))
    for name, low, high in optional:
        if out[name] is not None:
            out[name] = _input.whole(out[name], name, low, high)
    out["background"] = _background(out["background"])
    out["class_weights"] = _class_weights(out.pop("class_weight"))
    return out


def _words(value) -> list:
    """``extra_stop_words``: a list of words, or one word as a str."""
    if isinstance(value, str):
        return [value]
    return _input.as_list(value, "extra_stop_words")


def _class_weights(value) -> list:
    """``{label: weight}`` (scikit-learn's ``class_weight``) as (label text, weight) pairs,
    labels written as ``sitrep-train --class-weight LABEL=W`` reads them."""
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise TypeError(f"class_weight must be a dict {{label: weight}} or None, got {type(value).__name__}")
    pairs = []
    for label, weight in value.items():
        try:
            weight = float(weight)
        except (TypeError, ValueError):
            raise ValueError(f"the class weight of {label!r} is not a number: {weight!r}") from None
        pairs.append((_input.label_text(label, "class_weight"), weight))
    return pairs


def _background(value) -> list:
    """Texts outside the model's scope: a CSV file's ``text`` column (as ``sitrep-train
    --background FILE`` reads it) or a sequence of ``str``."""
    if _input.is_path(value):
        import csv

        with open(value, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or "text" not in reader.fieldnames:
                raise ValueError(f"{os.fspath(value)}: no column named `text` in the header")
            return [row["text"] for row in reader if row["text"].strip()]
    return _input.as_list(value, "background")


def _range(value, name):
    """(low, high) from a pair, a single order, or ``"1-2"`` as the CLI writes it."""
    if isinstance(value, str):
        low, _, high = value.partition("-")
        value = (low, high or low)
    elif not isinstance(value, (tuple, list)):
        value = (value, value)
    try:
        low, high = (int(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a range such as (1, 2), got {value!r}") from None
    return (_input.whole(low, f"the low end of {name}", 1), _input.whole(high, f"the high end of {name}", 1))


def _target_list(targets) -> list:
    if isinstance(targets, (str, tuple)):
        return [targets]
    return list(targets)


def _target_column(target) -> str:
    return target[0] if isinstance(target, tuple) else target.split(":", 1)[0].strip()


def _column(data, name, what):
    if name not in data:
        available = ", ".join(f"`{c}`" for c in data.keys())
        raise ValueError(f"no {what} column `{name}` in the data (the columns are: {available})")
    return data[name]


def train(
    data,
    targets,
    text_columns=("text",),
    *,
    rows: str | None = None,
    lossy: bool = False,
    n_jobs: int | None = None,
    **options,
) -> Model:
    """Trains a model, as ``sitrep-train`` does.

    ``data``: a labeled CSV file's path (read by sitrep as ``sitrep-train --data`` reads
    it: errors name the line and column), or a pandas DataFrame or dict of columns.
    ``targets``: label columns as ``sitrep-train --target`` takes them (``"topic"``,
    ``"escalation:ordinal"``, ``"risk:ordinal=low,medium,high"``) or as
    ``(column, "nominal" | "ordinal", levels or None)``. ``text_columns``: joined per row.
    ``rows="split=train"`` keeps matching rows of a file.

    Options (defaults as ``sitrep-train``): ``model`` (``svm``, ``logistic``, ``cnb``,
    ``nb``, ``ensemble``: the mean of the probabilities of svm, logistic and cnb, ``auto``), ``c`` (None: 1; for
    ``svm``, ``logistic``, ``ensemble`` and the ``background`` scope gate: a ``ValueError``
    with another model, which would ignore it), ``alpha`` (``cnb``, ``nb`` and ``ensemble``
    only, a ``ValueError`` with another model), ``ngrams``, ``char_ngrams``, ``min_df``,
    ``max_df``, ``max_features`` (not with ``hashing_bits``: a ``ValueError``), ``hashing_bits``, ``language``, ``stop_words``,
    ``extra_stop_words`` (a list of words, or one word as a str), ``stem``, ``number_buckets``, ``magnitudes`` (what figures count, as
    ``<kill:100-999>``; English only), ``spelling_variants`` (one spelling per word:
    ``defense`` is ``defence``, ``cease-fire`` is ``ceasefire``; English only), ``fold_accents``, ``holdout``,
    ``selection_folds`` (``auto`` only; None: 3), ``seed``, ``calibrate`` (False: a ``ValueError`` with
    ``svm``, which is always Platt-calibrated), ``background`` (texts outside the
    model's scope, or a CSV file with a ``text`` column: the model then gets a scope gate,
    as with ``sitrep-train --background``), ``snippets`` (also train on the headline and
    lede of every row over 60 words, as ``sitrep-train --snippets``), ``all_threshold``
    (ordinal SVMs share one weight vector, as ``sitrep-train --all-threshold``; a
    ``ValueError`` with another model or no ordinal target, where it would change nothing),
    ``class_weight`` (``{label: weight}``: the rows of a label weigh more in training, as
    ``sitrep-train --class-weight LABEL=W``; SVMs only). The same data and seed give a model file
    with the same bytes as ``sitrep-train`` makes.

    The returned model's ``summary`` holds what ``sitrep-train`` prints.
    """
    targets = _target_list(targets)
    text_columns = [text_columns] if isinstance(text_columns, str) else list(text_columns)
    config = settings(**options)
    if _input.is_path(data):
        native, summary = train_file(os.fspath(data), text_columns, targets, config, rows, lossy, n_jobs)
        return Model(native, summary)
    if rows is not None:
        raise ValueError("rows= filters a CSV file's rows; select a data frame's rows before training")
    data = _input.columns(data)
    texts = [_input.text_column(_column(data, c, "text"), f"column `{c}`") for c in text_columns]
    labels = [_input.labels(_column(data, _target_column(t), "target"), _target_column(t)) for t in targets]
    native, summary = train_columns(texts, text_columns, targets, labels, config, n_jobs)
    return Model(native, summary)


def evaluate(
    model,
    data,
    *,
    targets=None,
    text_columns=None,
    rows: str | None = None,
    seed: int | None = None,
    resamples: int = 1000,
    errors: int = 0,
    lossy: bool = False,
    n_jobs: int | None = None,
    by: str | None = None,
) -> dict:
    """Scores a model on labeled data, as ``sitrep-eval --format json`` does, and returns
    that report as Python objects: per target the classification report, confusion
    matrix, bootstrap intervals (``resamples``, ``seed``), calibration, coverage and the
    ``errors`` most confident mistakes.

    ``model``: a :class:`Model`, a model file's path, or None for the built-in model.
    ``data``: a CSV file's path, or a pandas DataFrame or dict of columns (rows are then
    numbered from 0 where a file's report gives lines). ``targets`` and ``text_columns``
    default to the model's that the data has. ``by``: a column whose every value is also
    scored on its own (``sitrep-eval --by``), as each target's ``by_group``. ``seed``
    (None: 42) seeds the bootstrap, so it is an error with ``resamples=0``, as in
    ``sitrep-eval``.
    """
    if seed is not None and resamples == 0:
        raise ValueError(
            "seed= seeds the bootstrap intervals, and resamples=0 draws none, so it would change "
            "nothing; leave seed out, or give resamples above 0"
        )
    seed = 42 if seed is None else _input.whole(seed, "seed")
    resamples = _input.whole(resamples, "resamples")
    errors = _input.whole(errors, "errors")
    if not isinstance(model, Model):
        model = Model.load(model)
    if isinstance(targets, str):
        targets = [targets]
    if isinstance(text_columns, str):
        text_columns = [text_columns]
    if _input.is_path(data):
        report = evaluate_file(
            model._native,
            os.fspath(data),
            list(text_columns or []),
            list(targets or []),
            rows,
            seed,
            resamples,
            errors,
            lossy,
            n_jobs,
            by,
        )
    else:
        if rows is not None:
            raise ValueError("rows= filters a CSV file's rows; select a data frame's rows first")
        data = _input.columns(data)
        texts, text_columns, targets, labels = _labeled_columns(model, data, targets, text_columns)
        if by is not None:
            labels.append(_input.groups(_column(data, by, "grouping"), by))
        report = evaluate_columns(
            model._native, texts, list(text_columns), targets, labels, seed, resamples, errors, n_jobs, by
        )
    return json.loads(report)


def _labeled_columns(model, data, targets, text_columns, also_known_to=None):
    """The text lists, text column names, targets and label lists of a data frame's columns
    (``data``, as ``_columns`` returns it) to score ``model`` on: the targets and text columns
    asked for, else the model's that the data has (and, with ``also_known_to``, that this
    second model predicts too)."""
    known = model.targets if also_known_to is None else [t for t in model.targets if t in also_known_to.targets]
    targets = list(targets) if targets else [t for t in known if t in data]
    if not targets:
        raise ValueError(
            "the data has none of the model's target columns ("
            + ", ".join(f"`{t}`" for t in known)
            + "); name the label columns with targets=[...]"
        )
    if not text_columns:
        text_columns = [c for c in model.text_columns if c in data]
    if not text_columns:
        raise ValueError(
            "the data has none of the model's text columns ("
            + ", ".join(f"`{c}`" for c in model.text_columns)
            + "); name them with text_columns=[...]"
        )
    texts = [_input.text_column(_column(data, c, "text"), f"column `{c}`") for c in text_columns]
    labels = [_input.labels(_column(data, t, "target"), t) for t in targets]
    return texts, list(text_columns), targets, labels
