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

import importlib.util

from ._compare import compare
from ._model import Model
from ._sitrep import UNCERTAIN, __version__
from ._train import evaluate, train
from ._trend import Trends, trend

__all__ = [
    "Model",
    "Trends",
    "UNCERTAIN",
    "__version__",
    "compare",
    "evaluate",
    "train",
    "trend",
]
# the estimator needs scikit-learn, an optional extra: `from sitrep import *` gives it only
# where scikit-learn is installed, and works without it
if importlib.util.find_spec("sklearn") is not None:
    __all__.insert(1, "SitrepClassifier")


def __getattr__(name):
    # the estimator needs scikit-learn, which the rest of the package does not
    if name == "SitrepClassifier":
        try:
            from ._estimator import SitrepClassifier
        except ImportError as e:
            if e.name is None or e.name.partition(".")[0] != "sklearn":
                raise
            raise ImportError(
                "sitrep.SitrepClassifier needs scikit-learn, which is not installed: "
                "pip install 'sitrep[sklearn]' (or pip install scikit-learn)",
                name=e.name,
            ) from e

        return SitrepClassifier
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
