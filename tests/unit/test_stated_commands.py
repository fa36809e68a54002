"""DG1090/DG1091: start commands the project states (README, Makefile, compose, Dockerfile),
read as text and translated to production."""

import pytest

from dockergen.inspection.stated_commands import (
    compose_commands,
    dockerfile_commands,
    extras_providing,
    makefile_commands,
    packages_for,
    read_stated_commands,
    readme_commands,
    translate,
)
from tests.conftest import build_tree

README = """\
# My API

Install the dependencies:

```bash
pip install -r requirements.txt
pytest
```

Run it locally:

```console
(venv) $ uvicorn app.main:app --reload --host 127.0.0.1 --port 9000
```

Or with `docker compose up`. In production we use `gunicorn -w 4 -b 0.0.0.0:5000 "app:create_app()"`.
"""


def test_readme_finds_start_commands_in_blocks_prompts_and_inline_code_not_installs_or_tests():
    found = readme_commands(README, "README.md")
    assert [c.argv for c in found] == [
        ("uvicorn", "app.main:app", "--reload", "--host", "127.0.0.1", "--port", "9000"),
        ("gunicorn", "-w", "4", "-b", "0.0.0.0:5000", "app:create_app()"),
    ]
    assert found[0].evidence == "README.md:13"
    assert found[1].evidence == "README.md:16"
    assert {c.origin for c in found} == {"readme"}


