"""Reading pip requirement files: names, nested ``-r``/``-c`` includes, local paths.

Never raises for a single bad line: the line is reported as a warning with file and line
and the rest is still read (DG3011). An include cycle is an error (pip recurses on it forever), and
so is an include that points outside the project (the Docker build context cannot hold it).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..errors import ProjectError
from .files import read_text

_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)")
_EDITABLE = re.compile(r"^(-e|--editable)(?:\s+|=)(\S+)")
_OPTION = re.compile(r"^--?[a-zA-Z]")
_PIN = re.compile(r"==\s*[\w.*+!-]+")


@dataclass
class RequirementsInfo:
    files: list[str] = field(default_factory=list)  # every file read, top first
    names: list[str] = field(default_factory=list)  # canonical names, in order, unique
    pinned: dict[str, str] = field(default_factory=dict)  # name -> exact version (== pins)
    local_paths: list[str] = field(default_factory=list)  # ".", "./libs/x" (installs need source)
    has_index_options: bool = False
    warnings: list[str] = field(default_factory=list)


def read_requirements(root: Path, top: str) -> RequirementsInfo:
    info = RequirementsInfo()
    _read(root, top, info, stack=())
    return info


def _read(root: Path, relpath: str, info: RequirementsInfo, stack: tuple[str, ...]) -> None:
    if relpath in stack:
        chain = " -> ".join(stack[stack.index(relpath):] + (relpath,))
        raise ProjectError(
            f"{stack[-1]} includes {relpath} again: an include cycle ({chain}).",
            hint="Remove one of the -r/-c lines of that cycle; pip cannot install such a file either.",
        )
    if relpath in info.files:
        return
    text = read_text(root, relpath)
    if text is None:
        where = f" (included from {stack[-1]})" if stack else ""
        info.warnings.append(f"{relpath}{where} does not exist; skipped.")
        return
    info.files.append(relpath)
    base = posixpath.dirname(relpath)
    for lineno, line in _logical_lines(text):
        where = f"{relpath}:{lineno}"
        include = _INCLUDE.match(line)
        if include:
            target = _inside(root, posixpath.normpath(posixpath.join(base, include.group(2))), where)
            _read(root, target, info, stack + (relpath,))
            continue
        editable = _EDITABLE.match(line)
        spec = editable.group(2) if editable else line
        if editable or spec.startswith((".", "/")) or spec.startswith("file:"):
            local = spec.removeprefix("file:")
            if not re.match(r"^[a-z]+\+", local):  # git+https://... is a remote install
                info.local_paths.append(_inside(root, posixpath.normpath(posixpath.join(base, local)), where))
                continue
        if line.startswith(("--index-url", "--extra-index-url", "-i ", "--find-links", "-f ", "--trusted-host")):
            info.has_index_options = True
            continue
        if _OPTION.match(line):
            continue
        try:
            req = Requirement(line.split(" --hash")[0].strip())
        except InvalidRequirement as err:
            if "://" in line or "@" in line:
                continue  # URL requirement that packaging does not parse; pip will
            # DG3011: a bad line is a warning, not an error: pip accepts a few forms packaging rejects.
            reason = str(err).splitlines()[0].strip() if str(err).strip() else "cannot be parsed"
            info.warnings.append(f"{where}: invalid requirement {line!r} ({reason}); fix it, "
                                 "or the image's install step will fail on it.")
            continue
        name = canonicalize_name(req.name)
        if name not in info.names:
            info.names.append(name)
        pin = _PIN.search(str(req.specifier))
        if pin and len(req.specifier) == 1:
            info.pinned[name] = pin.group(0)[2:].strip()


def _inside(root: Path, relpath: str, where: str) -> str:
    if relpath.startswith("../") or relpath == ".." or posixpath.isabs(relpath):
        raise ProjectError(
            f"{where} points outside the project ({relpath}).",
            hint="A Docker build can only use files inside the project folder; move the file in "
            "or install it from an index.",
        )
    return relpath


def _logical_lines(text: str):
    """Yield (first line number, line) with comments stripped and ``\\`` continuations joined."""
    buf, start = "", 0
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not buf:
            start = lineno
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        if buf.strip():
            yield start, buf.strip()
        buf = ""
    if buf.strip():
        yield start, buf.strip()
