"""DG2117: the folders a start file's own imports need are on the image's import path.

Each fixture is started the way its README says; the image answers only because of the
PYTHONPATH line DG2117 writes. The same Dockerfile without that line (what dockergen wrote
before the rule) stops at start with ModuleNotFoundError for the project's own module.
"""

from __future__ import annotations

import re
import time

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker

CASES = {
    # fixture: (the ENV line, the port, the body's start, the module the image without it misses)
    "import-sibling-module": ('ENV PYTHONPATH="/app/portal"', 8061, "portal ok", "pages"),
    "import-root-script": ('ENV PYTHONPATH="/app"', 8062, "notes ok", "notes_core"),
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_the_start_files_own_imports_resolve_in_the_image(docker, containers, image_tag, tmp_path, fixture):
    env_line, port, body_start, module = CASES[fixture]
    project = copy_fixture(fixture, tmp_path)
    generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "# DG2117: " in dockerfile and f"\n{env_line}\n" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, port, "/")
    assert status == 200 and body.startswith(body_start), (status, body)

    # Without the rule's line the same image stops at start on the project's own module.
    (project / "Dockerfile").write_text(re.sub(r"(?m)^# DG2117: .*\n|^ENV PYTHONPATH=.*\n", "", dockerfile))
    without = image_tag + "-without-dg2117"
    try:
        docker.build(project, without)
        name = docker.start(without)
        containers.append(name)
        deadline = time.monotonic() + 60
        while docker.running(name) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not docker.running(name), "the image without DG2117's PYTHONPATH still runs"
        assert f"ModuleNotFoundError: No module named '{module}'" in docker.logs(name)
    finally:
        docker.remove(*containers)
        containers.clear()
        docker.remove_image(without)
