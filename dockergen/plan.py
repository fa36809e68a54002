"""Stage 3: turn facts and resolved settings into a typed BuildPlan. Pure: no disk, no prompts.

All choices live here or in the part builders it calls (``installers`` for the dependency
install, ``commands`` for the server, ``compose``, ``kubernetes``, ``ci``); ``context.to_context``
turns the plan into the flat context the templates loop and branch over.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from packaging.requirements import Requirement

from .asof import AsOf, choose_as_of
from .base_image import choose_minor_and_debian
from .catalog.frameworks import framework, web_frameworks
from .catalog.outputs import TEMPLATES
from .catalog.package_managers import manager as catalog_manager
from .ci import ci_part
from .commands import Server, server_for
from .compose import compose_part
from .errors import NoStartCommandError
from .facts import Fact, ProjectFacts
from .import_path import import_path_part
from .inspection.native_deps import NativePlan, plan_native
from .installers import install_part, project_install, start_packages
from .kubernetes import image_name, k8s_outputs, kubernetes_part
from .plan_model import (
    HOME,
    WORKDIR,
    AsOfPart,
    BaseImage,
    BuildPlan,
    Install,
    Metadata,
    NativePackages,
    RuntimeFiles,
    Start,
    StaticFiles,
)
from .secret_files import ignore_lines as secret_ignore_lines
from .settings import Settings
from .setup_steps import choose_setup, wrap
from .versions import PKG_RESOURCES_SETUPTOOLS, TOOL_PINS_CHECKED, pin_for_minor

TINI = ["/usr/bin/tini", "--"]
T = TypeVar("T")


def choose_template(facts: ProjectFacts, settings: Settings) -> Fact[str]:
    """DG2001: a framework's own template, else multi-stage for packages, else slim."""
    chosen = settings.template
    if chosen is not None:
        return chosen
    if facts.app.framework is not None and facts.app.framework.value in framework_templates():
        return Fact(facts.app.framework.value, "detected", facts.app.framework.evidence)
    if facts.packaging.is_package and facts.packaging.is_package.value:
        return Fact("multi-stage", "detected", "the project is a package that must be built")
    manager = settings.package_manager
    entry = catalog_manager(manager.value) if manager is not None else None
    if manager is not None and entry is not None and entry.needs_builder:  # DG2010: the tool stays in a builder
        return Fact("multi-stage", manager.source, f"{manager.value} runs in a build stage")
    native = _native(facts, settings)
    if native.builder_variant == "full":  # DG2026: compilers never reach the runtime image
        return Fact("multi-stage", "detected", "requirements compiled from source: " + ", ".join(
            native.compiled or ["pins without wheels"]))
    return Fact("slim", "default", "a plain project needs one stage")


def framework_templates() -> set[str]:
    """Template ids of a framework of their own (the catalog's)."""
    return {t.id for t in TEMPLATES if t.framework}


def choose_server(facts: ProjectFacts, settings: Settings,
                  template: Fact[str]) -> tuple[str | None, Fact[int] | None, Server | None]:
    """(framework, port, server): what starts the app and where it listens."""
    framework = facts.app.framework.value if facts.app.framework else None
    if template.value in framework_templates() and template.source != "detected":
        framework = template.value  # an explicit framework template decides the server
    port = settings.port
    if framework in web_frameworks() and port is None:
        port = Fact(8000, "default", "web app default")
    app = settings.app
    server = server_for(framework, app.value if app else None, port.value if port else None, facts)
    if server is not None and not server.web:
        port = None
    return framework, port, server


PLACEHOLDER = "/path/to/"  # how READMEs write "a folder of yours": `-d /path/to/empty/data/dir`


