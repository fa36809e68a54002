"""The bench table (terminal and docs/benchmarks.md) and the targets, judged honestly."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench.measure import Result

MB = 1_000_000
HEADER = ("fixture", "image", "size MB", "vs base", "layers", "cold s", "warm s", "deps reused",
          "first answer s", "stop s", "hadolint", "user", "left in image")


@dataclass
class Row:
    fixture: str
    kind: str
    baseline_cmd: str
    dockergen: Result
    baseline: Result


def cells(row: Row, result: Result) -> list[str]:
    if result.error:
        return [row.fixture, result.variant, "FAILED (below)"] + [""] * (len(HEADER) - 3)
    ratio = f"{result.size / row.baseline.size:.2f}x" if result.variant == "dockergen" and row.baseline.size else ""
    answer = "-" if result.first_answer is None else f"{result.first_answer:.1f}"
    if not result.answer_ok:
        answer += " (FAILED, see below)"
    elif row.kind == "script":
        answer += " (exit 0)"
    elif row.kind == "worker":
        answer += " (worker ready)"
    deps = {True: "yes", False: "no", None: "n/a (no deps)"}[result.deps_reused]
    if result.retried:
        deps += " (2nd edit, below)"
    return [row.fixture, result.variant, f"{result.size / MB:.0f}", ratio, str(result.layers),
            f"{result.cold:.1f}", f"{result.warm:.1f}", deps, answer,
            "-" if result.stop is None else f"{result.stop:.1f}",
            str(len(result.hadolint)) + (f" ({', '.join(sorted(set(result.hadolint)))})" if result.hadolint else ""),
            result.user if result.non_root or result.user == "root" else f"{result.user} (root)",
            ", ".join(x.split(":", 1)[1] for x in result.leftovers) or "none"]


def table(rows: list[Row], markdown: bool) -> str:
    data = [list(HEADER)] + [cells(r, res) for r in rows for res in (r.dockergen, r.baseline)]
    if markdown:
        lines = ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in data]
        lines.insert(1, "|" + "|".join("---" for _ in HEADER) + "|")
        return "\n".join(lines)
    widths = [max(len(line[i]) for line in data) for i in range(len(HEADER))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in data)


def failures(rows: list[Row]) -> list[str]:
    """What failed, in full: builds that broke and probes that got no (or the wrong) answer."""
    out = []
    for row in rows:
        for result in (row.dockergen, row.baseline):
            if result.error:
                out.append(f"{row.fixture} / {result.variant}: {result.error}")
            elif not result.answer_ok:
                out.append(f"{row.fixture} / {result.variant}: probe failed: {result.answer_note}")
            if result.retried:
                out.append(f"{row.fixture} / {result.variant}: warm rebuild measured twice: {result.retried}")
    return out


def targets(rows: list[Row]) -> list[tuple[bool, str]]:
    """(met, sentence) for each target of issue 4, computed from this run only."""
    ok = [r for r in rows if not r.dockergen.error]
    broken = [r.fixture for r in rows if r.dockergen.error]
    out: list[tuple[bool, str]] = []
    if broken:
        out.append((False, f"dockergen's image failed to build or run for: {', '.join(broken)}"))
    ratios = [r.dockergen.size / r.baseline.size for r in ok if r.baseline.size]
    if ratios:
        median = statistics.median(ratios)
        out.append((median <= 0.6, f"median dockergen image = {median:.2f}x the baseline's size (target <= 0.6x)"))
    not_reused = [r.fixture for r in ok if r.dockergen.deps_reused is False]
    retried = [r.fixture for r in ok if r.dockergen.retried]
    out.append((not not_reused, "dependency step reused on every warm rebuild"
                + (f": NOT for {', '.join(not_reused)}" if not_reused else "")
                + (f" (after a 2nd edit for {', '.join(retried)}: see the notes)" if retried else "")))
    slow = [f"{r.fixture} {r.dockergen.warm:.1f}s" for r in ok if r.dockergen.warm >= 5]
    out.append((not slow, "source-edit rebuild < 5 s" + (f": NOT for {', '.join(slow)}" if slow else "")))
    lint = [f"{r.fixture} ({', '.join(r.dockergen.hadolint)})" for r in rows if r.dockergen.hadolint]
    out.append((not lint, "zero hadolint findings" + (f": findings in {', '.join(lint)}" if lint else "")))
    root = [r.fixture for r in ok if not r.dockergen.non_root]
    out.append((not root, "every dockergen image runs as non-root" + (f": root in {', '.join(root)}" if root else "")))
    dead = [r.fixture for r in ok if not r.dockergen.answer_ok]
    out.append((not dead, "every dockergen image answers its probe" + (f": NOT {', '.join(dead)}" if dead else "")))
    return out


def medians(rows: list[Row]) -> str:
    """One line comparing the medians of both variants (images that built)."""
    def med(variant: str, attr: str) -> float:
        values = [getattr(getattr(r, variant), attr) for r in rows if not getattr(r, variant).error]
        return statistics.median(values) if values else float("nan")
    return (f"medians, dockergen vs baseline: size {med('dockergen', 'size') / MB:.0f} vs "
            f"{med('baseline', 'size') / MB:.0f} MB; cold build {med('dockergen', 'cold'):.1f} vs "
            f"{med('baseline', 'cold'):.1f} s; warm rebuild {med('dockergen', 'warm'):.1f} vs "
            f"{med('baseline', 'warm'):.1f} s")


def summary_lines(rows: list[Row]) -> list[str]:
    return [f"[{'met' if met else 'MISSED'}] {text}" for met, text in targets(rows)] + [medians(rows)]
