"""Which package manager a project uses, which files its install step needs, its name.

One documented order decides when several are present (DG1010, ``managers.ORDER``); the
others are kept as evidence. Manifests and lock files are parsed, never executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..facts import Fact, ImportNeed
from . import declared
from .buildable import predict_build_refusal
from .conda import conda_environment
from .files import exists, inside_project, read_toml
from .found import PackagingFound
from .imports import detect_import_needs
from .inline_metadata import read_inline_scripts
from .locks import REFRESH, read_lock
from .managers import Candidate, find_candidates, member_pyprojects, uv_workspace_members
from .requirements import RequirementsInfo, exact_pin, read_requirements
from .setuptools_meta import setuptools_name
from .stated_commands import readme_requirements

# Requirement files, most specific to production first.
REQUIREMENT_FILES = (
    "requirements.lock",  # written by `dockergen lock`: the full, hashed lock wins
    "requirements.txt",
    "requirements-prod.txt",
    "requirements_prod.txt",
    "requirements/prod.txt",
    "requirements/production.txt",
    "requirements/base.txt",
    "requirements/common.txt",
    "requirements.in",
)


def load_pyproject(root: Path) -> dict[str, Any] | None:
    return read_toml(root, "pyproject.toml")


def detect_packaging(root: Path, pyproject: dict[str, Any] | None) -> PackagingFound:
    """Name, package_manager, dependency_files, requirements, is_package and the
    package-manager evidence (other_package_managers, manager_files, locked_versions)."""
    name = _detect_name(root, pyproject)
    metadata_files = readme_files(root, pyproject)
    is_package = _detect_is_package(root, pyproject)
    legacy = bool(pyproject and "project" in pyproject and "build-system" not in pyproject
                  and "package-mode" not in is_package.evidence)
    refusal = predict_build_refusal(root, pyproject, name.value) if is_package.value or legacy else None  # DG2112
    optional = _optional_dependencies(pyproject)
    pipfile = read_toml(root, "Pipfile")
    req_file = next((f for f in REQUIREMENT_FILES if exists(root, f)), None)
    info = read_requirements(root, req_file) if req_file else RequirementsInfo()
    req_files = info.files + [p for p in info.local_paths if p not in info.files]
    warnings = list(info.warnings)
    candidates = find_candidates(root, pyproject, req_files, bool(is_package.value))
    chosen_pip = not candidates or candidates[0].manager == "pip"
    route = _chosen_route(root, candidates, pyproject, pipfile) if candidates else _pip_route(root)
    warnings += route.warnings
    manager_files = {c.manager: list(c.files) for c in candidates} if candidates else {"pip": []}
    manager_files.setdefault("pip", req_files or (["pyproject.toml"] if pyproject is not None else []))
    members = uv_workspace_members(root, pyproject)
    requirements = _all_requirement_names(root, members, info.names, pyproject, pipfile)
    install_requires = list(route.install_requires)
    extras = _merge_extras(info.extras, declared.declared_extras(root, pyproject, pipfile),
                           declared.extras_of(list(install_requires)))
    inline = route.manager.evidence.startswith(INLINE_EVIDENCE)
    if route.manager.evidence in (CONDA_EVIDENCE, IMPORTS_EVIDENCE) or inline:
        names = [declared.requirement_name(spec) for spec in install_requires]
        requirements = declared.merge(requirements, [n for n in names if n])
    direct = list(((pyproject or {}).get("project") or {}).get("dependencies") or [])
    if inline:  # DG1099: the blocks' `==` pins are the wheel check's, as a requirements file's are
        direct += install_requires
    if route.manager.evidence == "setup.py":
        install_requires = declared.setup_py_specs(root)
    if "." in req_files:
        warnings.append(f"{req_file} installs the project itself (`.`): its dependency layer is "
                        "rebuilt on every source edit; list the project's dependencies instead (DG2012).")
    warnings += _unlocked_poetry(pyproject, candidates)
    return PackagingFound(
        name=name, is_package=is_package, package_manager=route.manager, manager_files=manager_files,
        requirements=tuple(requirements), dependency_files=route.files, metadata_files=tuple(metadata_files),
        legacy_setuptools=legacy, build_refusal=refusal, optional_dependencies=optional,
        no_binary=tuple(n for n in info.no_binary if n not in info.only_binary),
        secret_requirement_files=tuple(info.credential_files), index_secrets=tuple(info.index_env_vars),
        requirements_locked=Fact(bool(info.locked_by), "detected", info.locked_by or req_file) if req_file else None,
        pinned_requirements=_direct_pins(dict(info.pinned) if chosen_pip else {}, direct),
        script_python=route.script_python,
        requirement_ranges={n: r for n, r in info.ranges.items() if n not in info.pinned} if chosen_pip else {},
        other_package_managers=route.others, package_managers_found=route.found,
        locked_versions=route.locked_versions, install_requires=tuple(install_requires),
        import_needs=route.import_needs, uv_workspace_members=tuple(members), requirement_extras=extras,
        warnings=tuple(warnings))


@dataclass(frozen=True)
class _Route:
    """The package manager chosen and what it brings: its files, its rivals, its lock's versions."""

    manager: Fact[str]
    files: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    found: tuple[str, ...] = ()
    locked_versions: dict[str, str] = field(default_factory=dict)
    install_requires: tuple[str, ...] = ()
    import_needs: tuple[ImportNeed, ...] = ()
    script_python: Fact[str] | None = None  # DG1099
    warnings: tuple[str, ...] = ()


