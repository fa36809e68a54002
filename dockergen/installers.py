"""How dependencies get into the image, per package manager: the install part of the plan.

``install_context`` returns the template variables that ``templates/_partials/install/
<package_manager>.jinja`` uses. Pure: reads only ``ProjectFacts``. Every manager installs into
the one virtualenv (``/opt/venv``) in the builder; the tool itself (uv, Poetry, PDM, Pipenv)
runs from uv's cache mount and never lands in a layer, let alone the runtime stage (DG2010).
"""

from __future__ import annotations

from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .errors import ConfigError
from .facts import Fact, ProjectFacts
from .inspection.requirements import secret_digest, secret_id
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


def install_context(facts: ProjectFacts, manager: Fact[str], extra_packages: list[str]) -> dict[str, Any]:
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
        # DG3044: these reach the install as BuildKit secrets, never the context or a layer
        "requirement_secrets": {f: secret_id(f) for f in facts.secret_requirement_files if f in mounted}
        if manager.value == "pip" else {},
        # BuildKit's cache ignores a secret's content: this digest (of the file with its credentials
        # redacted) in the RUN line makes an edited file, once regenerated, rebuild the install
        "requirement_secrets_digest": secret_digest(facts.root, facts.secret_requirement_files)
        if manager.value == "pip" else "",
        "dependency_files": mounted,
        "pyproject_deps": pyproject_deps,
        "pyproject_companions": list(facts.metadata_files) if pyproject_deps else [],
        "install_specs": list(facts.install_requires) if manager.value == "pip" and not mounted else [],
        "install_project": is_package,
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
    """Packages (``name==version``) the project does not already declare: its own pin wins."""
    return [p for p in packages if canonicalize_name(Requirement(p).name) not in requirements]
