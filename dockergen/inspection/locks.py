"""Lock files: parse them (a malformed one is a ProjectError naming it), list what they pin,
and tell whether they still match their manifest, without running the tool.

DG1012: each check recomputes the hash the tool itself writes, from the same manifest keys:
- Poetry: ``[metadata] content-hash`` = sha256 of the JSON of ``[project]`` requires-python,
  dependencies, optional-dependencies, ``[dependency-groups]`` and ``[tool.poetry]``
  dependencies, source, extras, dev-dependencies, group (Poetry 1 hashes ``[tool.poetry]``
  keys at the top level; locks older than Poetry 2.3 did not hash dependency groups).
- PDM: ``[metadata] content_hash`` = sha256 of the JSON of dependencies, dependency groups,
  optional dependencies, requires-python, ``[tool.pdm]`` source and resolution.
- Pipenv: ``_meta.hash.sha256`` = sha256 of the compact JSON of the Pipfile's sources,
  requires, packages, dev-packages and custom package categories.
- uv writes no hash: dockergen compares ``[project]`` dependencies (of the root and of every
  workspace member) and requires-python with what uv.lock recorded for each project
  (``[package.metadata] requires-dist``); ``uv lock --check`` remains the full check.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

from ..catalog.package_managers import PACKAGE_MANAGERS
from ..errors import ProjectError
from .files import parse_json, read_text, read_toml
from .toml_shapes import check_shape

REFRESH = {m.id: m.refresh for m in PACKAGE_MANAGERS if m.refresh}


@dataclass
class LockInfo:
    path: str
    versions: dict[str, str] = field(default_factory=dict)  # canonical name -> locked version
    stale: str | None = None  # why the lock no longer matches its manifest


def read_lock(root: Path, manager: str, path: str, manifest: dict[str, Any] | None,
              members: list[tuple[str, dict[str, Any]]] | None = None) -> LockInfo:
    """Parse ``path`` for ``manager``; ``manifest`` is pyproject.toml (or the Pipfile) data,
    ``members`` the (path, data) of uv workspace members' pyproject.toml files."""
    if manager == "pipenv":
        data = _read_json(root, path)
        info = LockInfo(path, _pipfile_lock_versions(data, path))
        if manifest is not None:
            want = ((data.get("_meta") or {}).get("hash") or {}).get("sha256")
            if want != pipfile_hash(manifest):
                info.stale = f"{path} _meta.hash does not match Pipfile"
        return info
    data = read_toml(root, path) or {}
    packages = data.get("package") or []
    if not isinstance(packages, list):
        raise ProjectError(f"{path} has no [[package]] list.", hint=f"Regenerate it with `{REFRESH[manager]}`.")
    info = LockInfo(path, _toml_lock_versions(packages))
    meta = data.get("metadata") or {}
    if manager == "poetry" and manifest is not None:
        info.stale = _poetry_stale(path, root, meta, manifest)
    elif manager == "pdm" and manifest is not None:
        want = str(meta.get("content_hash", "")).removeprefix("sha256:")
        if want != pdm_content_hash(manifest):
            info.stale = f"{path} content_hash does not match pyproject.toml"
    elif manager == "uv" and manifest is not None:
        info.stale = _uv_stale(path, data, manifest, members or [])
    return info


def _read_json(root: Path, path: str) -> dict[str, Any]:
    text = read_text(root, path) or "{}"
    data = parse_json(root, path, text, hint=f"Regenerate {root / path} with `pipenv lock`.")
    if isinstance(data, dict):
        check_shape(path, data)  # `_meta` a string is a clear error, not an AttributeError
    if not isinstance(data, dict):
        raise ProjectError(f"{path} is not a JSON object.", hint=f"Regenerate {root / path} with `pipenv lock`.")
    return data


