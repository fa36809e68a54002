"""The user-settable choices: one table shared by CLI options, ``[tool.dockergen]`` keys and
library arguments, and the one place that applies precedence:

    CLI flag / library argument > [tool.dockergen] config > prompt answer > detected > default
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement

from .asof import parse_as_of
from .catalog.outputs import template_ids
from .catalog.package_managers import manager_ids
from .ci import CI_CHOICES, parse_image, parse_registry
from .errors import ConfigError, UsageError
from .facts import AppTarget, Fact, ProjectFacts
from .versions import DEBIAN_RELEASES, DEFAULT_DEBIAN, SUPPORTED_MINORS

PACKAGE_MANAGERS = manager_ids()


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    parse: Callable[[Any], Any]
    # For the command-line option built from this entry (dockergen/cli_options.py): the
    # allowed values of a closed set (shown in --help, completed by the shell) and the type.
    choices: Callable[[], tuple[str, ...]] | None = None
    kind: type = str


def _template(value: Any) -> str:
    known = template_ids()
    if value not in known:
        raise ValueError(f"must be one of {', '.join(known)}")
    return str(value)


def _python(value: Any) -> str:
    from .inspection.python_version import parse_minor

    minor = parse_minor(str(value))
    if minor is None:
        raise ValueError("must look like 3.12")
    if minor not in SUPPORTED_MINORS:
        raise ValueError(f"must be one of {', '.join(SUPPORTED_MINORS)}")
    return minor


def _port(value: Any) -> int:
    if isinstance(value, (bool, float)):  # int(80.5) would quietly be 80
        raise ValueError("must be a number from 1 to 65535")
    port = int(value)
    if not 1 <= port <= 65535:
        raise ValueError("must be a number from 1 to 65535")
    return port


def _command(value: Any) -> list[str]:
    if isinstance(value, str):
        parts = shlex.split(value)
    elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        parts = list(value)
    else:
        raise ValueError("must be a string or a list of strings")
    if not parts or not parts[0].strip():
        raise ValueError("must not be empty")
    return parts


def _app(value: Any) -> AppTarget:
    text = str(value).strip()
    module, sep, attr = text.partition(":")
    factory = attr.endswith("()")
    attr = attr.removesuffix("()")
    if not sep or not module or not attr or not all(p.isidentifier() for p in module.split(".") + [attr]):
        raise ValueError("must look like package.module:app or module:create_app()")
    return AppTarget(module, attr, factory, "")


def _choice(options: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in options:
            raise ValueError(f"must be one of {', '.join(options)}")
        return str(value)

    return parse


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


def _strings(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in items):
        raise ValueError("must be a list of non-empty strings")
    return [v.strip() for v in items]


def _packages(value: Any) -> list[str]:
    items = _strings(value)
    for item in items:
        try:
            Requirement(item)
        except InvalidRequirement:
            raise ValueError(f"{item!r} is not a requirement (e.g. \"setuptools<81\")") from None
    return items


def _folders(value: Any) -> list[str]:
    items = _strings(value)
    for item in items:
        parts = item.split("/")
        if item.startswith("/") or ".." in parts or not all(c.isalnum() or c in "._-/" for c in item):
            raise ValueError(f"{item!r} must be a folder inside the project, e.g. data or var/cache")
    return [item.rstrip("/") for item in items]


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("template", "Template id: slim, multi-stage or a framework's (dockergen/catalog)", _template,
                template_ids),
        Setting("python", "Python minor version, e.g. 3.12", _python),
        Setting("port", "Port the app listens on", _port, kind=int),
        Setting("command", "Start command (a string or a list)", _command),
        Setting("app", "Application object, module:attr or module:factory()", _app),
        Setting("package_manager", "Package manager: " + ", ".join(PACKAGE_MANAGERS), _choice(PACKAGE_MANAGERS),
                lambda: PACKAGE_MANAGERS),
        Setting("debian", "Debian release of the base image: " + ", ".join(DEBIAN_RELEASES), _choice(DEBIAN_RELEASES),
                lambda: DEBIAN_RELEASES),
        Setting("healthcheck", "Add a HEALTHCHECK to web images", _bool, kind=bool),
        Setting("setup_steps", "Run the project's setup steps (migrate, init-db) at start, before the server (DG2046)",
                _bool, kind=bool),
        Setting("compose", "Also write compose.yaml with the services the app needs", _bool, kind=bool),
        Setting("kubernetes", "Also write Kubernetes manifests to k8s/", _bool, kind=bool),
        Setting("as_of", "Resolve a lockless install as of a date: auto, never or YYYY-MM-DD", parse_as_of),
        Setting("offline", "Skip the package index look-up for wheels of pinned versions", _bool, kind=bool),
        # CI workflow scaffolding (dockergen/ci.py).
        Setting("ci", "CI workflow to write: " + ", ".join(CI_CHOICES), _choice(CI_CHOICES), lambda: CI_CHOICES),
        Setting("ci_registry", "Registry the CI pushes to (default ghcr.io / the GitLab registry)", parse_registry),
        Setting("ci_image", "Image path in the registry, e.g. owner/name (default: the repository)", parse_image),
        Setting("ci_multi_arch", "CI builds linux/amd64 and linux/arm64", _bool, kind=bool),
        # Remedies `dockergen verify --fix` saves (dockergen/verify/fix.py); added to what is detected.
        Setting("extra_packages", "Packages installed besides the project's own (e.g. a server it forgot)", _packages,
                kind=list),
        Setting("extra_writable_dirs", "Folders the app user may write besides the detected ones", _folders,
                kind=list),
    )
}


def validate(values: Mapping[str, Any], origin: str) -> dict[str, Any]:
    """Parse every known key, raising ConfigError naming the key for unknown or bad values."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None:
            continue
        setting = SETTINGS.get(key.replace("-", "_"))
        if setting is None:
            raise ConfigError(
                f"Unknown setting {key!r} in {origin}.",
                hint="Known settings: " + ", ".join(SETTINGS) + ".",
            )
        try:
            out[setting.name] = setting.parse(value)
        except (ValueError, TypeError) as err:
            error = UsageError if origin == "the command line" else ConfigError  # a usage error exits 2
            fix = (f"Fix --{key.replace('_', '-')} on the command line; --help lists the options and their values."
                   if error is UsageError else f"Fix {key} in {origin}.")
            raise error(f"Invalid {key} {value!r} in {origin}: {err}.", hint=fix) from None
    return out


