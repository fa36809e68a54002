"""Class 1, second half: ``dockergen lock`` never builds (runs) the project in the user's tree.

``-e .`` or a setup.py makes uv build the project to learn its dependencies, which runs its
setup.py; the build happens in a scratch copy, the command says so, and the project gains no
``*.egg-info``/``build/`` and no file the setup.py writes.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.lock_scratch import needs_build
from tests.conftest import build_tree
from tests.unit.test_bad_input import snapshot

runner = CliRunner()


def test_lock_with_editable_self_builds_only_in_a_scratch_copy(tmp_path: Path) -> None:
    marker = tmp_path / "RAN-IN"
    root = build_tree(tmp_path / "proj", {
        "setup.py": f"""
            import os
            from setuptools import setup
            with open({str(marker)!r}, "a") as f:
                f.write(os.getcwd() + "\\n")
            setup(name="hostile", version="1.0", py_modules=["main"], install_requires=["six"])
            """,
        "main.py": "print('hi')\n",
        "requirements.txt": "-e .\n",
    })
    before = snapshot(root)
    result = runner.invoke(app, ["lock", "--as-of", "never", str(root)])
    assert result.exit_code == 0, result.output
    after = snapshot(root)
    assert set(after) - set(before) == {"requirements.lock"}, sorted(set(after) - set(before))
    assert all(after[k] == v for k, v in before.items())
    assert "scratch copy" in result.output
    assert "six==" in (root / "requirements.lock").read_text()
    # the build backend did run, but never with the user's folder as its working directory
    assert str(root) not in marker.read_text()


def test_lock_from_static_metadata_copies_only_the_manifest(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "proj", {
        "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["six"]\n'
                          '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n',
        "x.py": "print(1)\n",
    })
    before = snapshot(root)
    result = runner.invoke(app, ["lock", "--as-of", "never", str(root)])
    assert result.exit_code == 0, result.output
    assert "scratch copy" not in result.output  # metadata was enough: nothing built
    assert set(snapshot(root)) - set(before) == {"requirements.lock"}


def test_which_sources_need_a_build(tmp_path: Path) -> None:
    static = {"project": {"name": "x", "dependencies": []}}
    assert not needs_build("pyproject.toml", [], static, tmp_path)
    assert needs_build("pyproject.toml", [], {"project": {"name": "x", "dynamic": ["dependencies"]}}, tmp_path)
    assert needs_build("pyproject.toml", [], {}, tmp_path)
    assert needs_build("requirements.txt", ["."], None, tmp_path)
    assert not needs_build("requirements.txt", [], None, tmp_path)
