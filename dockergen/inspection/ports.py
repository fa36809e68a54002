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
    keyword_node,
    module_assignments,
    parse_module,
    str_constant,
)
from .code_values import CodeValue, resolve_value
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
    if facts.app.framework is None and facts.app.procfile_web is not None:  # a web process of its own
        web = facts.app.procfile_web
        return PortFound(_port_from_procfile(facts) or Fact(8000, "default", f"{web.evidence} web process"))
    entry = framework(facts.app.framework.value) if facts.app.framework else None
    binds, host_env = host_binds(root, facts)
    warnings = tuple(binds)
    if entry is None or entry.default_port is None:  # the catalog's port when nothing says otherwise
        return PortFound(None, warnings=warnings, host_env=tuple(host_env))
    in_code, env_var = _port_from_code(root, facts)
    port = (_port_from_procfile(facts) or _port_from_gunicorn_conf(root, facts) or in_code
            or _port_from_stated(facts) or _port_from_paste(facts))
    if port is None and entry.port_required and facts.app.entry_file is not None:
        file = facts.app.entry_file.value
        warnings += (f"{file}: {entry.id} listens on a random port unless its {', '.join(entry.run_calls)}() call "
                     f"is given port=; pass port={entry.default_port} (the port the image exposes).",)
    env_var = env_var if port is in_code else ""
    return PortFound(port or Fact(entry.default_port, "default", f"{entry.id} default"),
                     env_var == "PORT", warnings, env_var, tuple(host_env))


def _port_from_paste(facts: ProjectFacts) -> Fact[int] | None:
    """DG1058: the port of the paste ini's [server:main] (its host never: gunicorn binds 0.0.0.0)."""
    paste = facts.app.paste_app
    return Fact(paste.port, "detected", paste.port_evidence) if paste and paste.port else None


LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Call (last dotted part) -> the keyword that carries the bind host, in files that start their
# own server: ``app.run(host=)``, ``uvicorn.run(host=)``, ``waitress.serve(host=)``...
HOST_KEYWORDS = {"run_app": "host", "launch": "server_name", "listen": "address", "run": "host",
                 "serve": "host"}
HOST_POSITIONS = {"listen": 1}  # Tornado's ``listen(port, address)``


def loopback_binds(root: Path, facts: ProjectFacts) -> list[str]:
    """Apps that start their own server must not bind loopback: nothing outside could reach it."""
    return host_binds(root, facts)[0]


def host_binds(root: Path, facts: ProjectFacts) -> tuple[list[str], list[tuple[str, str]]]:
    """DG1065: in the files the image runs itself (``python FILE``), each loopback bind dockergen
    cannot override is a warning with its file:line and the fix; a host read from an env
    variable (``host=os.environ.get("HOST", "127.0.0.1")``) gets that variable set to 0.0.0.0."""
    warnings: list[str] = []
    env: dict[str, str] = {}
    for relpath in self_run_files(facts):
        tree = parse_module(root, relpath)
        for call in calls(tree) if tree is not None else []:
            _, keyword, node = _argument(call, HOST_KEYWORDS, HOST_POSITIONS)
            found = resolve_value(root, relpath, tree, node) if node is not None and tree else None
            if found is None:
                continue
            if found.env_var and found.value not in ("0.0.0.0", "::"):
                env[found.env_var] = "0.0.0.0"
            elif not found.env_var and found.value in LOOPBACK:
                warnings.append(_loopback_warning(relpath, call, keyword, found))
    return warnings, list(env.items())


def _argument(call: ast.Call, keywords: dict[str, str], positions: dict[str, int]) -> tuple[str, str, ast.AST | None]:
    """(the call's last name, the keyword that carries the value, its node): by keyword, else by
    position (``listen(8888)``, ``run_app(app, "0.0.0.0")``)."""
    name = call_name(call).rsplit(".", 1)[-1]
    keyword = keywords.get(name, "")
    node = keyword_node(call, keyword) if keyword else None
    if node is None and name in positions and len(call.args) > positions[name]:
        node = call.args[positions[name]]
    return name, keyword, node


def self_run_files(facts: ProjectFacts) -> list[str]:
    """The files the start command runs as scripts: a script framework's entry file, and a stated
    ``python FILE`` when no framework's server replaces it."""
    files = [facts.app.entry_file.value] if facts.app.entry_file else []
    # The stated command DG1090 starts (inspection.entrypoints picks it the same way).
    stated = next((s for s in facts.app.stated_starts if s.kind in ("server", "script", "worker")), None)
    if facts.app.framework is None and stated is not None and stated.kind == "script" and stated.target.endswith(".py"):
        files.append(stated.target)
    return list(dict.fromkeys(files))


