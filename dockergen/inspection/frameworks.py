"""Which web framework the app uses and where its application object lives (via ``ast``).

DG1050: candidates come in tiers (Django projects, then app objects of WSGI/ASGI frameworks,
then script-run servers such as Streamlit, Gradio and aiohttp, then Celery workers). Within
a tier, conventional entry files (``app.py``, ``wsgi.py``, ``main.py``...) and shallower files
win. Two equally good candidates make the choice ambiguous: the first is used and a warning
names the others and the flag that picks one; all candidates are kept on the facts for the
wizard. A hint the project gives itself (``flask --app``, ``FLASK_APP``, a Procfile) wins.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

from ..catalog.frameworks import app_call_framework, framework, framework_of_imports
from ..errors import ProjectError
from ..facts import AppTarget, Fact, StartIntent
from .ast_utils import call_name, import_aliases, imported_modules, module_name, parse_module, qualified_name
from .candidates import Candidate, is_app_source, rank
from .cherrypy import quickstart_warning, quickstarts
from .django import detect_django
from .entrypoints import package_module, script_candidates
from .files import exists, iter_python_files
from .found import FrameworkFound
from .paste import detect_paste
from .procfile import AppHint, app_hints

# Factory function names recognised when the module imports the framework (the catalog says
# which app classes and imports belong to which framework).
FACTORY_NAMES = ("create_app", "make_app", "build_app", "get_app", "app_factory")


def detect_framework(root: Path, stated_starts: list[StartIntent], pins: dict[str, str], *,
                     installable: bool, name: str) -> FrameworkFound:
    """DG1050: the app and its framework. ``stated_starts`` (DG1090) may name a script framework's
    file, ``pins`` decide Dash's serving (DG1060); ``installable`` and the project ``name`` are
    for a paste-deploy app (DG1058)."""
    hints = app_hints(root)
    django = detect_django(root)
    if django is not None:
        return FrameworkFound(procfile_web=hints.procfile_web, framework=django.framework, app=django.app,
                              interface=django.interface, app_candidates=(django.app.value.spec,), django=django)
    if stated_starts and stated_starts[0].kind == "console":
        # DG1103: the project serves through its own console script (an app object inside its
        # package is that script's business, configured by it), so no framework serves an object
        return FrameworkFound(procfile_web=hints.procfile_web)
    found = find_app_candidates(root)
    warnings = [f"{c.file}: {c.target.attribute if c.target else c.label}() needs arguments, so a server cannot "
                f"call it as is. Name an app object or a factory without required arguments with --app "
                f"MODULE:ATTR or MODULE:FACTORY()." for c in found if c.framework.startswith("!")]
    found = [c for c in found if not c.framework.startswith("!")]
    candidates = sorted(found + script_candidates(root), key=lambda c: (c.tier, c.rank))
    stated = _stated_script(root, candidates, stated_starts)
    if stated is not None:  # DG1090: the project says which file its script framework runs
        chosen, evidence = stated
        candidates = [chosen] + [c for c in candidates if c.file != chosen.file or c.target is not None]
        return replace(_record(chosen, f"{evidence} (DG1090)"), procfile_web=hints.procfile_web,
                       app_candidates=tuple(c.label for c in candidates),
                       entry_module=package_module(root, chosen.file), warnings=tuple(warnings))
    unreachable = _check_quickstarts(root, candidates, warnings)
    hinted = _pick_hinted(candidates, hints.app) if hints.app else None
    if hinted is None and hints.app and hints.app.attribute:
        hinted = _hinted_target(candidates, hints.app)
    paste = detect_paste(root, name, installable) \
        if hinted is None and not any(c.tier <= 1 for c in candidates) else None  # DG1058
    warnings += paste.warnings if paste is not None else ()
    if paste is not None and paste.app is not None:
        return FrameworkFound(
            procfile_web=hints.procfile_web, framework=Fact("pyramid", "detected", paste.app.evidence),
            interface=Fact("wsgi", "detected", "pyramid paste-deploy app"), paste_app=paste.app,
            app_candidates=(f"gunicorn --paste {paste.app.ini}",), unreachable_files=unreachable,
            warnings=tuple(warnings))
    if hinted is None and not candidates:
        _refuse_root_package(root)
        return FrameworkFound(procfile_web=hints.procfile_web, unreachable_files=unreachable, warnings=tuple(warnings))
    best = hinted or candidates[0]
    chosen_app = _record(best, hints.app.evidence if hinted and hints.app else "")
    warnings += _unserved_dash(root, pins, best)
    rivals = [c for c in candidates if c is not best and c.tier == best.tier and c.rank[:2] == best.rank[:2]]
    if rivals and hinted is None:
        warnings.append(_ambiguous(best, rivals))
    return replace(chosen_app, procfile_web=hints.procfile_web, unreachable_files=unreachable,
                   app_candidates=(best.label, *(c.label for c in candidates if c.label != best.label)),
                   entry_module=package_module(root, chosen_app.entry_file.value) if chosen_app.entry_file else "",
                   warnings=tuple(warnings))


def _refuse_root_package(root: Path) -> None:
    """DG1067: with no other app, a root package's app is an error that says what to change."""
    why = root_package_app(root)
    if why:
        raise ProjectError(why, hint="Build the app in a module of its own with absolute imports (app.py "
                           "or wsgi.py: `from views import bp`), or name the start command with --command.")


