"""The Python minor the image runs, from the project's own declarations.

DG1030: sources are read in one documented order (``python_sources.SOURCE_ORDER``):
``.python-version``, ``runtime.txt``, ``requires-python``, Poetry's ``python`` dependency,
``Pipfile [requires]``, ``.tool-versions``, ``uv.lock``'s ``requires-python``, then the default.
Sources that name one minor are preferences; ranges are constraints that are never broken
(DG1031). A range alone resolves to the newest supported minor it admits, settled minors first
(DG1002). End-of-life minors are honoured with a warning (DG1032).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier

from ..facts import Fact
from ..python_minors import minor_key
from ..versions import DEFAULT_MINOR, END_OF_LIFE_MINORS, SUPPORTED_MINORS
from .python_sources import Constraint, VersionSource, parse_minor, read_version_sources

__all__ = ["PythonChoice", "choose_python", "detect_python_version", "newest_minor_for", "outside_ranges",
           "parse_minor", "preference_order"]


@dataclass
class PythonChoice:
    fact: Fact[str]
    # Supported minors every stated range admits, most preferred first. When ``flexible``, a
    # later check (wheels for pinned requirements, DG1034) may pick another one of these.
    candidates: list[str] = field(default_factory=list)
    flexible: bool = True  # False when a source names the minor exactly
    sources: list[Fact[str]] = field(default_factory=list)
    # The stated ranges (requires-python and friends), each with its evidence (DG2114).
    ranges: list[Fact[str]] = field(default_factory=list)


def preference_order(minors: tuple[str, ...] = SUPPORTED_MINORS) -> list[str]:
    """DG1002: settled minors (up to the default) newest first, then newer ones, oldest first."""
    settled = [m for m in minors if minor_key(m) <= minor_key(DEFAULT_MINOR)]
    newer = [m for m in minors if minor_key(m) > minor_key(DEFAULT_MINOR)]
    return list(reversed(settled)) + newer


def newest_minor_for(spec: str, minors: tuple[str, ...] = SUPPORTED_MINORS) -> str | None:
    """The preferred minor in ``minors`` that ``spec`` admits (None if none, or if malformed)."""
    try:
        constraint = Constraint(spec)
    except (InvalidSpecifier, ValueError, IndexError):
        return None
    return next((m for m in preference_order(minors) if constraint.admits(m)), None)


def detect_python_version(root: Path, pyproject: dict[str, Any] | None, warnings: list[str]) -> Fact[str]:
    return choose_python(read_version_sources(root, pyproject, warnings), warnings).fact


def choose_python(sources: list[VersionSource], warnings: list[str]) -> PythonChoice:
    """Pick the minor from ``sources`` (already in documented order); explain conflicts."""
    ranges = [s for s in sources if s.constraint is not None]
    shown = [Fact(s.text, "detected", s.evidence) for s in sources]
    stated = [Fact(s.text, "detected", s.evidence) for s in ranges]
    fits = [m for m in preference_order() if _admitted(m, ranges)]

    chosen: VersionSource | None = None
    for source in (s for s in sources if s.minor):
        minor = source.minor or ""
        broken = [r for r in ranges if r.constraint is not None and not r.constraint.admits(minor)]
        if not broken:
            chosen = chosen or source
            if source.minor != chosen.minor:
                warnings.append(f"DG1031: {source.evidence} says Python {source.minor}, but {chosen.evidence} "
                                f"says {chosen.minor}, which comes first; using {chosen.minor}.")
            continue
        warnings.append(f"DG1031: {source.evidence} says Python {source.minor}, but {broken[0].evidence} "
                        "excludes it; ignoring it so no stated constraint is broken.")

    if chosen is not None:
        fact = Fact(chosen.minor or "", "detected", chosen.evidence + _agreeing(ranges))
        return PythonChoice(_warn_eol(fact, warnings), [fact.value], False, shown, stated)
    if ranges and fits:
        fact = Fact(fits[0], "detected", "; ".join(r.evidence for r in ranges))
        return PythonChoice(fact, fits, True, shown, stated)
    if ranges:
        return PythonChoice(_no_supported_fit(ranges, warnings), [], False, shown, stated)
    return PythonChoice(Fact(DEFAULT_MINOR, "default", "no version declared"), preference_order(), True, shown)


def outside_ranges(minor: str, ranges: list[Fact[str]]) -> list[Fact[str]]:
    """DG2114: the stated ranges (``PythonChoice.ranges``) that admit no release of ``minor``."""
    out = []
    for stated in ranges:
        try:
            if not Constraint(stated.value).admits(minor):
                out.append(stated)
        except (InvalidSpecifier, ValueError, IndexError):
            continue
    return out


def _admitted(minor: str, ranges: list[VersionSource]) -> bool:
    return all(r.constraint.admits(minor) for r in ranges)  # type: ignore[union-attr]


def _agreeing(ranges: list[VersionSource]) -> str:
    return f" (within {', '.join(r.evidence for r in ranges)})" if ranges else ""


def _no_supported_fit(ranges: list[VersionSource], warnings: list[str]) -> Fact[str]:
    """No supported minor satisfies every range: an end-of-life one that does, else the first range."""
    evidence = "; ".join(r.evidence for r in ranges)
    old = next((m for m in reversed(END_OF_LIFE_MINORS) if _admitted(m, ranges)), None)
    if old is not None:
        return _warn_eol(Fact(old, "detected", evidence), warnings)
    first = next((m for m in preference_order() if _admitted(m, ranges[:1])), DEFAULT_MINOR)
    warnings.append(f"DG1031: no Python minor satisfies all of {evidence}; using {first} from "
                    f"{ranges[0].evidence}. Make the version statements agree.")
    return Fact(first, "detected", ranges[0].evidence)


def _warn_eol(fact: Fact[str], warnings: list[str]) -> Fact[str]:
    """DG1032: an end-of-life minor is kept (it is what the project says) but warned about."""
    if fact.value in END_OF_LIFE_MINORS:
        warnings.append(f"DG1032: Python {fact.value} ({fact.evidence}) is past its end of life: no security "
                        "fixes, and its images may be missing for this Debian release; consider upgrading.")
    elif fact.value not in SUPPORTED_MINORS:
        warnings.append(f"DG1032: Python {fact.value} ({fact.evidence}) is not a minor dockergen knows "
                        f"({', '.join(SUPPORTED_MINORS)}); the image python:{fact.value} may not exist.")
    return fact



def has_all_wheels(minor: str, wheel_minors: dict[str, list[str]]) -> bool:
    """DG1034: ``minor`` has a wheel for every pin that has a wheel for some minor (a pin with
    none anywhere cannot be helped by another minor and does not decide)."""
    return all(minor in minors for minors in wheel_minors.values() if minors)


def choose_for_wheels(choice: PythonChoice, wheel_minors: dict[str, list[str]], warnings: list[str]) -> Fact[str]:
    """DG1034: when pins lack wheels for the chosen minor, the preferred candidate where all have one.

    Pins with no wheel for any minor cannot be helped by another minor and do not decide. An
    exact version statement is never overridden; then, or when no candidate works, the minor
    stays and the builder gets a toolchain (DG2027, in the plan).
    """
    minor = choice.fact.value
    deciding = {pin: minors for pin, minors in wheel_minors.items() if minors}
    missing = sorted(pin for pin, minors in deciding.items() if minor not in minors)
    if not missing:
        return choice.fact
    better = next((m for m in choice.candidates if has_all_wheels(m, wheel_minors)), None)
    if not choice.flexible or better is None:
        why = f"{choice.fact.evidence} names it" if not choice.flexible else "no supported minor has wheels for all"
        warnings.append(f"DG2027: no wheel for Python {minor} ({why}): {', '.join(missing)}; the builder "
                        "stage compiles them with the full image's toolchain.")
        return choice.fact
    warnings.append(f"DG1034: no wheel for Python {minor}: {', '.join(missing)}; using Python {better}, "
                    "the newest allowed minor with wheels for every pin.")
    within = "" if choice.fact.source == "default" else f" allowed by {choice.fact.evidence}"
    return Fact(better, "detected", f"the newest minor{within} with wheels for {', '.join(missing)} (DG1034)")
