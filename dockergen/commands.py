"""Production start commands per framework: the server, its packages, its env and flags.

Pure functions of the facts; ``plan.py`` calls ``server_for``. Every command is an argv list
(it becomes an exec-form JSON array, BEST-PRACTICES rule 24).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field, replace
from pathlib import Path

from .catalog.frameworks import Framework, ServerKind, framework, web_frameworks
from .catalog.launchers import LAUNCHERS, stop_env, stop_note
from .catalog.servers import is_dev_command, signal_aware
from .errors import ProjectError
from .facts import AppTarget, ProjectFacts, StartIntent
from .versions import GUNICORN_VERSION, PASTEDEPLOY_VERSION, UVICORN_VERSION

FORWARDED = ("FORWARDED_ALLOW_IPS", "127.0.0.1")


@dataclass(frozen=True)
class Server:
    cmd: list[str]
    packages: list[str] = field(default_factory=list)  # installed even if the project omits them
    env: list[tuple[str, str]] = field(default_factory=list)
    entrypoint: list[str] = field(default_factory=list)
    health_path: str | None = None  # None: a TCP connect is the health check
    needs_init: bool = False  # does not handle SIGTERM itself -> run under tini
    note: str = ""
    web: bool = True  # listens on a port (a Celery worker does not)
    port_env: bool = True  # listens on $PORT when it is set (the health check follows it)
    warning: str = ""


def honour_port(argv: list[str], flag: str, port: int) -> list[str]:
    """DG2030: ``sh -c 'exec "$@" FLAG "${PORT:-N}"' sh ARGV...``: $PORT wins when a platform
    sets it, the server still replaces the shell (PID 1, signals), and no project value is ever
    part of the shell script itself (they are passed as arguments)."""
    return ["sh", "-c", f'exec "$@" {flag} "${{PORT:-{port}}}"', "sh", *argv]


def app_dir(app: AppTarget, facts: ProjectFacts) -> str | None:
    """``src`` for an app under src/ in a project that is not installed (so not importable)."""
    installed = facts.packaging.is_package is not None and facts.packaging.is_package.value
    return "src" if app.file.startswith("src/") and not installed else None


def gunicorn(app: AppTarget, port: int, *, worker_class: str | None = None, path: str | None = None) -> Server:
    """gunicorn tuned for containers (BEST-PRACTICES rules 27, 29, 30, 31)."""
    cmd = ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--error-logfile", "-"]
    packages = [f"gunicorn=={GUNICORN_VERSION}"]
    if worker_class:
        cmd += ["--worker-class", worker_class]
    if path:
        cmd += ["--pythonpath", path]
    cmd.append(app.spec)
    return Server(
        cmd=cmd,
        packages=packages,
        # gunicorn binds 0.0.0.0:$PORT when PORT is set, so platforms that set PORT are honoured.
        env=[("PORT", str(port)), ("WEB_CONCURRENCY", "2"), FORWARDED],
        note="DG2005: gunicorn binds 0.0.0.0:$PORT; workers from $WEB_CONCURRENCY",
    )


def gunicorn_paste(ini: str, port: int) -> Server:
    """DG1058: ``gunicorn --paste INI``: the ini's [app:main] (and its logging sections) loaded by
    PasteDeploy; its [server:main] is not read, so the bind is gunicorn's 0.0.0.0:$PORT."""
    base = gunicorn(AppTarget("", ""), port)
    return replace(base, cmd=[*base.cmd[:-1], "--paste", ini],
                   packages=[*base.packages, f"PasteDeploy=={PASTEDEPLOY_VERSION}"],
                   note=f"DG1058: gunicorn --paste {ini} loads its [app:main], never [server:main]: gunicorn binds "
                        "0.0.0.0:$PORT; workers from $WEB_CONCURRENCY")


