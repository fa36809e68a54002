"""Start commands the project states in its own words, and what each means in production.

DG1090: where the code alone does not name one app, the project usually says how it starts: an
existing Dockerfile's CMD/ENTRYPOINT, a compose ``command:``, a Makefile ``run`` target, a
README code block (``uvicorn app.main:app --reload --port 9000``). Each is read as plain text
(never run) into a ``StatedCommand`` with its evidence (file:line), then ``translate`` turns it
into a ``StartIntent``: development flags stripped (``--reload``, ``--debug``), a development
server replaced by what it serves (``flask run`` -> the Flask app, ``manage.py runserver`` -> the
Django project), a localhost bind opened to 0.0.0.0, and the port it names kept (DG1091).

Pure text functions; ``read_stated_commands`` is the one reader.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..check.parser import parse as parse_dockerfile
from ..errors import ProjectError
from ..facts import StartIntent
from .files import read_text

README_FILES = ("README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md")
COMPOSE_FILES = ("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml")
MAKE_TARGETS = ("run", "serve", "server", "start", "web", "runserver", "dev", "up", "app")
# Origins, most authoritative first: a command the project deploys with beats one it documents.
ORIGINS = ("dockerfile", "compose", "makefile", "readme")
_RUNNERS = {"poetry": "run", "pipenv": "run", "uv": "run", "pdm": "run", "hatch": "run", "rye": "run"}
_PYTHON = re.compile(r"^(python|python3|python3\.\d+|py)$")
_ASSIGN = re.compile(r"^[A-Za-z_]\w*=")
_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:\$|>|%|#)\s+")
_INLINE = re.compile(r"``?([^`\n]+?)``?")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Launcher:
    """How one start program takes its host, port and development switches."""

    distribution: str  # what provides the program, when the project does not declare it
    port: int  # where it listens when nothing says otherwise
    port_flags: tuple[str, ...] = ("--port",)
    host_flags: tuple[str, ...] = ("--host",)
    bind_flags: tuple[str, ...] = ()  # HOST:PORT in one value
    dev_flags: tuple[str, ...] = ("--reload", "--debug")  # switches without a value
    dev_options: tuple[str, ...] = ()  # development options that take a value
    subcommand: str = ""  # the word that makes it a start command (``flask ... run``)
    app_flags: tuple[str, ...] = ()  # options naming the app (``flask --app``, ``celery -A``)
    open_bind: tuple[str, ...] = ("--host", "0.0.0.0")  # added when it names no host ({port})
    kind: str = "server"  # a server argv to keep, a worker, or a framework the plan serves


_NO_PORT: tuple[str, ...] = ()
LAUNCHERS: dict[str, Launcher] = {
    "uvicorn": Launcher("uvicorn", 8000, dev_options=("--reload-dir", "--reload-include", "--reload-exclude")),
    # gunicorn binds 0.0.0.0:$PORT when PORT is set, which the plan does.
    "gunicorn": Launcher("gunicorn", 8000, _NO_PORT, _NO_PORT, ("-b", "--bind"), ("--reload",), open_bind=()),
    "hypercorn": Launcher("hypercorn", 8000, _NO_PORT, _NO_PORT, ("-b", "--bind"), ("--reload",),
                          open_bind=("--bind", "0.0.0.0:{port}")),
    "daphne": Launcher("daphne", 8000, ("-p", "--port"), ("-b", "--bind"), open_bind=("-b", "0.0.0.0")),
    "granian": Launcher("granian", 8000, dev_flags=("--reload",), open_bind=("--host", "0.0.0.0")),
    "waitress-serve": Launcher("waitress", 8080, _NO_PORT, _NO_PORT, ("--listen",), (), open_bind=()),
    "sanic": Launcher("sanic", 8000, ("-p", "--port"), ("-H", "--host"),
                      dev_flags=("--dev", "-d", "--debug", "--auto-reload", "-r")),
    "panel": Launcher("panel", 5006, host_flags=("--address",), dev_flags=("--autoreload", "--dev", "--show"),
                      subcommand="serve", open_bind=("--address", "0.0.0.0")),
    "chainlit": Launcher("chainlit", 8000, dev_flags=("-w", "--watch", "--debug"), subcommand="run"),
    "solara": Launcher("solara", 8765, dev_flags=("--auto-restart", "-a"), subcommand="run"),
    # Frameworks the plan serves with its own production server (the stated command names the
    # app and the port; DG1091).
    "flask": Launcher("flask", 8000, ("-p", "--port"), ("-h", "--host"), dev_flags=("--reload", "--debug", "--debugger"),
                      subcommand="run", app_flags=("-A", "--app"), kind="flask"),
    "fastapi": Launcher("fastapi", 8000, dev_flags=("--reload",), subcommand="run", kind="fastapi"),
    "streamlit": Launcher("streamlit", 8501, ("--server.port",), ("--server.address",),
                          dev_flags=("--server.runOnSave",), subcommand="run", kind="streamlit"),
    "celery": Launcher("celery", 0, _NO_PORT, _NO_PORT, dev_flags=(), app_flags=("-A", "--app"), open_bind=(),
                       kind="worker"),
}
SERVED_KINDS = ("flask", "django", "fastapi", "streamlit")


# gunicorn worker classes -> the extra of gunicorn that installs them (DG1093); through the
# server's own extra the resolver sees gunicorn's version constraint on the worker library.
GUNICORN_WORKER_EXTRAS = {"gevent": "gevent", "eventlet": "eventlet", "tornado": "tornado",
                          "gthread": "", "sync": ""}
# Worker classes named by module path -> the distribution that provides them.
WORKER_MODULES = {"uvicorn.workers": "uvicorn", "uvicorn_worker": "uvicorn-worker"}
# Development spellings of a subcommand -> the production one (``fastapi dev`` -> ``fastapi run``).
DEV_SUBCOMMANDS = {("fastapi", "dev"): "run"}


@dataclass(frozen=True)
class StatedCommand:
    argv: tuple[str, ...]  # the start program and its arguments (runners, prompts, env removed)
    evidence: str  # "README.md:42"
    origin: str  # one of ORIGINS
    env: tuple[tuple[str, str], ...] = ()  # VAR=value words written before the command


# --- reading ---------------------------------------------------------------------------------

GENERATED = "generated by dockergen"  # dockergen's own output is no statement of the project's


def read_stated_commands(root: Path) -> list[StatedCommand]:
    """Every start command the project's files state, most authoritative origin first."""
    found: list[StatedCommand] = []
    text = _read(root, "Dockerfile")
    if text and GENERATED not in text[:2000]:
        found += dockerfile_commands(text, "Dockerfile")
    for name in COMPOSE_FILES:
        text = _read(root, name)
        if text and GENERATED not in text[:2000]:
            found += compose_commands(text, name)
    text = _read(root, "Makefile")
    if text:
        found += makefile_commands(text, "Makefile")
    for name in README_FILES:
        text = _read(root, name)
        if text:
            found += readme_commands(text, name)
            break
    return found


