import json
import re

import pytest

from dockergen import generate
from dockergen.catalog.servers import is_dev_command
from dockergen.inspection import inspect_project


def test_flask_app_object_with_another_name(tree):
    root = tree({"requirements.txt": "flask\n", "wsgi.py": "from flask import Flask\nserver = Flask(__name__)\n"})
    facts = inspect_project(root)
    assert facts.app.framework.value == "flask"
    assert facts.app.app.value.spec == "wsgi:server"
    assert facts.app.app.evidence == "wsgi.py"


def test_flask_factory_in_package(tree):
    root = tree({
        "requirements.txt": "flask\n",
        "shop/__init__.py": "from flask import Flask\n\ndef create_app(config=None):\n    return Flask(__name__)\n",
    })
    assert inspect_project(root).app.app.value.spec == "shop:create_app()"


def test_factory_needing_arguments_is_not_a_candidate(tree):
    root = tree({"requirements.txt": "flask\n", "app.py": "from flask import Flask\n\ndef create_app(cfg):\n    return Flask(cfg)\n"})
    facts = inspect_project(root)
    assert facts.app.app is None
    assert any("app.py: create_app() needs arguments" in w and "--app" in w for w in facts.warnings)


def test_app_py_preferred_over_main_helper(tree):
    root = tree({
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "main.py": "from flask import Flask\nhelper = Flask('helper')\n",
    })
    facts = inspect_project(root)
    assert facts.app.app.value.spec == "app:app"
    assert any("Several possible apps" in w for w in facts.warnings) is False


