"""Planted secrets never reach the image: .env files, keys, certificates, VCS data (DG3004).

The project is built with the generated Dockerfile and .dockerignore by a real engine; the
image's file system, its config (ENV, labels) and its history are then searched for every
planted name and for the secret value itself.
"""

from __future__ import annotations

import json

import pytest

from dockergen import generate

pytestmark = pytest.mark.docker

SECRET = "s3cr3t-planted-value-7f3a"
PLANTED = {
    ".env": f"SECRET_KEY={SECRET}\n",
    ".env.local": f"SECRET_KEY={SECRET}\n",
    ".env.production": f"DATABASE_URL=postgres://u:{SECRET}@db/x\n",
    ".envrc": f"export TOKEN={SECRET}\n",
    "config/.env": f"TOKEN={SECRET}\n",
    "id_rsa": f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n",
    "id_ed25519.pub": f"ssh-ed25519 AAAA {SECRET}\n",
    "server.pem": f"-----BEGIN PRIVATE KEY-----\n{SECRET}\n",
    "certs/site.crt": f"-----BEGIN CERTIFICATE-----\n{SECRET}\n",
    "certs/site.key": f"{SECRET}\n",
    "deploy/.ssh/config": f"# {SECRET}\n",
    ".netrc": f"machine example.org password {SECRET}\n",
    ".pypirc": f"[pypi]\npassword = {SECRET}\n",
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/config": f"[remote]\n\turl = https://x:{SECRET}@example.org/r.git\n",
    "vendor/lib/.git/config": f"url = https://x:{SECRET}@example.org/v.git\n",
}
APP = {
    "main.py": "import os\nprint('app ok', sorted(os.listdir('/app')))\n",
    "lib/helpers.py": "VALUE = 1\n",
    ".env.example": "SECRET_KEY=change-me\n",
    ".python-version": "3.13\n",
}


def test_planted_secrets_are_not_in_the_image(docker, image_tag, tree):
    project = tree({**APP, **PLANTED})
    generate(project)
    generated = (project / "Dockerfile").read_text() + (project / ".dockerignore").read_text()
    assert SECRET not in generated
    try:
        docker.build(project, image_tag)
        run = docker.run_once(image_tag)
        assert run.returncode == 0 and "app ok" in run.stdout, run.stderr  # the app itself is there
        listing = docker.run_once(image_tag, "-c", "cd /app && find . | sort", entrypoint="sh")
        assert listing.returncode == 0, listing.stderr
        files = {line.removeprefix("./") for line in listing.stdout.split()}
        assert {"main.py", "lib/helpers.py", ".env.example"} <= files  # the control: it did look
        dirs = (".git", "vendor/lib/.git", "deploy/.ssh")
        leaked = sorted(f for f in files if f in PLANTED or any(f == d or f.startswith(d + "/") for d in dirs))
        assert leaked == [], f"planted secrets in the image: {leaked}"
        grep = docker.run_once(image_tag, "-c", f"grep -rl {SECRET} / --exclude-dir=proc --exclude-dir=sys "
                                               "2>/dev/null || true", entrypoint="sh")
        assert grep.stdout.strip() == "", f"the secret value is in the image: {grep.stdout}"
        meta = docker.inspect_image(image_tag)
        history = docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", image_tag).stdout
        assert SECRET not in json.dumps(meta["Config"]) and SECRET not in history
    finally:
        docker.run("rmi", "-f", image_tag, check=False)


HOSTILE_NAME = 'demo "quoted" $HOME `id` back\\slash # not a comment'
HOSTILE_ARGS = ["$HOME", 'a"b', "`id`", "x\\y", "# not a comment", "line1\nRUN touch /pwned", "'single'", "${PATH}"]


def test_hostile_values_reach_the_image_exactly_and_inject_nothing(docker, image_tag, tree):
    """Nothing injected (DG3012), checked by the real engine: the label, the command's arguments
    and an odd requirement file name arrive byte for byte, and no extra instruction ran."""
    import tomlkit

    project = tree({
        "main.py": "import json, sys\nimport idna\nprint(json.dumps(sys.argv[1:]))\n",
        "pyproject.toml": tomlkit.dumps({"project": {"name": HOSTILE_NAME, "version": "1"}}),
        "requirements.txt": "-r req+1@x~.txt\n",
        "req+1@x~.txt": "idna==3.10\n",
        ".python-version": "3.13\n",
    })
    generate(project, command=["python", "main.py", *HOSTILE_ARGS])
    try:
        docker.build(project, image_tag)
        meta = docker.inspect_image(image_tag)
        assert meta["Config"]["Labels"]["org.opencontainers.image.title"] == HOSTILE_NAME
        assert meta["Config"]["Cmd"] == ["python", "main.py", *HOSTILE_ARGS]
        run = docker.run_once(image_tag)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout) == HOSTILE_ARGS
        pwned = docker.run_once(image_tag, "-c", "test -e /pwned && echo yes || echo no", entrypoint="sh")
        assert pwned.stdout.strip() == "no"
    finally:
        docker.run("rmi", "-f", image_tag, check=False)


TOKEN = "tok3n-planted-9b1d"


def test_index_credentials_reach_only_the_install_step(docker, image_tag, tree):
    """DG3044: a requirements file naming an index with a password is a BuildKit secret: the
    install uses it, and neither the image, its history nor its config holds the password."""
    project = tree({
        "main.py": "import os, idna\nprint('app ok', os.path.exists('/app/requirements.txt'))\n",
        "requirements.txt": f"--extra-index-url https://ci:{TOKEN}@pypi.org/simple\nidna==3.10\n",
        ".python-version": "3.13\n",
    })
    report = generate(project)
    assert any("BuildKit secret" in w and TOKEN not in w for w in report.warnings)
    dockerfile = (project / "Dockerfile").read_text()
    assert "--mount=type=secret,id=requirements.txt" in dockerfile and TOKEN not in dockerfile
    try:
        docker.build(project, image_tag, secrets={"requirements.txt": project / "requirements.txt"})
        run = docker.run_once(image_tag)
        assert run.returncode == 0 and "app ok False" in run.stdout, run.stderr  # idna installed, file absent
        grep = docker.run_once(image_tag, "-c", f"grep -rl {TOKEN} / --exclude-dir=proc --exclude-dir=sys "
                                                "2>/dev/null || true", entrypoint="sh")
        assert grep.stdout.strip() == "", f"the index password is in the image: {grep.stdout}"
        history = docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", image_tag).stdout
        assert TOKEN not in history and TOKEN not in json.dumps(docker.inspect_image(image_tag)["Config"])
    finally:
        docker.run("rmi", "-f", image_tag, check=False)