def _home_folders(start: Start) -> tuple[Start, list[str]]:
    """DG1103: ``~/packages`` in the start command (the README's ``pypi-server run -p 8080
    ~/packages``) is a folder in the app user's HOME: the exec form expands no ``~``, so it is
    spelled out, and the folder is made, the app user's. A placeholder path (``/path/to/.../dir``)
    becomes the HOME folder of its last part."""
    folders: list[str] = []

    def spelled(word: str) -> str:
        if word.startswith(PLACEHOLDER) and word.rstrip("/") != PLACEHOLDER.rstrip("/"):
            word = "~/" + word.rstrip("/").rsplit("/", 1)[-1]  # /path/to/empty/data/dir: a placeholder
        rest = word[2:].rstrip("/")
        if not word.startswith("~/") or not rest or ".." in rest.split("/"):
            return word
        folders.append(f"{HOME}/{rest}")
        return folders[-1]

    cmd = tuple(spelled(word) for word in start.cmd)
    return (replace(start, cmd=cmd), folders) if folders else (start, [])


def _for_minor(server: Server, minor: str) -> Server:
    """DG2121: the packages of a server dockergen adds (``gunicorn==27.0.1``) at the newest
    release that installs on the image's Python minor, said in the server's note."""
    packages, changed = [], []
    for text in server.packages:
        name, pinned, version = text.partition("==")
        fitted = pin_for_minor(name.partition("[")[0], version, minor) if pinned else version
        packages.append(f"{name}=={fitted}" if pinned else text)
        if fitted != version:
            changed.append(f"{name} {fitted}")
    if not changed:
        return server
    note = f"DG2121: {', '.join(changed)}, the newest release{'s' if len(changed) > 1 else ''} for Python {minor}"
    return replace(server, packages=packages, note=f"{server.note}; {note}" if server.note else note)


def choose_plan(facts: ProjectFacts, settings: Settings, today: date | None = None, *,
                need_start: bool = True) -> BuildPlan:
    """``today`` fixes the clock for the as-of rule (DG2080); the current date by default.

    Without a start command the plan is refused (NoStartCommandError), unless ``need_start`` is
    false: ``dockergen lock`` plans only the install, which needs no command."""
    template = choose_template(facts, settings)
    as_of = choose_as_of(facts, settings.as_of, today or date.today())
    era_warnings: list[str] = []
    settings = replace(settings, **choose_minor_and_debian(facts, settings, as_of, era_warnings))
    framework, port, server = choose_server(facts, settings, template)
    if server is not None:
        server = _for_minor(server, _need(settings.python, "python").value)
    app = settings.app
    start = _start(facts, settings, port, server, need_start)
    start, home_dirs = _home_folders(start)
    entry = [w for w in (*start.entrypoint, *start.cmd) if w not in TINI]
    project = project_install(facts, entry)
    import_path = import_path_part(facts, entry, start.env, project.install)  # DG2117
    start = replace(start, import_path=import_path)
    packages, extras = start_packages(_extra(list(server.packages) if server else [], settings.extra_packages),
                                      entry, facts)
    if facts.app.pkg_resources_import:  # DG2113: the app's own code imports pkg_resources
        packages.append(PKG_RESOURCES_SETUPTOOLS)
    install = install_part(facts, _need(settings.package_manager, "package_manager"), packages, project,
                           tuple(extras))
    setup, setup_warnings = choose_setup(facts, framework, _on(settings.setup_steps), project.install)
    if setup and server is not None and start.cmd:  # DG2046: setup steps, then exec the server under tini
        start = replace(start, entrypoint=wrap(start.entrypoint, setup, TINI), needs_init=True)
    python = _need(settings.python, "python")
    base = BaseImage(python.value, python.describe(), _need(settings.debian, "debian").value, template.value != "slim")
    summary = _summary(template, settings, app, port, [*start.entrypoint, *start.cmd])
    summary += [f"setup step {line} (DG2046: {evidence})" for line, evidence in setup if server is not None]
    if import_path.value:
        summary.append(f"PYTHONPATH {import_path.value} (DG2117: the start file imports the project's own modules)")
    if as_of.timestamp:
        summary.append(f"as of {as_of.timestamp} ({as_of.reason})")
    warnings = list(facts.warnings) + era_warnings + ([as_of.warning] if as_of.warning else [])
    warnings += [project.warning] if project.warning else []
    warnings += [server.warning] if server and server.warning else []
    warnings += setup_warnings + list(import_path.warnings)
    outputs: tuple[str, ...] = ("Dockerfile", ".dockerignore")
    compose = kubernetes = None
    if _on(settings.compose):
        compose = compose_part(facts, start, image_name(facts))
        outputs += ("compose.yaml",)
        summary += [f"service {s.describe()}" for s in facts.services.services]
    if _on(settings.kubernetes):
        kubernetes = kubernetes_part(facts, start, WORKDIR)
        outputs += k8s_outputs(kubernetes)
    ci_files, ci = ci_part(settings)  # DG2090: a CI workflow when `ci` is set
    if ci_files:
        summary.append(f"ci {_need(settings.ci, 'ci').describe()}")
    writable = tuple(_extra([*facts.app.writable_dirs, *home_dirs], settings.extra_writable_dirs))
    run_links = run_files(framework)
    return BuildPlan(
        template.value, base, install,
        _native_packages(_native(facts, settings), start, facts.packaging.system_packages), start,
        writable, static_files(facts, framework), _as_of_part(as_of, install), _metadata(facts),
        compose, kubernetes, ci, outputs + tuple(ci_files), tuple(summary), tuple(warnings),
        tuple(secret_ignore_lines()) + tuple(facts.packaging.secret_requirement_files) + run_links, run_links,
        RuntimeFiles(_data_links(facts, install.install_project),
                     tuple(setup) if server is not None and start.cmd else (), _writable_notes(framework, writable)))


