"""Issues 15 and 16: rules that real projects broke, each proven on a fixture of our own.

Each test builds dockergen's image and shows the rule is what makes it work: the same project
with the rule's decision overridden fails for the reason the rule names.
"""

from __future__ import annotations

import time

import pytest

from dockergen import generate
from tests.conftest import build_tree, copy_fixture
from tests.unit.test_as_of import git_commit

pytestmark = pytest.mark.docker


def _crashes(docker, containers, tag: str, port: int, needle: str) -> None:
    name = docker.start(tag)
    containers.append(name)
    deadline = time.monotonic() + 60
    while docker.running(name) and time.monotonic() < deadline:
        assert docker.http_get(name, port, "/")[0] != 200, "the app unexpectedly answers"
        time.sleep(0.5)
    assert not docker.running(name)
    assert needle in docker.logs(name)


def test_era_minor_runs_code_a_newer_python_removed(docker, containers, image_tag, tmp_path):
    """DG2110: a spring-2023 project that imports cgi gets Python 3.11, not 3.13 (no cgi)."""
    project = copy_fixture("era-cgi", tmp_path)
    git_commit(project, "2023-05-10T12:00:00Z")
    report = generate(project)
    assert any(line.startswith("python 3.11") and "DG2110" in line for line in report.summary), report.summary
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.split()[:2]) == (200, ["era", "ok"])

    generate(project, python="3.13", debian="trixie", force=True)  # what the image ran before the rule
    docker.build(project, image_tag + "-new")
    _crashes(docker, containers, image_tag + "-new", 8000, "No module named 'cgi'")


def test_app_with_an_unbuildable_backend_installs_its_dependencies(docker, containers, image_tag, tmp_path):
    """DG2112: hatchling cannot build this app; its dependencies are installed, the app runs from /app."""
    project = copy_fixture("app-hatchling", tmp_path)
    generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "DG2112" in dockerfile and "--link-mode=copy ." not in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "<p>todo ok</p>")


def test_readme_command_starts_a_module_on_its_port(docker, containers, image_tag, tmp_path):
    """DG1090: no app object in the code; the README's `python -m service --port 8050` starts it."""
    project = copy_fixture("readme-module-app", tmp_path)
    report = generate(project)
    assert "port 8050 (from README.md:8 (DG1090))" in report.summary
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8050, "/")
    assert (status, body.strip()) == (200, "service ok")


def test_procfile_worker_class_is_installed_through_the_servers_extra(docker, containers, image_tag, tmp_path):
    """DG1093: `gunicorn -k gevent` from the Procfile; gunicorn and gevent come from the prod extra."""
    project = copy_fixture("procfile-gevent-extra", tmp_path)
    generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "--extra prod" in dockerfile and "'gunicorn[gevent]'" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert status == 200 and body.startswith("gevent ok")


def test_a_dependency_importing_pkg_resources_gets_a_setuptools_with_it(docker, containers, image_tag, tmp_path):
    """DG2113: gunicorn 20.1 imports pkg_resources; the builder adds setuptools<82 for it."""
    project = copy_fixture("pkg-resources-gunicorn", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "pkg_resources ok")

    dockerfile = project / "Dockerfile"  # the same image without the DG2113 step crashes
    text = dockerfile.read_text()
    start = text.index("\n# DG2113:")
    end = text.index("    fi\n", start) + len("    fi\n")
    dockerfile.write_text(text[:start] + "\n" + text[end:])
    docker.build(project, image_tag + "-without")
    _crashes(docker, containers, image_tag + "-without", 8000, "No module named 'pkg_resources'")


def test_binary_database_drivers_build_with_no_apt_step(docker, containers, image_tag, tmp_path):
    """DG1095: psycopg[binary], psycopg2-binary and PyMySQL ship their libraries (or need none):
    no apt step in either stage, and the app imports psycopg on its bundled libpq."""
    project = copy_fixture("native-binary-wheels", tmp_path)
    generate(project, offline=True)
    dockerfile = (project / "Dockerfile").read_text()
    assert "apt-get" not in dockerfile and "libpq5" not in dockerfile
    assert "# DG1095: psycopg needs no Debian package" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert status == 200 and body.startswith("drivers ok: psycopg 3.2.3 (binary, libpq "), body
    assert "psycopg2 2.9.10 pymysql 1.1.1 (pymysql)" in body
    libpq = docker.run_once(image_tag, "sh", "-c", "dpkg-query -W libpq5 2>/dev/null || echo none", entrypoint="")
    assert libpq.stdout.strip() == "none", libpq.stdout