def _check_quickstarts(root: Path, candidates: list[Candidate], warnings: list[str]) -> tuple[str, ...]:
    """DG1059: a cherrypy.quickstart() that binds loopback: warned about at file:line (added to
    ``warnings``), and the file is never run as a script (an image nothing outside could reach).
    Returns those files."""
    served = {c.file for c in candidates if c.framework == "cherrypy"}
    unreachable: list[str] = []
    for q in quickstarts(root):
        if q.file in served and not q.at_import:
            continue  # under a __main__ guard: gunicorn imports the app object only
        warnings.append(quickstart_warning(q, q.file in served))
        if q.file not in served:
            unreachable.append(q.file)
    return tuple(unreachable)


def _record(best: Candidate, hint_evidence: str) -> FrameworkFound:
    """The framework and app (or entry file) of the chosen candidate."""
    evidence = hint_evidence or best.file
    entry = framework(best.framework)
    return FrameworkFound(
        framework=Fact(best.framework, "detected", f"{evidence}: {best.label}"),
        app=Fact(best.target, "detected", evidence) if best.target is not None else None,
        entry_file=Fact(best.file, "detected", best.file) if best.target is None else None,
        interface=Fact(entry.interface, "detected", f"{best.framework} app")
        if entry is not None and entry.interface in ("wsgi", "asgi") and entry.app_classes else None)


def _unserved_dash(root: Path, pins: dict[str, str], best: Candidate) -> list[str]:
    """DG1060: without ``server = app.server`` gunicorn is given the Dash object itself, a WSGI
    callable only since Dash 4 (``Dash.__call__``); an older pin cannot serve that way."""
    entry = framework(best.framework)
    version = pins.get(best.framework, "")
    if entry is None or not entry.wsgi_attribute or best.target is None or not version[:1].isdigit():
        return []
    app = best.target.attribute
    tree = parse_module(root, best.file)
    bound = {t.id for node in (tree.body if tree else []) if isinstance(node, ast.Assign)
             and isinstance(node.value, ast.Call) for t in node.targets if isinstance(t, ast.Name)}
    if int(version.split(".")[0]) < 4 and app in bound:  # the Dash(...) object, not its Flask server
        return [
            f"{best.file}: gunicorn serves {best.target.spec}, which dash=={version} cannot answer (the Dash object "
            f"is a WSGI app only since Dash 4). Add `{entry.wsgi_attribute} = {app}.{entry.wsgi_attribute}` to "
            f"{best.file} or pass --app {best.target.module}:{entry.wsgi_attribute}."]
    return []