def _read(root: Path, name: str) -> str | None:
    """A file's text, or None: an unreadable document is no reason to stop (it is only a hint)."""
    try:
        return read_text(root, name, limit=1024 * 1024)
    except ProjectError:
        return None


def dockerfile_commands(text: str, name: str) -> list[StatedCommand]:
    """The last stage's ENTRYPOINT + CMD, as the container would run them."""
    try:
        instructions = parse_dockerfile(text).stages[-1].instructions
    except (IndexError, ValueError):
        return []
    entry = [i for i in instructions if i.keyword == "ENTRYPOINT"]
    cmd = [i for i in instructions if i.keyword == "CMD"]
    argv = (entry[-1].argv() if entry else []) + (cmd[-1].argv() if cmd else [])
    line = (cmd or entry)[-1].line if (cmd or entry) else 0
    found = _command(argv, f"{name}:{line}", "dockerfile")
    return [found] if found else []


def compose_commands(text: str, name: str) -> list[StatedCommand]:
    """``command:`` values (a string, a flow list or a block list) of any service."""
    lines = text.splitlines()
    found: list[StatedCommand] = []
    for number, line in enumerate(lines, start=1):
        key, sep, value = line.strip().partition(":")
        if not sep or key != "command":
            continue
        value = value.strip()
        if not value:  # a block list below
            items = []
            for follow in lines[number:]:
                item = follow.strip()
                if not item.startswith("- "):
                    break
                items.append(_unquote(item[2:].strip()))
            words = items
        elif value.startswith("["):
            words = _flow_list(value)
        else:
            words = _split(_unquote(value))
        command = _command(words, f"{name}:{number}", "compose")
        if command:
            found.append(command)
    return found


