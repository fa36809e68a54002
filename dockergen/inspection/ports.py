"""The port the app listens on: from the code, else the framework's default."""

from __future__ import annotations

import ast
from pathlib import Path

from ..facts import Fact, ProjectFacts
from .ast_utils import call_name, keyword_int, parse_module

# Framework -> (port, why). Everything web gets an unprivileged port (BEST-PRACTICES rule 28).
DEFAULT_PORTS = {"flask": 8000}
RUN_CALLS = ("app.run", "run", "uvicorn.run", "web.run_app", "launch")


def detect_port(root: Path, facts: ProjectFacts) -> None:
    if facts.framework is None:
        return
    app_file = facts.app.value.file if facts.app else ""
    tree = parse_module(root, app_file) if app_file else None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node).endswith(".run") or (
                isinstance(node, ast.Call) and call_name(node) in RUN_CALLS
            ):
                port = keyword_int(node, "port")
                if port and 1024 <= port <= 65535:
                    facts.port = Fact(port, "detected", f"{app_file}:{node.lineno} port={port}")
                    return
    port = DEFAULT_PORTS.get(facts.framework.value)
    if port:
        facts.port = Fact(port, "default", f"{facts.framework.value} default")
