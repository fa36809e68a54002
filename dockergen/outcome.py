"""What ``dockergen init`` tells the user once the files are chosen: the choices in words
(the start command as a person types it, the apt packages and why, the builder, the wheel
check), the next step with the real image name and port, and the same as JSON (``--json``).

Pure: reads the ``WriteReport`` (with its plan and facts), prints nothing.
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from . import __version__
from .plan import TINI
from .plan_model import BuildPlan
from .report import SCHEMA_VERSION
from .write import WriteReport

_PORT_WRAPPER = re.compile(r'^exec "\$@" (\S+) "\$\{PORT:-(\d+)\}"$')
_DECISION = re.compile(r"^#\s*(DG\d{4}):?\s*(.*)$")


def shown_command(entrypoint: tuple[str, ...] | list[str], cmd: tuple[str, ...] | list[str]) -> str:
    """The start command as the user would type it: no tini, no ``sh -c 'exec "$@" ...'`` wrapper
    (DG2030), whose port flag is shown with its default value."""
    argv = list(entrypoint) + list(cmd)
    if argv[: len(TINI)] == TINI:
        argv = argv[len(TINI):]
    if len(argv) >= 4 and argv[:2] == ["sh", "-c"] and argv[3] == "sh":
        match = _PORT_WRAPPER.match(argv[2])
        if match:
            return shlex.join([*argv[4:], match.group(1), match.group(2)])
    return shlex.join(argv)


def image_name(report: WriteReport) -> str:
    """A Docker image name from the project's name (or its folder): lower case, [a-z0-9._-]."""
    facts = report.facts
    raw = facts.packaging.name.value if facts is not None and facts.packaging.name else report.root.resolve().name
    name = re.sub(r"[^a-z0-9._-]+", "-", str(raw).lower()).strip(".-_")
    return name or "app"


def _plan(report: WriteReport) -> BuildPlan:
    if report.plan is None:  # only a hand-made report lacks it
        raise ValueError("the report carries no plan")
    return report.plan


def next_step(report: WriteReport) -> str:
    """The command that builds and runs what was just written."""
    plan = _plan(report)
    if "compose.yaml" in plan.outputs:
        return "docker compose up --build"
    name = image_name(report)
    port = plan.start.port
    publish = f" -p {port}:{port}" if port is not None else ""
    return f"docker build -t {name} . && docker run --rm{publish} {name}"


def choice_lines(report: WriteReport) -> list[str]:
    """The plan's choices with their evidence, in words, one per line."""
    plan = _plan(report)
    native = plan.native
    lines = [line for line in plan.summary if not line.startswith("command ")]
    lines.append("command " + shown_command(plan.start.entrypoint, plan.start.cmd))
    if native.builder_variant == "full":
        lines.append("builder python (full image: it has compilers for packages built from source, DG2026)")
    elif plan.base.multi_stage:
        lines.append("builder python slim; the runtime image gets only the virtualenv (DG2004)")
    apt = [p for p in native.runtime if p != "tini"]
    build = list(native.build)
    if build or apt:
        why = "; ".join(native.notes) or "native libraries of your dependencies"
        lines.append(f"apt {' '.join(build + apt)} ({why})")
    if "tini" in native.runtime:
        lines.append("apt tini (an init for a start command that does not handle SIGTERM itself, DG3005)")
    lines.append("wheels " + wheel_check(report))
    return lines


def wheel_check(report: WriteReport) -> str:
    """The result of the package-index wheel check (DG1034) in a few words."""
    facts = report.facts
    pins = dict(facts.packaging.pins) if facts is not None else {}
    minors = dict(facts.python.wheel_minors) if facts is not None else {}
    if not pins:
        return "not checked (no exact pins)"
    if not minors:
        return f"not checked ({_pins(len(pins))}; offline or the index did not answer)"
    python = _plan(report).base.python_version
    missing = sorted(pin for pin, ok in minors.items() if python not in ok)
    if not missing:
        return f"{_pins(len(minors))} checked: each has a wheel for Python {python}"
    return f"{_pins(len(minors))} checked; no wheel for Python {python}: {', '.join(missing)} (built from source)"


def decisions(report: WriteReport) -> list[dict[str, Any]]:
    """Each decision comment in the written files: code, file, line and its text as evidence."""
    out = []
    for result in report.files:
        for number, line in enumerate(result.content.splitlines(), 1):
            match = _DECISION.match(line.strip())
            if match:
                out.append({"code": match.group(1), "file": result.path, "line": number,
                            "evidence": match.group(2).strip()})
    return out


def init_json(report: WriteReport) -> dict[str, Any]:
    """``dockergen init --json``: what was (or would be) written, the choices and decisions."""
    return {
        "schema_version": SCHEMA_VERSION,
        "dockergen_version": __version__,
        "root": str(report.root),
        "dry_run": report.dry_run,
        "files": [{"path": f.path, "status": f.status} for f in report.files],
        "choices": choice_lines(report),
        "decisions": decisions(report),
        "next_step": next_step(report),
        "saved_config": report.saved_config or None,
        "warnings": list(report.warnings),
    }


def _pins(n: int) -> str:
    return f"{n} pin" + ("" if n == 1 else "s")
