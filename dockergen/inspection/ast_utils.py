"""Reading the app's own source with ``ast``: parse safely, find calls and assignments.

Never imports or runs the user's code. A file that does not parse is skipped (and reported
by the caller), never fatal.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..errors import ProjectError
from .files import read_text, session_memo


def parse_module(root: Path, relpath: str) -> ast.Module | None:
    """Parse ``relpath``; None when it is unreadable or has a syntax error."""
    try:
        text = read_text(root, relpath, limit=2 * 1024 * 1024)
    except ProjectError:
        return None
    return parse_source(text, relpath)


def parse_source(text: str | None, relpath: str) -> ast.Module | None:
    """``ast.parse`` that returns None for missing text or source that does not parse.

    Parsed once per inspection (detectors only read the tree, never change it)."""
    if text is None:
        return None
    return session_memo(("ast", relpath, text), lambda: _parse(text, relpath))


def _parse(text: str, relpath: str) -> ast.Module | None:
    try:
        return ast.parse(text, filename=relpath)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def module_name(relpath: str) -> str:
    """``app/main.py`` -> ``app.main``; ``pkg/__init__.py`` -> ``pkg``; ``src/x/y.py`` -> ``x.y``."""
    parts = relpath[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


def call_name(node: ast.AST) -> str:
    """Dotted name of a call's function: ``Flask``, ``web.Application``, ``uvicorn.run``."""
    if isinstance(node, ast.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def keyword_int(call: ast.Call, name: str) -> int | None:
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, int):
            return kw.value.value
    return None


def imported_modules(tree: ast.Module) -> set[str]:
    """Top-level names of every module the file imports."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def keyword_str(call: ast.Call, name: str) -> str | None:
    for kw in call.keywords:
        if kw.arg == name and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return kw.value.value
    return None


def str_constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def first_str_arg(node: ast.AST) -> str | None:
    """The first string argument of a call or the key of a subscript: ``os.environ["X"]`` -> X."""
    if isinstance(node, ast.Call) and node.args:
        return str_constant(node.args[0])
    if isinstance(node, ast.Subscript):
        return str_constant(node.slice)
    return None


def module_assignments(tree: ast.Module) -> dict[str, ast.AST]:
    """``NAME = value`` at module level (the last assignment wins, as at run time)."""
    found: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found[node.target.id] = node.value
    return found


def calls(tree: ast.AST) -> list[ast.Call]:
    """Every call in the tree, in source order."""
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def env_default_int(node: ast.AST, variable: str) -> int | None:
    """The default N of ``int(os.environ.get("VAR", N))`` / ``os.getenv("VAR", "N")`` shapes."""
    if isinstance(node, ast.Call) and call_name(node) == "int" and node.args:
        node = node.args[0]
    if not (isinstance(node, ast.Call) and call_name(node).endswith(("environ.get", "getenv"))):
        return None
    if len(node.args) != 2 or str_constant(node.args[0]) != variable:
        return None
    default = node.args[1]
    value = default.value if isinstance(default, ast.Constant) else None
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def keyword_node(call: ast.Call, name: str) -> ast.AST | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)
