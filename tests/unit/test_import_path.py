"""DG2117: the folders a start file's own imports need are on the import path.

Inspection reads the imports (inspection/local_imports.py), the plan compares them with what the
start command puts on sys.path (import_path.py); both where the rule fires and where it must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dockergen import generate
from dockergen.commands import NICEGUI_RUNNER, honour_port
from dockergen.facts import AppFacts, LocalImport, ProjectFacts
from dockergen.import_path import import_path_part, read_launch
from dockergen.inspection import inspect_project
from dockergen.inspection.local_imports import local_imports
from dockergen.inspection.own_modules import folders_on_the_way
from dockergen.verify.diagnose import Hints, diagnose
from tests.conftest import build_tree

DASH = """
from dash import Dash, html

from components import *

app = Dash(__name__)
server = app.server
app.layout = html.Div(title)
"""
SOLARA = """
import solara as sl

from card_viewer.utils import greet


@sl.component
def Page():
    sl.Markdown(greet())
"""
SOLARA_README = "# viewer\n\n```shell\npip install -e .\nsolara run card_viewer/app.py\n```\n"


def _dockerfile(root, **options):
    return {f.path: f.content for f in generate(root, dry_run=True, **options).files}["Dockerfile"]


def _dash_tree(tree, **extra):
    return tree({
        "requirements.txt": "dash==2.15.0\ngunicorn==22.0.0\n",
        "Dockerfile": "FROM python:3.10-slim\nCOPY . ./\nCMD gunicorn --bind 0.0.0.0:8050 app.app:server\n",
        "app/__init__.py": "",
        "app/app.py": DASH,
        "app/components/__init__.py": "from .logo import title\n",
        "app/components/logo.py": "title = 'hello'\n",
        **extra,
    })


# --- inspection: which imports are the project's own, and where they are ---------------------


def test_a_sibling_package_of_the_start_file_is_found_in_its_folder(tree):
    facts = inspect_project(_dash_tree(tree))
    assert facts.app.local_imports["app/app.py"] == (
        LocalImport("components", "app/app.py:3", ("app",), "app/components/", ()),)


def test_a_root_package_imported_from_a_file_in_it_is_found_at_the_root(tree):
    root = tree({"requirements.txt": "solara\n", "README.md": SOLARA_README, "card_viewer/__init__.py": "",
                 "card_viewer/app.py": SOLARA, "card_viewer/utils.py": "def greet():\n    return 'hi'\n"})
    [found] = inspect_project(root).app.local_imports["card_viewer/app.py"]
    assert (found.module, found.evidence, found.folders, found.path) == ("card_viewer", "card_viewer/app.py:3",
                                                                        ("",), "card_viewer/")


def test_imports_reached_through_the_projects_own_modules_count(tree):
    """The start file's relative import runs views.py, whose `import helpers` needs web/."""
    root = tree({"requirements.txt": "flask\n", "web/__init__.py": "", "web/helpers.py": "X = 1\n",
                 "web/app.py": "from flask import Flask\nfrom .views import page\napp = Flask(__name__)\n",
                 "web/views.py": "import helpers\n\ndef page():\n    return helpers.X\n"})
    [found] = inspect_project(root).app.local_imports["web/app.py"]
    assert (found.module, found.evidence, found.folders) == ("helpers", "web/views.py:1", ("web",))


@pytest.mark.parametrize("source", [
    "import json\nimport flask\n",  # standard library, declared distribution
    "def f():\n    import helpers\n",  # runs only when called
    "try:\n    import helpers\nexcept ImportError:\n    helpers = None\n",  # the code's own way out
    "from . import helpers\n",  # relative: resolved by the package, not sys.path
])
def test_imports_that_need_no_folder_are_not_counted(tree, source):
    root = tree({"requirements.txt": "flask\n", "web/__init__.py": "", "web/helpers.py": "",
                 "web/json.py": "", "web/flask.py": "",
                 "web/app.py": source + "from flask import Flask\napp = Flask(__name__)\n"})
    assert inspect_project(root).app.local_imports == {}


