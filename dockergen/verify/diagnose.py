"""Why an image failed: one table of known causes (pattern -> code, cause, fix, remedy).

Every row is a decision code with its page (docs/decisions/DG40xx.md). A row with a ``pattern``
is matched against the log of the stage that failed; rows without one are raised by the run
itself (what it saw: a root user, a loopback-only listener, a SIGTERM that ended nothing).
``remedy`` names what ``dockergen verify --fix`` can change (dockergen/verify/fix.py), or is
empty when only the user can act (a secret, the app's own code).
Pure: text in, a ``Diagnosis`` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..catalog.launchers import LAUNCHERS

# Standard-library modules removed by a Python minor (PEP 594, PEP 632): the oldest minor without them.
REMOVED_STDLIB = {
    **dict.fromkeys(("distutils", "imp", "asynchat", "asyncore", "smtpd"), "3.12"),
    **dict.fromkeys(("cgi", "cgitb", "aifc", "audioop", "chunk", "crypt", "imghdr", "mailcap", "msilib",
                     "nis", "nntplib", "ossaudiodev", "pipes", "sndhdr", "spwd", "sunau", "telnetlib", "uu",
                     "xdrlib", "lib2to3"), "3.13"),
}
# Import names whose distribution is named differently (the few common ones).
DISTRIBUTIONS = {
    "yaml": "PyYAML", "PIL": "Pillow", "cv2": "opencv-python-headless", "sklearn": "scikit-learn",
    "bs4": "beautifulsoup4", "dateutil": "python-dateutil", "dotenv": "python-dotenv", "jwt": "PyJWT",
    "magic": "python-magic", "MySQLdb": "mysqlclient", "psycopg2": "psycopg2-binary", "attr": "attrs",
    "google.protobuf": "protobuf", "OpenSSL": "pyOpenSSL", "Crypto": "pycryptodome", "serial": "pyserial",
    "multipart": "python-multipart", "telegram": "python-telegram-bot", "discord": "discord.py",
}
# Programs a start command names, and the distribution that installs them.
# Program -> the distribution that provides it (the catalog's launchers); another program is
# taken as its own distribution's name, a guess the rebuild checks.
SERVERS = {program: entry.distribution for program, entry in LAUNCHERS.items()}


@dataclass(frozen=True)
class Rule:
    code: str
    stages: tuple[str, ...]  # the stages whose log it is matched against
    pattern: str | None  # a regex over the log (multi-line); None: raised by the run
    cause: str  # str.format with the match's named groups and the details
    fix: str
    remedy: str = ""  # a fix.py remedy name, "" when only the user can act


_RUN = ("start", "answer", "stop")
_DEBIAN_NAME = r"[a-z0-9][a-z0-9+.-]+"  # a Debian package name (Debian policy 5.6.1)
# The traceback's form, and `python -m X`'s when X is not installed ("python: No module named X").
_MODULE = (r"(?:ModuleNotFoundError: No module named '(?P<module>[\w.]+)'"
           r"|python[\d.]*: No module named (?P<module2>[\w.]+))")
RULES: tuple[Rule, ...] = (
    Rule("DG4002", ("build", *_RUN), r"No module named '(?P<module>" + "|".join(REMOVED_STDLIB) + r")(?:\.[\w.]+)?'",
         "the standard library module {module} was removed in Python {removed}: the project (or a "
         "dependency) is older than the Python in the image",
         "build with an older Python: set python = \"{older}\" in [tool.dockergen] (dockergen verify --fix does)",
         "python_older"),
    Rule("DG4004", ("build", *_RUN), r"No module named 'pkg_resources'",
         "pkg_resources is imported but setuptools is not installed (new environments no longer include "
         "it, and setuptools 81 removed it)",
         "add setuptools<81: extra_packages = [\"setuptools<81\"] in [tool.dockergen], or an as-of date "
         "for a build (dockergen verify --fix does)", "pkg_resources"),
    Rule("DG4003", ("build",),
         r"(?im)^.*(?:error: command '[\w./+-]*(?:gcc|cc|g\+\+|clang)' failed|unable to execute '[\w./+-]*gcc'"
         r"|(?:gcc|cc|clang): (?:command )?not found|Failed to build|Failed building wheel|"
         r"No matching distribution found for|Could not find a version that satisfies|No solution found when resolving"
         r"|no wheels with a matching Python).*$",
         "no installable release for Python {python}: a dependency has no wheel for it and building "
         "it from source failed (or it does not support this Python)",
         "build with an older Python, the one the project's era used: set python = \"{older}\" in "
         "[tool.dockergen] (dockergen verify --fix does)", "python_older"),
    Rule("DG4016", ("build",),
         rf"(?:E: Unable to locate package (?P<package>{_DEBIAN_NAME})"
         rf"|Package '(?P<package2>{_DEBIAN_NAME})' has no installation candidate)",
         "the Debian package {package} does not exist in the image's Debian release{replaced}",
         "use the name this release has{instead} in packages.txt, or the Debian release the name belongs to "
         "(--debian)"),
    Rule("DG4008", _RUN,
         r"(?:exec: \"(?P<program>[^\"]+)\": executable file not found|exec (?P<program2>\S+) failed: No such file"
         r"|(?:/bin/sh|sh): \d+: (?P<program3>[^:\s]+): not found)",
         "the start command runs {program}, which is not installed in the image",
         "install it: extra_packages = [\"{package}\"] in [tool.dockergen] (dockergen verify --fix does), "
         "or change the command", "server"),
    Rule("DG4005", _RUN,
         r"(?:PermissionError: \[Errno 13\] Permission denied|OSError: \[Errno 30\] Read-only file system"
         r"|sqlite3\.OperationalError: (?:unable to open database file|attempt to write a readonly database))"
         r"(?:: '(?P<path>[^']+)')?",
         "the app writes to {where}, which the image keeps read-only for its user",
         "make the folder writable: extra_writable_dirs = [\"{folder}\"] in [tool.dockergen] "
         "(dockergen verify --fix does)", "writable_dir"),
    Rule("DG4007", _RUN,
         r"(?:KeyError: '(?P<name>[A-Z][A-Z0-9_]*)'|(?:environment variable|env var)\s+'?(?P<name2>[A-Z][A-Z0-9_]*)'?"
         r"\s+(?:is\s+)?(?:not set|missing|required)|(?P<name3>[A-Z][A-Z0-9_]{2,})\s+(?:environment variable\s+)?"
         r"(?:is not set|must be set|is required)|Set the (?P<name4>[A-Z][A-Z0-9_]*) environment variable"
         r"|validation errors? for \w*Settings\w*\n(?P<name5>\w+)\n\s+Field required)",
         "the app needs the environment variable {name}{reads}",
         "pass it at run time: dockergen verify --env {name}=... (docker run -e {name}=...); it is never "
         "written into the image"),
    Rule("DG4001", ("build", *_RUN), _MODULE,
         "{module} is imported but {declared}",
         "{module_fix}", "extra_package"),
    Rule("DG4014", _RUN,
         r"(?:Connection refused|Error 111 connecting to (?P<address>[\w.:-]+)|could not connect to server"
         r"|Name or service not known|Temporary failure in name resolution|getaddrinfo failed|Network is unreachable"
         r"|Cannot assign requested address|Is the server running on that host|Can't connect to MySQL server)",
         "the app connects to a service (a database, a broker, an API) that is not there, at start-up or on "
         "the first request: "
         "verify runs the image alone, without a network",
         "point it at a reachable service with --env (e.g. DATABASE_URL), or let it start without one; "
         "compose.yaml (dockergen init --compose) runs the services it needs"),
    Rule("DG4015", _RUN,
         r"(?:ImportError: cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'"
         r"|AttributeError: module '(?P<module2>[\w.]+)' has no attribute '(?P<name2>\w+)')",
         "{module} has no {name}: a newer release of {package} than the project was written for is "
         "installed (a requirement left open drifted)",
         "pin {package} to the version of the project's time, or set as_of = \"YYYY-MM-DD\" (the project's "
         "last change) in [tool.dockergen]; with its git history dockergen picks that date itself (DG2080); "
         "dockergen verify --fix dates it from the project's exact pins", "as_of_pins"),
    Rule("DG4006", ("answer",), None,
         "the app listens on {address}:{port} only: it answers inside the container, but nothing "
         "outside it can reach it",
         "bind 0.0.0.0 (e.g. app.run(host=\"0.0.0.0\"), --bind 0.0.0.0:$PORT) or set command in [tool.dockergen]"),
    Rule("DG4013", ("answer",), None,
         "nothing listens on port {port}; the app listens on {others}",
         "set port = {other} in [tool.dockergen] (dockergen verify --fix does), or make the app use $PORT", "port"),
    Rule("DG4012", ("answer",), None,
         "nothing answered HTTP on port {port} within {timeout:.0f} s although the process runs{listening}",
         "check that the app starts a server on port {port} (dockergen verify --timeout for slow starts)"),
    Rule("DG4011", ("answer",), None,
         "the app answered HTTP {status} on {path}: it runs, but fails to serve",
         "read the log lines above; the app may need configuration (--env) or a service"),
    Rule("DG4009", ("stop",), None,
         "docker stop's SIGTERM did not end the process within {timeout} s: it was killed",
         "start the app in exec form (CMD [\"...\"]) or behind an init (tini), and let it handle SIGTERM"),
    Rule("DG4010", ("start",), None,
         "the image runs as {user}",
         "run as an unprivileged user (USER 10001:10001), as dockergen's Dockerfiles do"),
    Rule("DG4000", ("build", *_RUN), None,
         "{what}", "read the log lines; `dockergen verify --json` keeps them for a report"),
)
BY_CODE = {rule.code: rule for rule in RULES}


@dataclass
class Hints:
    """What the project tells the diagnosis (from inspection; never from running it)."""

    requirements: set[str] = field(default_factory=set)  # canonical distribution names
    local_modules: set[str] = field(default_factory=set)  # top-level modules in the project
    # DG2117: the start file's imports of the project's own modules -> "file:line (where it is)"
    own_imports: dict[str, str] = field(default_factory=dict)
    env_reads: dict[str, str] = field(default_factory=dict)  # NAME -> file:line
    pins: dict[str, str] = field(default_factory=dict)  # exact pins, name -> version
    python: str | None = None  # the image's Python minor
    older: str = "3.11"  # the minor an older-Python remedy would pick


@dataclass
class Diagnosis:
    code: str
    cause: str
    fix: str
    log: list[str] = field(default_factory=list)
    remedy: str = ""
    stage: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "cause": self.cause, "fix": self.fix, "log": list(self.log)}


def diagnose(stage: str, log: str, hints: Hints | None = None) -> Diagnosis:
    """The first table row whose pattern matches the log (DG4000 with the last lines otherwise)."""
    hints = hints or Hints()
    lines = [_clean(line) for line in log.splitlines()]
    text = "\n".join(lines)
    for rule in RULES:
        if rule.pattern is None or stage not in rule.stages:
            continue
        match = re.search(rule.pattern, text, re.MULTILINE)
        if match is None:
            continue
        raw = {k: v for k, v in match.groupdict().items() if v}
        groups = {k.rstrip("2345"): v for k, v in raw.items()}
        at = text.count("\n", 0, match.start())
        near = relevant(lines, at)
        detail = _details(rule.code, groups, hints, explicit=bool({"name2", "name3", "name4", "name5"} & raw.keys()),
                          near="\n".join(near))
        if detail is None:
            continue
        return make(rule.code, stage, near, **detail)
    tail = (_failing_step(log.splitlines()) or [line for line in lines if line.strip()])[-12:]
    return make("DG4000", stage, tail, what=f"the {stage} stage failed for a reason dockergen does not know")


_STEP_ERROR = re.compile(r"^#(\d+) ERROR\b")


def _failing_step(raw: list[str]) -> list[str]:
    """BuildKit's lines of the step that failed (``#6 ...`` up to ``#6 ERROR``), cleaned: steps
    built at the same time interleave theirs, so the log's last lines may be another step's."""
    for line in reversed(raw):
        match = _STEP_ERROR.match(line)
        if match:
            prefix = f"#{match.group(1)} "
            return [line for line in (_clean(item) for item in raw if item.startswith(prefix)) if line.strip()]
    return []


def make(code: str, stage: str, log: list[str] | None = None, **detail: Any) -> Diagnosis:
    """The diagnosis of table row ``code`` with its cause and fix filled from ``detail``."""
    rule = BY_CODE[code]
    values = _Missing(detail)
    return Diagnosis(code, rule.cause.format_map(values), rule.fix.format_map(values), list(log or []),
                     rule.remedy, stage, detail)


class _Missing(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


def _details(code: str, groups: dict[str, str], hints: Hints, *, explicit: bool = False,
             near: str = "") -> dict[str, Any] | None:
    """Values for the row's text, or None when the match is not this row's case after all."""
    detail: dict[str, Any] = dict(groups, python=hints.python or "?", older=hints.older)
    if code == "DG4002":
        top = groups["module"].split(".")[0]
        detail.update(module=top, removed=REMOVED_STDLIB[top])
    elif code == "DG4008":
        program = groups.get("program", "")
        name = program.rsplit("/", 1)[-1]
        detail.update(program=program, package=SERVERS.get(name, name))
    elif code == "DG4005":
        path = groups.get("path", "")
        folder = writable_folder(path)
        detail.update(path=path, folder=folder or "<folder>", where=path or "a database or file")
    elif code == "DG4007":
        name = groups["name"].upper()  # a settings class's field name is the variable's, in any case
        # A bare KeyError is an environment variable only when the code reads one by that name,
        # or the traceback shows os.environ.
        if explicit is False and name not in hints.env_reads and "environ" not in near:
            return None
        reads = f" (read at {hints.env_reads[name]})" if name in hints.env_reads else ""
        others = sorted(set(hints.env_reads) - {name})
        if others:
            reads += "; the code also reads " + ", ".join(others[:8])
        detail.update(name=name, reads=reads, names=[name, *others])
    elif code == "DG4016":  # apt names what replaced it: "However the following packages replace it:"
        package = groups["package"]
        after = near.split(f"'{package}'", 1)[0]
        replacement = re.search(rf"following packages replace it:\s*\n(?:#\d+ [\d.]+ )?\s*({_DEBIAN_NAME})", after)
        name = replacement.group(1) if replacement else ""
        detail.update(replaced=f" (it has {name} in its place)" if name else "",
                      instead=f", {name}," if name else "")
    elif code == "DG4015":
        top = groups["module"].split(".")[0]
        if top in hints.local_modules or top in ("os", "sys") or top in REMOVED_STDLIB:
            return None  # the project's own import problem (a cycle, a typo), not a drifted dependency
        detail.update(package=DISTRIBUTIONS.get(top, top), pins=dict(hints.pins))
    elif code == "DG4001":
        return _module_details(groups["module"], hints, detail)
    return detail


def _module_details(module: str, hints: Hints, detail: dict[str, Any]) -> dict[str, Any]:
    top = module.split(".")[0]
    package = DISTRIBUTIONS.get(module) or DISTRIBUTIONS.get(top) or top
    canonical = re.sub(r"[-_.]+", "-", package).lower()
    detail.update(module=top, package=package)
    if top in hints.own_imports:
        detail.update(declared=f"it is the project's own module, imported at {hints.own_imports[top]}, and the "
                               "start command does not put its folder on sys.path (DG2117)",
                      module_fix="regenerate the Dockerfile with `dockergen init --force` (DG2117 adds the folder "
                                 "to PYTHONPATH), or set ENV PYTHONPATH to it")
        detail["local"] = True
    elif top in hints.local_modules:
        detail.update(declared="it is the project's own module and is not in the image (a .dockerignore "
                      "entry, or a start command run from another folder)",
                      module_fix="check .dockerignore and the start command's working folder")
        detail["local"] = True
    elif canonical in hints.requirements:
        detail.update(declared=f"{package} is declared and was not installed (an optional group or a marker?)",
                      module_fix=f"install it: extra_packages = [\"{package}\"] in [tool.dockergen] "
                                 "(dockergen verify --fix does)")
    else:
        detail.update(declared=f"the project does not declare {package}",
                      module_fix=f"declare {package} in the project's requirements, or add extra_packages = "
                                 f"[\"{package}\"] in [tool.dockergen] (dockergen verify --fix does)")
    return detail


def writable_folder(path: str, workdir: str = "/app") -> str:
    """The folder to make writable for a denied path, relative to the app folder: the path's top
    folder there ("data" for /app/data/db.sqlite or data/x.txt, "data" for a folder data being
    made); "" for a file right in the app folder or a path outside it (no setting can help)."""
    prefix = workdir.rstrip("/") + "/"
    if path.startswith(prefix):
        path = path[len(prefix):]
    elif path.startswith("/"):
        return ""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts or parts[0] == ".." or (len(parts) == 1 and "." in parts[0]):
        return ""
    return parts[0]


_PREFIX = re.compile(r"^#\d+ \d+\.\d+(?: |$)")


def _clean(line: str) -> str:
    """A log line without BuildKit's ``#12 3.456`` prefix."""
    return _PREFIX.sub("", line.rstrip())


