"""The date of a project's era from its exact pins: the day after the newest pinned release was
uploaded (PEP 700 ``upload-time`` in the index's PEP 691 JSON). An as-of install bounded by that
date gets the releases of the project's time for what it left open (DG4015)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from ..wheel_index import index_url

ACCEPT = "application/vnd.pypi.simple.v1+json"


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


def pins_era(pins: dict[str, str], *, index: str | None = None, timeout: float = 10.0) -> str | None:
    """The era date of ``pins`` (name -> version) from the package index; None when unknown."""
    times: list[str] = []
    for name, version in sorted(pins.items())[:30]:
        times += _upload_times(index or index_url(), name, version, timeout)
    return era_date(times)


def _upload_times(index: str, name: str, version: str, timeout: float) -> list[str]:
    import urllib.error
    import urllib.request

    from packaging.utils import canonicalize_name
    from packaging.version import InvalidVersion, Version

    request = urllib.request.Request(f"{index.rstrip('/')}/{canonicalize_name(name)}/",
                                     headers={"Accept": ACCEPT, "User-Agent": "dockergen"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.loads(response.read().decode("utf-8", "replace"))
    except (OSError, ValueError, urllib.error.HTTPError):
        return []
    try:
        wanted = Version(version)
    except InvalidVersion:
        return []
    out = []
    for item in data.get("files", []):
        if item.get("upload-time") and _file_version(item.get("filename", ""), name) == wanted:
            out.append(item["upload-time"])
    return out


def _file_version(filename: str, name: str) -> Any:
    from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename

    try:
        if filename.endswith(".whl"):
            return parse_wheel_filename(filename)[1]
        return parse_sdist_filename(filename)[1]
    except (InvalidWheelFilename, InvalidSdistFilename, ValueError):
        return None
