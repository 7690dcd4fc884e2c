"""The package as installed: its import without the optional extras, and the README's
Python example."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import sitrep
from conftest import ROOT

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
    assert "SitrepClassifier" in sitrep.__all__


def test_the_readme_python_example_prints_what_the_readme_shows(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python") :]
    command, shown = re.search(r'```\n(?:pip install .*\n)?python -c "(.*?)"\n```\n\n```\n(.*?)\n```', section, re.S).groups()
    proc = python(command, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == shown.strip()


def test_the_installed_package_says_it_is_typed():
    # PEP 561: type checkers read the package's annotations only where py.typed is
    assert (Path(sitrep.__file__).parent / "py.typed").is_file()
