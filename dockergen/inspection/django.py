"""Django projects: the settings module (from manage.py and wsgi.py/asgi.py), the WSGI or ASGI
application (from ``WSGI_APPLICATION`` / ``ASGI_APPLICATION``), whether ``collectstatic``
can run at build time (``STATIC_ROOT`` set) and where ``SECRET_KEY`` comes from.

Settings are read with ``ast``, following ``from .base import *`` one or two levels, which
covers settings split into a package (``proj/settings/production.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..facts import AppTarget, Fact
from .ast_utils import call_name, calls, first_str_arg, imported_modules, module_assignments, parse_module, str_constant
from .files import inside_project
from .found import DjangoFound

MAX_SETTINGS_FILES = 4


def detect_django(root: Path) -> DjangoFound | None:
    """DG1052: the Django facts; None when ``manage.py`` names no settings module."""
    manage = parse_module(root, "manage.py")
    settings = _settings_module(manage) if manage is not None else None
    if settings is None:
        return None
    chain, values = _read_settings(root, settings)
    app = _application(values, settings)
    wsgi_settings = _wsgi_settings(root, app)
    chosen = wsgi_settings or settings
    if chosen != settings:  # production (the WSGI/ASGI file's) settings decide the rest
        chain, values = _read_settings(root, chosen)
        app = _application(values, chosen)
    files = ", ".join(path for path, _ in chain) or chosen
    static_root = values.get("STATIC_ROOT")
    uses_static = any(isinstance(node, ast.Constant) and node.value == "django.contrib.staticfiles"
                      for _, tree in chain for node in ast.walk(tree))
    collectstatic = None
    if static_root is not None and not (isinstance(static_root, ast.Constant) and not static_root.value):
        collectstatic = Fact(uses_static, "detected", f"{files} STATIC_ROOT")
    secret_key_env = _secret_key_env(values.get("SECRET_KEY"))
    required = _required_env(chain)
    environ_reads = _environ_required(chain)  # django-environ's env.db("DATABASE_URL") and friends
    environ_reads.update({k: v for k, v in _decouple_required(chain).items() if k not in environ_reads})
    required += [name for name in environ_reads if name not in required]
    return DjangoFound(
        settings=Fact(chosen, "detected", "manage.py" if not wsgi_settings else f"{app.file}"),
        framework=Fact("django", "detected", f"manage.py, {files}"),
        app=Fact(app, "detected", f"{files} {'ASGI' if app.module.endswith('asgi') else 'WSGI'}_APPLICATION"),
        interface=Fact("asgi" if "ASGI_APPLICATION" in values else "wsgi", "detected", files),
        collectstatic=collectstatic, secret_key_env=tuple(secret_key_env), settings_env_required=tuple(required),
        settings_env_values={name: value for name, value in environ_reads.items() if value},
    )


def _required_env(chain: list[tuple[str, ast.Module]]) -> list[str]:
    """DG2035: variables whose absence fails the settings' import: ``os.environ["X"]`` (a
    KeyError), and ``os.environ.get("X")`` / ``os.getenv("X")`` with no default whose result is
    used at once (``.split(" ")`` on None). A ``.get`` that may be None (a feature switch) is
    left unset, so a throwaway value cannot turn a feature on during the build. A read under
    ``if "X" in os.environ:`` is optional: setting X would switch that branch on."""
    names: list[str] = []
    for _, tree in chain:
        used = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        guarded = _guarded_reads(tree)
        found = sorted((node.lineno, name) for node in ast.walk(tree)
                       if isinstance(node, (ast.Subscript, ast.Call)) and id(node) not in guarded
                       and (name := _env_without_default(node, used)))
        names += [name for _, name in found if name not in names]
    return list(dict.fromkeys(names))


# django-environ's casts (``env.db("DATABASE_URL")``) -> a throwaway value that each one parses
# at collectstatic (DG2035); a cast not listed here gets the plain string.
ENVIRON_PLACEHOLDERS = {
    "int": "0", "float": "0", "bool": "false", "json": "{}", "dict": "collectstatic=only",
    "db": "sqlite:////tmp/collectstatic.sqlite3", "db_url": "sqlite:////tmp/collectstatic.sqlite3",
    "cache": "locmemcache://", "cache_url": "locmemcache://", "email": "consolemail://",
    "email_url": "consolemail://", "search_url": "simple://", "url": "http://localhost/",
    "channels": "inmemory://", "channels_url": "inmemory://",
}
ENVIRON_CASTS = ("str", "bytes", "list", "tuple", "path", "parse_value", *ENVIRON_PLACEHOLDERS)


def _environ_required(chain: list[tuple[str, ast.Module]]) -> dict[str, str]:
    """DG2035: ``env = environ.Env(...)`` reads with no default (``env("X")``, ``env.str("X")``,
    ``env.db()``) raise ImproperlyConfigured when the variable is unset. Name -> the value its cast
    parses ("" for a plain string). A variable the ``Env(X=(type, default))`` call declares has a
    default. ``env.db()`` with no name reads DATABASE_URL (``env.cache()``: CACHE_URL, ...)."""
    found: dict[str, str] = {}
    for _, tree in chain:
        instances, declared = _environ_instances(tree)
        in_order = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=_position)
        for node in in_order:
            if any(kw.arg == "default" for kw in node.keywords):
                continue
            name = call_name(node)
            base, _, cast = name.rpartition(".")
            if name in instances:
                base, cast = name, "str"
            if base not in instances or cast not in ENVIRON_CASTS or len(node.args) > 1:
                continue
            key = str_constant(node.args[0]) if node.args else _ENVIRON_DEFAULT_VARS.get(cast)
            if key and key.isidentifier() and key not in declared and key not in found:
                found[key] = ENVIRON_PLACEHOLDERS.get(cast, "")
    return found


# python-decouple's casts -> a throwaway value each one parses at collectstatic (DG2035).
DECOUPLE_PLACEHOLDERS = {"bool": "false", "int": "0", "float": "0", "Csv": ""}


def _decouple_required(chain: list[tuple[str, ast.Module]]) -> dict[str, str]:
    """DG2035: python-decouple's ``config("X")`` with no default raises UndefinedValueError when X
    is unset, and so does one whose default cannot pass its cast: decouple casts the default too,
    and ``Csv()`` reads a string, so ``config("ALLOWED_HOSTS", default=[], cast=Csv())`` fails
    with "'list' object has no attribute 'read'". Name -> the value its cast parses."""
    found: dict[str, str] = {}
    for _, tree in chain:
        if "decouple" not in imported_modules(tree):
            continue
        for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=_position):
            key = str_constant(node.args[0]) if call_name(node) == "config" and node.args else None
            if not key or not key.isidentifier() or key in found:
                continue
            keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
            default = keywords.get("default", node.args[1] if len(node.args) > 1 else None)
            cast = keywords.get("cast")
            cast_name = call_name(cast) if isinstance(cast, ast.Call) else cast.id if isinstance(cast, ast.Name) else ""
            broken = isinstance(default, (ast.List, ast.Tuple, ast.Set, ast.Dict)) and cast_name.endswith("Csv")
            if default is None or broken:
                found[key] = DECOUPLE_PLACEHOLDERS.get(cast_name.rsplit(".", 1)[-1], "")
    return found


_ENVIRON_DEFAULT_VARS = {"db": "DATABASE_URL", "db_url": "DATABASE_URL", "cache": "CACHE_URL", "cache_url": "CACHE_URL",
                         "email": "EMAIL_URL", "email_url": "EMAIL_URL", "search_url": "SEARCH_URL"}


def _position(node: ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _environ_instances(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names bound to ``environ.Env(...)`` / ``Env(...)`` and the variables it declares defaults for."""
    names: set[str] = set()
    declared: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and call_name(node.value) in ("environ.Env", "Env", "environ.FileAwareEnv", "FileAwareEnv"):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            declared |= {kw.arg for kw in node.value.keywords if kw.arg}
    return names, declared


