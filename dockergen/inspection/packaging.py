"""Which package manager a project uses, which files its install step needs, its name.

One documented order decides when several are present (DG1010, ``managers.ORDER``); the
others are kept as evidence. Manifests and lock files are parsed, never executed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from ..facts import Fact, ProjectFacts
from . import declared
from .buildable import predict_build_refusal
from .conda import conda_environment
from .files import exists, inside_project, read_toml
from .imports import detect_import_needs
from .locks import REFRESH, read_lock
from .managers import Candidate, find_candidates, member_pyprojects, uv_workspace_members
from .requirements import exact_pin, read_requirements
from .setuptools_meta import setuptools_name

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


def detect_packaging(root: Path, facts: ProjectFacts, pyproject: dict[str, Any] | None) -> None:
    """Fill name, package_manager, dependency_files, requirements, is_package and the
    package-manager evidence fields (other_package_managers, manager_files, locked_versions)."""
    facts.name = _detect_name(root, pyproject)
    facts.metadata_files = readme_files(root, pyproject)
    facts.is_package = _detect_is_package(root, pyproject)
    facts.legacy_setuptools = bool(pyproject and "project" in pyproject and "build-system" not in pyproject
                                   and "package-mode" not in facts.is_package.evidence)
    if facts.is_package.value or facts.legacy_setuptools:
        facts.build_refusal = predict_build_refusal(root, pyproject, facts.name.value)  # DG2112
    facts.optional_dependencies = _optional_dependencies(pyproject)
    pipfile = read_toml(root, "Pipfile")
    req_file = next((f for f in REQUIREMENT_FILES if exists(root, f)), None)
    req_names: list[str] = []
    req_files: list[str] = []
    req_pins: dict[str, str] = {}
    req_ranges: dict[str, str] = {}
    req_extras: dict[str, list[str]] = {}
    if req_file:
        info = read_requirements(root, req_file)
        req_files = info.files + [p for p in info.local_paths if p not in info.files]
        req_names = info.names
        facts.warnings.extend(info.warnings)
        req_pins = dict(info.pinned)
        req_ranges = {n: r for n, r in info.ranges.items() if n not in info.pinned}
        req_extras = info.extras
        facts.no_binary = [n for n in info.no_binary if n not in info.only_binary]
        facts.secret_requirement_files = list(info.credential_files)
        facts.index_secrets = list(info.index_env_vars)
        facts.requirements_locked = Fact(bool(info.locked_by), "detected", info.locked_by or req_file)
    candidates = find_candidates(root, pyproject, req_files, bool(facts.is_package.value))
    facts.manager_files = {c.manager: list(c.files) for c in candidates}
    chosen_pip = not candidates or candidates[0].manager == "pip"
    facts.pinned_requirements = _direct_pins(req_pins if chosen_pip else {}, pyproject)
    facts.requirement_ranges = req_ranges if chosen_pip else {}  # DG2115: resolved on the index
    if candidates:
        chosen = candidates[0]
        facts.package_manager = Fact(chosen.manager, "detected", chosen.evidence)
        facts.dependency_files = list(chosen.files)
        _note_others(facts, candidates)
        _read_chosen_lock(root, facts, chosen, pyproject, pipfile)
    elif not _conda_pip(root, facts) and not _import_needs(root, facts):
        facts.package_manager = Fact("pip", "default", "no dependency file found")
        facts.manager_files = {"pip": []}
    facts.manager_files.setdefault("pip", req_files or (["pyproject.toml"] if pyproject is not None else []))
    facts.uv_workspace_members = uv_workspace_members(root, pyproject)
    facts.requirements = _all_requirement_names(root, facts, req_names, pyproject, pipfile)
    evidence = facts.package_manager.evidence if facts.package_manager else ""
    facts.requirement_extras = _merge_extras(req_extras, declared.declared_extras(root, pyproject, pipfile),
                                             declared.extras_of(list(facts.install_requires)))
    if evidence in (CONDA_EVIDENCE, IMPORTS_EVIDENCE):
        names = [declared.requirement_name(spec) for spec in facts.install_requires]
        facts.requirements = declared.merge(facts.requirements, [n for n in names if n])
    if evidence == "setup.py":
        facts.install_requires = declared.setup_py_specs(root)
    if "." in req_files:
        facts.warnings.append(f"{req_file} installs the project itself (`.`): its dependency layer is "
                              "rebuilt on every source edit; list the project's dependencies instead (DG2012).")
    _warn_unlocked_poetry(pyproject, facts, candidates)


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


def _conda_pip(root: Path, facts: ProjectFacts) -> bool:
    """DG1094: a conda environment file's ``pip:`` list is what the image installs."""
    env = conda_environment(root, facts.warnings)
    if env is None:
        return False
    specs = [item for item in env.pip if not item.startswith("-")]
    skipped = [item for item in env.pip if item.startswith("-")]
    facts.package_manager = Fact("pip", "detected", CONDA_EVIDENCE)
    facts.manager_files = {"pip": []}
    facts.install_requires = specs
    if env.conda_only:
        facts.warnings.append(
            f"DG1094: environment.yml: conda packages are not installed: {', '.join(env.conda_only)}; move "
            "them to its pip: list (or requirements.txt) to install them.")
    if skipped:
        facts.warnings.append(f"DG1094: environment.yml pip: options are not used: {', '.join(skipped)}; "
                              "put them in a requirements file.")
    return True


