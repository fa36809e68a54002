"""Apps started by running a file (Streamlit, Gradio, aiohttp, Tornado, NiceGUI), console scripts for CLIs, and
plain scripts (``main.py``, ``bot.py``, ``__main__.py``). Read with ``ast``, never run.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..catalog.frameworks import script_frameworks
from ..facts import Fact, ProjectFacts, SetupStep
from .ast_utils import call_name, calls, imported_modules, module_name, parse_module
from .candidates import Candidate, is_app_source, rank
from .files import exists, iter_python_files
from .found import ScriptFound
from .setup_commands import is_init_db
from .setuptools_meta import setuptools_scripts

SCRIPT_FILES = ("main.py", "app.py", "__main__.py", "bot.py", "run.py", "cli.py")


def script_candidates(root: Path) -> list[Candidate]:
    """Files that start a server themselves: Streamlit pages, ``demo.launch()``, ``web.run_app()``."""
    found: list[Candidate] = []
    for relpath in iter_python_files(root, max_files=200, max_depth=3):
        in_pages = relpath.startswith("pages/") or (relpath.startswith("src/") and "/pages/" in relpath)
        if in_pages or not is_app_source(relpath):  # Streamlit's multipage pages are not entries
            continue
        if relpath.count("/") == 2 and not relpath.startswith("src/"):  # two folders deep: only src/PKG/
            continue
        tree = parse_module(root, relpath)
        if tree is not None:
            found.extend(_script_kind(tree, relpath))
    return found


def _script_kind(tree: ast.Module, relpath: str) -> list[Candidate]:
    imports = imported_modules(tree)
    called = {call_name(c).rsplit(".", 1)[-1] for c in calls(tree)}
    for fw in script_frameworks():
        runs = (not fw.run_calls or called & set(fw.run_calls)) and (not fw.also_calls or called & set(fw.also_calls))
        runs = runs and (not fw.defines or _defines(tree) & set(fw.defines))
        runs = runs and (not fw.decorators or _decorators(tree) & set(fw.decorators))
        if any(m in imports for m in fw.modules) and runs:
            ranked = rank(relpath, entry_files=fw.entry_files) if fw.entry_files else rank(relpath)
            return [Candidate(fw.id, None, relpath, ranked)]
    return []


def _defines(tree: ast.Module) -> set[str]:
    """Names the module defines at top level (functions, classes, assignments)."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _decorators(tree: ast.Module) -> set[str]:
    """Last dotted part of each decorator of a top-level function (``@cl.on_message`` -> on_message)."""
    return {call_name(d).rsplit(".", 1)[-1] for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) for d in node.decorator_list}
def package_module(root: Path, relpath: str) -> str:
    """DG1037: ``pkg/sub/main.py`` -> ``pkg.sub.main`` when every folder from the root down to it
    is a package (has ``__init__.py``); "" for a file at the root or outside a package chain."""
    parts = relpath.split("/")
    if len(parts) < 2 or not relpath.endswith(".py") or parts[-1] == "__init__.py":
        return ""
    if not all(exists(root, "/".join(parts[:depth]) + "/__init__.py") for depth in range(1, len(parts))):
        return ""
    return ".".join(parts)[:-3]


def web_console_script(pyproject: dict[str, Any] | None, entry_file: str) -> str:
    """DG1038: the console script (``[project.scripts]``, Poetry scripts) whose function lives in
    the module that starts the app's own server (``gre = "pkg.app:main"`` where ``main()`` calls
    Gradio's ``launch()``): the project's own way to start it, so the image runs that script."""
    module = module_name(entry_file)
    for _, entries in _script_tables(pyproject):
        for name, target in entries.items():
            if isinstance(target, str) and target.partition(":")[0].strip() == module:
                return str(name)
    return ""


