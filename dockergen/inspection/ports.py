"""The port the app listens on: from the code, gunicorn.conf.py or the Procfile, else the
framework's default (DG1053). Everything web gets an unprivileged port (BEST-PRACTICES 28).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ..catalog.frameworks import Framework, framework
from ..catalog.launchers import SERVED_KINDS
from ..facts import Fact, ProjectFacts
from .ast_utils import (
    call_name,
    calls,
    env_default_int,
    keyword_node,
    module_assignments,
    parse_module,
    str_constant,
)
from .found import PortFound

# Call (last dotted part) -> the keyword that carries the port.
PORT_KEYWORDS = {"run": "port", "run_app": "port", "launch": "server_port", "listen": "port", "run_server": "port",
                 "serve": "port"}
# Calls that also take the port as a positional argument: Tornado's ``app.listen(8888)`` (DG1061).
PORT_POSITIONS = {"listen": 0}
# ``options.define("port", default=8888)`` (tornado.options): the option's default is the port.
OPTION_DEFINES = ("define",)
OTHER_FILES = ("main.py", "run.py", "server.py", "__main__.py")
_BIND = re.compile(r"(?:--bind[ =]|-b ?|--port[ =]|-p ?|--server\.port[ =])['\"]?(?:[\w.\[\]:]*:)?(\d{2,5})\b")


def detect_port(root: Path, facts: ProjectFacts) -> PortFound:
    if facts.framework is None and facts.procfile_web is not None:  # a web process of its own
        web = facts.procfile_web
        return PortFound(_port_from_procfile(facts) or Fact(8000, "default", f"{web.evidence} web process"))
    entry = framework(facts.framework.value) if facts.framework else None
    if entry is None or entry.default_port is None:  # the catalog's port when nothing says otherwise
        return PortFound(None)
    warnings = tuple(loopback_binds(root, facts))
    in_code, from_env = _port_from_code(root, facts)
    port = (_port_from_procfile(facts) or _port_from_gunicorn_conf(root, facts) or in_code
            or _port_from_stated(facts) or _port_from_paste(facts))
    if port is None and entry.port_required and facts.entry_file is not None:
        file = facts.entry_file.value
        warnings += (f"{file}: {entry.id} listens on a random port unless its {', '.join(entry.run_calls)}() call "
                     f"is given port=; pass port={entry.default_port} (the port the image exposes).",)
    return PortFound(port or Fact(entry.default_port, "default", f"{entry.id} default"),
                     from_env and port is in_code, warnings)


def _port_from_paste(facts: ProjectFacts) -> Fact[int] | None:
    """DG1058: the port of the paste ini's [server:main] (its host never: gunicorn binds 0.0.0.0)."""
    paste = facts.paste_app
    return Fact(paste.port, "detected", paste.port_evidence) if paste and paste.port else None


LOOPBACK = ("127.0.0.1", "localhost", "::1")
HOST_KEYWORDS = {"run_app": "host", "launch": "server_name", "listen": "address", "run": "host"}
HOST_POSITIONS = {"listen": 1}  # Tornado's ``listen(port, address)``


def loopback_binds(root: Path, facts: ProjectFacts) -> list[str]:
    """Apps that start their own server must not bind loopback: nothing outside could reach it."""
    warnings: list[str] = []
    relpath = facts.entry_file.value if facts.entry_file else ""
    tree = parse_module(root, relpath) if relpath else None
    for call in calls(tree) if tree is not None else []:
        name = call_name(call).rsplit(".", 1)[-1]
        keyword = HOST_KEYWORDS.get(name)
        node = keyword_node(call, keyword) if keyword else None
        if node is None and name in HOST_POSITIONS and len(call.args) > HOST_POSITIONS[name]:
            node = call.args[HOST_POSITIONS[name]]
        host = str_constant(node)
        if host in LOOPBACK:
            rely = " and rely on GRADIO_SERVER_NAME" if keyword == "server_name" else ""
            warnings.append(
                f"{relpath}:{call.lineno} binds {host}, which cannot be reached from outside the container; "
                f"use {keyword}=\"0.0.0.0\" (or drop it{rely}).")
    return warnings


