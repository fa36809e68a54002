"""conda ``environment.yml``: the Python version and the ``pip:`` list (DG1094).

dockergen installs with pip-compatible tools, never conda, so of an environment file it takes
what those tools can install: the ``pip:`` section (requirements, ``-r`` files) and the Python
version from the ``python`` dependency. The conda packages are named in a warning: the image
does not install them (most have a PyPI twin of the same name to move into ``pip:``).

The file is read as the small YAML subset environment files use (top-level keys, one nested
list); nothing is evaluated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProjectError
from .files import read_text
from .stated_commands import unquote

ENV_FILES = ("environment.yml", "environment.yaml")
_CONDA_SPEC = re.compile(r"^(?:[\w.-]+::)?([A-Za-z0-9][\w.-]*?)(\s*[=<>!~].*|\s+\d.*)?$")


@dataclass(frozen=True)
class CondaEnvironment:
    python: str = ""  # the python spec as written ("3.8", ">=3.9,<3.11", "3.10.*")
    python_line: int = 0
    pip: list[str] = field(default_factory=list)  # the pip: list, verbatim
    conda_only: list[str] = field(default_factory=list)  # conda packages (not python, not pip)


def parse_environment(text: str) -> CondaEnvironment:
    """Read ``dependencies:`` of an environment file."""
    python, python_line = "", 0
    pip: list[str] = []
    conda: list[str] = []
    section = ""
    in_pip = False
    dep_indent = -1
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        if indent == 0:
            section = stripped.partition(":")[0]
            in_pip = False
            continue
        if section != "dependencies" or not stripped.startswith("- "):
            continue
        item = unquote(stripped[2:].strip())
        if dep_indent < 0:
            dep_indent = indent
        if indent > dep_indent and in_pip:
            pip.append(item)
            continue
        in_pip = item.rstrip(":").strip() == "pip" and item.endswith(":")
        if in_pip or item == "pip":
            continue
        match = _CONDA_SPEC.match(item)
        if not match:
            continue
        name, spec = match.group(1), (match.group(2) or "").strip()
        if name == "python":
            python, python_line = spec.lstrip("="), number
        else:
            conda.append(name)
    return CondaEnvironment(python, python_line, pip, conda)



def conda_environment(root: Path, warnings: list[str]) -> CondaEnvironment | None:
    """The project's environment file, parsed; None when it has none (unreadable: a warning)."""
    for name in ENV_FILES:
        try:
            text = read_text(root, name, limit=1024 * 1024)
        except ProjectError as err:
            warnings.append(f"{err.message} Ignored.")
            return None
        if text is not None:
            return parse_environment(text)
    return None