def test_syntax_error_files_are_skipped(tree):
    root = tree({"broken.py": "def (:\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    assert inspect_project(root).app.app.value.spec == "app:app"


def test_port_from_app_run(tree):
    root = tree({"app.py": "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(port=5050)\n"})
    port = inspect_project(root).app.port
    assert (port.value, port.source) == (5050, "detected")
    assert port.evidence.startswith("app.py:4")


def test_plain_script(tree):
    facts = inspect_project(tree({"main.py": "print('hello')\n"}))
    assert facts.app.framework is None
    assert facts.app.command.value == ["python", "main.py"]


# ---- ASGI frameworks ----------------------------------------------------------------------

def test_fastapi_app_in_a_package(tree):
    facts = inspect_project(tree({"app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}))
    assert (facts.app.framework.value, facts.app.app.value.spec, facts.app.interface.value) == ("fastapi", "app.main:app", "asgi")


def test_starlette_litestar_quart_objects(tree):
    for module, cls, framework in (("starlette.applications", "Starlette", "starlette"),
                                   ("litestar", "Litestar", "litestar"), ("quart", "Quart", "quart")):
        root = tree({"server.py": f"from {module} import {cls}\nweb = {cls}()\n"})
        facts = inspect_project(root)
        assert (facts.app.framework.value, facts.app.app.value.spec) == (framework, "server:web")
        (root / "server.py").unlink()


def test_async_factory_from_fastapi_module(tree):
    facts = inspect_project(tree({"svc/api.py": "import fastapi\n\ndef create_app():\n    return fastapi.FastAPI()\n"}))
    assert facts.app.app.value.spec == "svc.api:create_app()" and facts.app.framework.value == "fastapi"


def test_module_level_app_built_by_a_factory_elsewhere(tree):
    facts = inspect_project(tree({
        "shop/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
        "wsgi.py": "from shop import create_app\napp = create_app()\n",
    }))
    assert facts.app.app.value.spec == "wsgi:app" and facts.app.framework.value == "flask"


def test_src_layout_module_name(tree):
    facts = inspect_project(tree({"src/svc/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}))
    assert facts.app.app.value.spec == "svc.main:app"


# ---- ambiguity ----------------------------------------------------------------------------

def test_two_equal_candidates_warn_and_are_listed(tree):
    facts = inspect_project(tree({
        "alpha/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "beta/app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }))
    assert facts.app.app.value.spec == "alpha.app:app"
    assert facts.app.app_candidates == ["alpha.app:app", "beta.app:app"]
    warning = next(w for w in facts.warnings if "Several possible apps" in w)
    assert "alpha.app:app, beta.app:app" in warning and "--app" in warning


def test_celery_in_a_web_project_does_not_win(tree):
    facts = inspect_project(tree({
        "app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "worker.py": "from celery import Celery\ncelery = Celery('w')\n",
    }))
    assert facts.app.framework.value == "fastapi"
    assert facts.app.app_candidates == ["app:app", "worker:celery"]
    assert not [w for w in facts.warnings if not w.startswith("DG1092")]  # no dependency file here


# ---- hints the project gives --------------------------------------------------------------

def test_flaskenv_hint_beats_conventions(tree):
    facts = inspect_project(tree({
        ".flaskenv": "FLASK_APP=portal.web\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "portal/web.py": "from flask import Flask\nsite = Flask(__name__)\n",
    }))
    assert facts.app.app.value.spec == "portal.web:site"
    assert facts.app.app.evidence == ".flaskenv:1"


def test_readme_flask_app_hint_with_factory(tree):
    facts = inspect_project(tree({
        "README.md": "# Portal\n\nRun it: `flask --app portal:create_app run --debug`\n",
        "portal/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    }))
    assert facts.app.app.value.spec == "portal:create_app()"
    assert facts.app.app.evidence == "README.md:3"


def test_procfile_web_command_and_bind_port(tree):
    facts = inspect_project(tree({
        "Procfile": "release: python manage.py migrate\nweb: gunicorn web:server --bind 0.0.0.0:5005\n",
        "web.py": "from flask import Flask\nserver = Flask(__name__)\n",
    }))
    assert facts.app.procfile_web.value == "gunicorn web:server --bind 0.0.0.0:5005"
    assert facts.app.procfile_web.evidence == "Procfile:2"
    assert (facts.app.port.value, facts.app.port.evidence) == (5005, "Procfile:2 --bind 0.0.0.0:5005")


# ---- Django -------------------------------------------------------------------------------

DJANGO = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings.dev')\n",
    "site_cfg/__init__.py": "",
    "site_cfg/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings.prod')\n",
    "site_cfg/settings/__init__.py": "",
    "site_cfg/settings/base.py": "import os\nSECRET_KEY = os.getenv('APP_SECRET', 'x')\n"
                                 "INSTALLED_APPS = ['django.contrib.staticfiles']\n"
                                 "WSGI_APPLICATION = 'site_cfg.wsgi.application'\nSTATIC_ROOT = 'static'\n",
    "site_cfg/settings/dev.py": "from .base import *\nDEBUG = True\n",
    "site_cfg/settings/prod.py": "from .base import *\nDEBUG = False\n",
    "site_cfg/celery.py": "from celery import Celery\napp = Celery('site_cfg')\n",
}


def test_django_settings_in_a_package(tree):
    facts = inspect_project(tree(DJANGO))
    assert facts.app.framework.value == "django"
    assert facts.app.django_settings.value == "site_cfg.settings.prod"  # what wsgi.py (production) uses
    assert facts.app.app.value.spec == "site_cfg.wsgi:application"
    assert "site_cfg/settings/prod.py" in facts.app.app.evidence
    assert facts.app.interface.value == "wsgi"
    assert facts.app.collectstatic.value is True
    assert facts.app.secret_key_env == ["APP_SECRET"]


def test_django_asgi_application_and_no_static_root(tree):
    files = dict(DJANGO)
    files["site_cfg/settings/base.py"] = "ASGI_APPLICATION = 'site_cfg.asgi.application'\n"
    facts = inspect_project(tree(files))
    assert facts.app.app.value.spec == "site_cfg.asgi:application"
    assert facts.app.interface.value == "asgi"
    assert facts.app.collectstatic is None


# ---- script-run servers -------------------------------------------------------------------

def test_streamlit_file_and_default_port(tree):
    facts = inspect_project(tree({
        "dashboard.py": "import streamlit as st\nst.write(1)\n",
        "pages/1_Stats.py": "import streamlit as st\n",
    }))
    assert (facts.app.framework.value, facts.app.entry_file.value) == ("streamlit", "dashboard.py")
    assert (facts.app.port.value, facts.app.port.source) == (8501, "default")


def test_gradio_port_from_launch(tree):
    facts = inspect_project(tree({"app.py": "import gradio as gr\ndemo = gr.Interface(None, 'text', 'text')\n"
                                            "demo.launch(server_port=7000)\n"}))
    assert facts.app.framework.value == "gradio"
    assert (facts.app.port.value, facts.app.port.evidence) == (7000, "app.py:3 server_port=7000")


def test_gradio_default_port(tree):
    assert inspect_project(tree({"ui.py": "import gradio as gr\ngr.Blocks().launch()\n"})).app.port.value == 7860


def test_aiohttp_run_app(tree):
    facts = inspect_project(tree({"server.py": "from aiohttp import web\nweb.run_app(web.Application())\n"}))
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("aiohttp", "server.py", 8080)


def test_celery_worker_alone(tree):
    facts = inspect_project(tree({"tasks.py": "from celery import Celery\nworker = Celery('t')\n"}))
    assert (facts.app.framework.value, facts.app.app.value.spec, facts.app.port) == ("celery", "tasks:worker", None)


# ---- ports --------------------------------------------------------------------------------

def test_port_from_uvicorn_run_in_main(tree):
    facts = inspect_project(tree({
        "api/__init__.py": "", "api/app.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "main.py": "import uvicorn\nuvicorn.run('api.app:app', host='0.0.0.0', port=9001)\n",
    }))
    assert (facts.app.port.value, facts.app.port.evidence) == (9001, "main.py:2 port=9001")


def test_port_from_gunicorn_conf(tree):
    facts = inspect_project(tree({"gunicorn.conf.py": "bind = ['0.0.0.0:7007']\n",
                                  "app.py": "from flask import Flask\napp = Flask(__name__)\n"}))
    assert (facts.app.port.value, facts.app.port.evidence) == (7007, "gunicorn.conf.py bind=0.0.0.0:7007")


def test_privileged_port_in_code_is_ignored(tree):
    facts = inspect_project(tree({"app.py": "from flask import Flask\napp = Flask(__name__)\napp.run(port=80)\n"}))
    assert (facts.app.port.value, facts.app.port.source) == (8000, "default")


# ---- CLIs and scripts ---------------------------------------------------------------------

CLI = '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n[project]\nname="{name}"\nversion="1"\n'


def test_cli_with_several_scripts_prefers_the_project_name(tree):
    facts = inspect_project(tree({
        "pyproject.toml": CLI.format(name="tool") + '[project.scripts]\ntool-admin="tool:admin"\ntool="tool:main"\n',
        "tool/__init__.py": "", "main.py": "print(1)\n",
    }))
    assert facts.app.command.value == ["tool"]
    assert facts.app.console_scripts == ["tool-admin", "tool"]
    assert any("Several console scripts: tool-admin, tool" in w and "--command" in w for w in facts.warnings)


def test_console_script_needs_an_installable_project(tree):
    facts = inspect_project(tree({"pyproject.toml": '[project]\nname="x"\nversion="1"\n[project.scripts]\nx="x:main"\n',
                                  "bot.py": "print(1)\n"}))
    assert facts.app.command.value == ["python", "bot.py"]


def test_package_with_dunder_main(tree):
    facts = inspect_project(tree({"crawler/__init__.py": "", "crawler/__main__.py": "print(1)\n"}))
    assert facts.app.command.value == ["python", "-m", "crawler"]


def test_apps_in_tests_and_conftest_are_not_candidates(tree):
    facts = inspect_project(tree({
        "tests/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "conftest.py": "from flask import Flask\napp = Flask(__name__)\n",
        "service/web.py": "from flask import Flask\nweb = Flask(__name__)\n",
    }))
    assert facts.app.app_candidates == ["service.web:web"]


def test_port_read_from_the_environment_with_a_default(tree):
    facts = inspect_project(tree({"server.py": "import os\nfrom aiohttp import web\n"
                                               "web.run_app(web.Application(), port=int(os.environ.get('PORT', 8765)))\n"}))
    assert (facts.app.port.value, facts.app.port.evidence) == (8765, "server.py:3 port=$PORT or 8765")
    assert facts.app.port_from_env is True


def test_flask_app_run_with_getenv_string_default(tree):
    facts = inspect_project(tree({"app.py": "import os\nfrom flask import Flask\napp = Flask(__name__)\n"
                                            "app.run(host='0.0.0.0', port=os.getenv('PORT', '5001'))\n"}))
    assert facts.app.port.value == 5001


def test_gradio_bound_to_loopback_is_a_warning(tree):
    facts = inspect_project(tree({"app.py": "import gradio as gr\ngr.Blocks().launch(server_name='127.0.0.1')\n"}))
    assert any(w.startswith("app.py:2 binds 127.0.0.1") and 'server_name="0.0.0.0"' in w for w in facts.warnings)
    ok = inspect_project(tree({"app.py": "import gradio as gr\ngr.Blocks().launch(server_name='0.0.0.0')\n"}))
    assert not [w for w in ok.warnings if not w.startswith("DG1092")]  # no dependency file here


def test_collectstatic_gets_a_throwaway_value_for_each_env_var_the_settings_need(tree):
    """DG2035: settings that read the environment at import with no default must still import
    for collectstatic at build time; variables with a default keep it."""
    from dockergen import generate

    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n",
        "site_cfg/__init__.py": "",
        "site_cfg/settings.py": (
            "import os\nSECRET_KEY = os.environ.get('SECRET_KEY')\nDEBUG = int(os.environ.get('DEBUG', 0))\n"
            "ALLOWED_HOSTS = os.environ.get('DJANGO_ALLOWED_HOSTS').split(' ')\n"
            "USE_S3 = os.environ.get('USE_S3')\n"
            "DB = os.environ['SQL_HOST']\nPORT = os.getenv('SQL_PORT', '5432')\n"
            "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = 'static'\n"
            "WSGI_APPLICATION = 'site_cfg.wsgi.application'\n"),
        "site_cfg/wsgi.py": "application = None\n",
        "requirements.txt": "django==5.2\n",
    })
    facts = inspect_project(root)
    # SECRET_KEY's .get may be None at import (and gets its throwaway as the secret key anyway);
    # DJANGO_ALLOWED_HOSTS is split at once; SQL_HOST is a KeyError; the rest have defaults.
    assert facts.app.settings_env_required == ["DJANGO_ALLOWED_HOSTS", "SQL_HOST"]
    dockerfile = next(f.content for f in generate(root, dry_run=True, offline=True).files if f.path == "Dockerfile")
    run = next(line for line in dockerfile.splitlines() if "collectstatic" in line and "manage.py" in line)
    block = dockerfile[dockerfile.index("DJANGO_ALLOWED_HOSTS"):dockerfile.index("manage.py collectstatic")]
    assert "SQL_HOST=" in block and "DEBUG=" not in block and "SQL_PORT=" not in block, run
    assert "USE_S3=" not in block  # a switch that may be unset stays unset: no feature turned on
    env_lines = [line for line in dockerfile.splitlines() if line.startswith("ENV ")]
    assert not any("DJANGO_ALLOWED_HOSTS" in line or "SQL_HOST" in line for line in env_lines)


def test_a_read_guarded_by_in_os_environ_is_optional(tree):
    """DG2035: wagtail's bakerydemo reads DATABASE_URL only under ``if "DATABASE_URL" in
    os.environ``: a throwaway value would switch that branch on (dj-database-url then fails)."""
    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cfg.settings')\n",
        "cfg/__init__.py": "", "cfg/wsgi.py": "application = None\n",
        "cfg/settings.py": ("import os\nSECRET_KEY = os.environ['SECRET_KEY']\n"
                            "if 'DATABASE_URL' in os.environ:\n    DB = os.environ['DATABASE_URL'].split(':')\n"
                            "HOSTS = os.environ['HOSTS']\nINSTALLED_APPS = ['django.contrib.staticfiles']\n"
                            "STATIC_ROOT = 'static'\nWSGI_APPLICATION = 'cfg.wsgi.application'\n"),
        "requirements.txt": "django\n",
    })
    assert inspect_project(root).app.settings_env_required == ["SECRET_KEY", "HOSTS"]


def test_django_environ_reads_without_default_get_a_value_their_cast_parses(tree):
    """DG2035: django-environ raises ImproperlyConfigured for env("X"), env.str("X"), env.db()...
    with no default; a declared Env(X=(type, default)) or default= keeps its default."""
    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cfg.settings')\n",
        "cfg/__init__.py": "",
        "cfg/settings.py": (
            "import environ\nenv = environ.Env(DEBUG=(bool, False))\n"
            "SECRET_KEY = env('DJANGO_SECRET_KEY')\nDEBUG = env('DEBUG')\n"
            "ALLOWED_HOSTS = env.list('ALLOWED_HOSTS')\nDATABASES = {'default': env.db()}\n"
            "CACHES = {'default': env.cache('REDIS_URL')}\nWORKERS = env.int('WORKERS')\n"
            "TIMEOUT = env.int('TIMEOUT', default=30)\nNAME = env.str('SITE', 'example')\n"
            "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = 'static'\n"
            "WSGI_APPLICATION = 'cfg.wsgi.application'\n"),
        "cfg/wsgi.py": "application = None\n",
        "requirements.txt": "django==5.2\ndjango-environ\n",
    })
    facts = inspect_project(root)
    assert facts.app.settings_env_required == ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
                                           "WORKERS"]
    assert facts.app.settings_env_values == {"DATABASE_URL": "sqlite:////tmp/collectstatic.sqlite3",
                                         "REDIS_URL": "locmemcache://", "WORKERS": "0"}
    from dockergen import generate

    dockerfile = next(f.content for f in generate(root, dry_run=True, offline=True).files if f.path == "Dockerfile")
    run = next(line for line in dockerfile.splitlines() if "manage.py collectstatic" in line)
    assert "DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3" in run and "WORKERS=0" in run
    assert "DEBUG=" not in run and "TIMEOUT=" not in run and "SITE=" not in run


def test_python_decouple_reads_without_a_usable_default_are_required_at_build(tree):
    """DG2035: rg3915/django-ninja-tutorial-2024: ``config('ALLOWED_HOSTS', default=[], cast=Csv())``
    fails when the variable is unset (decouple casts the default, Csv reads a string), as does
    ``config('SECRET_KEY')``; reads with a string default, or no decouple import, are optional."""
    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'cfg.settings')\n",
        "cfg/__init__.py": "", "cfg/wsgi.py": "application = None\n",
        "cfg/settings.py": (
            "from decouple import Csv, config\nSECRET_KEY = config('SECRET_KEY')\n"
            "DEBUG = config('DEBUG', default=False, cast=bool)\n"
            "ALLOWED_HOSTS = config('ALLOWED_HOSTS', default=[], cast=Csv())\n"
            "ORIGINS = config('ORIGINS', default='', cast=Csv())\nWORKERS = config('WORKERS', cast=int)\n"
            "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = 'static'\n"
            "WSGI_APPLICATION = 'cfg.wsgi.application'\n"),
        "requirements.txt": "django==5.2\npython-decouple\n",
    })
    facts = inspect_project(root, offline=True)
    assert facts.app.settings_env_required == ["SECRET_KEY", "ALLOWED_HOSTS", "WORKERS"]
    assert facts.app.settings_env_values == {"WORKERS": "0"}


