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
from .files import iter_python_files, read_text
from .found import WritableFound

_SQLITE = re.compile(r"""sqlite:///([^'"\s?]+)""")
_SETTING = re.compile(r"""\b(MEDIA_ROOT|UPLOAD_FOLDER|UPLOAD_DIR|UPLOADS_DIR|LOG_DIR|LOGS_DIR|DATA_DIR)\b[^=\n]*=\s*"""
                      r"""(?:BASE_DIR\s*/\s*)?(?:os\.path\.join\(\s*BASE_DIR\s*,\s*)?['"]([\w./-]+)['"]""")
_FILE_HANDLER = re.compile(r"""FileHandler\(\s*['"]([\w./-]+)['"]""")
RUNTIME_FOLDERS = ("instance", "media", "uploads", "logs")


def detect_writable_dirs(root: Path, framework_id: str | None) -> WritableFound:
    found: list[str] = []
    warnings: list[str] = []

    def add(path: str, why: str) -> None:
        path = posixpath.normpath(path)
        if path in (".", "") or path.startswith("../"):
            warnings.append(f"{why} writes next to the code at the project root; the app user cannot "
                                  "write there (DG3002). Move it into a folder such as data/ or mount a volume.")
            return
        if path not in found:
            found.append(path)

    entry = framework(framework_id)
    for folder in entry.writable if entry else ():
        add(folder, entry.id if entry else "")
    for name in RUNTIME_FOLDERS:
        if (root / name).is_dir():
            add(name, name)
    for relpath in iter_python_files(root, max_files=300, max_depth=4):
        try:
            text = read_text(root, relpath, limit=1024 * 1024) or ""
        except ProjectError:
            continue
        for match in _SQLITE.finditer(text):
            add(posixpath.dirname(match.group(1)), f"the SQLite database in {relpath}")
        for match in _SETTING.finditer(text):
            add(match.group(2), f"{match.group(1)} in {relpath}")
        for match in _FILE_HANDLER.finditer(text):
            add(posixpath.dirname(match.group(1)), f"the log file in {relpath}")
    return WritableFound(tuple(found), tuple(warnings))