def _chosen_route(root: Path, candidates: list[Candidate], pyproject: dict[str, Any] | None,
                  pipfile: dict[str, Any] | None) -> _Route:
    """DG1010: the first candidate, with the others noted and its lock read."""
    chosen = candidates[0]
    others, found, warnings = _note_others(candidates)
    versions, lock_warnings = _read_chosen_lock(root, chosen, pyproject, pipfile)
    return _Route(Fact(chosen.manager, "detected", chosen.evidence), tuple(chosen.files), tuple(others),
                  tuple(found), versions, warnings=(*warnings, *lock_warnings))


def _pip_route(root: Path) -> _Route:
    """No manager's files: a conda environment's pip list (DG1094), the PEP 723 blocks of the app
    files (DG1099), the code's imports (DG1092) or pip with nothing to install."""
    warnings: list[str] = []
    route = _conda_pip(root, warnings) or _inline_scripts(root, warnings) or _import_needs(root)
    if route is not None:
        return replace(route, warnings=(*warnings, *route.warnings))
    return _Route(Fact("pip", "default", "no dependency file found"), warnings=tuple(warnings))


def _merge_extras(*tables: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for table in tables:
        for name, extras in table.items():
            known = out.setdefault(name, [])
            known.extend(e for e in extras if e not in known)
    return out


def _optional_dependencies(pyproject: dict[str, Any] | None) -> dict[str, list[str]]:
    """``[project.optional-dependencies]`` (DG1093), well-typed entries only."""
    table = ((pyproject or {}).get("project") or {}).get("optional-dependencies")
    if not isinstance(table, dict):
        return {}
    return {str(extra): [r for r in reqs if isinstance(r, str)] for extra, reqs in table.items()
            if isinstance(reqs, list)}


# The evidence of a pip install with no file to mount (installers.py says so in the Dockerfile).
CONDA_EVIDENCE = "environment.yml pip:"
IMPORTS_EVIDENCE = "the code's imports (DG1092)"
README_EVIDENCE = "the README's install lines (DG1101)"
INLINE_EVIDENCE = "PEP 723 script metadata (DG1099)"


def _conda_pip(root: Path, warnings: list[str]) -> _Route | None:
    """DG1094: a conda environment file's ``pip:`` list is what the image installs (an unreadable
    one is a warning, added to ``warnings``)."""
    env = conda_environment(root, warnings)
    if env is None:
        return None
    specs = [item for item in env.pip if not item.startswith("-")]
    skipped = [item for item in env.pip if item.startswith("-")]
    notes: list[str] = []
    if env.conda_only:
        notes.append(
            f"DG1094: environment.yml: conda packages are not installed: {', '.join(env.conda_only)}; move "
            "them to its pip: list (or requirements.txt) to install them.")
    if skipped:
        notes.append(f"DG1094: environment.yml pip: options are not used: {', '.join(skipped)}; "
                     "put them in a requirements file.")
    return _Route(Fact("pip", "detected", CONDA_EVIDENCE), install_requires=tuple(specs), warnings=tuple(notes))


def _inline_scripts(root: Path, warnings: list[str]) -> _Route | None:
    """DG1099: the ``# /// script`` blocks of the app files declare what to install (an unreadable
    block is a warning, added to ``warnings``)."""
    scripts = read_inline_scripts(root)
    if scripts is None:
        return None
    warnings += scripts.warnings
    if not scripts.files:
        return None
    return _Route(Fact("pip", "detected", f"{INLINE_EVIDENCE}: {', '.join(scripts.files)}"),
                  install_requires=scripts.dependencies, script_python=scripts.requires_python)


def _import_needs(root: Path) -> _Route | None:
    """DG1092: no dependency file at all: install what the code imports, and say so. DG1101:
    what the README's own install lines name comes first, with its extras and versions
    (``connexion[flask,uvicorn]>=3.1``); an import it does not name is added."""
    needs = detect_import_needs(root)
    stated, where = readme_requirements(root)
    if not needs and not stated:
        return None
    named = {canonicalize_name(Requirement(spec).name) for spec in stated}
    guessed = [need for need in needs if canonicalize_name(need.distribution) not in named]
    shown = ", ".join(need.distribution + (f" ({need.module}, {need.evidence})" if need.module != need.distribution
                                           else f" ({need.evidence})") for need in guessed)
    warnings = []
    if stated:
        warnings.append(f"DG1101: no dependency file; installing what {where} installs: {', '.join(stated)}. "
                        "Write them to requirements.txt to pin them.")
    if guessed:
        warnings.append(f"DG1092: no dependency file; installing what the code imports: {shown}. "
                        "Write them to requirements.txt to pin them.")
    evidence = f"{README_EVIDENCE}: {where}" if stated else IMPORTS_EVIDENCE
    return _Route(Fact("pip", "detected", evidence), import_needs=tuple(guessed),
                  install_requires=(*stated, *(need.distribution for need in guessed)), warnings=tuple(warnings))


def _all_requirement_names(root: Path, workspace_members: list[str], req_names: list[str],
                           pyproject: dict[str, Any] | None, pipfile: dict[str, Any] | None) -> list[str]:
    """Runtime requirement names from every manifest present (workspace members are not requirements)."""
    members = member_pyprojects(root, workspace_members)
    member_names = [n for _, data in members for n in declared.pyproject_names(data)]
    workspace = {declared.requirement_name(str((d.get("project") or {}).get("name", ""))) for _, d in members}
    return [n for n in declared.merge(
        req_names, declared.pyproject_names(pyproject), declared.pipfile_names(pipfile),
        member_names, declared.setup_cfg_names(root), declared.setup_py_names(root),
    ) if n not in workspace]


def _note_others(candidates: list[Candidate]) -> tuple[list[str], list[str], list[str]]:
    """(the rivals of the chosen manager, every manager found, the warning naming the rivals)."""
    chosen = candidates[0]
    # pip from the chosen manager's own manifest (pyproject.toml) is no rival, just its fallback.
    rivals = [c for c in candidates[1:]
              if not (c.manager == "pip" and c.evidence.startswith("pyproject.toml")
                      and "pyproject.toml" in chosen.files)]
    others = [f"{c.manager} ({c.evidence})" for c in rivals]
    found = list(dict.fromkeys([chosen.manager, *(c.manager for c in rivals)]))
    if not others:
        return others, found, []
    return others, found, [f"Several package managers: using {chosen.manager} ({chosen.evidence}), also found "
                           + ", ".join(others) + " (DG1010 order); pick another with --package-manager."]


def _read_chosen_lock(root: Path, chosen: Candidate, pyproject: dict[str, Any] | None,
                      pipfile: dict[str, Any] | None) -> tuple[dict[str, str], list[str]]:
    """(the versions the chosen manager's lock pins, warnings about a missing or stale lock)."""
    if not chosen.locked:
        if chosen.manager == "pipenv":
            return {}, ["Pipfile has no Pipfile.lock: the image locks at build time; "
                        "commit one made with `pipenv lock` for repeatable builds (DG2013)."]
        return {}, []
    manifest = pipfile if chosen.manager == "pipenv" else pyproject
    members = member_pyprojects(root, uv_workspace_members(root, pyproject)) if chosen.manager == "uv" else []
    lock = read_lock(root, chosen.manager, chosen.files[1], manifest, members)
    if lock.stale:
        return lock.versions, [f"{lock.stale}: the build installs the lock as it is (what the manifest "
                               f"changed since is left out); refresh it with `{REFRESH[chosen.manager]}` "
                               "and commit it (DG1012)."]
    return lock.versions, []


def _unlocked_poetry(pyproject: dict[str, Any] | None, candidates: list[Candidate]) -> list[str]:
    poetry = (((pyproject or {}).get("tool") or {}).get("poetry")) or {}
    if poetry and not any(c.manager == "poetry" for c in candidates):
        return ["pyproject.toml has [tool.poetry] but no poetry.lock: dependencies are "
                "resolved at build time; run `poetry lock` and commit it (DG1010)."]
    return []


def _direct_pins(req_pins: dict[str, str], specs: list[object]) -> dict[str, str]:
    """Exact pins of direct dependencies: the chosen pip requirement files, then ``specs`` ([project]
    dependencies, or the PEP 723 blocks' of DG1099)."""
    pins = dict(req_pins)
    for dep in specs:
        try:
            req = Requirement(dep) if isinstance(dep, str) else None
        except InvalidRequirement:
            continue
        pin = exact_pin(req) if req and declared.in_image(req) else None
        if pin and req is not None:
            pins.setdefault(canonicalize_name(req.name), pin)
    return pins


def _detect_name(root: Path, pyproject: dict[str, Any] | None) -> Fact[str]:
    project = (pyproject or {}).get("project") or {}
    poetry = ((pyproject or {}).get("tool") or {}).get("poetry") or {}
    for value, evidence in ((project.get("name"), "pyproject.toml [project] name"),
                            (poetry.get("name"), "pyproject.toml [tool.poetry] name")):
        if isinstance(value, str) and value.strip():
            return Fact(value.strip(), "detected", evidence)
    found = setuptools_name(root)  # DG1080: setup.cfg, a literal setup.py name=, PKG-INFO
    if found:
        return Fact(found[0], "detected", found[1])
    folder = re.sub(r"[^A-Za-z0-9._-]+", "-", root.resolve().name).strip("-.") or "app"
    return Fact(folder, "default", "the project folder's name")


def _detect_is_package(root: Path, pyproject: dict[str, Any] | None) -> Fact[bool]:
    if pyproject is not None:
        backend = (pyproject.get("build-system") or {}).get("build-backend")
        poetry = ((pyproject.get("tool") or {}).get("poetry") or {})
        if poetry.get("package-mode") is False:
            return Fact(False, "detected", "pyproject.toml [tool.poetry] package-mode = false")
        if backend:
            return Fact(True, "detected", f"pyproject.toml [build-system] {backend}")
    for name in ("setup.py", "setup.cfg"):
        if exists(root, name):
            return Fact(True, "detected", name)
    return Fact(False, "default", "no build backend")


def readme_files(root: Path, pyproject: dict[str, Any] | None) -> list[str]:
    """DG1081: readme files ``[project]`` / ``[tool.poetry]`` name; a backend that builds metadata
    (Poetry's, or ``dynamic`` dependencies) fails without them."""
    project = (pyproject or {}).get("project") or {}
    poetry = ((pyproject or {}).get("tool") or {}).get("poetry") or {}
    if project and "dependencies" not in (project.get("dynamic") or []):
        return []  # static [project] dependencies: uv reads them without running the backend
    named: list[object] = []
    for value in (project.get("readme"), poetry.get("readme")):
        value = value.get("file") if isinstance(value, dict) else value
        named.extend(value if isinstance(value, list) else [value])
    out: list[str] = []
    for item in named:
        if isinstance(item, str) and item and inside_project(root, item) \
                and (root / item).is_file() and item not in out:  # DG3043: confined to the project
            out.append(item)
    return out
