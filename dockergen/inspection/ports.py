"""The port the app listens on: from the code, gunicorn.conf.py or the Procfile, else the
framework's default (DG1053). Everything web gets an unprivileged port (BEST-PRACTICES 28).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ..facts import Fact, ProjectFacts
from .ast_utils import (call_name, calls, env_default_int, keyword_int, keyword_node, module_assignments,
                        parse_module, str_constant)

# Framework -> the port it listens on when nothing says otherwise.
DEFAULT_PORTS = {"flask": 8000, "fastapi": 8000, "starlette": 8000, "litestar": 8000, "quart": 8000,
                 "django": 8000, "streamlit": 8501, "gradio": 7860, "aiohttp": 8080}
# Call (last dotted part) -> the keyword that carries the port.
PORT_KEYWORDS = {"run": "port", "run_app": "port", "launch": "server_port"}
OTHER_FILES = ("main.py", "run.py", "server.py", "__main__.py")
_BIND = re.compile(r"(?:--bind[ =]|-b ?|--port[ =]|-p ?|--server\.port[ =])['\"]?(?:[\w.\[\]:]*:)?(\d{2,5})\b")


def detect_port(root: Path, facts: ProjectFacts) -> None:
    if facts.framework is None and facts.procfile_web is not None:  # a web process of its own
        facts.port = _port_from_procfile(facts) or Fact(8000, "default", f"{facts.procfile_web.evidence} web process")
        return
    if facts.framework is None or facts.framework.value not in DEFAULT_PORTS:
        return
    warn_loopback_bind(root, facts)
    facts.port = (_port_from_procfile(facts) or _port_from_gunicorn_conf(root, facts)
                  or _port_from_code(root, facts) or _port_from_stated(facts))
    if facts.port is None:
        framework = facts.framework.value
        facts.port = Fact(DEFAULT_PORTS[framework], "default", f"{framework} default")


LOOPBACK = ("127.0.0.1", "localhost", "::1")
HOST_KEYWORDS = {"run_app": "host", "launch": "server_name"}


def warn_loopback_bind(root: Path, facts: ProjectFacts) -> None:
    """Apps that start their own server must not bind loopback: nothing outside could reach it."""
    relpath = facts.entry_file.value if facts.entry_file else ""
    tree = parse_module(root, relpath) if relpath else None
    for call in calls(tree) if tree is not None else []:
        keyword = HOST_KEYWORDS.get(call_name(call).rsplit(".", 1)[-1])
        host = str_constant(keyword_node(call, keyword)) if keyword else None
        if host in LOOPBACK:
            facts.warnings.append(
                f"{relpath}:{call.lineno} binds {host}, which cannot be reached from outside the container; "
                f"use {keyword}=\"0.0.0.0\" (or drop it{' and rely on GRADIO_SERVER_NAME' if keyword == 'server_name' else ''}).")


def _port_from_code(root: Path, facts: ProjectFacts) -> Fact[int] | None:
    own = facts.app.value.file if facts.app else facts.entry_file.value if facts.entry_file else ""
    for relpath in dict.fromkeys([own, *OTHER_FILES]):
        tree = parse_module(root, relpath) if relpath else None
        for call in calls(tree) if tree is not None else []:
            keyword = PORT_KEYWORDS.get(call_name(call).rsplit(".", 1)[-1])
            port = keyword_int(call, keyword) if keyword else None
            if port and 1024 <= port <= 65535:
                return Fact(port, "detected", f"{relpath}:{call.lineno} {keyword}={port}")
            node = keyword_node(call, keyword) if keyword else None
            port = env_default_int(node, "PORT") if node is not None else None
            if port and 1024 <= port <= 65535:
                facts.port_from_env = True
                return Fact(port, "detected", f"{relpath}:{call.lineno} {keyword}=$PORT or {port}")
    return None


# Stated start commands (DG1090) whose port belongs to each framework's app.
STATED_KINDS = {"flask": ("flask", "server"), "django": ("django", "server"), "fastapi": ("fastapi", "server"),
                "starlette": ("server",), "litestar": ("server",), "quart": ("server",),
                "streamlit": ("streamlit",), "gradio": (), "aiohttp": ("script",)}


def _port_from_stated(facts: ProjectFacts) -> Fact[int] | None:
    """DG1091: the port a stated command for this framework's app names (README, Makefile...)."""
    kinds = STATED_KINDS.get(facts.framework.value if facts.framework else "", ())
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