def _stated_script(root: Path, candidates: list[Candidate],
                   stated_starts: list[StartIntent]) -> tuple[Candidate, str] | None:
    """DG1090: ``streamlit run src/pkg/main.py`` in the README (or another stated command) names
    the file a script framework runs, wherever it lies; the file must exist and import it."""
    for intent in stated_starts:
        entry = framework(intent.kind)
        if entry is None or entry.interface != "script" or not intent.target.endswith(".py"):
            continue
        file = intent.target.removeprefix("./")
        known = next((c for c in candidates if c.file == file and c.target is None), None)
        if known is not None:
            return Candidate(known.framework, None, file, known.rank), intent.evidence
        tree = parse_module(root, file) if exists(root, file) else None
        if tree is not None and any(m in imported_modules(tree) for m in entry.modules):
            return Candidate(entry.id, None, file, (0, 0, file)), intent.evidence
    return None


def _ambiguous(best: Candidate, rivals: list[Candidate]) -> str:
    names = ", ".join(c.label for c in [best, *rivals])
    flag = "--app MODULE:ATTR" if best.target is not None else "--command 'CMD FILE'"
    return f"Several possible apps: {names}. Using {best.label}; pick another with {flag}."


def _pick_hinted(candidates: list[Candidate], hint: AppHint) -> Candidate | None:
    for c in candidates:
        if c.target and c.target.module == hint.module and (not hint.attribute or c.target.attribute == hint.attribute):
            return c
    return None


def _hinted_target(candidates: list[Candidate], hint: AppHint) -> Candidate | None:
    """A hint naming ``module:attr`` that the source scan did not find (a re-export, say)."""
    framework = next((c.framework for c in candidates if c.target), hint.framework)
    if not framework:
        return None  # an app of a framework dockergen does not know: the Procfile command runs it
    target = AppTarget(hint.module, hint.attribute, hint.factory, "")
    return Candidate(framework, target, hint.evidence, (0, 0, hint.evidence))


def find_app_candidates(root: Path) -> list[Candidate]:
    found: list[Candidate] = []
    for relpath in iter_python_files(root, max_files=400):
        tree = parse_module(root, relpath) if is_app_source(relpath) else None
        if tree is None:
            continue
        found.extend(_candidates_in(tree, relpath))
    # ``app = create_app()`` objects take the framework of the factory they call.
    factory_fw = {c.target.attribute: c.framework.lstrip("!~") for c in found if c.target and c.target.factory}
    resolved = []
    for c in found:
        if c.framework.startswith("?"):
            framework = factory_fw.get(c.framework[1:])
            if framework is None:
                continue
            c = Candidate(framework, c.target, c.file, c.rank)
        resolved.append(c)
    return sorted(_drop_called_factories(resolved, found), key=lambda c: c.rank)


