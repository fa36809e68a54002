"""Start commands per framework, from ProjectFacts built in memory (no disk) or inline trees."""

import json
import re
import subprocess

from dockergen import generate
from dockergen.commands import honour_port, server_for
from dockergen.facts import AppFacts, AppTarget, Fact, ProjectFacts


def _dockerfile(root, **options):
    return {f.path: f.content for f in generate(root, dry_run=True, **options).files}["Dockerfile"]


def _json(text, instruction):
    match = re.search(rf"^{instruction} (.*)$", text, re.M)
    return json.loads(match.group(1)) if match else None


def test_honour_port_keeps_project_values_out_of_the_script(tmp_path):
    argv = honour_port(["echo", "a'b; $(touch pwned)"], "--port", 8000)
    assert argv[:2] == ["sh", "-c"] and "a'b" not in argv[2]
    out = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path, env={"PORT": "9001"})
    assert out.stdout.strip() == "a'b; $(touch pwned) --port 9001"
    assert not (tmp_path / "pwned").exists()
    default = subprocess.run(argv, capture_output=True, text=True, env={})
    assert default.stdout.strip().endswith("--port 8000")


def test_uvicorn_for_fastapi_binds_all_and_trusts_only_local_proxy():
    server = server_for("fastapi", AppTarget("app.main", "app"), 8000)
    assert server.cmd[-5:] == ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--proxy-headers"]
    assert ("FORWARDED_ALLOW_IPS", "127.0.0.1") in server.env
    assert server.packages[0].startswith("uvicorn==") and not server.needs_init


def test_uvicorn_factory_flag():
    server = server_for("starlette", AppTarget("svc", "create_app", factory=True), 8000)
    assert "svc:create_app" in server.cmd and "--factory" in server.cmd


def test_gunicorn_with_uvicorn_workers_when_the_project_uses_them():
    facts = ProjectFacts(root=None, app=AppFacts(server_hint=Fact("gunicorn-uvicorn")))
    server = server_for("fastapi", AppTarget("main", "app"), 8000, facts)
    assert server.cmd[0] == "gunicorn" and "uvicorn_worker.UvicornWorker" in server.cmd
    assert not any("uvicorn.workers" in part for part in server.cmd)


def test_django_asgi_runs_uvicorn_with_settings_env():
    facts = ProjectFacts(root=None, app=AppFacts(interface=Fact("asgi"), django_settings=Fact("proj.settings")))
    server = server_for("django", AppTarget("proj.asgi", "application"), 8000, facts)
    assert "uvicorn" in server.cmd and ("DJANGO_SETTINGS_MODULE", "proj.settings") in server.env


def test_celery_has_no_port_and_runs_under_init():
    server = server_for("celery", AppTarget("tasks", "app"), None)
    assert server.cmd == ["celery", "-A", "tasks:app", "worker", "--loglevel=INFO"]
    assert server.needs_init and not server.web


def test_procfile_dev_server_is_replaced_with_a_warning():
    facts = ProjectFacts(root=None, app=AppFacts(procfile_web=Fact("flask --app web run --port $PORT", evidence="Procfile:1")))
    server = server_for("flask", AppTarget("web", "app"), 8000, facts)
    assert server.cmd[0] == "gunicorn" and "Procfile:1 runs a development server" in server.warning


def test_procfile_with_port_variable_execs_through_sh():
    facts = ProjectFacts(root=None, app=AppFacts(procfile_web=Fact("uvicorn main:app --host 0.0.0.0 --port $PORT", evidence="Procfile:1")))
    server = server_for("fastapi", AppTarget("main", "app"), 8000, facts)
    assert server.cmd == ["sh", "-c", "exec uvicorn main:app --host 0.0.0.0 --port $PORT"]
    assert not server.needs_init and ("PORT", "8000") in server.env


def test_procfile_without_shell_syntax_is_plain_exec_form():
    facts = ProjectFacts(root=None, app=AppFacts(procfile_web=Fact("gunicorn web:app -b 0.0.0.0:5000", evidence="Procfile:1")))
    assert server_for("flask", AppTarget("web", "app"), 5000, facts).cmd == ["gunicorn", "web:app", "-b", "0.0.0.0:5000"]


def test_scripts_get_no_server():
    assert server_for(None, None, None) is None


# ---- through the whole pipeline -----------------------------------------------------------

def test_streamlit_dockerfile(tree):
    text = _dockerfile(tree({"requirements.txt": "streamlit\n", "app.py": "import streamlit as st\n"}))
    assert _json(text, "ENTRYPOINT") == ["/usr/bin/tini", "--"]
    cmd = _json(text, "CMD")
    assert cmd[4:] == ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.headless=true"]
    assert "--server.port" in cmd[2] and "EXPOSE 8501" in text and "/_stcore/health" in text


def test_gradio_binds_all_interfaces_and_probes_the_fixed_port(tree):
    text = _dockerfile(tree({"requirements.txt": "gradio\n", "app.py": "import gradio as gr\ngr.Blocks().launch(server_port=7001)\n"}))
    assert 'ENV GRADIO_SERVER_NAME="0.0.0.0"' in text and 'ENV GRADIO_SERVER_PORT="7001"' in text
    assert _json(text, "CMD") == ["python", "app.py"]
    health = re.search(r"CMD (\[\"python\", \"-c\".*)$", text, re.M).group(1)
    assert "7001" in health and "PORT" not in health  # the app ignores $PORT, so must the probe