def uvicorn(app: AppTarget, port: int, *, path: str | None = None) -> Server:
    """DG2031: one uvicorn process on 0.0.0.0, proxy headers trusted from $FORWARDED_ALLOW_IPS."""
    argv = ["uvicorn", f"{app.module}:{app.attribute}", "--host", "0.0.0.0", "--proxy-headers"]
    if app.factory:
        argv.append("--factory")
    if path:
        argv += ["--app-dir", path]
    return Server(
        cmd=honour_port(argv, "--port", port),
        packages=[f"uvicorn=={UVICORN_VERSION}"],
        env=[("PORT", str(port)), FORWARDED],
        note="DG2031: uvicorn on 0.0.0.0, one process; proxy headers from $FORWARDED_ALLOW_IPS; DG2030 $PORT wins",
    )


def daphne(app: AppTarget, port: int) -> Server:
    """DG1054: daphne, the ASGI server the project declares (Django Channels), on 0.0.0.0. Its
    --proxy-headers trusts any peer, so it is not turned on."""
    return Server(
        cmd=honour_port(["daphne", "-b", "0.0.0.0", app.spec], "-p", port),
        env=[("PORT", str(port))],
        note="DG1054: daphne, the ASGI server the project declares, on 0.0.0.0; DG2030 $PORT wins",
    )


def asgi(app: AppTarget, port: int, facts: ProjectFacts) -> Server:
    hint = facts.app.server_hint.value if facts.app.server_hint is not None else ""
    if hint == "gunicorn-uvicorn":
        return gunicorn(app, port, worker_class="uvicorn_worker.UvicornWorker", path=app_dir(app, facts))
    if hint == "daphne" and not app_dir(app, facts):
        return daphne(app, port)
    return uvicorn(app, port, path=app_dir(app, facts))


def sanic(app: AppTarget, port: int, *, path: str | None = None) -> Server:
    """DG2036: Sanic's own production server on 0.0.0.0 (no --dev, --debug or auto-reload): its
    main process handles SIGTERM and stops its worker; one worker, as one uvicorn process."""
    argv = ["sanic", f"{app.module}:{app.attribute}", "--host", "0.0.0.0"]
    if app.factory:
        argv.append("--factory")
    return Server(
        cmd=honour_port(argv, "--port", port),
        env=[("PORT", str(port))] + ([("PYTHONPATH", path)] if path else []),  # the CLI has no --app-dir
        note="DG2036: Sanic's production server on 0.0.0.0, one worker; DG2030 $PORT wins",
    )


def django(app: AppTarget, port: int, facts: ProjectFacts) -> Server:
    """DG1052: gunicorn on WSGI_APPLICATION, or the ASGI server (uvicorn, DG1054: the project's own)
    when the project set ASGI_APPLICATION."""
    is_asgi = facts.app.interface is not None and facts.app.interface.value == "asgi"
    server = asgi(app, port, facts) if is_asgi else gunicorn(app, port)
    settings = facts.app.django_settings.value if facts.app.django_settings else ""
    env = [("DJANGO_SETTINGS_MODULE", settings)] if settings else []
    return replace(server, env=env + server.env)


def streamlit(file: str, port: int) -> Server:
    argv = ["streamlit", "run", file, "--server.address=0.0.0.0", "--server.headless=true"]
    return Server(
        cmd=honour_port(argv, "--server.port", port),
        env=[("PORT", str(port)), ("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")],
        health_path="/_stcore/health",
        needs_init=True,
        note="DG2030: streamlit on 0.0.0.0 under tini (rule 49); $PORT wins",
    )


def python_server(file: str, port: int, env: list[tuple[str, str]] | None = None, module: str = "",
                  script: str = "") -> Server:
    """Apps that start their own server (gradio's launch(), aiohttp's run_app()): python FILE,
    python -m MODULE for a file inside a package (DG1037), or the project's console script whose
    function starts it (DG1038)."""
    serves = f"starts its own server on port {port}"
    if script:
        cmd, note = [script], f"DG1038: the console script {script} runs {file}, which {serves}"
    elif module:
        cmd, note = ["python", "-m", module], f"DG1037: {file} is inside a package, so it runs as {module}; it {serves}"
    else:
        cmd, note = ["python", file], f"DG2005: {file} {serves}"
    return Server(cmd=cmd, env=env or [], needs_init=True, port_env=False, note=note)


