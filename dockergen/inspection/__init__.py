"""Stage 1: read a project folder into ``ProjectFacts``. Never imports or runs its code.

Detectors run in a fixed order, because later ones use earlier facts (frameworks use the
requirements, ports use the app).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ..asof import choose_as_of, is_locked
from ..errors import ProjectError
from ..facts import (
    AppFacts,
    MetadataFacts,
    PackagingFacts,
    ProjectFacts,
    PythonFacts,
    Resolved,
    ServiceFacts,
    SetupStep,
    StartIntent,
)
from ..python_minors import legacy_minors
from ..resolution import requirement_lines, resolve_in_order
from ..versions import DEBIAN_RELEASES, SUPPORTED_MINORS
from .ast_utils import parse_budget_note
from .buildable import detect_self_import
from .entrypoints import detect_script, init_db_script, own_script_names, web_console_script
from .files import project_root
from .found import FrameworkFound, PackagingFound, ScriptFound
from .frameworks import detect_framework
from .history import detect_dependency_date
from .imports import detect_pkg_resources
from .local_imports import detect_local_imports
from .metadata import detect_metadata
from .native_deps import detect_native_deps
from .packaging import detect_packaging, load_pyproject
from .pins import collect_pins
from .ports import detect_port
from .presence import require_python_project
from .python_sources import read_version_sources
from .python_version import PythonChoice, choose_for_wheels, choose_python, has_all_wheels
from .servers import detect_server_hint
from .services import detect_services
from .stated_commands import detect_setup_steps, detect_stated_starts
from .subprojects import require_app_at_root
from .system_packages import read_packages_txt
from .vcs_version import detect_vcs_version
from .writable import detect_writable_dirs


def inspect_project(root: str | Path, *, offline: bool | None = None, require_python: bool = True) -> ProjectFacts:
    """Inspect the project at ``root`` and return what was found, each fact with evidence.

    Exact pins are checked for wheels on the package index (DG1034) unless ``offline`` (by
    default: the DOCKERGEN_OFFLINE environment variable) is set; that is the only network use.

    Raises ``ProjectError`` when the folder cannot be read or a file in it is malformed, or
    (unless ``require_python`` is false) when it holds no Python code or project file (DG3010).
    """
    # The inspection's own read cache rides on the root every detector is given: each file is read
    # and parsed once, whichever detectors need it, and a later inspection reads afresh.
    return _inspect(project_root(check_root(Path(root))), offline=offline, require_python=require_python)


def _inspect(root: Path, *, offline: bool | None, require_python: bool) -> ProjectFacts:
    if require_python:  # DG3010; `dockergen check` reads any folder that has a Dockerfile
        require_python_project(root)
    facts = ProjectFacts(root=Path(root))  # a plain path: the read cache ends with the inspection
    pyproject = load_pyproject(root)
    found_packaging = detect_packaging(root, pyproject)
    facts.packaging = packaging = _packaging_group(found_packaging, facts.warnings)
    dependency_date = None
    if packaging.requirements and packaging.package_manager and packaging.package_manager.value == "pip":  # DG2080
        manifests = packaging.dependency_files or [f for f in ("pyproject.toml", "setup.py", "setup.cfg")
                                                   if (root / f).is_file()]
        dependency_date = detect_dependency_date(root, manifests)
    choice = choose_python(read_version_sources(root, pyproject, facts.warnings, found_packaging.script_python),
                           facts.warnings)
    facts.python = python = PythonFacts(
        python_version=choice.fact, python_sources=choice.sources, python_candidates=list(choice.candidates),
        python_flexible=choice.flexible, python_ranges=list(choice.ranges), dependency_date=dependency_date)
    packaging.pins = collect_pins(root, packaging.pinned_requirements, facts.warnings)
    if offline is None:
        offline = os.environ.get("DOCKERGEN_OFFLINE", "") not in ("", "0")
    whole_set: Callable[[], None] | None = None
    if (packaging.pins or packaging.requirement_ranges) and not offline:
        from ..wheel_index import check_wheels, resolve_ranges

        # DG2115: an open requirement installs the newest release in its range: check that one too.
        python.range_picks = resolve_ranges(packaging.requirement_ranges) if packaging.requirement_ranges else {}
        # The end-of-life minors an old project may get (DG2083) are checked with the same answers.
        minors = [*legacy_minors(DEBIAN_RELEASES, SUPPORTED_MINORS), *SUPPORTED_MINORS, choice.fact.value]
        check = check_wheels({**python.range_picks, **packaging.pins}, tuple(dict.fromkeys(minors)))
        python.wheel_minors = check.minors
        python.pins_released = {k: v for k, v in check.uploaded.items() if k.split("==")[0] in packaging.pins}
        if check.note:
            facts.warnings.append(check.note)
        if not check.unreachable:  # DG2116 runs while the detectors below read the project
            whole_set = _start_whole_set(facts, choice)
    pkg_resources_import = detect_pkg_resources(root)  # DG2113
    installable = bool(packaging.is_package and packaging.is_package.value) or packaging.legacy_setuptools
    # DG1090: the project's own start commands; DG1103: its console scripts, when it is installed
    stated_starts = detect_stated_starts(root, own_script_names(root, pyproject) if installable else ())
    setup_steps = detect_setup_steps(root)  # DG2046: release and setup commands
    init_script = init_db_script(pyproject)  # DG2120: unless the project states how it creates the database
    if init_script is not None and not any(step.kind == "init" for step in setup_steps):
        setup_steps.append(init_script)
    found = detect_framework(root, stated_starts, packaging.pins, installable=installable,
                             name=packaging.name.value if packaging.name else "")
    facts.app = app = _app_group(found, stated_starts, setup_steps, pkg_resources_import, facts.warnings)
    if require_python:  # DG1066: the app is in a sub-folder with its own manifest
        start = app.app.value.file if app.app else app.entry_file.value if app.entry_file else ""
        require_app_at_root(root, start, pyproject)
    if app.entry_file is not None and packaging.is_package is not None and packaging.is_package.value:
        app.entry_script = web_console_script(pyproject, app.entry_file.value)
        if app.entry_script:
            app.console_scripts = [app.entry_script]
    port = detect_port(root, facts)
    app.port, app.port_from_env = port.port, port.from_env
    app.port_env_var, app.host_env = port.env_var, list(port.host_env)
    facts.warnings += port.warnings
    script = detect_script(root, facts, pyproject)
    if script is not None:
        _put_script(app, script, facts.warnings)
    app.server_hint = detect_server_hint(facts)
    app.local_imports = detect_local_imports(root, facts).by_file  # DG2117
    if packaging.is_package and (packaging.is_package.value or packaging.legacy_setuptools):
        packaging.self_import = detect_self_import(root, packaging.name.value if packaging.name else "",
                                                   _start_files(app))
    writable = detect_writable_dirs(root, app.framework.value if app.framework else None,
                                    tuple(packaging.requirements), packaging.pins,
                                    app.paste_app.ini if app.paste_app else "")
    app.writable_dirs, app.sqlite_files = list(writable.dirs), list(writable.databases)
    facts.warnings += writable.warnings
    services = detect_services(root, facts)  # compose/kubernetes: databases, queues, env names
    facts.services = ServiceFacts(services=list(services.services), env_reads=list(services.env_reads),
                                  celery_app=services.celery_app, celery_beat=services.celery_beat,
                                  env_example=services.env_example)
    facts.warnings += services.warnings
    if whole_set is not None:
        whole_set()
    packaging.system_packages, system_warnings = read_packages_txt(root)  # DG1100
    facts.warnings += system_warnings
    native = detect_native_deps(facts)
    packaging.native_deps, packaging.native_bundled = native.needs, native.bundled
    facts.metadata = MetadataFacts(vcs_version=detect_vcs_version(root, pyproject),
                                   image_labels=detect_metadata(pyproject))
    note = parse_budget_note(root)  # DG1036
    if note:
        facts.warnings.append(note)
    return facts


def _packaging_group(found: PackagingFound, warnings: list[str]) -> PackagingFacts:
    """DG1010's findings as the packaging group (the pins and native packages are added later)."""
    warnings += found.warnings
    return PackagingFacts(
        name=found.name, package_manager=found.package_manager, dependency_files=list(found.dependency_files),
        requirements=list(found.requirements), is_package=found.is_package,
        pinned_requirements=found.pinned_requirements, requirement_ranges=found.requirement_ranges,
        secret_requirement_files=list(found.secret_requirement_files), index_secrets=list(found.index_secrets),
        requirements_locked=found.requirements_locked, requirement_extras=found.requirement_extras,
        no_binary=list(found.no_binary), package_managers_found=list(found.package_managers_found),
        other_package_managers=list(found.other_package_managers), manager_files=found.manager_files,
        locked_versions=found.locked_versions, uv_workspace_members=list(found.uv_workspace_members),
        install_requires=list(found.install_requires), metadata_files=list(found.metadata_files),
        optional_dependencies=found.optional_dependencies, build_refusal=found.build_refusal,
        legacy_setuptools=found.legacy_setuptools, import_needs=list(found.import_needs))


