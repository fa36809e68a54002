"""How dependencies get into the image, per package manager: the install part of the plan.

``install_context`` returns the template variables that ``templates/_partials/install/
<package_manager>.jinja`` uses. Pure: reads only ``ProjectFacts``. Every manager installs into
the one virtualenv (``/opt/venv``) in the builder; the tool itself (uv, Poetry, PDM, Pipenv)
runs from uv's cache mount and never lands in a layer, let alone the runtime stage (DG2010).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .errors import ConfigError
from .facts import Fact, ProjectFacts
from .versions import (
    PDM_COMPANIONS,
    PDM_VERSION,
    PIPENV_VERSION,
    POETRY_EXPORT_VERSION,
    POETRY_VERSION,
    UV_VERSION,
)

# Managers that need a builder stage of their own (plan.choose_template picks multi-stage).
TOOL_MANAGERS = ("uv", "poetry", "pdm", "pipenv")

# DG2011: `poetry export` with its refusal of a stale lock switched off (the pinned Poetry has no
# flag for it), so the image installs poetry.lock as it is; the staleness is reported at
# generation time (DG1012). Run as `python -c THIS export ...` in Poetry's own tool environment.
POETRY_EXPORT_AS_LOCKED = (
    "import sys; from poetry.packages.locker import Locker; Locker.is_fresh = lambda self: True; "
    "from poetry.console.application import main; sys.exit(main())"
)


# Where a list of requirement specs (no file to mount) comes from, said in the Dockerfile.
INSTALL_SPECS_NOTES = {
    "setup.py": "DG2016: setup.py's literal install_requires, so the dependencies get a layer of their own.",
    "environment.yml pip:": "DG1094: the pip: list of environment.yml (its conda packages are not installed).",
    "the code's imports (DG1092)": "DG1092: no dependency file: what the code imports (write a requirements.txt to pin it).",
}


@dataclass(frozen=True)
class ProjectInstall:
    """DG2112: whether the image installs the project itself, and why (shown as a comment)."""

    install: bool
    reason: str
    warning: str = ""


def project_install(facts: ProjectFacts, entry: list[str]) -> ProjectInstall:
    """Install the project only when the start command needs it installed: the entry is one of
    its console scripts, or its code imports itself as a distribution (a src/ layout, a look-up
    of its own metadata). An app that runs from its source folder gets its dependencies only,
    and so does a project whose build the files already show would fail."""
    pip_route = facts.package_manager is not None and facts.package_manager.value == "pip"
    installable = bool(facts.is_package and facts.is_package.value) or (facts.legacy_setuptools and pip_route)
    if not installable or facts.uv_workspace_members:  # a workspace installs its members (DG2010)
        return ProjectInstall(bool(facts.is_package and facts.is_package.value), "")
    program = entry[0] if entry else ""
    if program and program in facts.console_scripts:
        need = f"the start command is its console script `{program}`"
    elif facts.self_import is not None:
        need = f"its code needs it installed ({facts.self_import.evidence})"
    else:
        return ProjectInstall(False, "DG2112: the app runs from its source folder: only its dependencies are "
                                     "installed.")
    refusal = facts.build_refusal
    if refusal is not None:
        return ProjectInstall(False, f"DG2112: not built: {refusal.value}; dependencies only.",
                              f"DG2112: {need}, but building it would fail: {refusal.value} ({refusal.evidence}). "
                              "The image installs its dependencies only; fix the build configuration to install it.")
    return ProjectInstall(True, f"DG2112: the project itself is installed: {need}.")


def install_context(facts: ProjectFacts, manager: Fact[str], extra_packages: list[str],
                    project: ProjectInstall | None = None) -> dict[str, Any]:
    project = project or ProjectInstall(bool(facts.is_package and facts.is_package.value), "")
    is_package = bool(facts.is_package and facts.is_package.value)
    files = _files_for(facts, manager)
    mounted = [f for f in files if f != "."]
    pyproject_deps = manager.value == "pip" and not mounted and is_package and bool(
        facts.is_package and "pyproject.toml" in facts.is_package.evidence)
    if manager.value == "pip" and mounted == ["pyproject.toml"]:
        mounted, pyproject_deps = [], True
    return {
        "package_manager": manager.value,
        "package_manager_evidence": manager.describe(),
        "uv_version": UV_VERSION,
        "poetry_version": POETRY_VERSION,
        "poetry_export_version": POETRY_EXPORT_VERSION,
        "poetry_export_as_locked": POETRY_EXPORT_AS_LOCKED,
        "pdm_version": PDM_VERSION,
        "pdm_companions": list(PDM_COMPANIONS),
        "pipenv_version": PIPENV_VERSION,
        "requirement_files": mounted if manager.value == "pip" else [],
        "requirements_need_project": manager.value == "pip" and "." in files,
        "dependency_files": mounted,
        "pyproject_deps": pyproject_deps,
        "pyproject_companions": list(facts.metadata_files) if pyproject_deps else [],
        "install_specs": list(facts.install_requires) if manager.value == "pip" and not mounted else [],
        "install_specs_note": INSTALL_SPECS_NOTES.get(manager.evidence, INSTALL_SPECS_NOTES["setup.py"]),
        "install_project": project.install,
        "install_project_note": project.reason,
        "locked": manager.value in TOOL_MANAGERS and _lock_of(manager.value) in files,
        "uv_workspace": bool(facts.uv_workspace_members),
        "uv_all_packages": bool(facts.uv_workspace_members) and facts.name is not None
        and facts.name.source != "detected",
        "extra_packages": missing_packages(extra_packages, facts.requirements),
        "builder_variant": "slim",
    }


def _lock_of(manager: str) -> str:
    return {"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock", "pipenv": "Pipfile.lock"}[manager]


def _files_for(facts: ProjectFacts, manager: Fact[str]) -> list[str]:
    """The chosen manager's files; an override naming a manager with no files is an error."""
    files = facts.manager_files.get(manager.value)
    if files is None and facts.package_manager is not None and facts.package_manager.value == manager.value:
        files = list(facts.dependency_files)
    if files is None:
        needs = {"uv": "uv.lock", "poetry": "poetry.lock", "pdm": "pdm.lock", "pipenv": "a Pipfile"}
        raise ConfigError(
            f"Package manager {manager.value} was chosen ({manager.describe()}), but the project has "
            f"no {needs.get(manager.value, 'dependency file')} for it.",
            hint=f"Create it (for example `{manager.value} lock`) or choose another package manager.",
        )
    if manager.value in TOOL_MANAGERS and manager.value != "pipenv" and _lock_of(manager.value) not in files:
        raise ConfigError(f"Package manager {manager.value} needs {_lock_of(manager.value)}.",
                          hint=f"Run `{manager.value} lock` and commit the lock file.")
    return files


def missing_packages(packages: list[str], requirements: list[str]) -> list[str]:
    """Packages (``name==version``) the project does not already declare: its own pin wins. A
    declared package that the start command needs with an extra keeps the extra, without a pin
    (``gunicorn[gevent]``: the project's version, and what its worker class needs)."""
    out = []
    for text in packages:
        req = Requirement(text)
        if canonicalize_name(req.name) not in requirements:
            out.append(text)
        elif req.extras:
            out.append(f"{req.name}[{','.join(sorted(req.extras))}]")
    return out
