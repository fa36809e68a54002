"""The rule table of ``dockergen check``: each rule is the inverse of a decision dockergen makes.

A rule is a function ``CheckContext -> Iterable[Finding]``; it reads only the context (no disk).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from . import rules_context, rules_image, rules_install, rules_start
from .model import CheckContext, Finding, rank

Rule = Callable[[CheckContext], Iterable[Finding]]

# code -> (rule, short name used as the SARIF rule name)
RULES: dict[str, tuple[Rule, str]] = {
    "DG3001": (rules_image.root_user, "NonRootUser"),
    "DG2002": (rules_install.deps_after_source, "DependenciesBeforeSource"),
    "DG3021": (rules_install.missing_cache_mount, "InstallCache"),
    "DG3020": (rules_image.unpinned_image, "PinnedBaseImage"),
    "DG1001": (rules_image.python_version, "ProjectPythonVersion"),
    "DG1004": (rules_start.wrong_app, "DetectedApplication"),
    "DG2005": (rules_start.dev_server, "ProductionServer"),
    "DG3004": (rules_context.secrets_in_context, "DockerignoreSecrets"),
    "DG3022": (rules_image.build_tools_in_runtime, "NoBuildToolsAtRuntime"),
    "DG3005": (rules_start.shell_form, "ExecFormStart"),
}


def run_rules(ctx: CheckContext) -> list[Finding]:
    """Every rule's findings, most severe first, then by file and line."""
    findings = [f for rule, _ in RULES.values() for f in rule(ctx)]
    return sorted(findings, key=lambda f: (rank(f.severity), f.path, f.line, f.code))
