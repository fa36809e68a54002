"""compose.yaml's part of the plan: the app, its backing services, a Celery worker and beat. Pure.

``plan.py`` calls ``compose_part`` with the facts and the image's own start part, so the
app service reuses the image's port, health check and start command. Every value the project
supplies is quoted by the template's ``yaml_lit`` filter; the values built here hold compose
``${VAR}`` references on purpose (credentials live in ``.env``, never in the YAML: DG2062).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog.launchers import celery_beat
from .facts import Fact, ProjectFacts
from .plan_model import ComposePart, Start
from .versions import SERVICE_IMAGES

APP = "app"
WORKER = "worker"
BEAT = "beat"
ENV_FILE = ".env"


def secret(var: str) -> str:
    """A required compose variable: ``docker compose`` stops with this hint when it is unset."""
    return f"${{{var}:?set {var} in {ENV_FILE}}}"


def default(var: str, value: str) -> str:
    return f"${{{var}:-{value}}}"


@dataclass(frozen=True)
class ServiceSpec:
    """One backing service: its image's variables, data folder, health check and URL."""

    port: int
    data_path: str
    env: tuple[tuple[str, str], ...]
    healthcheck: tuple[str, ...]
    secrets: tuple[str, ...]
    url: str  # with {scheme} and {host}


_PG_USER, _PG_DB = default("POSTGRES_USER", "app"), default("POSTGRES_DB", "app")
_MY_USER, _MY_DB = default("MYSQL_USER", "app"), default("MYSQL_DATABASE", "app")
_MA_USER, _MA_DB = default("MARIADB_USER", "app"), default("MARIADB_DATABASE", "app")
_MQ_USER = default("RABBITMQ_USER", "app")
SPECS: dict[str, ServiceSpec] = {
    "postgres": ServiceSpec(
        5432, "/var/lib/postgresql/data",
        (("POSTGRES_USER", _PG_USER), ("POSTGRES_PASSWORD", secret("POSTGRES_PASSWORD")), ("POSTGRES_DB", _PG_DB)),
        ("CMD", "pg_isready", "-U", _PG_USER, "-d", _PG_DB), ("POSTGRES_PASSWORD",),
        "{scheme}://" + _PG_USER + ":" + secret("POSTGRES_PASSWORD") + "@{host}:5432/" + _PG_DB),
    "mysql": ServiceSpec(
        3306, "/var/lib/mysql",
        (("MYSQL_USER", _MY_USER), ("MYSQL_PASSWORD", secret("MYSQL_PASSWORD")), ("MYSQL_DATABASE", _MY_DB),
         ("MYSQL_RANDOM_ROOT_PASSWORD", "yes")),
        ("CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"), ("MYSQL_PASSWORD",),
        "{scheme}://" + _MY_USER + ":" + secret("MYSQL_PASSWORD") + "@{host}:3306/" + _MY_DB),
    "mariadb": ServiceSpec(
        3306, "/var/lib/mysql",
        (("MARIADB_USER", _MA_USER), ("MARIADB_PASSWORD", secret("MARIADB_PASSWORD")),
         ("MARIADB_DATABASE", _MA_DB), ("MARIADB_RANDOM_ROOT_PASSWORD", "yes")),
        ("CMD", "healthcheck.sh", "--connect", "--innodb_initialized"), ("MARIADB_PASSWORD",),
        "{scheme}://" + _MA_USER + ":" + secret("MARIADB_PASSWORD") + "@{host}:3306/" + _MA_DB),
    "redis": ServiceSpec(6379, "/data", (), ("CMD", "redis-cli", "ping"), (), "redis://{host}:6379/0"),
    "rabbitmq": ServiceSpec(
        5672, "/var/lib/rabbitmq",
        (("RABBITMQ_DEFAULT_USER", _MQ_USER), ("RABBITMQ_DEFAULT_PASS", secret("RABBITMQ_PASSWORD"))),
        ("CMD", "rabbitmq-diagnostics", "-q", "ping"), ("RABBITMQ_PASSWORD",),
        "amqp://" + _MQ_USER + ":" + secret("RABBITMQ_PASSWORD") + "@{host}:5672//"),  # "//": the default vhost "/"
}

# DG2063: the variable names apps read for each connection, most common first. The first
# name the source reads wins; when it reads none, the first name is set (a documented default).
SQL_VARS = ("DATABASE_URL", "DB_URL", "DATABASE_URI", "SQLALCHEMY_DATABASE_URI")
URL_VARS: dict[str, tuple[str, ...]] = {
    "postgres": SQL_VARS + ("POSTGRES_URL", "POSTGRES_DSN", "PG_DSN"),
    "mysql": SQL_VARS + ("MYSQL_URL",),
    "mariadb": SQL_VARS + ("MARIADB_URL", "MYSQL_URL"),
    "redis": ("REDIS_URL", "REDIS_URI", "REDIS_DSN", "CACHE_URL", "RQ_REDIS_URL"),
    "broker": ("CELERY_BROKER_URL", "BROKER_URL", "AMQP_URL", "RABBITMQ_URL", "CLOUDAMQP_URL"),
}
SQLALCHEMY = ("sqlalchemy", "flask-sqlalchemy", "sqlmodel")
# DG2063: SQLAlchemy picks its driver from the URL scheme; name the one the project installs.
DRIVER_SCHEMES = {
    "psycopg2": "postgresql", "psycopg2-binary": "postgresql", "psycopg": "postgresql+psycopg",
    "psycopg-binary": "postgresql+psycopg", "asyncpg": "postgresql+asyncpg", "pg8000": "postgresql+pg8000",
    "pymysql": "mysql+pymysql", "mysqlclient": "mysql+mysqldb", "aiomysql": "mysql+aiomysql",
    "asyncmy": "mysql+asyncmy", "mysql-connector-python": "mysql+mysqlconnector",
    "mariadb": "mariadb+mariadbconnector",
}


