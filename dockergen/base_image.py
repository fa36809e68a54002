"""The base image's Python minor and Debian release: wheels, the era rule and published images.

DG1034 and DG2116: a minor dockergen chose itself (detected or default) moves to the preferred
candidate where every pin, and the whole resolved set, has a wheel, when the project lets it
choose; inspection only gathers the answers (``wheel_minors``, ``resolved_sets``).
DG2110: under an "as of" date (DG2080) the image runs the newest allowed minor that had been out
for half a year by that date. DG2111: the FROM line names only an official ``python:<minor>-slim-<debian>`` tag that
was published. DG2114: a minor the user names outside the project's stated ranges is warned
about here and refused by ``refuse_python_outside_range`` when nobody can be asked. Pure: reads
the facts, the resolved settings and the data of ``python_minors``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .asof import AsOf
from .errors import ConfigError
from .facts import Fact, ProjectFacts
from .inspection.python_version import (
    PythonChoice,
    choose_for_wheels,
    has_all_wheels,
    outside_ranges,
    preference_order,
)
from .python_minors import era_minor, image_debian, legacy_minors, minor_key, minors
from .settings import Settings
from .versions import DEBIAN_RELEASES, SUPPORTED_MINORS


def choose_minor_and_debian(facts: ProjectFacts, settings: Settings, as_of: AsOf,
                            warnings: list[str]) -> dict[str, Fact[Any]]:
    """DG2110 and DG2111: the Python minor of the project's era, on a published image."""
    python, debian = settings.python, settings.debian
    chosen: dict[str, Fact[Any]] = {}
    outside = python_outside_range(facts, settings)
    if outside:
        warnings.append(outside)
    if python is not None and python.source in ("detected", "default"):
        for_sets = choose_for_sets(facts, python, warnings)
        if for_sets is not python:
            chosen["python"] = python = for_sets
    flexible = facts.python.python_flexible
    if python is not None and as_of.era_day and python.source in ("detected", "default") and flexible:
        day = date.fromisoformat(as_of.era_day)
        candidates = _with_wheels(facts.python.python_candidates or list(SUPPORTED_MINORS), facts)
        era = era_minor(day, candidates)
        minor = era or min(candidates, key=minor_key, default=None)
        stated = bool(facts.python.python_sources)  # the project names a Python or a range: stay within it
        older = _with_wheels(legacy_minors(DEBIAN_RELEASES, SUPPORTED_MINORS), facts) if era is None and not stated \
            else []
        legacy = era_minor(day, older) or (older[0] if older else None)
        if legacy is not None:  # DG2083: older than every supported minor, and the project says nothing
            eol = minors()[legacy].end_of_life.isoformat()
            warnings.append(f"DG2083: the project's dependencies date from {day.isoformat()}, before every "
                            f"supported Python; using Python {legacy}, the minor of that time, which reached its "
                            f"end of life on {eol} (no security fixes). Check the app on a supported minor and "
                            "name it with --python, or update its pins.")
            chosen["python"] = python = Fact(legacy, "detected", f"the minor of {day.isoformat()}, older than "
                                             "every supported one (DG2083)")
        elif minor and minor_key(minor) < minor_key(python.value):  # the era only ever moves back in time
            released = "the newest allowed minor out for half a year by" if era else \
                "the oldest supported minor: none was out by"
            python = Fact(minor, "detected", f"{released} {day.isoformat()}, the "
                          f"{'as-of date' if as_of.timestamp else 'date of its pins (DG2082)'} (DG2110)")
            chosen["python"] = python
    if python is not None and debian is not None:
        published = image_debian(python.value, debian.value, DEBIAN_RELEASES)
        if published is None:
            oldest = _oldest_fitting(facts)
            warnings.append(f"DG2111: no python:{python.value}-slim image exists for {', '.join(DEBIAN_RELEASES)} "
                            f"(Python {python.value}, {python.describe()}); using Python {oldest}, the oldest "
                            "supported minor. Check that the project runs on it, or name one with --python.")
            chosen["python"] = Fact(oldest, "detected", f"Python {python.value} has no published image (DG2111)")
            published = image_debian(oldest, debian.value, DEBIAN_RELEASES) or debian.value
        if published != debian.value:
            warnings.append(f"DG2111: python:{python.value}-slim-{debian.value} was never published; "
                            f"using {published}.")
            chosen["debian"] = Fact(published, "detected",
                                    f"python:{python.value} images exist for {published} (DG2111)")
    return chosen


