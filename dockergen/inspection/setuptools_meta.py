"""What a setuptools project declares outside pyproject.toml: its name and console scripts in
``setup.cfg`` (``[metadata]``, ``[options.entry_points]``) or as literals in ``setup.py``, and
the name and version a source distribution records in ``PKG-INFO`` (decision DG1080).

setup.py is read with ``ast``: a keyword given as a literal, or as a module-level name bound to
a literal (``entry_points=ENTRY_POINTS``), is understood; anything computed is not. Never run.
"""

from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

from .ast_utils import parse_module
from .files import read_text

_SCRIPT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=\s*[A-Za-z_][\w.]*\s*(:\s*[\w.]+)?")


def setup_cfg(root: Path) -> configparser.ConfigParser | None:
    text = read_text(root, "setup.cfg")
    if not text:
        return None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return parser


def setup_keywords(root: Path) -> dict[str, object]:
    """Literal keyword values of the ``setup(...)`` call in setup.py (names bound to literals resolved)."""
    tree = parse_module(root, "setup.py") if (root / "setup.py").is_file() else None
    if tree is None:
        return {}
    bound = _module_literals(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _callee(node.func) == "setup":
            out: dict[str, object] = {}
            for keyword in node.keywords:
                if keyword.arg is None:
                    continue
                if isinstance(keyword.value, ast.Name) and keyword.value.id in bound:
                    out[keyword.arg] = bound[keyword.value.id]
                    continue
                try:
                    out[keyword.arg] = ast.literal_eval(keyword.value)
                except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                    continue
            return out
    return {}


def _callee(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _module_literals(tree: ast.Module) -> dict[str, object]:
    bound: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                bound[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    return bound


def _script_names(lines: object) -> list[str]:
    """Names from ``name = module:func`` lines (a list, or INI text)."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    if not isinstance(lines, (list, tuple)):
        return []
    out = []
    for line in lines:
        match = _SCRIPT.match(str(line))
        if match and match.group(1) not in out:
            out.append(match.group(1))
    return out


def _ini_section(text: str, section: str) -> list[str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    if not parser.has_section(section):
        return []
    return [f"{key} = {value}" for key, value in parser.items(section)]


def setuptools_scripts(root: Path) -> list[tuple[str, str]]:
    """(name, evidence) for console scripts in setup.cfg, then setup.py."""
    out: list[tuple[str, str]] = []
    cfg = setup_cfg(root)
    if cfg is not None:
        raw = cfg.get("options.entry_points", "console_scripts", fallback="")
        out.extend((n, "setup.cfg [options.entry_points] console_scripts") for n in _script_names(raw))
    entry_points = setup_keywords(root).get("entry_points")
    lines: object = None
    if isinstance(entry_points, dict):
        lines = entry_points.get("console_scripts")
    elif isinstance(entry_points, str):
        lines = _ini_section(entry_points, "console_scripts")
    seen = {name for name, _ in out}
    out.extend((n, "setup.py entry_points console_scripts") for n in _script_names(lines) if n not in seen)
    return out


def setuptools_name(root: Path) -> tuple[str, str] | None:
    """(name, evidence) from setup.cfg ``[metadata] name``, a literal setup.py ``name=``, or PKG-INFO."""
    cfg = setup_cfg(root)
    name = cfg.get("metadata", "name", fallback="").strip() if cfg is not None else ""
    if name and not name.startswith("attr:"):
        return name, "setup.cfg [metadata] name"
    value = setup_keywords(root).get("name")
    if isinstance(value, str) and value.strip():
        return value.strip(), "setup.py name="
    value = pkg_info(root).get("name")
    return (value, "PKG-INFO Name") if value else None


def pkg_info(root: Path) -> dict[str, str]:
    """``Name`` and ``Version`` from a source distribution's PKG-INFO (lower-cased keys)."""
    try:
        text = read_text(root, "PKG-INFO", limit=256 * 1024) or ""
    except Exception:
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the long description follows
        key, _, value = line.partition(":")
        if key.strip().lower() in ("name", "version") and value.strip():
            out.setdefault(key.strip().lower(), value.strip())
    return out