def test_cli_user_picks_another_console_script(tree):
    root = tree({"pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                                   '[project]\nname="tool"\nversion="1"\n[project.scripts]\ntool="tool:main"\nadmin="tool:admin"\n',
                 "tool/__init__.py": ""})
    text = _dockerfile(root, command="admin serve")
    assert _json(text, "ENTRYPOINT") == ["/usr/bin/tini", "--", "admin"]
    assert _json(text, "CMD") == ["serve"]


def test_healthcheck_can_be_turned_off_for_every_web_framework(tree):
    root = tree({"main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    assert "HEALTHCHECK" in _dockerfile(root)
    assert "HEALTHCHECK" not in _dockerfile(root, healthcheck=False)


def test_django_collectstatic_secret_is_inline_only(tree):
    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
        "proj/__init__.py": "",
        "proj/settings.py": "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n"
                            "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = '/app/static'\n",
    })
    text = _dockerfile(root)
    run = next(line for line in text.splitlines() if "collectstatic" in line and line.startswith("RUN "))
    assert "DJANGO_SECRET_KEY=" in run and run.endswith("python manage.py collectstatic --noinput")
    assert not re.search(r"^(ENV|ARG) .*SECRET", text, re.M)
    assert "migrate" not in text
    assert _json(text, "CMD")[-1] == "proj.wsgi:application"


def test_django_without_static_root_skips_collectstatic(tree):
    root = tree({"manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
                 "proj/__init__.py": "", "proj/settings.py": "SECRET_KEY = 'x'\n"})
    assert "collectstatic" not in _dockerfile(root).replace("# DG2035", "")


def test_explicit_framework_template_on_an_undetected_app(tree):
    root = tree({"main.py": "print('hi')\n"})
    text = _dockerfile(root, template="fastapi", app="main:api")
    assert "uvicorn" in _json(text, "CMD") and "EXPOSE 8000" in text


def test_app_under_src_of_an_uninstalled_project_gets_its_path(tree):
    text = _dockerfile(tree({"requirements.txt": "fastapi\n", "src/svc/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}))
    cmd = _json(text, "CMD")
    assert cmd[cmd.index("svc.main:app") + 1:][-2:] == ["--app-dir", "src"]


def test_app_under_src_of_an_installed_package_needs_no_path(tree):
    text = _dockerfile(tree({
        "pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                          '[project]\nname="svc"\nversion="1"\ndependencies=["flask"]\n',
        "src/svc/__init__.py": "from flask import Flask\napp = Flask(__name__)\n"}))
    cmd = _json(text, "CMD")
    assert cmd[-1] == "svc:app" and "--pythonpath" not in cmd


def test_procfile_web_without_a_known_framework(tree):
    text = _dockerfile(tree({"requirements.txt": "falcon\ngunicorn\n", "Procfile": "web: gunicorn svc:api --bind :$PORT\n",
                             "svc.py": "import falcon\napi = falcon.App()\n", "main.py": "print(1)\n"}))
    assert _json(text, "CMD") == ["sh", "-c", "exec gunicorn svc:api --bind :$PORT"]
    assert 'ENV PORT="8000"' in text and "EXPOSE 8000" in text and "HEALTHCHECK" in text


def test_aiohttp_that_reads_port_gets_port_env_and_a_following_probe(tree):
    text = _dockerfile(tree({"server.py": "import os\nfrom aiohttp import web\n"
                                          "web.run_app(web.Application(), port=int(os.environ.get('PORT', 8765)))\n"}))
    assert 'ENV PORT="8765"' in text and "os.environ.get('PORT', '8765')" in text


def test_django_channels_project_is_served_by_the_daphne_it_declares(tmp_path):
    """DG1054: daphne in the requirements (and no uvicorn): daphne serves ASGI_APPLICATION; no
    uvicorn is added. With uvicorn declared too, uvicorn (the default) stays."""
    (tmp_path / "requirements.txt").write_text("Django==4.0.1\nchannels==3.0.4\ndaphne==3.0.2\n")
    (tmp_path / "manage.py").write_text("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site1.settings')\n")
    (tmp_path / "site1").mkdir()
    (tmp_path / "site1" / "__init__.py").write_text("")
    (tmp_path / "site1" / "settings.py").write_text(
        "INSTALLED_APPS = ['channels']\nASGI_APPLICATION = 'site1.asgi.application'\nROOT_URLCONF = 'site1.urls'\n")
    (tmp_path / "site1" / "asgi.py").write_text("from channels.routing import ProtocolTypeRouter\napplication = ProtocolTypeRouter({})\n")
    text = _dockerfile(tmp_path)
    cmd = _json(text, "CMD")
    assert cmd[4:] == ["daphne", "-b", "0.0.0.0", "site1.asgi:application"] and "-p" in cmd[2]
    assert "uvicorn" not in text
    (tmp_path / "requirements.txt").write_text("Django==4.0.1\nchannels==3.0.4\ndaphne==3.0.2\nuvicorn==0.20.0\n")
    assert "uvicorn" in _json(_dockerfile(tmp_path), "CMD")
