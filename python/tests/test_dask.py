"""The Dask example on a 2-worker LocalCluster gives what one process gives."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import pandas as pd
import pytest

import sitrep
from conftest import CORPUS

pytest.importorskip("dask.distributed", reason="the Dask example needs dask[distributed]")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_classify.py"


def load_example():
    spec = importlib.util.spec_from_file_location("dask_classify", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as its CSV text reads back: every value a string, floats at full precision."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    buffer.seek(0)
    return pd.read_csv(buffer, dtype=str, keep_default_na=False)


def test_the_example_on_two_workers_gives_what_one_process_gives(tmp_path, capsys):
    example = load_example()
    corpus = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    feed = tmp_path / "feed"
    feed.mkdir()
    for i in range(5):  # a partitioned feed: five files of interleaved rows
        corpus.iloc[i::5].to_csv(feed / f"part{i}.csv", index=False)
    out = tmp_path / "labeled"
    assert example.main([str(feed / "*.csv"), "--out", str(out), "--workers", "2"]) == 0
    assert f"classified {len(corpus):,} rows" in capsys.readouterr().out
    parts = sorted(out.glob("part-*.csv"))
    assert len(parts) == 5
    distributed = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in parts])
    one_process = as_text(example.classify_partition(corpus, sitrep.Model.load()))
    assert list(distributed.columns) == list(one_process.columns)
    assert "predicted_topic_p_offensive" in distributed.columns
    key = ["id"]
    pd.testing.assert_frame_equal(
        distributed.sort_values(key).reset_index(drop=True),
        one_process.sort_values(key).reset_index(drop=True),
    )
