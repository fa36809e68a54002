"""What an argument of the app's own server call holds, read with ``ast`` (DG1053, DG1065).

``port=PORT``, ``port=settings.PORT``, ``port=int(os.environ.get("APP_PORT", 8050))``,
``host=os.getenv("HOST", "127.0.0.1")``: the value is followed through module constants, names
assigned earlier in the file, constants of an imported module (``from config import PORT``,
``import settings``) or a class (``Config.PORT``), and environment reads with a default. The
code is never run: anything else (a call, arithmetic, a value computed at run time) is unknown.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .ast_utils import call_name, parse_module

MAX_HOPS = 4  # names followed through other names/modules before giving up


@dataclass(frozen=True)
class CodeValue:
    """A value the code passes: the constant (None when only the env var is known), the
    environment variable read for it (or ""), and where the constant was written (file:line)."""

    value: int | str | None
    env_var: str = ""
    where: str = ""


def resolve_value(root: Path, relpath: str, tree: ast.Module, node: ast.AST | None,
                  hops: int = 0) -> CodeValue | None:
    """The constant or environment read behind ``node`` (an argument in ``relpath``), or None."""
    if node is None or hops > MAX_HOPS:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, str)) and not isinstance(node.value, bool):
        return CodeValue(node.value, "", f"{relpath}:{node.lineno}")
    if isinstance(node, ast.Call) and call_name(node) in ("int", "str") and len(node.args) == 1:
        return resolve_value(root, relpath, tree, node.args[0], hops)
    if isinstance(node, (ast.Call, ast.Subscript)):
        return _env_read(root, relpath, tree, node, hops)
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and len(node.values) == 2:
        return _env_or_default(root, relpath, tree, node, hops)
    if isinstance(node, ast.Name):
        return _name(root, relpath, tree, node, hops)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return _attribute(root, relpath, tree, node.value.id, node.attr, hops)
    return None


def _env_read(root: Path, relpath: str, tree: ast.Module, node: ast.AST, hops: int) -> CodeValue | None:
    """``os.environ.get("V", D)``, ``os.getenv("V", D)``, ``os.environ["V"]``."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        if call_name(node.value).endswith("environ") and isinstance(key, ast.Constant) and isinstance(key.value, str):
            return CodeValue(None, key.value, "")
        return None
    assert isinstance(node, ast.Call)
    if not call_name(node).endswith(("environ.get", "getenv")) or not node.args:
        return None
    name = node.args[0]
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return None
    default_node = node.args[1] if len(node.args) > 1 else next(
        (kw.value for kw in node.keywords if kw.arg == "default"), None)
    default = resolve_value(root, relpath, tree, default_node, hops + 1) if default_node is not None else None
    if default is not None and default.env_var:
        default = None  # a second variable as the default: the first one is what the image sets
    return CodeValue(default.value if default else None, name.value, default.where if default else "")


def _env_or_default(root: Path, relpath: str, tree: ast.Module, node: ast.BoolOp, hops: int) -> CodeValue | None:
    """``os.environ.get("PORT") or 8000``."""
    read = resolve_value(root, relpath, tree, node.values[0], hops)
    default = resolve_value(root, relpath, tree, node.values[1], hops + 1)
    if read is None or not read.env_var or read.value is not None or default is None or default.env_var:
        return None
    return CodeValue(default.value, read.env_var, default.where)


def _name(root: Path, relpath: str, tree: ast.Module, node: ast.Name, hops: int) -> CodeValue | None:
    """The last ``NAME = value`` before the use (any scope: the code is read, not run), else a
    ``from MODULE import NAME``."""
    assigned = _last_assignment(tree, node.id, node.lineno)
    if assigned is not None:
        return resolve_value(root, relpath, tree, assigned, hops + 1)
    source = _imported_from(tree, node.id, relpath)
    if source is not None:
        found = _module_tree(root, *source)
        if found is not None:
            other, name = found
            value = _module_level(other, _original_name(tree, node.id))
            return resolve_value(root, name, other, value, hops + 1) if value is not None else None
    return None


