"""Saved answers: ``[tool.dockergen]`` in pyproject.toml, else ``.dockergen.toml``.

``load_config`` reads and validates them (every key is a ``settings.SETTINGS`` name, the same
as the CLI option and the library argument). ``save_config`` writes answers back with tomlkit,
so the file's other tables, comments and formatting stay exactly as they were, through
``write.atomic_write_all`` (a crash never leaves a half-written pyproject.toml).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import settings
from .errors import ConfigError
from .facts import AppTarget
from .inspection.files import read_text, read_toml

CONFIG_FILE = ".dockergen.toml"
PYPROJECT = "pyproject.toml"
PYPROJECT_ORIGIN = "pyproject.toml [tool.dockergen]"


@dataclass(frozen=True)
class ConfigTarget:
    path: str  # relative to the project root
    origin: str  # how evidence names it: "pyproject.toml [tool.dockergen]" or ".dockergen.toml"


def load_config(root: Path) -> tuple[dict[str, Any], str]:
    """(validated settings, where they came from). Empty when nothing is saved."""
    pyproject = read_toml(root, PYPROJECT)
    table = ((pyproject or {}).get("tool") or {}).get("dockergen")
    if table is not None:
        return _validated(table, PYPROJECT_ORIGIN), PYPROJECT_ORIGIN
    data = read_toml(root, CONFIG_FILE)
    if data is not None:
        return _validated(data, CONFIG_FILE), CONFIG_FILE
    return {}, ""


def _validated(table: Any, origin: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError(f"{origin} must be a table of settings.", hint=f"Fix {origin}.")
    return settings.validate(table, origin)


def config_target(root: Path) -> ConfigTarget:
    """Where answers are saved: where settings already live, else pyproject.toml, else .dockergen.toml.

    A project whose settings are in .dockergen.toml keeps them there: adding a
    [tool.dockergen] table to its pyproject would hide that file (pyproject wins on load).
    """
    pyproject = read_toml(root, PYPROJECT)
    if pyproject is not None and "dockergen" in (pyproject.get("tool") or {}):
        return ConfigTarget(PYPROJECT, PYPROJECT_ORIGIN)
    if (root / CONFIG_FILE).is_file():
        return ConfigTarget(CONFIG_FILE, CONFIG_FILE)
    if pyproject is not None:
        return ConfigTarget(PYPROJECT, PYPROJECT_ORIGIN)
    return ConfigTarget(CONFIG_FILE, CONFIG_FILE)


def save_config(root: Path, target: ConfigTarget, values: dict[str, Any]) -> None:
    """Set ``values`` (parsed settings) in the target's table, changing nothing else in the file."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from .write import atomic_write_all, refuse_links, safe_target

    text = read_text(root, target.path) or ""
    try:
        doc = tomlkit.parse(text if not text or text.endswith("\n") else text + "\n")
        created = target.path == PYPROJECT and "dockergen" not in (doc.get("tool") or {})
        table = _dockergen_table(doc) if target.path == PYPROJECT else doc
        for name in settings.SETTINGS:  # a stable order: the settings table's
            if name in values:
                table[name] = to_toml(values[name])
        new_text = tomlkit.dumps(doc)
        if created and not new_text.endswith(table.as_string()):  # placed among other tables
            table.add(tomlkit.nl())
            new_text = tomlkit.dumps(doc)
    except (TOMLKitError, ValueError) as err:
        raise ConfigError(f"Cannot save answers in {target.path}: {err}.",
                          hint=f"Fix {target.path}, or pass the options on the command line.") from err
    if new_text != text:
        refuse_links(root, target.path)
        atomic_write_all([(safe_target(root, target.path), new_text)])


def _dockergen_table(doc: Any) -> Any:
    import tomlkit

    if "tool" not in doc:
        doc.append("tool", tomlkit.table(is_super_table=True))
    tool = doc["tool"]
    if "dockergen" not in tool:
        tool["dockergen"] = tomlkit.table()
    return tool["dockergen"]


def to_toml(value: Any) -> Any:
    """A setting's value as it is written in TOML (and read back by ``settings.validate``)."""
    if isinstance(value, AppTarget):
        return value.spec
    if isinstance(value, tuple):
        return list(value)
    return value
