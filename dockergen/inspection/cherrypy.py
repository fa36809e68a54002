"""DG1059: ``cherrypy.quickstart(Root())`` starts CherryPy's own server on 127.0.0.1:8080.

CherryPy reads ``server.socket_host`` only from its config (``cherrypy.config.update(...)`` or the
``config`` argument of quickstart, both in the code): no variable or file outside the code sets it,
so such an image could not be reached from outside the container. Read with ``ast``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .ast_utils import call_name, import_aliases, parse_module, qualified_name
from .candidates import is_app_source
from .files import iter_python_files

QUICKSTART = "cherrypy.quickstart"
OPEN_HOSTS = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class Quickstart:
    file: str
    line: int
    at_import: bool  # called at module level: importing the file starts the server
    root_expr: str  # ``Root()``, as written


def quickstarts(root: Path) -> list[Quickstart]:
    """``cherrypy.quickstart(...)`` calls in files that do not open the bind themselves
    (a literal ``"server.socket_host": "0.0.0.0"`` anywhere in the file)."""
    found: list[Quickstart] = []
    for relpath in iter_python_files(root, max_files=400):
        tree = parse_module(root, relpath) if is_app_source(relpath) else None
        if tree is None or _opens_bind(tree):
            continue
        aliases = import_aliases(tree)
        top = {id(n.value) for n in tree.body if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and qualified_name(call_name(node), aliases) == QUICKSTART:
                arg = ast.unparse(node.args[0]) if node.args else "Root()"
                found.append(Quickstart(relpath, node.lineno, id(node) in top, arg))
    return found


def _opens_bind(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (isinstance(key, ast.Constant) and key.value == "server.socket_host"
                        and isinstance(value, ast.Constant) and value.value in OPEN_HOSTS):
                    return True
    return False


def quickstart_warning(q: Quickstart, served: bool) -> str:
    """What to change, at the call's file:line. ``served``: gunicorn already serves an app object
    of the file, which importing it would block."""
    where = f"{q.file}:{q.line}"
    if served:
        return (f"{where}: cherrypy.quickstart() runs when gunicorn imports {q.file}, starting CherryPy's own "
                "server (127.0.0.1:8080) instead of returning the app; move it under "
                "`if __name__ == \"__main__\":` (DG1059).")
    fix = (f"add `application = cherrypy.Application({q.root_expr}, \"/\")` at module level (with the config "
           "you give quickstart as its third argument) and keep quickstart under `if __name__ == \"__main__\":`; "
           "gunicorn then serves `application`")
    if q.at_import:
        fix = (f"put `cherrypy.config.update({{\"server.socket_host\": \"0.0.0.0\"}})` before it and pass "
               f"--command 'python {q.file}' --port 8080, or {fix}")
    return (f"{where}: cherrypy.quickstart() serves on 127.0.0.1:8080, which cannot be reached from outside the "
            "container, and no variable or config file outside the code changes that bind, so dockergen does "
            f"not run it. To serve it: {fix} (DG1059).")
