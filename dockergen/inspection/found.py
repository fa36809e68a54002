"""What the detectors that return (rather than write) their findings return: one frozen group each.

``inspect_project`` puts them on ``ProjectFacts``; a detector never mutates the facts it reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..facts import AppTarget, Fact, ImportNeed, LocalImport, PasteApp, SqliteFile, StartIntent


@dataclass(frozen=True)
class PortFound:
    port: Fact[int] | None
    from_env: bool = False  # the app's own code reads $PORT
    warnings: tuple[str, ...] = ()
    env_var: str = ""  # the env variable the app's code reads its port from (DG1053)
    host_env: tuple[tuple[str, str], ...] = ()  # env variables the code reads its host from (DG1065)


@dataclass(frozen=True)
class WritableFound:
    dirs: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    databases: tuple[SqliteFile, ...] = ()  # DG2045


@dataclass(frozen=True)
class ServicesFound:
    services: tuple[Fact[str], ...]
    env_reads: tuple[Fact[str], ...]
    celery_app: Fact[str] | None
    env_example: Fact[str] | None
    warnings: tuple[str, ...] = ()
    celery_beat: Fact[str] | None = None  # DG2047: a periodic-task schedule in the source


@dataclass(frozen=True)
class PackagingFound:
    """DG1010: the project's name, package manager, dependency files and requirements."""

    name: Fact[str]
    is_package: Fact[bool]
    package_manager: Fact[str]
    manager_files: dict[str, list[str]]
    requirements: tuple[str, ...] = ()
    dependency_files: tuple[str, ...] = ()
    metadata_files: tuple[str, ...] = ()  # DG1081
    legacy_setuptools: bool = False
    build_refusal: Fact[str] | None = None  # DG2112
    optional_dependencies: dict[str, list[str]] = field(default_factory=dict)  # DG1093
    no_binary: tuple[str, ...] = ()  # DG1096
    secret_requirement_files: tuple[str, ...] = ()  # DG3044
    index_secrets: tuple[str, ...] = ()  # DG1097
    requirements_locked: Fact[bool] | None = None
    pinned_requirements: dict[str, str] = field(default_factory=dict)
    requirement_ranges: dict[str, str] = field(default_factory=dict)  # DG2115
    other_package_managers: tuple[str, ...] = ()
    package_managers_found: tuple[str, ...] = ()
    locked_versions: dict[str, str] = field(default_factory=dict)
    install_requires: tuple[str, ...] = ()
    import_needs: tuple[ImportNeed, ...] = ()  # DG1092
    uv_workspace_members: tuple[str, ...] = ()
    requirement_extras: dict[str, list[str]] = field(default_factory=dict)  # DG1095
    script_python: Fact[str] | None = None  # DG1099: the PEP 723 blocks' requires-python
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class DjangoFound:
    """DG1052: a Django project's settings module, application and build-time settings reads."""

    settings: Fact[str]
    framework: Fact[str]
    app: Fact[AppTarget]
    interface: Fact[str]
    collectstatic: Fact[bool] | None = None
    secret_key_env: tuple[str, ...] = ()
    settings_env_required: tuple[str, ...] = ()  # DG2035
    settings_env_values: dict[str, str] = field(default_factory=dict)  # DG2035: django-environ casts


@dataclass(frozen=True)
class FrameworkFound:
    """DG1050: the framework, the app object or entry file, and every candidate for the wizard."""

    procfile_web: Fact[str] | None = None
    framework: Fact[str] | None = None
    app: Fact[AppTarget] | None = None
    interface: Fact[str] | None = None
    entry_file: Fact[str] | None = None
    entry_module: str = ""  # DG1037
    app_candidates: tuple[str, ...] = ()
    paste_app: PasteApp | None = None  # DG1058
    unreachable_files: tuple[str, ...] = ()  # DG1059
    django: DjangoFound | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScriptFound:
    """DG1051: the start command of a project with no framework (console script, stated, script)."""

    command: Fact[list[str]]
    app_candidates: tuple[str, ...] | None = None  # None: the candidates stay as they are
    console_scripts: tuple[str, ...] | None = None
    stated_start: StartIntent | None = None  # DG1090
    port: Fact[int] | None = None  # a stated server's port, when none was found before
    script_cli: Fact[str] | None = None  # DG2040
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalImportsFound:
    """DG2117: start file -> the project's own modules its imports reach (inspection/local_imports.py)."""

    by_file: dict[str, tuple[LocalImport, ...]] = field(default_factory=dict)
