"""Installing "as of" the project's own date when nothing is locked (decisions DG2080, DG2081).

A project that pins its direct dependencies (``Flask==2.2.3``) but leaves the rest open gets,
months later, a new Werkzeug that the pinned code cannot import: the image builds and then
crashes. A project that pins nothing breaks the same way, only sooner. When the rule below
says so, the builder resolves with uv's ``--exclude-newer`` set to the moment the dependency
files were last committed, as an ``ARG UV_EXCLUDE_NEWER`` that the user can see, override or
clear.

The rule (auto): no lock file, the pip route, and dependency files unchanged for at least
``MIN_AGE_DAYS``. A lock file always wins: it already says what to install, so it is never
date-bounded.

DG2082: git dates a file's last edit, not its pins. A project whose every direct requirement is
an exact pin is dated by its pins instead: the day after the newest pinned release reached the
index (the wheel check's answers carry PEP 700 upload times). That day bounds the install when
it is older than the git date (history rewritten, a file touched for a typo), and it is the era
of the Python minor (DG2110) even for a full lock, which is never date-bounded itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from .catalog.package_managers import lock_files, locking_managers
from .facts import Fact, ProjectFacts

MIN_AGE_DAYS = 180
LOCK_FILES = frozenset(lock_files(other=True))
LOCKING_MANAGERS = frozenset(locking_managers())
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class AsOf:
    timestamp: str  # RFC 3339 UTC for UV_EXCLUDE_NEWER; "" when not applied
    reason: str  # why (shown in the summary and the Dockerfile comment)
    warning: str = ""
    era: str = ""  # YYYY-MM-DD the Python minor is chosen for (DG2110); "" = the timestamp's day

    @property
    def era_day(self) -> str:
        return self.era or self.timestamp[:10]


def era_date(upload_times: list[str]) -> str | None:
    """YYYY-MM-DD of the day after the newest of ``upload_times`` (RFC 3339), None without any."""
    parsed = []
    for stamp in upload_times:
        try:
            parsed.append(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
        except ValueError:
            continue
    if not parsed:
        return None
    return (max(parsed) + timedelta(days=1)).date().isoformat()


@dataclass(frozen=True)
class PinsEra:
    day: str  # YYYY-MM-DD, the day after the newest pinned release was uploaded
    evidence: str  # that release and its upload day


def pins_era(facts: ProjectFacts, today: date) -> PinsEra | None:
    """DG2082: the era of a project whose direct requirements are all exact pins, when it is at
    least ``MIN_AGE_DAYS`` old; None otherwise (an open requirement was resolved whenever the
    project was last installed, which the pins cannot date)."""
    direct = set(facts.packaging.requirements)
    if not direct or not direct <= set(facts.packaging.pinned_requirements) or not facts.python.pins_released:
        return None
    newest = max(facts.python.pins_released.items(), key=lambda item: item[1])
    day = era_date([newest[1]])
    if day is None or (today - date.fromisoformat(day)).days < MIN_AGE_DAYS:
        return None
    return PinsEra(day, f"{newest[0]}, the newest pinned release, uploaded {newest[1][:10]}")


def parse_as_of(value: Any) -> str:
    """Setting parser: ``auto``, ``never`` or a date ``YYYY-MM-DD``."""
    text = str(value).strip()
    if text in ("auto", "never"):
        return text
    if _DATE.match(text):
        date.fromisoformat(text)  # raises ValueError for 2023-02-30
        return text
    raise ValueError("must be auto, never or a date like 2023-03-15")


def is_locked(facts: ProjectFacts) -> str:
    """The lock that pins everything, or "" when the project has none."""
    for name in facts.packaging.dependency_files:
        if name.rsplit("/", 1)[-1] in LOCK_FILES:
            return name
    if facts.packaging.package_manager and facts.packaging.package_manager.value in LOCKING_MANAGERS:
        return facts.packaging.package_manager.evidence or facts.packaging.package_manager.value
    if facts.packaging.requirements_locked is not None and facts.packaging.requirements_locked.value:
        return facts.packaging.requirements_locked.evidence
    return ""


def choose_as_of(facts: ProjectFacts, setting: Fact[str] | None, today: date) -> AsOf:
    mode = setting.value if setting is not None else "auto"
    lock = is_locked(facts)
    era = pins_era(facts, today)
    if lock:
        note = f"not date-bounded: {lock} already pins every package"
        return AsOf("", note, f"--as-of {mode} ignored: {note}." if mode not in ("auto", "never") else "",
                    era=era.day if era and mode == "auto" else "")
    if mode == "never":
        return AsOf("", "as-of turned off")
    if mode != "auto":
        return AsOf(f"{mode}T23:59:59Z", f"as of {mode} ({setting.source if setting else 'cli'})",
                    _risk(mode))
    if facts.packaging.package_manager is None or facts.packaging.package_manager.value != "pip":
        return AsOf("", "only lockless pip-style installs are date-bounded")
    stamp = facts.python.dependency_date.value if facts.python.dependency_date else ""
    if era is not None and (not stamp or era.day < stamp[:10]):
        reason = (f"no lock file; every direct requirement is an exact pin; the pins date from {era.day} "
                  f"({era.evidence}; DG2082)")
        return AsOf(f"{era.day}T00:00:00Z", reason, _risk(era.day))
    if not stamp:
        why = facts.python.dependency_date.evidence if facts.python.dependency_date else "no dependency files"
        return AsOf("", f"no dependency date ({why})")
    changed = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).date()
    age = (today - changed).days
    if age < MIN_AGE_DAYS:
        return AsOf("", f"dependency files changed {age} days ago (< {MIN_AGE_DAYS})")
    pins = ", ".join(f"{n}=={v}" for n, v in list(facts.packaging.pinned_requirements.items())[:3])
    declared = f"exact pins ({pins}) with open transitive dependencies" if pins else \
        f"open requirements ({', '.join(facts.packaging.requirements[:3])}) that have moved on since"
    reason = (f"no lock file; {declared}; "
              f"dependency files last changed {changed.isoformat()}, {age} days ago "
              f"({facts.python.dependency_date.evidence if facts.python.dependency_date else 'git'})")
    return AsOf(stamp, reason, _risk(changed.isoformat()))


def _risk(day: str) -> str:
    return (f"DG2081: the image installs releases as of {day}, which may carry known vulnerabilities; "
            "pin newer versions, or write a lock file with `dockergen lock`, then rebuild.")
