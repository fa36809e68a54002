"""``dockergen check``: where an existing Dockerfile departs from what dockergen would do.

``check_project(path)`` reads the project (``load``), runs the rule table (``rules``) and
returns a ``CheckReport``; ``format`` turns it into text, JSON or SARIF 2.1.0.
"""

from __future__ import annotations

from pathlib import Path

from .model import SEVERITIES, CheckReport, Finding
from .rules import RULES, run_rules

__all__ = ["RULES", "SEVERITIES", "CheckReport", "Finding", "check_project"]


def check_project(path: str | Path = ".") -> CheckReport:
    """Check the Dockerfile of the project at ``path`` (a folder, or the Dockerfile itself)."""
    from .load import load_context

    ctx = load_context(path)
    return CheckReport(str(ctx.facts.root), ctx.dockerfile_path, run_rules(ctx))
