"""Fixtures for the Docker end-to-end tests. They fail, never skip, when Docker is missing."""

from __future__ import annotations

import os
import uuid

import pytest

from dockergen.versions import UV_VERSION

from .harness import Docker, DockerUnavailable


@pytest.fixture(scope="session")
def docker() -> Docker:
    try:
        engine = Docker()
        engine.check_engine()
    except DockerUnavailable as err:
        pytest.fail(
            f"The Docker e2e tests need a running engine ({err}). Start one with "
            "../shared/testbed/docker-up and build the base images with ../shared/testbed/stand-in-images.",
            pytrace=False,
        )
    engine.ensure_tag(f"ghcr.io/astral-sh/uv:{UV_VERSION}", "ghcr.io/astral-sh/uv:latest")
    # The test bed has each minor on one Debian release; the official image has 3.11 and 3.13 on
    # both. Rules that choose a minor (the era, DG2110) keep the default release, so its tag is
    # made from the other release's stand-in (the OS under it differs; DESIGN.md section 8).
    # Minors with no stand-in at all (3.10, 3.12) take the nearest one's image, likewise.
    for minor, source, debian in (("3.11", "3.11", "trixie"), ("3.13", "3.13", "bookworm"),
                                  ("3.10", "3.11", "trixie"), ("3.10", "3.11", "bookworm"),
                                  ("3.12", "3.13", "trixie"), ("3.12", "3.13", "bookworm")):
        there = "bookworm" if source == "3.11" else "trixie"
        for variant in ("-slim", ""):
            engine.ensure_tag(f"python:{minor}{variant}-{debian}", f"python:{source}{variant}-{there}")
    return engine


@pytest.fixture
def containers(docker):
    """Collects container names and removes them after the test."""
    names: list[str] = []
    yield names
    docker.remove(*names)


@pytest.fixture
def image_tag(request, docker):
    """A unique tag; the image is removed after the test (BuildKit's cache stays, so later
    builds of the same project are still fast)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "w")
    base = request.node.name.lower()
    safe = "".join(c if c.isalnum() else "-" for c in base)[:60].strip("-")
    tag = f"dockergen-e2e/{safe}:{worker}-{uuid.uuid4().hex[:6]}"
    yield tag
    docker.run("rmi", "-f", tag, check=False)
