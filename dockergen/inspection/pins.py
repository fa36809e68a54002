"""Exact pins (``name==version``) the project installs: the input of the wheel check (DG1034).

The direct pins come from packaging (``facts.packaging.pinned_requirements``: the chosen pip requirement
files with their includes, and ``[project]``), already read; added here are the lock files
(uv.lock, poetry.lock, pdm.lock, Pipfile.lock), runtime groups only where the lock says which
group a package belongs to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from ..catalog.package_managers import lock_files
from ..errors import ProjectError
from .files import check_nesting, read_text, read_toml


def collect_pins(root: Path, direct_pins: dict[str, str], warnings: list[str]) -> dict[str, str]:
    """name -> version for every exact pin: ``direct_pins`` first, then the lock files' pins;
    unreadable locks are warned about, not fatal."""
    pins = dict(direct_pins)
    for lock in lock_files():
        try:  # TOML goes through read_toml: one clear error and one shape check for every file
            data = read_text(root, lock) if lock == "Pipfile.lock" else read_toml(root, lock)
        except ProjectError as err:
            warnings.append(f"{lock} could not be parsed ({err.message.rstrip('.')}); "
                            "its pins are not checked for wheels.")
            continue
        if data is None:
            continue
        try:
            found = _pipfile_lock(data) if isinstance(data, str) else _toml_lock(data)
        except (ValueError, TypeError, AttributeError, RecursionError, ProjectError):
            warnings.append(f"{lock} could not be parsed; its pins are not checked for wheels.")
            continue
        for name, version in found.items():
            pins.setdefault(name, version)
    return pins


def _toml_lock(data: dict[str, Any]) -> dict[str, str]:
    """uv.lock, poetry.lock and pdm.lock all list ``[[package]]`` tables with name and version."""
    packages = [p for p in data.get("package") or [] if isinstance(p, dict)]
    runtime = _uv_runtime_names(packages)
    out: dict[str, str] = {}
    for package in packages:
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str) or not isinstance(version, str) or _dev_only(package):
            continue
        if _is_local(package) or (runtime is not None and canonicalize_name(name) not in runtime):
            continue  # the project itself, a local path, or only needed by dev groups
        out[canonicalize_name(name)] = version
    return out


def _is_local(package: dict[str, Any]) -> bool:
    source = package.get("source") or {}
    return isinstance(source, dict) and bool({"editable", "virtual", "directory", "path"} & set(source))


def _uv_runtime_names(packages: list[dict[str, Any]]) -> set[str] | None:
    """uv.lock has no group marks: the packages reachable from the local projects' own
    dependencies (not their dev groups). None when the lock has no local project (not uv)."""
    by_name = {canonicalize_name(str(p.get("name"))): p for p in packages}
    todo = [p for p in packages if _is_local(p)]
    if not todo:
        return None
    seen: set[str] = set()
    while todo:
        package = todo.pop()
        deps = list(package.get("dependencies") or [])
        for dep in deps:
            name = canonicalize_name(str(dep.get("name", "")) if isinstance(dep, dict) else "")
            extras = dep.get("extra") or [] if isinstance(dep, dict) else []
            target = by_name.get(name)
            if target is not None:
                for extra in extras:
                    deps_extra = (target.get("optional-dependencies") or {}).get(extra) or []
                    todo.append({"dependencies": deps_extra})
                if name not in seen:
                    seen.add(name)
                    todo.append(target)
    return seen


def _dev_only(package: dict[str, Any]) -> bool:
    """Poetry 1 marks ``category = "dev"``; Poetry 2 lists ``groups``; PDM lists ``groups`` too."""
    if package.get("category") == "dev":
        return True
    groups = package.get("groups")
    return isinstance(groups, list) and bool(groups) and not ({"main", "default"} & set(groups))


def _pipfile_lock(text: str) -> dict[str, str]:
    check_nesting("Pipfile.lock", text)
    data = json.loads(text)
    out: dict[str, str] = {}
    for name, spec in (data.get("default") or {}).items():
        version = spec.get("version", "") if isinstance(spec, dict) else ""
        if version.startswith("=="):
            out[canonicalize_name(name)] = version[2:]
    return out
