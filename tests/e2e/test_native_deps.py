"""A requirement compiled from source (psycopg2, not -binary) on Python 3.11 / bookworm.

The build stage gets gcc and libpq-dev (DG2025) and the project gets two stages (DG2026);
the runtime image imports the compiled extension against libpq5 and has no compiler and no
-dev package.
"""

from __future__ import annotations

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker


def test_psycopg2_source_build_runs_on_slim_runtime_without_compilers(docker, image_tag, tmp_path):
    project = copy_fixture("native-psycopg2", tmp_path)
    report = generate(project, offline=True)
    assert report.summary[0].startswith("template multi-stage (from requirements compiled from source: psycopg2")
    dockerfile = (project / "Dockerfile").read_text()
    assert "FROM python:${PYTHON_VERSION}-bookworm AS builder" in dockerfile

    build = docker.build(project, image_tag)
    assert "psycopg2" in build.output

    result = docker.run_once(image_tag)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("psycopg2 ok: 2.9.10 libpq 15"), result.stdout

    installed = docker.run_once(image_tag, "python", "-c",
                                 "import importlib.metadata as m; print(m.distribution('psycopg2').version)",
                                 entrypoint="")
    assert installed.stdout.strip() == "2.9.10"
    tools = docker.run_once(image_tag, "sh", "-c", "command -v gcc cc g++ pg_config || true", entrypoint="")
    assert tools.stdout.strip() == ""
    # The stand-in slim base carries a few -dev packages of its own; the runtime stage adds none.
    added = _packages(docker, image_tag) - _packages(docker, "python:3.11-slim-bookworm")
    assert "libpq5" in added
    assert not {p for p in added if p.endswith("-dev") or p in ("gcc", "g++", "cpp")}, sorted(added)


def _packages(docker, image: str) -> set[str]:
    result = docker.run_once(image, "dpkg-query", "-W", "-f", "${Package}\n", entrypoint="")
    assert result.returncode == 0, result.stderr
    return {line.split(":")[0] for line in result.stdout.split()}