def test_private_index_from_environment_references_builds_with_secrets(docker, containers, image_tag, tmp_path):
    """DG1097: the index URL's ${VAR}s reach the install as BuildKit secrets, never a layer."""
    project = copy_fixture("private-index-env", tmp_path)
    generate(project, offline=True)
    dockerfile = (project / "Dockerfile").read_text()
    for name in ("PIP_INDEX_USER", "PIP_INDEX_TOKEN", "PIP_INDEX_HOST"):
        assert f"--mount=type=secret,id={name},required=true" in dockerfile
    token = "e2e-token-8c1f"  # PyPI ignores the credentials; the host must be expanded to be found
    values = {"PIP_INDEX_USER": "__token__", "PIP_INDEX_TOKEN": token, "PIP_INDEX_HOST": "pypi.org"}
    secrets = {}
    for name, value in values.items():
        (tmp_path / name).write_text(value)
        secrets[name] = tmp_path / name
    docker.build(project, image_tag, secrets=secrets)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert (status, body.strip()) == (200, "private index ok")
    history = docker.run("history", "--no-trunc", image_tag).stdout + docker.run("image", "inspect", image_tag).stdout
    assert token not in history
    found = docker.run_once(image_tag, "sh", "-c", f"grep -rl {token} /app /opt/venv /etc /home 2>/dev/null || true",
                            entrypoint="")
    assert found.stdout.strip() == ""

    # The same image without the rule's variables: uv sees the literal ${PIP_INDEX_HOST} and fails.
    text = (project / "Dockerfile").read_text()
    bare = "".join(line for line in text.splitlines(keepends=True) if '="$(cat /run/secrets/' not in line)
    assert bare != text
    (project / "Dockerfile").write_text(bare)
    with pytest.raises(AssertionError, match=r"Failed to fetch: https://\$\{pip_index_host\}/simple/"):
        docker.build(project, image_tag + "-bare", secrets=secrets)


def test_psycopg_c_extra_compiles_against_libpq_in_the_builder(docker, containers, image_tag, tmp_path):
    """DG1095: psycopg[c] pulls in psycopg-c (an sdist): gcc and libpq-dev in the builder, libpq5 at run time."""
    project = copy_fixture("native-psycopg-c", tmp_path)
    generate(project, offline=True)
    dockerfile = (project / "Dockerfile").read_text()
    assert "FROM python:${PYTHON_VERSION}-bookworm AS builder" in dockerfile and "libpq-dev" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/")
    assert status == 200 and body.startswith("psycopg ok: 3.2.3 (c, libpq 15"), body
    tools = docker.run_once(image_tag, "sh", "-c", "command -v gcc cc pg_config || true", entrypoint="")
    assert tools.stdout.strip() == ""


UWSGI_APP = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    import uwsgi  # importable only inside a running uWSGI: the compiled server really serves

    return f"served by uWSGI {uwsgi.version.decode()}\\n"
"""


def test_a_source_only_range_gets_a_builder_that_compiles_it(docker, containers, image_tag, tmp_path, monkeypatch):
    """DG2115 + DG2116: ``uwsgi>=2.0.17,<2.1`` (no wheels, ever) resolves to its newest release on
    the real index, an sdist, so the builder is the full image with its compilers; the slim builder
    that dockergen chose before DG2115 fails the build ("gcc: not found")."""
    monkeypatch.delenv("DOCKERGEN_OFFLINE")
    project = build_tree(tmp_path / "uwsgi-range", {
        "requirements.txt": "flask==3.1.0\nuwsgi>=2.0.17,<2.1\n", "app.py": UWSGI_APP,
        "Procfile": "web: uwsgi --http-socket :$PORT --master --processes 1 --module app:app\n"})
    offline = {f.path: f.content for f in generate(project, dry_run=True, offline=True).files}["Dockerfile"]
    assert "-slim-trixie AS builder" in offline  # without the index nothing says uWSGI must compile
    report = generate(project, offline=False)
    dockerfile = (project / "Dockerfile").read_text()
    assert "FROM python:${PYTHON_VERSION}-trixie AS builder" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert status == 200 and body.startswith("served by uWSGI 2.0."), (body, report.warnings)
    # DG2119: uWSGI 2.0 reloads on SIGTERM; UWSGI_DIE_ON_TERM makes docker stop's SIGTERM stop it.
    assert 'ENV UWSGI_DIE_ON_TERM="true"' in dockerfile
    assert docker.stop(name, timeout=10) < 8 and docker.exit_code(name) != 137, docker.logs(name)
    without = docker.start(image_tag, env={"UWSGI_DIE_ON_TERM": "false"})  # the rule turned off
    containers.append(without)
    assert docker.wait_http(without, 8000, "/", timeout=90)[0] == 200
    assert docker.stop(without, timeout=6) >= 5.5 and docker.exit_code(without) == 137  # reloaded, then killed


def test_a_pure_python_sdist_keeps_the_slim_builder_and_builds(docker, containers, image_tag, tmp_path, monkeypatch):
    """DG2118: Flask-Mail 0.9.1 never published a wheel, but its sdist is pure Python: the slim
    builder (no compiler) builds it, with no DG2116/DG2027 warning, and the app imports it."""
    monkeypatch.delenv("DOCKERGEN_OFFLINE")
    project = copy_fixture("pure-sdist-dependency", tmp_path)
    report = generate(project, offline=False)
    dockerfile = (project / "Dockerfile").read_text()
    assert "FROM python:${PYTHON_VERSION}-slim-trixie AS builder" in dockerfile
    assert "# DG2118: no wheel for Python 3.13: flask-mail==0.9.1; its sdist is pure Python" in dockerfile
    assert not [w for w in report.warnings if "DG2116" in w or "DG2027" in w], report.warnings
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert status == 200 and body.strip() == "mail ready: 0.9.1", body