def _port_from_code(root: Path, facts: ProjectFacts) -> tuple[Fact[int] | None, bool]:
    """The port the app's own code passes its server, and whether it reads $PORT for it."""
    own = facts.app.value.file if facts.app else facts.entry_file.value if facts.entry_file else ""
    for relpath in dict.fromkeys([own, *OTHER_FILES]):
        tree = parse_module(root, relpath) if relpath else None
        for call in calls(tree) if tree is not None else []:
            name = call_name(call).rsplit(".", 1)[-1]
            keyword = PORT_KEYWORDS.get(name)
            node = keyword_node(call, keyword) if keyword else None
            if name in PORT_POSITIONS and node is None and len(call.args) > PORT_POSITIONS[name]:
                node = call.args[PORT_POSITIONS[name]]
            elif name in OPTION_DEFINES and call.args and str_constant(call.args[0]) == "port":
                keyword, node = "port default", keyword_node(call, "default")
            port = _int_constant(node)
            if port and 1024 <= port <= 65535:
                return Fact(port, "detected", f"{relpath}:{call.lineno} {keyword}={port}"), False
            port = env_default_int(node, "PORT") if node is not None else None
            if port and 1024 <= port <= 65535:
                return Fact(port, "detected", f"{relpath}:{call.lineno} {keyword}=$PORT or {port}"), True
    return None, False


def _int_constant(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    return None


def _stated_kinds(entry: Framework) -> tuple[str, ...]:
    """Stated start commands (DG1090) whose port is this framework's app's: its own CLI's
    (``flask run``), a server's on its app object, a script's when the file starts the server."""
    kinds: tuple[str, ...] = (entry.id,) if entry.id in SERVED_KINDS else ()
    if entry.interface in ("wsgi", "asgi"):
        kinds += ("server",)
    return kinds + (("script",) if entry.server in ("python", "nicegui") else ())


def _port_from_stated(facts: ProjectFacts) -> Fact[int] | None:
    """DG1091: the port a stated command for this framework's app names (README, Makefile...)."""
    entry = framework(facts.framework.value) if facts.framework else None
    kinds = _stated_kinds(entry) if entry is not None else ()
    for stated in facts.stated_starts:
        named = stated.port is not None and stated.kind in kinds
        if named and (stated.kind != "server" or _same_app(stated.target, facts)):
            return Fact(stated.port or 0, "detected", f"{stated.evidence} (DG1091)")
    return None


def _same_app(target: str, facts: ProjectFacts) -> bool:
    """A server command's ``module:attr`` names the detected app's module."""
    module = target.partition(":")[0]
    return facts.app is not None and module == facts.app.value.module


def _port_from_gunicorn_conf(root: Path, facts: ProjectFacts) -> Fact[int] | None:
    """``bind = "0.0.0.0:5000"`` (or a list) in gunicorn.conf.py, which gunicorn reads itself."""
    if facts.interface is None or facts.interface.value != "wsgi":
        return None
    tree = parse_module(root, "gunicorn.conf.py")
    value = module_assignments(tree).get("bind") if tree is not None else None
    if isinstance(value, (ast.List, ast.Tuple)) and value.elts:
        value = value.elts[0]
    text = str_constant(value)
    match = re.search(r":(\d{2,5})$", text or "")
    if match and 1024 <= int(match.group(1)) <= 65535:
        return Fact(int(match.group(1)), "detected", f"gunicorn.conf.py bind={text}")
    return None


def _port_from_procfile(facts: ProjectFacts) -> Fact[int] | None:
    web = facts.procfile_web
    match = _BIND.search(web.value) if web else None
    if web and match and 1024 <= int(match.group(1)) <= 65535:
        return Fact(int(match.group(1)), "detected", f"{web.evidence} {match.group(0).strip()}")
    return None