def _guarded_reads(tree: ast.Module) -> set[int]:
    """ids of the nodes inside ``if "X" in os.environ:`` blocks (DG2035: optional reads)."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and len(node.test.ops) == 1 \
                and isinstance(node.test.ops[0], ast.In) and str_constant(node.test.left) \
                and call_name(node.test.comparators[0]) in ("os.environ", "environ"):
            inside |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return inside


def _env_without_default(node: ast.AST, used: set[int]) -> str | None:
    if isinstance(node, ast.Subscript) and call_name(node.value) in ("os.environ", "environ"):
        key = node.slice
    elif isinstance(node, ast.Call) and call_name(node) in ("os.environ.get", "environ.get", "os.getenv", "getenv") \
            and len(node.args) == 1 and not any(kw.arg == "default" for kw in node.keywords) and id(node) in used:
        key = node.args[0]
    else:
        return None
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
        return key.value
    return None


def _read_settings(root: Path, module: str) -> tuple[list[tuple[str, ast.Module]], dict[str, ast.AST]]:
    chain = _settings_chain(root, module)
    values: dict[str, ast.AST] = {}
    for _, tree in chain:
        values.update(module_assignments(tree))  # later files override earlier ones
    return chain, values


def _settings_module(tree: ast.Module) -> str | None:
    """``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "proj.settings")``."""
    for call in calls(tree):
        if call_name(call).endswith("setdefault") and len(call.args) == 2 \
                and str_constant(call.args[0]) == "DJANGO_SETTINGS_MODULE":
            return str_constant(call.args[1])
    return None


def _module_file(root: Path, module: str) -> str | None:
    """The file of a dotted module name, only ever inside the project (DG3043): ``.x``, ``..x`` or
    a name with slashes is not a module and names no file."""
    if not module or not all(part.isidentifier() for part in module.split(".")):
        return None
    base = module.replace(".", "/")
    for relpath in (f"{base}.py", f"{base}/__init__.py", f"src/{base}.py", f"src/{base}/__init__.py"):
        if (root / relpath).is_file() and inside_project(root, relpath):
            return relpath
    return None


def _settings_chain(root: Path, module: str) -> list[tuple[str, ast.Module]]:
    """The settings file and the modules it star-imports, base first."""
    chain: list[tuple[str, ast.Module]] = []
    pending = [module]
    while pending and len(chain) < MAX_SETTINGS_FILES:
        current = pending.pop()
        relpath = _module_file(root, current)
        tree = parse_module(root, relpath) if relpath else None
        if tree is None or relpath is None:
            continue
        chain.insert(0, (relpath, tree))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                pending.append(_resolve(current, relpath, node))
    return chain


def _resolve(current: str, relpath: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = current.split(".")
    if not relpath.endswith("__init__.py"):
        package = package[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _application(values: dict[str, ast.AST], settings: str) -> AppTarget:
    """``ASGI_APPLICATION`` (projects that set it want ASGI, e.g. Channels), else WSGI."""
    for key in ("ASGI_APPLICATION", "WSGI_APPLICATION"):
        text = str_constant(values.get(key))
        if text and "." in text:
            module, _, attr = text.rpartition(".")
            return AppTarget(module, attr, False, module.replace(".", "/") + ".py")
    package = settings.split(".")[0]
    return AppTarget(f"{package}.wsgi", "application", False, f"{package}/wsgi.py")


def _wsgi_settings(root: Path, app: AppTarget) -> str | None:
    """The settings module the WSGI/ASGI file sets: that is what production uses."""
    relpath = _module_file(root, app.module)
    tree = parse_module(root, relpath) if relpath else None
    return _settings_module(tree) if tree is not None else None


def _secret_key_env(value: ast.AST | None) -> list[str]:
    """Names of env variables ``SECRET_KEY = os.environ["X"]`` / ``env("X")`` style reads."""
    names: list[str] = []
    if value is None:
        return names
    for node in ast.walk(value):
        name = first_str_arg(node) if isinstance(node, (ast.Call, ast.Subscript)) else None
        if name and name.isidentifier() and name.upper() == name and name not in names:
            names.append(name)
    return names
