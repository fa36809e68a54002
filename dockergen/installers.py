"""How dependencies get into the image, per package manager: the install part of the plan.

``install_part`` returns the plan's Install part, which ``templates/_partials/install/
<package_manager>.jinja`` renders. Pure: reads only ``ProjectFacts``. Every manager installs into
the one virtualenv (``/opt/venv``) in the builder; the tool itself (uv, Poetry, PDM, Pipenv)
runs from uv's cache mount and never lands in a layer, let alone the runtime stage (DG2010).
"""

from __future__ import annotations

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .catalog.package_managers import PackageManager, manager_ids
from .catalog.package_managers import manager as catalog_manager
from .errors import ConfigError
from .facts import Fact, ProjectFacts
from .plan_model import Install


def install_part(facts: ProjectFacts, manager: Fact[str], extra_packages: list[str]) -> Install:
    is_package = bool(facts.is_package and facts.is_package.value)
    entry = _entry(manager.value)
    files = _files_for(facts, manager, entry)
    mounted = [f for f in files if f != "."]
    pyproject_deps = manager.value == "pip" and not mounted and is_package and bool(
        facts.is_package and "pyproject.toml" in facts.is_package.evidence)
    if manager.value == "pip" and mounted == ["pyproject.toml"]:
        mounted, pyproject_deps = [], True
    pip = manager.value == "pip"
    return Install(
        package_manager=manager.value,
        evidence=manager.describe(),
        install_partial=entry.install_partial,
        requirement_files=tuple(mounted) if pip else (),
        requirements_need_project=pip and "." in files,
        dependency_files=tuple(mounted),
        pyproject_deps=pyproject_deps,
        pyproject_companions=tuple(facts.metadata_files) if pyproject_deps else (),
        install_specs=tuple(facts.install_requires) if pip and not mounted else (),
        install_project=is_package,
        locked=entry.needs_builder and entry.lock_file in files,
        uv_workspace=bool(facts.uv_workspace_members),
        uv_all_packages=bool(facts.uv_workspace_members) and facts.name is not None
        and facts.name.source != "detected",
        extra_packages=tuple(missing_packages(extra_packages, facts.requirements)),
    )


def _entry(manager_id: str) -> PackageManager:
    entry = catalog_manager(manager_id)
    if entry is None:  # settings validate the choice; this is a library caller's typo
        raise ConfigError(f"Unknown package manager {manager_id!r}.", hint="Use one of " + ", ".join(manager_ids()))
    return entry


def _files_for(facts: ProjectFacts, manager: Fact[str], entry: PackageManager) -> list[str]:
    """The chosen manager's files; an override naming a manager with no files is an error."""
    files = facts.manager_files.get(manager.value)
    if files is None and facts.package_manager is not None and facts.package_manager.value == manager.value:
        files = list(facts.dependency_files)
    if files is None:
        raise ConfigError(
            f"Package manager {manager.value} was chosen ({manager.describe()}), but the project has "
            f"no {entry.missing} for it.",
            hint=f"Create it (for example `{manager.value} lock`) or choose another package manager.",
        )
    if entry.lock_required and entry.lock_file not in files:
        raise ConfigError(f"Package manager {manager.value} needs {entry.lock_file}.",
                          hint=f"Run `{manager.value} lock` and commit the lock file.")
    return files


def missing_packages(packages: list[str], requirements: list[str]) -> list[str]:
    """Packages (``name==version``) the project does not already declare: its own pin wins."""
    return [p for p in packages if canonicalize_name(Requirement(p).name) not in requirements]
