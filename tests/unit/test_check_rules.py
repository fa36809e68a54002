"""One table row per finding: it fires on a Dockerfile with the problem, at the right line and
severity, and the same code stays quiet on what dockergen itself writes for that project."""

import pytest

from dockergen import generate
from dockergen.check import RULES, check_project

FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n"
FLASK = {".python-version": "3.11\n", "requirements.txt": "flask==3.1.0\n", "app.py": FLASK_APP,
         ".dockerignore": ".git\n**/.env\n**/*.pem\n**/*.key\n**/id_rsa*\n"}
PACKAGE = {"pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                             '[project]\nname="tool"\nversion="1"\nrequires-python=">=3.12"\ndependencies=["click"]\n',
           "tool/__init__.py": "", "tool/__main__.py": "print('tool')\n", ".dockerignore": FLASK[".dockerignore"]}

# A clean Dockerfile for the FLASK project; each row breaks it in one way.
GOOD = """\
# syntax=docker/dockerfile:1
FROM python:3.11-slim-bookworm AS builder
RUN python -m venv /opt/venv
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \\
    /opt/venv/bin/pip install -r requirements.txt
FROM python:3.11-slim-bookworm
RUN useradd --uid 10001 app
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
COPY . .
USER 10001
CMD ["/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
"""

# (id, code, severity, expected line(s), project, (old, new) edits applied to GOOD, extra files)
CASES = [
    ("no-user", "DG3001", "error", 7, FLASK, [("USER 10001\n", "")], {}),
    ("user-root", "DG3001", "error", 12, FLASK, [("USER 10001", "USER root")], {}),
    ("user-0", "DG3001", "error", 12, FLASK, [("USER 10001", "USER 0:0")], {}),
    ("deps-after-copy", "DG2002", "warning", 13, FLASK,
     [("CMD", "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nCMD")], {}),
    ("sync-after-copy", "DG2002", "warning", 13, FLASK,
     [("CMD", "RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen\nCMD")], {}),
    ("no-cache-mount-final", "DG3021", "warning", 8, FLASK,
     [("RUN useradd", "RUN pip install -r requirements.txt\nRUN useradd")], {}),
    ("no-cache-mount-builder", "DG3021", "info", 5, FLASK, [("--mount=type=cache,target=/root/.cache/pip ", "")], {}),
    ("uv-no-cache-mount", "DG3021", "info", 5, FLASK,
     [("--mount=type=cache,target=/root/.cache/pip ", ""), ("/opt/venv/bin/pip install", "uv pip install")], {}),
    ("latest", "DG3020", "warning", 2, FLASK, [("python:3.11-slim-bookworm AS", "python:latest AS")], {}),
    ("no-tag", "DG3020", "warning", 7, FLASK, [("FROM python:3.11-slim-bookworm\n", "FROM python\n")], {}),
    ("word-tag", "DG3020", "warning", 7, FLASK, [("FROM python:3.11-slim-bookworm\n", "FROM python:slim\n")], {}),
    ("copy-from-latest", "DG3020", "warning", 9, FLASK,
     [("COPY --from=builder", "COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\nCOPY --from=builder")], {}),
    ("python-pin", "DG1001", "warning", 7, FLASK, [("FROM python:3.11-slim-bookworm\n", "FROM python:3.12-slim\n")], {}),
    ("requires-python", "DG1001", "error", (2, 7), PACKAGE, [], {}),
    ("wrong-module", "DG1004", "error", 13, FLASK, [('"app:app"', '"main:app"')], {}),
    ("wrong-attr", "DG1004", "error", 13, FLASK, [('"app:app"', '"app:application"')], {}),
    ("flask-run", "DG2005", "error", 13, FLASK,
     [('"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"', '"flask", "run", "--host=0.0.0.0"')], {}),
    ("python-app-py", "DG2005", "error", 13, FLASK,
     [('"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"', '"python", "app.py"')], {}),
    ("uvicorn-reload", "DG2005", "error", 13, FLASK, [('"0.0.0.0:8000",', '"0.0.0.0:8000", "--reload",'),
                                                      ("gunicorn", "uvicorn")], {}),
    ("runserver", "DG2005", "error", 13, FLASK,
     [('["/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"]', "python manage.py runserver 0.0.0.0:8000")],
     {}),
    ("fastapi-dev", "DG2005", "error", 13, FLASK,
     [('"/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"', '"fastapi", "dev", "app.py"')], {}),
    ("no-dockerignore", "DG3004", "warning", 11, {k: v for k, v in FLASK.items() if k != ".dockerignore"}, [], {}),
    ("env-not-ignored", "DG3004", "warning", 1, {**FLASK, ".dockerignore": ".git\n"}, [], {}),
    ("env-file-exposed", "DG3004", "error", 1, {**FLASK, ".dockerignore": ".git\n*.key\n*.pem\nid_rsa*\n"}, [],
     {"config/.env": "SECRET=1\n"}),
    ("gcc-in-final", "DG3022", "warning", 8, FLASK,
     [("RUN useradd", "RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\nRUN useradd")],
     {}),
    ("full-python-final", "DG3022", "info", 7, FLASK,
     [("FROM python:3.11-slim-bookworm\n", "FROM python:3.11-bookworm\n")], {}),
    ("shell-form-cmd", "DG3005", "warning", 13, FLASK,
     [('["/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"]', "gunicorn --bind 0.0.0.0:8000 app:app")], {}),
    ("shell-form-entrypoint", "DG3005", "warning", 13, FLASK,
     [('CMD ["/opt/venv/bin/gunicorn", "--bind", "0.0.0.0:8000", "app:app"]', "ENTRYPOINT exec gunicorn app:app")], {}),
]

