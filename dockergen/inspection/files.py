"""Safe, bounded reading of project files. The only place inspection touches the disk.

Every reader turns OS and decoding failures into ``ProjectError`` naming the file, so a
binary file, a folder in place of a file or a symlink loop never becomes a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path, PosixPath, WindowsPath
from typing import Any, TypeVar, cast

from ..errors import ProjectError
from .toml_shapes import check_shape

T = TypeVar("T")

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

# Folders inspection never walks: VCS data, virtualenvs, caches, dependencies, build output.
SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "node_modules", "__pycache__",
        ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist",
        "site-packages", ".eggs", "htmlcov", ".idea", ".vscode", ".cache",
    }
)
MAX_TEXT_BYTES = 5 * 1024 * 1024  # larger "text" files are refused, not read
MEMO_TEXT_CHARS = 256 * 1024  # larger texts are not kept for the rest of the inspection


def rel(root: Path, path: Path) -> str:
    """POSIX path of ``path`` relative to ``root`` (for evidence and Dockerfile paths)."""
    return path.relative_to(root).as_posix()


if sys.platform == "win32":  # pragma: no cover - the concrete Path class of this system
    _SystemPath = WindowsPath
else:
    _SystemPath = PosixPath


class ReadCache:
    """What one inspection has read: each file's text (and each source's tree) once, whichever
    detectors ask, errors replayed; and the DG1036 budgets' counters."""

    def __init__(self) -> None:
        self.memo: dict[Any, tuple[bool, Any]] = {}
        self.state: dict[Any, Any] = {}


class ProjectRoot(_SystemPath):
    """The project folder of one inspection, carrying that inspection's ``ReadCache``.

    ``inspect_project`` makes one and passes it down as every detector's ``root``, so the readers
    below find the cache on the argument they are given: no global or context-variable state, and a
    later inspection (a new ProjectRoot) reads afresh. A plain ``Path`` (a lone detector call, or a
    path made from the root: ``root / "sub"``) has no cache: it is read every time, as before.
    """

    reads: ReadCache | None = None  # paths derived from the root (``root / x``) have none


def project_root(root: Path) -> ProjectRoot:
    """``root`` with a fresh read cache, for one inspection."""
    project = ProjectRoot(root)
    project.reads = ReadCache()
    return project


def _reads(root: Path) -> ReadCache | None:
    return root.reads if isinstance(root, ProjectRoot) else None


def read_state(root: Path) -> dict[Any, Any]:
    """Counters of the inspection reading ``root`` (the parse budget, DG1036); for a root with no
    read cache a throwaway dict, so a lone detector call is never limited by an earlier one."""
    reads = _reads(root)
    return reads.state if reads is not None else {}


SCAN_BUDGET_CHARS = 6 * 1024 * 1024  # source text one detector scans with regexes (DG1036)


def within_scan_budget(root: Path, detector: str, text: str | None) -> bool:
    """Count ``text`` against ``detector``'s text-scan budget; False once it is spent."""
    state = read_state(root)
    used = int(state.get(("scan", detector), 0)) + len(text or "")
    state[("scan", detector)] = used
    return bool(used <= SCAN_BUDGET_CHARS)


def read_memo(root: Path, key: Any, compute: Callable[[], T]) -> T:
    """``compute()`` once per inspection of ``root`` (with no read cache: every time); errors are replayed."""
    reads = _reads(root)
    if reads is None:
        return compute()
    memo = reads.memo
    if key not in memo:
        try:
            memo[key] = (True, compute())
        except ProjectError as err:
            memo[key] = (False, err)
    ok, value = memo[key]
    if not ok:
        raise value
    return cast(T, value)


def read_text(root: Path, relpath: str | Path, *, limit: int = MAX_TEXT_BYTES) -> str | None:
    """Return the text of ``root/relpath``, ``None`` when it does not exist.

    Raises ProjectError when it exists but is not a readable UTF-8 text file.
    """
    key = ("text", Path(relpath).as_posix(), limit)
    reads = _reads(root)
    if reads is None:
        return _read_text(root, relpath, limit)
    memo = reads.memo
    if key not in memo:
        try:
            text = _read_text(root, relpath, limit)
        except ProjectError as err:
            memo[key] = (False, err)
            raise
        if text is not None and len(text) > MEMO_TEXT_CHARS:
            return text  # DG1036: big files are read again if asked again, never kept
        memo[key] = (True, text)
    ok, value = memo[key]
    if not ok:
        raise value
    return cast("str | None", value)


