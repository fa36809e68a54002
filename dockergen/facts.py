"""Facts: every detected value with where it came from and why.

A ``Fact`` is ``(value, source, evidence)``. ``source`` is one of ``cli``, ``config``,
``prompt``, ``detected`` or ``default``; ``evidence`` names the file and, where it helps, the
line or table (``.python-version:2``, ``pyproject.toml [project.scripts]``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
Source = Literal["cli", "config", "prompt", "detected", "default"]
SOURCES: tuple[Source, ...] = ("cli", "config", "prompt", "detected", "default")


@dataclass(frozen=True)
class Fact(Generic[T]):
    value: T
    source: Source = "detected"
    evidence: str = ""

    def describe(self) -> str:
        """``3.12 (from .python-version)`` style text for reports and prompts."""
        where = {
            "cli": "from the command line",
            "config": f"from {self.evidence or '[tool.dockergen]'}",
            "prompt": "as answered",
            "default": "default",
        }.get(self.source, f"from {self.evidence}" if self.evidence else "detected")
        return f"{_show(self.value)} ({where})"

    def to_json(self) -> dict[str, Any]:
        return {"value": _jsonable(self.value), "source": self.source, "evidence": self.evidence}


@dataclass(frozen=True)
class AppTarget:
    """How the application is addressed by its server: ``module:attribute`` or a factory call."""

    module: str  # dotted module path, e.g. ``app.main``
    attribute: str = "app"  # the object, or factory name when ``factory`` is set
    factory: bool = False  # ``create_app()`` style
    file: str = ""  # the source file, relative to the project root (POSIX)

    @property
    def spec(self) -> str:
        call = "()" if self.factory else ""
        return f"{self.module}:{self.attribute}{call}"

    def __str__(self) -> str:
        return self.spec


@dataclass(frozen=True)
class PasteApp:
    """DG1058: a Pyramid app started from its paste-deploy ini (``gunicorn --paste INI``)."""

    ini: str  # "production.ini"
    distribution: str  # the ``egg:`` name, the installed project
    evidence: str  # "production.ini:2 [app:main] use = egg:hello; hello/__init__.py:5 main(global_config, **settings)"
    port: int | None = None  # [server:main]'s listen/port (its host is never used)
    port_evidence: str = ""


@dataclass(frozen=True)
class StartIntent:
    """A stated command as production will run it."""

    kind: str  # "server", "script", "worker", or a framework the plan serves ("flask", "django", ...)
    argv: tuple[str, ...]  # production argv (empty when the plan builds the server itself)
    evidence: str
    target: str = ""  # what it starts: "pkg.mod:app", "app.py", "pkg.module"
    port: int | None = None
    dropped: tuple[str, ...] = ()  # development switches removed, and why the argv changed
    env: tuple[tuple[str, str], ...] = field(default=())

    def __str__(self) -> str:
        shown = " ".join(self.argv) or f"{self.kind} {self.target}".strip()
        return f"{shown} ({self.evidence})"


@dataclass(frozen=True)
class SqliteFile:
    """DG2045: a SQLite database the app opens, relative to the app folder (its working dir)."""

    path: str  # "db.sqlite3", "instance/flaskr.sqlite"
    evidence: str  # "mysite/settings.py:80 (Django DATABASES NAME)"
    origin: str  # django, sqlalchemy, flask-sqlalchemy, sqlite3, peewee, flask-instance
    link: str = ""  # its folder stays read-only: the file is a link to this path under data/
    shipped: bool = False  # the project has the file: the build moves it into data/


@dataclass(frozen=True)
class SetupStep:
    """DG2046: a setup command the project states, run before the server starts."""

    argv: tuple[str, ...]
    evidence: str  # "Procfile:1", "README.md:12"
    # procfile (a release: step), procfile-web (chained before the web server, DG2049), readme, or
    # script (the project's console script named like a database init, DG2120)
    origin: str
    kind: str  # migrate (safe on every start), init (creates the database once), release (as stated)
    # The stated shell line, verbatim, when it has shell syntax (``yes | CMD``); argv is its last command.
    shell: str = ""
    target: str = ""  # a console script's ``module:function``, run as such when the project is not installed


@dataclass(frozen=True)
class Resolved:
    """DG2116: one minor's answer from uv: the resolved set, or the package without a wheel for it."""

    pins: dict[str, str] = field(default_factory=dict)  # name -> version, the whole set
    no_wheel: tuple[str, ...] = ()  # the packages uv found no wheel for (none when the set resolved)
    abi_only: bool = False  # they have wheels, only not for this minor's ABI (another minor may do)
    pure_sdists: tuple[str, ...] = ()  # "name==version" of the set without a wheel, pure Python (DG2118)
    error: str = ""  # why the minor could not be resolved for another reason (a note, not a verdict)


