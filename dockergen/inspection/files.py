"""Safe, bounded reading of project files. The only place inspection touches the disk.

Every reader turns OS and decoding failures into ``ProjectError`` naming the file, so a
binary file, a folder in place of a file or a symlink loop never becomes a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ProjectError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# Folders inspection never walks: VCS data, virtualenvs, caches, dependencies, build output.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "node_modules", "__pycache__",
        ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
        "site-packages", ".eggs", "htmlcov", ".idea", ".vscode", ".cache",
    }
)
MAX_TEXT_BYTES = 5 * 1024 * 1024  # larger "text" files are refused, not read


def rel(root: Path, path: Path) -> str:
    """POSIX path of ``path`` relative to ``root`` (for evidence and Dockerfile paths)."""
    return path.relative_to(root).as_posix()


def read_text(root: Path, relpath: str | Path, *, limit: int = MAX_TEXT_BYTES) -> str | None:
    """Return the text of ``root/relpath``, ``None`` when it does not exist.

    Raises ProjectError when it exists but is not a readable UTF-8 text file.
    """
    path = root / relpath
    shown = Path(relpath).as_posix()
    try:
        if not path.exists() and not path.is_symlink():
            return None
        if path.is_dir():
            raise ProjectError(
                f"{shown} is a folder, but a file was expected there.",
                hint=f"Rename or remove the folder {path}.",
            )
        size = path.stat().st_size
        if size > limit:
            raise ProjectError(
                f"{shown} is {size // (1024 * 1024)} MB, too large to be a project file.",
                hint=f"Check {path}; dockergen reads files up to {limit // (1024 * 1024)} MB.",
            )
        data = path.read_bytes()
    except ProjectError:
        raise
    except OSError as err:
        raise ProjectError(
            f"Cannot read {shown}: {err.strerror or err}.",
            hint=f"Check that {path} is a readable file (permissions, broken or looping symlink).",
        ) from err
    if b"\x00" in data[:8192]:
        raise ProjectError(f"{shown} is a binary file, but text was expected.", hint=f"Check {path}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ProjectError(
            f"{shown} is not valid UTF-8 (byte {err.start}).",
            hint=f"Save {path} as UTF-8.",
        ) from err


def read_toml(root: Path, relpath: str) -> dict[str, Any] | None:
    """Parse a TOML file; ``None`` when absent; ProjectError with the line when malformed."""
    text = read_text(root, relpath)
    if text is None:
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ProjectError(
            f"{relpath} is not valid TOML: {err}.",
            hint=f"Fix the syntax in {root / relpath} (for example with `python -m tomllib` on 3.11+).",
        ) from err


def exists(root: Path, relpath: str) -> bool:
    try:
        return (root / relpath).is_file()
    except OSError:
        return False


def iter_python_files(root: Path, *, max_files: int = 2000, max_depth: int = 6) -> Iterator[str]:
    """Yield project ``.py`` files (relative POSIX paths), shallow ones first, skipping SKIP_DIRS.

    Bounded so a huge tree costs little: inspection only needs the app's own top modules.
    """
    from .ignore import is_virtualenv, load_gitignore  # DG1035

    ignored = load_gitignore(root)
    count = 0
    level = [root]
    for _depth in range(max_depth):
        nxt: list[Path] = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIP_DIRS and not entry.name.startswith(".") \
                                and not ignored(rel(root, Path(entry.path)), True) and not is_virtualenv(entry.path):
                            nxt.append(Path(entry.path))
                    elif entry.name.endswith(".py") and entry.is_file(follow_symlinks=False) \
                            and not ignored(rel(root, Path(entry.path)), False):
                        yield rel(root, Path(entry.path))
                        count += 1
                        if count >= max_files:
                            return
                except OSError:
                    continue
        level = nxt
        if not level:
            return
