"""Hardening of every fixture app's image, checked on the built image (issue 4).

Every folder under tests/fixtures/projects/ is checked (tests/e2e/fixture_specs.py): a fixture
another helper adds is covered without touching this file. Builds are shared per worker and
grouped per fixture (``--dist loadgroup``); BuildKit's cache makes repeated builds of the same
fixture in one run cheap.
"""

from __future__ import annotations

import shlex
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

from dockergen import generate
from tests.conftest import build_tree

from .fixture_specs import Planned, Probe, all_specs, copy_project, plan_for, resolve_probe
from .harness import Docker

pytestmark = pytest.mark.docker

SPECS = all_specs()


def is_web(spec) -> bool:
    """Web or not, from the spec and dockergen's plan (inspection only reads the fixture)."""
    if spec.kind:
        return spec.kind == "web"
    try:
        return bool(plan_for(spec.source, spec.options).plan.start.port)
    except Exception:  # noqa: BLE001 - the build test of this fixture reports the real problem
        return True


@dataclass
class Built:
    tag: str
    project: Path
    planned: Planned
    probe: Probe


@pytest.fixture(scope="module")
def built_images(docker: Docker, tmp_path_factory):
    """``get(spec)`` builds the fixture's generated Dockerfile once per worker (a failed build
    is not retried by the fixture's other tests: they fail with the first error)."""
    cache: dict[str, Built | str] = {}

    def get(spec) -> Built:
        if spec.name not in cache:
            cache[spec.name] = f"{spec.name}: generating or building failed (see its first test)"
            project = copy_project(spec, tmp_path_factory.mktemp(spec.name))
            planned = plan_for(project, spec.options)
            generate(project, **spec.options)
            tag = f"dockergen-e2e/hardening-{spec.name}:{uuid.uuid4().hex[:8]}"
            docker.build(project, tag)
            cache[spec.name] = Built(tag, project, planned, resolve_probe(spec, project, planned))
        item = cache[spec.name]
        if isinstance(item, str):
            pytest.fail(item, pytrace=False)
        return item

    yield get
    for item in cache.values():
        if isinstance(item, Built):
            docker.run("rmi", "-f", item.tag, check=False)


def in_image(docker: Docker, tag: str, script: str, *, root: bool = False):
    """Run ``sh -c script`` in a fresh container of ``tag`` (as its USER unless ``root``)."""
    args = ["run", "--rm", "--network", "none", "--entrypoint", "sh"]
    if root:
        args += ["--user", "0"]
    return docker.run(*args, tag, "-c", script, check=False, timeout=120)


def grouped(spec):
    return pytest.param(spec, id=spec.name, marks=pytest.mark.xdist_group(f"fixture-{spec.name}"))


@pytest.mark.parametrize("spec", [grouped(s) for s in SPECS])
def test_runs_as_non_root_uid_and_cannot_write_its_code(docker, built_images, spec):
    image = built_images(spec)
    user = docker.image_user(image.tag)
    assert user.split(":")[0] not in ("root", "0"), f"USER is {user}"
    uid = in_image(docker, image.tag, "id -u").stdout.strip()
    assert uid.isdigit() and int(uid) != 0, f"runs as uid {uid!r}"
    workdir = docker.inspect_image(image.tag)["Config"]["WorkingDir"]
    assert workdir, "the image sets no WORKDIR"
    allowed = [f"{workdir}/{d}".rstrip("/") for d in image.planned.plan.writable_dirs]
    found = in_image(docker, image.tag, f"find {shlex.quote(workdir)} -writable").stdout.split()
    writable = [p for p in found if not any(p == a or p.startswith(a + "/") for a in allowed)]
    assert writable == [], f"writable by uid {uid} (not a declared writable dir): {writable[:10]}"
    touched = in_image(docker, image.tag, f"touch {shlex.quote(workdir)}/probe-{uuid.uuid4().hex[:6]}")
    assert touched.returncode != 0