# Variants that must NOT raise the code: the near misses a naive rule would flag.
QUIET = [
    ("no-cache-dir", "DG3021", [("--mount=type=cache,target=/root/.cache/pip ", ""), ("install -r", "install --no-cache-dir -r")]),
    ("env-no-cache", "DG3021", [("--mount=type=cache,target=/root/.cache/pip ", ""), ("RUN python", "ENV PIP_NO_CACHE_DIR=1\nRUN python")]),
    ("gcc-purged", "DG3022", [("RUN useradd", "RUN apt-get install -y gcc && make && apt-get purge -y gcc\nRUN useradd")]),
    ("gcc-in-builder", "DG3022", [("RUN python -m venv", "RUN apt-get install -y gcc libpq-dev\nRUN python -m venv")]),
    ("root-in-builder", "DG3001", [("RUN python -m venv", "USER root\nRUN python -m venv")]),
    ("project-after-deps", "DG2002", [("CMD", "RUN --mount=type=cache,target=/root/.cache/pip pip install .\nCMD"),
                                      ("RUN useradd", "RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nRUN useradd")]),
    ("pinned-digest", "DG3020", [("FROM python:3.11-slim-bookworm\n", "FROM python@sha256:" + "a" * 64 + "\n")]),
    ("arg-version", "DG3020", [("# syntax=docker/dockerfile:1\n", "ARG PY=3.11\n"),
                               ("FROM python:3.11-slim-bookworm\n", "FROM python:${PY}-slim-bookworm\n")]),
    ("gunicorn-factory", "DG1004", []),
    ("tini-exec", "DG3005", [("CMD [", 'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD [')]),
]


def _write(tree, project, edits, extra):
    text = GOOD
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return tree({**project, **extra, "Dockerfile": text})


def test_every_rule_has_a_firing_case():
    assert {c[1] for c in CASES} == set(RULES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_finding_fires(tree, case):
    _, code, severity, line, project, edits, extra = case
    findings = check_project(_write(tree, project, edits, extra)).findings
    hits = [f for f in findings if f.code == code]
    lines = line if isinstance(line, tuple) else (line,)
    assert [(f.severity, f.line) for f in hits] == [(severity, n) for n in lines], findings
    assert hits[0].message and hits[0].fix and "\n" not in hits[0].message + hits[0].fix


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_quiet_on_dockergen_output_for_the_same_project(tree, case):
    _, code, _, _, project, _, extra = case
    root = tree({**project, **extra})
    generate(root, force=True)
    assert [f for f in check_project(root).findings if f.code == code] == []


@pytest.mark.parametrize("case", QUIET, ids=[c[0] for c in QUIET])
def test_near_misses_stay_quiet(tree, case):
    _, code, edits = case
    files = dict(FLASK, **({"app.py": "from flask import Flask\ndef create_app():\n    return Flask(__name__)\n"}
                           if case[0] == "gunicorn-factory" else {}))
    if case[0] == "gunicorn-factory":
        edits = [('"app:app"', '"app:create_app()"')]
    root = _write(tree, files, edits, {})
    assert [f for f in check_project(root).findings if f.code == code] == []


def test_good_dockerfile_has_no_findings(tree):
    assert check_project(_write(tree, FLASK, [], {})).findings == []


def test_named_requirements_installed_before_the_copy_count_as_the_dependency_layer(tree):
    """A layer of `pip install 'idna>=3'` before `COPY . .` is the dependency layer (DG2016 style)."""
    from dockergen.check import check_project

    root = tree({"setup.py": "from setuptools import setup\nsetup(name='x', install_requires=['idna>=3'])\n",
                 "Dockerfile": "FROM python:3.13-slim-trixie\nWORKDIR /app\n"
                               "RUN pip install --no-cache-dir 'idna>=3'\nCOPY . .\n"
                               "RUN pip install --no-cache-dir --no-deps .\nUSER 10001\nCMD [\"python\", \"-m\", \"x\"]\n"})
    assert [f.code for f in check_project(root).findings if f.code == "DG2002"] == []
