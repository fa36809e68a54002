"""DG2045: SQLite databases from every ORM and driver, and where the image puts them."""

from __future__ import annotations

import pytest

from dockergen import generate
from dockergen.inspection import inspect_project

DJANGO_SETTINGS = (
    "import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
    "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': %s}}\n"
)
MANAGE = ("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
          "from django.core.management import execute_from_command_line\n")


def _dockerfile(root) -> str:
    return next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")


@pytest.mark.parametrize("name", ["BASE_DIR / 'db.sqlite3'", "os.path.join(BASE_DIR, 'db.sqlite3')",
                                  "str(BASE_DIR / \"db.sqlite3\")",
                                  "os.environ.get('SQLITE_PATH', BASE_DIR / 'db.sqlite3')"])
def test_django_default_database_is_a_link_into_data(tree, name):
    root = tree({"manage.py": MANAGE, "mysite/__init__.py": "", "mysite/settings.py": DJANGO_SETTINGS % name})
    facts = inspect_project(root)
    assert [(f.path, f.link, f.origin) for f in facts.app.sqlite_files] == [
        ("db.sqlite3", "data/db.sqlite3", "Django DATABASES NAME")]
    assert facts.app.writable_dirs == ["data"]


def test_django_name_built_from_the_environment_in_a_settings_package(tree):
    """wagtail/bakerydemo: os.path.join(BASE_DIR, os.environ.get("DATABASE_NAME", "bakerydemodb"))
    over two dirname() calls, split across lines; a settings module that imports BASE_DIR from
    base.py still names the root."""
    base = ("import os\nPROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
            "BASE_DIR = os.path.dirname(PROJECT_DIR)\nDATABASES = {'default': {\n"
            "    'ENGINE': 'django.db.backends.sqlite3',\n    'NAME': os.path.join(\n"
            "        BASE_DIR, os.environ.get('DATABASE_NAME', 'bakerydemodb')\n    ),\n}}\n")
    dev = "from .base import *\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', " \
          "'NAME': BASE_DIR / 'dev.sqlite3'}}\n"
    root = tree({"manage.py": MANAGE, "mysite/__init__.py": "", "mysite/settings/__init__.py": "",
                 "mysite/settings/base.py": base, "mysite/settings/dev.py": dev})
    found = {f.path: (f.link, f.evidence) for f in inspect_project(root).app.sqlite_files}
    assert found == {"bakerydemodb": ("data/bakerydemodb", "mysite/settings/base.py:6 (Django DATABASES NAME)"),
                     "dev.sqlite3": ("data/dev.sqlite3", "mysite/settings/dev.py:2 (Django DATABASES NAME)")}


def test_django_name_outside_a_sqlite_settings_file_is_not_a_database(tree):
    """Only a file naming the sqlite3 backend: a Postgres NAME of BASE_DIR / 'x' is no file."""
    root = tree({"settings.py": "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', "
                                "'NAME': BASE_DIR / 'app'}}\n"})
    assert inspect_project(root).app.sqlite_files == []


@pytest.mark.parametrize(("source", "path", "origin"), [
    ("import sqlite3\ncon = sqlite3.connect('notes.db')\n", "notes.db", "sqlite3.connect"),
    ("from peewee import SqliteDatabase\ndb = SqliteDatabase('people.db')\n", "people.db", "peewee SqliteDatabase"),
    ("from sqlalchemy import create_engine\nengine = create_engine('sqlite+pysqlite:///shop.db')\n", "shop.db",
     "SQLAlchemy URL"),
    ("from fasthtml.common import *\napp, rt = fast_app(db_file='todos.db')\n", "todos.db",
     "FastHTML/fastlite database"),
    ("from fastlite import database\ndb = database('notes.sqlite')\n", "notes.sqlite", "FastHTML/fastlite database"),
])
def test_drivers_and_orms_at_the_root_are_links(tree, source, path, origin):
    facts = inspect_project(tree({"main.py": source}))
    assert [(f.path, f.link, f.origin) for f in facts.app.sqlite_files] == [(path, f"data/{path}", origin)]


def test_memory_database_is_no_file(tree):
    facts = inspect_project(tree({"main.py": "import sqlite3\ncon = sqlite3.connect(':memory:')\n"}))
    assert facts.app.sqlite_files == [] and facts.app.writable_dirs == []


def test_fasthtml_database_in_a_folder_gets_the_folder(tree):
    """FastHTML's todo example: app, rt, todos, Todo = fast_app('data/todos.db', ...)."""
    source = "from fasthtml.common import *\napp, rt, todos, Todo = fast_app('data/todos.db', id=int, pk='id')\n"
    facts = inspect_project(tree({"main.py": source}))
    assert facts.app.writable_dirs == ["data"]
    assert [(f.path, f.link) for f in facts.app.sqlite_files] == [("data/todos.db", "")]


def test_database_in_its_own_folder_gets_the_folder_no_link(tree):
    facts = inspect_project(tree({"main.py": "import sqlite3\ncon = sqlite3.connect('var/notes.db')\n"}))
    assert facts.app.writable_dirs == ["var"]
    assert [(f.path, f.link) for f in facts.app.sqlite_files] == [("var/notes.db", "")]


