"""DG2017: a hatch-vcs package builds with .git excluded and carries its tag's version."""

from __future__ import annotations

import subprocess

import pytest

from dockergen import generate
from tests.conftest import copy_fixture
from tests.unit.test_as_of import git_commit

pytestmark = pytest.mark.docker


def test_git_versioned_package_builds_without_git_in_the_context(docker, image_tag, tmp_path):
    project = copy_fixture("pkg-hatch-vcs", tmp_path)
    git_commit(project, "2025-06-01T00:00:00Z")
    subprocess.run(["git", "-C", str(project), "tag", "v1.4.2"], check=True)
    generate(project)
    docker.build(project, image_tag)
    result = docker.run_once(image_tag)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "scmapp 1.4.2 ok: example.org"
    assert docker.run_once(image_tag, "test", "-e", "/app/.git", entrypoint="").returncode != 0
