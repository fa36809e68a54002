"""What the app's imports need from the package index, for a project that declares nothing.

DG1092: a project with source but no dependency file (no requirements, no pyproject
dependencies) still imports what it needs. The third-party imports of its own modules (not the
standard library, not its own packages, not a module beside the importing file or in a folder
above it: DG2117's look-up, ``own_modules.py``) name the distributions to install, through a small
map for names that differ (``yaml`` -> PyYAML, in ``dockergen/data/import_names.toml``); the rest
are taken as their own distribution name. The plan installs them with a warning that names each
import and its file, so the user can write a requirements file instead.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ..facts import ImportNeed
from ..shipped import load_data
from .ast_utils import parse_module
from .candidates import is_app_source
from .files import iter_python_files
from .own_modules import holders

# Modules that ship with Python or are never installed from the index.
NOT_ON_INDEX = frozenset(sys.stdlib_module_names) | {"__future__", "pkg_resources", "setuptools", "distutils"}


@lru_cache(maxsize=1)
def import_map() -> dict[str, str]:
    """Import name -> distribution ("" for imports that name no one distribution)."""
    data = load_data("import_names.toml")
    return {str(k): str(v) for k, v in data["imports"].items()}


def third_party_imports(tree: ast.Module, relpath: str) -> list[tuple[str, str]]:
    """(top-level module, "file:line") for every absolute import in the file, in order."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name.split(".")[0], f"{relpath}:{node.lineno}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module.split(".")[0], f"{relpath}:{node.lineno}"))
    return sorted(found, key=lambda item: _line(item[1]))


def needs_from_imports(imports: Iterable[tuple[str, str]], local: Iterable[str]) -> list[ImportNeed]:
    """The distributions the imports need: one per distribution, first evidence kept.

    ``local`` are the project's own top-level modules and packages (never installed).
    """
    mapped = import_map()
    own = set(local)
    needs: dict[str, ImportNeed] = {}
    for module, evidence in imports:
        if module in NOT_ON_INDEX or module in own or module.startswith("_"):
            continue
        distribution = mapped.get(module, module)
        if distribution and distribution.lower() not in needs:
            needs[distribution.lower()] = ImportNeed(distribution, module, evidence)
    return list(needs.values())


def unmappable(imports: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Imports whose distribution cannot be told from the name (``google``): warn, never guess."""
    mapped = import_map()
    return [(module, evidence) for module, evidence in imports if mapped.get(module) == ""]


def _line(evidence: str) -> tuple[str, int]:
    path, _, line = evidence.rpartition(":")
    return path, int(line)


def detect_import_needs(root: Path) -> list[ImportNeed]:
    """DG1092: what the project's own modules import from the index (it declares nothing)."""
    files = [f for f in iter_python_files(root, max_files=200, max_depth=4) if is_app_source(f)]
    local = {_top_level(f) for f in files}
    imports: list[tuple[str, str]] = []
    for relpath in files:
        tree = parse_module(root, relpath)
        if tree is not None:  # a module of the importing file's own folder (or one above) is the project's (DG2117)
            imports += [(module, evidence) for module, evidence in third_party_imports(tree, relpath)
                        if module in NOT_ON_INDEX or module in local or not holders(root, relpath, module)]
    return needs_from_imports(imports, local)


def _top_level(relpath: str) -> str:
    """The importable top-level name a project file provides (``src/`` is a layout, not a name)."""
    parts = relpath.removeprefix("src/").split("/")
    return parts[0].removesuffix(".py")


def detect_pkg_resources(root: Path) -> str:
    """DG2113: the first of the project's own files that imports pkg_resources ("" if none)."""
    for relpath in iter_python_files(root, max_files=200, max_depth=4):
        tree = parse_module(root, relpath) if is_app_source(relpath) else None
        for module, evidence in third_party_imports(tree, relpath) if tree is not None else []:
            if module == "pkg_resources":
                return evidence
    return ""
