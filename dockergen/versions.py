"""The one place that lists supported Python minors, the default, and pinned tool versions.

Update these deliberately: a pinned tool version is what keeps a build that worked yesterday
working tomorrow.
"""

from __future__ import annotations

# Minors with official python:<minor>-slim-<debian> images, oldest first.
SUPPORTED_MINORS: tuple[str, ...] = ("3.10", "3.11", "3.12", "3.13", "3.14")
DEFAULT_MINOR = "3.13"
# Minors past their end of life (still honoured, with a warning).
END_OF_LIFE_MINORS: tuple[str, ...] = ("2.7", "3.5", "3.6", "3.7", "3.8", "3.9")
# The Debian release named in every FROM line. ``-slim`` alone floats between releases and
# renames libraries under you (BEST-PRACTICES rule 1).
DEFAULT_DEBIAN = "trixie"
DEBIAN_RELEASES: tuple[str, ...] = ("bookworm", "trixie")

# Build tools the generated Dockerfiles install, exact versions.
UV_VERSION = "0.13.9"
POETRY_VERSION = "2.5.1"
PDM_VERSION = "2.29.4"
PIPENV_VERSION = "2026.10.3"
GUNICORN_VERSION = "27.0.1"
UVICORN_VERSION = "0.54.0"
PASTEDEPLOY_VERSION = "3.1.0"  # gunicorn --paste imports paste.deploy (DG1058)

# DG2121: the pins above need Python 3.10 or newer. On an older minor (an era image, DG2081)
# each tool gets its newest release that still supports that minor, read off the
# Requires-Python of its releases on PyPI when the pins above were checked. Newest first:
# (the oldest minor that release supports, the release).
OLDER_MINOR_PINS: dict[str, tuple[tuple[str, str], ...]] = {
    "gunicorn": (("3.7", "23.0.0"), ("3.5", "21.2.0"), ("2.7", "19.10.0")),
    "uvicorn": (("3.9", "0.39.0"), ("3.8", "0.33.0"), ("3.7", "0.22.0"), ("3.6", "0.16.0")),
    "pastedeploy": (("3.7", "3.1.0"), ("2.7", "3.0")),
    "poetry": (("3.9", "2.2.1"), ("3.8", "1.8.5"), ("3.7", "1.5.1")),
    "poetry-plugin-export": (("3.9", "1.9.0"), ("3.8", "1.8.0"), ("3.7", "1.4.0")),
    "pdm": (("3.9", "2.26.9"), ("3.8", "2.20.1"), ("3.7", "2.10.4")),
    "pipenv": (("3.9", "2025.0.4"), ("3.8", "2024.4.1"), ("3.7", "2023.10.3"), ("3.6", "2022.4.20")),
}
PINS_NEED_MINOR = "3.10"


def _minor_key(minor: str) -> tuple[int, ...]:
    return tuple(int(part) for part in minor.split(".")[:2])


def pin_for_minor(name: str, version: str, minor: str) -> str:
    """DG2121: the release of tool ``name`` (pinned at ``version``) to install on Python ``minor``:
    the pin itself on 3.10 and newer (or an unreadable minor), else the newest release that
    supports ``minor``, or the oldest one known when none does."""
    older = OLDER_MINOR_PINS.get(name.lower())
    try:
        wanted = _minor_key(minor)
    except ValueError:
        return version
    if not older or wanted >= _minor_key(PINS_NEED_MINOR):
        return version
    return next((release for oldest, release in older if _minor_key(oldest) <= wanted), older[-1][1])


# The newest setuptools that still ships pkg_resources (82.0.0 removed it; DG2113).
PKG_RESOURCES_SETUPTOOLS = "setuptools<82"

# When the pins above were last checked. Packages dockergen itself adds (a server) are exempt
# from an as-of cutoff (DG2080) up to this moment, so a date-bounded build still gets them.
TOOL_PINS_CHECKED = "2026-11-25T00:00:00Z"

# The non-root user every image runs as.
APP_UID = 10001

# Backing-service images compose.yaml runs (DG2061): exact tags, each on a long-term-support line.
SERVICE_IMAGES = {
    "postgres": "postgres:17.5-bookworm",
    "mysql": "mysql:8.4.5",
    "mariadb": "mariadb:11.4.7",
    "redis": "redis:7.4.4-bookworm",
    "rabbitmq": "rabbitmq:4.1.1",
}
# Poetry exports its lock with this plugin (DG2011); PDM runs with its known-good companions,
# because a new release of one of PDM's own dependencies has broken PDM before (hishel 2.0
# removed an API PDM 2.29 uses).
POETRY_EXPORT_VERSION = "1.10.1"
PDM_COMPANIONS: tuple[str, ...] = ("hishel==1.4.0",)
