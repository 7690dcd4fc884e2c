"""Turning what users pass (lists, tuples, pandas Series and DataFrames, NumPy arrays) into
the lists of ``str`` the extension module reads, and labels into text.

Texts are not copied here: a list is handed over as it is, and the extension module reads
each ``str`` object's text where Python keeps it. Only containers are converted: a Series or
an object array to a list of the same objects. A NumPy array of fixed-width strings (``<U``)
holds UCS-4 code points, not ``str`` objects, so its items become ``str`` objects first.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Mapping

import numpy as np

from ._sitrep import BLANK_GROUP

try:  # pandas is optional: without it, results are dicts of arrays
    import pandas as pd
except ImportError:  # pragma: no cover - the test environment has pandas
    pd = None


def is_frame(data) -> bool:
    return pd is not None and isinstance(data, pd.DataFrame)


def is_series(data) -> bool:
    return pd is not None and isinstance(data, pd.Series)


def is_path(data) -> bool:
    return isinstance(data, (str, os.PathLike))


def is_missing(value) -> bool:
    """Whether a value is how pandas or NumPy mark a missing one: None, NaN, ``pd.NA``,
    ``pd.NaT`` or NumPy's NaT."""
    if value is None:
        return True
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
        return value != value  # NaN
    return isinstance(value, (np.datetime64, np.timedelta64)) and np.isnat(value)


#: The largest number sitrep's counts and seeds hold (64 bits).
U64_MAX = 2**64 - 1


def whole(value, name: str, low: int = 0, high: int = U64_MAX) -> int:
    """An option that is a whole number from ``low`` to ``high``, as an int."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    value = int(value)
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")
    if value > high:
        raise ValueError(f"{name} must be at most {high}, got {value}")
    return value


def columns(data):
    """``data`` as columns by name: a pandas DataFrame or a dict of columns, checked to
    name each column once (a frame's duplicate names would select several columns)."""
    if not (is_frame(data) or isinstance(data, Mapping)):
        raise TypeError(
            "data must be a CSV file's path, a pandas DataFrame or a dict of columns; "
            f"got {type(data).__name__}"
        )
    if is_frame(data) and not data.columns.is_unique:
        twice = sorted({str(c) for c in data.columns[data.columns.duplicated()]})
        raise ValueError(
            "the data frame has more than one column named "
            + ", ".join(f"`{c}`" for c in twice)
            + "; rename or drop the duplicates so that each name picks one column"
        )
    return data


def text_column(values, name: str) -> list:
    """A text column of a data frame or dict, read as a CSV file's column: a missing value
    (None, NaN, ``pd.NA``, NaT) is an empty field."""
    items = as_list(values, name)
    if all(type(v) is str for v in items):
        return items
    return ["" if is_missing(v) else v for v in items]


def as_list(values, name: str) -> list:
    """One text column as a list of its items (checked to be ``str`` by the extension)."""
    if isinstance(values, list):
        return values
    if isinstance(values, (str, bytes, bytearray)):
        kind = "one str" if isinstance(values, str) else "bytes"
        raise TypeError(
            f"{name} is {kind}, not a sequence of texts; pass a list of str, e.g. [text]"
        )
    if is_frame(values) or isinstance(values, Mapping):
        raise TypeError(
            f"{name} is a {type(values).__name__} of columns, not one column of texts; "
            "pass a data frame or dict as the data, or one of its columns"
        )
    if isinstance(values, (set, frozenset)):
        raise TypeError(
            f"{name} is a {type(values).__name__}, which has no order, so results could not be "
            "matched to the texts; pass a list (sorted(texts) if any order will do)"
        )
    if is_series(values):
        return values.tolist()
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} is a {values.ndim}-D array; expected one text per row (1-D)")
        if values.dtype.kind == "S":
            raise TypeError(
                f"{name} is an array of bytes ({values.dtype}); decode it to str first, "
                "e.g. with numpy.char.decode(array, 'utf-8')"
            )
        if values.dtype.kind not in "UO":
            raise TypeError(f"{name} is an array of {values.dtype}, not of str")
        return values.tolist()
    if isinstance(values, tuple):
        return list(values)
    try:
        return list(values)
    except TypeError:
        raise TypeError(
            f"{name} is a {type(values).__name__}; expected a sequence of str, a pandas Series "
            "or a NumPy array of str"
        ) from None


