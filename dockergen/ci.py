"""The CI workflow part of the plan (settings ``ci``, ``ci_registry``, ``ci_image``,
``ci_multi_arch``): which file to write and the flat context its template needs.

Pure: reads only resolved settings. Action and image versions are pinned here, in one place
(DG3023); templates live in ``templates/_outputs/ci/``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import __version__
from .catalog.outputs import CI_OUTPUTS
from .plan_model import CiPart
from .shipped import load_data

if TYPE_CHECKING:  # settings.py imports this module's parsers
    from .settings import Settings

CI_SYSTEMS = tuple(CI_OUTPUTS)
CI_CHOICES = ("none", *CI_SYSTEMS)  # "none": no workflow (the default)

# DG3023: every action pinned by commit SHA (dockergen/data/ci_actions.toml, dated), every CI
# image to a full version; bump them deliberately.
GITLAB_IMAGES = {
    "docker": "docker:27.3.1",
    "dind": "docker:27.3.1-dind",
    "hadolint": "hadolint/hadolint:v2.12.0-debian",
    "binfmt": "tonistiigi/binfmt:qemu-v8.1.5",
}
GHCR = "ghcr.io"
DOCKERGEN_SPEC = f"dockergen-cli=={__version__}"  # what the lint job runs `dockergen check` with
PLATFORMS = ("linux/amd64", "linux/arm64")

_REGISTRY = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$")
_IMAGE = re.compile(r"^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$")


@lru_cache(maxsize=1)
def pinned_actions() -> dict[str, str]:
    """name -> ``owner/repo@SHA # vX.Y.Z``: a ``uses:`` value with its release as a YAML comment."""
    table = load_data("ci_actions.toml")["actions"]
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


def ci_part(settings: Settings) -> tuple[tuple[str, ...], CiPart | None]:
    """(extra output files, the plan's CI part) for the ``ci`` setting; nothing when unset."""
    ci = settings.ci
    if ci is None or ci.value == "none":
        return (), None
    registry = settings.ci_registry.value if settings.ci_registry else None
    image = settings.ci_image.value if settings.ci_image else None
    multi_arch = bool(settings.ci_multi_arch and settings.ci_multi_arch.value)
    platforms = ",".join(PLATFORMS if multi_arch else PLATFORMS[:1])
    if ci.value == "github":
        registry = registry or GHCR
        # GHCR takes the repository token; any other registry takes credentials from secrets.
        ghcr = registry == GHCR
        part = CiPart("github", pinned_actions(), DOCKERGEN_SPEC, GITLAB_IMAGES, multi_arch, platforms, registry,
                      image_ref=f"{registry}/{image}" if image else registry + "/${{ github.repository }}",
                      login_username="${{ github.actor }}" if ghcr else "${{ secrets.REGISTRY_USERNAME }}",
                      login_password="${{ secrets.GITHUB_TOKEN }}" if ghcr else "${{ secrets.REGISTRY_PASSWORD }}")
    else:
        part = CiPart("gitlab", pinned_actions(), DOCKERGEN_SPEC, GITLAB_IMAGES, multi_arch, platforms,
                      registry or "$CI_REGISTRY",
                      image_ref=f"{registry or '$CI_REGISTRY'}/{image}" if image else
                      (f"{registry}/$CI_PROJECT_PATH" if registry else "$CI_REGISTRY_IMAGE"),
                      use_job_token=registry is None)
    return (CI_OUTPUTS[ci.value],), part

