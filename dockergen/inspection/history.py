"""When the project last changed its dependency files, read from git (never from its code).

The date bounds a lockless install "as of" that moment (decision DG2080). git is run as a
plain reader through :mod:`.git` (``git log`` on the dependency files; whether they changed is
decided by hashing them, never by ``git status``), so the repository's config runs nothing.
No git, no repository, a refused repository (``safe.directory``) or uncommitted
changes to those files all mean "no date", with the reason kept as evidence.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..facts import Fact
from .git import READ_LOG, changed_since_head, run_git


def detect_dependency_date(root: Path, files: list[str]) -> Fact[str] | None:
    """The commit time (UTC, RFC 3339) of the last commit that touched ``files``.

    Returns a Fact whose value is "" (no usable date) when git cannot say, so the reason is
    still visible in ``dockergen inspect``; None when there are no dependency files.
    """
    if not files:
        return None
    shown = ", ".join(files)
    log = run_git(root, *READ_LOG, "-1", "--format=%H %cI", "--", *files)
    if log is None:
        return Fact("", "detected", "git is not available")
    if log.returncode != 0:
        reason = "not a git repository" if "not a git repository" in log.stderr else "git refused to read it"
        return Fact("", "detected", reason)
    if not log.stdout.strip():
        return Fact("", "detected", f"{shown} never committed")
    if changed_since_head(root, files):
        return Fact("", "detected", f"{shown} has uncommitted changes")
    sha, _, stamp = log.stdout.strip().partition(" ")
    when = datetime.fromisoformat(stamp).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Fact(when, "detected", f"git log -1 -- {shown} (commit {sha[:10]})")
