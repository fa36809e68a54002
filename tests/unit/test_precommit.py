"""The shipped pre-commit hooks, run by pre-commit itself (`pre-commit try-repo` on this
checkout) in a scratch git repository: they pass on current files and fail, naming the
problem, on a drifted Dockerfile and on one with findings. pre-commit installs dockergen from
this checkout into its own environment (from the package index), as it does for users."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.conftest import REPO, copy_fixture

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def _git_env(home) -> dict[str, str]:
    # No user or system git config (no hooks, aliases or fsmonitor commands from this machine).
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "PRE_COMMIT_HOME": str(home),
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "NO_COLOR": "1", "DOCKERGEN_OFFLINE": "1"}


def _git(repo, env, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _try_repo(repo, env) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--all-files", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_hook_definitions_name_real_commands():
    assert {h["id"] for h in HOOKS} == {"dockergen-check", "dockergen-init-check"}
    for hook in HOOKS:
        assert hook["language"] == "python" and hook["entry"].startswith("dockergen ")
    init_check = next(h for h in HOOKS if h["id"] == "dockergen-init-check")
    assert init_check["pass_filenames"] is False  # it checks the project, not single files


def test_pre_commit_runs_the_hooks(tmp_path):
    env = _git_env(tmp_path / "pre-commit-home")
    repo = copy_fixture("flask-basic", tmp_path)
    _git(repo, env, "init", "-q", ".")
    from typer.testing import CliRunner

    from dockergen.cli import app

    assert CliRunner().invoke(app, ["init", "--yes", "--offline", str(repo)]).exit_code == 0
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "generated")
    passed = _try_repo(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "dockergen check" in passed.stdout and "dockergen init --check" in passed.stdout
    assert passed.stdout.count("Passed") == 2, passed.stdout

    dockerfile = repo / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text().replace("USER 10001:10001\n", ""))
    failed = _try_repo(repo, env)
    assert failed.returncode != 0
    assert failed.stdout.count("Failed") == 2, failed.stdout
    assert "Not what `dockergen init` would write now: Dockerfile (differs)" in failed.stdout  # init --check
    assert "DG3001" in failed.stdout  # check: runs as root
