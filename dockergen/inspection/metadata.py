"""Project metadata for the image's OCI labels (BEST-PRACTICES rule 34, decision DG3006):
description, version, licence and source URL from ``[project]`` (or ``[tool.poetry]``)."""

from __future__ import annotations

import re
from typing import Any

from ..facts import Fact

_SPDX = re.compile(r"^[A-Za-z0-9.+() -]+$")
_URL_KEYS = ("repository", "source", "source code", "code", "github", "homepage", "home")


def detect_metadata(pyproject: dict[str, Any] | None) -> dict[str, Fact[str]]:
    """OCI label values (description, version, licenses, source) with their evidence."""
    project = (pyproject or {}).get("project") or {}
    poetry = ((pyproject or {}).get("tool") or {}).get("poetry") or {}
    table, where = (project, "[project]") if project else (poetry, "[tool.poetry]")
    labels: dict[str, Fact[str]] = {}
    for key, label in (("description", "description"), ("version", "version")):
        value = table.get(key)
        if isinstance(value, str) and value.strip():
            labels[label] = Fact(value.strip(), "detected", f"pyproject.toml {where} {key}")
    licence = table.get("license")
    if isinstance(licence, str) and _SPDX.match(licence.strip()):
        labels["licenses"] = Fact(licence.strip(), "detected", f"pyproject.toml {where} license")
    urls = table.get("urls") or {}
    if isinstance(urls, dict):
        lowered = {str(k).lower(): v for k, v in urls.items() if isinstance(v, str)}
        for key in _URL_KEYS:
            if lowered.get(key, "").startswith(("https://", "http://")):
                labels["source"] = Fact(lowered[key], "detected", f"pyproject.toml {where} urls.{key}")
                break
    for key in ("repository", "homepage"):  # Poetry keeps them at the top of its table
        if "source" not in labels and isinstance(table.get(key), str) and table[key].startswith("http"):
            labels["source"] = Fact(table[key], "detected", f"pyproject.toml {where} {key}")
    return labels
