"""Which folders and files inspection never looks at (DG1035).

Never walked: VCS data, virtualenvs (by name, or any folder holding ``pyvenv.cfg``),
``node_modules``, caches and build output (``files.SKIP_DIRS``), and whatever the project's
top-level ``.gitignore`` ignores (pathspec, git's own semantics). pathspec is imported only
when a ``.gitignore`` exists, so small projects pay nothing for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

Ignored = Callable[[str, bool], bool]  # (relative POSIX path, is_dir) -> skip it?


def load_gitignore(root: Path) -> Ignored:
    try:
        text = (root / ".gitignore").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return lambda relpath, is_dir: False
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(text.splitlines())
    return lambda relpath, is_dir: spec.match_file(relpath + "/" if is_dir else relpath)


def is_virtualenv(path: str) -> bool:
    """A virtualenv under any name (``myenv``, ``.direnv/python-3.12``) has a pyvenv.cfg."""
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))
