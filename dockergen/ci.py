"""The CI workflow part of the plan (settings ``ci``, ``ci_registry``, ``ci_image``,
``ci_multi_arch``): which file to write and the flat context its template needs.

Pure: reads only resolved settings. Action and image versions are pinned here, in one place
(DG3023); templates live in ``templates/_outputs/ci/``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .facts import Fact

CI_SYSTEMS = ("github", "gitlab")
CI_CHOICES = ("none", *CI_SYSTEMS)  # "none": no workflow (the default)
OUTPUTS = {"github": ".github/workflows/docker.yml", "gitlab": ".gitlab-ci.yml"}
# Output path -> template, for render.OUTPUT_TEMPLATES.
TEMPLATES = {".github/workflows/docker.yml": "_outputs/ci/github.yml.jinja",
             ".gitlab-ci.yml": "_outputs/ci/gitlab.yml.jinja"}

# DG3023: every action pinned by commit SHA (dockergen/data/ci_actions.toml, dated), every CI
# image to a full version; bump them deliberately.
ACTIONS_FILE = Path(__file__).resolve().parent / "data" / "ci_actions.toml"
GITLAB_IMAGES = {
    "docker": "docker:27.3.1",
    "dind": "docker:27.3.1-dind",
    "hadolint": "hadolint/hadolint:v2.12.0-debian",
    "binfmt": "tonistiigi/binfmt:qemu-v8.1.5",
}
GHCR = "ghcr.io"
PLATFORMS = ("linux/amd64", "linux/arm64")

_REGISTRY = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$")
_IMAGE = re.compile(r"^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$")


@lru_cache(maxsize=1)
def pinned_actions() -> dict[str, str]:
    """name -> ``owner/repo@SHA # vX.Y.Z``: a ``uses:`` value with its release as a YAML comment."""
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib

    table = tomllib.loads(ACTIONS_FILE.read_text(encoding="utf-8"))["actions"]
    return {name: f"{a['repo']}@{a['sha']} # {a['version']}" for name, a in table.items()}


def parse_registry(value: Any) -> str:
    """A registry host such as ``ghcr.io`` or ``registry.example.com:5000``."""
    text = str(value).strip().lower().removeprefix("https://").rstrip("/")
    if not _REGISTRY.match(text):
        raise ValueError("must be a registry host such as ghcr.io or registry.example.com:5000")
    return text


def parse_image(value: Any) -> str:
    """An image path in the registry, lower case: ``owner/name``."""
    text = str(value).strip()
    if not _IMAGE.match(text):
        raise ValueError("must be a lower-case image path such as owner/name")
    return text


def ci_outputs(settings: dict[str, Fact[Any] | None]) -> tuple[tuple[str, ...], dict[str, Any]]:
    """(extra output files, template context) for the ``ci`` setting; nothing when unset."""
    ci = settings.get("ci")
    if ci is None or ci.value == "none":
        return (), {}
    registry = _value(settings, "ci_registry")
    image = _value(settings, "ci_image")
    multi_arch = bool(_value(settings, "ci_multi_arch"))
    context = {
        "ci_actions": pinned_actions(),
        "ci_dockergen_spec": f"dockergen-cli=={__version__}",
        "ci_images": GITLAB_IMAGES,
        "ci_multi_arch": multi_arch,
        "ci_platforms": ",".join(PLATFORMS if multi_arch else PLATFORMS[:1]),
        "ci_dockerfile": "Dockerfile",
        "ci_default_branch": "main",
    }
    if ci.value == "github":
        registry = registry or GHCR
        # GHCR takes the repository token; any other registry takes credentials from secrets.
        ghcr = registry == GHCR
        context.update(ci_registry=registry,
                       ci_login_username="${{ github.actor }}" if ghcr else "${{ secrets.REGISTRY_USERNAME }}",
                       ci_login_password="${{ secrets.GITHUB_TOKEN }}" if ghcr else "${{ secrets.REGISTRY_PASSWORD }}",
                       ci_image_ref=f"{registry}/{image}" if image else registry + "/${{ github.repository }}")
    else:
        context.update(ci_registry=registry or "$CI_REGISTRY", ci_use_job_token=registry is None,
                       ci_image_ref=f"{registry or '$CI_REGISTRY'}/{image}" if image else
                       (f"{registry}/$CI_PROJECT_PATH" if registry else "$CI_REGISTRY_IMAGE"))
    return (OUTPUTS[ci.value],), context


def _value(settings: dict[str, Fact[Any] | None], name: str) -> Any:
    fact = settings.get(name)
    return fact.value if fact is not None else None