def _toml_lock_versions(packages: list[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pkg in packages:
        if isinstance(pkg, dict) and isinstance(pkg.get("name"), str) and isinstance(pkg.get("version"), str):
            out[canonicalize_name(pkg["name"])] = pkg["version"]
    return out


def _pipfile_lock_versions(data: dict[str, Any], path: str) -> dict[str, str]:
    default = data.get("default") or {}
    if not isinstance(default, dict):
        raise ProjectError(f"{path} has no \"default\" section.", hint="Regenerate it with `pipenv lock`.")
    out: dict[str, str] = {}
    for name, entry in default.items():
        version = entry.get("version", "") if isinstance(entry, dict) else ""
        if isinstance(version, str) and version.startswith("=="):
            out[canonicalize_name(name)] = version[2:]
    return out


def poetry_content_hash(pyproject: dict[str, Any], with_groups: bool = True) -> str:
    """Poetry's ``Locker._get_content_hash`` over the same keys."""
    project = pyproject.get("project") or {}
    groups = (pyproject.get("dependency-groups") or {}) if with_groups else {}
    poetry = ((pyproject.get("tool") or {}).get("poetry")) or {}
    legacy = ("dependencies", "source", "extras", "dev-dependencies")
    project_part = {k: project[k] for k in ("requires-python", "dependencies", "optional-dependencies")
                    if project.get(k) is not None}
    poetry_part = {}
    for key in (*legacy, "group"):
        value = poetry.get(key)
        if value is None and (key not in legacy or project_part or groups):
            continue
        poetry_part[key] = value
    content: dict[str, Any] = {}
    if project_part:
        content["project"] = project_part
    if groups:
        content["dependency-groups"] = groups
    if content:
        content["tool"] = {"poetry": poetry_part}
    else:
        content = poetry_part
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _poetry_stale(path: str, root: Path, meta: dict[str, Any], pyproject: dict[str, Any]) -> str | None:
    want = meta.get("content-hash")
    if want == poetry_content_hash(pyproject):
        return None
    first = (read_text(root, path) or "").split("\n", 1)[0]
    old_poetry = any(f"Poetry {v}" in first for v in ("1.", "2.0", "2.1", "2.2"))
    if old_poetry and want == poetry_content_hash(pyproject, with_groups=False):
        return None
    return f"{path} content-hash does not match pyproject.toml"


def pdm_content_hash(pyproject: dict[str, Any]) -> str:
    """PDM's ``PyProject.content_hash``."""
    project = pyproject.get("project") or {}
    pdm = ((pyproject.get("tool") or {}).get("pdm")) or {}
    groups: dict[str, list[Any]] = {}
    for name, deps in (pyproject.get("dependency-groups") or {}).items():
        groups[canonicalize_name(name)] = list(deps)
    for name, deps in (pdm.get("dev-dependencies") or {}).items():
        groups.setdefault(canonicalize_name(name), []).extend(deps)
    dump = {
        "sources": pdm.get("source", []),
        "dependencies": project.get("dependencies", []),
        "dev-dependencies": groups,
        "optional-dependencies": project.get("optional-dependencies", {}),
        "requires-python": project.get("requires-python", ""),
        "resolution": pdm.get("resolution", {}),
    }
    return hashlib.sha256(json.dumps(dump, sort_keys=True).encode("utf-8")).hexdigest()


_PIPFILE_SECTIONS = ("source", "packages", "dev-packages", "requires", "scripts", "pipfile", "pipenv")
_DEFAULT_SOURCE = [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": True}]


def pipfile_hash(pipfile: dict[str, Any]) -> str:
    """Pipenv's (plette's) ``Pipfile.get_hash``."""
    data: dict[str, Any] = {
        "_meta": {"sources": pipfile.get("source", _DEFAULT_SOURCE), "requires": pipfile.get("requires", {})},
        "default": pipfile.get("packages", {}),
        "develop": pipfile.get("dev-packages", {}),
    }
    for category, values in pipfile.items():
        if category not in _PIPFILE_SECTIONS and category not in ("default", "develop"):
            data[category] = values
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def _uv_stale(path: str, lock: dict[str, Any], pyproject: dict[str, Any],
              members: list[tuple[str, dict[str, Any]]]) -> str | None:
    project = pyproject.get("project") or {}
    if not members and not _same_specifier(lock.get("requires-python"), project.get("requires-python")):
        return f"{path} requires-python {lock.get('requires-python')!r} differs from pyproject.toml"
    for manifest, data in [("pyproject.toml", pyproject), *members]:
        why = _uv_project_stale(path, manifest, lock, data.get("project") or {})
        if why:
            return why
    return None


def _same_specifier(locked: object, declared: object) -> bool:
    """uv writes requires-python normalised (``>=3.11, <4``); compare meaning, not text."""
    if not isinstance(locked, str) or not isinstance(declared, str):
        return True  # nothing to compare
    try:
        return SpecifierSet(locked) == SpecifierSet(declared)
    except InvalidSpecifier:
        return locked.replace(" ", "") == declared.replace(" ", "")


def _uv_project_stale(path: str, manifest: str, lock: dict[str, Any], project: dict[str, Any]) -> str | None:
    """A project's declared dependencies that uv.lock did not record for it."""
    name = project.get("name")
    if not isinstance(name, str):
        return None  # a virtual workspace root: nothing of its own to compare
    entry = next((p for p in lock.get("package") or [] if isinstance(p, dict)
                  and canonicalize_name(str(p.get("name", ""))) == canonicalize_name(name)), None)
    if entry is None:
        return f"{path} does not list the project {name!r} ({manifest})"
    recorded = (entry.get("metadata") or {}).get("requires-dist") or []
    locked = {canonicalize_name(str(r.get("name", ""))) for r in recorded if isinstance(r, dict)}
    declared = set()
    for dep in project.get("dependencies") or []:
        try:
            declared.add(canonicalize_name(Requirement(dep).name))
        except (InvalidRequirement, TypeError):
            continue
    if not declared <= locked:
        missing = ", ".join(sorted(declared - locked))
        return f"{path} does not lock {missing} from {manifest} [project] dependencies"
    return None
