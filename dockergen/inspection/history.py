"""When the project last changed its dependency files, read from git (never from its code).

The date bounds a lockless install "as of" that moment (decision DG2080). git is run as a
plain reader (``git log``/``git status`` on the dependency files): no hooks, no pager, a short
timeout. No git, no repository, a refused repository (``safe.directory``) or uncommitted
changes to those files all mean "no date", with the reason kept as evidence.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from ..facts import Fact

GIT_TIMEOUT = 5.0


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    exe = shutil.which("git")
    if exe is None:
        return None
    env = {**os.environ, "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run([exe, "-C", str(root), "--no-pager", *args], capture_output=True, text=True,
                              timeout=GIT_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def detect_dependency_date(root: Path, files: list[str]) -> Fact[str] | None:
    """The commit time (UTC, RFC 3339) of the last commit that touched ``files``.

    Returns a Fact whose value is "" (no usable date) when git cannot say, so the reason is
    still visible in ``dockergen inspect``; None when there are no dependency files.
    """
    if not files:
        return None
    shown = ", ".join(files)
    log = run_git(root, "log", "-1", "--format=%H %cI", "--", *files)
    if log is None:
        return Fact("", "detected", "git is not available")
    if log.returncode != 0:
        reason = "not a git repository" if "not a git repository" in log.stderr else "git refused to read it"
        return Fact("", "detected", reason)
    if not log.stdout.strip():
        return Fact("", "detected", f"{shown} never committed")
    status = run_git(root, "status", "--porcelain", "--", *files)
    if status is not None and status.returncode == 0 and status.stdout.strip():
        return Fact("", "detected", f"{shown} has uncommitted changes")
    sha, _, stamp = log.stdout.strip().partition(" ")
    when = datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fact(when, "detected", f"git log -1 -- {shown} (commit {sha[:10]})")