def test_database_inside_a_code_package_is_a_link(tree):
    facts = inspect_project(tree({"shop/__init__.py": "", "shop/db.py": "URL = 'sqlite:///shop/app.db'\n"}))
    assert [(f.path, f.link) for f in facts.app.sqlite_files] == [("shop/app.db", "data/shop-app.db")]
    assert "shop" not in facts.app.writable_dirs


def test_flask_sqlalchemy_3_urls_are_relative_to_the_instance_folder(tree):
    app = ("from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\napp = Flask(__name__)\n"
           "app.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite:///project.db'\n")
    facts = inspect_project(tree({"app.py": app, "requirements.txt": "flask\nflask-sqlalchemy\n"}))
    assert [(f.path, f.link, f.origin) for f in facts.app.sqlite_files] == [
        ("instance/project.db", "", "Flask-SQLAlchemy URL")]
    assert facts.app.writable_dirs == ["instance"]
    old = inspect_project(tree({"app.py": app, "requirements.txt": "flask\nflask-sqlalchemy==2.5.1\n"}))
    assert [f.path for f in old.app.sqlite_files] == ["project.db"]  # 2.x: relative to the working directory


def test_flask_instance_path_database(tree):
    app = ("import os\nfrom flask import Flask\napp = Flask(__name__)\n"
           "app.config['DATABASE'] = os.path.join(app.instance_path, 'flaskr.sqlite')\n")
    facts = inspect_project(tree({"app.py": app}))
    assert [(f.path, f.link, f.origin) for f in facts.app.sqlite_files] == [
        ("instance/flaskr.sqlite", "", "Flask instance_path")]


def test_absolute_paths_outside_the_app_are_never_handed_over(tree):
    """DG3043 kept: no link, no folder, a warning to mount a volume."""
    facts = inspect_project(tree({"main.py": "import sqlite3\ncon = sqlite3.connect('/usr/local/bin/x.db')\n"}))
    assert facts.app.sqlite_files == [] and facts.app.writable_dirs == []
    assert any("/usr/local/bin" in w and "volume" in w for w in facts.warnings)
    inside = inspect_project(tree({"main.py": "URL = 'sqlite:////app/db.sqlite3'\n"}))
    assert [(f.path, f.link) for f in inside.app.sqlite_files] == [("db.sqlite3", "data/db.sqlite3")]


def test_dockerfile_links_the_database_and_moves_a_shipped_one(tree):
    root = tree({"main.py": "import sqlite3\ncon = sqlite3.connect('notes.db')\nprint(1)\n", "notes.db": "x"})
    dockerfile = _dockerfile(root)
    assert ("RUN install -d -o 10001 -g 10001 data \\\n && mv notes.db data/notes.db \\\n"
            " && chown 10001:10001 data/notes.db \\\n && ln -s /app/data/notes.db notes.db\n") in dockerfile
    assert "DG2045" in dockerfile
    assert dockerfile.index("COPY . .") < dockerfile.index("ln -s") < dockerfile.index("USER 10001")


def test_a_data_folder_that_is_code_gets_no_link(tree):
    facts = inspect_project(tree({"main.py": "URL = 'sqlite:///app.db'\n", "data/__init__.py": ""}))
    assert facts.app.sqlite_files == [] and facts.app.writable_dirs == []
    assert any("DG2045" in w for w in facts.warnings)


@pytest.mark.parametrize("setting", [
    'app.config.update({"DATABASE": Path(app.root_path) / "blog.db"})',  # Quart's blog tutorial
    'app.config["DB_PATH"] = os.path.join(app.root_path, "blog.db")',
    'app.config.from_mapping(SQLITE_FILE=str(Path(app.root_path, "blog.db")))',
])
def test_a_database_setting_opened_by_sqlite3_connect_is_found_in_the_package(tree, setting):
    """DG2045: sqlite3.connect(app.config[...]) opens a setting named like a database; its value,
    read with path_expr, is inside the package folder (app.root_path), so it is a link."""
    code = ("import os\nfrom pathlib import Path\nfrom sqlite3 import dbapi2 as sqlite3\nfrom quart import Quart\n"
            f"app = Quart(__name__)\n{setting}\n"
            "def connect():\n    return sqlite3.connect(app.config['DATABASE'])\n")
    root = tree({"blog/__init__.py": code, "requirements.txt": "quart\n"})
    assert [(f.path, f.link, f.origin) for f in inspect_project(root).app.sqlite_files] == [
        ("blog/blog.db", "data/blog-blog.db", "database setting")]


def test_settings_not_named_like_a_database_or_without_sqlite3_connect_are_not_databases(tree):
    opens = "import sqlite3\ndef c(p):\n    return sqlite3.connect(p)\n"
    root = tree({"app.py": opens + "CACHE = 'cache.db'\nCONFIG = {'LOG': 'x.sqlite'}\n",
                 "other.py": "DATABASE = 'other.db'\n"})
    assert inspect_project(root).app.sqlite_files == []
