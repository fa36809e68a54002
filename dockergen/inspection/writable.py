"""Folders the app writes at run time, which the image gives to the app user (DG3002).

Everything else under /app stays root-owned and read-only. Found by reading, never running:
Flask's instance folder, relative SQLite URLs, upload/media/log settings and FileHandler
paths in the source, and well-known run-time folders present in the project.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from ..catalog.frameworks import framework
from ..errors import ProjectError
from .files import iter_python_files, read_text, within_scan_budget
from .found import WritableFound

_SQLITE = re.compile(r"""sqlite:///([^'"\s?]+)""")
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


def detect_writable_dirs(root: Path, framework_id: str | None) -> WritableFound:
    found: list[str] = []
    warnings: list[str] = []

    def add(path: str, why: str) -> None:
        folder, problem = confine_writable(root, path)
        if problem:
            warnings.append(f"{why}: {problem} (DG3002).")
        elif folder not in found:
            found.append(folder)

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
    for relpath in iter_python_files(root, max_files=300, max_depth=4):
        try:
            text = read_text(root, relpath, limit=512 * 1024) or ""  # DG1036: bounded like parsing
        except ProjectError:
            continue
        if not within_scan_budget("writable", text):
            break
        for match in _SQLITE.finditer(text):
            add(posixpath.dirname(match.group(1)), f"the SQLite database in {relpath}")
        for match in _SETTING.finditer(text):
            add(match.group(2), f"{match.group(1)} in {relpath}")
        for match in _FILE_HANDLER.finditer(text):
            add(posixpath.dirname(match.group(1)), f"the log file in {relpath}")
    return WritableFound(tuple(found), tuple(warnings))