def _app_group(found: FrameworkFound, stated_starts: list[StartIntent], setup_steps: list[SetupStep],
               pkg_resources_import: str, warnings: list[str]) -> AppFacts:
    """DG1050's findings (and DG1052's for Django) as the app group; the port, the command and
    the writable folders are added later."""
    app = AppFacts(
        procfile_web=found.procfile_web, framework=found.framework, app=found.app, interface=found.interface,
        entry_file=found.entry_file, entry_module=found.entry_module, app_candidates=list(found.app_candidates),
        paste_app=found.paste_app, unreachable_files=list(found.unreachable_files), stated_starts=stated_starts,
        setup_steps=setup_steps, pkg_resources_import=pkg_resources_import)
    if found.django is not None:  # DG1052
        django = found.django
        app.django_settings, app.collectstatic = django.settings, django.collectstatic
        app.secret_key_env = list(django.secret_key_env)
        app.settings_env_required = list(django.settings_env_required)
        app.settings_env_values = dict(django.settings_env_values)
    warnings += found.warnings
    return app


def _put_script(app: AppFacts, found: ScriptFound, warnings: list[str]) -> None:
    app.command, app.script_cli = found.command, found.script_cli
    if found.stated_start is not None:
        app.stated_start = found.stated_start
    if found.port is not None:
        app.port = found.port
    if found.app_candidates is not None:
        app.app_candidates = list(found.app_candidates)
    if found.console_scripts is not None:
        app.console_scripts = list(found.console_scripts)
    warnings += found.warnings


