"""`dockergen check`'s findings describe real images: a naive Dockerfile's image really runs as
root, really contains the .env file and really starts through /bin/sh; after `dockergen init
--force` the check is quiet and the rebuilt image has none of those problems."""

from __future__ import annotations

import pytest

from dockergen import generate
from dockergen.check import check_project
from tests.conftest import build_tree

pytestmark = pytest.mark.docker

NAIVE = "FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nCMD python main.py\n"


@pytest.fixture
def tags(docker, image_tag):
    """The naive and the fixed image's tags; both images are removed afterwards."""
    yield image_tag, image_tag + "-fixed"
    docker.run("rmi", "-f", image_tag, image_tag + "-fixed", check=False)


def test_findings_match_the_built_images(docker, tags, tmp_path):
    image_tag, fixed = tags
    project = build_tree(tmp_path / "proj", {"main.py": "print('naive ok')\n", ".env": "API_TOKEN=s3cret\n",
                                             "Dockerfile": NAIVE})
    codes = {(f.code, f.severity) for f in check_project(project).findings}
    assert {("DG3001", "error"), ("DG3004", "error"), ("DG3005", "warning")} <= codes

    docker.build(project, image_tag)
    assert docker.run_once(image_tag, "id", "-u").stdout.strip() == "0"
    assert "s3cret" in docker.run_once(image_tag, "cat", "/app/.env").stdout
    assert docker.inspect_image(image_tag)["Config"]["Cmd"][:2] == ["/bin/sh", "-c"]

    generate(project, force=True)
    assert check_project(project).findings == []
    docker.build(project, fixed)
    assert docker.run_once(fixed, "id", "-u", entrypoint="").stdout.strip() == "10001"
    assert docker.run_once(fixed, "test", "-e", "/app/.env", entrypoint="").returncode != 0
    config = docker.inspect_image(fixed)["Config"]
    assert config["Cmd"] == ["python", "main.py"] and config["Entrypoint"] == ["/usr/bin/tini", "--"]
    result = docker.run_once(fixed)
    assert result.returncode == 0 and "naive ok" in result.stdout
