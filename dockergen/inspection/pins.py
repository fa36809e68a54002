"""Exact pins (``name==version``) the project installs: the input of the wheel check (DG1034).

Read from the pip requirement files the install step uses (``==`` pins, nested includes
followed) and from lock files (uv.lock, poetry.lock, pdm.lock, Pipfile.lock), runtime groups
only where the lock says which group a package belongs to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from ..errors import ProjectError
from .files import read_text
from .requirements import read_requirements

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")


def collect_pins(root: Path, dependency_files: list[str], warnings: list[str]) -> dict[str, str]:
    """name -> version for every exact pin found; unreadable locks are warned about, not fatal."""
    pins: dict[str, str] = {}
    for relpath in dependency_files:
        if relpath.endswith((".txt", ".in")):
            pins.update(read_requirements(root, relpath).pinned)
    for lock in LOCK_FILES:
        try:
            text = read_text(root, lock)
        except ProjectError as err:
            warnings.append(f"{err.message} Its pins are not checked for wheels.")
            continue
        if text is None:
            continue
        try:
            found = _pipfile_lock(text) if lock == "Pipfile.lock" else _toml_lock(text)
        except (ValueError, TypeError, AttributeError, tomllib.TOMLDecodeError):
            warnings.append(f"{lock} could not be parsed; its pins are not checked for wheels.")
            continue
        for name, version in found.items():
            pins.setdefault(name, version)
    return pins


def _toml_lock(text: str) -> dict[str, str]:
    """uv.lock, poetry.lock and pdm.lock all list ``[[package]]`` tables with name and version."""
    data = tomllib.loads(text)
    out: dict[str, str] = {}
    for package in data.get("package") or []:
        name, version = package.get("name"), package.get("version")
        if not isinstance(name, str) or not isinstance(version, str) or _dev_only(package):
            continue
        source = package.get("source") or {}
        if isinstance(source, dict) and ({"editable", "virtual", "directory", "path"} & set(source)):
            continue  # the project itself or a local path: nothing to download
        out[canonicalize_name(name)] = version
    return out


def _dev_only(package: dict[str, Any]) -> bool:
    """Poetry 1 marks ``category = "dev"``; Poetry 2 lists ``groups``; PDM lists ``groups`` too."""
    if package.get("category") == "dev":
        return True
    groups = package.get("groups")
    return isinstance(groups, list) and bool(groups) and not ({"main", "default"} & set(groups))


def _pipfile_lock(text: str) -> dict[str, str]:
    data = json.loads(text)
    out: dict[str, str] = {}
    for name, spec in (data.get("default") or {}).items():
        version = spec.get("version", "") if isinstance(spec, dict) else ""
        if version.startswith("=="):
            out[canonicalize_name(name)] = version[2:]
    return out
