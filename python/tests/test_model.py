"""sitrep.Model: inputs it takes, what it returns, files and pickles, and bad input."""

from __future__ import annotations

import pickle
import warnings
import zlib

import numpy as np
import pandas as pd
import pytest

import sitrep
from conftest import ROOT, run

TEXTS = [
    "Rebels shelled the outskirts of the city overnight, killing four civilians.",
    "Negotiators from both sides agreed to extend the ceasefire by thirty days.",
    "Thousands of families fled across the border as the army advanced on the town.",
    "Président: les négociations reprennent à Genève",
]


def test_the_default_model_is_the_one_the_repository_ships(default_model):
    assert default_model.to_bytes() == (ROOT / "models" / "default.sitrep").read_bytes()
    assert default_model.targets == ["topic", "escalation"]
    assert default_model.kinds == {"topic": "nominal", "escalation": "ordinal"}
    assert default_model.classes == {
        "topic": ["diplomacy", "displacement", "offensive"],
        "escalation": ["0", "1", "2", "3"],
    }
    assert default_model.sitrep_version == sitrep.__version__
    assert "built-in" in repr(default_model)


def test_predict_returns_the_cli_csv_columns(default_model):
    frame = default_model.predict(TEXTS)
    assert list(frame.columns) == default_model.columns
    assert default_model.columns[:2] == ["topic", "topic_probability"]
    assert "escalation_expected" in frame and "escalation_p_3" in frame
    assert list(frame["topic"][:3]) == ["offensive", "diplomacy", "displacement"]
    assert frame["topic"].dtype == "category"
    probs = frame[[c for c in frame if c.startswith("topic_p_")]].to_numpy()
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_array_equal(frame["topic_probability"], probs.max(axis=1))


def test_texts_out_of_reach_are_uncertain_unless_the_checks_are_off(default_model):
    texts = [
        "The striker scored twice in the second half as the home side came from behind to win 3-2.",
        "Les deux camps ont accepté de prolonger le cessez-le-feu de trente jours.",
        TEXTS[0],
    ]
    frame = default_model.predict(texts)
    assert list(frame["topic"]) == ["uncertain", "uncertain", "offensive"]
    reasons = list(frame["uncertain_reason"])
    assert "scope" in reasons[0] and "French" in reasons[1] and reasons[2] == ""
    off = default_model.predict(texts, min_scope=0, min_coverage=0)
    assert "uncertain" not in list(off["topic"])
    # each check alone: the gate lets the French text through to the coverage check
    assert list(default_model.predict(texts, min_scope=0)["topic"])[:2] == [off["topic"][0], "uncertain"]


def test_a_text_without_words_is_uncertain_not_the_models_bias(default_model):
    frame = default_model.predict(["", "  ...  ", TEXTS[0]])
    assert list(frame["topic"]) == ["uncertain", "uncertain", "offensive"]
    assert list(frame["uncertain_reason"])[:2] == ["out of reach: no words to read"] * 2
    assert np.isnan(frame["coverage"][0])
    # with the coverage check off, the model's guess on nothing is given, as asked
    assert default_model.predict([""], min_coverage=0)["topic"][0] != "uncertain"


def test_every_sequence_of_str_gives_the_same_predictions(default_model):
    expected = default_model.predict(TEXTS)
    series = pd.Series(TEXTS, index=[10, 11, 12, 13])
    for texts in [
        tuple(TEXTS),
        np.array(TEXTS),
        np.array(TEXTS, dtype=object),
        series,
        pd.Series(TEXTS, dtype="string"),
        (t for t in TEXTS),
    ]:
        got = default_model.predict(texts)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    assert list(default_model.predict(series).index) == [10, 11, 12, 13]


def test_results_do_not_depend_on_threads_or_batch(default_model):
    texts = TEXTS * 100
    one = default_model.predict(texts, n_jobs=1)
    for n_jobs in [2, -1, None, 8]:
        pd.testing.assert_frame_equal(default_model.predict(texts, n_jobs=n_jobs), one)
    pd.testing.assert_frame_equal(default_model.predict(texts[:3], n_jobs=2), one[:3])


def test_a_data_frame_is_read_through_its_text_columns(default_model):
    frame = pd.DataFrame({"title": ["Rebels shelled the town", ""], "text": ["", "Families fled the fighting"]})
    joined = default_model.predict(["Rebels shelled the town", "Families fled the fighting"])
    pd.testing.assert_frame_equal(default_model.predict(frame), joined)
    only_text = default_model.predict(frame, text_columns=["text"])
    pd.testing.assert_frame_equal(only_text, default_model.predict(["", "Families fled the fighting"]))
    with pytest.raises(ValueError, match="no column named `body`"):
        default_model.predict(frame, text_columns=["body"])
    with pytest.raises(ValueError, match="none of the model's text columns"):
        default_model.predict(pd.DataFrame({"body": ["x"]}))


def test_without_pandas_the_result_is_a_dict_of_arrays(default_model, monkeypatch):
    from sitrep import _input

    monkeypatch.setattr(_input, "pd", None)
    out = default_model.predict(TEXTS[:2])
    assert list(out) == default_model.columns
    assert list(out["topic"]) == ["offensive", "diplomacy"]
    assert out["topic_probability"].dtype == np.float64


def test_models_save_and_load_files_the_cli_reads(default_model, tmp_path):
    path = tmp_path / "copy.sitrep"
    default_model.save(path)
    assert path.read_bytes() == default_model.to_bytes()
    again = sitrep.Model.load(str(path))
    assert again.crc32 == default_model.crc32
    pd.testing.assert_frame_equal(again.predict(TEXTS), default_model.predict(TEXTS))
    cli = run("sitrep-classify", "--model", path, "--format", "jsonl", TEXTS[0])
    assert '"label":"offensive"' in cli.stdout


