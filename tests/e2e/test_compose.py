"""compose.yaml with the real tools: `docker-compose config` accepts every shape, and the app
service, brought up alone from the generated file, answers HTTP 200 on its published port.

Debian's docker-compose (1.29, .ci/run installs it) drives the local engine. It cannot build
here (BuildKit and the `# syntax` line need a registry), so the harness builds the image under
the tag the compose file names, and compose runs it with `--no-build --no-deps`: the compose
file itself is used unmodified. Database and queue images have no offline stand-ins, so those
services are validated by `config`, not started.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import yaml

from dockergen import generate
from tests.conftest import build_tree, copy_fixture
from tests.unit.deploy_cases import CASES

pytestmark = pytest.mark.docker


def compose_exe() -> str:
    exe = shutil.which("docker-compose")
    if not exe:
        pytest.fail("docker-compose is missing: apt-get install -y docker-compose (see .ci/run)", pytrace=False)
    return exe


def compose(project, *args, env_name: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [compose_exe(), "--project-directory", str(project), "-f", str(project / "compose.yaml")]
    if env_name:
        cmd += ["-p", env_name]
    result = subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=300, check=False)
    if check and result.returncode != 0:
        raise AssertionError(f"docker-compose {' '.join(args)} failed:\n{result.stdout}\n{result.stderr[-3000:]}")
    return result


def _secrets_env(doc: dict) -> str:
    """A .env with a made-up value for every `${VAR:?...}` the file requires."""
    text = json.dumps(doc)
    names = sorted(set(re.findall(r"\$\{([A-Z_]+):\?", text)))
    return "".join(f"{name}=test-{uuid.uuid4().hex[:8]}\n" for name in names)


FLASK = "from flask import Flask\n\napp = Flask(__name__)\n"
SHAPES = {
    **CASES,
    "mysql": {"requirements.txt": "flask\nsqlalchemy\npymysql\n", "app.py": FLASK},
    "mariadb-rq": {"requirements.txt": "flask\nmariadb\nrq\n", "app.py": FLASK, ".env.example": "A=1\n"},
    "worker-only": {"requirements.txt": "celery\nredis\n", "tasks.py": "from celery import Celery\napp = Celery('t')\n"},
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_docker_compose_config_accepts_every_shape(tmp_path, name):
    project = build_tree(tmp_path / name, SHAPES[name])
    generate(project, compose=True)
    doc = yaml.safe_load((project / "compose.yaml").read_text())
    (project / ".env").write_text(_secrets_env(doc))
    result = compose(project, "config")
    resolved = yaml.safe_load(result.stdout)
    assert set(resolved["services"]) == set(doc["services"])
    for svc in resolved["services"].values():  # every variable was resolved from .env
        assert "${" not in json.dumps(svc.get("environment", {}))


def test_missing_password_stops_compose_with_the_hint(tmp_path):
    project = build_tree(tmp_path / "p", CASES["web-postgres-redis"])
    generate(project, compose=True)
    result = compose(project, "config", check=False)
    assert result.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 60) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, json.loads(response.read())
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_app_service_alone_answers_200_through_its_port_mapping(docker, tmp_path):
    project = copy_fixture("compose-flask-redis", tmp_path)
    port = _free_port()  # a free host port: the e2e tests share the machine
    report = generate(project, compose=True, port=port)
    assert "service redis (from requirements.txt:2 redis)" in report.summary
    shutil.copy(project / ".env.example", project / ".env")
    doc = yaml.safe_load((project / "compose.yaml").read_text())
    app = doc["services"]["app"]
    assert app["ports"] == [f"{port}:{port}"]
    docker.build(project, app["image"])  # the tag the compose file runs
    name = f"dge2e{uuid.uuid4().hex[:8]}"
    try:
        compose(project, "up", "-d", "--no-build", "--no-deps", "app", env_name=name)
        status, body = _get(f"http://127.0.0.1:{port}/")
        assert status == 200
        # compose passed the connection URL, the .env values, and the image's non-root user.
        assert body == {"redis_url": "redis://redis:6379/0", "greeting": "hello from compose", "user": 10001}
        container = compose(project, "ps", "-q", "app", env_name=name).stdout.strip()
        probe = docker.run("exec", container, *app["healthcheck"]["test"][1:], check=False)
        assert probe.returncode == 0, probe.stderr  # the compose health check passes
        assert docker.run("exec", container, "sh", "-c", "touch /app/x", check=False).returncode != 0
    finally:
        compose(project, "down", "-v", "--remove-orphans", env_name=name, check=False)
        docker.run("rmi", app["image"], check=False)


def test_image_runs_under_the_kubernetes_pod_security_settings(docker, containers, image_tag, tmp_path):
    """No cluster here: the engine applies what k8s/deployment.yaml asks of the container
    (read-only root, emptyDirs as tmpfs, the UID, no capabilities, no privilege escalation)."""
    project = copy_fixture("flask-basic", tmp_path)
    generate(project, kubernetes=True)
    pod = yaml.safe_load((project / "k8s" / "deployment.yaml").read_text())["spec"]["template"]["spec"]
    container = pod["containers"][0]
    sc = {**pod["securityContext"], **container["securityContext"]}
    assert sc["readOnlyRootFilesystem"] and sc["capabilities"]["drop"] == ["ALL"]
    docker.build(project, image_tag)
    name = f"dge2e-{uuid.uuid4().hex[:10]}"
    args = ["run", "-d", "--name", name, "--network", "none", "--read-only", "--cap-drop", "ALL",
            "--security-opt", "no-new-privileges", "--user", f"{sc['runAsUser']}:{sc['runAsGroup']}"]
    for mount in container["volumeMounts"]:
        args += ["--tmpfs", f"{mount['mountPath']}:uid={sc['runAsUser']},gid={sc['runAsGroup']}"]
    for var in container["env"]:
        args += ["-e", f"{var['name']}={var['value']}"]
    docker.run(*args, image_tag)
    containers.append(name)
    status, _, _ = docker.wait_http(name, container["ports"][0]["containerPort"], "/")
    assert status == 200
    assert docker.exec(name, "sh", "-c", "touch /app/x").returncode != 0  # read-only root
    assert docker.exec(name, "sh", "-c", "touch /tmp/x && touch \"$HOME\"/x").returncode == 0
    # Without the HOME emptyDir gunicorn logs "Read-only file system: '/home/app/.gunicorn'".
    assert "Read-only file system" not in docker.logs(name)
