"""Issue 10: a lockless project whose open transitive dependency moved on (Flask 2.2 +
Werkzeug 3) crashes with a plain install and answers with dockergen's as-of Dockerfile."""

from __future__ import annotations

import time

import pytest

from dockergen import generate
from tests.conftest import copy_fixture
from tests.unit.test_as_of import git_commit

pytestmark = pytest.mark.docker


def test_drifted_flask_app_starts_only_when_resolved_as_of_its_date(docker, containers, image_tag, tmp_path):
    project = copy_fixture("flask-drift", tmp_path)
    git_commit(project, "2023-03-15T10:00:00Z")

    report = generate(project)
    assert any(line.startswith("as of 2023-03-15T10:00:00Z") for line in report.summary)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "drift ok")
    werkzeug = docker.exec(name, "python", "-c", "import importlib.metadata as m; print(m.version('werkzeug'))")
    assert werkzeug.stdout.strip().startswith("2.")

    plain = generate(project, as_of="never", force=True)
    assert not any(line.startswith("as of") for line in plain.summary)
    docker.build(project, image_tag + "-plain")
    crashed = docker.start(image_tag + "-plain")
    containers.append(crashed)
    deadline = time.monotonic() + 60
    while docker.running(crashed) and time.monotonic() < deadline:
        assert docker.http_get(crashed, 8000, "/")[0] != 200, "the plain install unexpectedly works"
        time.sleep(0.5)
    assert not docker.running(crashed), "gunicorn should exit when its workers cannot import the app"
    assert "url_quote" in docker.logs(crashed)


def test_pins_date_a_project_whose_history_does_not(docker, containers, image_tag, tmp_path, monkeypatch):
    """DG2082: the same app committed last month (a history rewrite, a typo fix) is dated by its
    pins' upload times from the real index; the git date alone would leave Werkzeug open."""
    monkeypatch.delenv("DOCKERGEN_OFFLINE")
    project = copy_fixture("flask-drift", tmp_path)
    git_commit(project, "2026-11-01T10:00:00Z")
    assert not any(line.startswith("as of") for line in generate(project, dry_run=True, offline=True).summary)

    report = generate(project, offline=False)
    as_of = next(line for line in report.summary if line.startswith("as of "))
    assert as_of.startswith("as of 2023-02-16T00:00:00Z") and "flask==2.2.3" in as_of and "DG2082" in as_of
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "drift ok")
    werkzeug = docker.exec(name, "python", "-c", "import importlib.metadata as m; print(m.version('werkzeug'))")
    assert werkzeug.stdout.strip().startswith("2.")


def test_locked_drift_app_builds_from_its_hashed_lock(docker, containers, image_tag, tmp_path):
    from dockergen.lock import lock_project

    project = copy_fixture("flask-drift", tmp_path)
    git_commit(project, "2023-03-15T10:00:00Z")
    lock_project(project)
    report = generate(project)
    assert not any(line.startswith("as of") for line in report.summary)  # the lock decides now
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "drift ok")


def test_drifted_marshmallow_script_runs_only_as_of_its_date(docker, image_tag, tmp_path):
    project = copy_fixture("script-marshmallow-drift", tmp_path)
    git_commit(project, "2023-06-01T09:30:00Z")
    generate(project)
    docker.build(project, image_tag)
    ran = docker.run_once(image_tag)
    assert (ran.returncode, ran.stdout.strip()) == (0, "hello world"), ran.stderr

    generate(project, as_of="never", force=True)
    docker.build(project, image_tag + "-plain")
    plain = docker.run_once(image_tag + "-plain")
    assert plain.returncode != 0 and "unexpected keyword argument 'missing'" in plain.stderr
