"""DG2112: a build backend's refusal, told from the project's files (never by building)."""

import pytest

from dockergen.inspection.buildable import detect_self_import, predict_build_refusal
from tests.conftest import build_tree

HATCH = {"build-system": {"build-backend": "hatchling.build"}, "project": {"name": "todo-service"}}


def test_hatchling_without_a_package_named_like_the_project_refuses(tmp_path):
    root = build_tree(tmp_path / "p", {"app.py": "x = 1\n"})
    refusal = predict_build_refusal(root, HATCH, "todo-service")
    assert refusal is not None and "todo_service" in refusal.value


@pytest.mark.parametrize("files", [{"todo_service/__init__.py": ""}, {"src/todo_service/__init__.py": ""},
                                   {"todo_service.py": ""}])
def test_hatchling_with_the_package_builds(tmp_path, files):
    assert predict_build_refusal(build_tree(tmp_path / "p", files), HATCH, "todo-service") is None


def test_explicit_hatch_selection_is_trusted(tmp_path):
    root = build_tree(tmp_path / "p", {"app.py": "x = 1\n"})
    config = {**HATCH, "tool": {"hatch": {"build": {"targets": {"wheel": {"packages": ["app"]}}}}}}
    assert predict_build_refusal(root, config, "todo-service") is None


def test_poetry_include_of_a_missing_folder_refuses(tmp_path):
    root = build_tree(tmp_path / "p", {"main.py": "x = 1\n"})
    config = {"build-system": {"build-backend": "poetry.core.masonry.api"},
              "tool": {"poetry": {"packages": [{"include": "poetry_app"}]}}}
    assert "poetry_app" in predict_build_refusal(root, config, "x").value
    (root / "poetry_app").mkdir()
    assert predict_build_refusal(root, config, "x") is None


def test_setuptools_flat_layout_with_several_top_level_packages_refuses(tmp_path):
    root = build_tree(tmp_path / "p", {"api/__init__.py": "", "worker/__init__.py": "", "tests/__init__.py": "",
                                       "setup.py": "from setuptools import setup\nsetup(name='x')\n"})
    refusal = predict_build_refusal(root, {}, "x")
    assert refusal is not None and "api" in refusal.value and "tests" not in refusal.value


def test_a_src_folder_is_a_layout_not_an_error(tmp_path):
    """A folder where the checks look for one (src/, a package) must not be read as a file."""
    root = build_tree(tmp_path / "p", {"src/pkg/__init__.py": "", "api/__init__.py": "", "cli.py": ""})
    assert predict_build_refusal(root, {"project": {"name": "pkg"}}, "pkg") is None
    assert detect_self_import(root, "pkg", []).value == "src/pkg"


def test_setup_py_running_npm_refuses(tmp_path):
    root = build_tree(tmp_path / "p", {"setup.py": "import subprocess\nsubprocess.check_call(['npm', 'run', 'build'])\n"
                                                   "from setuptools import setup\nsetup(name='x', packages=['x'])\n"})
    assert "npm" in predict_build_refusal(root, {}, "x").value


def test_self_metadata_lookup_needs_the_install(tmp_path):
    root = build_tree(tmp_path / "p", {"app.py": "from importlib.metadata import version\n__version__ = version('my-app')\n"})
    fact = detect_self_import(root, "my_app", ["app.py"])
    assert fact is not None and fact.value == "app.py:2"
    assert detect_self_import(root, "other", ["app.py"]) is None
