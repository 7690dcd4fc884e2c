"""``sitrep.trend``: ``sitrep-trend`` from Python, on a CSV file or on a data frame."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence

import numpy as np

from . import _input
from ._model import Model
from ._sitrep import TrendPlan, trend_columns, trend_file


class Trends:
    """Escalation trends and alerts per place, as ``sitrep-trend`` computes them.

    - ``series``: one row per place and period, with the columns of ``sitrep-trend --format
      csv`` (the days the feed covers of the period, counts per level, share at level 2+,
      shrunk mean level, each rule's readings,
      the rules that fired), numbers unrounded; a gap (no articles) or a rule with no
      reading yet is NaN (None in ``change_band`` and ``surge``), never 0; ``period_start``
      is a date.
    - ``alerts``: one row per alert, with the keys of the JSON alerts (``place``,
      ``period``, ``period_start``, ``rule``, ``severity``, ``direction``, ``value``,
      ``baseline``, ``detail``, and ``articles``: a list of ids).
    - ``summary``: what ``sitrep-trend`` reports on stderr about the rows: ``rows`` read,
      ``counted``, ``filtered`` (``topic``, ``since``, ``until``), ``uncertain``,
      ``skipped`` (bad rows, with ``skip_bad_rows``) and ``skipped_by_reason``
      (``bad_date``, ``empty_place``, ``bad_place``, ``bad_level``, ``bad_probability``, ``empty_text``),
      ``replaced`` (invalid UTF-8, with ``lossy``), and ``first_lines``: the line of the
      first row of each of these.
    - :meth:`to_json` and :meth:`to_html`: what ``--format json`` and ``--format html`` write.

    Data frames are pandas DataFrames; without pandas, dicts of NumPy arrays.
    """

    def __init__(self, native):
        self._native = native
        self.series = _frame(native.series())
        alerts = native.alerts()
        # as in the JSON alerts: the articles (a list) last
        self.alerts = _frame([c for c in alerts if c[0] != "articles"] + [c for c in alerts if c[0] == "articles"])
        self.summary: dict = native.summary()

    def to_json(self) -> str:
        """The text ``sitrep-trend --format json`` writes: the settings, every place's
        series with each rule's readings, and the alerts."""
        return self._native.to_json()

    def to_html(self) -> str:
        """The self-contained HTML page ``sitrep-trend --format html`` writes: the places
        ranked by their latest change, a chart per place, the alert list."""
        return self._native.to_html()

    def __repr__(self) -> str:
        places = len(set(self.series["place"]))
        return f"<sitrep.Trends: {places} places, {len(self.series['period'])} rows, {len(self.alerts['rule'])} alerts>"


def _objects(values) -> np.ndarray:
    """A 1-D object array of the items (a list of ids stays one item, not a dimension)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = v
    return out


def _frame(columns):
    """(name, kind, values) columns from the extension as a data frame (a dict without
    pandas): dates from days since 1970-01-01, flags as pandas' nullable booleans."""
    pd = _input.pd
    data = {}
    for name, kind, values in columns:
        if kind == "date":
            values = np.asarray(values, dtype="int64").astype("datetime64[D]")
        elif kind == "flag" and pd is not None:
            values = pd.array(values, dtype="boolean")
        elif kind in ("text", "flag", "ids"):
            values = _objects(values)
        data[name] = values
    return data if pd is None else pd.DataFrame(data)


def _names(value, name: str) -> list[str]:
    """Column names: a list, or one str (comma-separated, as the CLI reads ``--by``)."""
    if isinstance(value, str):
        return value.split(",") if name == "by" else [value]
    if not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a column name or a list of them, got {type(value).__name__}")
    return [str(v) for v in value]


