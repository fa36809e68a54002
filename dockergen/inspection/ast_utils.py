"""Reading the app's own source with ``ast``: parse safely, find calls and assignments.

Never imports or runs the user's code. A file that does not parse is skipped (and reported
by the caller), never fatal.
"""

from __future__ import annotations

import ast
import time
from pathlib import Path

from ..errors import ProjectError
from .files import read_memo, read_state, read_text

# DG1036: parsing is bounded so any tree is read in seconds and a few hundred MB. An ast costs
# about 100 bytes of memory and 3 us of CPU per byte of source; an app or settings module is
# far below these caps, generated or vendored modules are far above them.
MAX_PARSE_BYTES = 256 * 1024  # larger modules are not parsed
PARSE_BUDGET_BYTES = 1536 * 1024  # source parsed per inspection (a large real app: ~400 modules)
PARSE_BUDGET_SECONDS = 2.0  # CPU time spent parsing per inspection
MEMO_MAX_BYTES = 64 * 1024  # trees of larger files are not kept for the next detector


def parse_module(root: Path, relpath: str) -> ast.Module | None:
    """Parse ``relpath``; None when it is unreadable, has a syntax error or is over the caps."""
    try:
        text = read_text(root, relpath, limit=2 * 1024 * 1024)
    except ProjectError:
        return None
    return parse_source(root, text, relpath)


def parse_source(root: Path, text: str | None, relpath: str) -> ast.Module | None:
    """``ast.parse`` that returns None for missing text or source that does not parse.

    Parsed once per inspection of ``root`` (detectors only read the tree, never change it), within
    the size and time budget of DG1036 (:func:`parse_budget_note` says when it ran out)."""
    if text is None:
        return None
    if len(text) > MAX_PARSE_BYTES:
        _skipped(root, relpath, "too large")
        return None
    if len(text) > MEMO_MAX_BYTES:
        return _budgeted(root, text, relpath)
    return read_memo(root, ("ast", relpath, text), lambda: _budgeted(root, text, relpath))


def _budgeted(root: Path, text: str, relpath: str) -> ast.Module | None:
    state = read_state(root)
    if state.get("parse_bytes", 0) + len(text) > PARSE_BUDGET_BYTES \
            or state.get("parse_seconds", 0.0) > PARSE_BUDGET_SECONDS:
        _skipped(root, relpath, "budget")
        return None
    start = time.process_time()
    state.setdefault("parsed", set()).add(relpath)
    try:
        return _parse(text, relpath)
    finally:
        state["parse_bytes"] = state.get("parse_bytes", 0) + len(text)
        state["parse_seconds"] = state.get("parse_seconds", 0.0) + time.process_time() - start


def _skipped(root: Path, relpath: str, why: str) -> None:
    state = read_state(root)
    state.setdefault(f"skipped_{why}", []).append(relpath)


def parse_budget_note(root: Path) -> str:
    """A warning when the inspection of ``root`` left modules unparsed (DG1036), else ""."""
    state = read_state(root)
    parsed = state.get("parsed", set())
    large = state.get("skipped_too large", [])
    budget = [p for p in state.get("skipped_budget", []) if p not in parsed]  # once parsed, it was read
    parts = []
    if large:
        parts.append(f"{len(set(large))} module(s) over {MAX_PARSE_BYTES // 1024} KB (e.g. {large[0]})")
    if budget:
        parts.append(f"{len(set(budget))} module(s) after the parse budget ran out (e.g. {budget[0]})")
    if not parts:
        return ""
    return ("DG1036: not parsed: " + "; ".join(parts) + ". If the app or its settings are among them, "
            "pass --app (or --command) so nothing depends on reading them.")


def _parse(text: str, relpath: str) -> ast.Module | None:
    try:
        return ast.parse(text, filename=relpath)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def module_name(relpath: str) -> str:
    """``app/main.py`` -> ``app.main``; ``pkg/__init__.py`` -> ``pkg``; ``src/x/y.py`` -> ``x.y``.

    Never empty: the root's own ``__init__.py`` is the module ``__init__`` (DG1067), which is
    what ``import __init__`` finds with the project folder on the path."""
    parts = relpath[:-3].split("/")
    if parts[-1] == "__init__" and len(parts) > 1:
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


def import_aliases(tree: ast.Module) -> dict[str, str]:
    """Names the file's imports bind -> what they name: ``import falcon.asgi as fa`` binds
    ``fa`` -> ``falcon.asgi``, ``from falcon import App`` binds ``App`` -> ``falcon.App``
    (``import falcon.asgi`` binds ``falcon`` itself). Relative imports are left out."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    found[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def qualified_name(dotted: str, aliases: dict[str, str]) -> str:
    """``fa.App`` -> ``falcon.asgi.App`` through the file's imports; a name no import binds is
    returned as written (a local class, or one from a star import)."""
    head, _, rest = dotted.partition(".")
    origin = aliases.get(head)
    if origin is None:
        return dotted
    return f"{origin}.{rest}" if rest else origin


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