def _data_links(facts: ProjectFacts, installed: bool) -> tuple[tuple[str, str, bool, str], ...]:
    """DG2045: the databases that are links into data/. One inside a src/ package the image
    installs is opened from site-packages (``Path(app.root_path) / "blog.db"``), so its link is
    made there too."""
    return tuple((f.path, f.link, f.shipped, f.path.removeprefix("src/") if installed and f.path.startswith("src/")
                  and f.path.count("/") >= 2 else "") for f in facts.app.sqlite_files if f.link)


def run_files(framework_id: str | None) -> tuple[str, ...]:
    """DG2037: files the framework writes next to the code at start (FastHTML's ``.sesskey``).
    They are linked into HOME and kept out of the build context: a key in the project folder
    would otherwise be copied into a layer of the image."""
    entry = framework(framework_id)
    return entry.run_files if entry is not None else ()


def _writable_notes(framework_id: str | None, writable: tuple[str, ...]) -> tuple[str, ...]:
    """DG2048: the catalog's reason for a framework's own folders, when the image creates them."""
    entry = framework(framework_id)
    return (entry.writable_note,) if entry and entry.writable_note and set(entry.writable) & set(writable) else ()


def _start(facts: ProjectFacts, settings: Settings, port: Fact[int] | None, server: Server | None,
           need_start: bool = True) -> Start:
    app = settings.app
    try:
        cmd, entrypoint = _start_command(settings, server, facts)
    except NoStartCommandError:
        if need_start:
            raise
        cmd, entrypoint = [], []
    needs_init = server is None or server.needs_init
    if needs_init:
        entrypoint = TINI + entrypoint
    healthcheck = bool(_need(settings.healthcheck, "healthcheck").value) and port is not None and server is not None
    return Start(
        entrypoint=tuple(entrypoint), cmd=tuple(cmd), env=tuple(server.env) if server else (),
        port=port.value if port else None, port_evidence=port.describe() if port else "",
        healthcheck=tuple(_healthcheck(port.value, server)) if healthcheck and port else None,
        health_path=server.health_path if server else None,
        app_evidence=app.describe() if app and server else "",
        server_note=server.note if server else _cli_note(entrypoint, facts),
        needs_init=needs_init,
    )


