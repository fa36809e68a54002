"""Lay out one field app from its bare git directory, as a user's clone would look.

The tree is ``git archive COMMIT[:SUBDIR]``; it then gets a fresh repository with one commit
dated like the last upstream commit that touched that folder, so rules that read history (the
as-of install date) see what they would see in a real checkout. Git runs with the user's and the
system's config neutralised and no hooks: nothing of the fetched repository is executed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from bench.field.manifest import FieldApp

GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0",
    "GIT_AUTHOR_NAME": "field", "GIT_AUTHOR_EMAIL": "field@example.invalid",
    "GIT_COMMITTER_NAME": "field", "GIT_COMMITTER_EMAIL": "field@example.invalid",
}
# Files the user brought: set aside so that `dockergen init --yes` writes its own (a repository
# that ships a Dockerfile would otherwise keep it, and we would measure the author's file).
OWN_FILES = ("Dockerfile", ".dockerignore")


def git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    full = {**os.environ, **GIT_ENV, **(env or {})}
    result = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
                             *args], cwd=cwd, env=full, capture_output=True, check=True)
    return result.stdout.decode("utf-8", "replace")


def folder_date(app: FieldApp) -> str:
    """ISO date of the last commit at or before app.commit that touched app.subdir."""
    args = ["--git-dir", str(app.git_dir()), "log", "-1", "--format=%cI", app.commit]
    if app.subdir:
        args += ["--", app.subdir]
    return git(*args).strip()


def lay_out(app: FieldApp, dest: Path) -> list[str]:
    """Write app's tree under dest (replacing it); returns notes on what was set aside."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    absent = extract_tree(app, dest)
    notes = [f"{len(absent)} file(s) of 4 MiB+ absent from the snapshot: {', '.join(absent[:3])}"] if absent else []
    for name in OWN_FILES:
        if (dest / name).is_file():
            (dest / name).unlink()
            notes.append(f"own {name} set aside")
    date = folder_date(app)
    git("init", "-q", "-b", "main", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "--no-verify", "-m", f"{app.repo}@{app.commit[:12]}",
        cwd=dest, env={"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})
    return notes


def extract_tree(app: FieldApp, dest: Path) -> list[str]:
    """Write the files of commit:subdir under dest; returns the paths whose blobs the snapshot
    lacks (``fetch`` leaves out files of 4 MiB and more, so ``git archive`` would stop)."""
    spec = f"{app.commit}:{app.subdir}" if app.subdir else app.commit
    listing = git("--git-dir", str(app.git_dir()), "ls-tree", "-r", "-z", spec)
    entries = []
    for item in listing.split("\0"):
        if item:
            meta, path = item.split("\t", 1)
            mode, kind, sha = meta.split()
            if kind == "blob":
                entries.append((mode, sha, path))
    batch = subprocess.run(["git", "--git-dir", str(app.git_dir()), "cat-file", "--batch"],
                           input="".join(f"{sha}\n" for _, sha, _ in entries).encode(),
                           env={**os.environ, **GIT_ENV}, capture_output=True, check=True).stdout
    absent, pos = [], 0
    for mode, _sha, path in entries:
        end = batch.index(b"\n", pos)
        header = batch[pos:end].split()
        pos = end + 1
        if header[-1] == b"missing":
            absent.append(path)
            continue
        size = int(header[2])
        data, pos = batch[pos:pos + size], pos + size + 1
        _write(dest / path, mode, data)
    return absent


def _write(target: Path, mode: str, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if mode == "120000":
        target.symlink_to(data.decode("utf-8", "replace"))
        return
    target.write_bytes(data)
    if mode == "100755":
        target.chmod(0o755)


# ---- the testbed's base images (DESIGN.md section 8) ----

_FROM = re.compile(r"python:(?P<minor>\$\{PYTHON_VERSION\}|\d+\.\d+)(?P<slim>-slim)?(?:-(?P<deb>[a-z]+))?")
_ARG = re.compile(r"^ARG PYTHON_VERSION=(\d+\.\d+)\s*$", re.M)


def available_pythons(tags: list[str], variants: tuple[str, ...] = ("-slim",)) -> set[tuple[str, str]]:
    """(minor, debian) pairs for which every variant ("-slim", "" for the full image) of the
    local python:M[-slim]-D stand-ins exists."""
    found: dict[tuple[str, str], set[str]] = {}
    for tag in tags:
        m = re.fullmatch(r"python:(\d+\.\d+)(-slim)?-([a-z]+)", tag)
        if m:
            found.setdefault((m.group(1), m.group(3)), set()).add(m.group(2) or "")
    return {pair for pair, have in found.items() if set(variants) <= have}


def nearest(minor: str, debian: str, have: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The stand-in closest to minor: the same minor first, then the nearest; ties go to the same
    Debian release, then to the newer minor (a declared minor is usually the project's lowest)."""
    if not have:
        return None
    def key(pair: tuple[str, str]) -> tuple[int, int, int]:
        distance = abs(int(pair[0].split(".")[1]) - int(minor.split(".")[1]))
        return (distance, pair[1] != debian, -int(pair[0].split(".")[1]))
    return min(have, key=key)


def map_python(dockerfile: Path, tags: list[str]) -> str | None:
    """Point the Dockerfile at a local stand-in when the minor/Debian it names is missing.

    Returns a note such as "python 3.12-trixie -> 3.13-trixie (testbed)", or None if unchanged."""
    text = dockerfile.read_text(encoding="utf-8")
    arg = _ARG.search(text)
    first = _FROM.search(text)
    if not first:
        return None
    variants = tuple(sorted({m.group("slim") or "" for m in _FROM.finditer(text)}))
    have = available_pythons(tags, variants)
    minor = arg.group(1) if arg and first.group("minor").startswith("$") else first.group("minor")
    debian = first.group("deb") or "trixie"
    if (minor, debian) in have:
        return None
    target = nearest(minor, debian, have)
    if target is None:
        return None
    if arg:
        text = _ARG.sub(f"ARG PYTHON_VERSION={target[0]}", text, count=1)
    text = _FROM.sub(lambda m: _retag(m, target, bool(arg)), text)
    dockerfile.write_text(text, encoding="utf-8")
    return f"python {minor}-{debian} -> {target[0]}-{target[1]} (testbed)"


def _retag(m: re.Match, target: tuple[str, str], via_arg: bool) -> str:
    minor = m.group("minor") if via_arg and m.group("minor").startswith("$") else target[0]
    return f"python:{minor}{m.group('slim') or ''}-{target[1]}"
