"""Showing facts to people (lines) and to tools (versioned JSON, docs/inspect-json.md)."""

from __future__ import annotations

from typing import Any

from . import __version__
from .facts import Fact, ProjectFacts

SCHEMA_VERSION = 1


def facts_json(facts: ProjectFacts) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "dockergen_version": __version__, "facts": facts.to_json()}


def facts_lines(facts: ProjectFacts) -> list[str]:
    lines = [f"project {facts.root}"]
    for name, value in facts.flat_items():
        if isinstance(value, Fact):
            lines.append(f"  {name:<16} {value.value if not isinstance(value.value, list) else ' '.join(value.value)}"
                         f"  [{value.source}{': ' + value.evidence if value.evidence else ''}]")
        elif isinstance(value, list) and value and name != "warnings":
            shown = [v.describe() if isinstance(v, Fact) else str(v) for v in value]
            lines.append(f"  {name:<16} {', '.join(shown)}")
        elif isinstance(value, dict) and value:  # pins, wheel_minors
            shown = [f"{k} ({' '.join(v) or 'none'})" if isinstance(v, list) else f"{k}=={v}" for k, v in value.items()]
            lines.append(f"  {name:<16} {', '.join(shown)}")
    lines += [f"warning: {w}" for w in facts.warnings]
    return lines
