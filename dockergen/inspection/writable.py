"""Folders the app writes at run time, which the image gives to the app user (DG3002).

Everything else under /app stays root-owned and read-only. Found by reading, never running:
Flask's instance folder, upload/media/log settings and FileHandler paths in the source,
well-known run-time folders present in the project, and SQLite databases (DG2045): Django's
``NAME``, SQLAlchemy URLs (relative to the instance folder for Flask-SQLAlchemy 3; in the
paste-deploy ini the image serves, relative to the ini's folder),
``sqlite3.connect``, peewee's ``SqliteDatabase`` and ``os.path.join(app.instance_path, ...)``.
SQLite writes the file and a journal next to it, so a database's folder becomes writable; a
database in a folder that must stay read-only (the app root, a package of the code) becomes a
link into ``data/``, which SQLite follows for its journal too.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from ..catalog.frameworks import framework
from ..errors import ProjectError
from ..facts import SqliteFile
from .ast_utils import parse_source
from .candidates import is_app_source
from .files import iter_python_files, read_text, within_scan_budget
from .found import WritableFound
from .path_expr import PathNames

_SQLITE = re.compile(r"""sqlite(?:\+\w+)?:///([^'"\s?]+)""")
# ... also as the default of an environment read: os.environ.get("DB_PATH", BASE_DIR / "db.sqlite3")
_DJANGO_NAME = re.compile(r"""['"]NAME['"]\s*:\s*(?:(?:os\.environ\.get|os\.getenv)\(\s*['"]\w+['"]\s*,\s*)?"""
                          r"""(?:str\(\s*)?(?:BASE_DIR\s*/\s*|os\.path\.join\(\s*BASE_DIR\s*,\s*)['"]([\w./-]+)['"]""")
_CONNECT = re.compile(r"""\bsqlite3\.connect\(\s*['"]([\w./-]+)['"]""")
_CONNECT_SETTING = re.compile(r"""\bsqlite3\.connect\(\s*(?!['")])""")  # sqlite3.connect(app.config["DATABASE"])
_DB_KEY = re.compile(r"database|sqlite|(?:^|_)db(?:_|$)", re.IGNORECASE)  # DATABASE, DB_PATH, SQLITE_FILE
_DB_SUFFIXES = (".db", ".sqlite", ".sqlite3")
_MKDIR = re.compile(r"\b(?:makedirs|mkdir)\(")
# Writable in every container already: created folders there need nothing (HOME is the app user's).
_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm", "~")
_PEEWEE = re.compile(r"""\b(?:Sqlite|SqliteExt|SqliteQueue|CSqliteExt)Database\(\s*['"]([\w./-]+)['"]""")
# FastHTML's fast_app("data/todos.db", ...) / fast_app(db_file=...) and fastlite's database("x.db")
_FASTLITE = re.compile(r"""\b(?:fast_app\(\s*|db_file\s*=\s*|(?:fastlite\.)?database\(\s*)"""
                       r"""['"]([\w./-]+\.(?:db|sqlite3?))['"]""")
_INSTANCE = re.compile(r"""os\.path\.join\(\s*[\w.]*instance_path\s*,\s*['"]([\w./-]+)['"]""")
DATA_DIR = "data"  # DG2045: the app user's folder for databases whose own folder stays read-only
INSTANCE = "instance"  # Flask's instance folder next to the app (Flask-SQLAlchemy 3 resolves URLs there)
_SETTING = re.compile(r"""\b(MEDIA_ROOT|UPLOAD_FOLDER|UPLOAD_DIR|UPLOADS_DIR|LOG_DIR|LOGS_DIR|DATA_DIR)\b[^=\n]*=\s*"""
                      r"""(?:BASE_DIR\s*/\s*)?(?:os\.path\.join\(\s*BASE_DIR\s*,\s*)?['"]([\w./-]+)['"]""")
_FILE_HANDLER = re.compile(r"""FileHandler\(\s*['"]([\w./-]+)['"]""")
RUNTIME_FOLDERS = ("instance", "media", "uploads", "logs")
APP_DIR = "/app"  # the image's WORKDIR, where COPY . . puts the code
_SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")


def confine_writable(root: Path, path: str) -> tuple[str, str]:
    """(folder relative to the app folder, "") when the app user may be given ``path``, else
    ("", why not). Only folders strictly inside the app folder that hold no code qualify (DG3043):
    never the app folder itself, a folder above it, or a system path such as /usr/local/bin."""
    path = posixpath.normpath(path) if path else "."
    if posixpath.isabs(path):
        if not path.startswith(APP_DIR + "/"):
            return "", (f"{path} is outside the app folder {APP_DIR}; the image does not hand it to the app "
                        "user: mount a volume there (`docker run -v NAME:" + path + "`) if the app writes it")
        path = path[len(APP_DIR) + 1:]
    if path in (".", "") or path == ".." or path.startswith("../"):
        return "", ("it writes next to the code at the project root (the app folder); the app user cannot write "
                    "there. Move it into a folder such as data/ or mount a volume")
    if not _SAFE_PATH.fullmatch(path):
        return "", f"{path!r} is not a plain folder name; give the app a volume there instead"
    folder = root / path
    try:
        holds_code = (folder / "__init__.py").exists() or (folder / "manage.py").exists()
    except OSError:
        holds_code = False
    if holds_code or folder.is_symlink():
        return "", (f"{path} is a Python package of the app's code (or a link); it stays read-only. "
                    "Write data to its own folder")
    return path, ""