@dataclass(frozen=True)
class ImportNeed:
    distribution: str  # what to install
    module: str  # the top-level import that needs it
    evidence: str  # "app.py:3"


@dataclass(frozen=True)
class LocalImport:
    """DG2117: an absolute import of the project's own module, reached from a start file."""

    module: str  # the top-level name imported: "components"
    evidence: str  # "app/app.py:4"
    folders: tuple[str, ...]  # folders that hold it, nearest the start file first ("" = the app folder)
    path: str  # where it is, in the nearest of them: "app/components/", "app/helpers.py"
    shadows: tuple[str, ...] = ()  # standard-library modules that folder also holds (``types.py``)


@dataclass
class PackagingFacts:
    """DG1010: the project's name, package manager, dependency files and requirements: what the
    install step installs (``PackagingFound`` from ``inspection/packaging.py``), the pins read
    from them (``inspection/pins.py``) and the Debian packages those requirements need
    (``inspection/native_deps.py``).
    """

    name: Fact[str] | None = None
    package_manager: Fact[str] | None = None
    # Files the dependency install step needs (manifests, lock files, nested includes), POSIX
    # paths relative to the root, in a stable order.
    dependency_files: list[str] = field(default_factory=list)
    # Requirement names found in the project's dependency declarations (normalised, PEP 503).
    requirements: list[str] = field(default_factory=list)
    # True when the project is an installable package (pyproject with a build backend, setup.py).
    is_package: Fact[bool] | None = None
    # Issue 10: exact ``==`` pins of direct dependencies (name -> version).
    pinned_requirements: dict[str, str] = field(default_factory=dict)
    # DG2115: direct requirements of the pip route that are not pinned: name -> specifier ("" = any).
    requirement_ranges: dict[str, str] = field(default_factory=dict)
    secret_requirement_files: list[str] = field(default_factory=list)  # DG3044: index credentials inside
    # ``${VAR}``s the requirements files build an index URL from: BuildKit secrets (DG1097).
    index_secrets: list[str] = field(default_factory=list)
    # Whether the requirement files are a full lock (pip-compile/uv output, or hashes on every line).
    requirements_locked: Fact[bool] | None = None
    # Exact pins (name -> version) from requirement and lock files: the wheel check's input.
    pins: dict[str, str] = field(default_factory=dict)
    # Requirements that need Debian packages (DG1033): value = map key, evidence = where declared.
    native_deps: list[Fact[str]] = field(default_factory=list)
    # Map entries a binary distribution stands in for (psycopg with psycopg[binary]), DG1095.
    native_bundled: list[Fact[str]] = field(default_factory=list)
    # Extras each requirement names (``psycopg[binary]`` -> psycopg: ["binary"]), DG1095.
    requirement_extras: dict[str, list[str]] = field(default_factory=dict)
    # ``--no-binary`` names of the requirements files (":all:" for every package): compiled (DG1096).
    no_binary: list[str] = field(default_factory=list)
    # Every package manager whose files the project has (the packaging inspection fills it, in
    # its documented order); the wizard asks which to use when there are several.
    package_managers_found: list[str] = field(default_factory=list)
    # Package managers (issue 9): every manager whose files are present, with its evidence,
    # that lost to ``package_manager`` under the DG1010 order ("poetry (poetry.lock)").
    other_package_managers: list[str] = field(default_factory=list)
    # manager -> files its dependency install step needs, for every manager present (an
    # override with --package-manager picks from here).
    manager_files: dict[str, list[str]] = field(default_factory=dict)
    # Exact versions pinned by the chosen manager's lock file (canonical name -> version).
    locked_versions: dict[str, str] = field(default_factory=dict)
    # Member folders when the root is a uv workspace ([tool.uv.workspace]).
    uv_workspace_members: list[str] = field(default_factory=list)
    # Literal ``install_requires`` specifiers read from setup.py with ast (its dependency layer).
    install_requires: list[str] = field(default_factory=list)
    # Files pyproject.toml names that a build backend reads to produce metadata (the readme),
    # so a pyproject-only dependency layer can bind them too (DG1081).
    metadata_files: list[str] = field(default_factory=list)
    # ``[project.optional-dependencies]``: extra -> requirement strings (DG1093).
    optional_dependencies: dict[str, list[str]] = field(default_factory=dict)
    # Why building the project itself would fail, when that can be told from its files (DG2112).
    build_refusal: Fact[str] | None = None
    # True when pyproject.toml has [project] but no [build-system]: setuptools builds it (DG2112).
    legacy_setuptools: bool = False
    # Why the code needs itself installed: a src/ layout, or a look-up of its own metadata (DG2112).
    self_import: Fact[str] | None = None
    # A declaration-less project: distributions its imports need (DG1092), ImportNeed items.
    import_needs: list[ImportNeed] = field(default_factory=list)
    # Debian packages the project's packages.txt names (Streamlit Cloud, Hugging Face Spaces; DG1100).
    system_packages: list[str] = field(default_factory=list)