def test_uvicorn_dev_command_becomes_production_keeping_its_port():
    intent = translate(readme_commands(README, "README.md")[0])
    assert intent.kind == "server"
    assert intent.argv == ("uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "9000")
    assert intent.port == 9000
    assert intent.target == "app.main:app"
    assert "--reload" in intent.dropped
    assert any("localhost" in d for d in intent.dropped)


def test_gunicorn_bind_gives_the_port():
    intent = translate(readme_commands(README, "README.md")[1])
    assert intent.port == 5000 and intent.target == "app:create_app()"
    assert intent.argv[:1] == ("gunicorn",)


@pytest.mark.parametrize(("line", "kind", "target", "port", "argv"), [
    ("flask --app hello run --debug --port 5001", "flask", "hello", 5001, ()),
    ("FLASK_APP=web.py flask run", "flask", "web.py", None, ()),
    ("python manage.py runserver 0.0.0.0:8001", "django", "manage.py", 8001, ()),
    ("./manage.py runserver", "django", "manage.py", None, ()),
    ("poetry run python -m uvicorn main:app --reload", "server", "main:app", 8000,
     ("uvicorn", "main:app", "--host", "0.0.0.0")),  # uvicorn alone binds 127.0.0.1
    ("hypercorn app:app", "server", "app:app", 8000, ("hypercorn", "app:app", "--bind", "0.0.0.0:8000")),
    ("fastapi dev app/main.py --port 8080", "fastapi", "app/main.py", 8080, ()),
    ("streamlit run Home.py --server.port 8502", "streamlit", "Home.py", 8502, ()),
    ("python bot.py --debug", "script", "bot.py", None, ("python", "bot.py")),
    ("python -m myapp.server", "script", "myapp.server", None, ("python", "-m", "myapp.server")),
    ("celery -A proj worker -l info", "worker", "proj", None, ("celery", "-A", "proj", "worker", "-l", "info")),
    ("celery -A proj beat -l info", "worker", "proj", None,  # DG2047: the schedule file leaves /app
     ("celery", "-A", "proj", "beat", "-l", "info", "-s", "/home/app/celerybeat-schedule")),
    ("celery -A proj beat --schedule=/data/beat", "worker", "proj", None,
     ("celery", "-A", "proj", "beat", "--schedule=/data/beat")),
    ("panel serve dashboard.py --autoreload --port 5007", "server", "dashboard.py", 5007,
     ("panel", "serve", "dashboard.py", "--port", "5007", "--address", "0.0.0.0")),
])
def test_translate(line, kind, target, port, argv):
    (command,) = readme_commands(f"```\n{line}\n```\n", "README.md")
    intent = translate(command)
    assert (intent.kind, intent.target, intent.port, intent.argv) == (kind, target, port, argv)


@pytest.mark.parametrize("line", [
    "pip install -e .", "python -m pytest", "python setup.py install", "docker compose up",
    "npm run dev", "python -m venv .venv", "flask db upgrade", "celery --version", "uvicorn",
])
def test_not_a_start_command(line):
    assert readme_commands(f"```\n{line}\n```\n", "README.md") == []


def test_makefile_run_target_with_variables_and_other_targets_ignored():
    text = "PY ?= python3\nPORT = 8100\n\ntest:\n\tpytest\n\nrun: deps\n\t@$(PY) -m uvicorn api:app --port $(PORT)\n"
    (command,) = makefile_commands(text, "Makefile")
    assert command.argv == ("python3", "-m", "uvicorn", "api:app", "--port", "8100")
    assert command.evidence == "Makefile:8"
    assert translate(command).port == 8100


def test_compose_command_forms():
    text = """\
services:
  web:
    build: .
    command: gunicorn app:app --bind 0.0.0.0:8000
  worker:
    command: ["celery", "-A", "app.tasks", "worker"]
  beat:
    command:
      - celery
      - -A
      - app.tasks
      - beat
  db:
    image: postgres
"""
    found = compose_commands(text, "compose.yaml")
    assert [c.argv[0] for c in found] == ["gunicorn", "celery", "celery"]
    assert found[1].argv == ("celery", "-A", "app.tasks", "worker")
    assert found[2].argv[-1] == "beat"
    assert found[0].evidence == "compose.yaml:4"


def test_dockerfile_cmd_and_entrypoint_of_the_last_stage():
    text = ('FROM python:3.9 AS build\nCMD ["python", "build.py"]\n\nFROM python:3.9-slim\n'
            'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["sh", "-c", "exec gunicorn -b :$PORT wsgi:app"]\n')
    (command,) = dockerfile_commands(text, "Dockerfile")
    assert command.argv[0] == "gunicorn" and command.argv[-1] == "wsgi:app"
    assert command.evidence == "Dockerfile:6"


def test_read_stated_commands_orders_by_origin(tmp_path):
    build_tree(tmp_path, {
        "README.md": "```\npython app.py\n```\n",
        "Makefile": "run:\n\tpython serve.py\n",
        "Dockerfile": "FROM python:3.11\nCMD python main.py\n",
    })
    found = read_stated_commands(tmp_path)
    assert [(c.origin, c.argv[-1]) for c in found] == [
        ("dockerfile", "main.py"), ("makefile", "serve.py"), ("readme", "app.py")]


def test_unbalanced_quotes_are_skipped_not_fatal():
    assert readme_commands("```\nuvicorn 'app:app\n```\n", "README.md") == []


@pytest.mark.parametrize(("argv", "packages"), [
    (["gunicorn", "-k", "gevent", "app:app"], ["gunicorn[gevent]"]),
    (["gunicorn", "--worker-class=eventlet", "app:app"], ["gunicorn[eventlet]"]),
    (["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "main:app"], ["gunicorn", "uvicorn"]),
    (["gunicorn", "-k", "uvicorn_worker.UvicornWorker", "main:app"], ["gunicorn", "uvicorn-worker"]),
    (["gunicorn", "-k", "gthread", "app:app"], ["gunicorn"]),
    (["waitress-serve", "--listen=*:8080", "app:app"], ["waitress"]),
    (["streamlit", "run", "app.py"], []),  # a framework the plan serves with its own server
    (["python", "app.py"], []),
])
def test_packages_for_a_start_command(argv, packages):
    assert packages_for(argv) == packages


def test_extras_providing_the_start_commands_packages():
    optional = {"dev": ["pytest"], "prod": ["gunicorn>=21", "gevent>=23.9; sys_platform != 'win32'"],
                "docs": ["mkdocs"]}
    assert extras_providing(["gunicorn[gevent]"], optional) == ["prod"]
    assert extras_providing(["uvicorn"], optional) == []
