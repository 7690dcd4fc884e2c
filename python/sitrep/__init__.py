"""sitrep: classify conflict news by topic and escalation level, from Python.

The same library as the ``sitrep-classify``, ``sitrep-train``, ``sitrep-eval`` and
``sitrep-trend`` tools, with the same model files::

    import sitrep
    model = sitrep.Model.load()            # the built-in default model
    model.predict(["Rebels shelled the outskirts of the city overnight."])

- :class:`Model`: load, save, pickle, ``predict`` (a data frame with the columns
  ``sitrep-classify`` writes to CSV), ``explain``.
- :func:`train` and :func:`evaluate`: ``sitrep-train`` and ``sitrep-eval``; :func:`compare`:
  ``sitrep-eval --model A --model B`` (paired tests of two models on the same rows).
- :func:`trend`: ``sitrep-trend``, escalation trends and alerts per place, as
  :class:`Trends` (the series and alerts as data frames, the JSON, the HTML page).
- :class:`SitrepClassifier`: a scikit-learn estimator on raw text (needs scikit-learn).

Batches run with the GIL released, on ``n_jobs`` threads (default: all cores).
"""

from ._compare import compare
from ._model import Model
from ._sitrep import UNCERTAIN, __version__
from ._train import evaluate, train
from ._trend import Trends, trend

__all__ = [
    "Model",
    "SitrepClassifier",
    "Trends",
    "UNCERTAIN",
    "__version__",
    "compare",
    "evaluate",
    "train",
    "trend",
]


def __getattr__(name):
    # the estimator needs scikit-learn, which the rest of the package does not
    if name == "SitrepClassifier":
        from ._estimator import SitrepClassifier

        return SitrepClassifier
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
