"""``sitrep.compare``: ``sitrep-eval --model A --model B`` from Python, on a CSV file or on a
data frame."""

from __future__ import annotations

import json
import os

from . import _input
from ._model import Model
from ._sitrep import compare_columns, compare_file
from ._train import _labeled_columns


def compare(
    model_a,
    model_b,
    data,
    *,
    targets=None,
    text_columns=None,
    rows: str | None = None,
    seed: int = 42,
    resamples: int = 1000,
    lossy: bool = False,
    n_jobs: int | None = None,
) -> dict:
    """Scores two models on the same labeled rows and tests the difference per target, as
    ``sitrep-eval --model A --model B --format json`` does: accuracy with McNemar's test,
    macro-F1 with a paired bootstrap (``resamples``, at least 1, ``seed``) and, for an ordinal target,
    MAE and QWK with the same bootstrap. Each test gives B - A, a two-sided p-value and
    (for the bootstraps) a 95% interval of the difference.

    ``model_a``, ``model_b``: :class:`Model` objects, model files' paths, or None for the
    built-in model. ``data``: a CSV file's path, or a pandas DataFrame or dict of columns.
    ``targets`` and ``text_columns`` default to model A's that model B predicts too and the
    data has.
    """
    seed = _input.whole(seed, "seed")
    resamples = _input.whole(resamples, "resamples")
    model_a = model_a if isinstance(model_a, Model) else Model.load(model_a)
    model_b = model_b if isinstance(model_b, Model) else Model.load(model_b)
    targets = [targets] if isinstance(targets, str) else targets
    text_columns = [text_columns] if isinstance(text_columns, str) else text_columns
    if _input.is_path(data):
        result = compare_file(
            model_a._native,
            model_b._native,
            os.fspath(data),
            list(text_columns or []),
            list(targets or []),
            rows,
            seed,
            resamples,
            lossy,
            n_jobs,
        )
    else:
        if rows is not None:
            raise ValueError("rows= filters a CSV file's rows; select a data frame's rows first")
        data = _input.columns(data)
        texts, names, targets, labels = _labeled_columns(model_a, data, targets, text_columns, also_known_to=model_b)
        result = compare_columns(
            model_a._native, model_b._native, texts, names, targets, labels, seed, resamples, n_jobs
        )
    return json.loads(result)