def _as_of_part(as_of: AsOf, install: Install) -> AsOfPart:
    # DG2080: the packages dockergen adds are not the project's; the date must not hold them back.
    exempt = tuple(f"{_name(p)}={TOOL_PINS_CHECKED}" for p in install.extra_packages) if as_of.timestamp else ()
    return AsOfPart(as_of.timestamp, as_of.reason, exempt)


def _metadata(facts: ProjectFacts) -> Metadata:
    """DG3006 labels; DG2017: the variable a git-versioning build plugin reads instead of .git."""
    variable, _, value = facts.metadata.vcs_version.value.partition("=") if facts.metadata.vcs_version else ("", "", "")
    image_version = facts.metadata.image_labels["version"].value if "version" in facts.metadata.image_labels else value
    return Metadata(tuple(_labels(facts)), image_version, variable, value,
                    facts.metadata.vcs_version.evidence if facts.metadata.vcs_version else "")


def _need(fact: Fact[T] | None, name: str) -> Fact[T]:
    """A setting every resolution fills (from a layer or its default)."""
    if fact is None:  # only a hand-made Settings lacks these
        raise KeyError(name)
    return fact


def _on(fact: Fact[bool] | None) -> bool:
    return bool(fact and fact.value)


def _labels(facts: ProjectFacts) -> list[tuple[str, str]]:
    """DG3006: static OCI labels from the project's metadata (title first)."""
    labels = [("title", facts.packaging.name.value if facts.packaging.name else "app")]
    labels += [(key, facts.metadata.image_labels[key].value) for key in ("description", "licenses", "source")
               if key in facts.metadata.image_labels]
    return labels


def _summary(template: Fact[str], settings: Settings, app: Fact[Any] | None, port: Fact[int] | None,
             argv: list[str]) -> list[str]:
    summary = [f"template {template.describe()}", f"python {_need(settings.python, 'python').describe()}",
               f"packages {_need(settings.package_manager, 'package_manager').describe()}"]
    if app:
        summary.append(f"app {app.describe()}")
    if port:
        summary.append(f"port {port.describe()}")
    summary.append("command " + " ".join(argv))
    return summary


def _native(facts: ProjectFacts, settings: Settings) -> NativePlan:
    minor = _need(settings.python, "python").value
    resolved = facts.python.resolved_sets.get(minor)
    return plan_native([f.value for f in facts.packaging.native_deps], _need(settings.debian, "debian").value,
                       minor, {**facts.python.range_picks, **facts.packaging.pins}, facts.python.wheel_minors,
                       facts.packaging.native_bundled, facts.packaging.no_binary, resolved.no_wheel if resolved else (),
                       resolved.pure_sdists if resolved else ())


# DG1100: what packages.txt names for building, not running: the builder installs these.
_BUILD_ONLY = re.compile(r"-dev$|^(?:build-essential|gcc|g\+\+|make|cmake|pkg-config|autoconf|automake|libtool)$")


def _native_packages(native: NativePlan, start: Start, system: list[str]) -> NativePackages:
    """DG2025: native packages merged with what the start needs (tini) and, DG1100, what the
    project's packages.txt names: headers and compilers in the builder, the rest at run time."""
    init = {"tini"} if start.needs_init else set()
    build = [p for p in system if _BUILD_ONLY.search(p)]
    run = [p for p in system if p not in build]
    note = f"DG1100: packages.txt names {', '.join(system)}" if system else ""
    return NativePackages("full" if native.builder_variant == "full" else "slim",
                          tuple(dict.fromkeys([*native.build_packages, *build])),
                          tuple(sorted(init | set(native.runtime_packages) | set(run))), tuple(native.notes),
                          tuple(native.bundled), native.pure, note)