@dataclass
class PythonFacts:
    """DG1030: the Python version statements and the minor chosen from them, and the package
    index's answers the plan chooses the minor from (wheels DG1034, whole set DG2116, release
    dates DG2082, the dependency files' date DG2080).
    """

    python_version: Fact[str] | None = None
    # Issue 10: when the dependency files last changed (git), RFC 3339 UTC; "" = unknown (why in evidence).
    dependency_date: Fact[str] | None = None
    # DG2115: the release each open requirement resolves to on the index today (name -> version),
    # for the wheel check.
    range_picks: dict[str, str] = field(default_factory=dict)
    # Issue 9: every Python version statement read, in the documented order (DG1030);
    # python_version is the one chosen from them.
    python_sources: list[Fact[str]] = field(default_factory=list)
    # Wheel check (DG1034): "name==version" -> supported minors with a wheel for the image's
    # platform. Empty when skipped (offline, unreachable index, no pins).
    wheel_minors: dict[str, list[str]] = field(default_factory=dict)
    # DG2116: a lockless project's whole set resolved by uv, per minor tried: Resolved(pins,
    # no_wheel = the package of the set without a wheel for that minor).
    resolved_sets: dict[str, Resolved] = field(default_factory=dict)
    # DG2082: "name==version" -> when the index first got that release (RFC 3339), same check.
    pins_released: dict[str, str] = field(default_factory=dict)
    # Supported minors every stated range admits, most preferred first, and whether a later
    # rule (wheels DG1034, the era DG2110) may pick another one (False: a source names the minor).
    python_candidates: list[str] = field(default_factory=list)
    python_flexible: bool = True
    # The ranges the project states (requires-python, Poetry's python...), with their evidence:
    # a minor named on the command line outside them is warned about or refused (DG2114).
    python_ranges: list[Fact[str]] = field(default_factory=list)


