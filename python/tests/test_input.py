"""What the package reads from the data users pass: dicts and frames as columns, missing
values, single names and words given as a str, and numbers out of their range."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sitrep
from conftest import CORPUS

TEXTS = ["Rebels shelled the town overnight.", "Thousands fled the camp.", "Peace talks resumed."]


@pytest.fixture(scope="module")
def corpus():
    return pd.read_csv(CORPUS, keep_default_na=False).head(400)


@pytest.fixture(scope="module")
def with_nan():
    # read as pandas reads it by default: the empty titles are NaN
    return pd.read_csv(CORPUS)


def test_predict_reads_a_dict_as_columns_and_refuses_what_has_no_row_order(default_model):
    expected = default_model.predict(TEXTS)
    pd.testing.assert_frame_equal(default_model.predict({"text": TEXTS}), expected)
    pd.testing.assert_frame_equal(default_model.predict({"title": TEXTS, "body": TEXTS}), expected)
    with pytest.raises(ValueError, match="none of the model's text columns"):
        default_model.predict({"body": TEXTS})
    with pytest.raises(TypeError, match="texts is a set, which has no order"):
        default_model.predict(set(TEXTS))
    with pytest.raises(TypeError, match="texts is a frozenset"):
        default_model.predict(frozenset(TEXTS))
    with pytest.raises(TypeError, match=r"texts is one str, not a sequence of texts; pass a list of str, e.g. \[text\]"):
        default_model.predict(TEXTS[0])
    # a label column of a dict, and a column trend reads, likewise
    for topic in ["offensive", {"offensive", "diplomacy", "displacement"}]:
        with pytest.raises(TypeError, match=f"the labels of target `topic`: a {type(topic).__name__} is not a column"):
            sitrep.train({"text": TEXTS, "topic": topic}, "topic")
    feed = {"date": {"2025-03-14", "2025-03-15"}, "country": ["Sudan", "Chad"], "escalation": [1, 2]}
    with pytest.raises(TypeError, match="column `date`: a set is not a column of values in the order of the rows"):
        sitrep.trend(feed)


def test_duplicate_column_names_are_refused_not_read_as_texts(default_model, corpus):
    twice = pd.DataFrame([[TEXTS[0], TEXTS[1]], [TEXTS[1], TEXTS[2]]], columns=["text", "text"])
    with pytest.raises(ValueError, match="more than one column named `text`; rename or drop the duplicates"):
        default_model.predict(twice)
    frame = corpus[["title", "text", "topic"]].set_axis(["text", "text", "topic"], axis=1)
    for call in [
        lambda: sitrep.train(frame, "topic"),
        lambda: sitrep.evaluate(None, frame),
        lambda: sitrep.compare(None, None, frame),
    ]:
        with pytest.raises(ValueError, match="more than one column named `text`"):
            call()


def test_missing_labels_are_refused_however_pandas_marks_them(corpus, default_model):
    topic = pd.array(corpus["topic"].tolist(), dtype="string")
    topic[:5] = pd.NA
    with pytest.raises(ValueError, match=r"target `topic`, row 0: the label is missing \(pd.NA\)"):
        sitrep.train(corpus.assign(topic=topic), "topic", ["title", "text"])
    level = pd.array(corpus["escalation"].tolist(), dtype="Int64")
    level[3] = pd.NA
    with pytest.raises(ValueError, match=r"target `escalation`, row 3: the label is missing \(pd.NA\)"):
        sitrep.evaluate(default_model, corpus.assign(escalation=level), resamples=0)
    objects = corpus["topic"].astype(object)
    objects[7] = np.float64("nan")
    with pytest.raises(ValueError, match=r"row 7: the label is missing \(NaN\)"):
        sitrep.train(corpus.assign(topic=objects), "topic", ["title", "text"])
    objects[7] = pd.NaT
    with pytest.raises(ValueError, match=r"row 7: the label is missing \(NaT\)"):
        sitrep.evaluate(default_model, corpus.assign(topic=objects), resamples=0)


def test_a_missing_value_in_a_text_column_is_an_empty_field(default_model, with_nan, tmp_path):
    assert with_nan["title"].isna().sum() > 1000
    filled = with_nan.fillna({"title": ""})
    pd.testing.assert_frame_equal(default_model.predict(with_nan), default_model.predict(filled))
    assert sitrep.evaluate(None, with_nan, resamples=0) == sitrep.evaluate(None, filled, resamples=0)
    head = with_nan.head(300)
    assert sitrep.compare(None, None, head, resamples=10) == sitrep.compare(None, None, filled.head(300), resamples=10)
    assert sitrep.train(head, "topic", ["title", "text"]).to_bytes() == sitrep.train(
        filled.head(300), "topic", ["title", "text"]
    ).to_bytes()
    # pd.NA and None in a column of str are missing too
    title = pd.array(head["title"].tolist(), dtype="string")
    pd.testing.assert_frame_equal(
        default_model.predict(head.assign(title=title)), default_model.predict(filled.head(300))
    )
    # a row with no text at all: no words to read when classifying (sitrep-classify keeps
    # it without predictions), and refused for training and scoring, as the CLI refuses it
    empty = head.head(5).copy()
    empty.loc[2, ["title", "text"]] = None
    reasons = list(default_model.predict(empty)["uncertain_reason"])
    assert reasons[2] == "out of reach: no words to read"
    with pytest.raises(ValueError, match=r"row 2: the text \(`title`, `text`\) is empty"):
        sitrep.evaluate(None, empty, resamples=0)
    with pytest.raises(ValueError, match=r"row 2: the text \(`title`, `text`\) is empty"):
        sitrep.train(empty, "topic", ["title", "text"])
    # a list of texts is not a CSV column: a missing text there is still refused
    with pytest.raises(TypeError, match=r"texts\[1\] is a float, not a str; a missing value"):
        default_model.predict(pd.Series(["x", np.nan]))


def test_one_name_or_word_may_be_a_str(default_model, corpus):
    pd.testing.assert_frame_equal(
        default_model.predict(corpus, text_columns="text"), default_model.predict(corpus, text_columns=["text"])
    )
    one = sitrep.train(corpus, "topic", ["title", "text"], extra_stop_words="shelled")
    listed = sitrep.train(corpus, "topic", ["title", "text"], extra_stop_words=["shelled"])
    assert one.to_bytes() == listed.to_bytes()
    terms = [term for term, _ in one.explain("Rebels shelled the town", 20)["topic"]]
    assert "rebel" in terms and "shell" not in terms
    fitted = [
        sitrep.SitrepClassifier(extra_stop_words=words, n_jobs=1).fit(corpus["text"], corpus["topic"]).model_
        for words in ["shelled", ["shelled"]]
    ]
    assert fitted[0].to_bytes() == fitted[1].to_bytes()


def test_without_pandas_every_column_is_a_numpy_array(default_model, monkeypatch):
    from sitrep import _input

    monkeypatch.setattr(_input, "pd", None)
    out = default_model.predict(TEXTS)
    for name, values in out.items():
        assert isinstance(values, np.ndarray), name
    assert out["uncertain_reason"].dtype == object and out["uncertain_reason"].shape == (3,)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda d: sitrep.train(d, "topic", min_df=-1), "min_df must be at least 1, got -1"),
        (lambda d: sitrep.train(d, "topic", min_df=0), "min_df must be at least 1, got 0"),
        (lambda d: sitrep.train(d, "topic", seed=-1), "seed must be at least 0, got -1"),
        (lambda d: sitrep.train(d, "topic", seed=2**64), "seed must be at most 18446744073709551615"),
        (lambda d: sitrep.train(d, "topic", max_features=-5), "max_features must be at least 1, got -5"),
        (lambda d: sitrep.train(d, "topic", hashing_bits=300), "hashing_bits must be at most 28, got 300"),
        (lambda d: sitrep.train(d, "topic", ngrams=(-1, 2)), "the low end of ngrams must be at least 1"),
        (lambda d: sitrep.evaluate(None, d, resamples=-1), "resamples must be at least 0, got -1"),
        (lambda d: sitrep.evaluate(None, d, errors=-1), "errors must be at least 0, got -1"),
        (lambda d: sitrep.evaluate(None, d, seed=-1), "seed must be at least 0, got -1"),
        (lambda d: sitrep.compare(None, None, d, seed=-1), "seed must be at least 0, got -1"),
        (lambda d: sitrep.Model.load().describe(-1), "top must be at least 0, got -1"),
        (lambda d: sitrep.Model.load().explain("text", -1), "n must be at least 0, got -1"),
    ],
)
def test_numbers_out_of_range_name_the_option_and_its_range(corpus, call, message):
    with pytest.raises(ValueError, match=message):
        call(corpus)


def test_a_number_option_of_another_type_is_a_type_error(corpus):
    with pytest.raises(TypeError, match="min_df must be a whole number, got str"):
        sitrep.train(corpus, "topic", min_df="2")
    with pytest.raises(TypeError, match="resamples must be a whole number, got float"):
        sitrep.evaluate(None, corpus, resamples=10.5)
