"""`dockergen verify` with a real engine: it passes good images (web, CLI, worker), fails broken
ones at the right stage with the right diagnosis, and `--fix` repairs what it knows through
[tool.dockergen] so that a plain `dockergen init --yes` reproduces the passing Dockerfile.

The testbed has no registry and no bridge network: every run uses --strip-syntax and
--build-network host, which the report must say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_tree, copy_fixture

from .verify_projects import BROKEN, HANDWRITTEN

pytestmark = pytest.mark.docker
TESTBED = ("--strip-syntax", "--build-network", "host")


def dockergen(docker, *args: str, timeout: float = 900, online: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DOCKER": docker.exe, "DOCKERGEN_OFFLINE": "0" if online else "1"}
    return subprocess.run([sys.executable, "-m", "dockergen", *args], capture_output=True, text=True,
                          env=env, timeout=timeout, check=False)


def verify(docker, project: Path, *args: str, online: bool = False) -> tuple[int, dict, str]:
    result = dockergen(docker, "verify", str(project), "--json", *TESTBED, "--timeout", "60", *args, online=online)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise AssertionError(f"no JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}") from None
    return result.returncode, report, result.stderr


def init(docker, project: Path, online: bool = False) -> None:
    result = dockergen(docker, "init", "--yes", str(project), online=online)
    assert result.returncode == 0, result.stderr


def broken(name: str, tmp_path: Path, table: dict = BROKEN) -> Path:
    return build_tree(tmp_path / name, table[name])


@pytest.mark.parametrize(("fixture", "kind", "port", "stopped"), [
    ("flask-basic", "web", 8000, True), ("fw-cli", "cli", None, False), ("fw-bot", "worker", None, True),
])
def test_good_images_pass(docker, tmp_path, fixture, kind, port, stopped):
    project = copy_fixture(fixture, tmp_path)
    init(docker, project)
    code, report, stderr = verify(docker, project)
    assert code == 0, report
    assert report["schema_version"] == 1 and report["ok"] is True and report["stage"] is None
    assert (report["kind"], report["port"]) == (kind, port)
    assert report["user"] == "10001:10001" and report["image_size"] > 50_000_000
    assert report["build_seconds"] > 0 and report["startup_seconds"] > 0
    assert (report["stop_seconds"] is not None) == stopped
    assert report["diagnosis"] is None and "DG9001" in report["decisions"] and "DG3001" in report["decisions"]
    assert any("--strip-syntax" in note for note in report["notes"])
    assert "building" in stderr  # progress goes to stderr, the JSON alone to stdout
    assert report["image"] is None and not docker.has_image(f"dockergen-verify/{fixture}")


def test_text_report_and_keep(docker, tmp_path):
    project = copy_fixture("flask-basic", tmp_path)
    init(docker, project)
    result = dockergen(docker, "verify", str(project), *TESTBED, "--keep")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("verify: passed (web, port 8000)")
    assert "user      10001:10001" in result.stdout and "HTTP 200 on /" in result.stdout
    code, report, _ = verify(docker, project, "--keep")
    try:
        assert code == 0 and docker.has_image(report["image"])
    finally:
        docker.run("rmi", "-f", report["image"], check=False)


@pytest.mark.parametrize(("name", "stage", "code", "cause"), [
    ("undeclared", "start", "DG4001", "does not declare PyYAML"),
    ("writable", "start", "DG4005", "store/visits.log"),
    ("envvar", "start", "DG4007", "API_TOKEN (read at app.py:5)"),
    ("oldpy", "start", "DG4002", "imp was removed in Python 3.12"),
    ("noserver", "start", "DG4001", "cheroot"),
    ("loopback", "answer", "DG4006", "127.0.0.1:8000 only"),
    ("otherport", "answer", "DG4013", "0.0.0.0:5000"),
    ("servererror", "answer", "DG4011", "HTTP 500"),
    ("oldpin", "build", "DG4002", "distutils was removed"),
    ("drift", "start", "DG4015", "werkzeug.urls has no url_quote"),
])
def test_broken_images_fail_with_the_right_diagnosis(docker, tmp_path, name, stage, code, cause):
    project = broken(name, tmp_path)
    init(docker, project)
    before = (project / "Dockerfile").read_text()
    status, report, _ = verify(docker, project, "--timeout", "15" if name == "otherport" else "60")
    assert status == 9, report
    assert report["ok"] is False and report["stage"] == stage
    assert report["diagnosis"]["code"] == code, report["diagnosis"]
    assert cause in report["diagnosis"]["cause"]
    assert len(report["diagnosis"]["log"]) <= 15
    if stage in ("build", "start"):  # what the log said: the lines that show it
        assert any(word in "\n".join(report["diagnosis"]["log"]) for word in ("Error", "FATAL", "error", "No module named"))
    assert (project / "Dockerfile").read_text() == before  # without --fix nothing is written


@pytest.mark.parametrize(("name", "code"), [("root", "DG4010"), ("sigterm", "DG4009")])
def test_handwritten_dockerfiles(docker, tmp_path, name, code):
    project = broken(name, tmp_path, HANDWRITTEN)
    status, report, _ = verify(docker, project, "--stop-timeout", "2", "--settle", "1")
    assert status == 9 and report["diagnosis"]["code"] == code, report
    assert report["stage"] == ("start" if code == "DG4010" else "stop")
    refused = dockergen(docker, "verify", str(project), *TESTBED, "--fix")
    assert refused.returncode == 4 and "not written by dockergen" in refused.stderr


def test_env_is_given_to_the_run_only(docker, tmp_path):
    project = broken("envvar", tmp_path)
    init(docker, project)
    (tmp_path / "run.env").write_text("OTHER=1\n")
    code, report, _ = verify(docker, project, "--env", "API_TOKEN=not-in-the-image", "--env-file",
                             str(tmp_path / "run.env"), "--keep")
    try:
        assert code == 0 and report["ok"], report
        env = docker.inspect_image(report["image"])["Config"]["Env"]
        assert not any("API_TOKEN" in item or "OTHER" in item for item in env)
    finally:
        docker.run("rmi", "-f", report["image"], check=False)


@pytest.mark.parametrize(("name", "setting"), [
    ("undeclared", {"extra_packages": ["PyYAML"]}),
    ("writable", {"extra_writable_dirs": ["store"]}),
    ("oldpy", {"python": "3.11"}),
    ("noserver", {"extra_packages": ["cheroot"]}),
    ("otherport", {"port": 5000}),
    ("drift", {"as_of": "2023-02-16"}),  # the day after Flask 2.2.3's upload: asks the index (online)
])
def test_fix_repairs_and_persists(docker, tmp_path, name, setting):
    import tomllib

    online = name == "drift"
    project = broken(name, tmp_path)
    init(docker, project, online=online)
    status, report, _ = verify(docker, project, "--fix", online=online)
    assert status == 0 and report["ok"], report
    assert report["rounds"] == 2 and report["fixes"].items() >= setting.items()
    config_file = project / ("pyproject.toml" if (project / "pyproject.toml").exists() else ".dockergen.toml")
    saved = tomllib.loads(config_file.read_text())
    saved = saved.get("tool", {}).get("dockergen", saved)
    assert saved.items() >= setting.items()
    fixed = (project / "Dockerfile").read_text()
    again = dockergen(docker, "init", "--yes", str(project), online=online)
    assert again.returncode == 0 and "identical" in again.stdout.split("\n")[0], again.stdout
    assert (project / "Dockerfile").read_text() == fixed
    status, plain, _ = verify(docker, project, online=online)  # the saved settings alone make it pass
    assert status == 0 and plain["ok"] and plain["rounds"] == 1


def test_fix_without_a_remedy_puts_the_files_back(docker, tmp_path):
    project = broken("loopback", tmp_path)
    init(docker, project)
    before = {p: (project / p).read_text() for p in ("Dockerfile", ".dockerignore", ".dockergen.toml")}
    status, report, _ = verify(docker, project, "--fix")
    assert status == 9 and report["diagnosis"]["code"] == "DG4006"
    assert any("no automatic remedy for DG4006" in note for note in report["notes"])
    assert {p: (project / p).read_text() for p in before} == before


def test_init_verify_generates_then_verifies(docker, tmp_path):
    project = copy_fixture("fw-cli", tmp_path)
    result = dockergen(docker, "init", "--yes", "--verify", *TESTBED, str(project))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created     Dockerfile" in result.stdout and "verify: passed (cli)" in result.stdout


def test_a_container_that_prints_forever_keeps_its_log_under_the_cap(docker, tmp_path, image_tag):
    """verify (and this harness, through the same engine) caps a container's log: a start that
    prints without end (`yes` given the wrong words) must not fill the engine's disk while it waits."""
    import time

    from dockergen.verify.engine import LOG_CAP

    project = build_tree(tmp_path / "loud", {"Dockerfile": "FROM python:3.13-slim\nCMD [\"yes\", \"loud\"]\n"})
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    try:
        time.sleep(4)
        path = docker.run("inspect", "-f", "{{.LogPath}}", name, check=True).stdout.strip()
        config = docker.run("inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", name, check=True).stdout
        assert json.loads(config) == {"max-size": LOG_CAP}
        assert Path(path).stat().st_size <= 20 * 1024 * 1024 + 1024 * 1024  # one file, at most the cap
    finally:
        docker.run("rm", "-f", name)
