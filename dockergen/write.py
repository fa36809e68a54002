"""Stage 5: write rendered files. The only stage that writes to disk.

Policy: a missing file is created; an identical one is left alone; a different one is kept
unless ``force``. Writes are atomic (a temporary file in the same folder, then ``os.replace``),
never go through a symlink (the file itself or a folder on its way: DG3042), never put two
outputs in one file, and never leave a half-written file or a new empty folder behind.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .errors import WriteError
from .facts import ProjectFacts
from .plan_model import BuildPlan
from .render import RenderedFile

Status = Literal["created", "identical", "kept", "overwritten"]


@dataclass(frozen=True)
class FileResult:
    path: str
    status: Status
    content: str
    diff: str = ""  # unified diff against the existing file (/dev/null when new; "" when identical)


@dataclass
class WriteReport:
    root: Path
    files: list[FileResult] = field(default_factory=list)
    dry_run: bool = False
    summary: list[str] = field(default_factory=list)  # the main choices with their evidence
    warnings: list[str] = field(default_factory=list)
    saved_config: str = ""  # where the wizard saved answers ("" when it did not)
    plan: BuildPlan | None = None  # the plan the files came from (what `init` tells the user)
    facts: ProjectFacts | None = None  # the facts it was chosen from

    @property
    def kept(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "kept"]


def write_files(files: list[RenderedFile], root: Path, *, force: bool = False, dry_run: bool = False) -> WriteReport:
    report = WriteReport(root=root, dry_run=dry_run)
    planned: list[tuple[Path, RenderedFile, Status]] = []
    seen: dict[Path, str] = {}
    for rendered in files:
        target = safe_target(root, rendered.path)
        if target in seen:
            raise WriteError(f"{seen[target]} and {rendered.path} are the same file ({target}); dockergen would "
                             "write both into it.",
                             hint="Remove the link between them, then run dockergen again (DG3042).")
        seen[target] = rendered.path
        existing = _read_existing(target, rendered.path)
        if existing is None:
            status: Status = "created"
        elif existing == rendered.content:
            status = "identical"
        else:
            status = "overwritten" if force else "kept"
        diff = _diff(existing, rendered)
        if status in ("created", "overwritten"):
            refuse_links(root, rendered.path)
        report.files.append(FileResult(rendered.path, status, rendered.content, diff))
        planned.append((target, rendered, status))
    if not dry_run:
        atomic_write_all([(t, r.content) for t, r, status in planned if status in ("created", "overwritten")])
    return report


def _diff(existing: str | None, rendered: RenderedFile) -> str:
    """Unified diff from the file on disk (``/dev/null`` when there is none) to the new content."""
    if existing == rendered.content:
        return ""
    before = f"a/{rendered.path}" if existing is not None else "/dev/null"
    return "".join(difflib.unified_diff((existing or "").splitlines(True), rendered.content.splitlines(True),
                                        before, f"b/{rendered.path}"))


def safe_target(root: Path, relpath: str) -> Path:
    """The absolute path to write, refusing anything that resolves outside ``root``."""
    root = root.resolve()
    target = root / relpath
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as err:  # symlink loop
        raise WriteError(f"Cannot resolve {relpath}: {err}.", hint=f"Remove or fix {target}.") from err
    if resolved != root and root not in resolved.parents:
        raise WriteError(
            f"Refusing to write {relpath}: it leads outside the project ({resolved}).",
            hint=f"{target} is a symlink pointing elsewhere; remove it or write the file by hand.",
        )
    return resolved


def refuse_links(root: Path, relpath: str) -> None:
    """DG3042: a write never goes through a symlink, neither the file's own nor a folder's."""
    here = root.resolve()
    parts = Path(relpath).parts
    for depth, part in enumerate(parts, 1):
        here = here / part
        if depth < len(parts) and here.exists() and not here.is_dir() and not here.is_symlink():
            shown = here.relative_to(root.resolve()).as_posix()
            raise WriteError(f"Cannot write {relpath}: {shown} is a file, and dockergen needs a folder there.",
                             hint=f"Rename or remove {here}, then run dockergen again.")
        if here.is_symlink():
            shown = here.relative_to(root.resolve()).as_posix()
            raise WriteError(
                f"Refusing to write {relpath}: {shown} is a symlink (to {os.readlink(here)}), and writing "
                "through it would replace the file it points to.",
                hint=f"Remove the link ({here}) to let dockergen write a file there, or update the "
                     "file it points to yourself (DG3042).")


def _read_existing(target: Path, shown: str) -> str | None:
    try:
        if target.is_dir():
            raise WriteError(f"{shown} is a folder; dockergen writes a file there.", hint=f"Rename {target}.")
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):  # a FIFO would block the read
            raise WriteError(f"{shown} is not a regular file (a device, pipe or socket).",
                             hint=f"Remove {target}, then run dockergen again.")
        return target.read_text(encoding="utf-8") if target.exists() else None
    except UnicodeDecodeError:
        return ""  # unreadable as text: treat as different, so it is kept unless --force
    except OSError as err:
        raise WriteError(f"Cannot read the existing {shown}: {err.strerror or err}.",
                         hint=f"Check the permissions of {target}.") from err


def atomic_write_all(items: list[tuple[Path, str]]) -> None:
    """Stage every file as a temporary file beside its target, then rename them all.

    If any staging fails (disk full, read-only folder), nothing is renamed and every existing
    file stays byte-identical.
    """
    staged: list[tuple[str, Path]] = []
    created: list[Path] = []
    done = False
    try:
        for target, content in items:
            created += _make_parents(target.parent)
            staged.append((_stage(target, content), target))
        for tmp, target in staged:
            os.replace(tmp, target)
        done = True
    except OSError as err:
        failed = target.name if items else "a file"
        raise WriteError(f"Could not write {failed}: {err.strerror or err}.",
                         hint=f"Check that {target.parent} is writable and has free space; "
                              "existing files were left unchanged.") from err
    finally:
        for tmp, _target in staged:
            if os.path.exists(tmp):
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        if not done:
            _remove_empty(created)


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents (k8s/, .github/workflows/); the ones made, deepest last."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    for path in reversed(missing):
        path.mkdir()
        made.append(path)
    return made


def _remove_empty(folders: list[Path]) -> None:
    """Undo :func:`_make_parents` after a failed write: a failed write leaves no new folder."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _stage(target: Path, content: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".dockergen-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def write_output(path: Path, text: str, inputs: list[Path]) -> None:
    """Write a report file named on the command line (``check -o``): atomically, never through a
    symlink, never over a file the command read (DG3042)."""
    path = Path(path).absolute()
    if path.is_symlink():
        raise WriteError(f"Refusing to write {path}: it is a symlink (to {os.readlink(path)}).",
                         hint="Pick another --output, or remove the link first (DG3042).")
    for source in inputs:
        try:
            same = path.exists() and (source.exists() or source.is_symlink()) and os.path.samefile(path, source)
        except OSError:
            same = False
        if same:
            raise WriteError(f"Refusing to write the report over {path}: it is {source.name}, which this check reads.",
                             hint="Pick another --output, such as check-report.txt (DG3042).")
    if path.is_dir():
        raise WriteError(f"{path} is a folder.", hint="Pick a file name for --output.")
    atomic_write_all([(path, text)])