def test_models_pickle_as_their_file_bytes(default_model):
    data = pickle.dumps(default_model)
    again = pickle.loads(data)
    assert again.to_bytes() == default_model.to_bytes()
    pd.testing.assert_frame_equal(again.predict(TEXTS), default_model.predict(TEXTS))


def test_bad_texts_are_refused_with_their_position(default_model):
    cases = [
        (["fine", None], TypeError, r"texts\[1\] is None, not a str"),
        ([b"bytes"], TypeError, r"texts\[0\] is a bytes, not a str; decode it first"),
        (["fine", 3], TypeError, r"texts\[1\] is an int, not a str"),
        (pd.Series(["x", None], dtype=object), TypeError, r"texts\[1\] is None"),
        (pd.Series(["x", np.nan]), TypeError, r"texts\[1\] is a float, not a str; a missing value"),
        (pd.Series(["x", pd.NA], dtype="string"), TypeError, r"texts\[1\] is a NAType, not a str; a missing value \(pd.NA\)"),
        (["x", pd.NaT], TypeError, r"texts\[1\] is a NaTType, not a str; a missing value \(NaT\)"),
        ([], ValueError, "no texts given"),
        (np.array([], dtype=str), ValueError, "no texts given"),
        ("one text", TypeError, "texts is one str"),
        (b"bytes", TypeError, "texts is bytes"),
        (np.array([b"x"]), TypeError, "array of bytes"),
        (np.array([1.5]), TypeError, "array of float64, not of str"),
        (np.array([["a"]]), ValueError, "2-D array"),
        (42, TypeError, "expected a sequence of str"),
        (["ok", "\ud800"], ValueError, r"texts\[1\] is not valid Unicode"),
    ]
    for texts, error, message in cases:
        with pytest.raises(error, match=message):
            default_model.predict(texts)
    with pytest.raises(ValueError, match="n_jobs = 0"):
        default_model.predict(TEXTS, n_jobs=0)
    with pytest.raises(ValueError, match="min_confidence"):
        default_model.predict(TEXTS, min_confidence=1.5)
    with pytest.raises(TypeError, match="one text"):
        default_model.explain(TEXTS)
    # the model still works after all that
    assert default_model.predict(TEXTS[:1])["topic"][0] == "offensive"


def test_damaged_model_files_are_refused(default_model, tmp_path):
    good = default_model.to_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x40
    cases = [
        (b"not a model", "is not a sitrep model file"),
        (good[:30], "is truncated"),
        (bytes(flipped), "is corrupt: its checksum does not match"),
        (b"", "is not a sitrep model file"),
    ]
    for data, message in cases:
        path = tmp_path / "bad.sitrep"
        path.write_bytes(data)
        with pytest.raises(ValueError, match=message):
            sitrep.Model.load(path)
        with pytest.raises(ValueError, match=message):
            sitrep.Model.from_bytes(data)
    with pytest.raises(FileNotFoundError, match="cannot read model file .*missing.sitrep"):
        sitrep.Model.load(tmp_path / "missing.sitrep")
    with pytest.raises(OSError):
        sitrep.Model.load(tmp_path)
    # a folder where a model file would go: an OSError as for load, not a ValueError
    with pytest.raises(IsADirectoryError, match="it exists and is not a regular file"):
        sitrep.Model.load().save(tmp_path)
    with pytest.raises(TypeError, match="bytes of a model file"):
        sitrep.Model.from_bytes("text")


def test_a_model_of_another_text_analysis_loads_with_a_warning(default_model, tmp_path):
    # the file's payload starts with the feature configuration; for the default model's
    # settings (fixed-size fields, no extra stop words) its last field, the analysis
    # version, is byte 23 of the payload, after the 24-byte header
    good = bytearray(default_model.to_bytes())
    version = good[24 + 23]
    older = bytearray(good)
    older[24 + 23] = version - 1
    payload = bytes(older[24:])
    crc = zlib.crc32(payload, zlib.crc32(bytes(older[8:12])))
    older[20:24] = crc.to_bytes(4, "little")
    path = tmp_path / "older.sitrep"
    path.write_bytes(older)
    message = f"older.sitrep was trained with text analysis version {version - 1}, and this sitrep analyses text with version {version}"
    with pytest.warns(UserWarning, match=message):
        model = sitrep.Model.load(path)
    texts = ["Shelling killed 12 people in the border town."]
    assert model.predict(texts).equals(default_model.predict(texts))
    with pytest.warns(UserWarning, match="retrain it with this sitrep"):
        sitrep.Model.from_bytes(bytes(older))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sitrep.Model.from_bytes(bytes(good))


def test_damaged_pickles_are_refused(default_model):
    data = bytearray(pickle.dumps(default_model))
    # a byte in the middle of the model file's bytes: the checksum catches it
    data[len(data) // 2] ^= 0x01
    with pytest.raises(ValueError, match="checksum does not match"):
        pickle.loads(bytes(data))
    # a pickle cut short is the pickle module's to refuse
    with pytest.raises((pickle.UnpicklingError, EOFError, ValueError)):
        pickle.loads(pickle.dumps(default_model)[:1000])
    with pytest.raises(ValueError, match="not a pickled sitrep model"):
        sitrep.Model.__new__(sitrep.Model).__setstate__({"model": "text"})
