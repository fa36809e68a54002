"""``dockergen verify``: build the project's Dockerfile with the local engine, run the image in
its own network namespace, wait for its first answer, stop it, and say why when it fails.

    engine.py    the Docker/Podman driver (shared with tests/e2e/harness.py and bench/)
    target.py    what the Dockerfile says: kind (web, cli, worker), port, HEALTHCHECK, decisions
    probe.py     an HTTP GET and the listening sockets, from inside the container
    run.py       start -> first answer -> stop
    diagnose.py  the table of known causes (pattern -> code, cause, fix, remedy)
    fix.py       --fix: apply a remedy through the settings, regenerate, verify again
    report.py    the report and its JSON (docs/verify.md)
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProjectError
from ..facts import ProjectFacts
from ..plan_model import WORKDIR
from ..versions import DEFAULT_DEBIAN
from .diagnose import Hints, diagnose, make
from .engine import SYNTAX_LINE, Engine, EngineCommandError
from .report import VerifyReport
from .run import RunOptions, run_image
from .target import Kind, read_target

__all__ = ["VerifyOptions", "VerifyReport", "verify_project"]


@dataclass
class VerifyOptions:
    strip_syntax: bool = False  # build from a copy without the `# syntax=` line (no registry)
    build_network: str | None = None  # docker build --network (None: the engine's default)
    keep: bool = False  # leave the image (its tag is in the report)
    kind: Kind | None = None  # override what the Dockerfile says
    port: int | None = None
    no_cache: bool = False
    fix: bool = False
    max_rounds: int = 3
    engine: str | None = None  # the client's path; default $DOCKER, docker, podman
    run: RunOptions = field(default_factory=RunOptions)
    progress: Callable[[str], None] = lambda line: None


def verify_project(path: str | Path = ".", options: VerifyOptions | None = None) -> VerifyReport:
    """Build and run the project's Dockerfile; with ``options.fix``, repair what is known."""
    from ..inspection import check_root

    options = options or VerifyOptions()
    root = check_root(Path(path))
    if not (root / "Dockerfile").is_file():
        raise ProjectError(f"{root / 'Dockerfile'} does not exist.",
                           hint=f"Write one with `dockergen init {path}`, or run `dockergen init --verify`.")
    engine = open_engine(options.engine)
    if options.fix:
        from .fix import fix_project

        return fix_project(engine, root, options)
    return verify_once(engine, root, options, project_hints(root))


def open_engine(exe: str | None = None) -> Engine:
    """The engine, checked; builds take $DOCKERGEN_BUILD_SLOTS machine-wide slots when set."""
    slots = int(os.environ.get("DOCKERGEN_BUILD_SLOTS", "0") or 0)
    engine = Engine(exe, build_slots=slots,
                    slot_dir=os.environ.get("DOCKERGEN_BUILD_SLOT_DIR", "/tmp/dockergen-build-slots"))
    engine.check_engine()
    return engine


def project_hints(root: Path) -> Hints:
    """What the diagnosis may know about the project: declared packages, its modules, env reads."""
    from ..inspection import inspect_project

    try:
        facts = inspect_project(root, offline=True)
    except Exception:
        return Hints(local_modules=_local_modules(root))
    return Hints(requirements={re.sub(r"[-_.]+", "-", r).lower() for r in facts.packaging.requirements},
                 local_modules=_local_modules(root), own_imports=_own_imports(facts),
                 env_reads={f.value: f.evidence for f in facts.services.env_reads}, pins=dict(facts.packaging.pins))


def _own_imports(facts: ProjectFacts) -> dict[str, str]:
    """DG2117: each module of the project a start file imports -> where, and the folder that holds it."""
    found: dict[str, str] = {}
    for imports in facts.app.local_imports.values():
        for item in imports:
            folder = f"{WORKDIR}/{item.folders[0]}" if item.folders[0] else WORKDIR
            found.setdefault(item.module, f"{item.evidence} ({item.path}, in {folder})")
    return found


def _local_modules(root: Path) -> set[str]:
    found: set[str] = set()
    for folder in (root, root / "src"):
        if folder.is_dir():
            for item in folder.iterdir():
                if item.suffix == ".py":
                    found.add(item.stem)
                elif item.is_dir() and (item / "__init__.py").is_file():
                    found.add(item.name)
    return found


def verify_once(engine: Engine, root: Path, options: VerifyOptions, hints: Hints) -> VerifyReport:
    """One build and run of ``root/Dockerfile``."""
    text = (root / "Dockerfile").read_text(encoding="utf-8")
    target = read_target(text, kind=options.kind, port=options.port)
    hints.python = target.python
    if target.python:
        from .fix import older_minor

        hints.older = (older_minor(target.python, DEFAULT_DEBIAN, engine) or ("an older minor", ""))[0]
    report = VerifyReport(kind=target.kind, port=target.port, decisions=target.decisions)
    if options.strip_syntax and SYNTAX_LINE.match(text):
        report.notes.append("built from a copy of the Dockerfile without its `# syntax=` line (--strip-syntax)")
    tag = f"dockergen-verify/{_slug(root.name)}:{uuid.uuid4().hex[:8]}"
    options.progress(f"building {root / 'Dockerfile'} ...")
    try:
        build = engine.build(root, tag, network=options.build_network, no_cache=options.no_cache,
                             strip_syntax=options.strip_syntax)
    except EngineCommandError as err:
        return report.fail("build", diagnose("build", err.output, hints))
    try:
        report.build_seconds = build.seconds
        report.image_size = engine.image_size(tag)
        report.user = engine.image_user(tag)
        if report.user.split(":")[0] in ("root", "0", ""):
            return report.fail("start", make("DG4010", "start", [], user=report.user))
        options.progress(f"built in {build.seconds:.1f} s; starting the {target.kind} ...")
        return run_image(engine, tag, target, options.run, hints, report)
    finally:
        if options.keep:
            report.image = tag
        else:
            engine.remove_image(tag)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50] or "project"