@pytest.mark.parametrize("spec", [grouped(s) for s in SPECS])
def test_runtime_has_no_compiler_cache_or_build_files(docker, built_images, spec):
    image = built_images(spec)
    left = docker.leftovers(image.tag)
    caches = [x for x in left if x.startswith("cache:")]
    assert caches == [], f"package-manager caches in the image: {caches}"
    files = [x for x in left if x.startswith("file:")]
    assert files == [], f"build-only files in the app folder: {files}"
    if image.planned.plan.base.multi_stage:
        tools = [x for x in left if x.startswith("tool:")]
        assert tools == [], f"build tools in the runtime stage of a multi-stage build: {tools}"


def test_leftover_probe_is_not_blind(docker, tmp_path):
    """The probe above finds the full python image's gcc and make, filled caches, build files."""
    assert {"tool:gcc", "tool:make"} <= set(docker.leftovers("python:3.13"))
    build_tree(tmp_path / "cached", {"Dockerfile": """
        FROM python:3.13-slim-trixie
        WORKDIR /app
        RUN mkdir -p /root/.cache/pip/http /home/someone/.cache/uv/wheels build \\
         && touch /root/.cache/pip/http/x /home/someone/.cache/uv/wheels/y Dockerfile
        """})
    tag = f"dockergen-e2e/hardening-cached:{uuid.uuid4().hex[:8]}"
    try:
        docker.build(tmp_path / "cached", tag)
        assert docker.leftovers(tag) == ["cache:/home/someone/.cache/uv", "cache:/root/.cache/pip",
                                         "file:Dockerfile", "file:build"]
    finally:
        docker.run("rmi", "-f", tag, check=False)


@pytest.mark.parametrize("spec", [grouped(s) for s in SPECS if is_web(s)])
def test_docker_stop_ends_a_web_app_quickly(docker, built_images, containers, spec):
    image = built_images(spec)
    assert image.probe.kind == "web"
    name = docker.start(image.tag, env=image.probe.env)
    containers.append(name)
    status, _, _ = docker.wait_http(name, image.probe.port, image.probe.path, timeout=90)
    assert status == image.probe.status
    seconds = docker.stop(name, timeout=10)
    assert seconds < 5, f"docker stop took {seconds:.1f}s: SIGTERM is not reaching the server"
    assert not docker.running(name)


PLANTED = {
    ".env": "API_TOKEN={marker}\n",
    "config/.env.production": "DB_PASSWORD={marker}\n",
    "id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n{marker}\n",
    "deploy/.ssh/id_rsa": "-----BEGIN OPENSSH PRIVATE KEY-----\n{marker}\n",
    "server.pem": "-----BEGIN PRIVATE KEY-----\n{marker}\n",
    "certs/client.pem": "-----BEGIN CERTIFICATE-----\n{marker}\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/config": "[remote \"origin\"]\n\turl = https://user:{marker}@example.org/repo.git\n",
}


def test_planted_secrets_and_git_stay_out_of_the_image(docker, tmp_path):
    spec = next(s for s in all_specs() if s.name == "script-requests")
    project = copy_project(spec, tmp_path)
    marker = f"planted-{uuid.uuid4().hex}"
    build_tree(project, {path: text.format(marker=marker) for path, text in PLANTED.items()})
    generate(project)
    tag = f"dockergen-e2e/hardening-secrets:{uuid.uuid4().hex[:8]}"
    try:
        docker.build(project, tag)
        workdir = docker.inspect_image(tag)["Config"]["WorkingDir"]
        present = in_image(docker, tag, f"ls {workdir}", root=True).stdout.split()
        assert "main.py" in present, f"the app itself is missing from {workdir}: {present}"  # not vacuous
        names = " -o ".join(f"-name {shlex.quote(Path(p).name)}" for p in PLANTED if not p.startswith(".git/"))
        names += " -o -name .git"
        places = f"{workdir} /home /opt /root /tmp"
        found = in_image(docker, tag, f"find {places} \\( {names} \\) 2>/dev/null; "
                                      f"grep -rl {marker} {places} 2>/dev/null; true", root=True)
        assert found.stdout.split() == [], f"planted secrets in the image: {found.stdout.split()}"
    finally:
        docker.run("rmi", "-f", tag, check=False)
