"""The command-line options of the settings, built from the one table (``settings.SETTINGS``).

Each setting becomes one typer option: ``--package-manager [pip|uv|poetry|pdm|pipenv]`` for a
closed set (``--help`` lists the values, the shell completes them, a typo is a usage error),
``--port INTEGER``, ``--healthcheck/--no-healthcheck`` for a switch. A command takes them as
``**settings`` and ``with_settings`` adds them to its signature, which typer reads.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, Optional, TypeVar

import typer

from .settings import SETTINGS, Setting

F = TypeVar("F", bound=Callable[..., Any])
_ONLY_ON = frozenset({"offline"})  # a switch with no --no- form
# How --help names a free-text value (typer's default would be <str>).
METAVARS = {"python": "3.X", "port": "PORT", "command": "'CMD [ARG...]'", "app": "MODULE:APP",
            "as_of": "auto|never|YYYY-MM-DD", "ci_registry": "HOST", "ci_image": "OWNER/NAME",
            "extra_packages": "REQUIREMENT", "extra_writable_dirs": "FOLDER"}


def choices(name: str, values: Iterable[str]) -> type[Enum]:
    """An Enum whose values are ``values``: typer shows and completes them as choices."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


def plain(value: Any) -> Any:
    """The value of an Enum choice (what the library takes), anything else unchanged."""
    return value.value if isinstance(value, Enum) else value


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def setting_parameter(setting: Setting) -> inspect.Parameter:
    """The typer parameter for one setting (default None: the lower layers decide)."""
    decl = flag(setting.name)
    annotation: Any
    if setting.kind is bool:
        decls = (decl,) if setting.name in _ONLY_ON else (f"{decl}/--no-{decl[2:]}",)
        annotation = Optional[bool]
    elif setting.choices is not None:
        decls = (decl,)
        annotation = Optional[choices(setting.name, setting.choices())]
    elif setting.kind is list:  # repeatable: --extra-packages a --extra-packages b
        decls = (decl,)
        annotation = Optional[list[str]]
    else:
        decls = (decl,)
        annotation = Optional[setting.kind]
    option = typer.Option(None, *decls, help=setting.help + ".", show_default=False,
                          metavar=METAVARS.get(setting.name))
    return inspect.Parameter(setting.name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=annotation)


def with_settings(names: Iterable[str] | None = None) -> Callable[[F], F]:
    """Add the options of ``names`` (default: every setting) to a command taking ``**settings``."""

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        fixed = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        wanted = SETTINGS if names is None else {n: SETTINGS[n] for n in names}
        extra = [setting_parameter(s) for s in wanted.values()]
        func.__signature__ = signature.replace(parameters=fixed + extra)  # type: ignore[attr-defined]
        return func

    return decorate


def given(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings the user gave on the command line, as library values."""
    return {name: plain(value) for name, value in settings.items() if value is not None and value != []}
