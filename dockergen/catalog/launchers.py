"""Programs a start command runs: servers, framework CLIs, workers (DG1090, DG1091, DG1093).

How each takes its host, port and development switches, what provides it on the index, and
whether it handles SIGTERM. Read by the stated-command translation (inspection), the plan
(packages a command needs, tini) and ``dockergen check`` (development servers).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Launcher:
    """How one start program takes its host, port and development switches."""

    distribution: str  # what provides the program, when the project does not declare it
    port: int  # where it listens when nothing says otherwise
    port_flags: tuple[str, ...] = ("--port",)
    host_flags: tuple[str, ...] = ("--host",)
    bind_flags: tuple[str, ...] = ()  # HOST:PORT in one value
    dev_flags: tuple[str, ...] = ("--reload", "--debug")  # switches without a value
    dev_options: tuple[str, ...] = ()  # development options that take a value
    subcommand: str = ""  # the word that makes it a start command (``flask ... run``)
    app_flags: tuple[str, ...] = ()  # options naming the app (``flask --app``, ``celery -A``)
    open_bind: tuple[str, ...] = ("--host", "0.0.0.0")  # added when it names no host ({port})
    kind: str = "server"  # a server argv to keep, a worker, or a framework the plan serves
    signal_aware: bool = False  # handles SIGTERM itself, so it can be PID 1 (BEST-PRACTICES rule 26)
    # DG2117: what it puts on sys.path: "module" (it imports a ``module:attr`` target from the working
    # folder, which it adds), "file" (it runs a ``.py`` target, whose folder it adds), "" (not known);
    # and the options that add a folder of their own (``gunicorn --pythonpath``).
    imports_from: str = ""
    path_flags: tuple[str, ...] = ()


_NO_PORT: tuple[str, ...] = ()
LAUNCHERS: dict[str, Launcher] = {
    "uvicorn": Launcher("uvicorn", 8000, dev_options=("--reload-dir", "--reload-include", "--reload-exclude"),
                        signal_aware=True, imports_from="module", path_flags=("--app-dir",)),
    # gunicorn binds 0.0.0.0:$PORT when PORT is set, which the plan does.
    "gunicorn": Launcher("gunicorn", 8000, _NO_PORT, _NO_PORT, ("-b", "--bind"), ("--reload",), open_bind=(),
                         signal_aware=True, imports_from="module", path_flags=("--pythonpath", "--chdir")),
    "hypercorn": Launcher("hypercorn", 8000, _NO_PORT, _NO_PORT, ("-b", "--bind"), ("--reload",),
                          open_bind=("--bind", "0.0.0.0:{port}"), signal_aware=True, imports_from="module"),
    "daphne": Launcher("daphne", 8000, ("-p", "--port"), ("-b", "--bind"), open_bind=("-b", "0.0.0.0"),
                       signal_aware=True, imports_from="module"),
    "granian": Launcher("granian", 8000, dev_flags=("--reload",), signal_aware=True, imports_from="module",
                        path_flags=("--working-dir",)),
    "waitress-serve": Launcher("waitress", 8080, _NO_PORT, _NO_PORT, ("--listen",), (), open_bind=(),
                               imports_from="module"),
    "sanic": Launcher("sanic", 8000, ("-p", "--port"), ("-H", "--host"),
                      dev_flags=("--dev", "-d", "--debug", "--auto-reload", "-r"), signal_aware=True,
                      imports_from="module"),
    "panel": Launcher("panel", 5006, host_flags=("--address",), dev_flags=("--autoreload", "--dev", "--show"),
                      subcommand="serve", open_bind=("--address", "0.0.0.0"), imports_from="file"),
    "bokeh": Launcher("bokeh", 5006, host_flags=("--address",), dev_flags=("--show", "--dev"), subcommand="serve",
                      open_bind=("--address", "0.0.0.0"), imports_from="file"),
    "chainlit": Launcher("chainlit", 8000, dev_flags=("-w", "--watch", "--debug"), subcommand="run",
                         imports_from="file"),
    "solara": Launcher("solara", 8765, dev_flags=("--auto-restart", "-a"), subcommand="run", imports_from="file"),
    "shiny": Launcher("shiny", 8000, ("--port", "-p"), ("--host", "-h"),
                      dev_flags=("--reload", "-r", "--launch-browser", "-b", "--dev-mode"),
                      subcommand="run", signal_aware=True, imports_from="file"),
    "marimo": Launcher("marimo", 2718, ("--port", "-p"), dev_flags=("--watch", "--sandbox"), subcommand="run",
                       imports_from="file"),
    # Frameworks the plan serves with its own production server (the stated command names the
    # app and the port; DG1091).
    "flask": Launcher("flask", 8000, ("-p", "--port"), ("-h", "--host"),
                      dev_flags=("--reload", "--debug", "--debugger"), subcommand="run", app_flags=("-A", "--app"),
                      kind="flask"),
    "fastapi": Launcher("fastapi[standard]", 8000, dev_flags=("--reload",), subcommand="run", kind="fastapi"),
    "streamlit": Launcher("streamlit", 8501, ("--server.port",), ("--server.address",),
                          dev_flags=("--server.runOnSave",), subcommand="run", kind="streamlit", imports_from="file"),
    "celery": Launcher("celery", 0, _NO_PORT, _NO_PORT, dev_flags=(), app_flags=("-A", "--app"), open_bind=(),
                       kind="worker", imports_from="module", path_flags=("--workdir",)),
    "huey_consumer": Launcher("huey", 0, _NO_PORT, _NO_PORT, dev_flags=(), open_bind=(), kind="worker"),
    "rq": Launcher("rq", 0, _NO_PORT, _NO_PORT, dev_flags=(), open_bind=(), kind="worker"),
    "dramatiq": Launcher("dramatiq", 0, _NO_PORT, _NO_PORT, dev_flags=(), open_bind=(), kind="worker",
                         imports_from="module", path_flags=("-P", "--path")),
}
SERVED_KINDS = ("flask", "django", "fastapi", "streamlit")
# DG2119: programs that take SIGTERM for something other than "stop" unless their environment
# says so. uWSGI 2.0 reloads on SIGTERM (it stops on it from 2.1 only), so `docker stop` waits
# out its timeout and kills it; every uWSGI option can be set as UWSGI_<OPTION>, so the image
# sets --die-on-term without editing the project's command or its ini file.
STOP_ENV: dict[str, tuple[tuple[str, str], ...]] = {"uwsgi": (("UWSGI_DIE_ON_TERM", "true"),)}


def stop_env(program: str) -> list[tuple[str, str]]:
    """DG2119: the environment that makes ``program`` (a path or a name) stop on SIGTERM."""
    return list(STOP_ENV.get(program.rsplit("/", 1)[-1], ()))


def stop_note(pairs: list[tuple[str, str]]) -> str:
    """The Dockerfile comment's words for ``pairs`` from :func:`stop_env` ("" without any)."""
    if not pairs:
        return ""
    shown = ", ".join(f"{name}={value}" for name, value in pairs)
    return f"; DG2119: {shown}, so docker stop's SIGTERM stops it (uWSGI 2.0 reloads on SIGTERM otherwise)"
# DG2047: Celery beat writes its schedule state (``celerybeat-schedule``) into the working
# directory, the read-only app folder: the image points it at the app user's HOME.
BEAT_SCHEDULE = "/home/app/celerybeat-schedule"
BEAT_SCHEDULE_FLAGS = ("-s", "--schedule")


def celery_beat(app: str) -> list[str]:
    """DG2047: the beat process of the Celery app ``app`` (``module:attr``)."""
    return ["celery", "-A", app, "beat", "--loglevel=INFO", "-s", BEAT_SCHEDULE]


# gunicorn worker classes -> the extra of gunicorn that installs them (DG1093); through the
# server's own extra the resolver sees gunicorn's version constraint on the worker library.
GUNICORN_WORKER_EXTRAS = {"gevent": "gevent", "eventlet": "eventlet", "tornado": "tornado",
                          "gthread": "", "sync": ""}
# Worker classes named by module path -> the distribution that provides them.
WORKER_MODULES = {"uvicorn.workers": "uvicorn", "uvicorn_worker": "uvicorn-worker"}
# Development spellings of a subcommand -> the production one (``fastapi dev`` -> ``fastapi run``).
DEV_SUBCOMMANDS = {("fastapi", "dev"): "run"}
