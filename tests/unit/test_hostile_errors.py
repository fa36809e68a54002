"""Class 6 of the hostile-project review: odd input and bad usage end in one clear
``error:``/``hint:`` pair and a documented exit code, never a traceback or click's own block."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode
from tests.conftest import build_tree
from tests.unit.test_bad_input import snapshot

runner = CliRunner()
SCRIPT = {"main.py": "print(1)\n"}


def _fails(root: Path, args: list[str], code: ExitCode, *needles: str) -> str:
    before = snapshot(root) if root.is_dir() else None
    result = runner.invoke(app, [*args, str(root)])
    out = result.output
    assert result.exit_code == code, out
    assert "Traceback" not in out and "Usage:" not in out and "Try '" not in out, out
    assert out.count("error: ") == 1 and "hint: " in out, out
    for needle in needles:
        assert needle in out, out
    if before is not None:
        assert snapshot(root) == before
    return out


@pytest.mark.parametrize("args, needle", [
    (["init", "--port", "abc"], "'abc' is not a valid int"),
    (["init", "--bogus"], "No such option: --bogus"),
    (["init", "--python", "abc", "--yes"], "Invalid python 'abc'"),
    (["init", "--ci", "circle", "--yes"], "circle"),
    (["check", "--format", "xml"], "'xml' is not one of 'text', 'json', 'sarif'"),
    (["check", "--fail-on", "all"], "'all' is not one of"),
    (["inspect", "--jsn"], "No such option"),
    (["lock", "--force", "--bogus"], "No such option: --bogus"),
])
def test_usage_errors_share_one_form_and_one_exit_code(tmp_path: Path, args: list[str], needle: str) -> None:
    root = build_tree(tmp_path / "p", {**SCRIPT, "Dockerfile": "FROM python:3.13-slim\n"})
    out = _fails(root, args, ExitCode.USAGE, needle, "--help")
    assert out.startswith("error: ")


@pytest.mark.parametrize("files, needle", [
    ({"app.py": "print(1)\n", "Procfile": 'web: gunicorn "app:app\n'}, "Procfile:1: cannot read the command"),
    ({"Pipfile": "[packages]\nflask = '*'\n", "Pipfile.lock": '{"_meta": "x", "default": {}}'},
     "_meta must be a table, not a string"),
    ({"Pipfile": "[packages]\nflask = '*'\n", "Pipfile.lock": '{"_meta": {}, "default": {"flask": {"version": 3}}}'},
     "default.flask.version must be a string"),
    ({"pyproject.toml": "[tool.poetry]\nname = 'x'\nversion = '1'\n[tool.poetry.dependencies]\npython = '^3.11'\n",
      "poetry.lock": "metadata = 'x'\n"}, "metadata must be a table"),
    ({"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\ndependencies = ['flask']\n",
      "uv.lock": "version = 1\n[[package]]\nname = 'flask'\nversion = 2024-01-01\n"},
     "package[0].version must be a string, not date (2024-01-01)"),
    ({"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n[tool.pdm]\ndev-dependencies = ['pytest']\n"},
     "tool.pdm.dev-dependencies must be a table, not an array."),
])
def test_odd_project_files_are_clear_errors(tmp_path: Path, files: dict[str, str], needle: str) -> None:
    root = build_tree(tmp_path / "p", {**SCRIPT, **files})
    out = _fails(root, ["init", "--yes", "--offline"], ExitCode.BAD_PROJECT, needle)
    assert "[" not in out.split("error: ", 1)[1].split("hint:")[0].replace("package[0]", "") or "tool.pdm" in out


def test_a_file_where_a_folder_is_needed_says_so(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**SCRIPT, ".github": "not a folder\n"})
    out = _fails(root, ["init", "--yes", "--offline", "--ci", "github"], ExitCode.WRITE_FAILED, ".github is a file")
    assert "free space" not in out


def test_a_dockerfile_linked_to_a_device_or_binary_is_named(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", SCRIPT)
    os.symlink("/dev/zero", root / "Dockerfile")
    _fails(root, ["check"], ExitCode.BAD_PROJECT, "Dockerfile is not a regular file")
    (root / "Dockerfile").unlink()
    (root / "Dockerfile").write_bytes(b"FROM x\n\x00\x01\x02")
    _fails(root, ["check"], ExitCode.BAD_PROJECT, "Dockerfile is a binary file")