def detect_script(root: Path, facts: ProjectFacts, pyproject: dict[str, Any] | None) -> ScriptFound | None:
    """DG1051: a console script (CLI) or a plain script to run when no framework was found (None
    when one was, or nothing runs). Reads ``facts``, never writes them."""
    if facts.app.framework is not None or facts.app.command is not None:
        return None
    scripts = console_scripts(pyproject)
    if not scripts and facts.packaging.is_package and facts.packaging.is_package.value:
        scripts = setuptools_scripts(root)  # DG1080: setup.cfg / setup.py entry points
    own = facts.app.stated_starts[0] if facts.app.stated_starts else None
    if own is not None and own.kind == "console":  # DG1103: the README serves with the project's script
        return ScriptFound(Fact(list(own.argv), "detected", f"{own.evidence} (DG1103)"), stated_start=own,
                           app_candidates=tuple(name for name, _ in scripts), console_scripts=(own.target,),
                           port=Fact(own.port, "detected", f"{own.evidence} (DG1103)") if own.port else None)
    if scripts and facts.packaging.is_package and facts.packaging.is_package.value:
        names = tuple(name for name, _ in scripts)
        name, table = _main_script(scripts, facts)
        where = table if table.startswith("setup.") else f"pyproject.toml {table}"
        several = (f"Several console scripts: {', '.join(names)}. Using {name} as the "
                   f"ENTRYPOINT; pick another with --command NAME.",) if len(scripts) > 1 else ()
        return ScriptFound(Fact([name], "detected", f"{where} {name}"), app_candidates=names,
                           console_scripts=names, warnings=several)
    stated = next((s for s in facts.app.stated_starts if s.kind in ("server", "script", "worker")), None)
    if stated is not None:  # DG1090: the project says how it starts
        port = None
        if stated.port and facts.app.port is None:  # a server, or a script that takes --port
            port = Fact(stated.port, "detected", f"{stated.evidence} (DG1090)")
        return ScriptFound(Fact(list(stated.argv), "detected", f"{stated.evidence} (DG1090)"), stated_start=stated,
                           app_candidates=tuple(" ".join(s.argv) for s in facts.app.stated_starts if s.argv), port=port)
    found = [name for name in SCRIPT_FILES if exists(root, name) and name not in facts.app.unreachable_files]
    if found:
        return ScriptFound(Fact(["python", found[0]], "detected", found[0]), app_candidates=tuple(found),
                           script_cli=_cli_parser(root, found[0]))
    package = _runnable_package(root)
    if package and package[1] not in facts.app.unreachable_files:
        module, evidence = package
        return ScriptFound(Fact(["python", "-m", module], "detected", evidence), script_cli=_cli_parser(root, evidence))
    return None


# DG2040: calls that parse a program's command line, with the module that provides each.
CLI_PARSERS = {"ArgumentParser": "argparse", "OptionParser": "optparse", "command": "click", "group": "click",
               "Typer": "typer", "run": "typer", "Fire": "fire", "docopt": "docopt"}


def _cli_parser(root: Path, relpath: str) -> Fact[str] | None:
    """The first call in ``relpath`` that parses the command line (``argparse.ArgumentParser()``,
    ``@click.command()``, ``typer.Typer()`` / ``typer.run()``, ``fire.Fire()``, ``docopt()``)."""
    tree = parse_module(root, relpath)
    imports = imported_modules(tree) if tree is not None else set()
    for call in calls(tree) if tree is not None else []:
        name = call_name(call)
        module = CLI_PARSERS.get(name.rsplit(".", 1)[-1])
        if module in imports and (name.count(".") == 0 or name.split(".")[0] == module):
            return Fact(f"{relpath}:{call.lineno} {name}()", "detected", f"{relpath}:{call.lineno}")
    return None


def _script_tables(pyproject: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """(table, entries) for ``[project.scripts]`` and ``[tool.poetry.scripts]`` that are tables."""
    project = (pyproject or {}).get("project") or {}
    poetry = (((pyproject or {}).get("tool") or {}).get("poetry") or {})
    tables = (("[project.scripts]", project.get("scripts")), ("[tool.poetry.scripts]", poetry.get("scripts")))
    return [(table, entries) for table, entries in tables if isinstance(entries, dict)]


def own_script_names(root: Path, pyproject: dict[str, Any] | None) -> tuple[str, ...]:
    """DG1103: the names of the project's console scripts (pyproject, then setup.cfg / setup.py)."""
    return tuple(name for name, _ in console_scripts(pyproject) or setuptools_scripts(root))


def console_scripts(pyproject: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(name, table) for ``[project.scripts]`` and ``[tool.poetry.scripts]``, in file order."""
    out: list[tuple[str, str]] = []
    for table, entries in _script_tables(pyproject):
        out.extend((str(name), table) for name in entries if (name, table) not in out)
    return out


def init_db_script(pyproject: dict[str, Any] | None) -> SetupStep | None:
    """DG2120: the console script named like a database init (``init_db = "blog:init_db"``, Quart's
    blog tutorial): the project's own way to create its database, a setup step (DG2046)."""
    for table, entries in _script_tables(pyproject):
        for name, target in entries.items():
            module, _, function = str(target).partition(":")
            if is_init_db(str(name)) and module.strip() and function.strip().isidentifier():
                return SetupStep((str(name),), f"pyproject.toml {table} {name} (DG2120)", "script", "init",
                                 target=f"{module.strip()}:{function.strip()}")
    return None


def _main_script(scripts: list[tuple[str, str]], facts: ProjectFacts) -> tuple[str, str]:
    """The script named like the project, else the first one."""
    wanted = (facts.packaging.name.value if facts.packaging.name else "").lower().replace("_", "-")
    for name, table in scripts:
        if name.lower().replace("_", "-") == wanted:
            return name, table
    return scripts[0]


def _runnable_package(root: Path) -> tuple[str, str] | None:
    """A single top-level (or src/) package with a ``__main__.py``: ``python -m pkg``."""
    hits = [p for p in iter_python_files(root, max_files=400, max_depth=3) if p.endswith("/__main__.py")
            and (p.count("/") == 1 or (p.startswith("src/") and p.count("/") == 2))]
    if len(hits) != 1:
        return None
    return hits[0].removeprefix("src/").rsplit("/", 1)[0].replace("/", "."), hits[0]
