"""Which package manager a project uses, which files its install step needs, its name.

One documented order decides when several are present (see ``MANAGER_ORDER``); the others
are kept as evidence. Manifests are parsed, never executed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..facts import Fact, ProjectFacts
from .files import exists, read_toml
from .requirements import read_requirements

# Requirement files, most specific to production first.
REQUIREMENT_FILES = (
    "requirements.lock",  # written by `dockergen lock`: the full, hashed lock wins
    "requirements.txt",
    "requirements-prod.txt",
    "requirements_prod.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
    "requirements/base.txt",
    "requirements/common.txt",
    "requirements.in",
)
MANAGER_ORDER = ("pip",)


def load_pyproject(root: Path) -> dict[str, Any] | None:
    return read_toml(root, "pyproject.toml")


def detect_packaging(root: Path, facts: ProjectFacts, pyproject: dict[str, Any] | None) -> None:
    """Fill name, package_manager, dependency_files, requirements and is_package."""
    project = (pyproject or {}).get("project") or {}
    facts.name = _detect_name(root, pyproject)
    facts.is_package = _detect_is_package(root, pyproject)

    req_file = next((f for f in REQUIREMENT_FILES if exists(root, f)), None)
    names: list[str] = []
    if req_file:
        info = read_requirements(root, req_file)
        facts.dependency_files.extend(info.files)
        names.extend(info.names)
        facts.warnings.extend(info.warnings)
        facts.package_manager = Fact("pip", "detected", req_file)
        facts.pinned_requirements = dict(info.pinned)
        facts.requirements_locked = Fact(bool(info.locked_by), "detected", info.locked_by or req_file)
    elif pyproject is not None and facts.is_package.value:
        facts.package_manager = Fact("pip", "detected", "pyproject.toml [build-system]")
    elif exists(root, "setup.py") or exists(root, "setup.cfg"):
        facts.package_manager = Fact("pip", "detected", "setup.py" if exists(root, "setup.py") else "setup.cfg")
    else:
        facts.package_manager = Fact("pip", "default", "no dependency file found")

    for dep in project.get("dependencies") or []:
        name = _requirement_name(dep)
        if name and name not in names:
            names.append(name)
        pin = _exact_pin(dep)
        if name and pin:
            facts.pinned_requirements.setdefault(name, pin)
    facts.requirements = names


def _requirement_name(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        return canonicalize_name(Requirement(text).name)
    except InvalidRequirement:
        return None


def _exact_pin(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        spec = list(Requirement(text).specifier)
    except InvalidRequirement:
        return None
    if len(spec) == 1 and spec[0].operator == "==" and "*" not in spec[0].version:
        return spec[0].version
    return None


def _detect_name(root: Path, pyproject: dict[str, Any] | None) -> Fact[str]:
    project = (pyproject or {}).get("project") or {}
    poetry = ((pyproject or {}).get("tool") or {}).get("poetry") or {}
    for value, evidence in ((project.get("name"), "pyproject.toml [project] name"),
                            (poetry.get("name"), "pyproject.toml [tool.poetry] name")):
        if isinstance(value, str) and value.strip():
            return Fact(value.strip(), "detected", evidence)
    folder = re.sub(r"[^A-Za-z0-9._-]+", "-", root.resolve().name).strip("-.") or "app"
    return Fact(folder, "default", "the project folder's name")


def _detect_is_package(root: Path, pyproject: dict[str, Any] | None) -> Fact[bool]:
    if pyproject is not None:
        backend = (pyproject.get("build-system") or {}).get("build-backend")
        poetry = ((pyproject.get("tool") or {}).get("poetry") or {})
        if poetry.get("package-mode") is False:
            return Fact(False, "detected", "pyproject.toml [tool.poetry] package-mode = false")
        if backend:
            return Fact(True, "detected", f"pyproject.toml [build-system] {backend}")
    for name in ("setup.py", "setup.cfg"):
        if exists(root, name):
            return Fact(True, "detected", name)
    return Fact(False, "default", "no build backend")
