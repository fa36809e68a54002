"""``dockergen lock``: write a hash-pinned ``requirements.lock`` for a lockless pip project.

The lock is resolved by uv (``uv pip compile``) for the image's Python minor and platform, as
of the project's date when the as-of rule applies (DG2080), and includes the server dockergen
adds, so the Dockerfile then installs exactly the lock. uv is found on PATH or as the ``uv``
Python package (``pip install 'dockergen-cli[lock]'``); dockergen never needs it otherwise.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from .config import load_config
from .errors import DockergenError, ProjectError
from .facts import Fact, ProjectFacts
from .inspection import inspect_project
from .inspection.files import read_toml
from .inspection.history import detect_dependency_date
from .inspection.packaging import REQUIREMENT_FILES
from .inspection.requirements import read_requirements
from .lock_scratch import needs_build, prepare_scratch
from .plan import choose_plan
from .redact import redact
from .render import RenderedFile
from .settings import resolve
from .write import WriteReport, write_files

LOCK_FILE = "requirements.lock"
PLATFORM = "x86_64-manylinux_2_28"  # the python:*-slim images' platform on amd64


class LockError(DockergenError):
    """uv is missing or could not resolve the requirements."""


def find_uv() -> list[str]:
    exe = shutil.which("uv")
    if exe:
        return [exe]
    try:
        from uv import find_uv_bin
    except ImportError:
        raise LockError("`dockergen lock` needs uv to resolve the lock file.",
                        hint="pip install 'dockergen-cli[lock]' (or install uv), then run it again.") from None
    return [find_uv_bin()]


def _manifest_facts(facts: ProjectFacts) -> tuple[str, ProjectFacts, list[str], bool]:
    """The facts as they are without our own lock, so a re-lock resolves the same way; the files
    uv reads and whether it has to build the project to read them (DG3041)."""
    root = facts.root
    source = next((f for f in REQUIREMENT_FILES if f != LOCK_FILE and (root / f).is_file()), "")
    if not source:
        if not (root / "pyproject.toml").is_file():
            raise ProjectError(f"No requirements to lock in {root}.",
                               hint="Add a requirements.txt or [project] dependencies first.")
        pyproject = read_toml(root, "pyproject.toml")
        return "pyproject.toml", facts, ["pyproject.toml"], needs_build("pyproject.toml", [], pyproject, root)
    info = read_requirements(root, source)
    packaging = dataclasses.replace(
        facts.packaging, dependency_files=info.files, requirements=info.names, pinned_requirements=dict(info.pinned),
        requirements_locked=Fact(bool(info.locked_by), "detected", info.locked_by or source))
    python = dataclasses.replace(
        facts.python, dependency_date=detect_dependency_date(root, info.files) if info.pinned else None)
    manifest = dataclasses.replace(facts, packaging=packaging, python=python)
    return source, manifest, info.files, needs_build(source, info.local_paths, None, root)


def lock_project(path: str | Path, *, force: bool = False, dry_run: bool = False, **options: Any) -> WriteReport:
    facts = inspect_project(path)
    manager = facts.packaging.package_manager
    if manager is None or manager.value != "pip":
        raise ProjectError("`dockergen lock` writes a lock for pip-style projects; this one uses "
                           f"{manager.value if manager else 'no package manager'}.",
                           hint="Use that tool's own lock command.")
    source, facts, files, build = _manifest_facts(facts)
    config, origin = load_config(facts.root)
    settings = resolve(facts, options, config, {}, origin or "[tool.dockergen]")
    plan = choose_plan(facts, settings, date.today(), need_start=False)  # the install part only
    install, as_of, python = plan.install, plan.as_of, plan.base.python_version
    with tempfile.TemporaryDirectory(prefix="dockergen-lock-") as tmp:
        scratch = Path(tmp) / "project"
        prepare_scratch(facts.root, scratch, files, build=build)
        extra = Path(tmp) / "dockergen-extra.txt"
        extra.write_text("".join(f"{p}\n" for p in install.extra_packages), encoding="utf-8")
        cmd = [*find_uv(), "pip", "compile", source, str(extra), "--generate-hashes", "--quiet",
               "--python-version", python, "--python-platform", PLATFORM,
               "--custom-compile-command", "dockergen lock", "--no-header"]
        if as_of.timestamp:
            cmd += ["--exclude-newer", as_of.timestamp]
            for exempt in as_of.exempt:
                cmd += ["--exclude-newer-package", exempt]
        env = {**os.environ, "UV_NO_PROGRESS": "1"}
        if facts.metadata.vcs_version is not None:  # DG2017: the version a git plugin would ask .git for
            variable, _, version = facts.metadata.vcs_version.value.partition("=")
            env[variable] = version
        result = subprocess.run(cmd, cwd=scratch, capture_output=True, text=True, check=False, env=env,
                                timeout=600, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        reason = redact((result.stderr.strip().splitlines() or ["unknown error"])[-1])
        raise LockError(f"uv could not resolve {source}: {reason}",
                        hint=f"Check the requirements in {facts.root / source}.")
    header = (f"# Generated by `dockergen lock` from {source} for Python {python} "
              f"on {PLATFORM}" + (f", as of {as_of.timestamp}" if as_of.timestamp else "") + ".\n"
              "# Regenerate with `dockergen lock --force`; the Dockerfile installs exactly this file.\n")
    body = result.stdout.replace(str(extra), "dockergen (server)")
    report = write_files([RenderedFile(LOCK_FILE, header + body)], facts.root, force=force, dry_run=dry_run)
    report.summary = [f"lock from {source} for Python {python}"]
    if build:
        report.summary.append("uv had to build the project to read its dependencies (its build backend ran): "
                              "it did so in a scratch copy, your folder was not changed (DG3041)")
    if as_of.timestamp:
        report.summary.append(f"as of {as_of.timestamp}")
    report.warnings = list(plan.warnings)
    return report
