"""The user-settable choices: one table shared by CLI options, ``[tool.dockergen]`` keys and
library arguments, and the one place that applies precedence:

    CLI flag / library argument > [tool.dockergen] config > prompt answer > detected > default
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .ci import CI_CHOICES, parse_image, parse_registry
from .errors import ConfigError, UsageError
from .facts import AppTarget, Fact, ProjectFacts
from .versions import DEBIAN_RELEASES, DEFAULT_DEBIAN, SUPPORTED_MINORS

PACKAGE_MANAGERS = ("pip", "uv", "poetry", "pdm", "pipenv")


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    parse: Callable[[Any], Any]


def _template(value: Any) -> str:
    from .render import template_ids

    known = template_ids()
    if value not in known:
        raise ValueError(f"must be one of {', '.join(known)}")
    return value


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
        return value

    return parse


def _as_of(value: Any) -> str:
    from .asof import parse_as_of

    return parse_as_of(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("must be true or false")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("template", "Template id (a folder of templates/)", _template),
        Setting("python", "Python minor version, e.g. 3.12", _python),
        Setting("port", "Port the app listens on", _port),
        Setting("command", "Start command (a string or a list)", _command),
        Setting("app", "Application object, module:attr or module:factory()", _app),
        Setting("package_manager", "Package manager: " + ", ".join(PACKAGE_MANAGERS), _choice(PACKAGE_MANAGERS)),
        Setting("debian", "Debian release of the base image: " + ", ".join(DEBIAN_RELEASES), _choice(DEBIAN_RELEASES)),
        Setting("healthcheck", "Add a HEALTHCHECK to web images", _bool),
        Setting("compose", "Also write compose.yaml with the services the app needs", _bool),
        Setting("kubernetes", "Also write Kubernetes manifests to k8s/", _bool),
        Setting("as_of", "Resolve a lockless install as of a date: auto, never or YYYY-MM-DD", _as_of),
        Setting("offline", "Skip the package index look-up for wheels of pinned versions", _bool),
        # CI workflow scaffolding (dockergen/ci.py).
        Setting("ci", "CI workflow to write: " + ", ".join(CI_CHOICES), _choice(CI_CHOICES)),
        Setting("ci_registry", "Registry the CI pushes to (default ghcr.io / the GitLab registry)", parse_registry),
        Setting("ci_image", "Image path in the registry, e.g. owner/name (default: the repository)", parse_image),
        Setting("ci_multi_arch", "CI builds linux/amd64 and linux/arm64", _bool),
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


# Where a setting's detected value lives on ProjectFacts, when it has one.
_DETECTED = {
    "python": "python_version",
    "port": "port",
    "command": "command",
    "app": "app",
    "package_manager": "package_manager",
}
_DEFAULTS: dict[str, Any] = {"debian": DEFAULT_DEBIAN, "healthcheck": True, "as_of": "auto",
                             "compose": False, "kubernetes": False, "offline": False, "ci": "none"}


def resolve(
    facts: ProjectFacts,
    cli: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    config_origin: str = "[tool.dockergen]",
) -> dict[str, Fact[Any] | None]:
    """Every setting as a Fact from the highest-precedence layer that has it (None if no layer)."""
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
        elif name in _DETECTED and getattr(facts, _DETECTED[name]) is not None:
            out[name] = getattr(facts, _DETECTED[name])
        elif name in _DEFAULTS:
            out[name] = Fact(_DEFAULTS[name], "default", "")
        else:
            out[name] = None
    return out
