"""compose.yaml: golden files per shape, services wired with health checks, no literal secrets."""

import re

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from dockergen import generate
from dockergen.compose import url_scheme
from dockergen.render import yaml_lit, yaml_str
from tests.conftest import assert_golden

from .deploy_cases import CASES


def _compose(tree, files, **options):
    report = generate(tree(files), dry_run=True, compose=True, **options)
    text = {f.path: f.content for f in report.files}["compose.yaml"]
    return text, yaml.safe_load(text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(tree, name):
    text, _ = _compose(tree, CASES[name])
    assert_golden(f"deploy-{name}/compose.yaml", text)


def test_no_compose_file_unless_asked(tree):
    report = generate(tree(CASES["plain-web"]), dry_run=True)
    assert [f.path for f in report.files] == ["Dockerfile", ".dockerignore"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_service_is_pinned_persistent_checked_and_awaited(tree, name):
    _, doc = _compose(tree, CASES[name])
    app = doc["services"]["app"]
    backing = {k: v for k, v in doc["services"].items() if k not in ("app", "worker", "beat")}
    for svc_name, svc in backing.items():
        assert re.fullmatch(r"[a-z]+:\d+\.\d+(\.\d+)?(-\w+)?", svc["image"]), svc["image"]
        volume = svc["volumes"][0].split(":")[0]
        assert volume in doc["volumes"]
        assert svc["healthcheck"]["test"][0] == "CMD"
        assert app["depends_on"][svc_name] == {"condition": "service_healthy"}
    assert set(app.get("depends_on", {})) == set(backing)
    assert app["build"] == {"context": "."}
    assert app["ports"] == ["8000:8000"]
    assert app["healthcheck"]["test"][:3] == ["CMD", "python", "-c"]
    assert app["restart"] == "unless-stopped"


def test_web_postgres_redis_services_and_urls(tree):
    _, doc = _compose(tree, CASES["web-postgres-redis"])
    assert sorted(doc["services"]) == ["app", "postgres", "redis"]
    env = doc["services"]["app"]["environment"]
    # SQLAlchemy + psycopg 3: the scheme names that driver (DG2063).
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://${POSTGRES_USER:-app}:${POSTGRES_PASSWORD:?")
    assert env["DATABASE_URL"].endswith("@postgres:5432/${POSTGRES_DB:-app}")
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    assert doc["services"]["app"]["env_file"] == [".env"]  # the project has .env.example


def test_no_literal_secret_even_when_env_example_has_one(tree):
    text, doc = _compose(tree, CASES["web-postgres-redis"])
    assert "change-me" not in text  # .env.example's value is never copied
    for svc in doc["services"].values():
        for key, value in (svc.get("environment") or {}).items():
            if "PASSWORD" in key or "PASS" in key:
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), (key, value)


def test_variable_the_app_reads_wins_over_the_default_name(tree):
    files = {"requirements.txt": "flask\npsycopg2-binary\n",
             "app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\nDB = os.environ['DB_URL']\n"}
    text, doc = _compose(tree, files)
    env = doc["services"]["app"]["environment"]
    assert list(env) == ["DB_URL"]
    assert env["DB_URL"].startswith("postgresql://")  # no SQLAlchemy: libpq's own scheme
    assert "DB_URL (read at app.py:4)" in text


def test_default_name_is_said_to_be_a_default(tree):
    files = {"requirements.txt": "flask\npymysql\nsqlalchemy\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    text, doc = _compose(tree, files)
    assert doc["services"]["app"]["environment"]["DATABASE_URL"].startswith("mysql+pymysql://")
    assert "not found in the source" in text
    assert doc["services"]["mysql"]["environment"]["MYSQL_RANDOM_ROOT_PASSWORD"] == "yes"


def test_celery_worker_is_its_own_service_from_the_same_image(tree):
    _, doc = _compose(tree, CASES["celery-worker"])
    app, worker = doc["services"]["app"], doc["services"]["worker"]
    assert worker["image"] == app["image"] and worker["build"] == app["build"]
    assert worker["command"] == ["celery", "-A", "proj.tasks:celery_app", "worker", "--loglevel=INFO"]
    assert worker["healthcheck"] == {"disable": True}
    assert "ports" not in worker
    assert worker["depends_on"] == {"rabbitmq": {"condition": "service_healthy"}}
    assert app["environment"]["CELERY_BROKER_URL"].startswith("amqp://${RABBITMQ_USER:-app}:${RABBITMQ_PASSWORD:?")


def test_celery_beat_schedule_gets_one_beat_service(tree):
    """DG2047: the same image, beat's schedule file in HOME (the app folder is read-only)."""
    text, doc = _compose(tree, CASES["celery-beat"])
    beat, worker = doc["services"]["beat"], doc["services"]["worker"]
    assert beat["command"] == ["celery", "-A", "proj.tasks:celery_app", "beat", "--loglevel=INFO",
                               "-s", "/home/app/celerybeat-schedule"]
    assert beat["image"] == worker["image"] and beat["healthcheck"] == {"disable": True} and "ports" not in beat
    assert "DG2047: the beat schedule (proj/tasks.py:6)" in text
    _, plain = _compose(tree, CASES["celery-worker"])
    assert "beat" not in plain["services"]


@pytest.mark.parametrize("source", ["app.add_periodic_task(10.0, tick.s())\n", "CELERYBEAT_SCHEDULE = {}\n",
                                    "from celery.decorators import periodic_task\n"])
def test_every_schedule_spelling_adds_beat(tree, source):
    files = {"requirements.txt": "celery\n",
             "tasks.py": "from celery import Celery\napp = Celery('tasks')\n" + source}
    _, doc = _compose(tree, files)
    assert "beat" in doc["services"]


def test_plain_web_app_has_no_other_service(tree):
    _, doc = _compose(tree, CASES["plain-web"])
    assert list(doc["services"]) == ["app"]
    assert "volumes" not in doc and "environment" not in doc["services"]["app"]
    assert "env_file" not in doc["services"]["app"]


def test_non_web_project_gets_no_ports_and_restarts_on_failure(tree):
    _, doc = _compose(tree, {"main.py": "print('hi')\n", "requirements.txt": "redis\n"})
    app = doc["services"]["app"]
    assert "ports" not in app and "healthcheck" not in app
    assert app["restart"] == "on-failure"
    assert app["environment"] == {"REDIS_URL": "redis://redis:6379/0"}


def test_hostile_project_name_cannot_inject_yaml(tree):
    evil = 'x"\n  evil: {image: "attacker"}\n# $(rm -rf /) ${HOME}'
    files = {"pyproject.toml": '[project]\nname = """' + evil + '"""\nversion = "1"\n',
             "requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
    _, doc = _compose(tree, files)
    assert list(doc["services"]) == ["app"]
    assert re.fullmatch(r"[a-z][a-z0-9-]*:local", doc["services"]["app"]["image"])


def test_url_scheme_without_sqlalchemy_is_plain():
    assert url_scheme("postgres", ["asyncpg"]) == "postgresql"
    assert url_scheme("postgres", ["sqlalchemy", "asyncpg"]) == "postgresql+asyncpg"
    assert url_scheme("mysql", ["sqlmodel", "psycopg", "aiomysql"]) == "mysql+aiomysql"
    assert url_scheme("mariadb", ["sqlalchemy", "mariadb"]) == "mariadb+mariadbconnector"


@given(st.text())
def test_yaml_str_round_trips_any_text(value):
    assert yaml.safe_load(f"key: {yaml_str(value)}\n") == {"key": value}


@given(st.text())
def test_yaml_lit_doubles_dollars_and_nothing_else(value):
    assert yaml.safe_load(f"- {yaml_lit(value)}\n") == [value.replace("$", "$$")]


def test_wizard_offers_compose_when_services_were_found(tree):
    from tests.unit.test_wizard import ACCEPT, ScriptedPrompter

    root = tree(CASES["web-postgres-redis"])
    prompter = ScriptedPrompter(("port", ACCEPT), ("compose", True),
                                ("summary", "write"))  # a dry run offers no save
    report = generate(root, dry_run=True, prompter=prompter)
    prompter.done()
    asked = {q.name: q for q in prompter.questions}
    assert asked["compose"].default is False  # enter keeps what --yes would do
    assert "compose.yaml" in [f.path for f in report.files]


def _open_names(root):
    from dockergen.inspection import inspect_project
    from dockergen.prompting import DefaultsPrompter
    from dockergen.wizard import Layers, ask_open

    prompter = DefaultsPrompter()
    ask_open(Layers(inspect_project(root), {}, {}, "[tool.dockergen]"), prompter)
    return prompter.asked


def test_wizard_does_not_ask_about_compose_without_services(tree):
    from tests.unit.test_wizard import ACCEPT, ScriptedPrompter

    from tests.unit.test_wizard import _asked

    prompter = ScriptedPrompter(*[(n, ACCEPT) for n in _open_names(tree(CASES["plain-web"]))],
                                ("summary", "change"), ("change", "ci"), ("ci", ACCEPT), ("summary", "write"))
    report = generate(tree(CASES["plain-web"]), dry_run=True, prompter=prompter)
    prompter.done()
    assert "compose" not in {c.value for c in _asked(prompter)["change"].choices}
    assert "compose.yaml" not in [f.path for f in report.files]


def test_cli_flags_and_config_key(tree):
    from typer.testing import CliRunner

    from dockergen.cli import app

    root = tree({**CASES["plain-web"], ".dockergen.toml": "compose = true\n"})
    result = CliRunner().invoke(app, ["init", "--yes", "--kubernetes", str(root)])
    assert result.exit_code == 0, result.output
    assert (root / "compose.yaml").is_file()  # from the config key
    assert sorted(p.name for p in (root / "k8s").iterdir()) == [
        "deployment.yaml", "hpa.yaml", "kustomization.yaml", "service.yaml"]
    result = CliRunner().invoke(app, ["init", "--yes", "--no-compose", "--kubernetes", str(root)])
    assert "identical   k8s/deployment.yaml" in result.output and "compose.yaml" not in result.output
