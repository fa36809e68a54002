"""Stage 3: turn facts and resolved settings into a BuildPlan. Pure: no disk, no prompts.

All choices live here or in the modules it calls (``installers`` for the dependency install,
``commands`` for the server); templates only loop and branch over the flat context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import __version__
from .asof import choose_as_of
from .commands import Server, server_for
from .facts import Fact, ProjectFacts
from .installers import install_context
from .versions import APP_UID, TOOL_PINS_CHECKED

VENV = "/opt/venv"
WORKDIR = "/app"
TINI = ["/usr/bin/tini", "--"]
Settings = dict[str, "Fact[Any] | None"]


@dataclass
class BuildPlan:
    template_id: str
    context: dict[str, Any]
    summary: list[str] = field(default_factory=list)  # "python 3.12 (from .python-version)"
    warnings: list[str] = field(default_factory=list)
    outputs: tuple[str, ...] = ("Dockerfile", ".dockerignore")


def choose_template(facts: ProjectFacts, settings: Settings) -> Fact[str]:
    """DG2001: a framework's own template, else multi-stage for packages, else slim."""
    chosen = settings.get("template")
    if chosen is not None:
        return chosen
    if facts.framework is not None and facts.framework.value == "flask":
        return Fact("flask", "detected", facts.framework.evidence)
    if facts.is_package and facts.is_package.value:
        return Fact("multi-stage", "detected", "the project is a package that must be built")
    return Fact("slim", "default", "a plain project needs one stage")


def choose_plan(facts: ProjectFacts, settings: Settings, today: date | None = None) -> BuildPlan:
    """``today`` fixes the clock for the as-of rule (DG2080); the current date by default."""
    template = choose_template(facts, settings)
    as_of = choose_as_of(facts, settings.get("as_of"), today or date.today())
    framework = facts.framework.value if facts.framework else None
    if template.value == "flask":
        framework = "flask"
    port = settings.get("port")
    if framework and port is None:
        port = Fact(8000, "default", "web app default")
    app = settings.get("app")
    server = server_for(framework, app.value if app else None, port.value if port else None)
    cmd, entrypoint = _start_command(settings, server)
    needs_init = server is None or server.needs_init
    if needs_init:
        entrypoint = TINI + entrypoint
    healthcheck = bool(settings["healthcheck"].value) and port is not None and server is not None

    context: dict[str, Any] = {
        "dockergen_version": __version__,
        "template_id": template.value,
        "python_version": settings["python"].value,
        "python_evidence": settings["python"].describe(),
        "debian": settings["debian"].value,
        "multi_stage": template.value != "slim",
        "venv": VENV,
        "workdir": WORKDIR,
        "uid": APP_UID,
        "apt_runtime_packages": ["tini"] if needs_init else [],
        "env": list(server.env) if server else [],
        "writable_dirs": list(facts.writable_dirs),
        "port": port.value if port else None,
        "port_evidence": port.describe() if port else "",
        "healthcheck": _healthcheck(port.value, server) if healthcheck and port else None,
        "app_evidence": app.describe() if app and server else "",
        "entrypoint": entrypoint,
        "cmd": cmd,
        "server_note": server.note if server else "",
        "project_name": facts.name.value if facts.name else "app",
        "as_of": as_of.timestamp,
        "as_of_reason": as_of.reason,
    }
    context.update(install_context(facts, settings["package_manager"], server.packages if server else []))
    # DG2080: the packages dockergen adds are not the project's; the date must not hold them back.
    context["as_of_exempt"] = [f"{_name(p)}={TOOL_PINS_CHECKED}" for p in context["extra_packages"]] if as_of.timestamp else []

    summary = [f"template {template.describe()}", f"python {settings['python'].describe()}",
               f"packages {settings['package_manager'].describe()}"]
    if app:
        summary.append(f"app {app.describe()}")
    if port:
        summary.append(f"port {port.describe()}")
    summary.append("command " + " ".join(entrypoint + cmd))
    if as_of.timestamp:
        summary.append(f"as of {as_of.timestamp} ({as_of.reason})")
    warnings = list(facts.warnings) + ([as_of.warning] if as_of.warning else [])
    return BuildPlan(template.value, context, summary, warnings)


def _start_command(settings: Settings, server: Server | None) -> tuple[list[str], list[str]]:
    """(cmd, entrypoint). A command from the user wins; then the server; then a detected script."""
    command = settings.get("command")
    if command is not None and (command.source != "detected" or server is None):
        return list(command.value), []
    if server is not None:
        return list(server.cmd), list(server.entrypoint)
    return ["python", "--version"], []


def _healthcheck(port: int, server: Server | None) -> list[str]:
    """A curl-free probe in Python's stdlib (BEST-PRACTICES rule 33); honours $PORT."""
    path = server.health_path if server else None
    if path:
        code = ("import os, urllib.request; "
                f"urllib.request.urlopen('http://127.0.0.1:%s{path}' % os.environ.get('PORT', '{port}'), timeout=4)")
    else:
        code = ("import os, socket; "
                f"socket.create_connection(('127.0.0.1', int(os.environ.get('PORT', '{port}'))), timeout=4).close()")
    return ["python", "-c", code]


def _name(requirement: str) -> str:
    return requirement.split("==", 1)[0].strip()
