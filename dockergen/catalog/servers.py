"""Production servers and development-server commands, for the plan and for ``dockergen check``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .frameworks import FRAMEWORKS
from .launchers import LAUNCHERS


@dataclass(frozen=True)
class ServerEntry:
    program: str
    signal_aware: bool  # handles SIGTERM itself, so it can be PID 1 (BEST-PRACTICES rule 26)


# The production servers among the launchers (framework CLIs and workers are not servers).
SERVERS: tuple[ServerEntry, ...] = tuple(ServerEntry(program, entry.signal_aware)
                                         for program, entry in LAUNCHERS.items() if entry.kind == "server")
# Any server's auto-reloader is a development mode.
RELOAD = r"--reload\b"
_DEV = re.compile("|".join([p.pattern for f in FRAMEWORKS for p in f.dev_servers] + [RELOAD]))


def server_programs() -> tuple[str, ...]:
    return tuple(s.program for s in SERVERS)


def signal_aware(program: str) -> bool:
    return any(s.program == program and s.signal_aware for s in SERVERS)


def is_dev_command(text: str) -> bool:
    """A command line (a Procfile's, say) that starts a development server."""
    return bool(_DEV.search(text))


def dev_server_reason(argv: list[str]) -> str:
    """How ``check`` names the development server ``argv`` starts, or ""."""
    text = " ".join(argv)
    for f in FRAMEWORKS:
        for dev in f.dev_servers:
            if re.search(dev.pattern, text):
                return dev.reason
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    if program in server_programs() and "--reload" in argv:
        return f"{program} --reload"
    return ""
