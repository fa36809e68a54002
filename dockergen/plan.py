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
from .ci import ci_outputs
from .commands import WEB_FRAMEWORKS, Server, server_for
from .facts import Fact, ProjectFacts
from .inspection.native_deps import NativePlan, plan_native
from .installers import TOOL_MANAGERS, install_context
from .secret_files import ignore_lines as secret_ignore_lines
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
    if facts.framework is not None and facts.framework.value in framework_templates():
        return Fact(facts.framework.value, "detected", facts.framework.evidence)
    if facts.is_package and facts.is_package.value:
        return Fact("multi-stage", "detected", "the project is a package that must be built")
    manager = settings.get("package_manager")
    if manager is not None and manager.value in TOOL_MANAGERS:  # DG2010: the tool stays in a builder
        return Fact("multi-stage", manager.source, f"{manager.value} runs in a build stage")
    native = _native(facts, settings)
    if native.builder_variant == "full":  # DG2026: compilers never reach the runtime image
        return Fact("multi-stage", "detected", "requirements compiled from source: " + ", ".join(
            native.compiled or ["pins without wheels"]))
    return Fact("slim", "default", "a plain project needs one stage")


def framework_templates() -> set[str]:
    """Template ids named after a framework (templates/<framework>/)."""
    from .render import template_ids

    return set(template_ids()) & {*WEB_FRAMEWORKS, "celery"}


def choose_server(facts: ProjectFacts, settings: Settings,
                  template: Fact[str]) -> tuple[str | None, Fact[int] | None, Server | None]:
    """(framework, port, server): what starts the app and where it listens."""
    framework = facts.framework.value if facts.framework else None
    if template.value in framework_templates() and template.source != "detected":
        framework = template.value  # an explicit framework template decides the server
    port = settings.get("port")
    if framework in WEB_FRAMEWORKS and port is None:
        port = Fact(8000, "default", "web app default")
    app = settings.get("app")
    server = server_for(framework, app.value if app else None, port.value if port else None, facts)
    if server is not None and not server.web:
        port = None
    return framework, port, server


def choose_plan(facts: ProjectFacts, settings: Settings, today: date | None = None) -> BuildPlan:
    """``today`` fixes the clock for the as-of rule (DG2080); the current date by default."""
    template = choose_template(facts, settings)
    as_of = choose_as_of(facts, settings.get("as_of"), today or date.today())
    framework, port, server = choose_server(facts, settings, template)
    app = settings.get("app")
    cmd, entrypoint = _start_command(settings, server, facts)
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
        "server_note": server.note if server else _cli_note(entrypoint, facts),
        **django_context(facts, framework),
        "as_of": as_of.timestamp,
        "as_of_reason": as_of.reason,
        **_vcs_version(facts),
        "labels": _labels(facts),
        "image_version": facts.image_labels["version"].value if "version" in facts.image_labels else (
            facts.vcs_version.value.partition("=")[2] if facts.vcs_version else ""),
        "health_path": server.health_path if server else None,
    }
    context.update(install_context(facts, settings["package_manager"], server.packages if server else []))
    context.update(_native_context(_native(facts, settings), context))
    # DG2080: the packages dockergen adds are not the project's; the date must not hold them back.
    context["as_of_exempt"] = [f"{_name(p)}={TOOL_PINS_CHECKED}" for p in context["extra_packages"]] if as_of.timestamp else []

    summary = _summary(template, settings, app, port, entrypoint + cmd)
    if as_of.timestamp:
        summary.append(f"as of {as_of.timestamp} ({as_of.reason})")
    warnings = list(facts.warnings) + ([as_of.warning] if as_of.warning else [])
    warnings += [server.warning] if server and server.warning else []
    outputs = ("Dockerfile", ".dockerignore") + _deploy_outputs(facts, settings, context, summary)
    ci_files, ci_context = ci_outputs(settings)  # DG2090: a CI workflow when `ci` is set
    context.update(ci_context)
    if ci_files:
        summary.append(f"ci {settings['ci'].describe()}")
    outputs += tuple(ci_files)
    context["generated_ignores"] = _generated_ignores(outputs)
    context["secret_ignores"] = secret_ignore_lines() + list(facts.secret_requirement_files)  # DG3004, DG3044
    return BuildPlan(template.value, context, summary, warnings, outputs)


def _generated_ignores(outputs: tuple[str, ...]) -> list[str]:
    """Other files dockergen writes (k8s/, CI workflows): editing them must not bust COPY . ."""
    found = {f"{p.split('/', 1)[0]}/" if p.startswith("k8s/") else p for p in outputs
             if p not in ("Dockerfile", ".dockerignore", "compose.yaml")}
    return sorted(found)


def _labels(facts: ProjectFacts) -> list[tuple[str, str]]:
    """DG3006: static OCI labels from the project's metadata (title first)."""
    labels = [("title", facts.name.value if facts.name else "app")]
    labels += [(key, facts.image_labels[key].value) for key in ("description", "licenses", "source")
               if key in facts.image_labels]
    return labels