def _attribute(root: Path, relpath: str, tree: ast.Module, owner: str, attr: str, hops: int) -> CodeValue | None:
    """``settings.PORT`` (an imported module), ``Config.PORT`` (a class in this file) or
    ``settings.port`` where ``settings = Settings()`` (the class's default: pydantic settings)."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == owner:
            value = _class_level(node, attr)
            return resolve_value(root, relpath, tree, value, hops + 1) if value is not None else None
    instance = _module_level(tree, owner)
    if isinstance(instance, ast.Call) and isinstance(instance.func, ast.Name) and not instance.args:
        return _attribute(root, relpath, tree, instance.func.id, attr, hops + 1)
    source = _imported_module(tree, owner, relpath)
    found = _module_tree(root, *source) if source is not None else None
    if found is None:  # ``from config import settings``: an object defined in that module
        origin = _imported_from(tree, owner, relpath)
        other_module = _module_tree(root, *origin) if origin is not None else None
        if other_module is None:
            return None
        return _attribute(root, other_module[1], other_module[0], _original_name(tree, owner), attr, hops + 1)
    other, name = found
    value = _module_level(other, attr)
    return resolve_value(root, name, other, value, hops + 1) if value is not None else None


def _assigned(node: ast.stmt, name: str) -> ast.AST | None:
    """The value of ``NAME = value`` / ``NAME: T = value``, when ``node`` is that assignment."""
    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
        return node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
        return node.value
    return None


def _last_assignment(tree: ast.Module, name: str, before: int) -> ast.AST | None:
    found: tuple[int, ast.AST] | None = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or node.lineno >= before:
            continue
        value = _assigned(node, name)
        if value is not None and (found is None or node.lineno > found[0]):
            found = (node.lineno, value)
    return found[1] if found else None


def _module_level(tree: ast.Module, name: str) -> ast.AST | None:
    value: ast.AST | None = None
    for node in tree.body:
        value = _assigned(node, name) or value
    return value


def _class_level(cls: ast.ClassDef, name: str) -> ast.AST | None:
    value: ast.AST | None = None
    for node in cls.body:
        value = _assigned(node, name) or value
    return value


def _imported_from(tree: ast.Module, name: str, relpath: str) -> tuple[str, int, str] | None:
    """``from MODULE import NAME`` -> (MODULE, level, importing file)."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            return node.module or "", node.level, relpath
    return None


def _original_name(tree: ast.Module, name: str) -> str:
    """``from m import PORT as P``: P -> PORT."""
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname == name:
                    return alias.name
    return name


def _imported_module(tree: ast.Module, name: str, relpath: str) -> tuple[str, int, str] | None:
    """``import NAME``, ``import pkg.mod as NAME`` or ``from PKG import NAME`` (a module)."""
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return alias.name, 0, relpath
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    module = f"{node.module}.{alias.name}" if node.module else alias.name
                    return module, node.level, relpath
    return None


def _module_tree(root: Path, module: str, level: int, relpath: str) -> tuple[ast.Module, str] | None:
    """The parsed file of ``module`` imported from ``relpath`` (relative imports too)."""
    parts = [p for p in module.split(".") if p]
    if level:
        parents = PurePosixPath(relpath).parents
        if level > len(parents):
            return None
        bases = [parents[level - 1]]
    else:
        base = PurePosixPath(relpath).parent
        bases = [PurePosixPath("."), PurePosixPath("src"), base]
    for folder in dict.fromkeys(bases):
        stem = folder.joinpath(*parts) if parts else folder
        for candidate in (f"{stem}.py", f"{stem}/__init__.py"):
            name = str(PurePosixPath(candidate))
            tree = parse_module(root, name) if name != relpath else None
            if tree is not None:
                return tree, name
    return None
