"""Each framework template: golden file, hadolint with no findings, and the start-up rules
(BEST-PRACTICES 24-33, 46-50) checked on the rendered Dockerfile."""

import json
import re

import pytest

from dockergen import generate
from dockergen.catalog.servers import signal_aware
from tests.conftest import assert_golden, hadolint

CASES = {
    "fastapi-package": {".python-version": "3.13\n", "requirements.txt": "fastapi==0.115.6\n",
                        "app/__init__.py": "", "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"},
    "flask-factory": {"requirements.txt": "flask==3.1.0\n",
                      "shop/__init__.py": "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"},
    "django-collectstatic": {
        "requirements.txt": "django==5.1.4\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings.production')\n",
        "mysite/__init__.py": "", "mysite/settings/__init__.py": "",
        "mysite/settings/base.py": "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n"
                                   "INSTALLED_APPS = ['django.contrib.staticfiles']\n"
                                   "WSGI_APPLICATION = 'mysite.wsgi.application'\nSTATIC_ROOT = 'staticfiles'\n",
        "mysite/settings/production.py": "from .base import *\n",
    },
    "django-sqlite": {  # DG2045 + DG2046: the default database at the root, migrate at start
        "requirements.txt": "django==5.1.4\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
        "mysite/__init__.py": "",
        "mysite/settings.py": "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                              "WSGI_APPLICATION = 'mysite.wsgi.application'\nDATABASES = {'default': {"
                              "'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'db.sqlite3'}}\n",
    },
    "bottle": {"requirements.txt": "bottle==0.13.4\n",
               "app.py": "import bottle\napp = bottle.Bottle()\n\n@app.route('/')\ndef index():\n    return 'hi'\n"},
    "falcon": {"requirements.txt": "falcon==4.4.0\n", "app.py": "import falcon\napp = falcon.App()\n"},
    "falcon-asgi": {"requirements.txt": "falcon==4.4.0\n",
                    "service/__init__.py": "", "service/main.py": "from falcon import asgi\napp = asgi.App()\n"},
    "sanic": {"requirements.txt": "sanic==25.12.1\n", "server.py": "from sanic import Sanic\napp = Sanic('hello')\n"},
    "fasthtml": {"requirements.txt": "python-fasthtml==0.14.14\n",
                 "main.py": "from fasthtml.common import *\napp, rt = fast_app()\nserve()\n"},
    "blacksheep": {"requirements.txt": "blacksheep==2.6.4\n",
                   "app.py": "from blacksheep import Application\napp = Application()\n"},
    "pyramid": {"requirements.txt": "pyramid==2.1\n",
                "app.py": "from pyramid.config import Configurator\nconfig = Configurator()\napp = config.make_wsgi_app()\n"},
    "pyramid-paste": {  # DG1058: the cookiecutter layout, served from production.ini
        "pyproject.toml": '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
                          '[project]\nname = "hello_paste"\nversion = "0.1"\ndependencies = ["pyramid==2.1", '
                          '"plaster_pastedeploy==1.0.1"]\n[project.entry-points."paste.app_factory"]\n'
                          'main = "hello_paste:main"\n',
        "hello_paste/__init__.py": "from pyramid.config import Configurator\n\ndef main(global_config, **settings):\n"
                                   "    with Configurator(settings=settings) as config:\n        config.scan()\n"
                                   "    return config.make_wsgi_app()\n",
        "production.ini": "[app:main]\nuse = egg:hello_paste\n\n[server:main]\nuse = egg:waitress#main\n"
                          "listen = localhost:6543\n",
    },
    "cherrypy": {"requirements.txt": "cherrypy==18.10.0\n",
                 "app.py": "import cherrypy\n\nclass Root:\n    @cherrypy.expose\n    def index(self):\n"
                           "        return 'hi'\n\napp = cherrypy.tree.mount(Root(), '/')\n"},
    "streamlit": {"requirements.txt": "streamlit==1.41.1\n", "streamlit_app.py": "import streamlit as st\nst.title('hi')\n"},
    "gradio": {"requirements.txt": "gradio\n", "app.py": "import gradio as gr\ngr.Blocks().launch()\n"},
    "aiohttp": {"requirements.txt": "aiohttp\n", "server.py": "from aiohttp import web\nweb.run_app(web.Application())\n"},
    "tornado": {"requirements.txt": "tornado\n",
                "server.py": "import asyncio\nimport tornado.web\n\nasync def main():\n"
                             "    tornado.web.Application([]).listen(8888)\n    await asyncio.Event().wait()\n\n"
                             "asyncio.run(main())\n"},
    "dash": {"requirements.txt": "dash\n", "app.py": "import dash\napp = dash.Dash(__name__)\nserver = app.server\n"},
    "nicegui": {"requirements.txt": "nicegui\n", "main.py": "from nicegui import ui\nui.label('hi')\nui.run()\n"},
    "panel": {"requirements.txt": "panel\n", "app.py": "import panel as pn\npn.panel('hi').servable()\n"},
    "solara": {"requirements.txt": "solara\n",
               "app.py": "import solara\n\n@solara.component\ndef Page():\n    solara.Text('hi')\n"},
    "chainlit": {"requirements.txt": "chainlit\n", "chainlit.md": "# hi\n",
                 "app.py": "import chainlit as cl\n\n@cl.on_message\nasync def main(message):\n    pass\n"},
    "shiny": {"requirements.txt": "shiny\n",  # Shiny Express: no app object, served by `shiny run`
              "app-express.py": "from shiny.express import ui\nui.h1('hi')\n"},
    "marimo": {"requirements.txt": "marimo\n",
               "notebook.py": "import marimo\napp = marimo.App()\n\n@app.cell\ndef _():\n    return\n"},
    "connexion": {"requirements.txt": "connexion[flask,uvicorn]\n",
                  "app.py": "import connexion\napp = connexion.FlaskApp(__name__)\n"},
    "bokeh": {"requirements.txt": "bokeh\n",
              "main.py": "from bokeh.io import curdoc\nfrom bokeh.models import Div\ncurdoc().add_root(Div(text='hi'))\n"},
    "flet": {"requirements.txt": "flet==0.25.1\n",
             "main.py": "import flet as ft\n\ndef main(page):\n    page.add(ft.Text('hi'))\n\nft.app(main)\n"},
    "panel-script": {"requirements.txt": "panel\n",
                     "app.py": "import panel as pn\npn.serve(pn.panel('hi'), port=5006, show=False)\n"},
    "aiohttp-env-port-host": {  # DG1053 and DG1065: the port and host the code reads from the env
        "requirements.txt": "aiohttp\n",
        "server.py": "import os\nfrom aiohttp import web\nHOST = os.environ.get('HOST', '127.0.0.1')\n"
                     "web.run_app(web.Application(), host=HOST, port=int(os.environ.get('APP_PORT', 8086)))\n"},
    "celery-worker": {"requirements.txt": "celery\n", "tasks.py": "from celery import Celery\napp = Celery('tasks')\n"},
    "cli-console-script": {
        "pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                          '[project]\nname="greet"\nversion="1"\ndependencies=["click>=8"]\n[project.scripts]\ngreet="greet:main"\n',
        "greet/__init__.py": "def main():\n    pass\n",
    },
    "cli-script-file": {"requirements.txt": "click\n",
                        "main.py": "import click\n\n@click.command()\n@click.argument('name')\ndef hello(name):\n"
                                   "    click.echo(name)\n\nhello()\n"},
    "procfile-web": {"requirements.txt": "flask\ngunicorn\n", "Procfile": "web: gunicorn app:app --bind 0.0.0.0:$PORT\n",
                     "app.py": "from flask import Flask\napp = Flask(__name__)\n"},
}
DEV_SERVERS = re.compile(r"flask\W+run|runserver|--reload|fastapi\W+dev|uv\W+run|poetry\W+run|pipenv\W+run")


def _render(tree, name):
    report = generate(tree(CASES[name]), dry_run=True)
    return {f.path: f.content for f in report.files}["Dockerfile"]


def _instruction(text, name):
    match = re.search(rf"^{name} (.*)$", text, re.M)
    return json.loads(match.group(1)) if match else []


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(tree, name):
    assert_golden(f"frameworks/{name}/Dockerfile", _render(tree, name))


@pytest.mark.parametrize("name", sorted(CASES))
def test_hadolint_has_no_findings(tree, tmp_path, name):
    result = hadolint(_render(tree, name), tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_start_up_rules(tree, name):
    text = _render(tree, name)
    cmd, entrypoint = _instruction(text, "CMD"), _instruction(text, "ENTRYPOINT")
    argv = " ".join(entrypoint + cmd)
    assert not DEV_SERVERS.search(argv)  # rule 32
    assert "uvicorn.workers" not in text and "FORWARDED_ALLOW_IPS=*" not in text  # rules 31, 47
    expose = re.search(r"^EXPOSE (\d+)$", text, re.M)
    if expose:
        port = int(expose.group(1))
        assert port >= 1024  # rule 28
        assert "HEALTHCHECK" in text  # rule 33
        assert f'PORT="{port}"' in text or str(port) in argv or f"{port}" in text.split("HEALTHCHECK")[1]
    if argv.startswith(("uvicorn", "sh -c")) or "streamlit" in argv:
        assert "0.0.0.0" in argv  # rule 27
    if "gunicorn" in argv and "$PORT" not in argv:
        assert "--worker-tmp-dir" in cmd and "/dev/shm" in cmd  # rule 30
    if not any(signal_aware(word) for word in argv.split()):  # gunicorn, uvicorn, sanic... handle SIGTERM
        assert entrypoint[:2] == ["/usr/bin/tini", "--"]  # rule 26
