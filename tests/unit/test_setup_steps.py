"""DG2046: setup steps (Procfile release, Django on SQLite, README setup commands) at start."""

from __future__ import annotations

import json
import re

import pytest

from dockergen import generate
from dockergen.inspection import inspect_project
from dockergen.inspection.stated_commands import setup_kind

FLASK = "from flask import Flask\napp = Flask(__name__)\n"
TINI_SH = ["/usr/bin/tini", "--", "sh", "-c"]


def _entrypoint(root, **options) -> tuple[list[str], str]:
    dockerfile = next(f.content for f in generate(root, dry_run=True, **options).files if f.path == "Dockerfile")
    match = re.search(r"^ENTRYPOINT (.*)$", dockerfile, re.M)
    return (json.loads(match.group(1)) if match else []), dockerfile


@pytest.mark.parametrize(("command", "kind"), [
    ("python manage.py migrate", "migrate"), ("python3 manage.py migrate --noinput", "migrate"),
    ("flask --app flaskr init-db", "init"), ("flask init_db", "init"), ("flask --app=app create-db", "init"),
    ("flask db upgrade", "migrate"), ("alembic upgrade head", "migrate"),
    ("flask db migrate", ""), ("flask db init", ""), ("flask --app x run", ""), ("python manage.py runserver", ""),
    ("python manage.py createsuperuser", ""), ("pip install -r requirements.txt", ""),
    ("alembic -c development.ini upgrade head", "migrate"), ("alembic --config=a.ini upgrade head", "migrate"),
    ("alembic -c development.ini revision --autogenerate -m init", ""),
    ("initialize_tutorial_db development.ini", "init"), ("python init_db.py", "init"),
    ("python scripts/create_tables.py", "init"), ("create_user admin", ""), ("python app.py", ""),
])
def test_setup_kind(command, kind):
    assert setup_kind(command.split()) == kind


def test_django_on_sqlite_migrates_before_the_server_then_execs_it(tree):
    root = tree({"manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
                 "mysite/__init__.py": "", "mysite/wsgi.py": "application = None\n",
                 "mysite/settings.py": "BASE_DIR = None\nWSGI_APPLICATION = 'mysite.wsgi.application'\n"
                                       "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', "
                                       "'NAME': BASE_DIR / 'db.sqlite3'}}\n",
                 "requirements.txt": "django\n"})
    entrypoint, dockerfile = _entrypoint(root)
    assert entrypoint == [*TINI_SH, 'set -e; python manage.py migrate --noinput; exec "$@"', "sh"]
    assert "DG2046" in dockerfile and "tini" in dockerfile.split("apt-get install", 1)[1].split("rm -rf")[0]
    assert re.search(r'^CMD \["gunicorn"', dockerfile, re.M)  # the server stays the CMD
    off, dockerfile = _entrypoint(root, setup_steps=False)
    assert "migrate" not in " ".join(off)


def test_django_on_postgres_has_no_step(tree):
    root = tree({"manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
                 "mysite/__init__.py": "", "mysite/wsgi.py": "application = None\n",
                 "mysite/settings.py": "WSGI_APPLICATION = 'mysite.wsgi.application'\n"
                                       "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql'}}\n",
                 "requirements.txt": "django\npsycopg2-binary\n"})
    entrypoint, _ = _entrypoint(root)
    assert "sh" not in entrypoint


def test_procfile_release_runs_as_stated(tree):
    root = tree({"app.py": FLASK, "requirements.txt": "flask\nflask-migrate\n",
                 "Procfile": "web: gunicorn app:app\nrelease: flask db upgrade\n"})
    facts = inspect_project(root)
    assert [(s.argv, s.evidence, s.kind) for s in facts.app.setup_steps] == [
        (("flask", "db", "upgrade"), "Procfile:2", "migrate")]
    entrypoint, dockerfile = _entrypoint(root)
    assert entrypoint[4] == 'set -e; flask db upgrade; exec "$@"'
    assert "the Procfile release step at Procfile:2" in dockerfile


