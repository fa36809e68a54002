"""One small fixture app per framework: build it with a real engine, start it, call it over
127.0.0.1 from inside its container, run its health check, and time `docker stop`.

Run with `python -m pytest tests/e2e/test_frameworks.py -s` to see the measured times.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker

STOP_LIMIT = 5.0  # seconds; Docker's kill timeout is 10

# fixture -> (expected summary fragment, port, path, expected body fragment, docker run env)
WEB = {
    "fw-flask-factory": ("app shop:create_app()", 8000, "/", "hello from a flask factory", {}),
    "fw-bottle": ("app app:app", 8000, "/", "hello from bottle", {}),
    "fw-falcon": ("app app:app", 8000, "/", "hello from falcon", {}),
    "fw-falcon-asgi": ("app service.main:app", 8000, "/", "hello from falcon asgi", {}),
    "fw-sanic": ("app server:app", 8000, "/", "hello from sanic", {}),
    "fw-fasthtml": ("app main:app", 8000, "/", "hello from fasthtml", {}),
    "fw-blacksheep": ("app app:app", 8000, "/", "hello from blacksheep", {}),
    "fw-pyramid": ("app app:app", 8000, "/", "hello from pyramid", {}),
    "fastapi-app-builder": ("app service.main:app", 8000, "/", "hello from a fastapi builder", {}),  # DG1067
    "flask-root-package": ("app __init__:app", 8000, "/", "hello from a root package (production)", {}),
    # DG1058: the cookiecutter layout: gunicorn --paste production.ini, the project installed for egg:
    "fw-pyramid-paste": ("port 6543 (from production.ini:22 listen", 6543, "/", "hello from pyramid paste", {}),
    # DG1059: a module-level cherrypy.Application under gunicorn (quickstart only under __main__)
    "fw-cherrypy": ("app app:application", 8000, "/", "hello from cherrypy", {}),
    "fw-fastapi-package": ("app app.main:app", 8100, "/", "hello from fastapi", {}),
    "fw-starlette": ("app main:api", 8000, "/", "hello from starlette", {}),
    "fw-django": ("app mysite.wsgi:application", 8000, "/", "mysite.settings.production",
                  {"DJANGO_SECRET_KEY": "e2e-only"}),
    "fw-streamlit": ("template streamlit", 8501, "/_stcore/health", "ok", {}),
    # DG1090: the README's `streamlit run src/dashboard/main.py` names a file deeper than the scan
    "streamlit-src-readme": ("template streamlit (from README.md:9 (DG1090)", 8501, "/_stcore/health", "ok", {}),
    "fw-aiohttp": ("port 8081", 8081, "/", "hello from aiohttp", {}),
    # DG1037: a file inside a package runs as its module (relative and absolute imports work)
    "aiohttp-package-module": ("port 8082", 8082, "/", "hello from a package module", {}),
    # DG1038: the console script whose main() calls launch() is the start command, not `--help`
    "gradio-console-script": ("command /usr/bin/tini -- greeter", 7860, "/", "gradio", {}),
    "fw-gradio": ("port 7861 (from app.py:11 server_port=7861)", 7861, "/", "gradio", {}),
    "fw-tornado": ("port 8889 (from server.py:8 port default=8889)", 8889, "/", "hello from tornado", {}),
    "fw-dash": ("app app:server", 8050, "/", "sales", {}),
    "fw-panel": ("template panel", 5006, "/", "price check", {}),
    "fw-panel-serve": ("port 5007 (from app.py:13 port=$PORT or 5007)", 5007, "/", "customer report", {}),
    "fw-solara": ("template solara", 8765, "/", "solara", {}),
    "fw-chainlit": ("template chainlit", 8000, "/health", '"ok"', {}),
    "fw-shiny": ("template shiny", 8000, "/", "hello from shiny", {}),
    "fw-marimo": ("template marimo", 2718, "/health", "healthy", {}),
    # DG1068 + DG1101: Connexion's FlaskApp under uvicorn, installed from the README's pip line
    "fw-connexion": ("template connexion", 8080, "/", "hello from connexion", {}),
    "fw-bokeh": ("template bokeh", 5006, "/main", "hello from bokeh", {}),  # `/` redirects to the one app
    # DG1069: Flet's web server, its client page from flet[web] (the page's title is set in the browser)
    "fw-flet": ("template flet", 8000, "/", "Flutter", {}),
    "fw-nicegui": ("port 8081 (from main.py:13 port=8081)", 8081, "/", "<title>counter</title>", {}),
}


def _cmd(text: str, instruction: str) -> list[str]:
    match = re.search(rf"^{instruction} (.*)$", text, re.M)
    return json.loads(match.group(1)) if match else []


def _run_healthcheck(docker, tag: str, name: str) -> int:
    test = docker.inspect_image(tag)["Config"]["Healthcheck"]["Test"]
    assert test[0] == "CMD"
    return docker.exec(name, *test[1:]).returncode


@pytest.mark.parametrize("fixture", sorted(WEB))
def test_web_fixture_answers_and_stops_fast(docker, containers, image_tag, tmp_path, fixture):
    expected, port, path, body_part, env = WEB[fixture]
    project = copy_fixture(fixture, tmp_path)
    report = generate(project)
    assert any(expected in line for line in report.summary), report.summary
    docker.build(project, image_tag)
    name = docker.start(image_tag, env=env)
    containers.append(name)
    status, body, waited = docker.wait_http(name, port, path, timeout=90)
    assert status == 200, body
    assert body_part in body
    assert _run_healthcheck(docker, image_tag, name) == 0
    seconds = docker.stop(name)
    print(f"\n{fixture}: answered after {waited:.1f}s; docker stop took {seconds:.2f}s")
    assert seconds < STOP_LIMIT


PROCESSES = ("import os; print('\\n'.join(open(f'/proc/{p}/cmdline').read().replace(chr(0), ' ') "
             "for p in os.listdir('/proc') if p.isdigit()))")


def test_nicegui_runs_without_its_reloader(docker, containers, image_tag, tmp_path):
    """DG2041: ui.run()'s default reload=True is turned off from outside: one server process, no
    watcher process spawning a child (uvicorn's reloader runs the app in a multiprocessing child)."""
    project = copy_fixture("fw-nicegui", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, _, _ = docker.wait_http(name, 8081, "/", timeout=90)
    assert status == 200
    listing = docker.exec(name, "python", "-c", PROCESSES).stdout
    assert "multiprocessing" not in listing, listing
    servers = [line for line in listing.splitlines() if line.startswith("python") and "main.py" in line]
    assert len(servers) == 1, listing  # tini's one child, and no reloader child under it
    assert "disabling auto-reloading" in docker.logs(name)  # NiceGUI says so itself


def test_web_server_honours_platform_port(docker, containers, image_tag, tmp_path):
    """DG2030: a platform's $PORT moves the server (here uvicorn behind the exec wrapper)."""
    project = copy_fixture("fw-fastapi-package", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    name = docker.start(image_tag, env={"PORT": "9123"})
    containers.append(name)
    status, body, _ = docker.wait_http(name, 9123, "/", timeout=60)
    assert status == 200 and "hello from fastapi" in body
    assert _run_healthcheck(docker, image_tag, name) == 0  # the probe follows $PORT too
    top = docker.exec(name, "cat", "/proc/1/cmdline").stdout.split("\0")
    assert top[0] == "/opt/venv/bin/python" or top[0].endswith("uvicorn"), top  # exec replaced sh
    assert "sh" not in top[:1]


def test_django_collected_static_at_build_without_baking_a_secret(docker, containers, image_tag, tmp_path):
    project = copy_fixture("fw-django", tmp_path)
    generate(project)
    docker.build(project, image_tag)
    listing = docker.run_once(image_tag, "ls", "/app/staticfiles", entrypoint="")
    assert "site.css" in listing.stdout, listing.stdout + listing.stderr
    config = docker.inspect_image(image_tag)["Config"]
    assert not any(e.startswith(("DJANGO_SECRET_KEY=", "SECRET_KEY=")) for e in config["Env"])
    assert "DJANGO_SETTINGS_MODULE=mysite.settings.production" in config["Env"]
    history = docker.run("history", "--no-trunc", image_tag).stdout
    assert "migrate" not in history


def test_celery_worker_starts_and_stays_up(docker, containers, image_tag, tmp_path):
    """Checked by process: the in-memory broker needs no service, so the worker really runs."""
    project = copy_fixture("fw-celery", tmp_path)
    report = generate(project)
    text = (project / "Dockerfile").read_text()
    assert "EXPOSE" not in text and "HEALTHCHECK" not in text
    assert report.summary[-1] == "command /usr/bin/tini -- celery -A tasks:app worker --loglevel=INFO"
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    deadline = time.perf_counter() + 60
    while "ready." not in docker.logs(name) and time.perf_counter() < deadline:
        assert docker.running(name), docker.logs(name)
        time.sleep(0.5)
    logs = docker.logs(name)
    assert "ready." in logs and "tasks.add" in logs, logs
    time.sleep(2)
    assert docker.running(name)
    seconds = docker.stop(name)
    exit_code = docker.run("inspect", "-f", "{{.State.ExitCode}}", name).stdout.strip()
    print(f"\nfw-celery: docker stop took {seconds:.2f}s (exit code {exit_code})")
    # Not a web fixture: Celery's warm shutdown with the in-memory transport (a polling loop)
    # takes about 5 s here. What matters is that SIGTERM reached the worker through tini and
    # it shut down cleanly (exit 0) instead of being SIGKILLed at Docker's 10 s timeout (137).
    assert "Warm shutdown" in docker.logs(name)
    assert exit_code == "0" and seconds < 9


def test_cli_help_and_arguments_pass_through(docker, image_tag, tmp_path):
    project = copy_fixture("fw-cli", tmp_path)
    generate(project)
    text = (project / "Dockerfile").read_text()
    assert _cmd(text, "ENTRYPOINT") == ["/usr/bin/tini", "--", "greetcli"]
    assert _cmd(text, "CMD") == ["--help"]
    docker.build(project, image_tag)
    default = docker.run_once(image_tag)
    assert default.returncode == 0 and "Greets people." in default.stdout, default.stderr
    helped = docker.run_once(image_tag, "--help")
    assert helped.returncode == 0 and "usage: greetcli" in helped.stdout
    args = docker.run_once(image_tag, "world", "--shout")
    assert args.returncode == 0 and args.stdout.strip() == "HELLO WORLD", args.stderr


def test_python_file_cli_takes_help_and_arguments(docker, image_tag, tmp_path):
    """DG2040: a `python FILE` that parses its arguments is the ENTRYPOINT, with no default args."""
    project = copy_fixture("script-cli", tmp_path)
    generate(project)
    text = (project / "Dockerfile").read_text()
    assert _cmd(text, "ENTRYPOINT") == ["/usr/bin/tini", "--", "python", "main.py"]
    assert _cmd(text, "CMD") == []
    docker.build(project, image_tag)
    default = docker.run_once(image_tag)
    assert default.returncode == 0 and default.stdout.strip() == "20.0 C = 68.0 F", default.stderr
    helped = docker.run_once(image_tag, "--help")
    assert helped.returncode == 0 and "usage: convert" in helped.stdout, helped.stderr
    args = docker.run_once(image_tag, "1000", "--words")
    assert args.returncode == 0 and args.stdout.strip() == "1000.0 C = 1,832 F", args.stderr


def test_plain_bot_script_runs_under_tini_and_stops_fast(docker, containers, image_tag, tmp_path):
    project = copy_fixture("fw-bot", tmp_path)
    report = generate(project)
    assert report.summary[-1] == "command /usr/bin/tini -- python bot.py"
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    deadline = time.perf_counter() + 30
    while "bot started" not in docker.logs(name) and time.perf_counter() < deadline:
        time.sleep(0.3)
    assert "bot started" in docker.logs(name)
    seconds = docker.stop(name)
    print(f"\nfw-bot: docker stop took {seconds:.2f}s")
    assert seconds < STOP_LIMIT


def _listens_on_all_interfaces(docker, name: str, port: int) -> bool:
    """A LISTEN socket on 0.0.0.0:PORT in /proc/net/tcp (a probe over 127.0.0.1 from inside
    the container answers even when the app bound loopback, so look at the socket itself)."""
    table = docker.exec(name, "cat", "/proc/net/tcp").stdout
    return any(f"00000000:{port:04X}" == cols[1] and cols[3] == "0A"
               for cols in (line.split() for line in table.splitlines()[1:]) if len(cols) > 3)


# fixture -> (summary fragment, port, env variable set in the image and its value, body fragment)
ENV_READS = {
    "port-env-default": ("port 8086 (from server.py:19 port=settings.PORT, $APP_PORT or 8086", 8086,
                         ("APP_PORT", "8086"), "hello from a port read from APP_PORT"),
    "host-env-var": ("port 8087 (from server.py:20 port=$PORT or 8087)", 8087, ("HOST", "0.0.0.0"),
                     "hello from a host read from HOST"),
}


@pytest.mark.parametrize("fixture", sorted(ENV_READS))
def test_port_and_host_read_from_the_env_are_set_in_the_image(docker, containers, image_tag, tmp_path, fixture):
    """DG1053 and DG1065: an app that starts its own server and reads its port (APP_PORT) or host
    (HOST, loopback by default) from the environment gets them set: it answers as non-root on the
    port from the code's default, bound to all interfaces."""
    expected, port, (variable, value), body_part = ENV_READS[fixture]
    project = copy_fixture(fixture, tmp_path)
    report = generate(project)
    assert any(expected in line for line in report.summary), report.summary
    docker.build(project, image_tag)
    env = dict(item.split("=", 1) for item in docker.inspect_image(image_tag)["Config"]["Env"])
    assert env[variable] == value
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, port, "/", timeout=90)
    assert status == 200, body
    answer = json.loads(body)
    assert body_part in answer["message"] and answer["user"] == 10001
    assert _listens_on_all_interfaces(docker, name, port)
    assert _run_healthcheck(docker, image_tag, name) == 0


def test_monorepo_root_stops_and_the_named_folder_builds_and_answers(docker, containers, image_tag, tmp_path):
    """DG1066: at the root, an error naming backend/ and the command; generated for backend/ as
    that error says, the image installs backend/requirements.txt and answers as non-root."""
    from dockergen.errors import ProjectError

    project = copy_fixture("monorepo-backend", tmp_path)
    with pytest.raises(ProjectError) as refused:
        generate(project)
    assert not (project / "Dockerfile").exists()
    folder = project / "backend"
    assert f"dockergen init {folder}" in refused.value.hint
    generate(folder)
    docker.build(folder, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert status == 200, body
    assert json.loads(body) == {"message": "hello from the backend folder", "user": 10001}
    assert _run_healthcheck(docker, image_tag, name) == 0
