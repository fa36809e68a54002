"""The expected shape of the TOML files inspection reads, checked once when they are read.

Detectors then trust that ``[project]`` is a table and ``dependencies`` a list of strings, so
a well-formed file with the wrong types (``project = true``) is a clear ProjectError naming the
key, never an AttributeError deep in a detector. Keys not listed here are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import ProjectError

TABLE, ARRAY, STRING, BOOL = dict, list, str, bool
# dotted key -> (type, element type for arrays). "*" matches any one key at that level.
Shape = dict[str, tuple[type, type | None]]

_PYPROJECT: Shape = {
    "project": (TABLE, None),
    "project.name": (STRING, None),
    "project.version": (STRING, None),
    "project.dependencies": (ARRAY, STRING),
    "project.dynamic": (ARRAY, STRING),
    "project.optional-dependencies": (TABLE, None),
    "project.optional-dependencies.*": (ARRAY, STRING),
    "project.scripts": (TABLE, None),
    "project.scripts.*": (STRING, None),
    "project.gui-scripts": (TABLE, None),
    "project.entry-points": (TABLE, None),
    "build-system": (TABLE, None),
    "build-system.requires": (ARRAY, STRING),
    "build-system.build-backend": (STRING, None),
    "tool": (TABLE, None),
    "tool.*": (TABLE, None),
    "tool.poetry.name": (STRING, None),
    "tool.poetry.package-mode": (BOOL, None),
    "tool.poetry.dependencies": (TABLE, None),
    "tool.poetry.scripts": (TABLE, None),
    "tool.poetry.group": (TABLE, None),
    "dependency-groups": (TABLE, None),
    "tool.pdm.dev-dependencies": (TABLE, None),
    "tool.pdm.dev-dependencies.*": (ARRAY, STRING),
    "tool.uv.workspace": (TABLE, None),
    "tool.uv.workspace.members": (ARRAY, STRING),
}
# Every lock lists [[package]] tables whose name and version detectors read as strings.
_LOCK: Shape = {"package": (ARRAY, TABLE), "package.*.name": (STRING, None), "package.*.version": (STRING, None)}
SHAPES: dict[str, Shape] = {
    "pyproject.toml": _PYPROJECT,
    "Pipfile": {"packages": (TABLE, None), "dev-packages": (TABLE, None), "requires": (TABLE, None),
                "source": (ARRAY, TABLE)},
    "uv.lock": _LOCK,
    "poetry.lock": {**_LOCK, "metadata": (TABLE, None)},
    "pdm.lock": {**_LOCK, "metadata": (TABLE, None)},
    # JSON, checked the same way once parsed
    "Pipfile.lock": {"_meta": (TABLE, None), "_meta.hash": (TABLE, None), "_meta.hash.sha256": (STRING, None),
                     "default": (TABLE, None), "develop": (TABLE, None), "default.*": (TABLE, None),
                     "default.*.version": (STRING, None)},
}
_NAMES = {dict: "a table", list: "an array", str: "a string", bool: "a boolean", int: "a number",
          float: "a number"}


def check_shape(relpath: str, data: dict[str, Any]) -> None:
    """Raise ProjectError when a known key of ``relpath`` has the wrong TOML type."""
    shape = SHAPES.get(relpath.rsplit("/", 1)[-1])
    if shape:
        for key, (kind, item) in shape.items():
            for where, value in _lookup(data, key.split("."), []):
                _check(relpath, where, value, kind, item)


def _lookup(node: Any, parts: list[str], trail: list[str]) -> Iterator[tuple[str, Any]]:
    """Yield (dotted path, value) for every match of ``parts`` that exists in ``node``."""
    if not parts:
        yield ".".join(trail), node
        return
    head, rest = parts[0], parts[1:]
    if isinstance(node, list) and head == "*":  # every table of an array ([[package]])
        for index, item in enumerate(node):
            yield from _lookup(item, rest, trail[:-1] + [f"{trail[-1]}[{index}]"] if trail else [str(index)])
        return
    if not isinstance(node, dict):
        return
    for key in (node if head == "*" else [head]):
        if key in node:
            yield from _lookup(node[key], rest, trail + [key])


def _check(relpath: str, where: str, value: Any, kind: type, item: type | None) -> None:
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if ok and item is not None:
        bad = next((v for v in value if not isinstance(v, item)), None)
        if bad is not None:
            raise ProjectError(f"{relpath}: every item of {where} must be {_NAMES[item]}, not {_show(bad)}.",
                               hint=f"Fix {where} in {relpath}.")
    if not ok:
        raise ProjectError(f"{relpath}: {where} must be {_NAMES[kind]}, not {_show(value)}.",
                           hint=f"Fix {where} in {relpath}.")


def _show(value: Any) -> str:
    text = str(value).lower() if isinstance(value, bool) else value.isoformat() if hasattr(value, "isoformat") \
        else repr(value)
    kind = next((name for t, name in _NAMES.items() if isinstance(value, t) and not
                 (t is not bool and isinstance(value, bool))), type(value).__name__)
    return f"{kind} ({text[:40]})" if kind not in ("a table", "an array") else kind
