"""sitrep.train and sitrep.evaluate do what sitrep-train and sitrep-eval do."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import sitrep
from conftest import CORPUS, ROOT, run

README_COMMAND = dict(
    targets=["topic", "escalation:ordinal"],
    text_columns=["title", "text"],
    c=0.3,
    background=ROOT / "datasets" / "background.csv",
)


@pytest.fixture(scope="module")
def corpus_frame():
    return pd.read_csv(CORPUS, dtype=str, keep_default_na=False)


def test_training_on_a_file_makes_the_bytes_sitrep_train_makes(tmp_path):
    path = tmp_path / "cli.sitrep"
    cli = run(
        "sitrep-train", "--data", CORPUS, "--rows", "split=train", "--text-column", "title",
        "--text-column", "text", "--target", "topic", "--target", "escalation:ordinal",
        "--c", "0.3", "--background", ROOT / "datasets" / "background.csv", "--out", path,
    )  # fmt: skip
    model = sitrep.train(CORPUS, rows="split=train", **README_COMMAND)
    assert model.to_bytes() == path.read_bytes()
    # the README says this command rebuilds the default model
    assert model.to_bytes() == (ROOT / "models" / "default.sitrep").read_bytes()
    summary = model.summary
    train_rows = int((pd.read_csv(CORPUS, dtype=str, keep_default_na=False)["split"] == "train").sum())
    assert summary["rows"] == train_rows and summary["features"] == model.n_features
    assert summary["algorithms"]["topic"] == "linear-svm C=0.3 (Platt-calibrated)"
    for v in summary["validation"]:
        line = f"validation on {v['rows']} held-out rows, `{v['target']}`: accuracy {v['accuracy']:.4f}"
        assert line in cli.stdout


def test_training_on_a_data_frame_makes_the_same_model(corpus_frame):
    rows = corpus_frame[corpus_frame["split"] == "train"]
    from_frame = sitrep.train(rows, holdout=0, **README_COMMAND)
    assert from_frame.to_bytes() == (ROOT / "models" / "default.sitrep").read_bytes()
    as_dict = {c: rows[c].tolist() for c in ["title", "text", "topic", "escalation"]}
    as_dict["escalation"] = [int(v) for v in as_dict["escalation"]]  # numbers are labels too
    assert sitrep.train(as_dict, holdout=0, **README_COMMAND).to_bytes() == from_frame.to_bytes()


def test_class_weight_makes_the_bytes_sitrep_train_class_weight_makes(tmp_path, corpus_frame):
    path = tmp_path / "weighted.sitrep"
    run(
        "sitrep-train", "--data", CORPUS, "--rows", "split=train", "--text-column", "title",
        "--text-column", "text", "--target", "topic", "--target", "escalation:ordinal",
        "--c", "0.3", "--class-weight", "3=2", "--holdout", "0", "--out", path, "--quiet",
    )  # fmt: skip
    rows = corpus_frame[corpus_frame["split"] == "train"]
    options = dict(README_COMMAND, background=())
    weighted = sitrep.train(rows, holdout=0, class_weight={3: 2}, **options)
    assert weighted.to_bytes() == path.read_bytes()
    assert weighted.to_bytes() != sitrep.train(rows, holdout=0, **options).to_bytes()
    with pytest.raises(ValueError, match="class weight of `3` must be a positive number"):
        sitrep.train(rows, holdout=0, class_weight={"3": 0}, **options)
    with pytest.raises(ValueError, match="names `4`, which no target has"):
        sitrep.train(rows, holdout=0, class_weight={4: 2}, **options)


def test_spelling_variants_off_makes_the_bytes_sitrep_train_no_spelling_variants_makes(tmp_path, corpus_frame):
    path = tmp_path / "variants-off.sitrep"
    run(
        "sitrep-train", "--data", CORPUS, "--rows", "split=train", "--text-column", "title",
        "--text-column", "text", "--target", "topic", "--target", "escalation:ordinal",
        "--c", "0.3", "--no-spelling-variants", "--holdout", "0", "--out", path, "--quiet",
    )  # fmt: skip
    rows = corpus_frame[corpus_frame["split"] == "train"]
    options = dict(README_COMMAND, background=())
    off = sitrep.train(rows, holdout=0, spelling_variants=False, **options)
    assert off.to_bytes() == path.read_bytes()
    assert off.to_bytes() != sitrep.train(rows, holdout=0, **options).to_bytes()
    assert "spelling variants off" in off.describe()


def test_evaluate_on_a_file_is_sitrep_eval_json(tmp_path):
    cli = run("sitrep-eval", "--data", CORPUS, "--rows", "split=test", "--errors", "3", "--format", "json")
    ours = sitrep.evaluate(None, CORPUS, rows="split=test", errors=3)
    assert ours == json.loads(cli.stdout)
    model_path = tmp_path / "m.sitrep"
    sitrep.Model.load().save(model_path)
    cli = run(
        "sitrep-eval", "--model", model_path, "--data", CORPUS, "--target", "topic",
        "--resamples", "50", "--seed", "7", "--format", "json",
    )  # fmt: skip
    ours = sitrep.evaluate(str(model_path), CORPUS, targets="topic", resamples=50, seed=7)
    assert ours == json.loads(cli.stdout)


def test_by_scores_each_group_as_sitrep_eval_by_does(tmp_path, corpus_frame, default_model):
    test = corpus_frame[corpus_frame["split"] == "test"]
    path = tmp_path / "test.csv"
    test.to_csv(path, index=False)
    cli = json.loads(run("sitrep-eval", "--data", path, "--by", "topic", "--resamples", "0", "--format", "json").stdout)
    from_file = sitrep.evaluate(default_model, path, by="topic", resamples=0)
    from_frame = sitrep.evaluate(default_model, test, by="topic", resamples=0)
    for report in (from_file, from_frame):
        for ours, theirs in zip(report["targets"], cli["targets"]):
            assert ours["by_group"] == theirs["by_group"]
    assert {g["group"] for g in from_frame["targets"][0]["by_group"]["groups"]} == {"offensive", "displacement", "diplomacy"}
    with pytest.raises(ValueError, match="no grouping column `region`"):
        sitrep.evaluate(default_model, test, by="region")


def test_blank_group_values_are_one_group_in_a_frame_as_in_a_file(tmp_path, default_model):
    # sitrep-eval --by reads a blank field as the group "(blank)"; a frame's missing and
    # blank values must make the same group, not stop the run as missing labels
    frame = pd.DataFrame({
        "text": ["Rebels shelled the town overnight, killing four.", "Talks resumed in the capital.",
                 "Thousands fled the fighting across the border.", "Troops massed at the frontier."],
        "topic": ["offensive", "diplomacy", "displacement", "offensive"],
        "source": ["AFP", None, "  ", "AFP"],
    })  # fmt: skip
    path = tmp_path / "by.csv"
    frame.to_csv(path, index=False)
    cli = json.loads(run("sitrep-eval", "--data", path, "--target", "topic", "--by", "source",
                         "--resamples", "0", "--format", "json").stdout)  # fmt: skip
    ours = sitrep.evaluate(default_model, frame, targets="topic", by="source", resamples=0)
    assert ours["targets"][0]["by_group"] == cli["targets"][0]["by_group"]
    groups = {g["group"]: g["rows"] for g in ours["targets"][0]["by_group"]["groups"]}
    assert groups == {"AFP": 2, sitrep._sitrep.BLANK_GROUP: 2}


def test_evaluate_on_a_data_frame_scores_as_on_its_file(corpus_frame, default_model):
    from_file = sitrep.evaluate(default_model, CORPUS, rows="split=test", resamples=100)
    rows = corpus_frame[corpus_frame["split"] == "test"]
    from_frame = sitrep.evaluate(default_model, rows, resamples=100)
    assert from_frame["targets"] == from_file["targets"]
    assert from_frame["data"] == "data frame"
    assert from_frame["settings"]["text_columns"] == ["title", "text"]


def test_labels_the_model_never_saw_are_scored_with_a_warning(default_model):
    frame = pd.DataFrame({"text": ["Rebels shelled the town", "Aid reached the camps"], "topic": ["offensive", "famine"]})
    with pytest.warns(UserWarning, match="label `famine`, which the model never saw"):
        report = sitrep.evaluate(default_model, frame, resamples=0)
    assert report["targets"][0]["classification"]["accuracy"] == 0.5


def test_a_seed_without_resamples_is_refused_as_in_sitrep_eval(default_model):
    frame = pd.DataFrame({"text": ["Rebels shelled the town"], "topic": ["offensive"]})
    with pytest.raises(ValueError, match="resamples=0 draws none"):
        sitrep.evaluate(default_model, frame, seed=7, resamples=0)
    # the default seed is the CLI's
    assert sitrep.evaluate(default_model, frame, resamples=10)["settings"]["seed"] == 42


def test_bad_training_input_is_refused_with_its_place(tmp_path, corpus_frame):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"text,label\nfine text,a\nbroken \xff text,b\n")
    with pytest.raises(ValueError, match=r"bad.csv:3: column 1 \(`text`\) is not valid UTF-8"):
        sitrep.train(bad, "label")
    with pytest.warns(UserWarning, match="replaced invalid UTF-8 with U\\+FFFD in 1 row"):
        with pytest.raises(ValueError, match=r"bad.csv: target `label` has only one class \(`b`\)"):
            sitrep.train(tmp_path / "bad.csv", "label", lossy=True, min_df=1, holdout=0, rows="label=b")
    (tmp_path / "empty.csv").write_text("text,label\nsome text,a\n,b\n")
    with pytest.raises(ValueError, match=r"empty.csv:3: column 1 \(`text`\) is empty"):
        sitrep.train(tmp_path / "empty.csv", "label")
    with pytest.raises(FileNotFoundError, match="missing.csv"):
        sitrep.train(tmp_path / "missing.csv", "label")
    with pytest.raises(ValueError, match="no column named `nope`"):
        sitrep.train(CORPUS, "nope", ["title", "text"])
    # a `:` followed by no kind is part of the column's name
    with pytest.raises(ValueError, match="no column named `topic:fancy`"):
        sitrep.train(CORPUS, "topic:fancy", ["title", "text"])
    with pytest.raises(ValueError, match="unknown model `svn`"):
        sitrep.train(CORPUS, "topic", ["title", "text"], model="svn")
    with pytest.raises(ValueError, match="unknown language `klingon`"):
        sitrep.train(CORPUS, "topic", ["title", "text"], language="klingon")
    with pytest.raises(ValueError, match="word n-gram range"):
        sitrep.train(CORPUS, "topic", ["title", "text"], ngrams=(3, 1))
    with pytest.raises(TypeError, match="unknown training setting 'cc'"):
        sitrep.train(CORPUS, "topic", ["title", "text"], cc=1)
    frame = corpus_frame.head(20).copy()
    frame.loc[5, "topic"] = None
    with pytest.raises(ValueError, match=r"target `topic`, row 5: the label is missing"):
        sitrep.train(frame, "topic", ["title", "text"])
    frame = corpus_frame.head(20).copy()
    frame.loc[3, "title"], frame.loc[3, "text"] = "", "  "
    with pytest.raises(ValueError, match=r"row 3: the text \(`title`, `text`\) is empty"):
        sitrep.train(frame, "topic", ["title", "text"])
    one_class = pd.DataFrame({"text": ["a b", "c d"], "topic": ["x", "x"]})
    with pytest.raises(ValueError, match="only one class"):
        sitrep.train(one_class, "topic")
    levels = pd.DataFrame({"text": ["a b", "c d"], "risk": ["low", "mid"]})
    with pytest.raises(ValueError, match=r"row 1 has level `mid`, which is not in the given order \(low,high\)"):
        sitrep.train(levels, ("risk", "ordinal", ["low", "high"]))
    with pytest.raises(TypeError, match="data must be"):
        sitrep.train(42, "topic")


def test_options_the_model_would_ignore_are_refused(corpus_frame):
    # sitrep.train shares sitrep-train's checks: an option the model would ignore is an error
    rows = corpus_frame.head(60)
    with pytest.raises(ValueError, match="--alpha smooths the word counts of naive Bayes.*`svm` would ignore it"):
        sitrep.train(rows, "topic", ["title", "text"], alpha=0.5)
    with pytest.raises(ValueError, match="`logistic` would ignore it"):
        sitrep.SitrepClassifier(model="logistic", alpha=0.5, n_jobs=1).fit(rows["text"], rows["topic"])
    assert "alpha=0.5" in sitrep.train(rows, "topic", ["title", "text"], model="cnb", alpha=0.5, holdout=0).summary["algorithms"]["topic"]
    with pytest.raises(ValueError, match="--c is the inverse regularization.*`cnb` would ignore it"):
        sitrep.train(rows, "topic", ["title", "text"], model="cnb", c=0.5)
    with pytest.raises(ValueError, match="`auto` would ignore it"):
        sitrep.SitrepClassifier(model="auto", c=0.5, n_jobs=1).fit(rows["text"], rows["topic"])
    with pytest.raises(ValueError, match="--selection-folds sets the folds on which the auto model choice"):
        sitrep.train(rows, "topic", ["title", "text"], selection_folds=5)
    with pytest.raises(ValueError, match="the svm model is always Platt-calibrated"):
        sitrep.SitrepClassifier(calibrate=False, n_jobs=1).fit(rows["text"], rows["topic"])
    with pytest.raises(ValueError, match="--max-features keeps the N most frequent terms of a vocabulary"):
        sitrep.train(rows, "topic", ["title", "text"], hashing_bits=12, max_features=100)
    # C is then the scope gate's
    sitrep.train(rows, "topic", ["title", "text"], model="cnb", c=0.5, holdout=0, background=["The match ended 2-1."] * 5)


def test_min_scope_needs_a_model_with_a_scope_gate(corpus_frame):
    rows = corpus_frame.head(60)
    plain = sitrep.train(rows, "topic", ["title", "text"], holdout=0)
    gated = sitrep.train(rows, "topic", ["title", "text"], holdout=0, background=["The match ended 2-1."] * 5)
    assert (plain.has_scope_gate, gated.has_scope_gate) == (False, True)
    text = ["Rebels shelled the town overnight."]
    with pytest.raises(ValueError, match="has no scope gate"):
        plain.predict(text, min_scope=0.3)
    # the default and 0 ask for no threshold the model cannot read
    assert plain.predict(text)["topic"][0] == plain.predict(text, min_scope=0)["topic"][0]
    gated.predict(text, min_scope=0.3)


def test_a_class_the_holdout_split_trains_without_is_a_warning(corpus_frame):
    rows = corpus_frame.head(60).copy()
    rows.loc[rows.index[0], "topic"] = "cyber"
    with pytest.warns(UserWarning, match="the holdout split: target `topic` has no training row of class `cyber`"):
        sitrep.train(rows, "topic", ["title", "text"], holdout=0.5, min_df=1)


def test_bad_evaluation_input_is_refused(default_model, tmp_path):
    with pytest.raises(ValueError, match="the model has no target `mood`"):
        sitrep.evaluate(default_model, CORPUS, targets="mood")
    with pytest.raises(ValueError, match="none of the model's target columns"):
        sitrep.evaluate(default_model, pd.DataFrame({"text": ["x"]}))
    with pytest.raises(FileNotFoundError):
        sitrep.evaluate(default_model, tmp_path / "missing.csv")
    with pytest.raises(FileNotFoundError):
        sitrep.evaluate(tmp_path / "missing.sitrep", CORPUS)


def test_compare_is_sitrep_eval_with_two_models(tmp_path, corpus_frame):
    a = tmp_path / "a.sitrep"
    sitrep.Model.load().save(a)
    b = tmp_path / "b.sitrep"
    targets = ["topic", "escalation:ordinal"]
    sitrep.train(CORPUS, targets, ["title", "text"], rows="split=train", model="cnb").save(b)
    cli = run(
        "sitrep-eval", "--model", a, "--model", b, "--data", CORPUS, "--rows", "split=test",
        "--resamples", "100", "--format", "json",
    )  # fmt: skip
    ours = sitrep.compare(str(a), str(b), CORPUS, rows="split=test", resamples=100)
    assert ours == json.loads(cli.stdout)
    topic, escalation = ours["targets"]
    assert topic["qwk"] is None and topic["mae"] is None
    assert escalation["qwk"]["bootstrap"]["low"] <= escalation["qwk"]["difference"] <= escalation["qwk"]["bootstrap"]["high"]
    # The same rows as a data frame give the same tests.
    test = corpus_frame[corpus_frame["split"] == "test"]
    from_frame = sitrep.compare(sitrep.Model.load(a), str(b), test, resamples=100)
    assert from_frame["targets"] == ours["targets"]
    assert from_frame["data"] == "data frame"
    with pytest.raises(ValueError, match="rows= filters a CSV file's rows"):
        sitrep.compare(str(a), str(b), test, rows="split=test")
    with pytest.raises(ValueError, match="a paired bootstrap, which needs resamples"):
        sitrep.compare(str(a), str(b), test, resamples=0)


def test_training_warns_of_look_alike_labels_and_wordless_rows_naming_rows_in_memory(corpus_frame, tmp_path):
    rows = corpus_frame.head(60).copy()
    rows.loc[rows.index[3], "topic"] = "Offensive"
    rows.loc[rows.index[5], "text"] = "!!!"
    rows.loc[rows.index[5], "title"] = ""
    with pytest.warns(UserWarning) as caught:
        sitrep.train(rows, "topic", ["title", "text"], holdout=0, min_df=1)
    said = [str(w.message) for w in caught]
    # rows of a frame are numbered by position, as its errors number them: not `line 3`
    look_alike = [m for m in said if "differ only in case or spacing" in m]
    assert len(look_alike) == 1 and "`Offensive` (row 3)" in look_alike[0], said
    wordless = [m for m in said if "no word to learn from" in m]
    assert wordless == [
        "the training rows: 1 row has no word to learn from (punctuation or stop words alone), the first on row 5; "
        "it is trained on as an article without words, which teach only how common their labels are"
    ], said
    # a file's rows are its lines, as sitrep-train says
    path = tmp_path / "rows.csv"
    rows.to_csv(path, index=False)
    with pytest.warns(UserWarning) as caught:
        sitrep.train(path, "topic", ["title", "text"], holdout=0, min_df=1)
    said = [str(w.message) for w in caught]
    assert any("the first on line 7;" in m for m in said), said
    assert any("`Offensive` (line 5)" in m for m in said), said
