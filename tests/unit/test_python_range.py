"""DG2114 (a named minor outside the project's range) and DG2111's gaps (end-of-life minors the
project asks for never reach a FROM tag that was not published)."""

from __future__ import annotations

import pytest

from dockergen import generate
from dockergen.base_image import PythonOutsideRangeError
from dockergen.errors import ExitCode
from dockergen.inspection import inspect_project
from dockergen.plan import choose_plan
from dockergen.python_minors import image_debian, minors
from dockergen.settings import resolve
from dockergen.versions import DEBIAN_RELEASES, SUPPORTED_MINORS
from tests.conftest import build_tree
from tests.unit.test_bad_input import init_fails

APP = "from flask import Flask\napp = Flask(__name__)\n"
RANGED = {"app.py": APP, "pyproject.toml": '[project]\nname = "a"\nversion = "1"\nrequires-python = ">=3.11"\n'
          'dependencies = ["flask"]\n'}


def _plan(root, **cli):
    facts = inspect_project(root, offline=True)
    return choose_plan(facts, resolve(facts, cli))


def test_named_minor_outside_requires_python_is_a_warning_naming_the_range(tree):
    plan = _plan(tree(RANGED), python="3.10")
    [warning] = [w for w in plan.warnings if w.startswith("DG2114")]
    assert "Python 3.10 (from the command line)" in warning
    assert "pyproject.toml requires-python '>=3.11'" in warning
    assert "it admits 3.11, 3.12, 3.13, 3.14" in warning
    assert plan.base.python_version == "3.10"  # the user's choice stands; it is only warned about


def test_named_minor_inside_the_range_or_without_one_says_nothing(tree, tmp_path):
    assert not [w for w in _plan(tree(RANGED), python="3.12").warnings if "DG2114" in w]
    unranged = build_tree(tmp_path / "unranged", {"app.py": APP, "requirements.txt": "flask\n"})
    assert not [w for w in _plan(unranged, python="3.10").warnings if "DG2114" in w]


def test_poetry_caret_range_counts_too(tree):
    root = tree({"app.py": APP, "pyproject.toml": '[tool.poetry]\nname = "a"\nversion = "1"\n'
                 '[tool.poetry.dependencies]\npython = "^3.12"\nflask = "*"\n'})
    [warning] = [w for w in _plan(root, python="3.11").warnings if w.startswith("DG2114")]
    assert "[tool.poetry.dependencies] python '^3.12'" in warning


def test_config_value_outside_the_range_is_warned_about(tree):
    root = tree({**RANGED, "pyproject.toml": RANGED["pyproject.toml"] + '[tool.dockergen]\npython = "3.10"\n'})
    facts = inspect_project(root, offline=True)
    plan = choose_plan(facts, resolve(facts, {}, {"python": "3.10"}))
    assert any(w.startswith("DG2114: Python 3.10 (from [tool.dockergen] python)") for w in plan.warnings)


def test_non_interactive_generate_refuses_and_writes_nothing(tree):
    root = tree(RANGED)
    with pytest.raises(PythonOutsideRangeError) as caught:
        generate(root, python="3.10")
    assert "'>=3.11'" in caught.value.message and "--python 3.13" in caught.value.hint
    assert not (root / "Dockerfile").exists()


def test_cli_yes_is_an_error_with_a_hint_and_no_traceback(tree):
    init_fails(tree(RANGED), ExitCode.BAD_CONFIG, r"error: DG2114: Python 3.10 \(from the command line\) is outside",
               r"requires-python '>=3.11'", r"hint: Name a minor the project admits \(--python 3.13\)",
               args=("--python", "3.10", "--offline"))


def test_detected_minor_is_never_refused(tree):
    root = tree({**RANGED, ".python-version": "3.10\n"})  # the project contradicts itself: DG1031's business
    generate(root, dry_run=True, offline=True)


# --- DG2111: a FROM tag that exists, whatever minor the project asks for ---

@pytest.mark.parametrize("minor", ["2.7", "3.4", "3.5"])
def test_minors_older_than_the_table_never_had_a_supported_image(minor):
    assert image_debian(minor, "trixie", DEBIAN_RELEASES) is None
    assert image_debian(minor, "bookworm", DEBIAN_RELEASES) is None


@pytest.mark.parametrize(("asked", "python", "debian"), [
    ("3.6", "3.10", "trixie"),   # no bookworm/trixie image ever: the oldest supported minor
    ("2.7", "3.10", "trixie"),   # older than the table: never taken on trust
    ("3.7", "3.7", "bookworm"),  # published on bookworm, never on trixie
    ("3.8", "3.8", "bookworm"),
    ("3.9", "3.9", "trixie"),
])
def test_pipfile_end_of_life_minor_gets_a_published_tag(tree, asked, python, debian):
    root = tree({"app.py": APP, "Pipfile": f'[packages]\nflask = "*"\n[requires]\npython_version = "{asked}"\n'})
    plan = _plan(root)
    assert (plan.base.python_version, plan.base.debian) == (python, debian)
    assert debian in minors()[python].images
    if python != asked:
        assert any(w.startswith(f"DG2111: no python:{asked}-slim image exists") for w in plan.warnings)


def test_end_of_life_fallback_is_the_oldest_minor_the_project_still_admits(tree):
    # Python 3.6 named exactly, but setup.cfg allows only >=3.11 as well: DG1031 drops the 3.6
    # pin, so check the fallback on its own: a range that excludes 3.10 moves the fallback up.
    root = tree({"app.py": APP, "Pipfile": '[packages]\nflask = "*"\n[requires]\npython_version = "3.6"\n',
                 "setup.cfg": "[metadata]\nname = a\n[options]\npython_requires = >=3.6,!=3.10.*\n"})
    plan = _plan(root)
    assert plan.base.python_version == "3.11"
    assert plan.base.python_version in SUPPORTED_MINORS