# ---- module-qualified app classes (DG1055): Falcon, BlackSheep -----------------------------

FALCON_WSGI = [
    "import falcon\napp = falcon.App()\n",
    "import falcon\napp = falcon.API()\n",  # Falcon < 3
    "from falcon import App\napp = App()\n",
    "from falcon import App as Falcon\napi = Falcon()\n",
    "import falcon as f\napp = f.App()\n",
]
FALCON_ASGI = [
    "import falcon.asgi\napp = falcon.asgi.App()\n",
    "from falcon import asgi\napp = asgi.App()\n",
    "import falcon.asgi as fasgi\napp = fasgi.App()\n",
    "from falcon.asgi import App\napp = App()\n",
]


@pytest.mark.parametrize("source", FALCON_WSGI)
def test_falcon_wsgi_app_through_its_imports(tree, source):
    facts = inspect_project(tree({"requirements.txt": "falcon\n", "app.py": source}))
    assert (facts.app.framework.value, facts.app.interface.value) == ("falcon", "wsgi")
    assert facts.app.app.value.module == "app"


@pytest.mark.parametrize("source", FALCON_ASGI)
def test_falcon_asgi_app_through_its_imports(tree, source):
    facts = inspect_project(tree({"requirements.txt": "falcon\n", "app.py": source}))
    assert (facts.app.framework.value, facts.app.interface.value, facts.app.app.value.spec) == ("falcon-asgi", "asgi", "app:app")