def with_host_env(server: Server, facts: ProjectFacts) -> Server:
    """DG1065: the env variables the app's own code reads its bind host from, set to 0.0.0.0."""
    if not facts.app.host_env:
        return server
    names = ", ".join(f"${name}" for name, _ in facts.app.host_env)
    return replace(server, env=server.env + facts.app.host_env, note=f"{server.note}; DG1065: {names} set to 0.0.0.0")


# DG2041: NiceGUI's ui.run() reloads by default and reads no variable to stop it; it turns reload
# off itself when the main module has no __file__ (NiceGUI 1.x) or sys.ps1 is set (2.x, 3.x). This
# runner sets both up and runs FILE as __main__, so the code is not edited; a crash keeps its exit code.
NICEGUI_RUNNER = ("import os, runpy, sys; import nicegui.ui_run; sys.ps1 = '>>> '; sys.argv = sys.argv[1:]; "
                  "sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0])); "
                  "runpy.run_path(sys.argv[0], run_name='__main__')")


def nicegui(file: str, port: int) -> Server:
    """DG2041: FILE's ui.run() as its own server (0.0.0.0, the port it names), without reload."""
    return Server(cmd=["python", "-c", NICEGUI_RUNNER, file], needs_init=True, port_env=False,
                  note=f"DG2041: {file} runs ui.run() on port {port} with auto-reload off; under tini")


def framework_cli(entry: Framework, file: str, port: int) -> Server:
    """DG2042: the framework's own CLI (its catalog/launchers.py entry) serving FILE: the start
    subcommand, 0.0.0.0, the entry's production switches and the port, $PORT winning (DG2030)."""
    launcher = LAUNCHERS[entry.launcher]
    bind = [part.format(port=port) for part in launcher.open_bind]
    argv = [entry.launcher, *([launcher.subcommand] if launcher.subcommand else []), file, *bind, *entry.cli_args]
    return Server(cmd=honour_port(argv, launcher.port_flags[0], port), env=[("PORT", str(port)), *_env(entry, port)],
                  health_path=entry.health_path, needs_init=not launcher.signal_aware,
                  note=f"DG2042: {entry.launcher} {launcher.subcommand} {file} on 0.0.0.0; DG2030 $PORT wins")


def gradio(file: str, port: int, module: str = "", script: str = "") -> Server:
    env = [("GRADIO_SERVER_NAME", "0.0.0.0"), ("GRADIO_SERVER_PORT", str(port)), ("GRADIO_ANALYTICS_ENABLED", "False")]
    return python_server(file, port, env, module, script)


def celery(app: AppTarget) -> Server:
    """DG2033: a Celery worker: no port, no HTTP health check, under tini (it forks children)."""
    return Server(cmd=["celery", "-A", app.spec, "worker", "--loglevel=INFO"], needs_init=True, web=False,
                  port_env=False,
                  note="DG2033: a Celery worker; no port; the broker comes from the app's configuration")


def procfile(text: str, port: int, evidence: str) -> Server:
    """DG2032: the Procfile's web command, run as its platform runs it (through sh, $PORT set)."""
    try:
        words = shlex.split(text)
    except ValueError as err:  # an unbalanced quote: sh would refuse the line too
        raise ProjectError(f"{evidence}: cannot read the command {text!r} ({err}).",
                           hint="Fix the quotes in that line of the Procfile (or pass --command).") from None
    if re.search(r"&&|\|\||[;|`]", text):
        cmd, init = ["sh", "-c", text], True
    elif "$" in text:
        cmd, init = ["sh", "-c", "exec " + text], False
    else:
        cmd, init = words, False
    first = words[0].rsplit("/", 1)[-1] if words else ""
    stops = list(dict.fromkeys(pair for word in words for pair in stop_env(word)))  # `migrate && uwsgi` too
    return Server(cmd=cmd, env=[("PORT", str(port)), FORWARDED, *stops],
                  needs_init=init or not signal_aware(first),
                  note=f"DG2032: the web command from {evidence}{stop_note(stops)}")


