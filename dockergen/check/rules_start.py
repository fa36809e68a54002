"""Rules about how the container starts: exec form (DG3005), a production server (DG2005) and
the right application object (DG1004)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..catalog.frameworks import framework as catalog_framework
from ..catalog.servers import dev_server_reason, server_programs
from . import shell
from .model import CheckContext, Finding
from .parser import Instruction

_APP_SPEC = re.compile(r"^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(.*\))?$")


def _start(ctx: CheckContext) -> tuple[Instruction | None, Instruction | None]:
    """The final stage's last ENTRYPOINT and CMD (None where it sets none)."""
    final = ctx.dockerfile.final
    entry = cmd = None
    for ins in final.instructions if final else []:
        if ins.keyword == "ENTRYPOINT":
            entry, cmd = ins, None  # a new ENTRYPOINT resets an inherited CMD
        elif ins.keyword == "CMD":
            cmd = ins
    return entry, cmd


def shell_form(ctx: CheckContext) -> Iterator[Finding]:
    """DG3005: CMD/ENTRYPOINT in exec form, so the app is PID 1's child that gets SIGTERM."""
    for ins in _start(ctx):
        if ins is not None and ins.exec_form is None:
            form = f"{ins.keyword} {json.dumps(shell.words(ins.args))}"
            yield Finding("DG3005", "warning", ins.line,
                          f"{ins.keyword} in shell form: /bin/sh is PID 1 "
                          "and the app never sees docker stop's SIGTERM.",
                          f"Use exec form: `{form}`.", ctx.dockerfile_path)


def start_argv(ctx: CheckContext) -> tuple[list[str], int]:
    """The command the container runs (wrappers and ``sh -c`` removed) and its line."""
    entry, cmd = _start(ctx)
    argv = (entry.argv() if entry else []) + (cmd.argv() if cmd else [])
    last = cmd or entry
    line = last.line if last else 0
    return shell.python_module(shell.unwrap(argv)), line


def dev_server(ctx: CheckContext) -> Iterator[Finding]:
    """DG2005: the image starts a development server (reloader, debugger, one process)."""
    argv, line = start_argv(ctx)
    if not argv:
        return
    reason = _dev_reason(argv, ctx)
    if reason:
        yield Finding("DG2005", "error", line, f"The image starts a development server ({reason}).",
                      "Serve with a production server (gunicorn for WSGI, uvicorn for ASGI); "
                      "`dockergen init --dry-run` shows the command.", ctx.dockerfile_path)


def _dev_reason(argv: list[str], ctx: CheckContext) -> str:
    reason = dev_server_reason(argv)  # the catalog's development servers
    if reason:
        return reason
    app = ctx.facts.app.app.value if ctx.facts.app.app else None
    entry = catalog_framework(ctx.facts.app.framework.value if ctx.facts.app.framework else None)
    if (shell.PYTHONS.match(argv[0]) and app is not None and entry is not None and entry.run_directly_is_dev
            and len(argv) > 1 and argv[1].lstrip("./") == app.file):
        return f"python {argv[1]} runs {entry.id}'s built-in server"
    return ""


def wrong_app(ctx: CheckContext) -> Iterator[Finding]:
    """DG1004: the server loads the application object the project actually defines."""
    target = ctx.settings.app
    argv, line = start_argv(ctx)
    if target is None or not argv or argv[0].rsplit("/", 1)[-1] not in server_programs():
        return
    specs = [m for m in map(_APP_SPEC.match, argv[1:]) if m]
    if not specs:
        return
    module, attr, _call = specs[-1].groups()
    want = target.value
    if module != want.module or attr != want.attribute:
        yield Finding("DG1004", "error", line,
                      f"The server loads `{specs[-1].group(0)}`, but the app is `{want.spec}` ({target.describe()}).",
                      f"Start `{want.spec}` (or set `app` in [tool.dockergen] if the detection is wrong).",
                      ctx.dockerfile_path)
