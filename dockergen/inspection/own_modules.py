"""Where the project's own module NAME is, seen from one of its files (DG2117, DG1092).

``import NAME`` in ``app/sub/main.py`` finds the project's module when one of the folders on the
way from that file up to the app folder holds ``NAME.py`` or a package ``NAME/`` (an
``__init__.py``, or a namespace folder of modules) and that folder is on sys.path. The one home
of that look-up: DG2117 asks which folder must be on the path, DG1092 that such a name is never
installed from the index.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from .files import SKIP_DIRS, inside_project


def folders_on_the_way(relpath: str) -> list[str]:
    """``app/sub/main.py`` -> ``["app/sub", "app", ""]``: its folder up to the app folder ("")."""
    folder = posixpath.dirname(posixpath.normpath(relpath))
    folders = []
    while folder and folder != "." and not folder.startswith(("/", "..")):  # a path the project names
        folders.append(folder)  # may lead out of it (DG3043): only the folders inside it count
        folder = posixpath.dirname(folder)
    return [*folders, ""]


def module_path(root: Path, folder: str, name: str) -> str:
    """Where ``import name`` finds the project's module with ``folder`` on sys.path:
    ``folder/name.py`` or the package ``folder/name/``; "" when there is none."""
    base = f"{folder}/{name}" if folder else name
    if name in SKIP_DIRS or not inside_project(root, base):
        return ""
    if is_file(root, base + ".py"):
        return base + ".py"
    try:
        package = root / base
        if package.is_dir() and not package.is_symlink() and (
                (package / "__init__.py").is_file() or any(package.glob("*.py"))):
            return base + "/"
    except OSError:
        return ""
    return ""


def holders(root: Path, relpath: str, name: str) -> list[str]:
    """The folders on the way from ``relpath`` that hold the project's module ``name``, nearest first."""
    return [f for f in folders_on_the_way(relpath) if module_path(root, f, name)]


def is_file(root: Path, relpath: str) -> bool:
    try:
        return inside_project(root, relpath) and (root / relpath).is_file()
    except OSError:
        return False