@dataclass(frozen=True)
class Settings:
    """Every setting resolved to a Fact from its highest-precedence layer (None: no layer has it).

    One field per ``SETTINGS`` entry, in the table's order (a test keeps them in step); the
    table holds each setting's help and parser, this class its type.
    """

    template: Fact[str] | None = None
    python: Fact[str] | None = None
    port: Fact[int] | None = None
    command: Fact[list[str]] | None = None
    app: Fact[AppTarget] | None = None
    package_manager: Fact[str] | None = None
    debian: Fact[str] | None = None
    healthcheck: Fact[bool] | None = None
    setup_steps: Fact[bool] | None = None
    compose: Fact[bool] | None = None
    kubernetes: Fact[bool] | None = None
    as_of: Fact[str] | None = None
    offline: Fact[bool] | None = None
    ci: Fact[str] | None = None
    ci_registry: Fact[str] | None = None
    ci_image: Fact[str] | None = None
    ci_multi_arch: Fact[bool] | None = None
    extra_packages: Fact[list[str]] | None = None
    extra_writable_dirs: Fact[list[str]] | None = None

    def get(self, name: str) -> Fact[Any] | None:
        """The setting called ``name`` (a ``SETTINGS`` key), for table-driven readers (the wizard)."""
        if name not in SETTINGS:
            raise KeyError(name)
        fact: Fact[Any] | None = getattr(self, name)
        return fact


# Where a setting's detected value lives on ProjectFacts, when it has one.
_DETECTED: dict[str, Callable[[ProjectFacts], Fact[Any] | None]] = {
    "python": lambda facts: facts.python.python_version,
    "port": lambda facts: facts.app.port,
    "command": lambda facts: facts.app.command,
    "app": lambda facts: facts.app.app,
    "package_manager": lambda facts: facts.packaging.package_manager,
}
_DEFAULTS: dict[str, Any] = {"debian": DEFAULT_DEBIAN, "healthcheck": True, "setup_steps": True, "as_of": "auto",
                             "compose": False, "kubernetes": False, "offline": False, "ci": "none"}


def resolve(
    facts: ProjectFacts,
    cli: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    config_origin: str = "[tool.dockergen]",
) -> Settings:
    """Every setting as a Fact from the highest-precedence layer that has it (None if no layer):
    CLI > config > prompt > detected > default, written here only."""
    cli = validate(cli or {}, "the command line")
    config = config or {}
    answers = answers or {}
    out: dict[str, Fact[Any] | None] = {}
    for name in SETTINGS:
        if name in cli:
            out[name] = Fact(cli[name], "cli", f"--{name.replace('_', '-')}")
        elif name in config:
            out[name] = Fact(config[name], "config", f"{config_origin} {name}")
        elif name in answers:
            out[name] = Fact(answers[name], "prompt", "wizard")
        elif name in _DETECTED and _DETECTED[name](facts) is not None:
            out[name] = _DETECTED[name](facts)
        elif name in _DEFAULTS:
            out[name] = Fact(_DEFAULTS[name], "default", "")
        else:
            out[name] = None
    return Settings(**out)
