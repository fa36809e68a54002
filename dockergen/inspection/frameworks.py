"""Which web framework the app uses and where its application object lives (via ``ast``).

Candidates are ranked: conventional entry files first (``app.py``, ``wsgi.py``,
``main.py``…), then shallower files. Two equally good candidates make the choice
ambiguous: the first is used and a warning names the others and the flag that picks one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from ..facts import AppTarget, Fact, ProjectFacts
from .ast_utils import call_name, imported_modules, module_name, parse_module
from .files import iter_python_files

ENTRY_FILES = ("app.py", "wsgi.py", "main.py", "application.py", "server.py", "api.py", "asgi.py")
# Class name called to create the app object -> framework id.
APP_CLASSES = {"Flask": "flask"}
# Factory function names recognised when the module imports the framework.
FACTORY_NAMES = ("create_app", "make_app", "build_app", "get_app")
FRAMEWORK_MODULES = {"flask": "flask"}


@dataclass(frozen=True)
class Candidate:
    framework: str
    target: AppTarget
    rank: tuple[int, int, str]


def detect_framework(root: Path, facts: ProjectFacts) -> None:
    candidates = find_app_candidates(root)
    if not candidates:
        return
    best = candidates[0]
    facts.framework = Fact(best.framework, "detected", f"{best.target.file}: {best.target.spec}")
    facts.app = Fact(best.target, "detected", best.target.file)
    rivals = [c for c in candidates[1:] if c.rank[:2] == best.rank[:2]]
    if rivals:
        names = ", ".join(c.target.spec for c in [best, *rivals])
        facts.warnings.append(
            f"Several possible apps: {names}. Using {best.target.spec}; pick another with --app MODULE:ATTR."
        )


def find_app_candidates(root: Path) -> list[Candidate]:
    found: list[Candidate] = []
    for relpath in iter_python_files(root, max_files=400):
        tree = parse_module(root, relpath)
        if tree is None:
            continue
        found.extend(_candidates_in(tree, relpath))
    return sorted(found, key=lambda c: c.rank)


def _rank(relpath: str, factory: bool) -> tuple[int, int, str]:
    name = relpath.rsplit("/", 1)[-1]
    entry = ENTRY_FILES.index(name) if name in ENTRY_FILES else len(ENTRY_FILES)
    if name == "__init__.py":
        entry = len(ENTRY_FILES) - 1
    return (relpath.count("/") + entry + (1 if factory else 0), entry, relpath)


def _candidates_in(tree: ast.Module, relpath: str) -> list[Candidate]:
    out: list[Candidate] = []
    imports = imported_modules(tree)
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            cls = call_name(node.value).rsplit(".", 1)[-1]
            framework = APP_CLASSES.get(cls)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if framework:
                for target in targets:
                    if isinstance(target, ast.Name):
                        app = AppTarget(module_name(relpath), target.id, False, relpath)
                        out.append(Candidate(framework, app, _rank(relpath, False)))
        elif isinstance(node, ast.FunctionDef) and node.name in FACTORY_NAMES:
            required = len(node.args.args) - len(node.args.defaults)
            framework = next((fw for mod, fw in FRAMEWORK_MODULES.items() if mod in imports), None)
            if framework and required == 0:
                app = AppTarget(module_name(relpath), node.name, True, relpath)
                out.append(Candidate(framework, app, _rank(relpath, True)))
    return out


SCRIPT_FILES = ("main.py", "app.py", "__main__.py", "bot.py", "run.py", "cli.py")


def detect_script(root: Path, facts: ProjectFacts) -> None:
    """A plain script to run when no framework was found: ``python main.py`` and friends."""
    if facts.framework is not None or facts.command is not None:
        return
    for name in SCRIPT_FILES:
        if (root / name).is_file():
            facts.command = Fact(["python", name], "detected", name)
            return