def makefile_commands(text: str, name: str) -> list[StatedCommand]:
    """Recipe lines of the run-like targets, with simple ``VAR = value`` definitions expanded."""
    variables: dict[str, str] = {}
    found: list[StatedCommand] = []
    target = ""
    for number, line in enumerate(text.splitlines(), start=1):
        definition = re.match(r"^([A-Za-z_]\w*)\s*[:?]?=\s*(.*)$", line)
        if definition and not line.startswith("\t"):
            variables[definition.group(1)] = definition.group(2).strip()
            continue
        rule = re.match(r"^([\w.-]+)\s*:(?!=)", line)
        if rule:
            target = rule.group(1)
            continue
        if line.startswith("\t") and target in MAKE_TARGETS:
            recipe = _expand(line.strip().lstrip("@-").strip(), variables)
            for part in re.split(r"\s*(?:&&|;)\s*", recipe):
                command = _command(_split(part), f"{name}:{number}", "makefile")
                if command:
                    found.append(command)
    return found


def readme_commands(text: str, name: str) -> list[StatedCommand]:
    """Start commands in code blocks, console lines and inline code of a README."""
    found: list[StatedCommand] = []
    for number, snippet in _code_snippets(text):
        command = _command(_split(snippet), f"{name}:{number}", "readme")
        if command and command.argv not in [f.argv for f in found]:
            found.append(command)
    return found


def _code_snippets(text: str) -> Iterator[tuple[int, str]]:
    """(line number, shell text): fenced and indented blocks, prompts, inline code spans."""
    fence = ""
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fence = "" if fence else stripped[:3]
            continue
        in_block = bool(fence) or raw.startswith(("    ", "\t")) or bool(_PROMPT.match(raw))
        if not in_block:
            for match in _INLINE.finditer(raw):
                yield number, match.group(1)
            continue
        line = _PROMPT.sub("", raw).strip()
        if pending:
            line = pending + " " + line
        else:
            start = number
        if line.endswith("\\"):
            pending = line[:-1].strip()
            continue
        pending = ""
        if line:
            yield start, line


# --- recognising ---------------------------------------------------------------------------

def _command(words: Iterable[str], evidence: str, origin: str) -> StatedCommand | None:
    """The start command in ``words``, or None when they start nothing dockergen knows."""
    argv, env = unwrap(words)
    if argv and argv[0].rsplit("/", 1)[-1] == "manage.py":  # ./manage.py runserver
        argv = ["python", "manage.py", *argv[1:]]
    if not argv or not _starts_something(argv):
        return None
    return StatedCommand(tuple(argv), evidence, origin, tuple(env))