@pytest.mark.parametrize("source", [
    "from myproject.ui import App\napp = App()\n",  # an App class of another module
    "class App:\n    pass\n\napp = App()\n",  # a local class named App
    "import tkinter as falcon\napp = falcon.App()\n",  # a name that only looks like falcon
    "from starlette import applications as asgi\napp = asgi.App()\n",
    "from aiohttp import web\napp = web.Application()\n",  # not BlackSheep's Application
    "from myproject import Application\napp = Application()\n",
])
def test_generic_app_class_of_another_module_is_not_a_framework(tree, source):
    facts = inspect_project(tree({"app.py": source}))
    assert facts.app.framework is None or facts.app.framework.value not in ("falcon", "falcon-asgi", "blacksheep")
    assert facts.app.app is None


def test_falcon_asgi_factory_is_asgi(tree):
    source = "import falcon.asgi\n\ndef create_app():\n    return falcon.asgi.App()\n"
    facts = inspect_project(tree({"app.py": source}))
    assert (facts.app.framework.value, facts.app.app.value.spec) == ("falcon-asgi", "app:create_app()")


@pytest.mark.parametrize("source", [
    "from blacksheep import Application\napp = Application()\n",
    "from blacksheep.server import Application\napp = Application()\n",  # BlackSheep 1.x
    "import blacksheep\napp = blacksheep.Application(show_error_details=False)\n",
])
def test_blacksheep_application(tree, source):
    facts = inspect_project(tree({"app.py": source}))
    assert (facts.app.framework.value, facts.app.interface.value, facts.app.app.value.spec) == ("blacksheep", "asgi", "app:app")


