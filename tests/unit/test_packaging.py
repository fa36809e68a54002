"""What a user installs: declared links point at the one home, the package is marked typed,
the classifiers name the Python versions requires-python allows, and the shipped wheel holds
py.typed."""

from __future__ import annotations

import subprocess
import sys
try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib
import zipfile

from packaging.specifiers import SpecifierSet

from dockergen import home
from dockergen.check.format import format_sarif
from dockergen.check.model import CheckReport, Finding
from dockergen.versions import SUPPORTED_MINORS
from tests.conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_project_urls_are_the_home_the_program_links_to():
    urls = PYPROJECT["urls"]
    assert urls["Homepage"] == urls["Repository"] == home.HOME
    assert urls["Documentation"] == home.DOCS and urls["Issues"] == home.ISSUES
    assert urls["Changelog"] == home.CHANGELOG


def test_sarif_links_point_at_the_declared_home():
    import json

    report = CheckReport("/p", "Dockerfile", [Finding("DG3001", "error", 1, "root", "add USER")])
    driver = json.loads(format_sarif(report))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == PYPROJECT["urls"]["Homepage"]
    assert {r["helpUri"] for r in driver["rules"]} == {
        f"{PYPROJECT['urls']['Documentation']}/decisions/{r['id']}.md" for r in driver["rules"]}


def test_classifiers_name_each_python_requires_python_allows():
    allowed = SpecifierSet(PYPROJECT["requires-python"])
    named = {c.rsplit(" :: ", 1)[1] for c in PYPROJECT["classifiers"] if c.startswith("Programming Language :: Python :: 3.")}
    assert named == {m for m in SUPPORTED_MINORS if allowed.contains(m + ".0")}
    assert "Typing :: Typed" in PYPROJECT["classifiers"]


def test_the_wheel_ships_py_typed(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("dockergen_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "dockergen/py.typed" in names and "dockergen/home.py" in names
