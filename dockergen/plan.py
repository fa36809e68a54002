"""Stage 3: turn facts and resolved settings into a BuildPlan. Pure: no disk, no prompts.

All choices live here; templates only loop and branch over the flat context this builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import __version__
from .commands import Server, server_for
from .facts import Fact, ProjectFacts
from .versions import APP_UID, UV_VERSION

VENV = "/opt/venv"
WORKDIR = "/app"


@dataclass
class BuildPlan:
    template_id: str
    context: dict[str, Any]
    decisions: list[str] = field(default_factory=list)  # DG codes that shaped this plan
    summary: list[str] = field(default_factory=list)  # "python 3.12 (from .python-version)"
    warnings: list[str] = field(default_factory=list)
    outputs: tuple[str, ...] = ("Dockerfile", ".dockerignore")


def choose_template(facts: ProjectFacts, settings: dict[str, Fact[Any] | None]) -> Fact[str]:
    chosen = settings.get("template")
    if chosen is not None:
        return chosen
    framework = facts.framework.value if facts.framework else None
    if framework == "flask":
        return Fact("flask", "detected", f"{facts.framework.evidence}" if facts.framework else "")
    if facts.is_package and facts.is_package.value:
        return Fact("multi-stage", "detected", "the project is a package that must be built")
    return Fact("slim", "default", "a plain project needs one stage")


def choose_plan(facts: ProjectFacts, settings: dict[str, Fact[Any] | None]) -> BuildPlan:
    template = choose_template(facts, settings)
    python = settings["python"]
    debian = settings["debian"]
    port_fact = settings.get("port")
    app_fact = settings.get("app")
    framework = facts.framework.value if facts.framework else None
    if template.value == "flask":
        framework = "flask"
    port = port_fact.value if port_fact else None
    if framework and port is None:
        port = 8000
        port_fact = Fact(port, "default", "web app default")
    server = server_for(framework, app_fact.value if app_fact else None, port)
    command, entrypoint = _start_command(facts, settings, server)

    plan = BuildPlan(template_id=template.value, context={}, warnings=list(facts.warnings))
    plan.summary += [
        f"template {template.describe()}",
        f"python {python.describe()}",
        f"packages {settings['package_manager'].describe()}" if settings.get("package_manager") else "",
    ]
    if app_fact:
        plan.summary.append(f"app {app_fact.describe()}")
    if port_fact and port is not None:
        plan.summary.append(f"port {port_fact.describe()}")
    plan.summary.append("command " + " ".join(entrypoint + command))
    plan.summary = [s for s in plan.summary if s]

    multi_stage = template.value != "slim"
    healthcheck = bool(settings["healthcheck"].value) and port is not None
    deps = list(facts.dependency_files)
    pyproject_deps = not deps and bool(facts.is_package and facts.is_package.value) and _has_pyproject(facts)
    plan.context = {
        "dockergen_version": __version__,
        "template_id": template.value,
        "python_version": python.value,
        "python_evidence": python.describe(),
        "debian": debian.value,
        "multi_stage": multi_stage,
        "builder_variant": "slim",
        "venv": VENV,
        "workdir": WORKDIR,
        "uid": APP_UID,
        "uv_version": UV_VERSION,
        "requirement_files": [] if pyproject_deps else deps,
        "pyproject_deps": pyproject_deps,
        "install_project": bool(facts.is_package and facts.is_package.value),
        "extra_packages": _missing_packages(server.packages if server else [], facts.requirements),
        "apt_runtime_packages": ["tini"] if server is None or server.needs_init else [],
        "env": list(server.env) if server else [],
        "writable_dirs": list(facts.writable_dirs),
        "port": port,
        "healthcheck": _healthcheck(port, server) if healthcheck else None,
        "entrypoint": (["/usr/bin/tini", "--"] if server is None or server.needs_init else []) + entrypoint,
        "cmd": command,
        "server_note": server.note if server else "",
        "project_name": facts.name.value if facts.name else "app",
    }
    plan.decisions = ["DG9001", "DG1001", "DG2001", "DG2002", "DG2003", "DG2006", "DG3001", "DG3002", "DG3004", "DG3005"]
    if server:
        plan.decisions.append("DG2005")
    if healthcheck:
        plan.decisions.append("DG3003")
    return plan


def _has_pyproject(facts: ProjectFacts) -> bool:
    return bool(facts.is_package and "pyproject.toml" in facts.is_package.evidence)


def _start_command(
    facts: ProjectFacts, settings: dict[str, Fact[Any] | None], server: Server | None
) -> tuple[list[str], list[str]]:
    """(cmd, entrypoint) argv lists. An explicit command wins; then the server; then a script."""
    command = settings.get("command")
    if command is not None and (command.source != "detected" or server is None):
        return list(command.value), []
    if server is not None:
        return list(server.cmd), list(server.entrypoint)
    if command is not None:
        return list(command.value), []
    return ["python", "--version"], []


def _healthcheck(port: int, server: Server | None) -> list[str]:
    """A curl-free probe in Python's stdlib (BEST-PRACTICES rule 33); honours $PORT."""
    path = server.health_path if server else None
    if path:
        code = (
            "import os, urllib.request; "
            f"urllib.request.urlopen('http://127.0.0.1:%s{path}' % os.environ.get('PORT', '{port}'), timeout=4)"
        )
    else:
        code = (
            "import os, socket; "
            f"socket.create_connection(('127.0.0.1', int(os.environ.get('PORT', '{port}'))), timeout=4).close()"
        )
    return ["python", "-c", code]


def _missing_packages(packages: list[str], requirements: list[str]) -> list[str]:
    """Server packages the project does not already declare (its own pin wins)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    return [p for p in packages if canonicalize_name(Requirement(p).name) not in requirements]
