"""What hosting platforms' files state: App Engine's runtime (DG1030) and start commands (DG1090)."""

from __future__ import annotations

import pytest

from dockergen.inspection import inspect_project

FASTAPI = "from fastapi import FastAPI\napp = FastAPI()\n"


@pytest.mark.parametrize(("name", "text"), [
    ("render.yaml", 'services:\n  - type: web\n    startCommand: "uvicorn api.main:app --host 0.0.0.0 --port 9000"\n'),
    ("railway.toml", '[deploy]\nstartCommand = "uvicorn api.main:app --port 9000"\n'),
    ("railway.json", '{"deploy": {\n  "startCommand": "uvicorn api.main:app --port 9000",\n  "x": 1}}\n'),
    ("app.yaml", "runtime: python313\nentrypoint: uvicorn api.main:app --port 9000\n"),
])
def test_a_platform_start_command_is_a_stated_start(tree, name, text):
    root = tree({name: text, "requirements.txt": "fastapi\nuvicorn\n", "api/__init__.py": "",
                 "api/main.py": FASTAPI})
    stated = inspect_project(root, offline=True).app.stated_starts
    assert [(s.argv[0], s.target, s.port, s.evidence.split(":")[0]) for s in stated] == [
        ("uvicorn", "api.main:app", 9000, name)]


def test_a_start_command_that_runs_a_script_is_read_through_it(tree):
    """render-examples/fastapi-uv: `startCommand: ./run.sh`, whose last line starts the server."""
    run = "#! /bin/bash\n\n# the server\nuv run -- uvicorn --host 0.0.0.0 main:app\n# done\n"
    root = tree({"render.yaml": "services:\n- type: web\n  startCommand: ./run.sh\n", "run.sh": run,
                 "requirements.txt": "fastapi\nuvicorn\n", "main.py": FASTAPI})
    stated = inspect_project(root, offline=True).app.stated_starts
    assert [(s.argv, s.evidence) for s in stated] == [
        (("uvicorn", "--host", "0.0.0.0", "main:app"), "run.sh:4 (run by render.yaml:3)")]


def test_app_engine_runtime_names_the_minor(tree):
    root = tree({"app.yaml": "# App Engine\nruntime: python313\n", "requirements.txt": "flask\n",
                 "main.py": "from flask import Flask\napp = Flask(__name__)\n"})
    python = inspect_project(root, offline=True).python.python_version
    assert (python.value, python.evidence) == ("3.13", "app.yaml:2 runtime: python313")


def test_a_python_version_file_wins_over_app_engine(tree):
    root = tree({"app.yaml": "runtime: python312\n", ".python-version": "3.11\n", "requirements.txt": "flask\n",
                 "main.py": "from flask import Flask\napp = Flask(__name__)\n"})
    assert inspect_project(root, offline=True).python.python_version.value == "3.11"


@pytest.mark.parametrize(("name", "text", "where"), [
    ("pyproject.toml", '[tool.pdm.scripts]\nstart = "uvicorn api.main:app --port 9000 --reload"\n',
     "pyproject.toml [tool.pdm.scripts] start"),
    ("pyproject.toml", '[tool.hatch.envs.default.scripts]\nserve = ["alembic upgrade head", '
     '"uvicorn api.main:app --port 9000"]\n', "pyproject.toml [tool.hatch.envs.default.scripts] serve"),
    ("pyproject.toml", '[tool.poe.tasks.dev]\ncmd = "uvicorn api.main:app --port 9000"\nhelp = "run it"\n',
     "pyproject.toml [tool.poe.tasks] dev"),
    ("pyproject.toml", '[tool.taskipy.tasks]\nrun = "uvicorn api.main:app --port 9000"\n',
     "pyproject.toml [tool.taskipy.tasks] run"),
    ("Pipfile", '[packages]\nfastapi = "*"\n[scripts]\nstart = "uvicorn api.main:app --port 9000"\n',
     "Pipfile [scripts] start"),
])
def test_a_task_runners_run_task_is_a_stated_start(tree, name, text, where):
    """DG1090: the project's own named task for running it (PDM, Hatch, poethepoet, taskipy, Pipenv)."""
    root = tree({name: text, "requirements.txt": "fastapi\nuvicorn\n", "api/__init__.py": "", "api/main.py": FASTAPI})
    stated = inspect_project(root, offline=True).app.stated_starts
    assert [(s.target, s.port, s.evidence) for s in stated] == [("api.main:app", 9000, where)]


def test_tasks_not_named_like_a_start_are_not_read(tree):
    text = '[tool.pdm.scripts]\ntest = "pytest"\nlint = "uvicorn api.main:app"\n'
    root = tree({"pyproject.toml": text, "requirements.txt": "fastapi\n", "api/__init__.py": "", "api/main.py": FASTAPI})
    assert inspect_project(root, offline=True).app.stated_starts == []


def test_a_justfiles_start_recipe_is_a_stated_start(tree):
    """marekzelinka/weather-fastapi: `start:` then `    uv run uvicorn app.main:app`."""
    just = ('set dotenv-load\n\nstart:\n    uv run uvicorn api.main:app --port 9000\n\n'
            'dev:\n    uv run uvicorn api.main:app --reload --port 9000\n\ntest:\n    uv run pytest\n')
    root = tree({"justfile": just, "requirements.txt": "fastapi\nuvicorn\n", "api/__init__.py": "",
                 "api/main.py": FASTAPI})
    stated = inspect_project(root, offline=True).app.stated_starts
    assert [(s.target, s.port, s.evidence) for s in stated] == [("api.main:app", 9000, "justfile:4")]


CI = ("name: test\non: [push]\njobs:\n  test:\n    strategy:\n      matrix:\n        python-version: %s\n"
      "    steps:\n      - uses: actions/setup-python@v5\n        with:\n          python-version: ${{ matrix.python-version }}\n")


@pytest.mark.parametrize(("matrix", "minor"), [
    ('["3.11", "3.12"]', "3.12"),  # realworld-django-ninja: >=3.12, tested on 3.12 only -> not 3.13
    ("\n          - '3.10'\n          - '3.11'", "3.11"),
    ('["3.8", "3.9"]', "3.13"),  # a stale matrix of end-of-life minors pulls nothing down
])
def test_the_newest_minor_the_ci_tests_caps_an_open_range(tree, matrix, minor):
    root = tree({".github/workflows/test.yml": CI % matrix, "requirements.txt": "flask\n",
                 "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.10"\n',
                 "main.py": "from flask import Flask\napp = Flask(__name__)\n"})
    python = inspect_project(root, offline=True).python.python_version
    assert python.value == minor
    assert ("the newest minor its CI tests" in python.evidence) == (minor != "3.13")


CI_FILES = {".github/workflows/test.yml": CI % '["3.11"]', "requirements.txt": "flask\n",
            "main.py": "from flask import Flask\napp = Flask(__name__)\n"}


def test_a_stated_minor_wins_over_the_ci(tree):
    python = inspect_project(tree({**CI_FILES, ".python-version": "3.13\n"}), offline=True).python.python_version
    assert (python.value, python.evidence) == ("3.13", ".python-version:1")


def test_a_ci_minor_outside_the_projects_range_is_ignored(tree):
    ranged = {**CI_FILES, "pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.12"\n'}
    python = inspect_project(tree(ranged), offline=True).python.python_version
    assert python.value in ("3.12", "3.13", "3.14") and "CI" not in python.evidence