def _start_command(settings: Settings, server: Server | None,
                   facts: ProjectFacts) -> tuple[list[str], list[str]]:
    """(cmd, entrypoint). A command from the user wins; then the server; then a detected script.

    DG2034: a console script becomes the ENTRYPOINT with ``--help`` as the default CMD, so
    ``docker run IMAGE --help`` and ``docker run IMAGE ARGS`` both reach the CLI."""
    command = settings.command
    if command is not None and (command.source != "detected" or server is None):
        argv = list(command.value)
        if argv[0] in facts.app.console_scripts:
            return argv[1:] or ["--help"], argv[:1]
        if command.source == "detected" and facts.app.script_cli is not None:  # DG2040: a python FILE CLI
            return [], argv
        return argv, []
    if server is not None:
        return list(server.cmd), list(server.entrypoint)
    unreachable = "".join(f" {f} is not run: it binds 127.0.0.1 only (DG1059, the fix is in the warning)."
                          for f in facts.app.unreachable_files)
    raise NoStartCommandError(
        "Found nothing to start: no app object of a known framework in the code, no console script, "
        "no Procfile web process, no start command in a Dockerfile, compose file, Makefile or README "
        "(DG1090), and no main.py, app.py or package with __main__.py." + unreachable,
        hint="Name the start command: `dockergen init --command 'python -m yourapp'` "
             "(or `command = \"...\"` in [tool.dockergen]).")


def _cli_note(entrypoint: list[str], facts: ProjectFacts) -> str:
    if entrypoint and entrypoint[-1] in facts.app.console_scripts:
        return "DG2034: the console script is the ENTRYPOINT: `docker run IMAGE ARGS` passes ARGS to it"
    command = facts.app.command.value if facts.app.command else []
    if facts.app.script_cli is not None and entrypoint[-2:] == list(command)[-2:]:
        return (f"DG2040: {facts.app.script_cli.value} parses the arguments, so the script is the ENTRYPOINT "
                "(`docker run IMAGE --help` reaches it)")
    return ""


def _healthcheck(port: int, server: Server | None) -> list[str]:
    """A curl-free probe in Python's stdlib (BEST-PRACTICES rule 33); honours $PORT."""
    path = server.health_path if server else None
    if server is not None and not server.port_env:
        port_expr = str(port)  # the app ignores $PORT, so the probe must too
        if path:
            return ["python", "-c", "import urllib.request; "
                    f"urllib.request.urlopen('http://127.0.0.1:{port}{path}', timeout=4)"]
        return ["python", "-c",
                f"import socket; socket.create_connection(('127.0.0.1', {port_expr}), timeout=4).close()"]
    if path:
        code = ("import os, urllib.request; "
                f"urllib.request.urlopen('http://127.0.0.1:%s{path}' % os.environ.get('PORT', '{port}'), timeout=4)")
    else:
        code = ("import os, socket; "
                f"socket.create_connection(('127.0.0.1', int(os.environ.get('PORT', '{port}'))), timeout=4).close()")
    return ["python", "-c", code]


def static_files(facts: ProjectFacts, framework: str | None) -> StaticFiles:
    """DG2035: collectstatic at build time with a throwaway SECRET_KEY inline in that RUN only."""
    run = framework == "django" and bool(facts.app.collectstatic and facts.app.collectstatic.value)
    names = facts.app.secret_key_env or ["DJANGO_SECRET_KEY", "SECRET_KEY"]
    # ... and every variable the settings read with no default (a KeyError or None at import).
    names = list(dict.fromkeys([*names, *facts.app.settings_env_required]))
    env = [(name, facts.app.settings_env_values.get(name) or "collectstatic-only-not-a-secret") for name in names]
    if facts.app.django_settings:
        env.insert(0, ("DJANGO_SETTINGS_MODULE", facts.app.django_settings.value))
    return StaticFiles(run, tuple(env) if run else ())


def _extra(detected: list[str], setting: Fact[Any] | None) -> list[str]:
    """Detected values plus a setting's extra ones (extra_packages, extra_writable_dirs) not among them."""
    extra = [v for v in dict.fromkeys(setting.value) if v not in detected] if setting else []
    return detected + extra


def _name(requirement: str) -> str:
    return Requirement(requirement).name