def _import_needs(root: Path, facts: ProjectFacts) -> bool:
    """DG1092: no dependency file at all: install what the code imports, and say so."""
    needs = detect_import_needs(root)
    if not needs:
        return False
    facts.import_needs = needs
    facts.package_manager = Fact("pip", "detected", IMPORTS_EVIDENCE)
    facts.manager_files = {"pip": []}
    facts.install_requires = [need.distribution for need in needs]
    shown = ", ".join(need.distribution + (f" ({need.module}, {need.evidence})" if need.module != need.distribution
                                           else f" ({need.evidence})") for need in needs)
    facts.warnings.append(f"DG1092: no dependency file; installing what the code imports: {shown}. "
                          "Write them to requirements.txt to pin them.")
    return True


def _all_requirement_names(root: Path, facts: ProjectFacts, req_names: list[str],
                           pyproject: dict[str, Any] | None, pipfile: dict[str, Any] | None) -> list[str]:
    """Runtime requirement names from every manifest present (workspace members are not requirements)."""
    members = member_pyprojects(root, facts.uv_workspace_members)
    member_names = [n for _, data in members for n in declared.pyproject_names(data)]
    workspace = {declared.requirement_name(str((d.get("project") or {}).get("name", ""))) for _, d in members}
    return [n for n in declared.merge(
        req_names, declared.pyproject_names(pyproject), declared.pipfile_names(pipfile),
        member_names, declared.setup_cfg_names(root), declared.setup_py_names(root),
    ) if n not in workspace]


def _note_others(facts: ProjectFacts, candidates: list[Candidate]) -> None:
    chosen = candidates[0]
    # pip from the chosen manager's own manifest (pyproject.toml) is no rival, just its fallback.
    rivals = [c for c in candidates[1:]
              if not (c.manager == "pip" and c.evidence.startswith("pyproject.toml")
                      and "pyproject.toml" in chosen.files)]
    facts.other_package_managers = [f"{c.manager} ({c.evidence})" for c in rivals]
    facts.package_managers_found = list(dict.fromkeys([chosen.manager, *(c.manager for c in rivals)]))
    if facts.other_package_managers:
        facts.warnings.append(
            f"Several package managers: using {chosen.manager} ({chosen.evidence}), also found "
            + ", ".join(facts.other_package_managers)
            + " (DG1010 order); pick another with --package-manager."
        )


def _read_chosen_lock(root: Path, facts: ProjectFacts, chosen: Candidate,
                      pyproject: dict[str, Any] | None, pipfile: dict[str, Any] | None) -> None:
    if not chosen.locked:
        if chosen.manager == "pipenv":
            facts.warnings.append("Pipfile has no Pipfile.lock: the image locks at build time; "
                                  "commit one made with `pipenv lock` for repeatable builds (DG2013).")
        return
    manifest = pipfile if chosen.manager == "pipenv" else pyproject
    members = member_pyprojects(root, uv_workspace_members(root, pyproject)) if chosen.manager == "uv" else []
    lock = read_lock(root, chosen.manager, chosen.files[1], manifest, members)
    facts.locked_versions = lock.versions
    if lock.stale:
        facts.warnings.append(f"{lock.stale}: the build installs the lock as it is (what the manifest "
                              f"changed since is left out); refresh it with `{REFRESH[chosen.manager]}` "
                              "and commit it (DG1012).")


def _warn_unlocked_poetry(pyproject: dict[str, Any] | None, facts: ProjectFacts,
                          candidates: list[Candidate]) -> None:
    poetry = (((pyproject or {}).get("tool") or {}).get("poetry")) or {}
    if poetry and not any(c.manager == "poetry" for c in candidates):
        facts.warnings.append("pyproject.toml has [tool.poetry] but no poetry.lock: dependencies are "
                              "resolved at build time; run `poetry lock` and commit it (DG1010).")


def _direct_pins(req_pins: dict[str, str], pyproject: dict[str, Any] | None) -> dict[str, str]:
    """Exact pins of direct dependencies: the chosen pip requirement files, then [project]."""
    pins = dict(req_pins)
    for dep in ((pyproject or {}).get("project") or {}).get("dependencies") or []:
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
