"""Is there a Python project here at all? (DG3010)

An empty folder, or one with no Python source and no Python manifest, is almost always the
wrong folder (a home directory, a repository's docs/). Writing a Dockerfile there would only
add files the user must delete, so it is an error with a hint instead of a minimal image.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ProjectError
from .files import iter_python_files, read_text

# Any of these (or a .py file within the walk's depth) makes a folder a Python project.
MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "requirements.in", "Pipfile",
           "poetry.lock", "uv.lock", "pdm.lock", "environment.yml", "manage.py", ".python-version", "runtime.txt")


def require_python_project(root: Path) -> None:
    """Raise ProjectError when ``root`` holds no Python source and no Python manifest (DG3010)."""
    if any((root / name).is_file() or (root / name).is_symlink() for name in MARKERS):
        return
    if any(p.is_file() for p in root.glob("requirements*.txt")) or (root / "requirements").is_dir():
        return
    if next(iter_python_files(root, max_files=1), None) is not None or _tool_versions_name_python(root):
        return
    empty = next(root.iterdir(), None) is None
    raise ProjectError(
        f"{root} is empty." if empty else f"{root} has no Python code and no Python project file in it.",
        hint="Run dockergen in your project's folder, or pass its path: dockergen init PATH "
        "(it looks for .py files, pyproject.toml, setup.py or requirements*.txt).",
    )


def _tool_versions_name_python(root: Path) -> bool:
    """asdf/mise's .tool-versions counts when it pins Python (it may list only Node)."""
    try:
        text = read_text(root, ".tool-versions") or ""
    except ProjectError:
        return True  # present but unreadable: let the version reader report it
    return any(line.split()[:1] == ["python"] for line in text.splitlines())