def detect_writable_dirs(root: Path, framework_id: str | None, requirements: tuple[str, ...] = (),
                         pins: dict[str, str] | None = None, served_ini: str = "") -> WritableFound:
    """The run-time folders and SQLite files; ``served_ini``: the paste-deploy ini the image
    serves (DG1058), whose ``sqlalchemy.url = sqlite:///%(here)s/x.sqlite`` is the app's database."""
    found: list[str] = []
    warnings: list[str] = []
    databases: dict[str, SqliteFile] = {}
    instance_urls = "flask-sqlalchemy" in requirements and not (pins or {}).get("flask-sqlalchemy", "3").startswith(
        ("0.", "1.", "2."))

    def add(path: str, why: str) -> None:
        folder, problem = confine_writable(root, path)
        if problem:
            warnings.append(f"{why}: {problem} (DG3002).")
        elif folder not in found:
            found.append(folder)

    def database(path: str, relpath: str, text: str, start: int, origin: str) -> None:
        path = posixpath.normpath(path)
        if path.startswith(APP_DIR + "/"):
            path = path[len(APP_DIR) + 1:]
        if posixpath.isabs(path) or path == ".." or path.startswith("../"):  # DG3043: never handed over
            add(posixpath.dirname(path), f"the SQLite database in {relpath}")
            return
        if path in databases or not _SAFE_PATH.fullmatch(path):
            return
        evidence = f"{relpath}:{text.count(chr(10), 0, start) + 1} ({origin})"
        folder = posixpath.dirname(path)
        kept, _ = confine_writable(root, folder) if folder else ("", "")
        if kept:
            add(folder, f"the SQLite database in {relpath}")
            databases[path] = SqliteFile(path, evidence, origin)
            return
        data, problem = confine_writable(root, DATA_DIR)
        if problem:  # a data/ that is a package of the code: nowhere safe to link to
            warnings.append(f"the SQLite database {path} in {relpath}: {problem} (DG2045).")
            return
        add(data, f"the SQLite database in {relpath}")
        databases[path] = SqliteFile(path, evidence, origin, link=f"{DATA_DIR}/{path.replace('/', '-')}",
                                     shipped=(root / path).is_file())

    entry = framework(framework_id)
    for folder in entry.writable if entry else ():
        add(folder, entry.id if entry else "")
    for name in entry.root_files if entry else ():
        if not (root / name).exists():  # DG2044: it would write next to the code, which is read-only
            warnings.append(f"{entry.id if entry else ''} creates {name} in the app folder at start when it is "
                            f"missing, and the app folder is read-only to the app user: add {name} to the project "
                            "(an empty file works) (DG2044).")
    for name in RUNTIME_FOLDERS:
        if (root / name).is_dir():
            add(name, name)
    ini = read_text(root, served_ini) if served_ini else None
    for match in _SQLITE.finditer(ini or ""):  # %(here)s: the ini's own folder
        here = posixpath.dirname(served_ini) or "."
        database(posixpath.normpath(match.group(1).replace("%(here)s", here)), served_ini, ini or "", match.start(),
                 "paste ini SQLAlchemy URL")
    for relpath in iter_python_files(root, max_files=300, max_depth=4):
        try:
            text = read_text(root, relpath, limit=512 * 1024) or ""  # DG1036: bounded like parsing
        except ProjectError:
            continue
        if not within_scan_budget(root, "writable", text):
            break
        _databases(root, text, relpath, instance_urls, database)
        if _MKDIR.search(text) and is_app_source(relpath):
            for folder, line in _created_folders(root, text, relpath):
                add(folder, f"the folder {relpath}:{line} creates")
        for match in _SETTING.finditer(text):
            add(match.group(2), f"{match.group(1)} in {relpath}")
        for match in _FILE_HANDLER.finditer(text):
            add(posixpath.dirname(match.group(1)), f"the log file in {relpath}")
    return WritableFound(tuple(found), tuple(warnings), tuple(databases.values()))


def _databases(root: Path, text: str, relpath: str, instance_urls: bool,
               database: Callable[[str, str, str, int, str], None]) -> None:
    """Every SQLite file ``text`` opens, passed to ``database`` relative to the app folder."""
    if "django.db.backends.sqlite3" in text:
        _django_names(root, text, relpath, database)
    if _CONNECT_SETTING.search(text):
        _database_settings(root, text, relpath, database)
    flask_config = instance_urls and "SQLALCHEMY_DATABASE_URI" in text
    for match in _SQLITE.finditer(text):
        path = match.group(1)
        if flask_config and not path.startswith("/"):  # Flask-SQLAlchemy 3: relative to the instance folder
            database(f"{INSTANCE}/{path}", relpath, text, match.start(), "Flask-SQLAlchemy URL")
        else:
            database(path, relpath, text, match.start(), "SQLAlchemy URL")
    for pattern, origin in ((_CONNECT, "sqlite3.connect"), (_PEEWEE, "peewee SqliteDatabase"),
                            (_FASTLITE, "FastHTML/fastlite database")):
        for match in pattern.finditer(text):
            database(match.group(1), relpath, text, match.start(), origin)
    for match in _INSTANCE.finditer(text):
        if match.group(1).endswith((".db", ".sqlite", ".sqlite3")):
            database(f"{INSTANCE}/{match.group(1)}", relpath, text, match.start(), "Flask instance_path")


