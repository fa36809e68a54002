"""A repository root whose app lives in a sub-folder with its own manifest (DG1066).

``backend/requirements.txt`` + ``backend/app.py`` under a root with no dependency file of its
own: an image built at the root would install nothing (or a guess from the imports) and start
``backend.app`` without the packages ``backend/requirements.txt`` names. It is an error that
names the folder(s) and the command that generates for one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ProjectError

# Files that make a folder a project with dependencies of its own.
MANIFESTS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile", "environment.yml",
             "environment.yaml", "poetry.lock", "uv.lock", "pdm.lock")
# Folders whose manifest is never the app's (documentation builds, test tools, examples).
NOT_APPS = {"docs", "doc", "tests", "test", "examples", "example", "scripts", "benchmarks", "bench",
            "tools", "node_modules", "venv", "env", "site-packages", "build", "dist"}
# Folders that hold several projects one level down (apps/api, services/web).
CONTAINERS = ("apps", "services", "packages", "projects")
# Root scripts that drive tools, not an app.
TOOL_SCRIPTS = {"noxfile.py", "conftest.py", "fabfile.py", "dodo.py", "tasks.py", "setup_dev.py"}
# pyproject.toml tables that declare the project's dependencies (a root pyproject.toml with only
# [tool.ruff] or [tool.pytest] configures tools and installs nothing).
PROJECT_TABLES = ("project", "dependency-groups")
TOOL_PROJECT_TABLES = ("poetry", "pdm", "uv", "hatch")


def require_app_at_root(root: Path, start: str, pyproject: dict[str, Any] | None) -> None:
    """DG1066: raise ProjectError when the app lives in a sub-folder with its own manifest and
    the root has neither a manifest nor an app of its own. ``start`` is the file the detected app
    lives in ("" for none)."""
    if _root_has_manifest(root, pyproject):
        return
    folders = sub_projects(root)
    if not folders:
        return
    if start and not any(start.startswith(f"{folder}/") for folder in folders):
        return  # the root's own app (a guess from its imports installs it, DG1092)
    if not start and any(p.is_file() and p.name not in TOOL_SCRIPTS for p in root.glob("*.py")):
        return  # a script at the root: the start command is found later (DG1090)
    raise ProjectError(_message(root, folders, start), hint=_hint(root, folders))


def sub_projects(root: Path) -> list[str]:
    """Sub-folders (one level down, two under apps/, services/...) with a manifest, sorted."""
    found: list[str] = []
    for folder in _children(root):
        if folder.name in CONTAINERS:
            found += [f"{folder.name}/{inner.name}" for inner in _children(folder) if _manifest(inner)]
        elif _manifest(folder):
            found.append(folder.name)
    return sorted(found)


def _children(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()
                and not p.name.startswith((".", "_")) and p.name not in NOT_APPS]
    except OSError:
        return []


def _manifest(folder: Path) -> str:
    """The first manifest in ``folder`` ("" for none)."""
    found = next((name for name in MANIFESTS if (folder / name).is_file()), None)
    if found is None:
        found = next((p.name for p in sorted(folder.glob("requirements*.txt")) if p.is_file()), None)
    return found or ""


def _root_has_manifest(root: Path, pyproject: dict[str, Any] | None) -> bool:
    if any(p.is_file() for p in root.glob("requirements*.txt")) or (root / "requirements").is_dir():
        return True
    if any((root / name).is_file() for name in MANIFESTS if name != "pyproject.toml"):
        return True
    pyproject = pyproject or {}
    tool = pyproject.get("tool", {}) if isinstance(pyproject.get("tool"), dict) else {}
    return any(t in pyproject for t in PROJECT_TABLES) or any(t in tool for t in TOOL_PROJECT_TABLES)


def _message(root: Path, folders: list[str], start: str) -> str:
    shown = [f"{folder}/ ({folder}/{_manifest(root / folder)})" for folder in folders]
    found = f"; the app dockergen found is {start}" if start else ""
    if len(folders) == 1:
        return (f"{root} has no dependency file of its own, but {shown[0]} does{found}. An image built "
                f"here would not install {folders[0]}/'s dependencies (DG1066).")
    return (f"{root} has no dependency file of its own, but several folders do: {', '.join(shown)}{found}. "
            f"Each is a project of its own (DG1066).")


def _hint(root: Path, folders: list[str]) -> str:
    commands = " or ".join(f"`dockergen init {root / folder}`" for folder in folders[:3])
    return (f"Generate for the app's folder: {commands} (the Dockerfile goes in that folder, which is "
            f"the build context). Or add a dependency file at the root if the app really lives there.")
