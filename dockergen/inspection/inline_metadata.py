"""DG1099: PEP 723 inline script metadata, the dependencies a single-file app declares in itself.

``uv run app.py``, ``pipx run`` and marimo's ``--sandbox`` read a ``# /// script`` comment block
at the top of a file: TOML with ``dependencies`` and ``requires-python``. A project with no
dependency file whose app files carry such blocks declares its dependencies there, so the image
installs them (not the imports DG1092 would guess) and takes its Python range from them. Read as
text and TOML (the block's own grammar, from the PEP), never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProjectError
from ..facts import Fact
from .candidates import is_app_source
from .files import iter_python_files, parse_toml, read_text

# PEP 723's reference regular expression: a ``# /// TYPE`` line, comment lines, ``# ///``.
_BLOCK = re.compile(r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$")


@dataclass(frozen=True)
class InlineScripts:
    """The ``script`` blocks of the project's app files, merged in file order."""

    files: tuple[str, ...]
    dependencies: tuple[str, ...]
    requires_python: Fact[str] | None
    warnings: tuple[str, ...] = ()


def read_inline_scripts(root: Path) -> InlineScripts | None:
    """The project's PEP 723 ``script`` blocks (``files`` empty when every one was unreadable, with
    the warnings), or None when no app file has one."""
    files: list[str] = []
    dependencies: list[str] = []
    ranges: list[tuple[str, str]] = []
    warnings: list[str] = []
    for relpath in iter_python_files(root, max_files=200, max_depth=3):
        if not is_app_source(relpath):
            continue
        try:
            text = read_text(root, relpath, limit=512 * 1024) or ""
        except ProjectError:
            continue
        block = next((m for m in _BLOCK.finditer(text) if m.group("type") == "script"), None) \
            if "# /// script" in text else None
        if block is None:
            continue
        content = "".join(line[2:] if line.startswith("# ") else line[1:]
                          for line in block.group("content").splitlines(keepends=True))
        try:
            table = parse_toml(content, f"{relpath}'s `# /// script` block", root / relpath)
        except ProjectError as err:  # the file still runs: its block is left out, with a warning
            warnings.append(f"DG1099: {err.message} It is not used; {err.hint[0].lower()}{err.hint[1:]}")
            continue
        files.append(relpath)
        deps = table.get("dependencies", [])
        dependencies += [d for d in deps if isinstance(d, str) and d not in dependencies] if isinstance(deps, list) \
            else []
        python = table.get("requires-python")
        if isinstance(python, str) and python.strip():
            ranges.append((relpath, python.strip()))
    if not files and not warnings:
        return None
    requires = None
    if ranges:
        value = ",".join(dict.fromkeys(r for _, r in ranges))
        where = ", ".join(dict.fromkeys(f for f, _ in ranges))
        requires = Fact(value, "detected", f"{where} PEP 723 requires-python {value!r}")
    return InlineScripts(tuple(files), tuple(dependencies), requires, tuple(warnings))