_NAMED = ("cli", "config", "prompt")  # the user chose the minor; dockergen never changes it


def choose_for_sets(facts: ProjectFacts, python: Fact[str], warnings: list[str]) -> Fact[str]:
    """DG1034, then DG2116: the minor where the direct pins have wheels, then where the whole
    resolved set does; ``python`` itself when it already fits or the project names it exactly
    (then the builder compiles: DG2027, in plan_native)."""
    choice = PythonChoice(python, facts.python.python_candidates, facts.python.python_flexible)
    python = choose_for_wheels(choice, facts.python.wheel_minors, warnings)
    tried = facts.python.resolved_sets
    failed = {m: ", ".join(r.no_wheel) for m, r in tried.items() if r.no_wheel}
    if python.value not in failed:
        return python
    chosen = python.value
    has = "have" if len(tried[chosen].no_wheel) > 1 else "has"
    good = next((m for m, r in tried.items() if not r.no_wheel), None)
    if good is None:
        where = " or another minor dockergen may choose" if len(failed) > 1 else " (an sdist only)"
        warnings.append(f"DG2116: {failed[chosen]}, which the project's requirements install, {has} no "
                        f"wheel for Python {chosen}{where}: the builder stage compiles it with the full "
                        "image's toolchain, which fails if it needs headers the native-packages map does "
                        "not know.")
        return python
    warnings.append(f"DG2116: {failed[chosen]}, which the project's requirements install, {has} no wheel "
                    f"for Python {chosen}; using Python {good}, where the whole set has wheels.")
    return Fact(good, "detected", f"the first candidate minor with wheels for the whole resolved "
                f"set ({failed[chosen]} has none for {chosen}; DG2116)")


def python_outside_range(facts: ProjectFacts, settings: Settings) -> str:
    """DG2114: a warning when the user names a minor that the project's stated ranges exclude
    ("" when there is none, or when the minor is the project's own)."""
    python = settings.python
    if python is None or python.source not in _NAMED:
        return ""
    broken = outside_ranges(python.value, facts.python.python_ranges)
    if not broken:
        return ""
    admitted = [m for m in SUPPORTED_MINORS if not outside_ranges(m, facts.python.python_ranges)]
    fits = f"it admits {', '.join(admitted)}" if admitted else "no supported minor fits it"
    ranges = "; ".join(r.evidence for r in broken)
    return (f"DG2114: Python {python.value} ({python.describe().partition('(')[2].rstrip(')')}) is outside "
            f"the project's range {ranges}: {fits}. The install may fail or the app may not run.")


def refuse_python_outside_range(facts: ProjectFacts, settings: Settings) -> None:
    """DG2114 when nobody can be asked (``--yes``, no terminal): the warning becomes an error."""
    outside = python_outside_range(facts, settings)
    if outside:
        admitted = [m for m in preference_order() if not outside_ranges(m, facts.python.python_ranges)]
        hint = (f"Name a minor the project admits (--python {admitted[0]}), or widen its requires-python."
                if admitted else "Widen the project's requires-python, or name a supported minor it admits.")
        raise PythonOutsideRangeError(outside.removesuffix(" The install may fail or the app may not run."), hint)


class PythonOutsideRangeError(ConfigError):
    """DG2114: --python names a minor the project's requires-python excludes, and nobody can be asked."""


def _oldest_fitting(facts: ProjectFacts) -> str:
    """DG2111: the oldest supported minor the project's ranges admit (the oldest one if none do)."""
    fitting = [m for m in SUPPORTED_MINORS if not outside_ranges(m, facts.python.python_ranges)]
    return min(fitting or SUPPORTED_MINORS, key=minor_key)


def _with_wheels(candidates: list[str], facts: ProjectFacts) -> list[str]:
    """The candidates with wheels for every pin that has wheels somewhere (DG1034), and for the
    whole resolved set where uv tried that minor (DG2116), if any."""
    fitting = [m for m in candidates if has_all_wheels(m, facts.python.wheel_minors)
               and not (m in facts.python.resolved_sets and facts.python.resolved_sets[m].no_wheel)]
    return fitting or candidates