def url_scheme(kind: str, requirements: list[str]) -> str:
    plain = "postgresql" if kind == "postgres" else "mysql"
    if not any(r in requirements for r in SQLALCHEMY):
        return plain
    family = ("postgresql",) if kind == "postgres" else ("mysql", "mariadb")
    for name in requirements:
        scheme = DRIVER_SCHEMES.get(name)
        if scheme and scheme.split("+")[0] in family:
            return scheme
    return plain


def service_url(kind: str, scheme: str = "") -> str:
    """The URL the app uses to reach the service ``kind`` (its compose host has the same name)."""
    return SPECS[kind].url.replace("{scheme}", scheme).replace("{host}", kind)


def connection_env(facts: ProjectFacts) -> list[dict[str, str]]:
    """``[{name, value, note}]``: the URL of each service in a variable the app reads."""
    reads = {f.value: f for f in facts.services.env_reads}
    kinds = [s.value for s in facts.services.services]
    out: list[dict[str, str]] = []
    taken: set[str] = set()

    def add(group: str, kind: str, needed: bool) -> None:
        names = [n for n in URL_VARS[group] if n in reads and n not in taken]
        if not names and needed and URL_VARS[group][0] not in taken:
            names = [URL_VARS[group][0]]
        value = service_url(kind, url_scheme(kind, facts.packaging.requirements))
        for name in names:
            taken.add(name)
            note = f"read at {reads[name].evidence}" if name in reads else "not found in the source: a common name"
            out.append({"name": name, "value": value, "note": f"DG2063: {kind} URL in {name} ({note})"})

    broker = None
    if facts.services.celery_app is not None:
        broker = "rabbitmq" if "rabbitmq" in kinds else "redis" if "redis" in kinds else None
    sql = [k for k in kinds if k in ("postgres", "mysql", "mariadb")]
    for kind in sql[:1]:
        add(kind, kind, True)
    if "redis" in kinds:
        add("redis", "redis", broker != "redis")
    if broker:
        add("broker", broker, True)
    if "CELERY_RESULT_BACKEND" in reads and "redis" in kinds:
        out.append({"name": "CELERY_RESULT_BACKEND", "value": service_url("redis"),
                    "note": f"DG2063: redis URL in CELERY_RESULT_BACKEND "
                            f"(read at {reads['CELERY_RESULT_BACKEND'].evidence})"})
    return out


def compose_part(facts: ProjectFacts, start: Start, image: str) -> ComposePart:
    """compose.yaml's part of the plan; ``start`` is the image's own."""
    services = [_service(s) for s in facts.services.services]
    depends = [s["name"] for s in services]
    env = connection_env(facts)
    env_file = [ENV_FILE] if facts.services.env_example is not None else []
    web = start.port is not None
    app = {
        "name": APP, "image": image, "env_file": env_file, "environment": env, "depends_on": depends,
        "ports": [f"{start.port}:{start.port}"] if web else [],
        "healthcheck": ["CMD", *start.healthcheck] if start.healthcheck else [],
        "restart": "unless-stopped" if web else "on-failure",
    }
    worker = None
    if facts.services.celery_app is not None:
        worker = {**app, "name": WORKER, "ports": [], "healthcheck": [], "restart": "unless-stopped",
                  "command": ["celery", "-A", facts.services.celery_app.value, "worker", "--loglevel=INFO"],
                  "celery_app": facts.services.celery_app.value, "evidence": _evidence(facts.services.celery_app)}
    beat = None
    app_celery, celery_beat_at = facts.services.celery_app, facts.services.celery_beat
    if worker is not None and app_celery is not None and celery_beat_at is not None:  # DG2047
        beat = {**worker, "name": BEAT, "restart": "unless-stopped", "command": celery_beat(app_celery.value),
                "beat_evidence": _evidence(celery_beat_at)}
    secrets = sorted({v for s in facts.services.services for v in SPECS[s.value].secrets})
    return ComposePart(app, worker, tuple(services), tuple(secrets),
                       facts.services.env_example.value if facts.services.env_example else "", beat)


def _service(fact: Fact[str]) -> dict[str, Any]:
    spec = SPECS[fact.value]
    return {
        "name": fact.value, "image": SERVICE_IMAGES[fact.value], "volume": f"{fact.value}-data",
        "data_path": spec.data_path, "environment": [{"name": k, "value": v} for k, v in spec.env],
        "healthcheck": list(spec.healthcheck), "evidence": _evidence(fact),
    }


def _evidence(fact: Fact[str]) -> str:
    return fact.evidence or fact.source
