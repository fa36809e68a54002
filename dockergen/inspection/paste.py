"""DG1058: Pyramid's paste-deploy layout (its cookiecutter): ``production.ini``'s ``[app:main]``
says ``use = egg:PROJECT``, the project's ``paste.app_factory`` entry point names
``PKG:main``, and ``def main(global_config, **settings)`` returns ``config.make_wsgi_app()``.

The ini is read as text (its sections and keys, with line numbers), never loaded; the package's
``__init__.py`` with ``ast``. ``development.ini`` is served only when there is no
``production.ini`` and it turns on nothing for development (the cookiecutter's turns on
pyramid_debugtoolbar and template reloading; the quick tutorial's early steps turn on nothing).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import canonicalize_name

from ..facts import PasteApp
from .ast_utils import imported_modules, parse_module
from .files import exists, read_text

PRODUCTION_INI = "production.ini"
DEVELOPMENT_INI = "development.ini"
_SECTION = re.compile(r"^\[([^\]]+)\]\s*$")
_KEY = re.compile(r"^([\w.\-]+)\s*[=:]\s*(.*?)\s*$")
_EGG = re.compile(r"^egg:([A-Za-z0-9][\w.\-]*)(?:#(\w+))?$")
_LISTEN_PORT = re.compile(r"(?:^|:)(\d{2,5})$")
METADATA_FILES = ("pyproject.toml", "setup.cfg", "setup.py")


@dataclass(frozen=True)
class PasteFound:
    app: PasteApp | None
    warnings: tuple[str, ...] = ()


def ini_sections(text: str) -> dict[str, dict[str, tuple[str, int]]]:
    """``{section: {key: (value, line)}}`` of an ini file (comments and continuations skipped)."""
    sections: dict[str, dict[str, tuple[str, int]]] = {}
    current: dict[str, tuple[str, int]] | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line[0] in "#;" or raw[:1] in " \t":
            continue
        section = _SECTION.match(line)
        if section:
            current = sections.setdefault(section.group(1).strip(), {})
            continue
        key = _KEY.match(line)
        if key and current is not None:
            current.setdefault(key.group(1).lower(), (key.group(2), number))
    return sections


def detect_paste(root: Path, project_name: str, installable: bool) -> PasteFound:
    """The paste-deploy app of the project, or warnings saying why its ini cannot be served."""
    ini = PRODUCTION_INI
    text = read_text(root, PRODUCTION_INI) if exists(root, PRODUCTION_INI) else None
    if text is None:
        dev = read_text(root, DEVELOPMENT_INI) if exists(root, DEVELOPMENT_INI) else None
        if dev is None or _egg(ini_sections(dev)) is None:
            return PasteFound(None)
        development = _development_settings(dev)
        if development:
            return PasteFound(None, (
                f"{DEVELOPMENT_INI} starts a Pyramid app, but there is no {PRODUCTION_INI}, and {DEVELOPMENT_INI} "
                f"turns on development settings ({', '.join(development)}), so it is not served. Write a "
                "production.ini (development.ini without them) and run dockergen again, or pass --command "
                "'gunicorn --paste production.ini' once it exists (DG1058).",))
        ini, text = DEVELOPMENT_INI, dev  # it turns on nothing for development: the project's only ini
    sections = ini_sections(text)
    egg = _egg(sections)
    if egg is None:
        return PasteFound(None)
    distribution, entry_name, line = egg
    where = f"{ini}:{line} [app:main] use = egg:{distribution}"
    if not project_name or canonicalize_name(distribution) != canonicalize_name(project_name):
        return PasteFound(None, (
            f"{where} names a distribution that is not this project ({project_name or 'no project name'}); "
            "dockergen cannot tell what it serves. Pass --command 'gunicorn --paste production.ini' if it is "
            "installed by the requirements (DG1058).",))
    if not installable:
        return PasteFound(None, (
            f"{where}: egg:{distribution} resolves only when the project is installed, and it has no build "
            "configuration (pyproject.toml [build-system] or setup.py). Add one, or point [app:main] at the "
            "app with `paste.app_factory` (DG1058).",))
    module, function = _entry_point(root, entry_name, distribution)
    found = _main_function(root, module, function)
    if found is None:
        return PasteFound(None, (
            f"{where}: no `def {function}(global_config, **settings)` of Pyramid found in {module}; "
            f"check the project's paste.app_factory entry point `{entry_name}` (DG1058).",))
    file, def_line = found
    port, port_evidence = _server_port(sections, ini)
    evidence = f"{where}; {file}:{def_line} {function}(global_config, **settings)"
    return PasteFound(PasteApp(ini, distribution, evidence, port, port_evidence))


# Settings of [app:main] that only make sense on a developer's machine: the debug toolbar and
# reloading (``pyramid.reload_templates = true``); debug_* settings only log, and are kept.
_RELOAD = re.compile(r"^(?:pyramid\.)?reload_(?:templates|assets|resources|all)\s*[=:]\s*(?:true|yes|on|1)\s*$", re.I)


def _development_settings(text: str) -> list[str]:
    """The development-only settings of the ini's ``[app:main]``: ``pyramid_debugtoolbar`` named
    anywhere in it (``pyramid.includes`` lists it on continuation lines) and reloading."""
    found: list[str] = []
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1).strip()
        elif section == "app:main" and ("pyramid_debugtoolbar" in line or _RELOAD.match(line)):
            found.append(line)
    return found


def _egg(sections: dict[str, dict[str, tuple[str, int]]]) -> tuple[str, str, int] | None:
    use = sections.get("app:main", {}).get("use")
    match = _EGG.match(use[0]) if use else None
    return (match.group(1), match.group(2) or "main", use[1]) if match and use else None


def _entry_point(root: Path, entry_name: str, distribution: str) -> tuple[str, str]:
    """``(module, function)`` of the ``paste.app_factory`` entry point ``entry_name``, read as
    text from the project's metadata; the distribution's own package's ``main`` if none says."""
    pattern = re.compile(rf"""["']?{re.escape(entry_name)}["']?\s*=\s*["']?([\w.]+)\s*:\s*(\w+)""")
    for name in METADATA_FILES:
        text = read_text(root, name) if exists(root, name) else None
        at = text.find("paste.app_factory") if text else -1
        match = pattern.search(text, at) if text and at >= 0 else None
        if match:
            return match.group(1), match.group(2)
    return distribution.replace("-", "_").replace(".", "_").lower(), "main"