def inside_project(root: Path, relpath: str | Path) -> bool:
    """True when a path the project names stays in the project: relative, no ``..`` out of it,
    and no symlink on the way that leads elsewhere (DG3043)."""
    text = Path(relpath).as_posix()
    if not text or text.startswith("/") or os.path.normpath(text).split(os.sep)[0] == "..":
        return False
    try:
        real, top = (root / text).resolve(), root.resolve()
    except (OSError, RuntimeError):
        return True  # a loop: the reader names it
    return real == top or top in real.parents


def confine(root: Path, relpath: str | Path) -> None:
    """Raise ProjectError for a path the project names that leads out of the project (DG3043)."""
    if not inside_project(root, relpath):
        shown = Path(relpath).as_posix()
        raise ProjectError(f"{shown} points outside the project.",
                           hint="dockergen reads only files inside the project folder (a Docker build "
                                "cannot use others either); move the file in.")


def _read_text(root: Path, relpath: str | Path, limit: int) -> str | None:
    path = root / relpath
    shown = Path(relpath).as_posix()
    if shown.startswith("/") or os.path.normpath(shown).split(os.sep)[0] == "..":
        confine(root, relpath)
    try:
        if not path.exists() and not path.is_symlink():
            return None
        if path.is_dir():
            raise ProjectError(
                f"{shown} is a folder, but a file was expected there.",
                hint=f"Rename or remove the folder {path}.",
            )
        info = path.stat()
        _check_regular_inside(root, path, shown, info.st_mode)
        if info.st_size > limit:
            raise ProjectError(
                f"{shown} is {info.st_size // (1024 * 1024)} MB, too large to be a project file.",
                hint=f"Check {path}; dockergen reads files up to {limit // (1024 * 1024)} MB.",
            )
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # bounded even if the file grows meanwhile
        if len(data) > limit:
            raise ProjectError(f"{shown} is over {limit // (1024 * 1024)} MB, too large to be a project file.",
                               hint=f"Check {path}.")
    except ProjectError:
        raise
    except OSError as err:
        raise unreadable(path, shown, err) from err
    if b"\x00" in data[:8192]:
        raise ProjectError(f"{shown} is a binary file, but text was expected.", hint=f"Check {path}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ProjectError(
            f"{shown} is not valid UTF-8 (byte {err.start}).",
            hint=f"Save {path} as UTF-8.",
        ) from err


def _check_regular_inside(root: Path, path: Path, shown: str, mode: int) -> None:
    """Refuse FIFOs and devices (reading them hangs or never ends) and symlinks out of the project.

    A symlink out of the project cannot be followed by a Docker build either, and reading it
    could echo a file from elsewhere (``~/.ssh/id_rsa``) into warnings.
    """
    if not stat.S_ISREG(mode):
        raise ProjectError(f"{shown} is not a regular file (a device, pipe or socket).",
                           hint=f"Replace {path} with a normal file.")
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if p != root and root in p.parents):
        real, top = path.resolve(), root.resolve()
        if top not in real.parents:
            raise ProjectError(f"{shown} is a symlink to {real}, outside the project.",
                               hint="A Docker build cannot follow it: copy the file into the project instead.")


MAX_NESTING = 64  # arrays/tables/objects inside each other; real project files use under 10


def check_nesting(relpath: str, text: str) -> None:
    """Refuse TOML/JSON nested deeper than MAX_NESTING before parsing it: the parsers (and every
    walker after them) recurse, so a file of 5000 ``[`` would end in a RecursionError."""
    if text.count("[") + text.count("{") <= MAX_NESTING:
        return
    depth = deepest = 0
    quote = ""
    escaped = False
    for char in text:
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote or char == "\n":
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    raise ProjectError(f"{relpath} nests values more than {MAX_NESTING} deep.",
                                       hint=f"Check {relpath}: no real project file is nested like this.")
        elif char in "]}":
            depth = max(0, depth - 1)