def relevant(lines: list[str], at: int, before: int = 40, after: int = 1) -> list[str]:
    """The lines around line ``at``: back to its traceback's start (at most ``before``) and
    ``after``, without the import machinery's frames and the caret lines under code."""
    start = max(0, at - before)
    for i in range(at, start - 1, -1):
        if lines[i].startswith("Traceback") or _STEP.match(lines[i]):  # a build step's header
            start = i
            break
    kept: list[str] = []
    skip_code = False  # the source line under a skipped frame
    for line in lines[start:at + after + 1]:
        stripped = line.strip()
        frame = stripped.startswith("File ")
        if skip_code and not frame and line.startswith("    "):
            skip_code = False
            continue
        skip_code = frame and bool(_MACHINERY.search(stripped))
        if skip_code or not stripped or _NOISE.match(stripped):
            continue
        kept.append(line)
    while kept and kept[0].startswith("    "):  # a source line cut from its frame
        kept.pop(0)
    if len(kept) > 15:
        kept = kept[:1] + kept[-14:] if _STEP.match(kept[0]) else kept[-15:]
    return kept


_STEP = re.compile(r"^#\d+ \[")
_NOISE = re.compile(r"^(?:[\^~ ]+|#\d+ (?:sha256:\w+|DONE .*|CACHED|ERROR.*))$")
_MACHINERY = re.compile(r'^File "(?:<frozen [^>]+>|[^"]*/importlib/__init__\.py|[^"]*/site-packages/gunicorn/[^"]*)"')