def _main_function(root: Path, module: str, function: str) -> tuple[str, int] | None:
    """The file and line of ``def FUNCTION(global_config, **settings)`` in a module importing pyramid."""
    base = module.replace(".", "/")
    for relpath in (f"{base}/__init__.py", f"{base}.py", f"src/{base}/__init__.py", f"src/{base}.py"):
        tree = parse_module(root, relpath) if exists(root, relpath) else None
        if tree is None or "pyramid" not in imported_modules(tree):
            continue
        for node in tree.body:
            if (isinstance(node, ast.FunctionDef) and node.name == function and node.args.args
                    and node.args.kwarg is not None):
                return relpath, node.lineno
    return None


def _server_port(sections: dict[str, dict[str, tuple[str, int]]], ini: str) -> tuple[int | None, str]:
    """[server:main]'s port (``listen = localhost:6543``, ``port = 6543``); its host is ignored."""
    server = sections.get("server:main", {})
    for key in ("listen", "port"):
        if key not in server:
            continue
        value, line = server[key]
        match = _LISTEN_PORT.search(value.split()[0]) if value.split() else None
        if match and 1024 <= int(match.group(1)) <= 65535:  # unprivileged only (BEST-PRACTICES 28)
            return int(match.group(1)), f"{ini}:{line} {key} = {value}"
    return None, ""
