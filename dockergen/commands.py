"""Production start commands per framework: the server, its packages, its env and flags.

Pure functions of the facts; ``plan.py`` calls ``server_for``. Every command is an argv list
(it becomes an exec-form JSON array, BEST-PRACTICES rule 24).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .facts import AppTarget
from .versions import GUNICORN_VERSION


@dataclass(frozen=True)
class Server:
    cmd: list[str]
    packages: list[str] = field(default_factory=list)  # installed even if the project omits them
    env: list[tuple[str, str]] = field(default_factory=list)
    entrypoint: list[str] = field(default_factory=list)
    health_path: str | None = None  # None: a TCP connect is the health check
    needs_init: bool = False  # does not handle SIGTERM itself -> run under tini
    note: str = ""


def gunicorn(app: AppTarget, port: int, *, worker_class: str | None = None) -> Server:
    """gunicorn tuned for containers (BEST-PRACTICES rules 27, 29, 30, 31)."""
    cmd = ["gunicorn", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-", "--error-logfile", "-"]
    if worker_class:
        cmd += ["--worker-class", worker_class]
    cmd.append(app.spec)
    return Server(
        cmd=cmd,
        packages=[f"gunicorn=={GUNICORN_VERSION}"],
        # gunicorn binds 0.0.0.0:$PORT when PORT is set, so platforms that set PORT are honoured.
        env=[("PORT", str(port)), ("WEB_CONCURRENCY", "2"), ("FORWARDED_ALLOW_IPS", "127.0.0.1")],
        note="gunicorn binds 0.0.0.0:$PORT; workers from $WEB_CONCURRENCY",
    )


def server_for(framework: str | None, app: AppTarget | None, port: int | None) -> Server | None:
    """The production server for a detected web app, or None for non-web projects."""
    if framework == "flask" and app is not None and port is not None:
        return gunicorn(app, port)
    return None
