"""Where a path expression of the project's code points, read with ``ast``, never run (DG2045).

Settings build their file paths from the file's own place: ``BASE_DIR = Path(__file__).resolve()
.parent.parent``, ``os.path.join(BASE_DIR, os.environ.get("DATABASE_NAME", "app.db"))``. This
evaluates such an expression to a path relative to the project root (the image's /app), the way
it resolves in the image, where the variables it reads are unset: an environment read stands for
its default. It knows ``__file__``, string constants, module-level names assigned such an
expression, ``/`` and ``+`` on paths, f-strings, ``Path(...)``, ``.parent``, ``.resolve()``,
``os.path.join/dirname/abspath/realpath/normpath``, ``str()``/``os.fspath()``, environment
reads with a default (``os.environ.get``, ``os.getenv``, and ``default=`` of django-environ or
python-decouple), and ``app.root_path`` of a module-level ``app = Flask(__name__)`` or
``Quart(__name__)``: the folder of the file (the package's folder for its ``__init__.py``).
Anything else is None: not known, never guessed.
"""

from __future__ import annotations

import ast
import posixpath

from ..catalog.frameworks import framework

_IDENTITY = frozenset({"abspath", "realpath", "normpath", "str", "fspath", "expanduser"})
_METHODS = frozenset({"resolve", "absolute", "expanduser"})  # Path(...).resolve(): the same path
_PATH_TYPES = frozenset({"Path", "PurePath", "PosixPath"})
_ENV_READS = frozenset({"getenv", "get"})  # os.getenv(K, d), os.environ.get(K, d)
# Apps whose ``root_path`` is the folder of the module named by their first argument.
_ROOT_PATH_APPS = frozenset(cls for fid in ("flask", "quart") for cls in getattr(framework(fid), "app_classes", ()))


class PathNames:
    """The module-level names of one file that hold a path, evaluated in order of assignment;
    ``fallback`` stands for a name the file does not assign, or assigns in a way not read here
    (Django's ``BASE_DIR`` is the project root by convention)."""

    def __init__(self, tree: ast.Module, relpath: str, fallback: dict[str, str] | None = None) -> None:
        self.relpath = relpath
        fallback = fallback or {}
        self.values: dict[str, str] = dict(fallback)
        self.root_paths: dict[str, str] = {}  # app = Flask(__name__): its root_path
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if _names_this_module_app(node.value):
                    self.root_paths[node.targets[0].id] = _parent(relpath)
                name, value = node.targets[0].id, self.evaluate(node.value)
                if value is None and name in fallback:  # assigned in a way not read here: the convention
                    value = fallback[name]
                if value is not None:
                    self.values[name] = value
                else:
                    self.values.pop(name, None)

    def evaluate(self, node: ast.expr) -> str | None:
        """``node`` as a path relative to the project root ("." the root, "../x" above it, or
        absolute), or None when it cannot be told without running the code."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.relpath if node.id == "__file__" else self.values.get(node.id)
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self.evaluate(node.value)
            return None if inner is None else _parent(inner)
        if isinstance(node, ast.Attribute) and node.attr == "root_path" and isinstance(node.value, ast.Name):
            return self.root_paths.get(node.value.id)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Add)):
            left, right = self.evaluate(node.left), self.evaluate(node.right)
            if left is None or right is None:
                return None
            return _join(left, right) if isinstance(node.op, ast.Div) else _concat(left, right)
        if isinstance(node, ast.JoinedStr):
            parts = [self.evaluate(v.value) if isinstance(v, ast.FormattedValue) else self.evaluate(v)
                     for v in node.values]
            return None if any(p is None for p in parts) else _concat_all([p for p in parts if p is not None])
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _call(self, node: ast.Call) -> str | None:
        name = _called(node.func)
        args = node.args
        default = next((k.value for k in node.keywords if k.arg == "default"), None)
        if default is not None and args and _is_env_name(args[0]):  # env("X", default=...), config(...)
            return self.evaluate(default)
        if name in _ENV_READS and len(args) == 2 and _is_env_name(args[0]) and _reads_environ(node.func):
            return self.evaluate(args[1])
        if name in _METHODS and isinstance(node.func, ast.Attribute) and not args:
            return self.evaluate(node.func.value)  # Path(...).resolve()
        values = [self.evaluate(a) for a in args]
        if any(v is None for v in values) or node.keywords:
            return None
        known = [v for v in values if v is not None]
        if name in _PATH_TYPES or name == "join":
            return _join_all(known) if known else "."
        if name == "dirname" and len(known) == 1:
            return _parent(known[0])
        if name in _IDENTITY and len(known) == 1:
            return known[0]
        return None


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _names_this_module_app(node: ast.expr) -> bool:
    """``Flask(__name__, ...)`` / ``quart.Quart(__name__)``."""
    return (isinstance(node, ast.Call) and _called(node.func) in _ROOT_PATH_APPS and bool(node.args)
            and isinstance(node.args[0], ast.Name) and node.args[0].id == "__name__")


def _reads_environ(func: ast.expr) -> bool:
    """``os.getenv`` / ``getenv`` / ``os.environ.get`` / ``environ.get``, not any ``.get``."""
    if isinstance(func, ast.Name):
        return func.id == "getenv"
    if not isinstance(func, ast.Attribute):
        return False
    owner = func.value
    if func.attr == "getenv":
        return isinstance(owner, ast.Name) and owner.id == "os"
    return (isinstance(owner, ast.Attribute) and owner.attr == "environ") or (
        isinstance(owner, ast.Name) and owner.id == "environ")


def _is_env_name(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isupper()


def _parent(path: str) -> str:
    if posixpath.isabs(path):
        return posixpath.dirname(path.rstrip("/")) or "/"
    return posixpath.normpath(posixpath.join(path, ".."))


def _join(left: str, right: str) -> str:
    return posixpath.normpath(posixpath.join(left, right))


def _join_all(parts: list[str]) -> str:
    result = parts[0]
    for part in parts[1:]:
        result = _join(result, part)
    return posixpath.normpath(result)


def _concat(left: str, right: str) -> str:
    """``BASE_DIR + "/db.sqlite3"``: a string sum, read as a path when the right side starts one."""
    if right.startswith("/") and not posixpath.isabs(left):
        return _join(left, right.lstrip("/"))
    return left + right


def _concat_all(parts: list[str]) -> str:
    result = parts[0]
    for part in parts[1:]:
        result = _concat(result, part)
    return posixpath.normpath(result)
