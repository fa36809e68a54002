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
from ..facts import ProjectFacts, Resolved
from ..python_minors import legacy_minors
from ..resolution import requirement_lines, resolve_in_order
from ..versions import DEBIAN_RELEASES, SUPPORTED_MINORS
from .ast_utils import parse_budget_note
from .buildable import detect_self_import
from .entrypoints import detect_script, web_console_script
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
    _put_packaging(facts, detect_packaging(root, pyproject))
    if facts.requirements and facts.package_manager and facts.package_manager.value == "pip":  # DG2080
        manifests = facts.dependency_files or [f for f in ("pyproject.toml", "setup.py", "setup.cfg")
                                               if (root / f).is_file()]
        facts.dependency_date = detect_dependency_date(root, manifests)
    choice = choose_python(read_version_sources(root, pyproject, facts.warnings), facts.warnings)
    facts.python_version, facts.python_sources = choice.fact, choice.sources
    facts.python_candidates, facts.python_flexible = list(choice.candidates), choice.flexible
    facts.python_ranges = list(choice.ranges)
    facts.pins = collect_pins(root, facts.pinned_requirements, facts.warnings)
    if offline is None:
        offline = os.environ.get("DOCKERGEN_OFFLINE", "") not in ("", "0")
    whole_set: Callable[[], None] | None = None
    if (facts.pins or facts.requirement_ranges) and not offline:
        from ..wheel_index import check_wheels, resolve_ranges

        # DG2115: an open requirement installs the newest release in its range: check that one too.
        facts.range_picks = resolve_ranges(facts.requirement_ranges) if facts.requirement_ranges else {}
        # The end-of-life minors an old project may get (DG2083) are checked with the same answers.
        minors = [*legacy_minors(DEBIAN_RELEASES, SUPPORTED_MINORS), *SUPPORTED_MINORS, choice.fact.value]
        check = check_wheels({**facts.range_picks, **facts.pins}, tuple(dict.fromkeys(minors)))
        facts.wheel_minors = check.minors
        facts.pins_released = {k: v for k, v in check.uploaded.items() if k.split("==")[0] in facts.pins}
        if check.note:
            facts.warnings.append(check.note)
        if not check.unreachable:  # DG2116 runs while the detectors below read the project
            whole_set = _start_whole_set(facts, choice)
    facts.pkg_resources_import = detect_pkg_resources(root)  # DG2113
    facts.stated_starts = detect_stated_starts(root)  # DG1090: the project's own start commands
    facts.setup_steps = detect_setup_steps(root)  # DG2046: release and setup commands
    installable = bool(facts.is_package and facts.is_package.value) or facts.legacy_setuptools
    _put_framework(facts, detect_framework(root, facts.stated_starts, facts.pins, installable=installable,
                                           name=facts.name.value if facts.name else ""))
    if require_python:  # DG1066: the app is in a sub-folder with its own manifest
        start = facts.app.value.file if facts.app else facts.entry_file.value if facts.entry_file else ""
        require_app_at_root(root, start, pyproject)
    if facts.entry_file is not None and facts.is_package is not None and facts.is_package.value:
        facts.entry_script = web_console_script(pyproject, facts.entry_file.value)
        if facts.entry_script:
            facts.console_scripts = [facts.entry_script]
    port = detect_port(root, facts)
    facts.port, facts.port_from_env = port.port, port.from_env
    facts.port_env_var, facts.host_env = port.env_var, list(port.host_env)
    facts.warnings += port.warnings
    script = detect_script(root, facts, pyproject)
    if script is not None:
        _put_script(facts, script)
    facts.server_hint = detect_server_hint(facts)
    facts.local_imports = detect_local_imports(root, facts).by_file  # DG2117
    if facts.is_package and (facts.is_package.value or facts.legacy_setuptools):
        facts.self_import = detect_self_import(root, facts.name.value if facts.name else "", _start_files(facts))
    writable = detect_writable_dirs(root, facts.framework.value if facts.framework else None,
                                    tuple(facts.requirements), facts.pins)
    facts.writable_dirs, facts.sqlite_files = list(writable.dirs), list(writable.databases)
    facts.warnings += writable.warnings
    services = detect_services(root, facts)  # compose/kubernetes: databases, queues, env names
    facts.services, facts.env_reads = list(services.services), list(services.env_reads)
    facts.celery_app, facts.env_example = services.celery_app, services.env_example
    facts.celery_beat = services.celery_beat
    facts.warnings += services.warnings
    if whole_set is not None:
        whole_set()
    native = detect_native_deps(facts)
    facts.native_deps, facts.native_bundled = native.needs, native.bundled
    facts.vcs_version = detect_vcs_version(root, pyproject)
    facts.image_labels = detect_metadata(pyproject)
    note = parse_budget_note(root)  # DG1036
    if note:
        facts.warnings.append(note)
    return facts


