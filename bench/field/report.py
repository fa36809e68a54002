"""Render field-corpus results: the one table, the pass rate, docs/field-tests.md."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

BEGIN, END = "<!-- field-corpus:begin -->", "<!-- field-corpus:end -->"
COLUMNS = ("app", "expected", "detected", "result", "diagnosis", "image", "build s", "notes")


def _size(value) -> str:
    if not value:
        return ""
    return f"{int(value) / 1e6:.0f} MB"


def _secs(value) -> str:
    return f"{float(value):.0f}" if value not in (None, "") else ""


def _cell(text) -> str:
    return str(text or "").replace("|", "\\|").replace("\n", " ")


def row(record: dict) -> list[str]:
    verify = record.get("verify") or {}
    det = record.get("detected") or {}
    detected = " / ".join(str(det.get(k) or "-") for k in ("framework", "package_manager", "python"))
    expected = f"{record.get('framework', '?')} ({record.get('kind', '?')}) / {record.get('manager', '?')}, {record.get('era', '')}"
    name = record["name"] + ("" if record.get("expert_containerizable", True) else " ✝")
    result = record.get("result") or "?"
    result = "**pass**" if result == "pass" else f"fails: {result}" + (" ‡" if record.get("testbed_artefact") else "")
    notes = "; ".join([*(record.get("run_notes") or []),
                       *([f"‡ {record['testbed_artefact']}"] if record.get("testbed_artefact") else [])])
    return [name, expected, detected, result, record.get("diagnosis") or "",
            _size(verify.get("image_size")), _secs(verify.get("build_seconds")), notes]


def render_table(results: list[dict]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_cell(c) for c in row(r)) + " |" for r in results]
    return "\n".join(lines + ["", summary(results)])


def pass_rate(results: list[dict]) -> tuple[int, int]:
    judged = [r for r in results if r.get("expert_containerizable", True)]
    return sum(r.get("result") == "pass" for r in judged), len(judged)


def summary(results: list[dict]) -> str:
    passed, judged = pass_rate(results)
    rate = f"{100 * passed / judged:.0f} %" if judged else "n/a"
    stages = Counter(r.get("result") for r in results if r.get("result") != "pass")
    by_stage = ", ".join(f"{stage}: {n}" for stage, n in stages.most_common())
    other = len(results) - judged
    artefacts = sum(bool(r.get("testbed_artefact")) for r in results if r.get("expert_containerizable", True))
    adjusted = (f" Without the {artefacts} failure(s) that are the testbed's (‡: the Python minor or "
                f"Debian release dockergen chose has no stand-in here, and the failure is the stand-in's: "
                f"the index has wheels for the chosen minor only, the project's Python range or syntax excludes the stand-in's minor, that minor removed a standard-library module the app imports, or the stand-in's Debian differs; or the app's stop waits on name lookups the testbed, with no DNS, cannot answer): {passed} of {judged - artefacts} "
                f"({100 * passed / (judged - artefacts):.0f} %).") if artefacts and judged > artefacts else ""
    return (f"**{passed} of {judged} expert-containerizable apps pass ({rate})**; {other} more "
            f"(✝) need a service or secret an expert could not supply without editing the app. "
            f"Failures by stage: {by_stage or 'none'}.{adjusted}")


def failures(results: list[dict]) -> str:
    lines = []
    for r in results:
        if r.get("result") == "pass":
            continue
        diag = (r.get("verify") or {}).get("diagnosis") or {}
        fix = f" Fix: {diag['fix']}" if diag.get("fix") else ""
        mark = "" if r.get("expert_containerizable", True) else f" (✝ {r.get('reason')})"
        lines.append(f"- **{r['name']}**{mark}: {r.get('result')}: {_cell(r.get('diagnosis'))}.{_cell(fix)}")
    return "\n".join(lines) or "None."


def section(run: dict) -> str:
    results = run["apps"]
    head = (f"Run of {run['date']} ({run.get('label') or 'unlabelled'}): generator `{run['dockergen']}`, "
            f"verifier `{run['verifier']}`, {'cold' if run.get('cold') else 'warm'} BuildKit cache "
            f"mounts, {run.get('jobs', 1)} job(s); stand-in Pythons on the engine: "
            f"{', '.join(run.get('pythons') or []) or 'unknown'}.")
    return "\n\n".join([BEGIN, head, render_table(results), "### Failures and their diagnoses",
                        failures(results), END])


def write_docs(run: dict, page: Path) -> None:
    """Replace the generated section of page (between the markers), keeping the rest."""
    text = page.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section(run) + after
    else:
        text = text.rstrip("\n") + "\n\n" + section(run) + "\n"
    page.write_text(text, encoding="utf-8")
