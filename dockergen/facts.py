"""Facts: every detected value with where it came from and why.

A ``Fact`` is ``(value, source, evidence)``. ``source`` is one of ``cli``, ``config``,
``prompt``, ``detected`` or ``default``; ``evidence`` names the file and, where it helps, the
line or table (``.python-version:2``, ``pyproject.toml [project.scripts]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
Source = Literal["cli", "config", "prompt", "detected", "default"]
SOURCES: tuple[Source, ...] = ("cli", "config", "prompt", "detected", "default")


@dataclass(frozen=True)
class Fact(Generic[T]):
    value: T
    source: Source = "detected"
    evidence: str = ""

    def describe(self) -> str:
        """``3.12 (from .python-version)`` style text for reports and prompts."""
        where = {
            "cli": "from the command line",
            "config": f"from {self.evidence or '[tool.dockergen]'}",
            "prompt": "as answered",
            "default": "default",
        }.get(self.source, f"from {self.evidence}" if self.evidence else "detected")
        return f"{_show(self.value)} ({where})"

    def to_json(self) -> dict[str, Any]:
        return {"value": _jsonable(self.value), "source": self.source, "evidence": self.evidence}


@dataclass(frozen=True)
class AppTarget:
    """How the application is addressed by its server: ``module:attribute`` or a factory call."""

    module: str  # dotted module path, e.g. ``app.main``
    attribute: str = "app"  # the object, or factory name when ``factory`` is set
    factory: bool = False  # ``create_app()`` style
    file: str = ""  # the source file, relative to the project root (POSIX)

    @property
    def spec(self) -> str:
        call = "()" if self.factory else ""
        return f"{self.module}:{self.attribute}{call}"

    def __str__(self) -> str:
        return self.spec


@dataclass
class ProjectFacts:
    """What ``inspect_project`` learned about a project. Fields are ``Fact`` or ``None``.

    Lists of evidence-bearing details (``dependency_files``, ``requirements``) are plain
    data; ``warnings`` collects what the user should know (shown by ``init`` and ``inspect``).
    """

    root: Path
    name: Fact[str] | None = None
    python_version: Fact[str] | None = None
    package_manager: Fact[str] | None = None
    # Files the dependency install step needs (manifests, lock files, nested includes), POSIX
    # paths relative to the root, in a stable order.
    dependency_files: list[str] = field(default_factory=list)
    # Requirement names found in the project's dependency declarations (normalised, PEP 503).
    requirements: list[str] = field(default_factory=list)
    # True when the project is an installable package (pyproject with a build backend, setup.py).
    is_package: Fact[bool] | None = None
    framework: Fact[str] | None = None
    app: Fact[AppTarget] | None = None
    command: Fact[list[str]] | None = None
    port: Fact[int] | None = None
    health_path: Fact[str] | None = None
    # Folders the app writes at run time (Flask instance/, SQLite, media, logs), relative.
    writable_dirs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Issue 10: when the dependency files last changed (git), RFC 3339 UTC; "" = unknown (why in evidence).
    dependency_date: Fact[str] | None = None
    # Issue 10: exact ``==`` pins of direct dependencies (name -> version), and whether the
    # requirement files are a full lock (pip-compile/uv output, or hashes on every line).
    pinned_requirements: dict[str, str] = field(default_factory=dict)
    requirements_locked: Fact[bool] | None = None
    # Every package manager whose files the project has (the packaging inspection fills it, in
    # its documented order); the wizard asks which to use when there are several.
    package_managers_found: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "root":
                out["root"] = str(value)
            elif isinstance(value, Fact):
                out[f.name] = value.to_json()
            else:
                out[f.name] = _jsonable(value)
        return out


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, AppTarget):
        return {"spec": value.spec, **dataclasses.asdict(value)}
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
