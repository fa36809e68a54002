"""services.py: which backing services, env names and Celery app a project has, with evidence."""

import json

import pytest

from dockergen.inspection import inspect_project
from dockergen.report import facts_json, facts_lines


def _services(root):
    return [(f.value, f.evidence) for f in inspect_project(root).services.services]


@pytest.mark.parametrize("requirement, kind", [
    ("psycopg[binary]==3.2", "postgres"), ("psycopg2-binary", "postgres"), ("asyncpg>=0.29", "postgres"),
    ("PyMySQL", "mysql"), ("mysqlclient", "mysql"), ("mariadb", "mariadb"),
    ("redis>=5", "redis"), ("rq", "redis"), ("pika", "rabbitmq"),
])
def test_driver_in_requirements_names_its_service(tree, requirement, kind):
    root = tree({"requirements.txt": f"flask\n# a comment naming {kind}\n{requirement}\n", "app.py": ""})
    services = _services(root)
    assert [k for k, _ in services] == [kind]
    assert services[0][1].startswith("requirements.txt:3 ")  # the line, not the comment


def test_no_service_without_driver_or_url(tree):
    root = tree({"requirements.txt": "flask\nrequests\n", "app.py": "import os\nX = os.environ['SECRET_KEY']\n"})
    facts = inspect_project(root)
    assert facts.services.services == [] and facts.services.celery_app is None


def test_postgres_url_in_settings_names_postgres(tree):
    root = tree({"requirements.txt": "django\n",
                 "mysite/settings.py": "import os\n\nDB = os.getenv('DB_URL', 'postgres://u@localhost/db')\n"})
    assert _services(root) == [("postgres", "mysite/settings.py:3 postgres URL")]


def test_url_in_env_example_counts(tree):
    root = tree({"requirements.txt": "flask\n", ".env.example": "A=1\nCACHE=rediss://cache:6380/1\n"})
    assert _services(root) == [("redis", ".env.example:2 redis URL")]


@pytest.mark.parametrize("files, broker", [
    ({"requirements.txt": "celery\nredis\n"}, "redis"),  # the redis client is there
    ({"requirements.txt": "celery\n"}, "rabbitmq"),  # Celery's default transport is AMQP
    ({"requirements.txt": "celery\nredis\n", "cfg.py": "BROKER = 'amqp://mq//'\n"}, "rabbitmq"),
    ({"requirements.txt": "celery\n", "cfg.py": "BROKER = 'redis://r:6379/0'\n"}, "redis"),
])
def test_celery_broker(tree, files, broker):
    root = tree({**files, "tasks.py": "from celery import Celery\napp = Celery('tasks')\n"})
    facts = inspect_project(root)
    assert broker in [s.value for s in facts.services.services]
    assert facts.services.celery_app.value == "tasks:app"
    assert facts.services.celery_app.evidence == "tasks.py:2"


def test_celery_without_app_warns_and_has_no_worker(tree):
    facts = inspect_project(tree({"requirements.txt": "celery\n", "main.py": "print(1)\n"}))
    assert facts.services.celery_app is None
    assert any("Celery(...)" in w for w in facts.warnings)


def test_celery_app_in_package_module(tree):
    root = tree({"requirements.txt": "celery\n", "proj/__init__.py": "",
                 "proj/celery.py": "import celery\n\nworker = celery.Celery('proj')\n"})
    assert inspect_project(root).services.celery_app.value == "proj.celery:worker"


def test_env_reads_with_file_and_line(tree):
    root = tree({"app.py": """
        import os
        from os import environ, getenv
        from decouple import config
        A = os.environ["DATABASE_URL"]
        B = os.getenv("REDIS_URL")
        C = environ.get("CELERY_BROKER_URL", "x")
        D = getenv("lower_case_is_not_an_env_name")
        E = config("SECRET_KEY")
        F = os.environ.get(NAME)
        """})
    reads = {f.value: f.evidence for f in inspect_project(root).services.env_reads}
    assert reads == {"DATABASE_URL": "app.py:4", "REDIS_URL": "app.py:5",
                     "CELERY_BROKER_URL": "app.py:6", "SECRET_KEY": "app.py:8"}


def test_env_example_detected_only_when_present(tree):
    assert inspect_project(tree({"main.py": ""})).services.env_example is None
    assert inspect_project(tree({".env.example": "A=1\n"})).services.env_example.value == ".env.example"


def test_inspect_output_shows_services_with_evidence(tree):
    root = tree({"requirements.txt": "flask\nasyncpg\n", "app.py": "import os\nU = os.getenv('DATABASE_URL')\n"})
    facts = inspect_project(root)
    data = json.loads(json.dumps(facts_json(facts)))  # serialisable
    assert data["facts"]["services"] == [{"value": "postgres", "source": "detected",
                                 "evidence": "requirements.txt:2 asyncpg"}]
    assert any("postgres (from requirements.txt:2 asyncpg)" in line for line in facts_lines(facts))