def _vcs_version(facts: ProjectFacts) -> dict[str, str]:
    """DG2017: the variable a git-versioning build plugin reads instead of .git, and its value."""
    variable, _, value = facts.vcs_version.value.partition("=") if facts.vcs_version else ("", "", "")
    return {"vcs_version_variable": variable, "vcs_version_value": value,
            "vcs_version_evidence": facts.vcs_version.evidence if facts.vcs_version else ""}


def _summary(template: Fact[str], settings: Settings, app: Fact[Any] | None, port: Fact[int] | None,
             argv: list[str]) -> list[str]:
    summary = [f"template {template.describe()}", f"python {settings['python'].describe()}",
               f"packages {settings['package_manager'].describe()}"]
    if app:
        summary.append(f"app {app.describe()}")
    if port:
        summary.append(f"port {port.describe()}")
    summary.append("command " + " ".join(argv))
    return summary


def _deploy_outputs(facts: ProjectFacts, settings: Settings, context: dict[str, Any],
                    summary: list[str]) -> tuple[str, ...]:
    """compose.yaml and k8s/ (issue 7): their context keys are added to ``context``."""
    outputs: tuple[str, ...] = ()
    if settings.get("compose") and settings["compose"].value:
        from .compose import compose_context
        from .kubernetes import image_name

        context.update(compose_context(facts, context, image_name(facts)))
        outputs += ("compose.yaml",)
        summary += [f"service {s.describe()}" for s in facts.services]
    if settings.get("kubernetes") and settings["kubernetes"].value:
        from .kubernetes import k8s_outputs, kubernetes_context

        context.update(kubernetes_context(facts, context))
        outputs += k8s_outputs(context)
    return outputs


def _native(facts: ProjectFacts, settings: Settings) -> NativePlan:
    return plan_native([f.value for f in facts.native_deps], settings["debian"].value, settings["python"].value,
                       facts.pins, facts.wheel_minors)


def _native_context(native: NativePlan, context: dict[str, Any]) -> dict[str, Any]:
    """DG2025: merge native packages into the plan (tini etc. stay; a full builder wins)."""
    full = native.builder_variant == "full" or context.get("builder_variant") == "full"
    return {
        "builder_variant": "full" if full else context.get("builder_variant", "slim"),
        "apt_build_packages": native.build_packages,
        "apt_runtime_packages": sorted(set(context["apt_runtime_packages"]) | set(native.runtime_packages)),
        "native_notes": native.notes,
    }


def _start_command(settings: Settings, server: Server | None,
                   facts: ProjectFacts) -> tuple[list[str], list[str]]:
    """(cmd, entrypoint). A command from the user wins; then the server; then a detected script.

    DG2034: a console script becomes the ENTRYPOINT with ``--help`` as the default CMD, so
    ``docker run IMAGE --help`` and ``docker run IMAGE ARGS`` both reach the CLI."""
    command = settings.get("command")
    if command is not None and (command.source != "detected" or server is None):
        argv = list(command.value)
        if argv[0] in facts.console_scripts:
            return argv[1:] or ["--help"], argv[:1]
        return argv, []
    if server is not None:
        return list(server.cmd), list(server.entrypoint)
    return ["python", "--version"], []


def _cli_note(entrypoint: list[str], facts: ProjectFacts) -> str:
    if entrypoint and entrypoint[-1] in facts.console_scripts:
        return "DG2034: the console script is the ENTRYPOINT: `docker run IMAGE ARGS` passes ARGS to it"
    return ""


def _healthcheck(port: int, server: Server | None) -> list[str]:
    """A curl-free probe in Python's stdlib (BEST-PRACTICES rule 33); honours $PORT."""
    path = server.health_path if server else None
    if server is not None and not server.port_env:
        port_expr = str(port)  # the app ignores $PORT, so the probe must too
        if path:
            return ["python", "-c", f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}{path}', timeout=4)"]
        return ["python", "-c", f"import socket; socket.create_connection(('127.0.0.1', {port_expr}), timeout=4).close()"]
    if path:
        code = ("import os, urllib.request; "
                f"urllib.request.urlopen('http://127.0.0.1:%s{path}' % os.environ.get('PORT', '{port}'), timeout=4)")
    else:
        code = ("import os, socket; "
                f"socket.create_connection(('127.0.0.1', int(os.environ.get('PORT', '{port}'))), timeout=4).close()")
    return ["python", "-c", code]


def django_context(facts: ProjectFacts, framework: str | None) -> dict[str, Any]:
    """DG2035: collectstatic at build time with a throwaway SECRET_KEY inline in that RUN only."""
    run = framework == "django" and bool(facts.collectstatic and facts.collectstatic.value)
    names = facts.secret_key_env or ["DJANGO_SECRET_KEY", "SECRET_KEY"]
    env = [(name, "collectstatic-only-not-a-secret") for name in names]
    if facts.django_settings:
        env.insert(0, ("DJANGO_SETTINGS_MODULE", facts.django_settings.value))
    return {"collectstatic": run, "collectstatic_env": env if run else []}


def _name(requirement: str) -> str:
    return requirement.split("==", 1)[0].strip()
