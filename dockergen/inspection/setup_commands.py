"""DG2046, DG2049: the setup commands dockergen knows (migrations, database creation), spelled once.

Two readers use this table: ``stated_commands.detect_setup_steps`` classifies the words of a
stated command (a Procfile ``release:`` line, the README) with :func:`setup_kind`, and
``procfile.web_setup_parts`` splits the setup commands a Procfile chains before its web server
(``migrate && gunicorn ...``) off the text with :func:`chained_setup`. Neither imports the other.
"""

from __future__ import annotations

import re

PYTHON = re.compile(r"^(python|python3|python3\.\d+|py)$")  # a word that runs the interpreter

# ``manage.py SUB`` -> its kind: "migrate" runs before every start; collectstatic is a setup
# command too, but the image runs it at build time (DG2035), so it is no start-time step ("").
DJANGO_SETUP = {"migrate": "migrate", "collectstatic": ""}
FLASK_MIGRATE = ("db", "upgrade")  # ``flask db upgrade`` (Flask-Migrate)
ALEMBIC_MIGRATE = ("upgrade", "head")  # ``alembic upgrade head``
FLASK_APP_OPTIONS = ("--app", "-A")  # options that name the app: ``flask --app flaskr init-db``
FLASK_VALUE_OPTIONS = (*FLASK_APP_OPTIONS, "--env-file", "-e")  # options followed by a value
# ``flask init-db`` and the like create the database (it may drop tables): "init", run only
# while the database file is missing. Also a program or script so named: ``init_db.py``, Pyramid's
# cookiecutter's ``initialize_PROJECT_db`` console script.
INIT_DB = r"(?:init|initiali[sz]e|create)[-_]?(?:[a-z0-9]+[-_])??(?:db|database|tables?)"
# ... of those, the ones a Procfile web: chain has split off so far (DG2049): ``init-db``, ``init_db``, ``initdb``.
CHAINED_INIT_DB = r"init[-_]?db"

_INIT_DB = re.compile(rf"^{INIT_DB}$", re.IGNORECASE)
# alembic's options before its subcommand, and those that take a value: ``alembic -c production.ini upgrade head``
ALEMBIC_VALUE_OPTIONS = ("-c", "--config", "-n", "--name", "-x")
_SPACE = r"\s+"
_CHAINED = re.compile(
    rf"^(?:python[\d.]*\s+)?(?:\./)?manage\.py\s+(?:{'|'.join(DJANGO_SETUP)})\b"
    rf"|^flask\s+(?:(?:{'|'.join(FLASK_APP_OPTIONS)})[ =]\S+\s+)?(?:{_SPACE.join(FLASK_MIGRATE)}|{CHAINED_INIT_DB})\b"
    rf"|^alembic\s+{_SPACE.join(ALEMBIC_MIGRATE)}\b")


def setup_kind(argv: list[str], by_name: bool = True) -> str:
    """DG2046: ``migrate`` for a schema migration that is safe on every start (``manage.py
    migrate``, ``flask db upgrade``, ``alembic upgrade head``), ``init`` for a command that creates
    the database (``flask --app flaskr init-db``: it may drop tables, so it runs only while the
    database file is missing), "" for anything else. ``by_name``: a program or script named
    like a database init (``python init_db.py``, ``initialize_wiki_db INI``) is "init" too; a
    Procfile release line is not read so: its platform runs it on every deploy, as stated."""
    words = [w for w in argv if w]
    if len(words) >= 3 and PYTHON.match(words[0]) and words[1].rsplit("/", 1)[-1] == "manage.py":
        return DJANGO_SETUP.get(words[2], "")
    if len(words) >= 2 and PYTHON.match(words[0]) and words[1].endswith(".py"):  # python init_db.py
        return "init" if by_name and is_init_db(words[1].rsplit("/", 1)[-1][:-3]) else ""
    if words[:1] == ["alembic"]:
        return "migrate" if tuple(_after_options(words[1:], ALEMBIC_VALUE_OPTIONS)[:2]) == ALEMBIC_MIGRATE else ""
    if words[:1] != ["flask"]:
        return "init" if by_name and words and is_init_db(words[0]) else ""  # initialize_wiki_db INI
    rest = _after_options(words[1:], FLASK_VALUE_OPTIONS)  # --app X, -A X, --app=X, --debug
    if tuple(rest[:2]) == FLASK_MIGRATE:
        return "migrate"
    return "init" if rest[:1] and is_init_db(rest[0]) else ""


def _after_options(words: list[str], value_options: tuple[str, ...]) -> list[str]:
    """``words`` from the first one that is not an option (or an option's value)."""
    rest = list(words)
    while rest[:1] and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] in value_options else rest[1:]
    return rest


def is_init_db(word: str) -> bool:
    """``init-db``, ``init_db``, ``create_tables``: a command named like one that creates the database."""
    return bool(_INIT_DB.match(word))


def chained_setup(part: str) -> bool:
    """DG2049: one ``&&`` part of a Procfile ``web:`` line (as text) is a known setup command."""
    return bool(_CHAINED.match(part))