@dataclass
class AppFacts:
    """DG1050: what the app is and how it starts: framework, app object or entry file, command,
    port, health path, run-time writable folders and databases, stated starts and setup steps,
    Django's build-time settings reads.
    """

    framework: Fact[str] | None = None
    app: Fact[AppTarget] | None = None
    paste_app: PasteApp | None = None  # DG1058: served with gunicorn --paste
    unreachable_files: list[str] = field(default_factory=list)  # DG1059: they bind loopback; never run
    command: Fact[list[str]] | None = None
    port: Fact[int] | None = None
    health_path: Fact[str] | None = None
    # Folders the app writes at run time (Flask instance/, SQLite, media, logs), relative.
    writable_dirs: list[str] = field(default_factory=list)
    # DG2045: SQLite databases the code opens; those at a read-only place are links into data/.
    sqlite_files: list[SqliteFile] = field(default_factory=list)
    # DG2046: setup steps the project states (Procfile release:, README init-db / migrate).
    setup_steps: list[SetupStep] = field(default_factory=list)
    # How the app starts (issue 3).
    # "wsgi" or "asgi" for web apps served from an app object (decides the server).
    interface: Fact[str] | None = None
    # The file a script-style framework runs (streamlit, gradio, aiohttp): ``python FILE``.
    entry_file: Fact[str] | None = None
    # DG1037: that file as a module (``pkg.main``) when it lives inside a package at the root, so
    # it runs with ``python -m`` (a file path would put the package folder on sys.path).
    entry_module: str = ""
    # DG1038: the console script whose function starts that file's server (the project's own way).
    entry_script: str = ""
    # Everything that could be started (app specs, files, console scripts), best first, so the
    # wizard can offer them; two or more of the same kind also produce a warning.
    app_candidates: list[str] = field(default_factory=list)
    # ``[project.scripts]`` names, in file order.
    console_scripts: list[str] = field(default_factory=list)
    # DG2040: the detected ``python FILE`` / ``python -m PKG`` parses its command line (file:line parser).
    script_cli: Fact[str] | None = None
    # Procfile ``web:`` command (shell text), the project's own production command.
    procfile_web: Fact[str] | None = None
    # "gunicorn-uvicorn" when the project already runs gunicorn with uvicorn-worker.
    server_hint: Fact[str] | None = None
    # Django: settings module, collectstatic at build time (STATIC_ROOT set), and the env
    # variables the settings read SECRET_KEY from (a throwaway value goes inline in that RUN).
    django_settings: Fact[str] | None = None
    collectstatic: Fact[bool] | None = None
    secret_key_env: list[str] = field(default_factory=list)
    # Variables the Django settings read with no default: collectstatic at build time gets a
    # throwaway value for each, in that RUN only (DG2035).
    settings_env_required: list[str] = field(default_factory=list)
    # ... and for django-environ casts, a value the cast parses (``env.db()``: a SQLite URL).
    settings_env_values: dict[str, str] = field(default_factory=dict)
    # The app's own code reads $PORT (``port=int(os.environ.get("PORT", 8080))``).
    port_from_env: bool = False
    # The env variable the app's own code reads its port from (PORT, APP_PORT...): an app that
    # starts its own server gets it set to the chosen port (DG1053).
    port_env_var: str = ""
    # Env variables the app's own code reads its bind host from, set to 0.0.0.0 (DG1065).
    host_env: list[tuple[str, str]] = field(default_factory=list)
    # Issues 15 and 16.
    # Start commands the project states (DG1090), translated for production (DG1091), most
    # authoritative first; StartIntent from inspection.stated_commands.
    stated_starts: list[StartIntent] = field(default_factory=list)
    # The one that starts a project whose code names no app (a server, a script, a worker).
    stated_start: StartIntent | None = None
    # The project's own file:line that imports pkg_resources (DG2113), "" when none does.
    pkg_resources_import: str = ""
    # DG2117: start file -> the project's own modules its imports reach, and the folders that hold them.
    local_imports: dict[str, tuple[LocalImport, ...]] = field(default_factory=dict)


@dataclass
class ServiceFacts:
    """Issue 7 (``inspection/services.py``): the backing services the app needs, the environment
    variables its source reads, its Celery app and schedule, its ``.env.example``.
    """

    # Backing services the app needs ("postgres", "mysql", "mariadb", "redis", "rabbitmq"),
    # environment variable names its source reads (value = name, evidence = file:line), its
    # Celery app ("module:attr") and ".env.example" when the project documents its environment in one.
    services: list[Fact[str]] = field(default_factory=list)
    env_reads: list[Fact[str]] = field(default_factory=list)
    celery_app: Fact[str] | None = None
    celery_beat: Fact[str] | None = None  # DG2047: where the source declares a beat schedule
    env_example: Fact[str] | None = None