def _put_packaging(facts: ProjectFacts, found: PackagingFound) -> None:
    facts.name, facts.is_package, facts.package_manager = found.name, found.is_package, found.package_manager
    facts.metadata_files, facts.legacy_setuptools = list(found.metadata_files), found.legacy_setuptools
    facts.build_refusal, facts.optional_dependencies = found.build_refusal, found.optional_dependencies
    facts.no_binary, facts.requirements_locked = list(found.no_binary), found.requirements_locked
    facts.secret_requirement_files = list(found.secret_requirement_files)
    facts.index_secrets = list(found.index_secrets)
    facts.manager_files, facts.dependency_files = found.manager_files, list(found.dependency_files)
    facts.pinned_requirements, facts.requirement_ranges = found.pinned_requirements, found.requirement_ranges
    facts.other_package_managers = list(found.other_package_managers)
    facts.package_managers_found, facts.locked_versions = list(found.package_managers_found), found.locked_versions
    facts.install_requires, facts.import_needs = list(found.install_requires), list(found.import_needs)
    facts.uv_workspace_members, facts.requirements = list(found.uv_workspace_members), list(found.requirements)
    facts.requirement_extras = found.requirement_extras
    facts.warnings += found.warnings


def _put_framework(facts: ProjectFacts, found: FrameworkFound) -> None:
    facts.procfile_web, facts.framework, facts.app = found.procfile_web, found.framework, found.app
    facts.interface, facts.entry_file, facts.entry_module = found.interface, found.entry_file, found.entry_module
    facts.app_candidates, facts.paste_app = list(found.app_candidates), found.paste_app
    facts.unreachable_files = list(found.unreachable_files)
    if found.django is not None:  # DG1052
        django = found.django
        facts.django_settings, facts.collectstatic = django.settings, django.collectstatic
        facts.secret_key_env = list(django.secret_key_env)
        facts.settings_env_required = list(django.settings_env_required)
        facts.settings_env_values = dict(django.settings_env_values)
    facts.warnings += found.warnings


def _put_script(facts: ProjectFacts, found: ScriptFound) -> None:
    facts.command, facts.script_cli = found.command, found.script_cli
    if found.stated_start is not None:
        facts.stated_start = found.stated_start
    if found.port is not None:
        facts.port = found.port
    if found.app_candidates is not None:
        facts.app_candidates = list(found.app_candidates)
    if found.console_scripts is not None:
        facts.console_scripts = list(found.console_scripts)
    facts.warnings += found.warnings


def _start_files(facts: ProjectFacts) -> list[str]:
    """The source files the start command runs first (the app's module, the script)."""
    files = [facts.app.value.file if facts.app else "", facts.entry_file.value if facts.entry_file else ""]
    argv = facts.command.value if facts.command else []
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
    if is_locked(facts) or not (facts.pinned_requirements or facts.requirement_ranges):
        return None
    chosen = choose_for_wheels(choice, facts.wheel_minors, []).value  # what the plan will prefer
    others = [m for m in choice.candidates if m != chosen and has_all_wheels(m, facts.wheel_minors)]
    as_of = choose_as_of(facts, None, date.today()).timestamp
    lines = requirement_lines(facts.pinned_requirements, facts.requirement_ranges, facts.requirement_extras)
    answer: list[tuple[dict[str, Resolved], str]] = []
    worker = threading.Thread(target=lambda: answer.append(
        resolve_in_order(lines, [chosen, *(others if choice.flexible else [])], as_of=as_of)), daemon=True)
    worker.start()

    def finish() -> None:
        while worker.is_alive():
            worker.join(0.05)  # short waits keep Ctrl-C working
        tried, note = answer[0] if answer else ({}, "DG2116: the whole-set check stopped early.")
        facts.resolved_sets = tried
        if note:
            facts.warnings.append(note)

    return finish
