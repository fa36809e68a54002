"""Build each core template's fixture with a real engine, run it, and call it."""

from __future__ import annotations

import json

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker


def test_flask_fixture_answers_and_runs_as_non_root(docker, containers, image_tag, tmp_path):
    project = copy_fixture("flask-basic", tmp_path)
    report = generate(project)
    assert "template flask (from app.py: app:app)" in report.summary
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert status == 200
    assert json.loads(body) == {"message": "hello from flask", "user": 10001}
    assert docker.exec(name, "sh", "-c", "touch /app/probe").returncode != 0  # code is read-only
    assert docker.exec(name, "sh", "-c", "touch /app/instance/probe").returncode == 0  # Flask's instance/
    assert docker.exec(name, "sh", "-c", 'test -w "$HOME"').returncode == 0
    assert docker.stop(name) < 5


def test_flask_warm_rebuild_reuses_dependency_layer(docker, image_tag, tmp_path):
    project = copy_fixture("flask-basic", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    app = project / "app.py"
    app.write_text(app.read_text().replace("hello from flask", "hello again"))
    warm = docker.build(project, image_tag)
    assert warm.step_cached(r"uv pip install .*-r requirements.txt")


def test_script_fixture_prints_and_exits(docker, image_tag, tmp_path):
    project = copy_fixture("script-requests", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    result = docker.run_once(image_tag)
    assert result.returncode == 0, result.stderr
    assert "script ok: idna 3.10 on Python 3.13" in result.stdout


def test_package_fixture_multi_stage_has_no_installer_in_runtime(docker, image_tag, tmp_path):
    project = copy_fixture("package-cli", tmp_path)
    report = generate(project)
    assert report.summary[0].startswith("template multi-stage")
    docker.build(project, image_tag)
    result = docker.run_once(image_tag)
    assert result.returncode == 0, result.stderr
    assert "greeter ok: example.org" in result.stdout
    tools = docker.run_once(image_tag, "sh", "-c", "command -v uv pip gcc cc poetry || true", entrypoint="")
    assert tools.stdout.strip() == ""
    assert docker.run_once(image_tag, "id", "-u", entrypoint="").stdout.strip() == "10001"
    labels = docker.inspect_image(image_tag)["Config"]["Labels"]  # DG3006, from [project]
    assert labels["org.opencontainers.image.title"] == "greeter"
    assert labels["org.opencontainers.image.version"] == "0.1.0"
    assert labels["org.opencontainers.image.description"] == "A tiny packaged app"
