"""How dependencies get into the image, per package manager: the install part of the plan.

``install_part`` returns the plan's Install part, which ``templates/_partials/install/
<package_manager>.jinja`` renders. Pure: reads only ``ProjectFacts``. Every manager installs into
the one virtualenv (``/opt/venv``) in the builder; the tool itself (uv, Poetry, PDM, Pipenv)
runs from uv's cache mount and never lands in a layer, let alone the runtime stage (DG2010).
"""

from __future__ import annotations

from dataclasses import dataclass

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .catalog.package_managers import PackageManager, manager_ids
from .catalog.package_managers import manager as catalog_manager
from .errors import ConfigError
from .facts import Fact, ProjectFacts
from .inspection import declared
from .inspection.packaging import CONDA_EVIDENCE, IMPORTS_EVIDENCE, INLINE_EVIDENCE, README_EVIDENCE
from .inspection.requirements import secret_digest, secret_id
from .inspection.stated_commands import extras_providing, packages_for
from .plan_model import Install

# Where a list of requirement specs (no file to mount) comes from, said in the Dockerfile.
INSTALL_SPECS_NOTES = {
    "setup.py": "DG2016: setup.py's literal install_requires, so the dependencies get a layer of their own.",
    CONDA_EVIDENCE: "DG1094: the pip: list of environment.yml (its conda packages are not installed).",
    IMPORTS_EVIDENCE:
        "DG1092: no dependency file: what the code imports (write a requirements.txt to pin it).",
    README_EVIDENCE: "DG1101: no dependency file: what the README's install lines name, then what the code imports "
                     "(write a requirements.txt to pin it).",
    INLINE_EVIDENCE: "DG1099: the dependencies the app files declare in their PEP 723 `# /// script` blocks.",
}


@dataclass(frozen=True)
class ProjectInstall:
    """DG2112: whether the image installs the project itself, and why (shown as a comment)."""

    install: bool
    reason: str
    warning: str = ""


def project_install(facts: ProjectFacts, entry: list[str]) -> ProjectInstall:
    """Install the project only when the start command needs it installed: the entry is one of
    its console scripts, or its code imports itself as a distribution (a src/ layout, a look-up
    of its own metadata). An app that runs from its source folder gets its dependencies only,
    and so does a project whose build the files already show would fail."""
    packaging = facts.packaging
    pip_route = packaging.package_manager is not None and packaging.package_manager.value == "pip"
    is_package = bool(packaging.is_package and packaging.is_package.value)
    installable = is_package or (packaging.legacy_setuptools and pip_route)
    if not installable or packaging.uv_workspace_members:  # a workspace installs its members (DG2010)
        return ProjectInstall(is_package, "")
    program = entry[0] if entry else ""
    if program and program in facts.app.console_scripts:
        need = f"the start command is its console script `{program}`"
    elif facts.app.paste_app is not None:
        paste = facts.app.paste_app
        need = f"gunicorn --paste {paste.ini} loads egg:{paste.distribution}, an entry point of the installed project"
    elif facts.packaging.self_import is not None:
        need = f"its code needs it installed ({facts.packaging.self_import.evidence})"
    else:
        return ProjectInstall(False, "DG2112: the app runs from its source folder: only its dependencies are "
                                     "installed.")
    refusal = facts.packaging.build_refusal
    if refusal is not None:
        return ProjectInstall(False, f"DG2112: not built: {refusal.value}; dependencies only.",
                              f"DG2112: {need}, but building it would fail: {refusal.value} ({refusal.evidence}). "
                              "The image installs its dependencies only; fix the build configuration to install it.")
    return ProjectInstall(True, f"DG2112: the project itself is installed: {need}.")