def _django_names(root: Path, text: str, relpath: str, database: Callable[[str, str, str, int, str], None]) -> None:
    """The ``NAME`` of each sqlite3 entry of a settings file's ``DATABASES``, evaluated where it
    points (``os.path.join(BASE_DIR, os.environ.get("DATABASE_NAME", "app.db"))``; path_expr);
    settings that do not parse are read with a pattern. A ``BASE_DIR`` the file does not
    assign (``from .base import *``) is the project root, where manage.py lives."""
    tree = parse_source(root, text, relpath)
    if tree is None:
        for match in _DJANGO_NAME.finditer(text):
            database(match.group(1), relpath, text, match.start(), "Django DATABASES NAME")
        return
    names = PathNames(tree, relpath, fallback={"BASE_DIR": "."})
    starts = _line_starts(text)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        entry = {k.value: v for k, v in zip(node.keys, node.values, strict=True)
                 if isinstance(k, ast.Constant) and isinstance(k.value, str)}
        engine = names.evaluate(entry["ENGINE"]) if "ENGINE" in entry else None
        path = names.evaluate(entry["NAME"]) if "NAME" in entry and engine and "sqlite3" in engine else None
        if path and path != ":memory:":
            where = entry["NAME"]
            database(path, relpath, text, starts[min(where.lineno - 1, len(starts) - 1)], "Django DATABASES NAME")


def _database_settings(root: Path, text: str, relpath: str,
                       database: Callable[[str, str, str, int, str], None]) -> None:
    """A file that opens SQLite at a setting (``sqlite3.connect(app.config["DATABASE"])``): its
    settings named like a database (a dict key, a keyword, ``config["X"] = ...``, a name) whose
    value is a path to a ``.db``/``.sqlite`` file, evaluated where it points (path_expr): Quart's
    blog tutorial's ``"DATABASE": Path(app.root_path) / "blog.db"`` is in its package folder."""
    tree = parse_source(root, text, relpath)
    if tree is None:
        return
    names = PathNames(tree, relpath)
    starts = _line_starts(text)
    for key, value in _settings(tree):
        path = names.evaluate(value) if _DB_KEY.search(key) else None
        if path and path.endswith(_DB_SUFFIXES):
            database(path, relpath, text, starts[min(value.lineno - 1, len(starts) - 1)], "database setting")


def _settings(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    """(name, value) of every dict entry with a string key, keyword argument, and assignment to a
    name or to ``x["KEY"]`` in ``tree``."""
    found: list[tuple[str, ast.expr]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            found += [(k.value, v) for k, v in zip(node.keys, node.values, strict=True)
                      if isinstance(k, ast.Constant) and isinstance(k.value, str)]
        elif isinstance(node, ast.keyword) and node.arg:
            found.append((node.arg, node.value))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.append((target.id, node.value))
                elif isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) \
                        and isinstance(target.slice.value, str):
                    found.append((target.slice.value, node.value))
    return found


def _line_starts(text: str) -> list[int]:
    """The offset of each line's first character (for the evidence's line number)."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _created_folders(root: Path, text: str, relpath: str) -> list[tuple[str, int]]:
    """DG3002: (folder, line) for each folder the code creates, ``os.makedirs(X)``, ``os.mkdir(X)``
    or ``Path(X).mkdir()``, with X evaluated where it points (path_expr: literals, module-level
    names, ``app.root_path``; ``app.config["UPLOAD_FOLDER"]`` set in the same file). A folder the
    app creates at start, in a read-only app folder, stops it with a PermissionError."""
    tree = parse_source(root, text, relpath)
    if tree is None:
        return []
    names = PathNames(tree, relpath)
    settings = dict(_settings(tree))
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner, method = node.func.value, node.func.attr
        if method in ("makedirs", "mkdir") and isinstance(owner, ast.Name) and owner.id == "os" and node.args:
            target: ast.expr = node.args[0]
        elif method == "mkdir" and not node.args:  # Path(X).mkdir(parents=True, exist_ok=True), DIR.mkdir()
            target = owner
        else:
            continue
        path = names.evaluate(target)
        if path is None and isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) \
                and isinstance(target.slice.value, str) and target.slice.value in settings:
            path = names.evaluate(settings[target.slice.value])  # os.makedirs(app.config["UPLOAD_FOLDER"])
        path = posixpath.normpath(path) if path else ""
        if path and path != "." and not path.startswith(_SCRATCH):  # "." exists: creating it never fails
            found.append((path, node.lineno))
    return found
