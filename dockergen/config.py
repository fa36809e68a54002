"""Reading saved answers: ``[tool.dockergen]`` in pyproject.toml, else ``.dockergen.toml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import settings
from .inspection.files import read_toml

CONFIG_FILE = ".dockergen.toml"


def load_config(root: Path) -> tuple[dict[str, Any], str]:
    """(validated settings, where they came from). Empty when nothing is saved."""
    pyproject = read_toml(root, "pyproject.toml")
    table = ((pyproject or {}).get("tool") or {}).get("dockergen")
    if table is not None:
        return _validated(table, "pyproject.toml [tool.dockergen]"), "pyproject.toml [tool.dockergen]"
    data = read_toml(root, CONFIG_FILE)
    if data is not None:
        return _validated(data, CONFIG_FILE), CONFIG_FILE
    return {}, ""


def _validated(table: Any, origin: str) -> dict[str, Any]:
    from .errors import ConfigError

    if not isinstance(table, dict):
        raise ConfigError(f"{origin} must be a table of settings.", hint=f"Fix {origin}.")
    return settings.validate(table, origin)