def test_readme_init_db_runs_only_while_the_database_is_missing(tree):
    app = ("import os\nfrom flask import Flask\napp = Flask(__name__)\n"
           "app.config['DATABASE'] = os.path.join(app.instance_path, 'flaskr.sqlite')\n")
    readme = "# Flaskr\n\nCreate the database:\n\n```\n$ flask --app app init-db\n$ flask --app app run\n```\n"
    root = tree({"app.py": app, "requirements.txt": "flask\n", "README.md": readme})
    entrypoint, _ = _entrypoint(root)
    assert entrypoint[4] == 'set -e; [ -e instance/flaskr.sqlite ] || flask --app app init-db; exec "$@"'


def test_readme_step_for_an_external_database_is_a_warning_not_a_step(tree):
    readme = "Run `python manage.py migrate` once.\n"
    root = tree({"app.py": FLASK, "requirements.txt": "flask\n", "README.md": readme})
    report = generate(root, dry_run=True)
    assert any("README.md:1 states `python manage.py migrate`" in w and "DG2046" in w for w in report.warnings)
    entrypoint, _ = _entrypoint(root)
    assert "sh" not in entrypoint


def test_readme_without_setup_commands_has_no_steps(tree):
    root = tree({"app.py": FLASK, "README.md": "```\npip install -r requirements.txt\nflask run\npytest\n```\n"})
    assert inspect_project(root).app.setup_steps == []


def test_cli_flag_and_config_key_switch_the_steps_off(tree):
    from typer.testing import CliRunner

    from dockergen.cli import app

    files = {"app.py": FLASK, "requirements.txt": "flask\n", "Procfile": "web: gunicorn app:app\nrelease: flask db upgrade\n"}
    root = tree(files)
    result = CliRunner().invoke(app, ["init", str(root), "--yes", "--dry-run", "--no-setup-steps"])
    assert result.exit_code == 0, result.output
    assert "setup steps off" in result.output and "sh -c" not in result.output
    on, _ = _entrypoint(root)
    assert on[:4] == TINI_SH
    (root / ".dockergen.toml").write_text("setup_steps = false\n")
    entrypoint, _ = _entrypoint(root)
    assert "sh" not in entrypoint


@pytest.mark.parametrize(("release", "argv", "line"), [
    ('yes "yes" | python manage.py migrate', ("python", "manage.py", "migrate"),
     '( yes "yes" | python manage.py migrate )'),
    ("python init_db.py && echo done > /dev/null", ("echo", "done"), "( python init_db.py && echo done > /dev/null )"),
    ("python init_db.py", ("python", "init_db.py"), "python init_db.py"),
])
def test_a_release_line_with_shell_syntax_runs_through_the_shell_as_stated(tree, release, argv, line):
    """DG2046: a platform runs the release line through a shell; `yes | CMD` is a pipeline, never
    `yes` given the words `|`, CMD... (which prints forever, so the server never starts)."""
    root = tree({"app.py": FLASK, "requirements.txt": "flask\n", "Procfile": f"web: gunicorn app:app\nrelease: {release}\n"})
    [step] = inspect_project(root).app.setup_steps
    assert step.argv == argv and step.shell == (release if line.startswith("(") else "")
    entrypoint, _ = _entrypoint(root)
    assert entrypoint[4] == f'set -e; {line}; exec "$@"'


SQLITE_APP = ("import os, sqlite3\nfrom flask import Flask\napp = Flask(__name__)\n"
              "app.config.update(DATABASE=os.path.join(app.root_path, 'notes.db'))\n"
              "def db():\n    return sqlite3.connect(app.config['DATABASE'])\n"
              "def init_db():\n    pass\n")


def _script_project(tree, layout: str, scripts: str):
    pyproject = ('[project]\nname = "notes"\nversion = "1"\ndependencies = ["flask"]\n' + scripts
                 + '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n')
    return tree({"pyproject.toml": pyproject, f"{layout}notes/__init__.py": SQLITE_APP})


