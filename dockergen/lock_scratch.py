"""Where ``dockergen lock`` runs uv: a scratch folder, never the user's tree (decision DG3041).

uv reads requirement files as metadata, but ``-e .``, a local path or a ``pyproject.toml`` whose
dependencies are dynamic (or a ``setup.py``) make it *build* the project, which runs the
project's build backend and leaves ``*.egg-info``/``build/`` behind. So uv always runs in a
temporary folder: holding only the requirement files (or a static ``pyproject.toml``) when the
metadata is enough, a bounded copy of the project when a build cannot be avoided, and the
caller says so.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from .errors import ProjectError
from .inspection.files import SKIP_DIRS

MAX_COPY_BYTES = 200 * 1024 * 1024


def needs_build(source: str, local_paths: list[str], pyproject: dict[str, Any] | None, root: Path) -> bool:
    """True when uv must run the project's build backend to learn its dependencies."""
    if source != "pyproject.toml":
        return bool(local_paths)
    project = (pyproject or {}).get("project")
    if not isinstance(project, dict) or "dependencies" in (project.get("dynamic") or []):
        return True
    return (root / "setup.py").exists() and "dependencies" not in project


def prepare_scratch(root: Path, scratch: Path, files: list[str], *, build: bool) -> None:
    """Lay out in ``scratch`` what uv needs: the listed files, or the whole project for a build."""
    if build:
        _copy_tree(root, scratch)
        return
    for relpath in files:
        target = scratch / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / relpath, target, follow_symlinks=True)


def _copy_tree(root: Path, scratch: Path) -> None:
    total = 0
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        rel = Path(folder).relative_to(root)
        (scratch / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            source = Path(folder, name)
            if source.is_symlink() or not source.is_file():
                continue  # a link could lead outside the project; a FIFO would block
            total += source.stat().st_size
            if total > MAX_COPY_BYTES:
                raise ProjectError(f"The project is over {MAX_COPY_BYTES // 2**20} MB; too large to copy for a "
                                   "locked build of its metadata.",
                                   hint="Lock from a requirements file without `-e .`, or give [project] "
                                        "static dependencies.")
            shutil.copyfile(source, scratch / rel / name)
