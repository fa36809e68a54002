"""What the detectors that return (rather than write) their findings return: one frozen group each.

``inspect_project`` puts them on ``ProjectFacts``; a detector never mutates the facts it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..facts import Fact, SqliteFile


@dataclass(frozen=True)
class PortFound:
    port: Fact[int] | None
    from_env: bool = False  # the app's own code reads $PORT
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class WritableFound:
    dirs: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    databases: tuple[SqliteFile, ...] = ()  # DG2045


@dataclass(frozen=True)
class ServicesFound:
    services: tuple[Fact[str], ...]
    env_reads: tuple[Fact[str], ...]
    celery_app: Fact[str] | None
    env_example: Fact[str] | None
    warnings: tuple[str, ...] = ()
    celery_beat: Fact[str] | None = None  # DG2047: a periodic-task schedule in the source
