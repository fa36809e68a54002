"""The one way dockergen runs git: as a plain reader whose configuration cannot run commands.

A repository's own ``.git/config`` (and any file it ``include``s) is the project's config, and
dockergen never runs the project's config (decision DG3040). git offers no switch to skip the
repository's config, so every setting that can start a program while reading is overridden on
the command line, which outranks every config file; system and global config are not read at
all; only reading commands that leave the index alone are used (``log``, ``rev-parse``,
``describe``, ``ls-tree``: never ``status``, which refreshes the index and runs fsmonitor and
clean filters). Whether a file differs from its last commit is decided by hashing it here,
not by asking git to look at the work tree.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

GIT_TIMEOUT = 5.0

# Command-line config outranks .git/config and its includes; each one neutralises a setting
# that makes a reading git start a program (or write to the repository).
NEUTRAL_CONFIG = (
    "core.fsmonitor=false",  # a hook run whenever the index is read
    "core.hooksPath=/dev/null",  # hooks (none are run by reading commands; belt and braces)
    "core.pager=cat",
    "core.editor=true",
    "core.askPass=",
    "core.sshCommand=false",
    "credential.helper=",
    "diff.external=",
    "log.showSignature=false",  # would run gpg.program
    "gpg.program=false",
    "gpg.ssh.program=false",
    "gpg.x509.program=false",
    "core.untrackedCache=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "protocol.allow=never",  # no transport (ext:: and friends run commands)
    "safe.bareRepository=explicit",  # a bare repository planted in the project is not entered
)
# Environment variables that would point git at other config, other repositories or programs.
_DROP_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
             "GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER",
             "GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_ASKPASS", "GIT_EDITOR", "GIT_EXEC_PATH",
             "GIT_TRACE", "GIT_CEILING_DIRECTORIES")


def git_command(root: Path, *args: str) -> list[str]:
    """The argument vector: neutral config first, then the reading command."""
    exe = shutil.which("git") or "git"
    config = [part for item in NEUTRAL_CONFIG for part in ("-c", item)]
    return [exe, "--no-pager", "--no-optional-locks", *config, "-C", str(root), *args]


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV and not k.startswith("GIT_CONFIG_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0",
               GIT_OPTIONAL_LOCKS="0", GIT_PAGER="cat", LC_ALL="C", GIT_NO_REPLACE_OBJECTS="1")
    return env


def run_git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """Run a reading git command in ``root``; None when git is missing, hangs or fails to start.

    Diff-producing commands get ``--no-ext-diff --no-textconv`` from the caller's ``args``
    (see :data:`READ_LOG`); nothing here ever refreshes or writes the index.
    """
    if shutil.which("git") is None:
        return None
    try:
        return subprocess.run(git_command(root, *args), capture_output=True, text=True, timeout=GIT_TIMEOUT,
                              env=git_env(), check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


READ_LOG = ("log", "--no-ext-diff", "--no-textconv", "--no-show-signature", "--no-mailmap")


def blob_id(path: Path, *, sha256: bool = False) -> str | None:
    """git's object id of a file's bytes as they are (no filters), computed here without git."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256 if sha256 else hashlib.sha1
    return digest(b"blob %d\x00" % len(data) + data).hexdigest()


def changed_since_head(root: Path, files: list[str]) -> bool:
    """True when a file differs from HEAD's copy (or is missing from HEAD), without reading the index."""
    listing = run_git(root, "ls-tree", "-z", "HEAD", "--", *files)
    if listing is None or listing.returncode != 0:
        return True
    committed: dict[str, str] = {}
    for entry in listing.stdout.split("\x00"):
        meta, _, name = entry.partition("\t")
        if name:
            committed[name] = meta.split()[-1]
    return any(committed.get(name) != blob_id(root / name, sha256=len(committed.get(name, "")) == 64)
               for name in files)
