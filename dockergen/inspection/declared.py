"""Runtime requirement names a project declares, from every kind of manifest.

Dev and test groups are left out: they never reach the image. Names are PEP 503 normalised.
setup.py is read with ``ast`` (a literal ``install_requires`` list), never executed.
"""

from __future__ import annotations

import ast
import configparser
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from .ast_utils import parse_module
from .files import read_text

# DG1098: the image's platform, for requirement markers (``; sys_platform == 'win32'``).
IMAGE_PLATFORM = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
                  "platform_machine": "x86_64", "implementation_name": "cpython",
                  "platform_python_implementation": "CPython"}
_UNDECIDED = ("python_version", "python_full_version", "extra", "platform_release", "platform_version")


# DG1102: distributions that install on Windows only: no Linux wheel, and an sdist that does not
# build there (or none). A `pip freeze` made on Windows lists them without a marker.
WINDOWS_ONLY = frozenset({"pywin32", "pypiwin32", "twisted-iocpsupport", "pywinpty", "windows-curses",
                          "winkerberos"})


def in_image(req: Requirement) -> bool:
    """DG1098: False for a requirement whose marker is false on the image's platform (Linux,
    CPython, x86_64): ``psycopg-binary; sys_platform == 'win32'`` is never installed there. A
    marker that also reads the Python version or an extra is not decided here (True)."""
    if req.marker is None or any(key in str(req.marker) for key in _UNDECIDED):
        return True
    return bool(req.marker.evaluate(IMAGE_PLATFORM))


def requirement_name(text: object) -> str | None:
    """The canonical name of a PEP 508 string installed in the image (None: invalid, or its
    marker excludes Linux, DG1098)."""
    if not isinstance(text, str):
        return None
    try:
        req = Requirement(text)
    except InvalidRequirement:
        return None
    return canonicalize_name(req.name) if in_image(req) else None


def pyproject_names(pyproject: dict[str, Any] | None) -> list[str]:
    """``[project] dependencies`` and Poetry's ``[tool.poetry.dependencies]`` (not ``python``)."""
    data = pyproject or {}
    names = [requirement_name(d) for d in (data.get("project") or {}).get("dependencies") or []]
    poetry_deps = (((data.get("tool") or {}).get("poetry") or {}).get("dependencies")) or {}
    if isinstance(poetry_deps, dict):
        names.extend(canonicalize_name(k) for k in poetry_deps if k.lower() != "python")
    return [n for n in names if n]


def pipfile_names(pipfile: dict[str, Any] | None) -> list[str]:
    packages = (pipfile or {}).get("packages") or {}
    return [canonicalize_name(k) for k in packages] if isinstance(packages, dict) else []


def setup_cfg_names(root: Path) -> list[str]:
    text = read_text(root, "setup.cfg")
    if not text:
        return []
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return []
    raw = parser.get("options", "install_requires", fallback="")
    return [n for n in (requirement_name(line.strip()) for line in raw.splitlines()) if n]


def setup_py_specs(root: Path) -> list[str]:
    """``install_requires`` of setup.py when it is a literal list of valid requirement strings."""
    tree = parse_module(root, "setup.py") if (root / "setup.py").is_file() else None
    if tree is None:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "install_requires" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                    values = [e.value for e in keyword.value.elts if isinstance(e, ast.Constant)]
                    if len(values) == len(keyword.value.elts) and all(requirement_name(v) for v in values):
                        return [str(v).strip() for v in values]
                    return []
    return []


def setup_py_names(root: Path) -> list[str]:
    return [n for n in (requirement_name(s) for s in setup_py_specs(root)) if n]


def extras_of(specs: list[object]) -> dict[str, list[str]]:
    """DG1095: requirement name -> the extras named, for PEP 508 strings (``psycopg[binary]>=3``)."""
    out: dict[str, list[str]] = {}
    for text in specs:
        if isinstance(text, str):
            try:
                req = Requirement(text)
            except InvalidRequirement:
                continue
            if req.extras:
                out.setdefault(canonicalize_name(req.name), []).extend(sorted(req.extras))
    return out


def declared_extras(root: Path, pyproject: dict[str, Any] | None,
                    pipfile: dict[str, Any] | None) -> dict[str, list[str]]:
    """DG1095: the extras every manifest names per requirement (PEP 621, Poetry, Pipfile, setuptools)."""
    data = pyproject or {}
    specs: list[object] = list((data.get("project") or {}).get("dependencies") or [])
    specs += setup_py_specs(root)
    text = read_text(root, "setup.cfg") if (root / "setup.cfg").is_file() else None
    if text:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(text)
            specs += [line.strip() for line in parser.get("options", "install_requires", fallback="").splitlines()]
        except configparser.Error:
            pass
    out = extras_of(specs)
    poetry = (((data.get("tool") or {}).get("poetry") or {}).get("dependencies")) or {}
    pipenv = (pipfile or {}).get("packages") or {}
    for table in (poetry, pipenv):
        for name, value in table.items() if isinstance(table, dict) else ():
            extras = value.get("extras") if isinstance(value, dict) else None
            if isinstance(extras, list):
                out.setdefault(canonicalize_name(name), []).extend(str(e) for e in extras)
    return out


def merge(*lists: list[str]) -> list[str]:
    return list(dict.fromkeys(n for names in lists for n in names))  # linear: 100k names stay fast
