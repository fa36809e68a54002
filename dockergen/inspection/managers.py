"""Which package managers a project's files point at, in one documented order (DG1010).

Every manager whose files are present becomes a ``Candidate`` with its evidence and the files
its install step needs; the first in ``ORDER`` wins and the others stay as evidence. A lock file
beats a plain manifest because it is the most exact statement of what the app runs with.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.package_managers import PACKAGE_MANAGERS
from .files import exists, inside_project, read_toml

# DG1010: the order that decides when several managers' files are present.
ORDER = (
    ("uv", "uv.lock"),
    ("poetry", "poetry.lock"),
    ("pdm", "pdm.lock"),
    ("pipenv", "Pipfile.lock"),
    ("pip", "requirements"),
    ("pipenv", "Pipfile"),
    ("pip", "pyproject.toml"),
    ("pip", "setup.py"),
)
LOCK_FILES = {m.id: m.lock_file for m in PACKAGE_MANAGERS if m.lock_file}
MANIFESTS = {m.id: m.manifest for m in PACKAGE_MANAGERS if m.manifest}


@dataclass
class Candidate:
    manager: str
    evidence: str  # "uv.lock", "requirements.txt", "pyproject.toml [build-system]"
    files: list[str] = field(default_factory=list)  # what the dependency install step reads
    locked: bool = False


def find_candidates(root: Path, pyproject: dict[str, Any] | None, requirement_files: list[str],
                    is_package: bool) -> list[Candidate]:
    """All candidates, in DG1010 order (a manager appears once, at its strongest signal)."""
    found: list[Candidate] = []
    for manager, signal in ORDER:
        if any(c.manager == manager for c in found):
            continue
        candidate = _candidate(root, manager, signal, pyproject, requirement_files, is_package)
        if candidate is not None:
            found.append(candidate)
    return found


def _candidate(root: Path, manager: str, signal: str, pyproject: dict[str, Any] | None,
               requirement_files: list[str], is_package: bool) -> Candidate | None:
    if signal in LOCK_FILES.values():
        if not exists(root, signal) or not exists(root, MANIFESTS[manager]):
            return None
        return Candidate(manager, signal, [MANIFESTS[manager], signal], locked=True)
    if signal == "requirements":
        if not requirement_files:
            return None
        return Candidate("pip", requirement_files[0], list(requirement_files))
    if signal == "Pipfile":
        return Candidate("pipenv", "Pipfile", ["Pipfile"]) if exists(root, "Pipfile") else None
    if signal == "pyproject.toml":
        if pyproject is None:
            return None
        deps = (pyproject.get("project") or {}).get("dependencies")
        backend = (pyproject.get("build-system") or {}).get("build-backend")
        if backend and is_package:
            return Candidate("pip", f"pyproject.toml [build-system] {backend}", ["pyproject.toml"])
        if deps:
            return Candidate("pip", "pyproject.toml [project] dependencies", ["pyproject.toml"])
        return None
    for name in ("setup.py", "setup.cfg"):
        if exists(root, name):
            return Candidate("pip", name, [])
    return None


def uv_workspace_members(root: Path, pyproject: dict[str, Any] | None) -> list[str]:
    """Member folders of a uv workspace rooted here (``[tool.uv.workspace] members`` globs)."""
    workspace = (((pyproject or {}).get("tool") or {}).get("uv") or {}).get("workspace")
    if not isinstance(workspace, dict):
        return []
    excluded = set()
    for pattern in workspace.get("exclude") or []:
        excluded.update(_member_dirs(root, pattern))
    members: list[str] = []
    for pattern in workspace.get("members") or []:
        for member in _member_dirs(root, pattern):
            if member not in excluded and member not in members:
                members.append(member)
    return members


def _member_dirs(root: Path, pattern: object) -> list[str]:
    if not isinstance(pattern, str) or pattern.startswith(("/", "..")):
        return []
    out = []
    for path in sorted(glob.glob(glob.escape(str(root)) + "/" + pattern)):
        member = Path(path)
        if not inside_project(root, os.path.relpath(path, root)):
            continue  # DG3043: `pkgs/../../outside` or a link out of the project is not a member
        if (member / "pyproject.toml").is_file():
            out.append(Path(os.path.relpath(path, root)).as_posix())
    return out


def member_pyprojects(root: Path, members: list[str]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for member in members:
        data = read_toml(root, f"{member}/pyproject.toml")
        if data is not None:
            out.append((f"{member}/pyproject.toml", data))
    return out
