"""Model.predict gives what sitrep-classify gives: the same columns, labels and
probabilities (to 1e-9, against the CLI's --full-precision output)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sitrep
from conftest import CORPORA, CORPUS, bench_split, csv_text, read_csv, run

TOLERANCE = 1e-9


def assert_same_predictions(cli_stdout: str, input_header: list[str], frame: pd.DataFrame):
    """The CLI's appended columns (unprefixed) equal the frame's, row by row."""
    header, rows = csv_text(cli_stdout)
    assert header[: len(input_header)] == input_header
    appended = header[len(input_header) :]
    names = [n.removeprefix("predicted_") for n in appended] if appended[0].startswith("predicted_") else appended
    assert names == list(frame.columns)
    assert len(rows) == len(frame)
    worst = 0.0
    for c, name in enumerate(names, start=len(input_header)):
        ours = frame[name]
        theirs = [r[c] for r in rows]
        if isinstance(ours.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(ours):
            assert list(ours.astype(str)) == theirs, name
        else:
            # the CLI leaves a number empty where the frame has NaN (coverage of a text without words)
            theirs = pd.to_numeric(pd.Series(theirs), errors="coerce").to_numpy()
            assert (np.isnan(ours.to_numpy()) == np.isnan(theirs)).all(), name
            diff = np.nan_to_num(ours.to_numpy() - theirs).__abs__().max()
            worst = max(worst, diff)
            assert diff <= TOLERANCE, f"{name}: largest difference {diff}"
    return worst


@pytest.mark.parametrize("corpus", CORPORA)
def test_default_model_on_the_bench_test_sets_equals_the_cli(corpus, default_model):
    test = bench_split(corpus, "test")
    input_header, inputs = read_csv(test)
    cli = run("sitrep-classify", "--input", test, "--full-precision")
    frame = default_model.predict([r[input_header.index("text")] for r in inputs])
    assert_same_predictions(cli.stdout, input_header, frame)


@pytest.mark.parametrize("corpus", CORPORA)
def test_a_model_trained_on_each_bench_corpus_equals_the_cli(corpus, tmp_path):
    train, test = bench_split(corpus, "train"), bench_split(corpus, "test")
    path = tmp_path / f"{corpus}.sitrep"
    run("sitrep-train", "--data", train, "--target", "label", "--out", path, "--holdout", "0", "--quiet")
    model = sitrep.Model.load(path)
    input_header, inputs = read_csv(test)
    cli = run("sitrep-classify", "--model", path, "--input", test, "--full-precision")
    texts = [r[input_header.index("text")] for r in inputs]
    assert_same_predictions(cli.stdout, input_header, model.predict(texts))
    # a NumPy array of str and a Series give the same as a list
    frame = model.predict(pd.Series(texts).to_numpy(dtype=str))
    assert_same_predictions(cli.stdout, input_header, frame)


def test_a_data_frame_joins_title_and_text_as_the_cli_joins_csv_columns(default_model):
    input_header, _ = read_csv(CORPUS)
    cli = run("sitrep-classify", "--input", CORPUS, "--full-precision")
    frame = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    assert default_model.text_columns == ["title", "text"]
    assert_same_predictions(cli.stdout, input_header, default_model.predict(frame))


def test_min_confidence_labels_as_the_cli_does(default_model):
    input_header, rows = read_csv(CORPUS)
    texts = [r[input_header.index("text")] for r in rows[:200]]
    cli = run("sitrep-classify", "--format", "jsonl", "--full-precision", "--min-confidence", "0.9", *texts[:40])
    import json

    expected = [json.loads(line)["predictions"] for line in cli.stdout.splitlines()]
    frame = default_model.predict(texts[:40], min_confidence=0.9)
    for target in default_model.targets:
        assert list(frame[target].astype(str)) == [e[target]["label"] for e in expected]
    assert (frame["topic"] == sitrep.UNCERTAIN).any(), "some predictions fall below 0.9"


def test_explain_lists_the_terms_the_cli_lists(default_model):
    text = "Thousands of families fled across the border as the army advanced on the town."
    cli = run("sitrep-classify", "--format", "jsonl", "--full-precision", "--explain", "4", text)
    import json

    expected = json.loads(cli.stdout)["predictions"]
    ours = default_model.explain(text, 4)
    for target in default_model.targets:
        assert [(t["term"], t["weight"]) for t in expected[target]["explanation"]] == ours[target]


def test_describe_is_what_show_model_prints(default_model):
    # the CLI first says which model file it loaded (here: none, the built-in model)
    first, rest = run("sitrep-classify", "--show-model").stdout.split("\n", 1)
    assert first.startswith("model file: none, the model built into sitrep-classify")
    assert default_model.describe() == rest