def _start_files(app: AppFacts) -> list[str]:
    """The source files the start command runs first (the app's module, the script)."""
    files = [app.app.value.file if app.app else "", app.entry_file.value if app.entry_file else ""]
    argv = app.command.value if app.command else []
    files += [w for w in argv[1:2] if w.endswith(".py")]
    return [f for f in dict.fromkeys(files) if f]


def check_root(root: Path) -> Path:
    try:
        if not root.exists():
            raise ProjectError(f"{root} does not exist.", hint="Pass the path of your project folder.")
        if not root.is_dir():
            raise ProjectError(f"{root} is a file, not a folder.", hint="Pass the folder that holds it.")
        next(root.iterdir(), None)
    except OSError as err:
        raise ProjectError(f"Cannot read {root}: {err.strerror or err}.", hint="Check its permissions.") from err
    return root.resolve()


def _start_whole_set(facts: ProjectFacts, choice: PythonChoice) -> Callable[[], None] | None:
    """DG2116: a lockless project's whole set (its dependencies too) resolved by uv, in a thread,
    for the minor the plan will prefer (the wheel check's, DG1034) and then, if the project lets
    dockergen choose, the other candidates whose direct pins have wheels, stopping at the first
    that resolves; the function returned waits for it and records the answers (the plan chooses
    from them: base_image.choose_for_sets)."""
    packaging = facts.packaging
    if is_locked(facts) or not (packaging.pinned_requirements or packaging.requirement_ranges):
        return None
    chosen = choose_for_wheels(choice, facts.python.wheel_minors, []).value  # what the plan will prefer
    others = [m for m in choice.candidates if m != chosen and has_all_wheels(m, facts.python.wheel_minors)]
    as_of = choose_as_of(facts, None, date.today()).timestamp
    lines = requirement_lines(packaging.pinned_requirements, packaging.requirement_ranges, packaging.requirement_extras)
    answer: list[tuple[dict[str, Resolved], str]] = []
    worker = threading.Thread(target=lambda: answer.append(
        resolve_in_order(lines, [chosen, *(others if choice.flexible else [])], as_of=as_of)), daemon=True)
    worker.start()

    def finish() -> None:
        while worker.is_alive():
            worker.join(0.05)  # short waits keep Ctrl-C working
        tried, note = answer[0] if answer else ({}, "DG2116: the whole-set check stopped early.")
        facts.python.resolved_sets = tried
        if note:
            facts.warnings.append(note)

    return finish
