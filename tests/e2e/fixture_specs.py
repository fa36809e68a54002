"""Every fixture app under tests/fixtures/projects/, with how to probe it (its ``e2e.toml``).

Used by bench/images.py and tests/e2e/test_hardening.py, so a fixture added by anyone is
benchmarked and hardening-checked without touching either. The format is documented in
tests/fixtures/projects/README.md. A fixture without ``e2e.toml`` is probed from dockergen's
own plan: a web app (dockergen plans a port) must answer HTTP on that port, anything else
must run and exit 0.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from dockergen.config import load_config
from dockergen.inspection import inspect_project
from dockergen.plan import BuildPlan, choose_plan
from dockergen.settings import resolve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"
SPEC_FILE = "e2e.toml"
KINDS = ("web", "script", "worker", "none")
KEYS = {"kind", "port", "path", "status", "expect", "args", "edit", "baseline_cmd",
        "baseline_install", "reason", "git_date", "options", "env", "refuses"}


@dataclass
class FixtureSpec:
    name: str
    kind: str | None = None  # None: decided from dockergen's plan (port => web)
    port: int | None = None
    path: str = "/"
    status: int = 200
    expect: str | None = None
    args: list[str] = field(default_factory=list)
    edit: str | None = None
    baseline_cmd: list[str] | None = None
    baseline_install: str | None = None
    reason: str = ""
    git_date: str | None = None  # commit the copy with git at this date (history-aware fixtures)
    options: dict[str, Any] = field(default_factory=dict)  # generate() options, like CLI flags
    env: dict[str, str] = field(default_factory=dict)  # docker run -e for the probes
    refuses: str = ""  # the decision code dockergen stops with on this fixture ("" = it generates)

    @property
    def source(self) -> Path:
        return FIXTURES / self.name


def load_spec(folder: Path) -> FixtureSpec:
    path = folder / SPEC_FILE
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    unknown = set(data) - KEYS
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)} (known: {sorted(KEYS)})")
    if data.get("kind", "web") not in KINDS:
        raise ValueError(f"{path}: kind must be one of {KINDS}")
    return FixtureSpec(name=folder.name, **data)


def all_specs(include_none: bool = False) -> list[FixtureSpec]:
    """Every fixture folder, sorted by name; ``kind = "none"`` ones only when asked."""
    specs = [load_spec(p) for p in sorted(FIXTURES.iterdir()) if p.is_dir() and not p.name.startswith((".", "_"))]
    return [s for s in specs if include_none or s.kind != "none"]


def copy_project(spec: FixtureSpec, dest: Path) -> Path:
    """Copy the fixture to ``dest/NAME`` without its e2e.toml (that file is for us, not the
    image); with ``git_date``, the copy becomes a git repository committed at that date."""
    target = dest / spec.name
    shutil.copytree(spec.source, target, ignore=shutil.ignore_patterns(SPEC_FILE, "__pycache__"))
    if spec.git_date:
        git_commit_all(target, spec.git_date)
    return target


def git_commit_all(root: Path, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "fixture", "GIT_AUTHOR_EMAIL": "fixture@example.invalid",
           "GIT_COMMITTER_NAME": "fixture", "GIT_COMMITTER_EMAIL": "fixture@example.invalid"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


@dataclass
class Planned:
    plan: BuildPlan
    framework: str | None  # as detected ("flask", "fastapi", ...)
    app: str | None  # "module:attr" when dockergen found the app object


def plan_for(project: Path, options: dict[str, Any] | None = None) -> Planned:
    """The plan ``dockergen init --yes [options]`` makes for ``project`` (no prompts, nothing
    written): the same stages as ``dockergen.generate``."""
    facts = inspect_project(project)
    config, origin = load_config(facts.root)
    settings = resolve(facts, dict(options or {}), config, {}, origin or "[tool.dockergen]")
    plan = choose_plan(facts, settings)
    framework = facts.app.framework.value if facts.app.framework else None
    if framework is None and plan.template_id not in ("slim", "multi-stage"):
        framework = plan.template_id  # a framework's own template
    app = settings.get("app")
    return Planned(plan, framework, str(app.value.spec) if app else None)


@dataclass
class Probe:
    """How to check a built image: resolved from the spec and dockergen's plan."""

    kind: str  # "web", "script" or "worker"
    port: int | None
    path: str
    status: int
    expect: str | None
    args: list[str]
    edit: str
    env: dict[str, str] = field(default_factory=dict)


def resolve_probe(spec: FixtureSpec, project: Path, planned: Planned) -> Probe:
    """Without a kind: web when the plan has a port; a worker when dockergen detected a
    framework but no port (a queue worker runs until stopped); else a script."""
    port = spec.port or planned.plan.start.port
    kind = spec.kind or ("web" if port else "worker" if planned.framework else "script")
    if kind == "web" and not port:
        raise ValueError(f"{spec.name}: kind = 'web' but no port (set port in {SPEC_FILE})")
    return Probe(kind, port, spec.path, spec.status, spec.expect, list(spec.args),
                 spec.edit or default_edit_file(project), dict(spec.env))


def default_edit_file(project: Path) -> str:
    """The file a one-line source edit goes to: the first .py file outside tests."""
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*.py")
                   if "tests" not in p.relative_to(project).parts)
    if not files:
        raise ValueError(f"{project.name}: no .py file to edit (set edit in {SPEC_FILE})")
    return files[0]