def _loopback_warning(relpath: str, call: ast.Call, keyword: str, found: CodeValue) -> str:
    where = f" (set at {found.where})" if found.where and found.where != f"{relpath}:{call.lineno}" else ""
    # Dropping the host binds all interfaces for aiohttp and Gradio (through GRADIO_SERVER_NAME),
    # but loopback for Flask's and uvicorn's run().
    name = call_name(call).rsplit(".", 1)[-1]
    drop = {"run_app": " (or drop it)", "launch": " (or drop it and rely on GRADIO_SERVER_NAME)"}.get(name, "")
    return (f"{relpath}:{call.lineno} binds {found.value}{where}, which cannot be reached from outside the "
            f"container; use {keyword}=\"0.0.0.0\"{drop}, or read it from the environment "
            f"({keyword}=os.environ.get(\"HOST\", \"127.0.0.1\")) and dockergen sets HOST=0.0.0.0 (DG1065).")


def _port_from_code(root: Path, facts: ProjectFacts) -> tuple[Fact[int] | None, str]:
    """The port the app's own code passes its server, and the env variable it reads it from."""
    own = facts.app.app.value.file if facts.app.app else facts.app.entry_file.value if facts.app.entry_file else ""
    for relpath in dict.fromkeys([own, *OTHER_FILES]):
        tree = parse_module(root, relpath) if relpath else None
        for call in calls(tree) if tree is not None else []:
            name, keyword, node = _argument(call, PORT_KEYWORDS, PORT_POSITIONS)
            if node is None and name in OPTION_DEFINES and call.args and str_constant(call.args[0]) == "port":
                keyword, node = "port default", keyword_node(call, "default")
            port = _int_constant(node)
            if port and 1024 <= port <= 65535:
                return Fact(port, "detected", f"{relpath}:{call.lineno} {keyword}={port}"), ""
            found = None
            if node is not None and tree is not None:
                found = port_through_names(root, relpath, tree, call, keyword or "", node)
            if found is not None:
                return found
    return None, ""


def port_through_names(root: Path, relpath: str, tree: ast.Module, call: ast.Call, keyword: str,
                       node: ast.AST) -> tuple[Fact[int], str] | None:
    """DG1053: a port argument that is a name, a constant of this or an imported module, a
    class attribute or an env read with a default (``int(os.environ.get("APP_PORT", 8050))``),
    with the env variable the code reads it from ("" for none)."""
    found = resolve_value(root, relpath, tree, node)
    value = found.value if found is not None else None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if found is None or not isinstance(value, int) or not 1024 <= value <= 65535:
        return None
    shown = f"${found.env_var} or {value}" if found.env_var else str(value)
    if isinstance(node, (ast.Name, ast.Attribute)):  # say where the name got its value
        shown = f"{ast.unparse(node)}, {shown} from {found.where or 'the environment'}"
    return Fact(value, "detected", f"{relpath}:{call.lineno} {keyword}={shown}"), found.env_var


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
    entry = framework(facts.app.framework.value) if facts.app.framework else None
    kinds = _stated_kinds(entry) if entry is not None else ()
    for stated in facts.app.stated_starts:
        named = stated.port is not None and stated.kind in kinds
        if named and (stated.kind != "server" or _same_app(stated.target, facts)):
            return Fact(stated.port or 0, "detected", f"{stated.evidence} (DG1091)")
    return None


def _same_app(target: str, facts: ProjectFacts) -> bool:
    """A server command's ``module:attr`` names the detected app's module."""
    module = target.partition(":")[0]
    return facts.app.app is not None and module == facts.app.app.value.module


def _port_from_gunicorn_conf(root: Path, facts: ProjectFacts) -> Fact[int] | None:
    """``bind = "0.0.0.0:5000"`` (or a list) in gunicorn.conf.py, which gunicorn reads itself."""
    if facts.app.interface is None or facts.app.interface.value != "wsgi":
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
    web = facts.app.procfile_web
    match = _BIND.search(web.value) if web else None
    if web and match and 1024 <= int(match.group(1)) <= 65535:
        return Fact(int(match.group(1)), "detected", f"{web.evidence} {match.group(0).strip()}")
    return None
