"""Shared fixtures: where the repository, its CLI binaries and the bench data are.

The comparisons with the command-line tools run the release binaries of this checkout
(``cargo build --release`` makes them; ``.ci/run`` builds them before pytest runs), or
those in ``$SITREP_BIN_DIR``. Tests that need ``../shared`` skip, saying so, when it is
absent.
"""

from __future__ import annotations

import csv
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

import sitrep

ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(os.environ.get("SITREP_BIN_DIR", ROOT / "target" / "release"))
BENCH = ROOT.parent / "shared" / "bench" / "data"
CORPORA = ["bbc", "ag7600", "r8"]
CORPUS = ROOT / "datasets" / "conflict-news.csv"


def binary(name: str) -> Path:
    path = BIN_DIR / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: build the CLI first (cargo build --release), or set SITREP_BIN_DIR")
    return path


def run(name: str, *args, cwd=None, check=True) -> subprocess.CompletedProcess:
    """Runs a sitrep binary (outside the repository by default, so that it uses its
    built-in model as the Python package does, not ./models/default.sitrep)."""
    proc = subprocess.run(
        [str(binary(name)), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or Path.home(),
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"{name} {' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


def read_csv(path) -> tuple[list[str], list[list[str]]]:
    """A CSV file's header and rows, as the csv module reads them."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def csv_text(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(text.splitlines(keepends=True)))
    return rows[0], rows[1:]


def bench_split(corpus: str, split: str) -> Path:
    path = BENCH / corpus / f"{split}.csv"
    if not path.is_file():
        pytest.skip(f"skipped: {path} not found (needs ../shared beside the checkout)")
    return path


def while_ticking(work):
    """Runs ``work()`` while another Python thread ticks in pure Python, which it can only
    do while it holds the GIL. Returns what ``work`` returned, how long it took, and the
    longest the ticking thread stood still meanwhile: had ``work`` held the GIL, as long."""
    ticks: list[float] = []
    done = threading.Event()

    def tick():
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
        result = work()
        end = time.perf_counter()
    finally:
        done.set()
        ticker.join()
    during = [start] + [t for t in ticks if start < t < end] + [end]
    return result, end - start, max(b - a for a, b in zip(during, during[1:]))


@pytest.fixture(scope="session")
def default_model() -> sitrep.Model:
    return sitrep.Model.load()


@pytest.fixture(scope="session")
def corpus_rows():
    """The labeled corpus of this repository: header and rows."""
    return read_csv(CORPUS)
