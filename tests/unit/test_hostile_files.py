"""Class 2 of the hostile-project review: no file is lost through a symlink, --force or -o.

Each case is a tree an attacker (or an unlucky setup) leaves, then the real command; every file
of the tree must be byte-identical afterwards and nothing new may appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode, WriteError
from dockergen.write import atomic_write_all
from tests.conftest import build_tree
from tests.unit.test_bad_input import snapshot

runner = CliRunner()
FLASK = {"app.py": "from flask import Flask\napp = Flask(__name__)\n", "requirements.txt": "flask\n",
         ".gitignore": "*.pyc\n.venv/\n"}


def _refused(root: Path, args: list[str], *needles: str) -> str:
    before = snapshot(root)
    result = runner.invoke(app, [*args, str(root)])
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert snapshot(root) == before
    return result.output


@pytest.mark.parametrize("link, target", [
    (".dockerignore", ".gitignore"),  # a common setup: the ignore files shared
    ("Dockerfile", "app.py"),
    ("Dockerfile", "docker/Dockerfile"),  # inside the project, still another file
])
def test_force_never_writes_through_a_symlink(tmp_path: Path, link: str, target: str) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "docker/Dockerfile": "FROM scratch\n"})
    (root / link).symlink_to(target)
    _refused(root, ["init", "--yes", "--offline", "--force"], f"{link} is a symlink", "hint: Remove the link")


def test_a_symlinked_output_folder_is_not_written_through(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "deploy/keep.yaml": "x: 1\n"})
    (root / "k8s").symlink_to("deploy")
    _refused(root, ["init", "--yes", "--offline", "--kubernetes"], "k8s is a symlink")


def test_two_outputs_resolving_to_one_file_is_an_error(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", FLASK)
    (root / ".dockerignore").symlink_to("Dockerfile")  # dangling: both would be "created"
    _refused(root, ["init", "--yes", "--offline"], "same file")
    (root / "Dockerfile").write_text("FROM python:3.13-slim\n")
    _refused(root, ["init", "--yes", "--offline", "--force"], "same file")


@pytest.mark.parametrize("output", ["Dockerfile", "link-to-dockerfile", ".dockerignore"])
def test_check_output_never_replaces_what_it_checks(tmp_path: Path, output: str) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "Dockerfile": "FROM python:3.13-slim\nCMD [\"python\"]\n",
                                       ".dockerignore": ".env\n"})
    (root / "link-to-dockerfile").symlink_to("Dockerfile")
    before = snapshot(root)
    result = runner.invoke(app, ["check", "-o", str(root / output), str(root)])
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert "Refusing" in result.output and "hint:" in result.output
    assert snapshot(root) == before


def test_check_output_elsewhere_is_written(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "Dockerfile": "FROM python:3.13-slim\n"})
    result = runner.invoke(app, ["check", "--format", "json", "-o", str(tmp_path / "r.json"), str(root)])
    assert result.exit_code in (0, 7), result.output
    assert (tmp_path / "r.json").read_text().startswith("{")


def test_a_failed_multi_file_write_leaves_no_new_folder(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file where a folder is needed\n")
    with pytest.raises(WriteError):
        atomic_write_all([(tmp_path / "k8s" / "deep" / "a.yaml", "a\n"), (tmp_path / "blocker" / "b.yaml", "b\n")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_a_file_where_an_output_folder_belongs_is_named(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "k8s": "not a folder\n"})
    out = _refused(root, ["init", "--yes", "--offline", "--kubernetes"], "k8s is a file")
    assert "free space" not in out