def text_columns(data, requested, model_columns):
    """The text columns to read from ``data``: a list of lists, their names, and the
    data's index (None unless it is a pandas object).

    A data frame's (or a dict's) columns are those ``requested`` (a list, or one name as
    a str), else the model's own training columns that it has (as ``sitrep-classify
    --input FILE.csv`` chooses them); several columns are joined per row, a missing value
    as an empty field. Anything else is one column of texts.
    """
    if isinstance(requested, str):
        requested = [requested]
    if is_frame(data) or isinstance(data, Mapping):
        data = columns(data)
        keys = list(data.keys())
        names = list(requested) if requested else [c for c in model_columns if c in keys]
        shown = ", ".join(f"`{c}`" for c in keys)
        if not names:
            raise ValueError(
                "the data has none of the model's text columns ("
                + ", ".join(f"`{c}`" for c in model_columns)
                + f"); name them with text_columns=[...] (the columns are: {shown})"
            )
        missing = [n for n in names if n not in keys]
        if missing:
            raise ValueError(f"no column named `{missing[0]}` in the data (the columns are: {shown})")
        index = data.index if is_frame(data) else None
        return [text_column(data[n], f"column `{n}`") for n in names], [str(n) for n in names], index
    if requested:
        raise ValueError("text_columns applies to a data frame; these texts are one column")
    if is_series(data):
        return [as_list(data, "texts")], ["texts"], data.index
    return [as_list(data, "texts")], ["texts"], None


def label_text(value, where: str) -> str:
    """A label as sitrep reads it from a CSV file: text, with numbers written as a CSV
    file would hold them (``2``, not ``2.0``, for a whole number)."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        raise ValueError(f"{where}: the label is missing ({missing_name(value)})")
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{where}: the label is bytes; decode it to str first")
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        return str(int(v)) if v.is_integer() else repr(v)
    return str(value)


def missing_name(value) -> str:
    if value is None:
        return "None"
    if pd is not None and value is pd.NA:
        return "pd.NA"
    return "NaN" if isinstance(value, numbers.Real) else "NaT"


def _one_column(values, what: str) -> None:
    """Refuses what is not one column of values in the order of the rows: one str (or
    bytes), a set (no order), a dict or data frame (several columns)."""
    if isinstance(values, (str, bytes, bytearray, set, frozenset, Mapping)) or is_frame(values):
        raise TypeError(
            f"{what}: a {type(values).__name__} is not a column of values in the order of the rows; "
            "pass a list, a pandas Series or a NumPy array"
        )


def labels(values, target: str) -> list:
    """A label column as a list of str (see :func:`label_text`)."""
    _one_column(values, f"the labels of target `{target}`")
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    return [label_text(v, f"target `{target}`, row {i}") for i, v in enumerate(items)]


def groups(values, column: str) -> list:
    """A grouping column (``by=``) as a list of str: a missing or blank value is the group
    ``BLANK_GROUP``, as ``sitrep-eval --by`` reads a blank field."""
    _one_column(values, f"the grouping column `{column}`")
    items = values.tolist() if hasattr(values, "tolist") else list(values)
    return [
        BLANK_GROUP if is_missing(v) or (isinstance(v, str) and not v.strip()) else label_text(v, f"`{column}`, row {i}")
        for i, v in enumerate(items)
    ]


def csv_fields(values, name: str) -> list:
    """A column as the text of its fields in the CSV file pandas' ``to_csv`` would write:
    ``str`` items as they are, missing values (None, NaN, NaT, ``pd.NA``) empty, whole
    numbers of an integer column as integers (``2``), other numbers as Python writes them
    (``2.0``, ``0.95``), dates and times in ISO form (``2025-03-14 08:30:00``)."""
    _one_column(values, name)
    if is_series(values):
        values = values.to_numpy() if isinstance(values.dtype, np.dtype) else values.tolist()
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} is a {values.ndim}-D array; expected one value per row (1-D)")
        kind = values.dtype.kind
        if kind in "iub":
            return values.astype(str).tolist()
        if kind == "f":
            return np.where(np.isnan(values), "", values.astype(str)).tolist()
        if kind == "M":  # datetime64: days, or times (to the microsecond: only the date counts)
            values = values.astype("datetime64[D]" if values.dtype == "datetime64[D]" else "datetime64[us]")
        values = values.tolist()
    items = values if isinstance(values, list) else list(values)
    if all(type(v) is str for v in items):
        return items
    return [_field(v, name, i) for i, v in enumerate(items)]


def _field(value, name: str, row: int) -> str:
    if isinstance(value, str):
        return value
    if is_missing(value):
        return ""
    if isinstance(value, (bytes, bytearray)):
        raise TypeError(f"{name}[{row}] is bytes; decode it to str first")
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return str(value)
