"""The typed BuildPlan: what the image and the other outputs will be, in frozen parts.

Built by pure functions (``plan.choose_plan`` and the part builders it calls); turned into the
template context by ``context.to_context``, the one place context keys are spelled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Env = tuple[tuple[str, str], ...]
VENV = "/opt/venv"  # the one virtualenv every install fills
WORKDIR = "/app"
HOME = "/home/app"  # the app user's HOME (templates/_partials/runtime_setup.jinja creates it)


@dataclass(frozen=True)
class BaseImage:
    python_version: str
    python_evidence: str
    debian: str
    multi_stage: bool


@dataclass(frozen=True)
class Install:
    """How dependencies get into the virtualenv (installers.py; the partial renders it)."""

    package_manager: str
    evidence: str
    install_partial: str
    requirement_files: tuple[str, ...]
    requirements_need_project: bool
    requirement_secrets: tuple[tuple[str, str], ...]  # DG3044: file -> BuildKit secret id
    requirement_secrets_digest: str
    index_secrets: tuple[str, ...]  # DG1097: ${VAR}s of index URLs, each a BuildKit secret
    dependency_files: tuple[str, ...]
    pyproject_deps: bool
    pyproject_companions: tuple[str, ...]
    install_specs: tuple[str, ...]
    install_specs_note: str  # where the specs come from (setup.py, environment.yml, imports)
    install_project: bool
    install_project_note: str  # DG2112: why the project itself is (not) installed
    install_extras: tuple[str, ...]  # DG1093: the project's extras the start command needs
    locked: bool
    uv_workspace: bool
    uv_all_packages: bool
    extra_packages: tuple[str, ...]  # the server dockergen adds (``name==version``)
    windows_only: tuple[str, ...] = ()  # DG1102: declared, but installable on Windows only: excluded


@dataclass(frozen=True)
class NativePackages:
    """Debian packages: build-only ones stay in the builder (DG2025, DG2026)."""

    builder_variant: str  # "slim" or "full"
    build: tuple[str, ...]
    runtime: tuple[str, ...]  # tini included when the start needs an init
    notes: tuple[str, ...]
    bundled: tuple[str, ...] = ()  # DG1095: packages a binary distribution covers, one line each
    pure: str = ""  # DG2118: packages without a wheel whose sdists build with no compiler
    system: str = ""  # DG1100: the packages.txt note, "" when the project has none


@dataclass(frozen=True)
class ImportPath:
    """DG2117: folders the start file's own imports need on sys.path that the start command
    does not put there (import_path.py): the image's PYTHONPATH, and why."""

    value: str = ""  # the PYTHONPATH to set ("" = none), after any the server sets itself
    notes: tuple[str, ...] = ()  # one per folder added, as a Dockerfile comment
    warnings: tuple[str, ...] = ()  # a folder not added (it would hide a standard-library module)


@dataclass(frozen=True)
class Start:
    """How the container starts and is probed."""

    entrypoint: tuple[str, ...]
    cmd: tuple[str, ...]
    env: Env
    port: int | None
    port_evidence: str
    healthcheck: tuple[str, ...] | None
    health_path: str | None
    app_evidence: str
    server_note: str
    needs_init: bool  # the process does not handle SIGTERM itself: tini is PID 1
    import_path: ImportPath = field(default_factory=ImportPath)  # DG2117


@dataclass(frozen=True)
class StaticFiles:
    """DG2035: Django's collectstatic at build time, with throwaway settings in that RUN only."""

    collect: bool
    env: Env


@dataclass(frozen=True)
class RuntimeFiles:
    """DG2045: databases that are links into data/; DG2046: setup steps run before the server."""

    # (path the app opens, path under data/, shipped, the same path inside the installed package
    # in site-packages or "": DG2045 on a src/ layout the image installs)
    links: tuple[tuple[str, str, bool, str], ...] = ()
    setup: tuple[tuple[str, str], ...] = ()  # (shell line, evidence)
    notes: tuple[str, ...] = ()  # DG2048: why a library's own folders are writable


@dataclass(frozen=True)
class AsOfPart:
    """DG2080: the install resolved as of a date ("" = not bounded)."""

    timestamp: str
    reason: str
    exempt: tuple[str, ...]


@dataclass(frozen=True)
class Metadata:
    labels: tuple[tuple[str, str], ...]  # DG3006
    image_version: str
    vcs_variable: str  # DG2017
    vcs_value: str
    vcs_evidence: str


@dataclass(frozen=True)
class ComposePart:
    """compose.yaml (compose.py): services are template-shaped mappings."""

    app: dict[str, Any]
    worker: dict[str, Any] | None
    services: tuple[dict[str, Any], ...]
    secrets: tuple[str, ...]
    env_example: str
    beat: dict[str, Any] | None = None  # DG2047: the Celery beat service


@dataclass(frozen=True)
class KubernetesPart:
    """k8s/ manifests (kubernetes.py)."""

    name: str
    image: str
    port: int | None
    probe: dict[str, Any] | None
    replicas: int | None
    hpa: dict[str, int] | None
    secret: str
    volumes: tuple[dict[str, str], ...]
    worker: dict[str, Any] | None
    files: tuple[str, ...]
    beat: dict[str, Any] | None = None  # DG2047: one Celery beat, never scaled


@dataclass(frozen=True)
class CiPart:
    """A CI workflow (ci.py)."""

    system: str  # github | gitlab
    actions: dict[str, str]  # name -> ``owner/repo@SHA # vX.Y.Z`` (DG3023)
    dockergen_spec: str  # the dockergen the lint job runs ``dockergen check`` with
    images: dict[str, str]
    multi_arch: bool
    platforms: str
    registry: str
    image_ref: str
    login_username: str = ""
    login_password: str = ""
    use_job_token: bool = False


@dataclass(frozen=True)
class BuildPlan:
    template_id: str
    base: BaseImage
    install: Install
    native: NativePackages
    start: Start
    writable_dirs: tuple[str, ...]
    static: StaticFiles
    as_of: AsOfPart
    metadata: Metadata
    compose: ComposePart | None = None
    kubernetes: KubernetesPart | None = None
    ci: CiPart | None = None
    outputs: tuple[str, ...] = ("Dockerfile", ".dockerignore")
    summary: tuple[str, ...] = field(default_factory=tuple)  # "python 3.12 (from .python-version)"
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # DG3004, DG3044: secret files the .dockerignore keeps out of the build context.
    secret_ignores: tuple[str, ...] = field(default_factory=tuple)
    # DG2037: files the app creates next to its code at start, each linked to the same name in
    # the app user's HOME (the code folder stays read-only).
    run_links: tuple[str, ...] = field(default_factory=tuple)
    runtime: RuntimeFiles = field(default_factory=RuntimeFiles)  # DG2045, DG2046