def stated_server(intent: StartIntent, port: int | None) -> Server:
    """DG1090: a start command the project states (README, Makefile, compose, Dockerfile), in
    its production form (DG1091): kept as an argv, under tini unless it handles SIGTERM."""
    argv = list(intent.argv)
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    env = [("PORT", str(port))] if port is not None and program == "gunicorn" else []  # gunicorn binds $PORT
    stops = stop_env(program)
    return Server(cmd=argv, env=env + stops, needs_init=not signal_aware(program), web=port is not None,
                  port_env=False, note=f"DG1090: the start command from {intent.evidence}{stop_note(stops)}")


def _env(entry: Framework, port: int) -> list[tuple[str, str]]:
    """The variables a framework's server reads, ``{port}`` filled with the image's port (DG1069)."""
    return [(key, value.format(port=port)) for key, value in entry.env]


def server_for(framework_id: str | None, app: AppTarget | None, port: int | None,
               facts: ProjectFacts | None = None) -> Server | None:
    """The production server for a detected app, or None for scripts and CLIs."""
    facts = facts or ProjectFacts(root=Path("."))
    entry = framework(framework_id)
    if entry is not None and entry.server == "celery":
        return celery(app) if app is not None else None
    web = facts.app.procfile_web
    if framework_id is None and web is not None and port is not None and not is_dev_command(web.value):
        return procfile(web.value, port, web.evidence)
    stated = facts.app.stated_start
    if framework_id is None and stated is not None and (port is not None or stated.kind == "worker"):
        own = stated_server(stated, port)
        return with_host_env(own, facts) if stated.kind == "script" else own
    if entry is None or framework_id not in web_frameworks() or port is None:
        return None
    if web is not None and not is_dev_command(web.value):
        return procfile(web.value, port, web.evidence)
    server = _framework_server(entry, app, port, facts)
    if server is not None and entry.packages:
        server = replace(server, packages=[*server.packages, *entry.packages])
    if server is not None and entry.recognised and facts.app.paste_app is None:  # DG1058 notes its own
        server = replace(server, note=f"{entry.recognised}; {server.note}")
    if server is not None and web is not None:
        warning = f"{web.evidence} runs a development server ({web.value!r}); the image uses a production server."
        server = replace(server, warning=warning)
    return server


def _framework_server(framework_entry: Framework, app: AppTarget | None, port: int,
                      facts: ProjectFacts) -> Server | None:
    """The catalog entry's server kind, built for this app."""
    kind: ServerKind = framework_entry.server
    entry = facts.app.entry_file.value if facts.app.entry_file else None
    if kind == "streamlit":
        return streamlit(entry, port) if entry else None
    if kind == "gradio":
        server = gradio(entry, port, facts.app.entry_module, facts.app.entry_script) if entry else None
        return with_host_env(server, facts) if server else None
    if kind == "cli":
        return framework_cli(framework_entry, entry, port) if entry and framework_entry.launcher else None
    if kind == "nicegui":
        return with_host_env(nicegui(entry, port), facts) if entry else None
    if kind == "python":
        if not entry:
            return None
        server = python_server(entry, port, _env(framework_entry, port), module=facts.app.entry_module,
                               script=facts.app.entry_script)
        if facts.app.port_env_var:  # DG1053: the code reads its port from the env: set it to the port
            # (only $PORT is what platforms set, so only then does the probe follow it)
            server = replace(server, env=[(facts.app.port_env_var, str(port)), *server.env],
                             port_env=facts.app.port_env_var == "PORT")
            if facts.app.port_env_var != "PORT":
                server = replace(server, note=f"{server.note}; DG1053: ${facts.app.port_env_var} set to the port")
        return with_host_env(server, facts)
    if kind == "gunicorn" and facts.app.paste_app is not None and app is None:
        return gunicorn_paste(facts.app.paste_app.ini, port)
    if app is None:
        return None
    if kind == "gunicorn":
        return gunicorn(app, port, path=app_dir(app, facts))
    if kind == "django":
        return django(app, port, facts)
    if kind == "sanic":
        return sanic(app, port, path=app_dir(app, facts))
    return asgi(app, port, facts)