def test_a_folder_holding_a_standard_library_name_is_marked(tree):
    root = _dash_tree(tree, **{"app/types.py": "X = 1\n"})
    [found] = inspect_project(root).app.local_imports["app/app.py"]
    assert found.shadows == ("types",)


@pytest.mark.parametrize("start", ["/wsgi.py", "/a/b/app.py", "../outside/app.py", "x/../../app.py"])
def test_a_start_file_outside_the_project_is_never_walked(tmp_path, start):
    """A path the project names may lead out of it (a Django settings module '.evil' gives /wsgi.py)."""
    assert folders_on_the_way(start) == [""]
    assert local_imports(build_tree(tmp_path / "p", {"app.py": "import helpers\n"}), start, set()) == ()


def test_a_start_file_that_does_not_parse_is_no_error(tree):
    root = _dash_tree(tree, **{"app/app.py": "from components import *\nserver = (\n"})
    text = _dockerfile(root, command="gunicorn app.app:server")
    assert "PYTHONPATH" not in text


def test_a_declaration_less_project_never_installs_its_own_sibling_module(tree):
    """DG1092 uses the same look-up: `import pages` beside the importing file is not a distribution."""
    root = tree({"portal/__init__.py": "", "portal/pages.py": "X = 1\n",
                 "portal/server.py": "import pages\nimport requests\nprint(pages.X, requests)\n"})
    assert [need.module for need in inspect_project(root).packaging.import_needs] == ["requests"]


# --- the plan: what the start command puts on sys.path -----------------------------------------


@pytest.mark.parametrize(("argv", "target", "is_file", "folders"), [
    (["gunicorn", "--access-logfile", "-", "app.app:server"], "app.app", False, ("",)),
    (["gunicorn", "-c", "conf.py", "--pythonpath", "src,lib", "pkg.wsgi:application"], "pkg.wsgi", False,
     ("", "src", "lib")),
    (honour_port(["uvicorn", "main:app", "--app-dir", "/app/src"], "--port", 8000), "main", False, ("", "src")),
    (["celery", "-A", "proj.celery:app", "worker"], "proj.celery", False, ("",)),
    (["python", "-m", "chatapp.main"], "chatapp.main", False, ("",)),
    (["python3", "-u", "web/server.py", "--port", "80"], "web/server.py", True, ("web",)),
    (["python", "-c", NICEGUI_RUNNER, "ui/main.py"], "ui/main.py", True, ("ui",)),
    (honour_port(["streamlit", "run", "src/app.py", "--server.headless=true"], "--server.port", 8501),
     "src/app.py", True, ("src",)),
    (["solara", "run", "card_viewer/app.py", "--host", "0.0.0.0"], "card_viewer/app.py", True, ("card_viewer",)),
    (["sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT web.app:app"], "web.app", False, ("",)),
    (["/usr/bin/tini", "--", "python", "app.py"], "app.py", True, ("",)),
])
def test_the_folders_a_start_command_puts_on_sys_path(argv, target, is_file, folders):
    launch = read_launch(argv)
    assert launch is not None and (launch.target, launch.is_file, launch.folders) == (target, is_file, folders)


@pytest.mark.parametrize("argv", [
    ["mycli", "--help"],  # a console script: what it imports is its own business
    ["sh", "-c", "python manage.py migrate && gunicorn app:app"],  # shell syntax
    ["python", "-c", "print(1)"],
    ["flask", "--app", "app", "run"],  # served by the plan's own server
    [],
])
def test_a_command_whose_path_is_not_known_is_not_judged(argv):
    assert read_launch(argv) is None


def _facts(file, *imports):
    return ProjectFacts(root=Path("."), app=AppFacts(local_imports={file: tuple(imports)}))


def test_a_missing_folder_is_added_after_the_servers_own_pythonpath():
    facts = _facts("app/main.py", LocalImport("helpers", "app/main.py:2", ("app",), "app/helpers.py"))
    part = import_path_part(facts, ["sanic", "app.main:app"], (("PYTHONPATH", "src"),))
    assert part.value == "src:/app/app"
    assert part.notes == ("DG2117: app/main.py:2 imports helpers (app/helpers.py), but `sanic app.main:app` puts "
                          "only /app on sys.path: /app/app is added",)