def test_a_console_script_named_like_a_database_init_creates_the_database_once(tree):
    """DG2120: `init-db = "notes:init_db"` of a src/ package the image installs runs as itself,
    guarded by the link's own file in data/ (the path the app opens is in site-packages)."""
    root = _script_project(tree, "src/", '[project.scripts]\ninit-db = "notes:init_db"\nserve = "notes:run"\n')
    facts = inspect_project(root)
    assert [(s.argv, s.origin, s.kind, s.target) for s in facts.app.setup_steps] == [
        (("init-db",), "script", "init", "notes:init_db")]
    entrypoint, dockerfile = _entrypoint(root)
    assert entrypoint[4] == 'set -e; [ -e data/src-notes-notes.db ] || init-db; exec "$@"'
    assert "the console script that creates the database at pyproject.toml [project.scripts] init-db" in dockerfile


def test_an_init_script_of_a_project_the_image_does_not_install_runs_its_function(tree):
    """A flat layout runs from /app and is not installed (DG2112): no init-db on PATH, so the
    step calls the script's function, guarded by the database's own path."""
    root = _script_project(tree, "", '[project.scripts]\ncreate_tables = "notes:init_db"\n')
    entrypoint, _ = _entrypoint(root)
    assert entrypoint[4] == ("set -e; [ -e data/notes-notes.db ] || python -c 'import sys; from notes import "
                             "init_db; sys.exit(init_db())'; exec \"$@\"")


def test_a_stated_init_step_wins_over_the_init_script(tree):
    root = _script_project(tree, "src/", '[project.scripts]\ninit_db = "notes:init_db"\n')
    (root / "README.md").write_text("```\nflask --app notes init-db\n```\n")
    assert [s.origin for s in inspect_project(root).app.setup_steps] == ["readme"]


def test_scripts_not_named_like_a_database_init_are_no_steps(tree):
    root = _script_project(tree, "src/", '[project.scripts]\nnotes = "notes:main"\ndb-shell = "notes:shell"\n')
    assert inspect_project(root).app.setup_steps == []


def test_pyramid_readme_steps_run_against_the_served_ini_and_load_data_once(tree):
    """DG2046 + DG1058: `env/bin/alembic -c development.ini upgrade head` is the image's alembic on
    production.ini; the loading script after it tests whether the file existed before the steps."""
    pyproject = ('[project]\nname = "wiki"\nversion = "1"\ndependencies = ["pyramid", "alembic"]\n'
                 '[project.entry-points."paste.app_factory"]\nmain = "wiki:main"\n'
                 '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n')
    ini = "[app:main]\nuse = egg:wiki\nsqlalchemy.url = sqlite:///%(here)s/wiki.sqlite\n"
    readme = ("```\nenv/bin/alembic -c development.ini upgrade head\n```\n\n"
              "```\nenv/bin/initialize_wiki_db development.ini\n```\n")
    main = "from pyramid.config import Configurator\ndef main(global_config, **settings):\n    return None\n"
    root = tree({"pyproject.toml": pyproject, "production.ini": ini, "development.ini": ini, "README.md": readme,
                 "wiki/__init__.py": main})
    facts = inspect_project(root)
    assert [(f.path, f.evidence) for f in facts.app.sqlite_files] == [
        ("wiki.sqlite", "production.ini:3 (paste ini SQLAlchemy URL)")]
    assert [s.argv for s in facts.app.setup_steps] == [("alembic", "-c", "development.ini", "upgrade", "head"),
                                                       ("initialize_wiki_db", "development.ini")]
    entrypoint, _ = _entrypoint(root)
    assert entrypoint[4] == ('set -e; [ -e data/wiki.sqlite ] || new_database=1; alembic -c production.ini upgrade '
                             'head; [ -z "${new_database:-}" ] || initialize_wiki_db production.ini; exec "$@"')
