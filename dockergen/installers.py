"""How dependencies get into the image, per package manager: the install part of the plan.

``install_context`` returns the template variables that ``templates/_partials/install/
<package_manager>.jinja`` uses. Pure: reads only ``ProjectFacts``.
"""

from __future__ import annotations

from typing import Any

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .facts import Fact, ProjectFacts
from .versions import UV_VERSION


def install_context(facts: ProjectFacts, manager: Fact[str], extra_packages: list[str]) -> dict[str, Any]:
    is_package = bool(facts.is_package and facts.is_package.value)
    deps = list(facts.dependency_files)
    pyproject_deps = not deps and is_package and bool(facts.is_package and "pyproject.toml" in facts.is_package.evidence)
    return {
        "package_manager": manager.value,
        "package_manager_evidence": manager.describe(),
        "uv_version": UV_VERSION,
        "requirement_files": deps,
        "pyproject_deps": pyproject_deps,
        "install_project": is_package,
        "extra_packages": missing_packages(extra_packages, facts.requirements),
        "builder_variant": "slim",
    }


def missing_packages(packages: list[str], requirements: list[str]) -> list[str]:
    """Packages (``name==version``) the project does not already declare: its own pin wins."""
    return [p for p in packages if canonicalize_name(Requirement(p).name) not in requirements]
