"""Stage 1: read a project folder into ``ProjectFacts``. Never imports or runs its code.

Detectors run in a fixed order, because later ones use earlier facts (frameworks use the
requirements, ports use the app).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ProjectError
from ..facts import ProjectFacts
from .history import detect_dependency_date
from .frameworks import detect_framework, detect_script
from .packaging import detect_packaging, load_pyproject
from .ports import detect_port
from .python_version import detect_python_version
from .writable import detect_writable_dirs


def inspect_project(root: str | Path) -> ProjectFacts:
    """Inspect the project at ``root`` and return what was found, each fact with evidence.

    Raises ``ProjectError`` when the folder cannot be read or a file in it is malformed.
    """
    root = check_root(Path(root))
    facts = ProjectFacts(root=root)
    pyproject = load_pyproject(root)
    detect_packaging(root, facts, pyproject)
    if facts.pinned_requirements:  # only pinned projects can need an "as of" date (DG2080)
        manifests = facts.dependency_files or [f for f in ("pyproject.toml", "setup.py", "setup.cfg")
                                               if (root / f).is_file()]
        facts.dependency_date = detect_dependency_date(root, manifests)
    facts.python_version = detect_python_version(root, pyproject, facts.warnings)
    detect_framework(root, facts)
    detect_port(root, facts)
    detect_script(root, facts)
    detect_writable_dirs(root, facts)
    return facts


def check_root(root: Path) -> Path:
    try:
        if not root.exists():
            raise ProjectError(f"{root} does not exist.", hint="Pass the path of your project folder.")
        if not root.is_dir():
            raise ProjectError(f"{root} is a file, not a folder.", hint="Pass the folder that holds it.")
        next(root.iterdir(), None)
    except OSError as err:
        raise ProjectError(f"Cannot read {root}: {err.strerror or err}.", hint="Check its permissions.") from err
    return root.resolve()