def test_plain_app_classes_still_match_their_last_name(tree):
    """Unqualified entries (Flask, FastAPI...) keep matching however the class was imported."""
    facts = inspect_project(tree({"app.py": "import flask as f\nserver = f.Flask(__name__)\n"}))
    assert (facts.app.framework.value, facts.app.app.value.spec) == ("flask", "app:server")


# ---- Sanic, FastHTML, Pyramid -------------------------------------------------------------

def test_sanic_app_is_served_by_sanic_without_dev_mode(tree):
    root = tree({"requirements.txt": "sanic\n", "server.py":
                 "from sanic import Sanic\napp = Sanic('hello')\nif __name__ == '__main__':\n    app.run(dev=True)\n"})
    report = generate(root, dry_run=True)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    cmd = json.loads(re.search(r"^CMD (.*)$", dockerfile, re.M).group(1))
    assert cmd[4:] == ["sanic", "server:app", "--host", "0.0.0.0"]
    assert "--port" in cmd[2] and "--dev" not in cmd and "ENTRYPOINT" not in dockerfile  # SIGTERM-aware


def test_sanic_dev_command_is_a_development_server():
    assert is_dev_command("sanic server:app --dev") and is_dev_command("sanic server:app -d")
    assert is_dev_command("sanic server:app --auto-reload")
    assert not is_dev_command("sanic server:app --host 0.0.0.0 --port 8000 --workers 4")


