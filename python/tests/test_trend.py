"""sitrep.trend gives what sitrep-trend gives: the same JSON and HTML, the series of its CSV,
the same errors and warnings, on a CSV file or on a data frame of the same rows."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import sitrep
from conftest import CORPUS, ROOT, csv_text, run, while_ticking


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The seeded demo feed of benches/trend_feed.py: ten places over two years, with known
    stories (a surge, a fall, an onset, a coverage gap in Lowfen) and 230 alerts."""
    path = tmp_path_factory.mktemp("trend") / "demo.csv"
    with open(path, "w", encoding="utf-8") as out:
        subprocess.run([sys.executable, ROOT / "benches" / "trend_feed.py", "demo"], stdout=out, check=True)
    return path


@pytest.fixture(scope="module")
def demo_trends(demo):
    return sitrep.trend(demo)


def cli_error(*args) -> str:
    """The message of a sitrep-trend run that fails, without its program prefix."""
    proc = run("sitrep-trend", *args, check=False)
    assert proc.returncode == 2, proc.stderr
    return proc.stderr.strip().removeprefix("sitrep-trend: error: ")


def test_json_and_html_are_the_bytes_sitrep_trend_writes(demo, demo_trends):
    assert demo_trends.to_json() == run("sitrep-trend", "--input", demo, "--format", "json").stdout
    assert demo_trends.to_html() == run("sitrep-trend", "--input", demo, "--format", "html").stdout
    # non-default settings reach the rules (and the JSON's settings) as the CLI's flags do
    options = dict(period="day", baseline="year", alert_p=0.001, cusum_shift=3.0, level3_min=2, since="2024-06-01")
    ours = sitrep.trend(demo, **options).to_json()
    flags = [f"--{k.replace('_', '-')}={v}" for k, v in options.items()]
    theirs = run("sitrep-trend", "--input", demo, "--format", "json", *flags).stdout
    assert ours == theirs
    assert json.loads(ours)["settings"]["period"] == "day"


