"""Class 1 of the hostile-project review: a repository whose own git config runs commands.

The attacker controls ``.git/config`` (and whatever it includes), hooks and ``.gitattributes``.
Every command that reads the project must leave the marker uncreated and ``.git/index``
byte-identical, mtime included, while git was still really consulted (the dependency date comes
from ``git log``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.inspection.git import changed_since_head, git_command
from tests.conftest import build_tree

runner = CliRunner()
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@b", "GIT_AUTHOR_DATE": "2024-03-01T10:00:00Z",
           "GIT_COMMITTER_DATE": "2024-03-01T10:00:00Z", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def hostile_repo(tmp_path: Path, extra: dict[str, str] | None = None, tag: str = "") -> tuple[Path, Path]:
    """A committed Flask project whose git config, include, hooks and attributes all run a script."""
    marker = tmp_path / "MARKER"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> {marker}\nexit 0\n", encoding="utf-8")
    script.chmod(0o755)
    root = build_tree(tmp_path / "proj", {
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "requirements.txt": "flask==3.0.0\ngunicorn==22.0.0\n",
        ".gitattributes": "* diff=evil filter=evil\n",
        **(extra or {}),
    })
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "init")
    if tag:
        _git(root, "tag", tag)
    included = tmp_path / "included.config"
    included.write_text(f"[core]\n\tfsmonitor = {script}\n\tsshCommand = {script}\n", encoding="utf-8")
    with open(root / ".git" / "config", "a", encoding="utf-8") as config:
        config.write(
            f"[core]\n\tfsmonitor = {script}\n\tpager = {script}\n\thooksPath = {tmp_path / 'hooks'}\n"
            f"[include]\n\tpath = {included}\n"
            f"[diff]\n\texternal = {script}\n[diff \"evil\"]\n\ttextconv = {script}\n\tcommand = {script}\n"
            f"[filter \"evil\"]\n\tclean = {script}\n\tsmudge = {script}\n\tprocess = {script}\n"
            f"[pager]\n\tlog = {script}\n\tdescribe = {script}\n"
            f"[log]\n\tshowSignature = true\n[gpg]\n\tprogram = {script}\n"
            f"[credential]\n\thelper = !{script}\n[alias]\n\tlog = !{script}\n")
    (tmp_path / "hooks").mkdir()
    for hooks in (tmp_path / "hooks", root / ".git" / "hooks"):
        for hook in ("post-index-change", "post-checkout", "pre-auto-gc", "reference-transaction", "fsmonitor-watchman"):
            shutil.copy(script, hooks / hook)
    return root, marker


def _index_state(root: Path) -> tuple[bytes, int]:
    index = root / ".git" / "index"
    return index.read_bytes(), index.stat().st_mtime_ns


@pytest.mark.parametrize("args", [
    ["init", "--dry-run", "--yes", "--offline"],
    ["init", "--diff", "--yes", "--offline"],
    ["inspect", "--offline"],
    ["check"],
])
def test_repository_config_runs_nothing(tmp_path: Path, args: list[str]) -> None:
    root, marker = hostile_repo(tmp_path)
    if args[0] == "check":
        (root / "Dockerfile").write_text("FROM python:3.13-slim\nCOPY . .\nCMD [\"python\", \"app.py\"]\n")
    # make the work tree look changed to git's stat check, which is when status would refresh
    os.utime(root / "requirements.txt", ns=(1, 1))
    before = _index_state(root)
    result = runner.invoke(app, [*args, str(root)])
    assert result.exit_code in (0, 3, 7), result.output
    assert not marker.exists(), marker.read_text()
    assert _index_state(root) == before


def test_git_is_still_read(tmp_path: Path) -> None:
    """The neutralised git still answers: the dependency date comes from the commit."""
    root, marker = hostile_repo(tmp_path)
    os.utime(root / "requirements.txt", ns=(1, 1))  # same bytes, other stat: not a change
    result = runner.invoke(app, ["inspect", "--json", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    date = json.loads(result.output)["facts"]["dependency_date"]
    assert date["value"] == "2024-03-01T10:00:00Z", date
    assert not marker.exists()


def test_an_edit_is_seen_without_git_status(tmp_path: Path) -> None:
    root, marker = hostile_repo(tmp_path)
    assert not changed_since_head(root, ["requirements.txt"])
    (root / "requirements.txt").write_text("flask==3.0.1\n", encoding="utf-8")
    assert changed_since_head(root, ["requirements.txt"])
    assert not marker.exists()


def test_the_command_line_overrides_what_runs_programs() -> None:
    argv = git_command(Path("/p"), "log")
    joined = " ".join(argv)
    for setting in ("core.fsmonitor=false", "core.hooksPath=/dev/null", "diff.external=", "core.pager=cat"):
        assert setting in joined
    assert "--no-optional-locks" in argv and argv.index("log") > argv.index("-C")


def test_git_describe_runs_neutralised_too(tmp_path: Path) -> None:
    """The version from a tag (DG2017) comes from `git describe`, under the same neutral config."""
    pyproject = ('[build-system]\nrequires = ["setuptools", "setuptools-scm"]\nbuild-backend = "setuptools.build_meta"\n'
                 '[project]\nname = "x"\ndynamic = ["version"]\n')
    root, marker = hostile_repo(tmp_path, {"pyproject.toml": pyproject}, tag="v1.2.3")
    before = _index_state(root)
    result = runner.invoke(app, ["inspect", "--json", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["facts"]["vcs_version"]["value"] == "SETUPTOOLS_SCM_PRETEND_VERSION=1.2.3"
    assert not marker.exists()
    assert _index_state(root) == before
