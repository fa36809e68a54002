"""DG2045: path expressions of settings, evaluated with ast where they point in the image."""

from __future__ import annotations

import ast

import pytest

from dockergen.inspection.path_expr import PathNames

HEADER = ("import os\nfrom pathlib import Path\n"
          "PROJECT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
          "BASE_DIR = os.path.dirname(PROJECT_DIR)\nHERE = Path(__file__).resolve().parent\n")


@pytest.mark.parametrize(("expression", "expected"), [
    ("BASE_DIR", "."),
    ("PROJECT_DIR", "mysite"),
    ("HERE / 'db.sqlite3'", "mysite/settings/db.sqlite3"),
    ("os.path.join(BASE_DIR, os.environ.get('DATABASE_NAME', 'appdb'))", "appdb"),
    ("os.path.join(BASE_DIR, 'var', 'app.db')", "var/app.db"),
    ("str(Path(BASE_DIR) / 'db.sqlite3')", "db.sqlite3"),
    ("Path(__file__).resolve().parent.parent.parent / 'db.sqlite3'", "db.sqlite3"),
    ("f'{BASE_DIR}/data/app.db'", "data/app.db"),
    ("BASE_DIR + '/app.db'", "app.db"),
    ("os.getenv('SQLITE_PATH', '/var/lib/app.db')", "/var/lib/app.db"),
    ("env.str('SQLITE_PATH', default=os.path.join(BASE_DIR, 'app.db'))", "app.db"),
    ("config('SQLITE_PATH', default='local.db')", "local.db"),
    ("os.path.join(os.path.dirname(BASE_DIR), 'up.db')", "../up.db"),
    ("os.environ['DATABASE_NAME']", None),  # no default: not known
    ("settings.get('NAME', 'x.db')", None),  # a .get that is not the environment
    ("compute_path()", None),
    ("UNKNOWN / 'x.db'", None),
])
def test_expressions_evaluate_relative_to_the_project_root(expression, expected):
    tree = ast.parse(HEADER + f"VALUE = {expression}\n")
    assert PathNames(tree, "mysite/settings/base.py").values.get("VALUE") == expected


def test_a_reassigned_name_takes_its_last_value_and_an_unknown_one_forgets_it():
    tree = ast.parse("BASE = 'a'\nBASE = 'b'\nOTHER = 'x'\nOTHER = compute()\n")
    assert PathNames(tree, "s.py").values == {"BASE": "b"}


def test_a_fallback_stands_for_names_the_file_does_not_assign():
    tree = ast.parse("from .base import *\nVALUE = BASE_DIR / 'db.sqlite3'\n")
    assert PathNames(tree, "s/dev.py", fallback={"BASE_DIR": "."}).values["VALUE"] == "db.sqlite3"


def test_a_fallback_name_assigned_in_a_way_not_read_keeps_its_convention():
    tree = ast.parse("import environ\nBASE_DIR = environ.Path(__file__) - 2\nVALUE = BASE_DIR / 'db.sqlite3'\n")
    assert PathNames(tree, "s/settings.py", fallback={"BASE_DIR": "."}).values["VALUE"] == "db.sqlite3"


@pytest.mark.parametrize(("code", "relpath", "expected"), [
    ("app = Quart(__name__)\nVALUE = Path(app.root_path) / 'blog.db'\n", "src/blog/__init__.py", "src/blog/blog.db"),
    ("app = flask.Flask(__name__, static_folder='s')\nVALUE = os.path.join(app.root_path, 'x.db')\n", "app.py",
     "x.db"),
    ("app = Flask('other')\nVALUE = os.path.join(app.root_path, 'x.db')\n", "app.py", None),  # not this module
    ("app = make()\nVALUE = os.path.join(app.root_path, 'x.db')\n", "app.py", None),
])
def test_root_path_of_this_modules_flask_or_quart_app_is_its_folder(code, relpath, expected):
    tree = ast.parse("import os\nfrom pathlib import Path\n" + code)
    assert PathNames(tree, relpath).values.get("VALUE") == expected
