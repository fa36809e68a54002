"""Which backing services the app needs (DG2060), read from its dependencies and text.

A database driver or queue client in the requirements, or a connection URL in the source,
``.env.example`` or a config file, names a service. Also found here: the environment variable
names the source reads (``os.environ[...]``, ``os.getenv(...)``, ``environ.get(...)``,
``env(...)``, ``config(...)``) and the Celery app a worker must load. Only ``ast`` and text
parsing; the project's code is never imported.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProjectError
from ..facts import Fact, ProjectFacts
from .ast_utils import call_name, module_name, parse_source
from .files import exists, iter_python_files, read_text, within_scan_budget
from .found import ServicesFound

# Requirement name (PEP 503 normalised) -> service kind.
PACKAGES: dict[str, str] = {
    "psycopg": "postgres", "psycopg-binary": "postgres", "psycopg2": "postgres",
    "psycopg2-binary": "postgres", "asyncpg": "postgres", "pg8000": "postgres",
    "mysqlclient": "mysql", "pymysql": "mysql", "aiomysql": "mysql", "asyncmy": "mysql",
    "mysql-connector-python": "mysql", "mariadb": "mariadb",
    "redis": "redis", "rq": "redis", "aioredis": "redis", "django-redis": "redis",
    "pika": "rabbitmq", "aio-pika": "rabbitmq",
}
# URL scheme (before "://", driver suffix removed) -> service kind.
SCHEMES = {"postgres": "postgres", "postgresql": "postgres", "mysql": "mysql", "mariadb": "mariadb",
           "redis": "redis", "rediss": "redis", "amqp": "rabbitmq", "amqps": "rabbitmq"}
_URL = re.compile(r"\b(postgres|postgresql|mysql|mariadb|rediss?|amqps?)(?:\+\w+)?://")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Calls whose first string argument is an environment variable name.
_ENV_CALLS = ("getenv", "environ.get", "environ.setdefault", "environ.str", "environ.int")
_ENV_FUNCS = ("env", "config", "env.str", "env.int", "env.bool", "env.url", "env.db_url", "env.cache_url")
# Text files besides the Python source where connection URLs are often written.
TEXT_FILES = (".env.example", ".env.sample", ".env.template", "settings.toml", "config.toml",
              "alembic.ini", "config.ini", "settings.ini", "app.ini", "config.yaml", "config.yml")
ORDER = ("postgres", "mysql", "mariadb", "redis", "rabbitmq")


def detect_services(root: Path, facts: ProjectFacts) -> ServicesFound:
    """Backing services, environment variable reads, the Celery app and an .env example."""
    scan = _scan_source(root)
    warnings: list[str] = []
    celery_app = env_example = celery_beat = None
    found: dict[str, Fact[str]] = {}
    for name in facts.packaging.requirements:
        kind = PACKAGES.get(name)
        if kind and kind not in found:
            found[kind] = Fact(kind, "detected", f"{requirement_evidence(root, facts, name)} {name}")
    for kind, where in scan.urls.items():
        found.setdefault(kind, Fact(kind, "detected", f"{where} {kind} URL"))
    if "celery" in facts.packaging.requirements:
        broker = _celery_broker(root, facts, scan.urls)
        found.setdefault(broker.value, broker)
        celery_app = scan.celery_app
        celery_beat = scan.celery_beat if celery_app is not None else None
        if celery_app is None:
            warnings.append("celery is a dependency but no `Celery(...)` app was found; "
                            "no worker service is generated.")
    for name in (".env.example", ".env.sample"):
        if exists(root, name):
            env_example = Fact(name, "detected", name)
            break
    return ServicesFound(tuple(found[k] for k in ORDER if k in found), tuple(scan.env_reads.values()),
                         celery_app, env_example, tuple(warnings), celery_beat)


@dataclass
class SourceScan:
    urls: dict[str, str] = field(default_factory=dict)  # kind -> file:line of its first URL
    env_reads: dict[str, Fact[str]] = field(default_factory=dict)  # name -> first read
    celery_app: Fact[str] | None = None
    celery_beat: Fact[str] | None = None  # DG2047: where the source declares a beat schedule


# DG2047: a periodic-task schedule in the source: the app needs a Celery beat process.
_BEAT = re.compile(r"\b(?:beat_schedule|CELERYBEAT_SCHEDULE|CELERY_BEAT_SCHEDULE|add_periodic_task|periodic_task)\b")


def _scan_source(root: Path) -> SourceScan:
    """One pass over the text files and the Python source (each file read and parsed once)."""
    scan = SourceScan()
    for relpath in TEXT_FILES:
        _scan_urls(_read(root, relpath), relpath, scan.urls)
    for relpath in iter_python_files(root, max_files=400):
        text = _read(root, relpath)
        if not within_scan_budget(root, "services", text):
            break  # DG1036
        _scan_urls(text, relpath, scan.urls)
        beat = _BEAT.search(text or "") if scan.celery_beat is None else None
        if beat and text:
            line = text.count("\n", 0, beat.start()) + 1
            scan.celery_beat = Fact(beat.group(0), "detected", f"{relpath}:{line}")
        tree = parse_source(root, text, relpath)
        if tree is None:
            continue
        if scan.celery_app is None:
            scan.celery_app = _celery_app_in(tree, relpath)
        for node in ast.walk(tree):
            name = _env_name(node)
            if name and name not in scan.env_reads:
                line = getattr(node, "lineno", 0)  # _env_name accepts Call and Subscript nodes only
                scan.env_reads[name] = Fact(name, "detected", f"{relpath}:{line}")
    return scan


def requirement_evidence(root: Path, facts: ProjectFacts, name: str) -> str:
    """``requirements.txt:3`` for the first line that names ``name`` in a dependency file."""
    pattern = re.compile(r"(?<![\w.-])" + "[-_.]".join(map(re.escape, re.split(r"[-_.]", name)))
                         + r"(?![\w-])", re.I)
    for relpath in facts.packaging.dependency_files:
        text = _read(root, relpath) or ""
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.lstrip().startswith("#") and pattern.search(line):
                return f"{relpath}:{lineno}"
    return facts.packaging.dependency_files[0] if facts.packaging.dependency_files else "dependencies"


def _celery_broker(root: Path, facts: ProjectFacts, urls: dict[str, str]) -> Fact[str]:
    """Celery's broker: a redis:// or amqp:// URL in the text, else redis when the client is a
    dependency, else RabbitMQ (Celery's default transport is AMQP)."""
    celery = requirement_evidence(root, facts, "celery")
    if "rabbitmq" in urls:
        return Fact("rabbitmq", "detected", f"{celery} celery; broker {urls['rabbitmq']} amqp URL")
    if "redis" in urls:
        return Fact("redis", "detected", f"{celery} celery; broker {urls['redis']} redis URL")
    if "redis" in facts.packaging.requirements:
        return Fact("redis", "detected", f"{celery} celery with the redis client")
    return Fact("rabbitmq", "detected", f"{celery} celery (default AMQP broker)")


def _scan_urls(text: str | None, relpath: str, found: dict[str, str]) -> None:
    for lineno, line in enumerate((text or "").splitlines(), 1):
        for match in _URL.finditer(line):
            found.setdefault(SCHEMES[match.group(1)], f"{relpath}:{lineno}")


def _celery_app_in(tree: ast.Module, relpath: str) -> Fact[str] | None:
    """``module:attr`` of a module-level ``x = Celery(...)`` (shallow files come first)."""
    for node in tree.body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                and call_name(node.value).rsplit(".", 1)[-1] == "Celery"
                and isinstance(node.targets[0], ast.Name)):
            return Fact(f"{module_name(relpath)}:{node.targets[0].id}", "detected", f"{relpath}:{node.lineno}")
    return None


def _env_name(node: ast.AST) -> str | None:
    key: ast.AST | None = None
    if isinstance(node, ast.Call) and node.args:
        func = call_name(node)
        if func.endswith(_ENV_CALLS) or func in _ENV_FUNCS:
            key = node.args[0]
    elif isinstance(node, ast.Subscript) and call_name(node.value).endswith("environ"):
        key = node.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and _ENV_NAME.match(key.value):
        return key.value
    return None


MAX_SCAN_BYTES = 512 * 1024


def _read(root: Path, relpath: str) -> str | None:
    try:
        return read_text(root, relpath, limit=MAX_SCAN_BYTES)  # DG1036: generated modules are not scanned
    except ProjectError:
        return None