def test_the_series_is_the_csv_series_unrounded_with_gaps_as_nan(demo, demo_trends):
    header, rows = csv_text(run("sitrep-trend", "--input", demo, "--format", "csv").stdout)
    series = demo_trends.series
    assert list(series.columns) == header
    assert len(series) == len(rows) == 10 * 104
    gaps = series["articles"] == 0
    assert gaps.sum() >= 12, "Lowfen has no coverage in weeks 40-51"
    assert series.loc[gaps, ["share_level2plus", "mean_level"]].isna().all().all()
    for c, name in enumerate(header):
        theirs = [r[c] for r in rows]
        ours = series[name]
        if name == "period_start":
            assert list(ours.dt.strftime("%Y-%m-%d")) == theirs
        elif pd.api.types.is_float_dtype(ours):
            # NaN exactly where the CLI leaves the field empty, else equal to its rounding
            assert list(ours.isna()) == [t == "" for t in theirs], name
            for v, t in zip(ours, theirs):
                if t:
                    decimals = len(t.split("e")[0].split(".")[1]) if "." in t else 0
                    scale = abs(float(t)) if "e" in t else 1.0
                    assert abs(v - float(t)) <= 0.5001 * 10**-decimals * scale, (name, v, t)
        elif name == "surge":
            assert [("" if pd.isna(v) else str(v).lower()) for v in ours] == theirs
        else:
            assert [("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)) for v in ours] == theirs, name


def test_the_alerts_are_the_json_alerts(demo_trends):
    expected = json.loads(demo_trends.to_json())["alerts"]
    alerts = demo_trends.alerts
    assert list(alerts.columns) == [
        "place", "period", "period_start", "rule", "severity", "direction", "value", "baseline", "detail", "articles",
    ]  # fmt: skip
    assert len(alerts) == len(expected) == 232
    for (_, ours), theirs in zip(alerts.iterrows(), expected):
        assert ours["period_start"].strftime("%Y-%m-%d") == theirs["period_start"]
        for key in ["place", "period", "rule", "severity", "direction", "value", "baseline", "detail", "articles"]:
            assert ours[key] == theirs[key], key
    assert demo_trends.summary == {
        "rows": 16418, "counted": 16418, "filtered": 0, "uncertain": 0, "skipped": 0, "replaced": 0,
        "skipped_by_reason": {}, "first_lines": {},
    }  # fmt: skip


def test_a_data_frame_gives_what_its_csv_file_gives(demo, demo_trends):
    # typed columns (dates, integer levels, float probabilities, an all-NaN admin1)
    frame = pd.read_csv(demo, parse_dates=["date"])
    assert frame["date"].dtype.kind == "M" and frame["escalation"].dtype.kind == "i"
    assert sitrep.trend(frame).to_json() == demo_trends.to_json()
    columns = {c: frame[c].tolist() for c in ["id", "date", "country", "escalation", "escalation_probability"]}
    assert sitrep.trend(columns).to_json() == demo_trends.to_json()


def awkward_frame() -> pd.DataFrame:
    """No id column (articles are named by line), places that need quoting, a row without
    a level, float levels and timestamps: a surge in week 20."""
    rows = []
    places = ['Kordofan, "South"', "Plain"]
    start = pd.Timestamp("2025-01-06 08:30")
    for week in range(21):
        for place in places:
            violent = 12 if week == 20 and place != "Plain" else 1
            for i in range(violent + 2):
                rows.append((start + pd.Timedelta(days=7 * week + i % 7), place, 2 if i < violent else 0))
    frame = pd.DataFrame(rows, columns=["date", "country", "escalation"]).astype({"escalation": float})
    frame.loc[5, "escalation"] = np.nan
    return frame


def test_a_data_frame_with_missing_values_and_quoting_gives_what_its_csv_file_gives(tmp_path):
    frame = awkward_frame()
    path = tmp_path / "awkward.csv"
    frame.to_csv(path, index=False)
    message = r"skipped 1 row \(--skip-bad-rows\): 1 with a bad escalation level \(line 7\)"
    with pytest.warns(UserWarning, match="^data frame: " + message):
        ours = sitrep.trend(frame, skip_bad_rows=True)
    with pytest.warns(UserWarning, match="awkward.csv: " + message):
        from_file = sitrep.trend(path, skip_bad_rows=True)
    assert ours.to_json() == from_file.to_json()
    assert ours.summary == from_file.summary
    assert ours.summary["first_lines"] == {"bad_level": 7}
    surge = ours.alerts[ours.alerts["rule"] == "A-surge"]
    assert list(surge["place"]) == ['Kordofan, "South"']
    assert all(i.startswith("line ") for i in surge["articles"].iloc[0])
    with pytest.raises(ValueError, match=r"^data frame:7: column 3 \(`escalation`\) is empty; every row needs an escalation level"):
        sitrep.trend(frame)


def test_the_rows_of_a_data_frame_are_numbered_by_position():
    plain = awkward_frame()
    # line breaks in a column that is read and in one that is not move no row's number
    broken = plain.assign(note="one\ntwo")
    broken.loc[0, "country"] = "Upper\nNile"
    with pytest.raises(ValueError, match=r"^data frame:7: column 3 \(`escalation`\) is empty"):
        sitrep.trend(broken)

    def surge_articles(frame):
        with pytest.warns(UserWarning, match="skipped 1 row"):
            alerts = sitrep.trend(frame, skip_bad_rows=True).alerts
        return alerts.loc[alerts["rule"] == "A-surge", "articles"].iloc[0]

    assert surge_articles(broken) == surge_articles(plain)
    assert surge_articles(plain)[0] == "line 122"


def test_classifying_on_the_fly_is_classifying_first(default_model, tmp_path):
    raw = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)[["id", "date", "country", "title", "text"]]
    with pytest.warns(UserWarning, match=r"^data frame: \d+ rows are labeled `uncertain` and not counted"):
        on_the_fly = sitrep.trend(raw, classify=True, since="2024-01-01")
    # as sitrep-classify's CSV would hold them: labels (uncertain ones too), 4-decimal probabilities
    predicted = default_model.predict(raw)
    classified = raw.assign(
        escalation=predicted["escalation"].astype(str),
        escalation_probability=predicted["escalation_probability"].map("{:.4f}".format),
        topic=predicted["topic"].astype(str),
    )
    with pytest.warns(UserWarning, match="labeled `uncertain`"):
        first = sitrep.trend(classified, since="2024-01-01")
    assert on_the_fly.to_json() == first.to_json()
    assert on_the_fly.summary == first.summary
    assert on_the_fly.summary["filtered"] > 0 and on_the_fly.summary["counted"] > 100
    # and on a file, what sitrep-trend --classify writes
    path = tmp_path / "raw.csv"
    raw.to_csv(path, index=False)
    cli = run("sitrep-trend", "--input", path, "--classify", "--since", "2024-01-01", "--format", "json")
    with pytest.warns(UserWarning, match="raw.csv: .* labeled `uncertain`"):
        from_file = sitrep.trend(path, classify=True, model=default_model, since="2024-01-01")
    assert from_file.to_json() == cli.stdout
    assert on_the_fly.to_json() == cli.stdout


BAD_DATE = "date,country,escalation\n2025-01-06,Sudan,2\n2025-02-30,Sudan,2\n2025-01-07,Chad,1\n"


def test_a_bad_date_stops_with_line_and_column_or_is_skipped_with_a_warning(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_DATE)
    with pytest.raises(ValueError) as e:
        sitrep.trend(path)
    assert str(e.value) == cli_error("--input", path)
    assert str(e.value).startswith(f"{path}:3: column 1 (`date`) holds `2025-02-30`, which is not a date")
    cli = run("sitrep-trend", "--input", path, "--skip-bad-rows", "--format", "json", check=False)
    assert cli.returncode == 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        trends = sitrep.trend(path, skip_bad_rows=True)
    assert [f"sitrep-trend: warning: {w.message}" for w in caught] == cli.stderr.splitlines()
    assert str(caught[0].message) == f"{path}: skipped 1 row (--skip-bad-rows): 1 with a bad date (line 3)"
    assert trends.to_json() == cli.stdout
    assert trends.summary["skipped_by_reason"] == {"bad_date": 1} and trends.summary["counted"] == 2


@pytest.mark.parametrize(
    "options, flags",
    [
        (dict(topic_column="label"), ["--topic-column", "label"]),
        (
            dict(classify=True, probability_column="p", topic_column="t"),
            ["--classify", "--probability-column", "p", "--topic-column", "t"],
        ),
        (dict(alert_p=0.1), ["--alert-p", "0.1"]),
        (dict(cusum_arl=5), ["--cusum-arl", "5"]),
        (dict(since="soon"), ["--since", "soon"]),
        (dict(by=["country", " "]), ["--by", "country, "]),
    ],
)
def test_options_the_cli_refuses_are_refused_with_its_message(options, flags):
    # refused before any row is read: the file does not exist
    with pytest.raises(ValueError) as e:
        sitrep.trend("never-read.csv", **options)
    assert str(e.value) == cli_error("--input", "never-read.csv", *flags)


def test_other_refusals_and_unreadable_files():
    with pytest.raises(ValueError, match="unknown period `month`; choose week or day"):
        sitrep.trend("never-read.csv", period="month")
    assert "unknown period `month`; choose week or day" in cli_error("--input", "x.csv", "--period", "month")
    with pytest.raises(ValueError, match=r"^model= is for classify=True"):
        sitrep.trend("never-read.csv", model=sitrep.Model.load())
    with pytest.raises(FileNotFoundError) as e:
        sitrep.trend(ROOT / "no-such-feed.csv")
    assert str(e.value) == cli_error("--input", ROOT / "no-such-feed.csv")


def test_since_and_until_may_be_numpy_dates(demo):
    day = sitrep.trend(demo, since="2025-06-01", until="2025-09-30")
    for since, until in [
        (np.datetime64("2025-06-01"), np.datetime64("2025-09-30")),
        (np.datetime64("2025-06-01T08:30"), pd.Timestamp("2025-09-30")),
    ]:
        assert sitrep.trend(demo, since=since, until=until).to_json() == day.to_json()
    with pytest.raises(ValueError, match="since is NaT"):
        sitrep.trend(demo, since=np.datetime64("NaT"))


def test_without_pandas_the_tables_are_dicts_of_arrays(demo, monkeypatch):
    monkeypatch.setattr(sitrep._input, "pd", None)
    trends = sitrep.trend(demo, since="2025-06-01")
    assert isinstance(trends.series, dict) and isinstance(trends.alerts, dict)
    header, rows = csv_text(run("sitrep-trend", "--input", demo, "--since", "2025-06-01", "--format", "csv").stdout)
    assert list(trends.series) == header
    assert all(len(v) == len(rows) for v in trends.series.values())
    assert trends.series["period_start"].dtype == np.dtype("datetime64[D]")
    assert isinstance(trends.alerts["articles"][0], list)


def test_a_python_thread_keeps_running_while_trends_are_counted(tmp_path):
    # a million rows over 200 places and two years: half a second or more of counting
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as out:
        feed = [sys.executable, ROOT / "benches" / "trend_feed.py", "bulk", "--rows", "1000000"]
        subprocess.run(feed, stdout=out, check=True)
    trends, took, gap = while_ticking(lambda: sitrep.trend(big))
    assert trends.summary["counted"] == 1_000_000
    assert took > 0.2, "the run is long enough to see"
    assert gap < 0.25 * took, f"the thread stood still for {gap:.3f} of {took:.3f} s"
