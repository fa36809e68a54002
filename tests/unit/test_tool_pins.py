"""DG2121: the server and package manager dockergen pins install on the image's Python minor."""

import pytest

from dockergen import generate
from dockergen.versions import (
    GUNICORN_VERSION,
    OLDER_MINOR_PINS,
    PINS_NEED_MINOR,
    PIPENV_VERSION,
    UVICORN_VERSION,
    pin_for_minor,
)


def _dockerfile(root, **options):
    return {f.path: f.content for f in generate(root, dry_run=True, **options).files}["Dockerfile"]


@pytest.mark.parametrize(("name", "pinned", "minor", "expected"), [
    ("gunicorn", GUNICORN_VERSION, "3.13", GUNICORN_VERSION),
    ("gunicorn", GUNICORN_VERSION, PINS_NEED_MINOR, GUNICORN_VERSION),
    ("gunicorn", GUNICORN_VERSION, "3.9", "23.0.0"),
    ("gunicorn", GUNICORN_VERSION, "3.6", "21.2.0"),
    ("uvicorn", UVICORN_VERSION, "3.9", "0.39.0"),
    ("uvicorn", UVICORN_VERSION, "3.8", "0.33.0"),
    ("uvicorn", UVICORN_VERSION, "3.7", "0.22.0"),
    ("pipenv", PIPENV_VERSION, "3.6", "2022.4.20"),
    ("pipenv", PIPENV_VERSION, "2.7", "2022.4.20"),  # older than any release known: the oldest
    ("PasteDeploy", "3.1.0", "3.8", "3.1.0"),
    ("not-a-tool", "1.0", "3.7", "1.0"),
    ("gunicorn", GUNICORN_VERSION, "latest", GUNICORN_VERSION),
])
def test_pin_for_minor(name, pinned, minor, expected):
    assert pin_for_minor(name, pinned, minor) == expected


def test_table_is_newest_first_and_below_the_pins():
    for name, releases in OLDER_MINOR_PINS.items():
        minors = [tuple(map(int, m.split("."))) for m, _ in releases]
        assert minors == sorted(minors, reverse=True), name
        assert all(m < tuple(map(int, PINS_NEED_MINOR.split("."))) for m in minors), name


def test_era_flask_app_gets_a_gunicorn_that_installs_on_its_python(tmp_path):
    (tmp_path / "requirements.txt").write_text("flask==1.1.2\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    (tmp_path / "runtime.txt").write_text("python-3.8.10\n")
    old = _dockerfile(tmp_path)
    assert "gunicorn==23.0.0" in old and f"gunicorn=={GUNICORN_VERSION}" not in old
    assert "DG2121" in old
    (tmp_path / "runtime.txt").unlink()
    new = _dockerfile(tmp_path)
    assert f"gunicorn=={GUNICORN_VERSION}" in new and "DG2121" not in new


def test_era_pipenv_project_runs_a_pipenv_that_supports_its_python(tmp_path):
    (tmp_path / "Pipfile").write_text('[packages]\nfastapi = "==0.65.2"\n\n[requires]\npython_version = "3.9"\n')
    (tmp_path / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n")
    text = _dockerfile(tmp_path)
    assert "pipenv==2025.0.4" in text and f"pipenv=={PIPENV_VERSION}" not in text
    assert "uvicorn==0.39.0" in text
