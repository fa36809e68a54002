"""What ``dockergen check PATH...`` checks: several folders, Dockerfiles or globs (pre-commit
passes the names of the changed Dockerfiles), each checked once, and their findings located
from the folder the command runs in (what code-scanning UIs and editors resolve paths against).
"""

from __future__ import annotations

import glob
import os
from dataclasses import replace
from pathlib import Path

from ..errors import ProjectError
from .model import CheckReport

_GLOB = set("*?[")


def expand(args: list[str]) -> list[Path]:
    """Each argument, or for a glob its matches (sorted); a glob that matches nothing is an error."""
    out: list[Path] = []
    for arg in args or ["."]:
        if _GLOB & set(arg) and not Path(arg).exists():
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise ProjectError(f"No file matches {arg!r}.", hint="Check the pattern, or quote it for the shell.")
            out += [Path(m) for m in matches]
        else:
            out.append(Path(arg))
    return out


def check_all(args: list[str]) -> list[CheckReport]:
    """One report per distinct Dockerfile named (directly or through its folder)."""
    from . import check_project

    reports: list[CheckReport] = []
    seen: set[Path] = set()
    for path in expand(args):
        report = check_project(path)
        dockerfile = Path(report.root) / report.dockerfile
        if dockerfile in seen:
            continue
        seen.add(dockerfile)
        reports.append(report)
    return reports


def located_from(report: CheckReport, cwd: Path) -> CheckReport:
    """The report with each finding's path relative to ``cwd`` when the project lies under it."""
    try:
        prefix = Path(report.root).resolve().relative_to(cwd.resolve())
    except ValueError:
        return report
    if prefix == Path("."):
        return report
    findings = [replace(f, path=(prefix / f.path).as_posix()) for f in report.findings]
    return replace(report, findings=findings, dockerfile=(prefix / report.dockerfile).as_posix(),
                   root=os.fspath(report.root))
