"""SitrepClassifier as a scikit-learn estimator."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.metrics import f1_score
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import estimator_checks

from sitrep import SitrepClassifier
from conftest import CORPUS, bench_split, read_csv, run

CHECKS = [
    "check_estimator_cloneable",
    "check_no_attributes_set_in_init",
    "check_get_params_invariance",
    "check_set_params",
    "check_estimators_overwrite_params",
    "check_estimators_fit_returns_self",
    "check_estimators_pickle",
    "check_fit_idempotent",
    "check_estimators_unfitted",
    "check_estimator_repr",
    "check_mixin_order",
]


@pytest.fixture(scope="module")
def corpus():
    frame = pd.read_csv(CORPUS, dtype=str, keep_default_na=False)
    train, test = frame[frame["split"] == "train"], frame[frame["split"] == "test"]
    return train, test


@pytest.mark.parametrize("check", CHECKS)
def test_scikit_learn_checks(check):
    getattr(estimator_checks, check)("SitrepClassifier", SitrepClassifier(n_jobs=1))


def test_fitted_on_bbc_it_scores_as_sitrep_train(tmp_path):
    train, test = bench_split("bbc", "train"), bench_split("bbc", "test")
    header, rows = read_csv(train)
    texts, labels = [r[header.index("text")] for r in rows], [r[header.index("label")] for r in rows]
    clf = SitrepClassifier().fit(texts, labels)
    path = tmp_path / "bbc.sitrep"
    run("sitrep-train", "--data", train, "--target", "label", "--out", path, "--holdout", "0", "--quiet")
    cli = json.loads(run("sitrep-eval", "--model", path, "--data", test, "--format", "json", "--resamples", "0").stdout)
    cli_f1 = cli["targets"][0]["classification"]["macro_avg"]["f1"]
    header, rows = read_csv(test)
    truth = [r[header.index("label")] for r in rows]
    ours = f1_score(truth, clf.predict([r[header.index("text")] for r in rows]), average="macro")
    assert abs(ours - cli_f1) <= 0.002, (ours, cli_f1)
    # same data, settings and seed: the same model, byte for byte
    assert clf.model_.to_bytes() == path.read_bytes()


def test_clone_and_pickle_keep_what_matters(corpus):
    train, test = corpus
    clf = SitrepClassifier(c=0.3, n_jobs=1).fit(train["text"], train["topic"])
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "model_")
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict(test["text"]), clf.predict(test["text"]))
    np.testing.assert_array_equal(again.predict_proba(test["text"]), clf.predict_proba(test["text"]))
    assert again.model_.to_bytes() == clf.model_.to_bytes()


def test_grid_search_over_c(corpus):
    train, test = corpus
    search = GridSearchCV(SitrepClassifier(n_jobs=1), {"c": [0.1, 0.3, 1.0]}, cv=3, scoring="f1_macro")
    search.fit(train["text"], train["topic"])
    assert search.best_params_["c"] in (0.1, 0.3, 1.0)
    assert set(search.cv_results_["param_c"]) == {0.1, 0.3, 1.0}
    assert search.best_score_ > 0.85
    assert f1_score(test["topic"], search.predict(test["text"]), average="macro") > 0.85


def test_in_a_pipeline_and_cross_validated(corpus):
    train, _ = corpus
    both = FunctionTransformer(lambda frame: (frame["title"] + "\n" + frame["text"]).tolist())
    pipeline = make_pipeline(both, SitrepClassifier(c=0.3, n_jobs=1))
    scores = cross_val_score(pipeline, train[["title", "text"]], train["topic"], cv=3, scoring="f1_macro")
    assert scores.shape == (3,) and scores.min() > 0.85
    # a data frame's columns are joined per row, as the pipeline's transformer does
    direct = cross_val_score(SitrepClassifier(c=0.3, n_jobs=1), train[["title", "text"]], train["topic"], cv=3, scoring="f1_macro")
    np.testing.assert_allclose(direct, scores)


def test_classes_keep_their_type_and_probabilities_their_order(corpus):
    train, test = corpus
    codes = {"diplomacy": 10, "displacement": 2, "offensive": 1}  # sitrep sorts "1" < "10" < "2"
    clf = SitrepClassifier(n_jobs=1).fit(train["text"], train["topic"].map(codes))
    np.testing.assert_array_equal(clf.classes_, [1, 2, 10])
    predicted = clf.predict(test["text"])
    assert predicted.dtype.kind == "i"
    proba = clf.predict_proba(test["text"])
    np.testing.assert_array_equal(clf.classes_[proba.argmax(axis=1)], predicted)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    scores = clf.decision_function(test["text"])
    assert scores.shape == (len(test), 3)
    # raw scores, in the order of classes_: their largest is (nearly always) the prediction
    assert (clf.classes_[scores.argmax(axis=1)] == predicted).mean() > 0.98
    by_name = SitrepClassifier(n_jobs=1).fit(train["text"], train["topic"])
    # the same classes under other names: the same predictions but where the order of
    # sitrep's classes (and so of their random streams) tips a close call
    agree = (pd.Series(by_name.predict(test["text"])).map(codes).to_numpy() == predicted).mean()
    assert agree > 0.98


def test_ordinal_levels(corpus):
    train, test = corpus
    clf = SitrepClassifier(target_kind="ordinal", c=0.3, n_jobs=1).fit(train["text"], train["escalation"].astype(int))
    np.testing.assert_array_equal(clf.classes_, [0, 1, 2, 3])
    assert clf.model_.kinds == {"label": "ordinal"}
    assert clf.decision_function(test["text"]).shape == (len(test), 3)
    names = np.array(["calm", "tense", "violent", "war"])
    named = SitrepClassifier(target_kind="ordinal", levels=list(names), c=0.3, n_jobs=1)
    named.fit(train["text"], names[train["escalation"].astype(int)])
    np.testing.assert_array_equal(named.classes_, names)
    np.testing.assert_array_equal(named.predict(test["text"]), names[clf.predict(test["text"])])
    two = SitrepClassifier(n_jobs=1).fit(train["text"], train["topic"] == "offensive")
    assert two.decision_function(test["text"]).shape == (len(test),)
    with pytest.raises(ValueError, match="not in the given order"):
        SitrepClassifier(target_kind="ordinal", levels=["calm", "war"]).fit(["a b", "c d", "e f"], ["calm", "war", "tense"])


def test_bad_input_is_refused(corpus):
    train, _ = corpus
    texts, labels = train["text"].tolist()[:50], train["topic"].tolist()[:50]
    with pytest.raises(TypeError, match=r"text\[1\] is None"):
        SitrepClassifier().fit([texts[0], None] + texts[2:], labels)
    with pytest.raises(ValueError, match="X has 50 samples but y has 49"):
        SitrepClassifier().fit(texts, labels[:49])
    with pytest.raises(ValueError, match="missing value"):
        SitrepClassifier().fit(np.array([1.0, np.nan, 2.0]), [0, 1, 0])
    with pytest.raises(ValueError, match="unknown model"):
        SitrepClassifier(model="forest").fit(texts, labels)
    with pytest.raises(ValueError, match="unknown kind"):
        SitrepClassifier(target_kind="circular").fit(texts, labels)
    with pytest.raises(TypeError, match="one text"):
        SitrepClassifier().fit(texts, labels).predict("one text")


def test_an_ensemble_averages_its_members_and_has_no_decision_function(corpus):
    train, test = corpus
    ensemble = SitrepClassifier(model="ensemble", target_kind="ordinal", c=0.3, n_jobs=1)
    ensemble.fit(train["text"], train["escalation"].astype(int))
    assert ensemble.model_.algorithms["label"].startswith("mean of ordinal-svm C=0.3")
    proba = ensemble.predict_proba(test["text"])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    # an ordinal ensemble predicts the median level of its mean probabilities
    median = (np.cumsum(proba, axis=1) >= 0.5).argmax(axis=1)
    np.testing.assert_array_equal(ensemble.predict(test["text"]), ensemble.classes_[median])
    svm = SitrepClassifier(target_kind="ordinal", c=0.3, n_jobs=1).fit(train["text"], train["escalation"].astype(int))
    assert np.abs(svm.predict_proba(test["text"]) - proba).max() > 0.01
    with pytest.raises(AttributeError, match="has no attribute 'decision_function'") as raised:
        ensemble.decision_function(test["text"])
    assert "use predict_proba" in str(raised.value.__cause__)


def test_an_ensemble_is_scored_by_roc_auc_through_its_probabilities(corpus):
    # scikit-learn's scorers ask hasattr(estimator, "decision_function") before falling
    # back on predict_proba: for an ensemble, it must say no before fitting, too
    assert not hasattr(SitrepClassifier(model="ensemble"), "decision_function")
    assert hasattr(SitrepClassifier(), "decision_function")
    train, _ = corpus
    head = train.head(600)
    scores = cross_val_score(
        SitrepClassifier(model="ensemble", n_jobs=1), head["text"], (head["topic"] == "offensive").astype(int),
        cv=2, scoring="roc_auc", error_score="raise",
    )  # fmt: skip
    assert (scores > 0.5).all()


def test_labels_with_spaces_around_them_are_the_labels_sitrep_trims_them_to(corpus):
    train, test = corpus
    spaced = train["topic"].map({"offensive": "offensive ", "displacement": "displacement", "diplomacy": " diplomacy"})
    model = SitrepClassifier(n_jobs=1).fit(train["text"], spaced)
    plain = SitrepClassifier(n_jobs=1).fit(train["text"], train["topic"])
    assert list(model.classes_) == [" diplomacy", "displacement", "offensive "]
    expected = plain.predict(test["text"])
    np.testing.assert_array_equal(model.predict(test["text"]), [{"offensive": "offensive ", "diplomacy": " diplomacy"}.get(v, v) for v in expected])
    np.testing.assert_allclose(model.predict_proba(test["text"]), plain.predict_proba(test["text"]))
    # two labels that are one once trimmed are refused before training
    with pytest.raises(ValueError, match="two classes of y are the same label as text"):
        SitrepClassifier().fit(["a b", "c d", "e f"], ["war", "war ", "calm"])


def test_x_without_columns_is_refused():
    with pytest.raises(ValueError, match="X has no text columns"):
        SitrepClassifier().fit(np.empty((3, 0), dtype=object), [1, 2, 1])
    with pytest.raises(ValueError, match="X has no text columns"):
        SitrepClassifier().fit(pd.DataFrame(index=range(3)), [1, 2, 1])
    twice = pd.DataFrame([["a b", "c d"], ["e f", "g h"], ["i j", "k l"]], columns=["text", "text"])
    with pytest.raises(ValueError, match="more than one column named `text`"):
        SitrepClassifier().fit(twice, [1, 2, 1])


def test_a_missing_label_in_y_is_refused():
    texts = ["a b", "c d", "e f"]
    for y, shown in [
        (["war", np.nan, "calm"], "NaN"),
        (pd.array(["war", pd.NA, "calm"], dtype="string"), "pd.NA"),
        (np.array(["war", None, "calm"], dtype=object), "None"),
        ([1.0, np.nan, 0.0], "NaN"),
    ]:
        with pytest.raises(ValueError, match=rf"y\[1\] is missing \({shown}\); every sample needs a label"):
            SitrepClassifier().fit(texts, y)