def parse_json(root: Path, relpath: str, text: str, *, hint: str) -> Any:
    """``json.loads`` with a nesting bound and the error as a ProjectError naming the line."""
    import json

    check_nesting(relpath, text)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ProjectError(f"{relpath} is not valid JSON: {err.msg} (line {err.lineno}).", hint=hint) from err
    except (RecursionError, ValueError) as err:
        raise ProjectError(f"{relpath} cannot be read: {str(err)[:120]}.", hint=hint) from err


def read_toml(root: Path, relpath: str) -> dict[str, Any] | None:
    """Parse a TOML file; ``None`` when absent; ProjectError with the line when malformed."""
    text = read_text(root, relpath)
    if text is None:
        return None
    data = parse_toml(text, relpath, root / relpath)
    check_shape(relpath, data)  # known keys have the types detectors rely on
    return data


def parse_toml(text: str, what: str, where: Path) -> dict[str, Any]:
    """``text`` as TOML (``what`` names it in the error, ``where`` is the file to fix); ProjectError
    with the line when malformed or nested too deeply."""
    check_nesting(what, text)
    try:
        data = tomllib.loads(text)
    except RecursionError as err:
        raise ProjectError(f"{what} nests values too deeply.", hint=f"Check {where}.") from err
    except tomllib.TOMLDecodeError as err:
        raise ProjectError(f"{what} is not valid TOML: {err}.", hint=f"Fix the syntax in {where}.") from err
    table: dict[str, Any] = data
    return table


def exists(root: Path, relpath: str) -> bool:
    """True when ``root/relpath`` is a file; False when nothing is there.

    Raises ProjectError when something unusable is there instead: a folder, a symlink loop or
    a broken symlink (a Docker build would fail on it too, so saying so now is kinder).
    """
    path = root / relpath
    shown = Path(relpath).as_posix()
    if shown.startswith("/") or os.path.normpath(shown).split(os.sep)[0] == "..":
        confine(root, relpath)
    try:
        if not path.is_symlink() and not path.exists():
            return False
        if path.is_dir():
            raise ProjectError(f"{shown} is a folder, but a file was expected there.",
                               hint=f"Rename or remove the folder {path}.")
        path.stat()
    except ProjectError:
        raise
    except OSError as err:
        raise unreadable(path, shown, err) from err
    return True


def unreadable(path: Path, shown: str, err: OSError) -> ProjectError:
    """The ProjectError for an OSError while reading ``path``, saying what kind of problem it is."""
    if err.errno == errno.ELOOP:
        return ProjectError(f"{shown} is a symlink loop.", hint=f"Fix or remove the symlink {path}.")
    if err.errno == errno.ENOENT and path.is_symlink():
        return ProjectError(f"{shown} is a broken symlink (it points to {os.readlink(path)}, which does not exist).",
                            hint=f"Fix or remove the symlink {path}.")
    return ProjectError(f"Cannot read {shown}: {err.strerror or err}.",
                        hint=f"Check that {path} is a readable file.")


def iter_python_files(root: Path, *, max_files: int = 2000, max_depth: int = 6) -> Iterator[str]:
    """Yield project ``.py`` files (relative POSIX paths), shallow ones first, skipping SKIP_DIRS.

    Bounded so a huge tree costs little: inspection only needs the app's own top modules.
    """
    from .ignore import is_virtualenv, load_gitignore  # DG1035

    ignored = load_gitignore(root)
    count = 0
    level = [root]
    for _depth in range(max_depth):
        nxt: list[Path] = []
        for folder in level:
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                continue
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIP_DIRS and not entry.name.startswith(".") \
                                and not ignored(rel(root, Path(entry.path)), True) and not is_virtualenv(entry.path):
                            nxt.append(Path(entry.path))
                    elif entry.name.endswith(".py") and entry.is_file(follow_symlinks=False) \
                            and not ignored(rel(root, Path(entry.path)), False):
                        yield rel(root, Path(entry.path))
                        count += 1
                        if count >= max_files:
                            return
                except OSError:
                    continue
        level = nxt
        if not level:
            return
