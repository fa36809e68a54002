"""Projects whose version comes from git (setuptools-scm, hatch-vcs, pdm-backend's scm source,
poetry-dynamic-versioning) need ``.git`` to build, which the .dockerignore keeps out of the
context (DG3004). Each backend reads an environment variable instead; the Dockerfile declares
it as a build argument seeded from ``git describe`` (decision DG2017).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..facts import Fact
from .files import read_text
from .git import run_git
from .setuptools_meta import pkg_info

# build requirement -> the variable its version plugin reads instead of asking git
PRETEND_VARIABLES = {
    "setuptools-scm": "SETUPTOOLS_SCM_PRETEND_VERSION",
    "hatch-vcs": "SETUPTOOLS_SCM_PRETEND_VERSION",
    "poetry-dynamic-versioning": "POETRY_DYNAMIC_VERSIONING_BYPASS",
}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_TAG_VERSION = re.compile(r"^v?(\d+(?:\.\d+)*(?:[-.+]?[A-Za-z0-9.]+)?)$")
FALLBACK = "0.0.0"


def detect_vcs_version(root: Path, pyproject: dict[str, Any] | None) -> Fact[str] | None:
    variable, evidence = _plugin(root, pyproject)
    if variable is None:
        return None
    version, where = _describe(root)
    recorded = pkg_info(root).get("version")
    if version == FALLBACK and recorded:  # DG1080: an unpacked sdist records its own version
        version, where = recorded, "from PKG-INFO Version (a source distribution)"
    return Fact(f"{variable}={version}", "detected", f"{evidence}; version {where}")


def _plugin(root: Path, pyproject: dict[str, Any] | None) -> tuple[str | None, str]:
    system = (pyproject or {}).get("build-system") or {}
    for requirement in system.get("requires") or []:
        match = _NAME.match(str(requirement))
        name = match.group(1).lower().replace("_", "-") if match else ""
        if name in PRETEND_VARIABLES:
            return PRETEND_VARIABLES[name], f"pyproject.toml [build-system] requires {name}"
    pdm_version = ((((pyproject or {}).get("tool") or {}).get("pdm") or {}).get("version") or {})
    if isinstance(pdm_version, dict) and pdm_version.get("source") == "scm":
        return "PDM_BUILD_SCM_VERSION", "pyproject.toml [tool.pdm.version] source = scm"
    try:
        setup_py = read_text(root, "setup.py") or ""
    except Exception:
        setup_py = ""
    if "use_scm_version" in setup_py:
        return "SETUPTOOLS_SCM_PRETEND_VERSION", "setup.py use_scm_version"
    return None, ""


def _describe(root: Path) -> tuple[str, str]:
    """The newest tag's version (``v1.4.2`` -> ``1.4.2``), else a placeholder."""
    result = run_git(root, "describe", "--tags", "--abbrev=0")
    tag = result.stdout.strip() if result is not None and result.returncode == 0 else ""
    match = _TAG_VERSION.match(tag)
    if match:
        return match.group(1), f"from git tag {tag}"
    return FALLBACK, "unknown (no git tag): pass the real one at build time"
