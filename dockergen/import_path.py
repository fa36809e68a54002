"""DG2117: the folders a start command puts on sys.path, against those its own imports need.

``python -m pkg.mod``, ``gunicorn pkg.mod:app`` and the other servers that import a module put the
working folder (the app folder) on sys.path; ``python path/f.py``, ``streamlit run path/f.py`` and
the framework CLIs that run a file put that file's folder there instead (the catalog's
``Launcher.imports_from``). The start file's imports of the project's own modules (inspection's
``local_imports``) name the folders they need; a folder that none of the start command's holds is
added to the image's PYTHONPATH, each with a note saying which import needs it. Pure: argv and
facts in, an ``ImportPath`` out.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from .catalog.launchers import LAUNCHERS
from .commands import NICEGUI_RUNNER
from .facts import LocalImport, ProjectFacts
from .plan_model import WORKDIR, Env, ImportPath

_PYTHON = re.compile(r"python(?:\d+(?:\.\d+)?)?")
_MODULE_TARGET = re.compile(r"(?P<module>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*):[A-Za-z_][\w.]*(?:\(.*\))?")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
_PYTHON_VALUE_OPTIONS = ("-X", "-W", "-Q")
_SHELL_SYNTAX = re.compile(r"[;&|`<>]|\$\(")


@dataclass(frozen=True)
class Launch:
    """What a start command runs and the folders it puts on sys.path."""

    target: str  # a file ("card_viewer/app.py") or a module ("app.app")
    is_file: bool
    folders: tuple[str, ...]  # relative to the app folder, "" = the app folder itself
    shown: str  # "gunicorn app.app:server", for the note


def import_path_part(facts: ProjectFacts, argv: Sequence[str], env: Env, installed: bool = False) -> ImportPath:
    """DG2117: the PYTHONPATH the start file's own imports need ("" when the start command's
    folders suffice); a folder that would hide a standard-library module is not added (a warning)."""
    launch = read_launch(argv)
    if launch is None:
        return ImportPath()
    on_path = set(launch.folders) | ({"", "src"} if installed else set())  # installed: its packages are
    missing: dict[str, LocalImport] = {}
    for found in start_imports(launch, facts.app.local_imports):
        if not on_path & set(found.folders):
            missing.setdefault(found.folders[0], found)
    added: list[str] = []
    notes: list[str] = []
    warnings: list[str] = []
    puts = " and ".join(_absolute(f) for f in launch.folders)
    for folder, found in missing.items():
        where = (f"{found.evidence} imports {found.module} ({found.path}), but `{launch.shown}` puts only {puts} "
                 "on sys.path")
        if found.shadows:
            hidden = ", ".join(found.shadows)
            warnings.append(f"DG2117: {where}; {_absolute(folder)} is not added to PYTHONPATH, because its "
                            f"modules would hide the standard library's {hidden}: rename them, or name the "
                            "start command with --command.")
            continue
        added.append(_absolute(folder))
        notes.append(f"DG2117: {where}: {_absolute(folder)} is added")
    if not added:
        return ImportPath(warnings=tuple(warnings))
    existing = dict(env).get("PYTHONPATH", "")
    value = ":".join([*([existing] if existing else []), *added])
    return ImportPath(value, tuple(notes), tuple(warnings))


def start_imports(launch: Launch, local_imports: dict[str, tuple[LocalImport, ...]]) -> tuple[LocalImport, ...]:
    """The own-module imports of the file the launch runs (a module's file looked up in each of
    its folders: ``mod.py``, ``mod/__init__.py``, ``mod/__main__.py``)."""
    if launch.is_file:
        return local_imports.get(posixpath.normpath(launch.target), ())
    path = launch.target.replace(".", "/")
    for folder in launch.folders:
        for tail in (".py", "/__init__.py", "/__main__.py"):
            key = f"{folder}/{path}{tail}" if folder else f"{path}{tail}"
            if key in local_imports:
                return local_imports[key]
    return ()


def read_launch(argv: Sequence[str]) -> Launch | None:
    """What ``argv`` runs and the folders it puts on sys.path; None when that is not known (a
    console script, a shell line, a program the catalog does not describe)."""
    words = _unwrap(list(argv))
    if not words:
        return None
    program = words[0].rsplit("/", 1)[-1]
    if _PYTHON.fullmatch(program):
        return _python(words)
    launcher = LAUNCHERS.get(program)
    if launcher is None or not launcher.imports_from:
        return None
    rest = words[1:]
    extra = tuple(_flag_values(rest, launcher.path_flags))
    if launcher.imports_from == "file":
        file = next((w for w in rest if w.endswith(".py") and not w.startswith("-")), None)
        if file is None:
            return None
        shown = f"{program} {_sub(launcher.subcommand)}{file}"
        return Launch(file, True, (_folder(posixpath.dirname(file)), *extra), shown)
    module = next(iter(_flag_values(rest, launcher.app_flags, split=False)), "")
    if not module:
        module = next((m.group("module") for w in rest if (m := _MODULE_TARGET.fullmatch(w))), "")
    module = module.split(":")[0]
    if not _MODULE.fullmatch(module):
        return None
    shown = next((w for w in rest if w.startswith(module)), module)
    return Launch(module, False, ("", *extra), f"{program} {shown}")


def _python(words: list[str]) -> Launch | None:
    """``python FILE`` (its folder), ``python -m MODULE`` (the working folder), DG2041's NiceGUI
    runner (the file's folder); ``python -c CODE`` runs no project file."""
    i = 1
    while i < len(words):
        word = words[i]
        if word == "-m" or (word.startswith("-m") and len(word) > 2):
            module = word[2:] or (words[i + 1] if i + 1 < len(words) else "")
            return Launch(module, False, ("",), f"python -m {module}") if _MODULE.fullmatch(module) else None
        if word == "-c":
            file = words[i + 2] if i + 2 < len(words) and words[i + 1] == NICEGUI_RUNNER else ""
            return Launch(file, True, (_folder(posixpath.dirname(file)),), f"python {file}") if file else None
        if word in _PYTHON_VALUE_OPTIONS:
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        if not word.endswith(".py"):
            return None
        return Launch(word, True, (_folder(posixpath.dirname(word)),), f"python {word}")
    return None


def _unwrap(words: list[str]) -> list[str]:
    """The program a wrapper runs: DG2030's ``sh -c 'exec "$@" ...' sh ARGV``, a plain ``sh -c
    'exec gunicorn ...'`` line (not one with shell syntax), ``exec``, ``env`` and ``NAME=value``."""
    for _ in range(8):
        if not words:
            return []
        name = words[0].rsplit("/", 1)[-1]
        if name in ("sh", "bash") and len(words) > 2 and words[1] == "-c":
            if len(words) > 3:
                words = words[4:]
                continue
            if _SHELL_SYNTAX.search(words[2]):
                return []
            try:
                words = shlex.split(words[2])
            except ValueError:
                return []
        elif name in ("exec", "env", "tini", "--") or re.fullmatch(r"[A-Za-z_]\w*=.*", words[0]):
            words = words[1:]
        else:
            return words
    return []


def _flag_values(words: list[str], flags: tuple[str, ...], *, split: bool = True) -> list[str]:
    """The values of ``flags`` (``--pythonpath a,b``, ``--app-dir=src``), as folders when ``split``."""
    values: list[str] = []
    for i, word in enumerate(words):
        name, eq, value = word.partition("=")
        if name in flags and eq:
            values.append(value)
        elif word in flags and i + 1 < len(words):
            values.append(words[i + 1])
    if not split:
        return values
    return [_folder(part) for value in values for part in value.split(",") if part]


def _folder(path: str) -> str:
    """A folder relative to the app folder ("" for the app folder itself)."""
    if path == WORKDIR or path.startswith(WORKDIR + "/"):
        path = path[len(WORKDIR):].lstrip("/")
    folder = posixpath.normpath(path) if path else ""
    return "" if folder == "." else folder


def _absolute(folder: str) -> str:
    return folder if folder.startswith("/") else f"{WORKDIR}/{folder}" if folder else WORKDIR


def _sub(subcommand: str) -> str:
    return f"{subcommand} " if subcommand else ""