@dataclass
class MetadataFacts:
    """What the image is labelled with: the version from git (DG2017) and the OCI labels (DG3006)."""

    # Version from git (DG2017): "VARIABLE=version" the build plugin reads instead of .git.
    vcs_version: Fact[str] | None = None
    # OCI label values from the project's metadata (DG3006): description, version, licenses, source.
    image_labels: dict[str, Fact[str]] = field(default_factory=dict)


# The original flat field order: ``to_json`` (``dockergen inspect --json``, docs/inspect-schema.json)
# and ``facts_lines`` keep it, so the output does not depend on how the fields are grouped.
FLAT_ORDER: tuple[str, ...] = (
    "root", "name", "python_version", "package_manager", "dependency_files", "requirements", "is_package",
    "framework", "app", "paste_app", "unreachable_files", "command", "port", "health_path", "writable_dirs",
    "sqlite_files", "setup_steps", "warnings", "dependency_date", "pinned_requirements", "requirement_ranges",
    "range_picks", "secret_requirement_files", "index_secrets", "requirements_locked", "python_sources",
    "pins", "native_deps", "native_bundled", "requirement_extras", "no_binary", "wheel_minors",
    "resolved_sets", "pins_released", "package_managers_found", "services", "env_reads", "celery_app",
    "celery_beat", "env_example", "other_package_managers", "manager_files", "locked_versions",
    "uv_workspace_members", "install_requires", "interface", "entry_file", "entry_module", "entry_script",
    "app_candidates", "console_scripts", "script_cli", "procfile_web", "server_hint", "django_settings",
    "collectstatic", "secret_key_env", "settings_env_required", "settings_env_values", "port_from_env",
    "port_env_var", "host_env", "vcs_version", "image_labels", "metadata_files", "stated_starts",
    "stated_start", "python_candidates", "python_flexible", "python_ranges", "optional_dependencies",
    "build_refusal", "legacy_setuptools", "self_import", "pkg_resources_import", "import_needs", "local_imports",
    "system_packages",
)
GROUPS: tuple[str, ...] = ("packaging", "python", "app", "services", "metadata")


@dataclass
class ProjectFacts:
    """What ``inspect_project`` learned about a project, in groups (``facts.packaging.pins``,
    ``facts.python.python_version``, ``facts.app.port``...). Fields are ``Fact`` or ``None``.

    Lists of evidence-bearing details (``dependency_files``, ``requirements``) are plain
    data; ``warnings`` collects what the user should know (shown by ``init`` and ``inspect``).
    """

    root: Path
    packaging: PackagingFacts = field(default_factory=PackagingFacts)
    python: PythonFacts = field(default_factory=PythonFacts)
    app: AppFacts = field(default_factory=AppFacts)
    services: ServiceFacts = field(default_factory=ServiceFacts)
    metadata: MetadataFacts = field(default_factory=MetadataFacts)
    warnings: list[str] = field(default_factory=list)

    def flat_items(self) -> list[tuple[str, Any]]:
        """Every field as ``(name, value)``, groups flattened, in ``FLAT_ORDER``."""
        values: dict[str, Any] = {"root": self.root, "warnings": self.warnings}
        for name in GROUPS:
            group = getattr(self, name)
            values.update((f.name, getattr(group, f.name)) for f in dataclasses.fields(group))
        return [(name, values[name]) for name in FLAT_ORDER]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.flat_items():
            if name == "root":
                out["root"] = str(value)
            elif isinstance(value, Fact):
                out[name] = value.to_json()
            else:
                out[name] = _jsonable(value)
        return out


def _show(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fact):
        return value.to_json()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, AppTarget):
        return {"spec": value.spec, **dataclasses.asdict(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _jsonable(dataclasses.asdict(value))
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
