"""Hints a project gives about its own start-up: a Procfile ``web:`` line, ``flask --app``
in the Procfile or README, ``FLASK_APP`` in ``.flaskenv``. Text parsing only.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProjectError
from ..facts import Fact
from .files import read_text
from .setup_commands import chained_setup

README_FILES = ("README.md", "README.rst", "README.txt", "README")
SERVERS = ("gunicorn", "uvicorn", "hypercorn", "daphne", "granian")
_FLASK_APP = re.compile(r"flask\s+--app[ =]([\w./:()]+)")
_SPEC = re.compile(r"^[A-Za-z_][\w.]*(:[A-Za-z_]\w*(\(\))?)?$")


@dataclass(frozen=True)
class AppHint:
    module: str
    attribute: str  # "" when the hint names only the module
    factory: bool
    framework: str
    evidence: str


@dataclass(frozen=True)
class Hints:
    app: AppHint | None = None
    procfile_web: Fact[str] | None = None


def app_hints(root: Path) -> Hints:
    web = procfile_web(root)
    hint = None
    if web is not None:
        hint = _hint_from_command(web.value, web.evidence)
    hint = hint or _flaskenv_hint(root) or _readme_hint(root)
    return Hints(hint, web)


def web_setup_parts(command: str) -> tuple[str, list[str]]:
    """DG2049: (the server command, the setup commands before it) for ``A && B && SERVER`` when
    every part before the last is a known setup command (``setup_commands``, which Heroku-style
    platforms run in the web dyno itself); (command, []) otherwise."""
    parts = [p.strip() for p in command.split("&&")]
    if len(parts) > 1 and "||" not in command and parts[-1] and all(chained_setup(p) for p in parts[:-1]):
        return parts[-1], parts[:-1]
    return command, []


def procfile_web(root: Path) -> Fact[str] | None:
    """The web process's server command: setup commands chained before it run separately (DG2049)."""
    web = procfile_process(root, "web")
    if web is None:
        return None
    server, setup = web_setup_parts(web.value)
    if not setup:
        return web
    return Fact(server, "detected", f"{web.evidence} (DG2049: the setup before it runs separately)")


def procfile_process(root: Path, process: str) -> Fact[str] | None:
    """The command of a Procfile process type (``web``, ``release``), with its line."""
    for number, line in enumerate(_lines(root, "Procfile"), start=1):
        kind, sep, command = line.partition(":")
        if sep and kind.strip() == process and command.strip():
            return Fact(command.strip(), "detected", f"Procfile:{number}")
    return None


def parse_spec(text: str, framework: str, evidence: str) -> AppHint | None:
    """``pkg.mod``, ``pkg.mod:app``, ``pkg:create_app()`` or a file path ``src/app.py``."""
    text = text.strip().strip("'\"")
    if text.endswith(".py") or "/" in text:
        text = text.removesuffix(".py").replace("/", ".").removeprefix("src.")
    if not _SPEC.match(text):
        return None
    module, _, attr = text.partition(":")
    factory = attr.endswith("()")
    return AppHint(module, attr.removesuffix("()"), factory, framework, evidence)


def _hint_from_command(command: str, evidence: str) -> AppHint | None:
    match = _FLASK_APP.search(command)
    if match:
        return parse_spec(match.group(1), "flask", evidence)
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if not words or words[0].rsplit("/", 1)[-1] not in SERVERS:
        return None
    for word in words[1:]:
        if ":" in word and not word.startswith("-"):
            return parse_spec(word, "", evidence)
    return None


def _flaskenv_hint(root: Path) -> AppHint | None:
    for number, line in enumerate(_lines(root, ".flaskenv"), start=1):
        key, sep, value = line.partition("=")
        if sep and key.strip().removeprefix("export ").strip() == "FLASK_APP":
            return parse_spec(value, "flask", f".flaskenv:{number}")
    return None


def _readme_hint(root: Path) -> AppHint | None:
    for name in README_FILES:
        for number, line in enumerate(_lines(root, name), start=1):
            match = _FLASK_APP.search(line)
            if match:
                return parse_spec(match.group(1), "flask", f"{name}:{number}")
    return None


def _lines(root: Path, relpath: str) -> list[str]:
    try:
        text = read_text(root, relpath, limit=1024 * 1024)
    except ProjectError:
        return []
    return text.splitlines() if text else []
