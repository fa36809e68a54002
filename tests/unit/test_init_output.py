"""What `dockergen init` says: the choices in words, the next step with the real values,
--json with the same version key as inspect and check, and --check for drift in CI."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode
from dockergen.outcome import shown_command
from tests.conftest import build_tree, copy_fixture

runner = CliRunner()
FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n",
         ".python-version": "3.12\n", "pyproject.toml": '[project]\nname = "Shop_API"\nversion = "1"\n'}


def _init(*args: str) -> "object":
    return runner.invoke(app, ["init", "--yes", "--offline", *args])


def test_next_step_uses_the_real_port_and_image_name(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    result = _init("--port", "5000", str(root))
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("Next: docker build -t shop_api . && docker run --rm -p 5000:5000 shop_api")


def test_next_step_with_compose(tmp_path):
    project = copy_fixture("compose-flask-redis", tmp_path)
    result = _init("--compose", str(project))
    assert result.exit_code == 0, result.output
    assert "Next: docker compose up --build" in result.output


def test_a_worker_without_port_runs_without_publishing(tmp_path):
    project = copy_fixture("fw-celery", tmp_path)
    result = _init(str(project))
    next_line = result.output.strip().splitlines()[-1]
    assert next_line.startswith("Next: docker build -t ") and " -p " not in next_line


def test_no_next_step_on_a_dry_run(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    assert "Next:" not in _init("--dry-run", str(root)).output


def test_start_command_is_shown_as_typed_not_wrapped(tmp_path):
    project = copy_fixture("fw-starlette", tmp_path)
    result = _init(str(project))
    command = next(line for line in result.output.splitlines() if line.startswith("  command "))
    assert "sh -c" not in command and "exec" not in command and "tini" not in command
    assert command.startswith("  command uvicorn ") and command.endswith("--port 8000")


def test_shown_command_unwraps_the_port_wrapper_and_tini():
    wrapped = ["sh", "-c", 'exec "$@" --server.port "${PORT:-8501}"', "sh", "streamlit", "run", "my app.py"]
    assert shown_command(["/usr/bin/tini", "--"], wrapped) == "streamlit run 'my app.py' --server.port 8501"
    assert shown_command([], ["sh", "-c", "a && b"]) == "sh -c 'a && b'"  # a real shell command stays


def test_apt_packages_and_builder_are_explained(tmp_path):
    project = copy_fixture("native-psycopg2", tmp_path)
    result = _init(str(project))
    apt = next(line for line in result.output.splitlines() if line.startswith("  apt gcc"))
    assert "libpq-dev" in apt and "libpq5" in apt and "pg_config" in apt
    assert "  builder python (full image" in result.output
    assert "  apt tini (" in result.output


def test_wheel_check_result_is_reported(tmp_path):
    root = build_tree(tmp_path / "p", {**FLASK, "requirements.txt": "flask==3.1.0\n"})
    result = _init(str(root))
    assert "  wheels not checked (1 pin; offline" in result.output
    unpinned = _init(str(build_tree(tmp_path / "q", FLASK)))
    assert "  wheels not checked (no exact pins)" in unpinned.output


def test_init_json_lists_files_and_decisions(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    result = _init("--json", str(root))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["files"] == [{"path": "Dockerfile", "status": "created"}, {"path": ".dockerignore", "status": "created"}]
    assert (root / "Dockerfile").is_file()
    codes = {d["code"] for d in data["decisions"]}
    assert {"DG2002", "DG3001"} <= codes
    first = data["decisions"][0]
    assert re.fullmatch(r"DG\d{4}", first["code"]) and first["evidence"] and first["file"] == "Dockerfile"
    line = (root / first["file"]).read_text().splitlines()[first["line"] - 1]
    assert first["code"] in line
    assert data["next_step"].startswith("docker build -t shop_api .")
    assert any(c.startswith("python 3.12 (from .python-version") for c in data["choices"])


def test_every_json_output_versions_itself_with_the_same_key(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    init = json.loads(_init("--json", str(root)).output)
    inspect = json.loads(runner.invoke(app, ["inspect", "--json", "--offline", str(root)]).output)
    check = json.loads(runner.invoke(app, ["check", "--format", "json", "--fail-on", "error", str(root)]).output)
    for data in (init, inspect, check):
        assert data["schema_version"] == 1 and "version" not in data and data["dockergen_version"]


def test_check_passes_when_the_files_are_current(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    assert _init(str(root)).exit_code == 0
    result = runner.invoke(app, ["init", "--check", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    assert "identical   Dockerfile" in result.output


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_check_fails_with_the_diff_when_files_drift(tmp_path, change):
    root = build_tree(tmp_path / "p", FLASK)
    assert _init(str(root)).exit_code == 0
    before = (root / "Dockerfile").read_text()
    if change == "edit":
        (root / "Dockerfile").write_text(before.replace("USER 10001:10001", "USER root"))
    else:
        (root / ".dockerignore").unlink()
    result = runner.invoke(app, ["init", "--check", "--offline", str(root)])
    assert result.exit_code == ExitCode.DRIFT == 8, result.output
    if change == "edit":
        assert "-USER root\n+USER 10001:10001" in result.output and "Dockerfile (differs)" in result.output
    else:
        assert "+++ b/.dockerignore" in result.output and ".dockerignore (missing)" in result.output
        assert not (root / ".dockerignore").exists()  # --check writes nothing


def test_diff_stays_informative(tmp_path):
    root = build_tree(tmp_path / "p", FLASK)
    assert _init(str(root)).exit_code == 0
    (root / "Dockerfile").write_text("FROM python\n")
    result = runner.invoke(app, ["init", "--diff", "--offline", str(root)])
    assert result.exit_code == 0 and "+++ b/Dockerfile" in result.output
