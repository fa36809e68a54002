"""`dockergen verify` on the command line, where no engine is needed: usage errors, a missing
Dockerfile, a missing engine (exit 9 with an error and a hint, never a traceback)."""

from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode

runner = CliRunner()
FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}


def test_no_engine_exits_9_with_a_hint(tree, tmp_path):
    project = tree({**FLASK, "Dockerfile": "FROM python:3.13-slim\n"})
    result = runner.invoke(app, ["verify", str(project), "--engine", str(tmp_path / "no-such-docker")])
    assert result.exit_code == ExitCode.NO_ENGINE == 9
    assert "error: No container engine found" in result.output and "hint: Install Docker" in result.output
    assert "Traceback" not in result.output


def test_an_engine_that_does_not_answer_exits_9(tree, tmp_path):
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\necho 'Cannot connect to the Docker daemon' >&2\nexit 1\n")
    fake.chmod(0o755)
    project = tree({**FLASK, "Dockerfile": "FROM python:3.13-slim\n"})
    result = runner.invoke(app, ["verify", str(project), "--engine", str(fake)])
    assert result.exit_code == 9 and "Cannot connect to the Docker daemon" in result.output


def test_a_project_without_dockerfile_exits_4(tree):
    project = tree(FLASK)
    result = runner.invoke(app, ["verify", str(project), "--engine", "/bin/false"])
    assert result.exit_code == ExitCode.BAD_PROJECT and "dockergen init" in result.output


def test_bad_options_are_usage_errors(tree):
    project = tree({**FLASK, "Dockerfile": "FROM python:3.13-slim\n"})
    assert runner.invoke(app, ["verify", str(project), "--env", "NOEQUALS"]).exit_code == ExitCode.USAGE
    assert runner.invoke(app, ["verify", str(project), "--kind", "daemon"]).exit_code == ExitCode.USAGE


def test_fix_settings_are_validated(tree):
    project = tree({**FLASK, ".dockergen.toml": 'extra_writable_dirs = ["../etc"]\n'})
    result = runner.invoke(app, ["init", "--yes", str(project)])
    assert result.exit_code == ExitCode.BAD_CONFIG and "extra_writable_dirs" in result.output
    project = tree({**FLASK, ".dockergen.toml": 'extra_packages = ["not a requirement!"]\n'})
    assert runner.invoke(app, ["init", "--yes", str(project)]).exit_code == ExitCode.BAD_CONFIG
