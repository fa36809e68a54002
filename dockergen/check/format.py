"""``dockergen check`` output: text for people, JSON, and SARIF 2.1.0 for code-scanning UIs.

Pure functions from a ``CheckReport`` to a string; the CLI decides where it goes and whether
the terminal gets colour.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..decisions import get
from ..home import HOME, decision_url
from ..redact import redact
from ..terminal import printable
from .model import SEVERITIES, CheckReport, Finding
from .rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_COLOUR = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET, _DIM, _BOLD = "\033[0m", "\033[2m", "\033[1m"


def format_text(report: CheckReport, *, colour: bool = False) -> str:
    """Findings grouped by severity, each with its location, code, reason and fix."""

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if colour else text

    if not report.findings:
        return f"{printable(report.dockerfile)}: no findings: it does what dockergen would do.\n"
    lines: list[str] = []
    for severity in SEVERITIES:
        group = [f for f in report.findings if f.severity == severity]
        if not group:
            continue
        lines.append(paint(f"{severity} ({len(group)})", _BOLD + _COLOUR[severity]))
        for f in group:
            lines.append(f"  {printable(f.path)}:{f.line}  {paint(f.code, _COLOUR[severity])}  "
                         f"{printable(redact(f.message))}")
            lines.append(paint(f"      fix: {printable(redact(f.fix))}", _DIM))
        lines.append("")
    lines.append(_totals(report.findings) + " `dockergen explain CODE` says why.")
    return "\n".join(lines) + "\n"


def _totals(findings: list[Finding]) -> str:
    counts = [(s, sum(f.severity == s for f in findings)) for s in SEVERITIES]
    return ", ".join(f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts) + "."


# The key every JSON output of dockergen versions its shape with (inspect --json, init --json).
SCHEMA_VERSION = 1


def report_json(report: CheckReport) -> dict[str, Any]:
    return {
        "root": report.root,
        "dockerfile": report.dockerfile,
        "findings": [f.to_json() for f in report.findings],
        "counts": _counts(report.findings),
    }


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(f.severity == s for f in findings) for s in SEVERITIES}


def format_json(report: CheckReport | list[CheckReport]) -> str:
    """One report's fields at the top level; for several, ``reports`` and the total ``counts``."""
    head = {"schema_version": SCHEMA_VERSION, "dockergen_version": __version__}
    if isinstance(report, CheckReport):
        data = {**head, **report_json(report)}
    else:
        data = {**head, "reports": [report_json(r) for r in report],
                "counts": _counts([f for r in report for f in r.findings])}
    return json.dumps(data, indent=2) + "\n"


def sarif_rules() -> list[dict[str, Any]]:
    out = []
    for code, (_, name) in RULES.items():
        decision = get(code)
        title = decision.title if decision else name
        summary = decision.summary if decision else title
        out.append({
            "id": code,
            "name": name,
            "shortDescription": {"text": title},
            "fullDescription": {"text": summary},
            "help": {"text": f"{summary} Run `dockergen explain {code}`."},
            "helpUri": decision_url(code),
        })
    return out


def format_sarif(report: CheckReport | list[CheckReport]) -> str:
    """One SARIF run with the findings of every report (paths as ``Finding.path`` gives them)."""
    findings = report.findings if isinstance(report, CheckReport) else [f for r in report for f in r.findings]
    rules = sarif_rules()
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    results = [{
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f"{f.message} Fix: {f.fix}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(f.line, 1)},
        }}],
    } for f in findings]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "dockergen", "version": __version__,
                                "informationUri": HOME,
                                "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2) + "\n"


FORMATS = {"json": format_json, "sarif": format_sarif}
