"""Every template renders, matches its golden file, and passes hadolint with no findings."""

import json
import re

import pytest

from dockergen import generate
from tests.conftest import assert_golden, hadolint

FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef index():\n    return 'ok'\n"

CASES = {
    "slim-script": {".python-version": "3.13\n", "requirements.txt": "requests==2.32.3\n", "main.py": "print('hi')\n"},
    "slim-no-deps": {"main.py": "print('hi')\n"},
    "multi-stage-package": {
        "pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                          '[project]\nname="tool"\nversion="1.0"\nrequires-python=">=3.11"\ndependencies=["click>=8"]\n',
        "tool/__init__.py": "", "main.py": "print('hi')\n",
    },
    "flask-requirements": {".python-version": "3.11\n", "requirements.txt": "flask==3.1.0\n", "app.py": FLASK_APP},
}


def _render(tree, name, **options):
    root = tree(CASES[name])
    report = generate(root, dry_run=True, **options)
    return {f.path: f.content for f in report.files}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(tree, name):
    files = _render(tree, name)
    assert_golden(f"{name}/Dockerfile", files["Dockerfile"])
    assert_golden(f"{name}/dockerignore", files[".dockerignore"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_hadolint_has_no_findings(tree, tmp_path, name):
    result = hadolint(_render(tree, name)["Dockerfile"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("name", sorted(CASES))
def test_best_practice_invariants(tree, name):
    text = _render(tree, name)["Dockerfile"]
    lines = text.splitlines()
    assert lines[0] == "# syntax=docker/dockerfile:1"  # rule 12
    froms = [l.split()[1] for l in lines if l.startswith("FROM ")]
    assert all(re.fullmatch(r"python:\$\{PYTHON_VERSION\}-(slim-)?(trixie|bookworm)", f) for f in froms)  # rule 1
    assert froms[-1].startswith("python:${PYTHON_VERSION}-slim-")  # runtime is slim
    assert re.search(r"^USER 10001:10001$", text, re.M)  # rule 19
    for line in lines:  # rule 24: exec form
        if line.startswith(("CMD ", "ENTRYPOINT ")):
            json.loads(line.split(" ", 1)[1])
    assert ":latest" not in text  # rule 5
    assert "chown -R" not in text  # rule 22
    install = text.find("uv pip install")
    copy_src = text.find("COPY . .")
    if install != -1:
        assert install < copy_src  # rule 8: dependencies before source


def test_flask_runs_gunicorn_on_detected_app(tree):
    text = _render(tree, "flask-requirements")["Dockerfile"]
    cmd = json.loads(re.search(r"^CMD (.*)$", text, re.M).group(1))
    assert cmd[0] == "gunicorn" and cmd[-1] == "app:app"
    assert "EXPOSE 8000" in text and 'ENV PORT="8000"' in text
    assert "gunicorn==" in text  # installed although requirements.txt omits it
    assert "HEALTHCHECK" in text


def test_server_package_not_added_when_project_pins_it(tree):
    root = tree({"requirements.txt": "flask\ngunicorn==22.0.0\n", "app.py": FLASK_APP})
    text = {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]
    assert "gunicorn==27" not in text


def test_no_healthcheck_option(tree):
    assert "HEALTHCHECK" not in _render(tree, "flask-requirements", healthcheck=False)["Dockerfile"]