def install_part(facts: ProjectFacts, manager: Fact[str], extra_packages: list[str],
                 project: ProjectInstall | None = None, extras: tuple[str, ...] = ()) -> Install:
    project = project or ProjectInstall(bool(facts.packaging.is_package and facts.packaging.is_package.value), "")
    is_package = bool(facts.packaging.is_package and facts.packaging.is_package.value)
    entry = _entry(manager.value)
    files = _files_for(facts, manager, entry)
    mounted = [f for f in files if f != "."]
    pyproject_deps = manager.value == "pip" and not mounted and is_package and bool(
        facts.packaging.is_package and "pyproject.toml" in facts.packaging.is_package.evidence)
    if manager.value == "pip" and mounted == ["pyproject.toml"]:
        mounted, pyproject_deps = [], True
    pip = manager.value == "pip"
    return Install(
        package_manager=manager.value,
        evidence=manager.describe(),
        install_partial=entry.install_partial,
        requirement_files=tuple(mounted) if pip else (),
        requirements_need_project=pip and "." in files,
        # DG3044: these reach the install as BuildKit secrets, never the context or a layer
        requirement_secrets=tuple((f, secret_id(f)) for f in facts.packaging.secret_requirement_files if f in mounted)
        if pip else (),
        # BuildKit's cache ignores a secret's content: this digest (of the file with its credentials
        # redacted) in the RUN line makes an edited file, once regenerated, rebuild the install
        requirement_secrets_digest=secret_digest(facts.root, facts.packaging.secret_requirement_files) if pip else "",
        index_secrets=tuple(facts.packaging.index_secrets) if pip and mounted else (),
        dependency_files=tuple(mounted),
        pyproject_deps=pyproject_deps,
        pyproject_companions=tuple(facts.packaging.metadata_files) if pyproject_deps else (),
        install_specs=tuple(facts.packaging.install_requires) if pip and not mounted else (),
        install_specs_note=next((note for source, note in INSTALL_SPECS_NOTES.items()
                                 if manager.evidence.startswith(source)), INSTALL_SPECS_NOTES["setup.py"]),
        install_project=project.install,
        install_project_note=project.reason,
        # DG1093: the project's extras its start command needs, where the project's own
        # dependencies are installed from pyproject.toml or with the project.
        install_extras=extras if pyproject_deps or project.install else (),
        locked=entry.needs_builder and entry.lock_file in files,
        uv_workspace=bool(facts.packaging.uv_workspace_members),
        uv_all_packages=bool(facts.packaging.uv_workspace_members) and facts.packaging.name is not None
        and facts.packaging.name.source != "detected",
        extra_packages=tuple(missing_packages(extra_packages, facts.packaging.requirements)),
        # DG1102: what a Windows `pip freeze` lists and Linux cannot install is left out of the resolution
        windows_only=tuple(sorted(declared.WINDOWS_ONLY.intersection(facts.packaging.requirements))) if pip else (),
    )


def _entry(manager_id: str) -> PackageManager:
    entry = catalog_manager(manager_id)
    if entry is None:  # settings validate the choice; this is a library caller's typo
        raise ConfigError(f"Unknown package manager {manager_id!r}.", hint="Use one of " + ", ".join(manager_ids()))
    return entry


def _files_for(facts: ProjectFacts, manager: Fact[str], entry: PackageManager) -> list[str]:
    """The chosen manager's files; an override naming a manager with no files is an error."""
    packaging = facts.packaging
    files = packaging.manager_files.get(manager.value)
    if files is None and packaging.package_manager is not None and packaging.package_manager.value == manager.value:
        files = list(packaging.dependency_files)
    if files is None:
        raise ConfigError(
            f"Package manager {manager.value} was chosen ({manager.describe()}), but the project has "
            f"no {entry.missing} for it.",
            hint=f"Create it (for example `{manager.value} lock`) or choose another package manager.",
        )
    if entry.lock_required and entry.lock_file not in files:
        raise ConfigError(f"Package manager {manager.value} needs {entry.lock_file}.",
                          hint=f"Run `{manager.value} lock` and commit the lock file.")
    return files


def missing_packages(packages: list[str], requirements: list[str]) -> list[str]:
    """Packages (``name==version``) the project does not already declare: its own pin wins. A
    declared package that the start command needs with an extra keeps the extra, without a pin
    (``gunicorn[gevent]``: the project's version, and what its worker class needs)."""
    out = []
    for text in packages:
        req = Requirement(text)
        if canonicalize_name(req.name) not in requirements:
            out.append(text)
        elif req.extras:
            out.append(f"{req.name}[{','.join(sorted(req.extras))}]")
    return out


def start_packages(server_packages: list[str], argv: list[str], facts: ProjectFacts) -> tuple[list[str], list[str]]:
    """DG1093: what the start command needs installed, and the project's extras that provide it.

    A server dockergen adds keeps its pin and gains the extras the command needs
    (``gunicorn==27.0.1`` + ``-k gevent`` -> ``gunicorn[gevent]==27.0.1``)."""
    merged: dict[str, Requirement] = {}
    for text in [*server_packages, *packages_for(argv)]:
        req = Requirement(text)
        key = canonicalize_name(req.name)
        if key in merged:
            kept = merged[key]
            kept.extras |= req.extras
            kept.specifier = kept.specifier or req.specifier
        else:
            merged[key] = req
    needed = [str(req) for req in merged.values()]
    extras = extras_providing(needed, facts.packaging.optional_dependencies)
    provided = {canonicalize_name(Requirement(r).name) for extra in extras
                for r in facts.packaging.optional_dependencies[extra] if declared.requirement_name(r)}
    # What the project's extra provides keeps the project's versions; a server's own extra
    # (gunicorn[gevent]) still comes along, unpinned, for what the worker class needs.
    out = [text if key not in provided else f"{req.name}[{','.join(sorted(req.extras))}]"
           for (key, req), text in zip(merged.items(), needed, strict=True) if key not in provided or req.extras]
    return out, extras