def _day(value, name: str) -> str | None:
    """``since`` and ``until``: ISO text as the CLI takes it, or a date (``datetime.date``,
    ``datetime.datetime``, ``pandas.Timestamp``, ``numpy.datetime64``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime.datetime):  # the calendar date, as the CLI reads a time
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise ValueError(f"{name} is NaT (not a time); give a date, or None for no bound")
        return str(value.astype("datetime64[D]"))
    raise TypeError(f"{name} must be a date or ISO 8601 text such as '2025-03-14', got {type(value).__name__}")


def trend(
    data,
    *,
    date_column: str = "date",
    by: str | Sequence[str] = "country",
    period: str = "week",
    baseline: str = "month",
    topic: str | None = None,
    since: str | datetime.date | None = None,
    until: str | datetime.date | None = None,
    skip_bad_rows: bool = False,
    level_column: str | None = None,
    probability_column: str | None = None,
    topic_column: str | None = None,
    id_column: str | None = None,
    classify: bool = False,
    model: Model | str | os.PathLike | None = None,
    text_columns: str | Sequence[str] | None = None,
    shrinkage: float = 5.0,
    alert_p: float = 0.01,
    warning_p: float = 0.05,
    cusum_shift: float = 2.0,
    cusum_arl: float = 100.0,
    level3_min: int = 3,
    onset_quiet_days: int = 90,
    lossy: bool = False,
    n_jobs: int | None = None,
) -> Trends:
    """Escalation trends and alerts per place from dated, classified articles, as
    ``sitrep-trend`` computes them (README "Monitor" gives every rule and formula).

    ``data``: a CSV file's path (read as ``sitrep-trend --input`` reads it), or a pandas
    DataFrame or dict of columns, read as the CSV file ``to_csv(index=False)`` would write
    (missing values as empty fields, numbers and dates as text), except that rows are
    numbered by position in messages and article ids: row 0 is "line 2", row i "line i +
    2", as in that file when no field holds a line break. Columns are found by the same
    names: the date (``date_column``), the place (``by``: one column, a list, or ``"country,admin1"``), the
    level (``level_column``, default ``predicted_escalation``, else ``escalation``), its
    probability, the topic and the id (``probability_column``, ``topic_column``,
    ``id_column``, defaults as the CLI's).

    Options and defaults are ``sitrep-trend``'s flags: ``period`` (``week`` or ``day``),
    ``baseline`` (``month`` or ``year``), ``topic``, ``since`` and ``until`` (ISO dates,
    ``datetime.date`` or ``numpy.datetime64``), ``skip_bad_rows`` (count and skip rows with a bad date, place or
    level, with a warning, instead of stopping), ``classify`` (classify raw articles first,
    with ``model``: a :class:`Model`, a model file's path, or None for the built-in model,
    and ``text_columns``), the rules' ``shrinkage``, ``alert_p``, ``warning_p``,
    ``cusum_shift``, ``cusum_arl``, ``level3_min`` and ``onset_quiet_days``, and ``lossy``
    (a CSV file's invalid UTF-8 replaced). Options the CLI refuses together, and bad
    settings, are a ``ValueError`` with its message, before any row is read; so is a bad
    row (with its line and column). An unreadable file is an ``OSError``. What the CLI
    warns about (rows skipped, ``uncertain`` rows left out) are Python warnings.

    The work runs with the GIL released (classifying on ``n_jobs`` threads).
    """
    if not classify:
        given = [n for n, v in (("model", model), ("text_columns", text_columns)) if v is not None]
        if given:
            names = " and ".join(f"{n}=" for n in given)
            raise ValueError(
                f"{names} {'is' if len(given) == 1 else 'are'} for classify=True (sitrep-trend's --model and "
                "--text-column require --classify), and classify is False, so "
                f"{'it' if len(given) == 1 else 'they'} would change nothing; give classify=True, or leave "
                f"{'it' if len(given) == 1 else 'them'} out"
            )
    plan = TrendPlan(
        date_column=date_column,
        by=_names(by, "by"),
        period=period,
        baseline=baseline,
        topic=topic,
        since=_day(since, "since"),
        until=_day(until, "until"),
        skip_bad_rows=skip_bad_rows,
        level_column=level_column,
        probability_column=probability_column,
        topic_column=topic_column,
        id_column=id_column,
        classify=classify,
        text_columns=_names(text_columns or [], "text_columns"),
        shrinkage=shrinkage,
        alert_p=alert_p,
        warning_p=warning_p,
        cusum_shift=cusum_shift,
        cusum_arl=cusum_arl,
        level3_min=level3_min,
        onset_quiet_days=onset_quiet_days,
        lossy=lossy,
    )
    native_model = None
    if classify:
        native_model = (model if isinstance(model, Model) else Model.load(model))._native
    if _input.is_path(data):
        return Trends(trend_file(plan, os.fspath(data), native_model, n_jobs))
    data = _input.columns(data)
    keys = list(data.keys())
    header = [str(k) for k in keys]
    read = set(plan.columns_read(header, native_model))
    columns = [
        _input.csv_fields(data[k], f"column `{h}`") if i in read else None for i, (k, h) in enumerate(zip(keys, header))
    ]
    return Trends(trend_columns(plan, header, columns, native_model, n_jobs))
