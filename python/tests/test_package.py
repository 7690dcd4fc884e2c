"""The package as installed: its import without the optional extras."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_SKLEARN = """
import sys
sys.modules["sklearn"] = None  # as if scikit-learn were not installed
from sitrep import *
print(Model.load().predict(["Rebels shelled the town."])["topic"][0])
import sitrep
try:
    sitrep.SitrepClassifier
except ImportError as e:
    print(e)
"""


def python(code: str, cwd) -> subprocess.CompletedProcess:
    # outside the repository, so that `import sitrep` is the installed package
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd)


def test_the_package_imports_without_scikit_learn_and_says_how_to_get_the_estimator(tmp_path):
    proc = python(WITHOUT_SKLEARN, tmp_path)
    assert proc.returncode == 0, proc.stderr
    first, second = proc.stdout.splitlines()
    assert first == "offensive"
    assert "SitrepClassifier needs scikit-learn" in second and "pip install 'sitrep[sklearn]'" in second
    # with scikit-learn, `from sitrep import *` gives the estimator too
    import sitrep

    assert "SitrepClassifier" in sitrep.__all__