def unwrap(words: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The program and its arguments inside ``sh -c '…'``, ``exec``, ``tini --``, runners and
    ``VAR=value`` prefixes, and those assignments."""
    argv = list(words)
    env: list[tuple[str, str]] = []
    while argv:
        head = argv[0]
        if head.rsplit("/", 1)[-1] in ("sh", "bash") and argv[1:2] == ["-c"] and len(argv) >= 3:
            argv = _split(argv[2])
        elif head in ("exec", "env", "nohup", "--") or head.rsplit("/", 1)[-1] == "tini":
            argv = argv[1:]
        elif _ASSIGN.match(head):
            key, _, value = head.partition("=")
            env.append((key, value))
            argv = argv[1:]
        elif head in _RUNNERS and argv[1:2] == [_RUNNERS[head]]:
            argv = argv[2:]
        else:
            break
    return argv, env


def _starts_something(argv: list[str]) -> bool:
    program = argv[0].rsplit("/", 1)[-1]
    if _PYTHON.match(program):
        rest = argv[1:]
        if rest[:1] == ["-m"] and len(rest) > 1:
            return rest[1] not in ("pip", "pytest", "venv", "unittest", "mypy", "ruff", "build", "twine")
        script = next((w for w in rest if not w.startswith("-")), "")
        if script == "manage.py":
            return "runserver" in rest
        return script.endswith(".py") and not script.rsplit("/", 1)[-1].startswith(("test", "setup"))
    launcher = LAUNCHERS.get(program)
    if launcher is None:
        return False
    if program == "celery":
        return any(w in ("worker", "beat") for w in argv)
    if launcher.subcommand:
        return _subcommand_at(argv, program) is not None
    return len(argv) > 1


def _subcommand_at(argv: list[str], program: str) -> int | None:
    """Where the launcher's start subcommand (or its development spelling) stands in ``argv``."""
    wanted = LAUNCHERS[program].subcommand
    for i, word in enumerate(argv[1:], start=1):
        if word == wanted or DEV_SUBCOMMANDS.get((program, word)) == wanted:
            return i
    return None


def packages_for(argv: Iterable[str]) -> list[str]:
    """DG1093: what must be installed for ``argv`` to run: its program's distribution, and for
    gunicorn the worker class's extra (``-k gevent`` -> ``gunicorn[gevent]``) or provider."""
    words, _ = unwrap(argv)
    if not words:
        return []
    launcher = LAUNCHERS.get(words[0].rsplit("/", 1)[-1])
    if launcher is None:
        return []
    if launcher.kind in SERVED_KINDS:
        return []  # the plan adds the framework's own production server
    if launcher.distribution != "gunicorn":
        return [launcher.distribution]
    worker = ""
    for flag, value in pairwise(words):
        if flag in ("-k", "--worker-class"):
            worker = value
    worker = next((w.partition("=")[2] for w in words if w.startswith("--worker-class=")), worker)
    extra = GUNICORN_WORKER_EXTRAS.get(worker)
    if extra:
        return [f"gunicorn[{extra}]"]
    provider = next((d for module, d in WORKER_MODULES.items() if worker.startswith(module + ".")), "")
    return ["gunicorn", provider] if provider else ["gunicorn"]


def extras_providing(packages: Iterable[str], optional: dict[str, list[str]]) -> list[str]:
    """DG1093: the project's own extras (``[project.optional-dependencies]``) that declare any of
    ``packages``: installing the extra keeps the project's own version ranges."""
    wanted = set()
    for package in packages:
        try:
            wanted.add(canonicalize_name(Requirement(package).name))
        except InvalidRequirement:
            continue
    found = []
    for extra, requirements in optional.items():
        for text in requirements:
            try:
                name = canonicalize_name(Requirement(text).name)
            except InvalidRequirement:
                continue
            if name in wanted:
                found.append(extra)
                break
    return found


# --- translating -----------------------------------------------------------------------------

def translate(command: StatedCommand) -> StartIntent:
    """DG1091: the production meaning of a stated command."""
    argv = list(command.argv)
    program = argv[0].rsplit("/", 1)[-1]
    if _PYTHON.match(program):
        return _translate_python(command, argv)
    launcher = LAUNCHERS[program]
    dropped: list[str] = []
    at = _subcommand_at(argv, program) if launcher.subcommand else None
    if at is not None and argv[at] != launcher.subcommand:
        dropped.append(f"{program} {argv[at]} -> {program} {launcher.subcommand}")
        argv[at] = launcher.subcommand
    argv, port, more = _strip(argv, launcher)
    dropped += more
    target = _target(argv, launcher) or dict(command.env).get("FLASK_APP" if program == "flask" else "", "")
    if launcher.kind in SERVED_KINDS:  # the plan serves the framework itself
        return StartIntent(launcher.kind, (), command.evidence, target, port, tuple(dropped), command.env)
    named = launcher.host_flags + launcher.bind_flags
    if launcher.open_bind and not any(w.partition("=")[0] in named for w in argv):
        argv += [w.format(port=port or launcher.port) for w in launcher.open_bind]
    return StartIntent(launcher.kind, tuple(argv), command.evidence, target, port or launcher.port or None,
                       tuple(dropped), command.env)


def _translate_python(command: StatedCommand, argv: list[str]) -> StartIntent:
    rest = argv[1:]
    if rest[:1] == ["-m"]:
        module = rest[1]
        if module in LAUNCHERS:  # python -m uvicorn ...: the launcher itself
            return translate(replace(command, argv=(module, *rest[2:])))
        return StartIntent("script", ("python", "-m", *rest[1:]), command.evidence, module, _any_port(rest),
                           env=command.env)
    if "manage.py" in rest:  # python manage.py runserver [ADDR:]PORT
        where = rest[rest.index("runserver") + 1:] if "runserver" in rest else []
        port = _port(where[0].rsplit(":", 1)[-1]) if where and not where[0].startswith("-") else None
        return StartIntent("django", (), command.evidence, "manage.py", port,
                           ("manage.py runserver -> a production server",), command.env)
    script = next(w for w in rest if w.endswith(".py"))
    kept = [w for w in rest if w not in ("--debug", "--reload")]
    dropped = tuple(w for w in rest if w not in kept)
    return StartIntent("script", ("python", *kept), command.evidence, script, _any_port(rest), dropped,
                       command.env)


def _strip(argv: list[str], launcher: Launcher) -> tuple[list[str], int | None, list[str]]:
    """Remove development switches, open a localhost bind, and read the port."""
    out: list[str] = []
    dropped: list[str] = []
    port: int | None = None
    words = iter(argv)
    for word in words:
        flag, eq, inline = word.partition("=")
        if word in launcher.dev_flags or flag in launcher.dev_options:
            dropped.append(word)
            if flag in launcher.dev_options and not eq:
                dropped.append(next(words, ""))
            continue
        if flag in launcher.port_flags + launcher.host_flags + launcher.bind_flags:
            value = inline if eq else next(words, "")
            if flag in launcher.port_flags:
                port = _port(value) or port
            else:
                host, _, bound = value.rpartition(":") if flag in launcher.bind_flags else (value, "", "")
                port = _port(bound) or port
                if (host if flag in launcher.bind_flags else value) in LOCAL_HOSTS:
                    dropped.append(f"{flag} {value} (localhost is unreachable from outside the container)")
                    value = value.replace(host or value, "0.0.0.0", 1)
            out += [f"{flag}={value}"] if eq else [flag, value]
            continue
        out.append(word)
    return out, port, dropped


def _target(argv: list[str], launcher: Launcher) -> str:
    """The app spec (``pkg.mod:app``) or file the command starts, when it names one."""
    valued = launcher.port_flags + launcher.host_flags + launcher.bind_flags
    for flag, value in pairwise(argv):
        if flag in launcher.app_flags:
            return value
    for before, word in pairwise(argv):
        if word.startswith("-") or word == launcher.subcommand or before in valued:
            continue
        if ":" in word or word.endswith((".py", ".ipynb")):
            return word
    return ""


def _any_port(words: list[str]) -> int | None:
    for flag, value in pairwise(words):
        if flag in ("--port", "-p"):
            return _port(value)
    return None


def _port(text: str) -> int | None:
    return int(text) if text.isdigit() and 0 < int(text) < 65536 else None


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return []


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _flow_list(text: str) -> list[str]:
    try:
        value = json.loads(text.replace("'", '"'))
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _expand(text: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$[({](\w+)[)}]", lambda m: variables.get(m.group(1), m.group(0)), text)


def detect_stated_starts(root: Path) -> list[StartIntent]:
    """DG1090/DG1091: every stated start command, translated, most authoritative first."""
    intents: list[StartIntent] = []
    for command in read_stated_commands(root):
        intent = translate(command)
        if all(intent.argv != seen.argv or intent.kind != seen.kind or intent.target != seen.target
               for seen in intents):
            intents.append(intent)
    return intents
