"""Which folders a start file's imports of the project's own modules need on sys.path (DG2117).

A start file's absolute imports (``import components``, ``from card_viewer.utils import x``)
whose top-level name is no declared distribution and no standard-library module, but is a
module or package of the project, need the folder that holds it on ``sys.path``. Read with
``ast`` from the start file's module-level statements and, transitively, from the project's
own modules they reach (bounded). The folders looked in are the ones on the way from the start
file up to the app folder: its own folder first, the app folder last. Whether the start command
puts that folder on sys.path is the plan's question (``dockergen/import_path.py``).
"""

from __future__ import annotations

import ast
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..facts import LocalImport, ProjectFacts
from .ast_utils import parse_module
from .files import inside_project
from .found import LocalImportsFound
from .imports import import_map
from .own_modules import folders_on_the_way, is_file, module_path

MAX_FILES = 40  # modules read per start file, the start file included
MAX_STARTS = 8  # start files looked at per project
_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__", "pkg_resources", "setuptools"}
# Handlers that make a failing import a handled case (``try: import x`` / ``except ImportError``).
_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_TARGET = re.compile(r"(?P<module>[A-Za-z_][\w.]*)(?::[\w.()]*)?")


def detect_local_imports(root: Path, facts: ProjectFacts) -> LocalImportsFound:
    """DG2117: for each file a start command may run, the project's own modules its imports reach."""
    declared = set(facts.packaging.requirements) | {n.module for n in facts.packaging.import_needs}
    found: dict[str, tuple[LocalImport, ...]] = {}
    for start in start_files(root, facts)[:MAX_STARTS]:
        imports = local_imports(root, start, declared)
        if imports:
            found[start] = imports
    return LocalImportsFound(found)


def start_files(root: Path, facts: ProjectFacts) -> list[str]:
    """The project files a start command may run: the app's module, the entry file, the detected
    command's file, and the files the stated commands (DG1090) start."""
    files = [facts.app.app.value.file if facts.app.app else "",
             facts.app.entry_file.value if facts.app.entry_file else ""]
    argv = facts.app.command.value if facts.app.command else []
    files += [w for w in argv[1:2] if w.endswith(".py")]
    for intent in facts.app.stated_starts:
        files += target_files(root, intent.target)
    return [f for f in dict.fromkeys(files) if f and f.endswith(".py") and inside_project(root, f)]


def target_files(root: Path, target: str) -> list[str]:
    """The files a stated target names: ``app.py`` itself; ``pkg.mod:app`` or ``pkg.mod`` as the
    module's file at the root or under src/ (``pkg/mod.py``, ``pkg/mod/__main__.py``...)."""
    if target.endswith(".py"):
        return [posixpath.normpath(target)] if is_file(root, target) else []
    match = _TARGET.fullmatch(target)
    if match is None:
        return []
    path = match.group("module").replace(".", "/")
    candidates = [f"{base}{path}{tail}" for base in ("", "src/")
                  for tail in (".py", "/__main__.py", "/__init__.py")]
    return [c for c in candidates if is_file(root, c)][:1]


def local_imports(root: Path, start: str, declared: set[str]) -> tuple[LocalImport, ...]:
    """The start file's (and, transitively, its own modules') absolute imports of the project's
    own modules, first evidence per top-level name, in reading order."""
    folders = folders_on_the_way(start)
    seen: set[str] = set()
    queue = [start]
    found: dict[str, LocalImport] = {}
    while queue and len(seen) < MAX_FILES:
        relpath = queue.pop(0)
        if relpath in seen:
            continue
        seen.add(relpath)
        tree = parse_module(root, relpath) if is_file(root, relpath) else None
        if tree is None:
            continue
        for node in module_level_imports(tree.body):
            for dotted in _absolute_names(node):
                top = dotted.split(".")[0]
                if _not_own(top, declared):
                    continue
                holders = [f for f in folders if module_path(root, f, top)]
                if not holders:
                    continue
                if top not in found:
                    found[top] = LocalImport(top, f"{relpath}:{node.lineno}", tuple(holders),
                                             module_path(root, holders[0], top), _shadowed(root, holders[0]))
                queue += _module_files(root, holders[0], dotted)
            queue += _relative_files(root, relpath, node)
    return tuple(found.values())


def module_level_imports(body: Iterable[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: module-level statements and those in its
    ``if``/``with``/``try`` blocks, but not the ones a ``try`` guards with an ImportError handler
    (the code has its own way out) and not those inside functions or classes."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If):
            yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
        elif isinstance(node, ast.With):
            yield from module_level_imports(node.body)
        elif isinstance(node, ast.Try):
            if not any(_handles_import_error(h) for h in node.handlers):
                yield from module_level_imports(node.body)
            yield from module_level_imports(node.orelse)
            yield from module_level_imports(node.finalbody)


def _handles_import_error(handler: ast.ExceptHandler) -> bool:
    kind = handler.type
    if kind is None:
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(isinstance(n, ast.Name) and n.id in _IMPORT_ERRORS for n in names)


def _absolute_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return [node.module] if node.module and node.level == 0 else []


def _not_own(top: str, declared: set[str]) -> bool:
    """A name that is not the project's to provide: the standard library, a declared distribution."""
    if top in _STDLIB or top.startswith("_") or not _IDENTIFIER.fullmatch(top):
        return True
    distribution = import_map().get(top) or top
    return _canonical(distribution) in declared or _canonical(top) in declared or top in declared


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _module_files(root: Path, folder: str, dotted: str) -> list[str]:
    """The files ``import dotted`` runs from ``folder``: each package's ``__init__.py`` on the way
    and the module's own file."""
    parts = dotted.split(".")
    files: list[str] = []
    for depth in range(1, len(parts) + 1):
        base = "/".join(p for p in (folder, *parts[:depth]) if p)
        files += [c for c in (base + "/__init__.py", base + ".py") if is_file(root, c)]
    return files


def _relative_files(root: Path, relpath: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The project files a relative import (``from .logo import x``, ``from . import views``) runs."""
    if not isinstance(node, ast.ImportFrom) or node.level == 0:
        return []
    package = posixpath.dirname(relpath)
    for _ in range(node.level - 1):
        package = posixpath.dirname(package)
    names = [node.module] if node.module else [alias.name for alias in node.names]
    files: list[str] = []
    for name in names:
        base = "/".join(p for p in (package, *name.split(".")) if p)
        files += [c for c in (base + "/__init__.py", base + ".py") if is_file(root, c)]
    return files


def _shadowed(root: Path, folder: str) -> tuple[str, ...]:
    """Standard-library modules that ``folder`` also holds (a ``types.py``, a ``logging/``): on
    PYTHONPATH they would hide the standard library's."""
    try:
        items = sorted((root / folder).iterdir()) if inside_project(root, folder or ".") else []
    except OSError:
        return ()
    names = [p.stem if p.suffix == ".py" else p.name for p in items
             if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").is_file())]
    return tuple(n for n in dict.fromkeys(names) if n in sys.stdlib_module_names and n != "__init__")
