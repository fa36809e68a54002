"""What ``dockergen check`` works on (``CheckContext``) and what it reports (``Finding``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..facts import ProjectFacts
from ..settings import Settings
from .dockerignore import Pattern
from .parser import Dockerfile

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")  # most severe first


def rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: lower is more severe."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    code: str  # a decision code: `dockergen explain CODE` says what dockergen does instead
    severity: Severity
    line: int  # 1-based line in ``path``
    message: str  # one line: what is wrong here
    fix: str  # one line: what to do
    path: str = "Dockerfile"  # relative to the project root, POSIX

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "code": self.code, "severity": self.severity,
                "message": self.message, "fix": self.fix}


@dataclass
class CheckContext:
    """Everything the rules look at. Built by ``load.load_context``; rules never read the disk."""

    dockerfile: Dockerfile
    facts: ProjectFacts
    settings: Settings
    dockerfile_path: str = "Dockerfile"
    ignore: list[Pattern] | None = None  # None: the project has no .dockerignore
    requires_python: str | None = None
    # Files in the project that look like secrets (.env, keys), relative POSIX paths.
    secret_files: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    root: str
    dockerfile: str
    findings: list[Finding]

    def at_or_above(self, severity: str) -> list[Finding]:
        return [f for f in self.findings if rank(f.severity) <= rank(severity)]
