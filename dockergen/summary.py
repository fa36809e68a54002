"""The wizard's summary in sentences: what dockergen will write, for what, and why.

Pure: from a ``BuildPlan`` and the resolved settings (each a ``Fact`` with its evidence).
"""

from __future__ import annotations

from typing import Any

from .facts import Fact
from .outcome import shown_command
from .plan_model import BuildPlan
from .settings import Settings

_EXTRAS = (("compose.yaml", "compose.yaml"), ("k8s/", "Kubernetes manifests"), (".github/", "CI workflow"),
           (".gitlab-ci.yml", ""))


def _join(words: list[str], conj: str = "and") -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" {conj} " + words[-1]


def _why(fact: Fact[Any] | None) -> str:
    """`` (from .python-version:1)`` / `` (a default)`` / ``""``."""
    if fact is None:
        return ""
    if fact.source == "default":
        return " (a default)"
    where = {"cli": "from the command line", "config": "saved", "prompt": "your answer"}.get(fact.source)
    if where:
        return f" ({where})"
    return f" (from {fact.evidence})" if fact.evidence else ""


def describe_plan(plan: BuildPlan, settings: Settings) -> list[str]:
    outputs = [o for o in plan.outputs if not o.startswith("k8s/")] + (["k8s/"] if any(
        o.startswith("k8s/") for o in plan.outputs) else [])
    lines = [f"dockergen will write {_join(outputs)}:"]
    python, manager = settings.python, settings.package_manager
    lines.append(f"  a {plan.template_id} image on Python {plan.base.python_version}{_why(python)}, "
                 f"installed with {plan.install.package_manager}{_why(manager)};")
    command = shown_command(plan.start.entrypoint, plan.start.cmd)
    if plan.start.port is not None:
        health = "with a health check" if plan.start.healthcheck else "without a health check"
        lines.append(f"  listening on port {plan.start.port}{_why(settings.port)}, {health},")
    lines.append(f"  started with `{command}`.")
    if plan.as_of.timestamp:
        lines.append(f"  Dependencies resolve as of {plan.as_of.timestamp} ({plan.as_of.reason}).")
    has = {name: any(o.startswith(prefix) for o in plan.outputs) for prefix, name in _EXTRAS}
    has["CI workflow"] = has["CI workflow"] or has.pop("")
    missing = [name for name, present in has.items() if not present]
    if missing:
        lines.append(f"No {_join(missing, 'or')} (change an answer to add them).")
    return lines