def _drop_called_factories(resolved: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """DG1067: builders of any name ("~") only give ``app = build(...)`` its framework, and a
    factory that needs arguments ("!") is not reported when the code calls it at module level
    (``app = create_app("production")``): that object is the app."""
    called = {c.framework[1:] for c in found if c.framework.startswith("?")}
    return [c for c in resolved if not c.framework.startswith("~")
            and not (c.framework.startswith("!") and c.target is not None and c.target.attribute in called)]


def _candidates_in(tree: ast.Module, relpath: str, *, any_root_package: bool = False) -> list[Candidate]:
    out: list[Candidate] = []
    if relpath == "__init__.py" and not any_root_package and relative_import_line(tree):
        return out  # DG1067: served as ``__init__`` it could not import its own package
    imports = imported_modules(tree)
    aliases = import_aliases(tree)
    module = module_name(relpath)
    for node in _module_statements(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Call):
            framework = _object_framework(node.value, aliases)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                target = _app_name(target, node.value, aliases)
                if framework and isinstance(target, ast.Name):
                    name = _served_name(tree, framework, target.id)
                    app = AppTarget(module, name, False, relpath)
                    out.append(Candidate(framework, app, relpath, rank(relpath, False)))
        elif isinstance(node, ast.FunctionDef) and node.name in FACTORY_NAMES:
            required = len(node.args.args) - len(node.args.defaults)
            framework = _factory_framework(node, imports, aliases)
            if framework:
                app = AppTarget(module, node.name, True, relpath)
                # A factory that needs arguments is marked "!" and reported, never served.
                out.append(Candidate(("!" if required else "") + framework, app, relpath, rank(relpath, True)))
        elif isinstance(node, ast.FunctionDef):
            framework = _builds_app(node, aliases)
            if framework:  # DG1067: a builder of another name, e.g. create_application(router)
                app = AppTarget(module, node.name, True, relpath)
                out.append(Candidate("~" + framework, app, relpath, rank(relpath, True)))
    return out


def relative_import_line(tree: ast.Module) -> int:
    """The line of the first ``from . import x`` in the module (0 for none)."""
    return next((n.lineno for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level), 0)


def root_package_app(root: Path) -> str:
    """DG1067: the project folder is itself a package whose ``__init__.py`` builds the app and
    imports its own modules relatively: no module name inside the folder can serve it. Returns
    the explanation ("" when that is not the case)."""
    tree = parse_module(root, "__init__.py")
    line = relative_import_line(tree) if tree is not None else 0
    if tree is None or not line:
        return ""
    apps = [c for c in _candidates_in(tree, "__init__.py", any_root_package=True)
            if not c.framework.startswith(("?", "~"))]
    if not apps:
        return ""
    name = apps[0].target.attribute if apps[0].target else "app"
    return (f"__init__.py builds the app ({name}) at the root of the project folder and imports its own "
            f"modules relatively (__init__.py:{line}): the folder itself is the package, so a server started "
            f"inside it cannot import it by any name (DG1067).")


def _served_name(tree: ast.Module, framework_id: str, name: str) -> str:
    """DG1060: the module-level name bound to ``NAME.<wsgi_attribute>`` (Dash's ``server =
    app.server``), which gunicorn can import (it takes a name or a call, never ``app.server``);
    else the app object itself."""
    entry = framework(framework_id)
    attribute = entry.wsgi_attribute if entry else ""
    for node in tree.body if attribute else []:
        if not isinstance(node, (ast.Assign, ast.AnnAssign)):
            continue
        value = node.value
        if (isinstance(value, ast.Attribute) and value.attr == attribute and isinstance(value.value, ast.Name)
                and value.value.id == name):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            bound = next((t.id for t in targets if isinstance(t, ast.Name)), None)
            if bound:
                return bound
    return name


def _module_statements(tree: ast.Module) -> list[ast.stmt]:
    """Statements run at import: the module body and the bodies of its ``with`` blocks
    (Pyramid's ``with Configurator() as config: app = config.make_wsgi_app()``)."""
    out: list[ast.stmt] = []
    for node in tree.body:
        out.append(node)
        if isinstance(node, ast.With):
            out.extend(node.body)
    return out


def _app_name(target: ast.expr, call: ast.Call, aliases: dict[str, str]) -> ast.expr:
    """The name the app object is bound to: ``app`` in ``app, rt = fast_app()`` when the catalog
    says the call returns the app first, else the target as written."""
    if not isinstance(target, ast.Tuple) or not target.elts:
        return target
    entry = app_call_framework(qualified_name(call_name(call), aliases))
    last = call_name(call).rsplit(".", 1)[-1]
    return target.elts[0] if entry is not None and last in entry.app_in_tuple else target


def _object_framework(call: ast.Call, aliases: dict[str, str]) -> str | None:
    name = call_name(call)
    cls = name.rsplit(".", 1)[-1]
    entry = app_call_framework(qualified_name(name, aliases))
    if entry is not None:
        return entry.id
    if cls:
        return "?" + cls  # resolved once every factory (and builder, DG1067) is known
    return None


def _factory_framework(func: ast.FunctionDef, imports: set[str], aliases: dict[str, str]) -> str | None:
    built = _builds_app(func, aliases)
    if built:
        return built
    found = framework_of_imports(imports)
    return found.id if found else None


def _builds_app(func: ast.FunctionDef, aliases: dict[str, str]) -> str | None:
    """The WSGI/ASGI framework whose app class the function's body constructs, if any."""
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            entry = app_call_framework(qualified_name(call_name(node), aliases))
            if entry is not None and entry.interface in ("wsgi", "asgi"):
                return entry.id
    return None