@pytest.mark.parametrize("source", [
    "from fasthtml.common import *\napp, rt = fast_app()\n",
    "from fasthtml.common import fast_app\napp, route = fast_app(live=False)\n",
    "from fasthtml.common import *\napp = FastHTML()\n",
])
def test_fasthtml_app_from_fast_app_or_fasthtml(tree, source):
    facts = inspect_project(tree({"main.py": source + "serve()\n"}))
    assert (facts.app.framework.value, facts.app.app.value.spec) == ("fasthtml", "main:app")


def test_tuple_unpacking_only_for_calls_that_return_the_app_first(tree):
    facts = inspect_project(tree({"app.py": "from flask import Flask\na, b = Flask('x'), 1\n"}))
    assert facts.app.app is None


def test_fasthtml_session_key_is_linked_into_home_and_ignored(tree):
    root = tree({"main.py": "from fasthtml.common import *\napp, rt = fast_app()\n", ".sesskey": "secret"})
    files = {f.path: f.content for f in generate(root, dry_run=True).files}
    assert "RUN ln -sfn /home/app/.sesskey .sesskey" in files["Dockerfile"]
    assert ".sesskey" in files[".dockerignore"].splitlines()


def test_no_session_key_link_for_other_frameworks(tree):
    root = tree({"app.py": "from starlette.applications import Starlette\napp = Starlette()\n"})
    files = {f.path: f.content for f in generate(root, dry_run=True).files}
    assert "ln -sfn" not in files["Dockerfile"] and ".sesskey" not in files[".dockerignore"]


def test_pyramid_wsgi_app_made_at_import_in_a_with_block(tree):
    source = ("from pyramid.config import Configurator\n\nwith Configurator() as config:\n"
              "    config.add_route('home', '/')\n    app = config.make_wsgi_app()\n")
    facts = inspect_project(tree({"app.py": source}))
    assert (facts.app.framework.value, facts.app.interface.value, facts.app.app.value.spec) == ("pyramid", "wsgi", "app:app")


def test_pyramid_app_made_only_under_main_is_not_importable(tree):
    source = ("from pyramid.config import Configurator\nif __name__ == '__main__':\n"
              "    config = Configurator()\n    app = config.make_wsgi_app()\n")
    assert inspect_project(tree({"app.py": source})).app.app is None
