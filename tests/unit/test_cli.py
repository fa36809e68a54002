import json

from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode

runner = CliRunner()
FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}


def test_init_writes_files_and_reports_choices(tree):
    root = tree({**FLASK, ".python-version": "3.12\n"})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == 0, result.output
    assert "created     Dockerfile" in result.output
    assert "python 3.12 (from .python-version:1)" in result.output
    assert (root / "Dockerfile").exists() and (root / ".dockerignore").exists()
    again = runner.invoke(app, ["init", "--yes", str(root)])
    assert "identical   Dockerfile" in again.output and again.exit_code == 0


def test_existing_different_dockerfile_is_kept_and_exit_code_says_so(tree):
    root = tree({**FLASK, "Dockerfile": "FROM mine\n"})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == ExitCode.FILES_KEPT
    assert "kept" in result.output and "--force" in result.output
    assert (root / "Dockerfile").read_text() == "FROM mine\n"
    forced = runner.invoke(app, ["init", "--yes", "--force", str(root)])
    assert forced.exit_code == 0 and "overwritten Dockerfile" in forced.output


def test_dry_run_prints_and_writes_nothing(tree):
    root = tree(FLASK)
    result = runner.invoke(app, ["init", "--dry-run", str(root)])
    assert result.exit_code == 0
    assert "# syntax=docker/dockerfile:1" in result.output
    assert not (root / "Dockerfile").exists()


def test_overrides(tree):
    root = tree(FLASK)
    result = runner.invoke(app, ["init", "--yes", "--dry-run", "--python", "3.11", "--port", "9000",
                                 "--template", "slim", "--command", "python app.py", str(root)])
    assert result.exit_code == 0, result.output
    assert "ARG PYTHON_VERSION=3.11" in result.output and "EXPOSE 9000" in result.output
    assert 'CMD ["python", "app.py"]' in result.output


def test_missing_path_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["init", "--yes", str(tmp_path / "nope")])
    assert result.exit_code == ExitCode.BAD_PROJECT
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_malformed_pyproject_is_a_clear_error(tree):
    root = tree({"pyproject.toml": "[project\nname = 1\n"})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == ExitCode.BAD_PROJECT
    assert "pyproject.toml is not valid TOML" in result.output
    assert not (root / "Dockerfile").exists()


def test_inspect_json_has_schema_version_and_evidence(tree):
    root = tree({**FLASK, ".python-version": "3.11\n"})
    result = runner.invoke(app, ["inspect", "--json", str(root)])
    data = json.loads(result.output)
    assert data["schema_version"] == 1
    assert data["facts"]["python_version"] == {"value": "3.11", "source": "detected", "evidence": ".python-version:1"}
    assert data["facts"]["app"]["value"]["spec"] == "app:app"


def test_explain(tree):
    assert "Dependencies install before" in runner.invoke(app, ["explain", "DG2002"]).output
    assert runner.invoke(app, ["explain", "DG0000"]).exit_code == ExitCode.USAGE
    assert "DG3001" in runner.invoke(app, ["explain"]).output


def test_nothing_to_start_is_an_error_naming_where_it_looked_and_the_flag(tree):
    """Issue 16: never a placeholder CMD; --yes stops and names --command (DG1090)."""
    root = tree({"requirements.txt": "idna\n", "lib/helpers.py": "x = 1\n"})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == 4, result.output
    assert "Found nothing to start" in result.output and "README" in result.output
    assert "--command" in result.output
    assert not (root / "Dockerfile").exists()
    ok = runner.invoke(app, ["init", "--yes", "--command", "python -m lib.helpers", str(root)])
    assert ok.exit_code == 0, ok.output
