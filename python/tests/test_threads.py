"""Batches release the GIL: Python threads keep running while Rust classifies."""

from __future__ import annotations

import threading
import time

import pandas as pd

from conftest import read_csv, CORPUS


def big_batch(rows: int) -> list[str]:
    header, data = read_csv(CORPUS)
    texts = [r[header.index("text")] for r in data]
    return (texts * (rows // len(texts) + 1))[:rows]


def test_a_python_thread_keeps_running_while_a_batch_is_classified(default_model):
    texts = big_batch(60_000)
    ticks: list[float] = []
    done = threading.Event()

    def tick():
        # pure Python: it can only run while it holds the GIL
        while not done.is_set():
            n = 0
            for _ in range(1000):
                n += 1
            ticks.append(time.perf_counter())

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        time.sleep(0.05)
        start = time.perf_counter()
        frame = default_model.predict(texts, n_jobs=1)
        end = time.perf_counter()
    finally:
        done.set()
        ticker.join()
    assert len(frame) == len(texts)
    assert end - start > 0.2, "the batch is long enough to see"
    # the other thread kept ticking all along: had the GIL been held while Rust worked
    # (most of the call), it would have stood still that long
    during = [start] + [t for t in ticks if start < t < end] + [end]
    gap = max(b - a for a, b in zip(during, during[1:]))
    assert gap < 0.25 * (end - start), f"the thread stood still for {gap:.3f} of {end - start:.3f} s"


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
