"""What dockergen knows about each Python minor: its release, its end of life, its images.

The facts are data (``dockergen/data/python_minors.toml``, with their sources). Two rules read
them, both pure:

- DG2110, the era rule: a project installed "as of" a date (DG2080) gets the newest minor that
  had been out for half a year on that date, because the date also holds back setuptools and the
  project's own dependencies, which predate newer minors (a 2021 setuptools imports distutils,
  gone in 3.12; 2022 code imports cgi or audioop, gone in 3.13).
- DG2111, published images: a FROM line names only an official ``python:<minor>-slim-<debian>``
  tag that was ever published (no trixie image exists for 3.6-3.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .shipped import load_data


@dataclass(frozen=True)
class Minor:
    name: str  # "3.11"
    released: date  # the x.y.0 release
    end_of_life: date
    images: tuple[str, ...]  # Debian releases with a published python:<minor>-slim-<debian> image


@lru_cache(maxsize=1)
def minors() -> dict[str, Minor]:
    """Every minor in the data file, oldest first."""
    data = load_data("python_minors.toml")["minors"]
    table = {name: Minor(name, entry["released"], entry["end_of_life"], tuple(entry["images"]))
             for name, entry in data.items()}
    return dict(sorted(table.items(), key=lambda item: minor_key(item[0])))


# A new minor gets wheels for the packages people use over its first months (numpy, pandas and
# friends publish them weeks to months after the x.y.0); code of that time was written and locked
# on the minor before it. So the era's minor is the newest one out for at least this long.
ERA_GRACE = timedelta(days=180)


def era_minor(day: date, candidates: Sequence[str]) -> str | None:
    """DG2110: the newest of ``candidates`` released at least ``ERA_GRACE`` before ``day``
    (None when none was)."""
    known = minors()
    released = [m for m in candidates if m in known and known[m].released + ERA_GRACE <= day]
    return max(released, key=minor_key, default=None)


def legacy_minors(releases: Sequence[str], supported: Sequence[str]) -> list[str]:
    """DG2083: end-of-life minors older than every ``supported`` one whose official image was
    published for one of ``releases`` (3.7 to 3.9 on bookworm), oldest first."""
    oldest = min((minor_key(m) for m in supported), default=(0, 0))
    return [m.name for m in minors().values()
            if minor_key(m.name) < oldest and any(r in m.images for r in releases)]


def image_debian(minor: str, wanted: str, releases: Sequence[str]) -> str | None:
    """DG2111: the Debian release for ``python:<minor>-slim-<release>``.

    ``wanted`` when that image was published, else the newest of ``releases`` (the ones
    dockergen supports, oldest first) that has one; None when no supported release ever had an
    image of this minor. A minor newer than the data (a future one) is taken on trust; one older
    than the data (2.7, 3.5) never had an image on a supported release.
    """
    table = minors()
    entry = table.get(minor)
    if entry is None:
        oldest = next(iter(table))
        return None if minor_key(minor) < minor_key(oldest) else wanted
    if wanted in entry.images:
        return wanted
    published = [r for r in releases if r in entry.images]
    return published[-1] if published else None


def minor_key(minor: str) -> tuple[int, int]:
    major, _, rest = minor.partition(".")
    return int(major), int(rest)
