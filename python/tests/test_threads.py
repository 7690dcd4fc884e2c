"""Batches release the GIL: Python threads keep running while Rust classifies."""

from __future__ import annotations

import threading

import pandas as pd

from conftest import CORPUS, read_csv, while_ticking


def big_batch(rows: int) -> list[str]:
    header, data = read_csv(CORPUS)
    texts = [r[header.index("text")] for r in data]
    return (texts * (rows // len(texts) + 1))[:rows]


def test_a_python_thread_keeps_running_while_a_batch_is_classified(default_model):
    texts = big_batch(60_000)
    frame, took, gap = while_ticking(lambda: default_model.predict(texts, n_jobs=1))
    assert len(frame) == len(texts)
    assert took > 0.2, "the batch is long enough to see"
    # the other thread kept ticking all along: had the GIL been held while Rust worked
    # (most of the call), it would have stood still that long
    assert gap < 0.25 * took, f"the thread stood still for {gap:.3f} of {took:.3f} s"


def test_threads_classifying_at_once_get_what_one_gets(default_model):
    texts = big_batch(3_000)
    expected = default_model.predict(texts, n_jobs=1)
    results: dict[int, pd.DataFrame] = {}

    def work(i):
        results[i] = default_model.predict(texts, n_jobs=1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i in range(4):
        pd.testing.assert_frame_equal(results[i], expected)