def test_a_folder_on_the_path_already_or_an_installed_project_adds_nothing():
    root_pkg = LocalImport("shop", "shop/app.py:1", ("",), "shop/")
    assert import_path_part(_facts("shop/app.py", root_pkg), ["python", "-m", "shop.app"], ()).value == ""
    assert import_path_part(_facts("shop/app.py", root_pkg), ["streamlit", "run", "shop/app.py"], ()).value == "/app"
    assert import_path_part(_facts("shop/app.py", root_pkg), ["streamlit", "run", "shop/app.py"], (),
                            installed=True).value == ""


def test_a_folder_that_would_hide_the_standard_library_is_a_warning_not_a_path():
    found = LocalImport("helpers", "app/main.py:2", ("app",), "app/helpers.py", ("types",))
    part = import_path_part(_facts("app/main.py", found), ["gunicorn", "app.main:app"], ())
    assert part.value == "" and not part.notes
    assert "/app/app is not added to PYTHONPATH" in part.warnings[0] and "types" in part.warnings[0]


# --- the Dockerfile ----------------------------------------------------------------------------


def test_a_module_started_from_the_root_gets_its_own_folder_on_the_path(tree):
    """dash-on-az: `gunicorn app.app:server` with app/app.py importing its sibling components."""
    text = _dockerfile(_dash_tree(tree))
    assert ('# DG2117: app/app.py:3 imports components (app/components/), but `gunicorn app.app:server` puts '
            'only /app on sys.path: /app/app is added.\nENV PYTHONPATH="/app/app"\n') in text


def test_a_file_started_from_its_folder_gets_the_app_folder_on_the_path(tree):
    """solara-card-viewer: `solara run card_viewer/app.py` with app.py importing card_viewer.utils."""
    root = tree({"requirements.txt": "solara\n", "README.md": SOLARA_README, "card_viewer/__init__.py": "",
                 "card_viewer/app.py": SOLARA, "card_viewer/utils.py": "def greet():\n    return 'hi'\n"})
    report = generate(root, dry_run=True)
    text = {f.path: f.content for f in report.files}["Dockerfile"]
    assert 'ENV PYTHONPATH="/app"\n' in text and "`solara run card_viewer/app.py` puts only /app/card_viewer" in text
    assert any(line.startswith("PYTHONPATH /app (DG2117") for line in report.summary)


def test_imports_the_start_command_already_serves_change_nothing(tmp_path):
    """A root app importing a root module, and DG1037's package module importing its package."""
    flat = build_tree(tmp_path / "flat", {"requirements.txt": "flask\n", "helpers.py": "X = 1\n",
                                          "app.py": "from flask import Flask\nimport helpers\napp = Flask(__name__)\n"})
    assert "PYTHONPATH" not in _dockerfile(flat)
    main = "from aiohttp import web\nfrom chat import views\nweb.run_app(web.Application())\n"
    package = build_tree(tmp_path / "package", {"requirements.txt": "aiohttp\n", "chat/__init__.py": "",
                                                "chat/views.py": "import chat\n", "chat/main.py": main})
    text = _dockerfile(package)
    assert '"-m", "chat.main"' in text and "PYTHONPATH" not in text


def test_a_stdlib_shadowing_folder_is_warned_about_and_left_off(tree):
    report = generate(_dash_tree(tree, **{"app/logging.py": "X = 1\n"}), dry_run=True)
    assert "PYTHONPATH" not in {f.path: f.content for f in report.files}["Dockerfile"]
    assert any(w.startswith("DG2117:") and "logging" in w for w in report.warnings)


# --- verify: DG4001 names the rule --------------------------------------------------------------


def test_verify_names_dg2117_for_an_own_module_off_the_path():
    log = ("Traceback (most recent call last):\n  File \"/app/app/app.py\", line 3\n"
           "ModuleNotFoundError: No module named 'components'\n")
    found = diagnose("start", log, Hints(own_imports={"components": "app/app.py:3 (app/components/, in /app/app)"}))
    assert found.code == "DG4001" and found.detail.get("local")
    assert "DG2117" in found.cause and "app/app.py:3" in found.cause
    assert "dockergen init" in found.fix  # no --fix remedy: detail["local"] keeps extra_packages out
