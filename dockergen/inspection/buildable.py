"""Can the project itself be built into a wheel? Predicted from its files, never by building.

DG2112: many apps declare a build backend without being installable. Where the backend's
refusal can be told cheaply from the tree, inspection says so, and the plan installs the
dependencies only (the app runs from its source folder), saying why:

- hatchling with no explicit file selection and no folder or module named like the project
  (``Unable to determine which files to ship inside the wheel``);
- poetry-core ``packages = [{include = "x"}]`` naming a folder that is not there;
- setuptools auto-discovery finding several top-level packages in a flat layout;
- a setup.py that runs npm, yarn or node (a front-end build the image does not have).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from ..facts import Fact
from .ast_utils import call_name, calls, parse_module, str_constant
from .files import exists, inside_project, read_text

# setuptools' flat-layout discovery ignores these names (setuptools.discovery, FlatLayout*Finder).
_FLAT_EXCLUDED = {
    "ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news", "newsfragments", "changelog",
    "test", "tests", "unit_test", "unit_tests", "example", "examples", "scripts", "tools", "util", "utils",
    "python", "build", "dist", "venv", "env", "requirements", "tasks", "fabfile", "site_scons", "benchmark",
    "benchmarks", "exercise", "exercises", "htmlcov", "setup", "conftest", "toxfile", "noxfile", "pavement",
    "dodo", "conanfile", "manage",
}
_FRONTEND = re.compile(r"""["'](npm|yarn|pnpm|node|npx)["']|\b(npm|yarn|pnpm|npx)\s+(run|install|ci|build)\b""")


def predict_build_refusal(root: Path, pyproject: dict[str, Any] | None, name: str) -> Fact[str] | None:
    """Why building the project would fail, when its files already say so; else None."""
    pyproject = pyproject or {}
    backend = str((pyproject.get("build-system") or {}).get("build-backend") or "")
    tool = pyproject.get("tool") or {}
    if backend.startswith("hatchling"):
        return _hatchling(root, tool.get("hatch") or {}, name)
    if backend.startswith("poetry"):
        return _poetry_includes(root, tool.get("poetry") or {})
    if backend.startswith("setuptools") or (not backend and ("project" in pyproject or exists(root, "setup.py"))):
        return _setup_py_frontend(root) or _flat_layout(root, tool.get("setuptools") or {})
    return None


def _hatchling(root: Path, hatch: dict[str, Any], name: str) -> Fact[str] | None:
    build = hatch.get("build") or {}
    wheel = (build.get("targets") or {}).get("wheel") or {}
    if any(key in section for section in (build, wheel)
           for key in ("packages", "include", "only-include", "sources", "force-include")):
        return None
    module = re.sub(r"[-.]+", "_", name).lower()
    candidates = (f"{module}/__init__.py", f"src/{module}/__init__.py", f"{module}.py", f"src/{module}.py",
                  f"{module}/", f"src/{module}/")
    if any(_present(root, c.rstrip("/")) for c in candidates):
        return None
    return Fact(f"hatchling finds no `{module}` package or module to ship (and no [tool.hatch.build] "
                "selection)", "detected", "pyproject.toml [build-system] hatchling")


def _poetry_includes(root: Path, poetry: dict[str, Any]) -> Fact[str] | None:
    packages = poetry.get("packages")
    if not isinstance(packages, list):
        return None
    for entry in packages:
        if not isinstance(entry, dict) or not isinstance(entry.get("include"), str):
            continue
        include, base = entry["include"], str(entry.get("from") or "")
        if any(ch in include for ch in "*?[") or ".." in include.split("/") or ".." in base.split("/"):
            continue
        path = f"{base}/{include}" if base else include
        if not _present(root, path) and not _present(root, path + ".py"):
            return Fact(f"[tool.poetry] packages includes {path!r}, which does not exist", "detected",
                        "pyproject.toml [tool.poetry] packages")
    return None


def _setup_py_frontend(root: Path) -> Fact[str] | None:
    text = read_text(root, "setup.py", limit=512 * 1024) or ""
    match = _FRONTEND.search(text)
    if match and re.search(r"\b(subprocess|os\.system|check_call|spawn)\b", text):
        return Fact(f"setup.py runs {match.group(1) or match.group(2)} (a front-end build)", "detected", "setup.py")
    return None


def _flat_layout(root: Path, setuptools: dict[str, Any]) -> Fact[str] | None:
    """setuptools refuses to guess between several top-level packages in a flat layout."""
    if "packages" in setuptools or "py-modules" in setuptools or _present(root, "src"):
        return None
    setup_text = read_text(root, "setup.py", limit=512 * 1024) or ""
    cfg_text = read_text(root, "setup.cfg", limit=512 * 1024) or ""
    if re.search(r"\b(packages|py_modules)\s*=", setup_text + cfg_text):
        return None
    found = sorted(p.name for p in _top_level(root))
    if len(found) < 2:
        return None
    return Fact(f"setuptools finds several top-level packages in a flat layout ({', '.join(found[:4])})",
                "detected", "setuptools automatic discovery")


def _present(root: Path, relpath: str) -> bool:
    """A file or folder at ``relpath`` inside the project (``exists`` is for files only)."""
    if not inside_project(root, relpath):
        return False
    try:
        return (root / relpath).exists()
    except OSError:
        return False


def _top_level(root: Path) -> list[Path]:
    out = []
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return []
    for entry in entries:
        stem = entry.name.removesuffix(".py")
        if stem in _FLAT_EXCLUDED or entry.name.startswith((".", "_")) or not stem.isidentifier():
            continue
        if (entry.is_dir() and not entry.is_symlink() and (entry / "__init__.py").is_file()) \
                or (entry.is_file() and entry.suffix == ".py"):
            out.append(entry)
    return out


_METADATA_CALLS = ("version", "distribution", "metadata", "get_distribution", "require", "entry_points")


def detect_self_import(root: Path, name: str, app_files: list[str]) -> Fact[str] | None:
    """DG2112: does the code need itself installed as a distribution?

    A src/ layout (the code is importable only once installed), or the app's own files looking
    up their distribution's metadata (``importlib.metadata.version("name")``).
    """
    src = root / "src"
    try:
        packages = sorted(p.name for p in src.iterdir() if (p / "__init__.py").is_file()) if src.is_dir() else []
    except OSError:
        packages = []
    if packages:
        return Fact(f"src/{packages[0]}", "detected", f"src layout (src/{packages[0]})")
    wanted = {re.sub(r"[-_.]+", "-", name).lower(), "__name__", "__package__"}
    for relpath in app_files:
        tree = parse_module(root, relpath)
        for call in calls(tree) if tree is not None else []:
            func = call_name(call).rsplit(".", 1)[-1]
            if func not in _METADATA_CALLS or not call.args:
                continue
            arg = call.args[0]
            text = arg.id if isinstance(arg, ast.Name) else str_constant(arg) or ""
            if re.sub(r"[-_.]+", "-", text).lower() in wanted:
                return Fact(f"{relpath}:{call.lineno}", "detected",
                            f"{relpath}:{call.lineno} reads its own distribution's metadata")
    return None
