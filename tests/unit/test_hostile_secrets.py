"""Class 4 of the hostile-project review: secrets stay out of the context, the image and the
terminal. Each case is a tree with secrets in it and the real command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.check.dockerignore import is_ignored, parse_ignore
from dockergen.cli import app
from dockergen.errors import ExitCode
from dockergen.redact import redact
from dockergen.secret_files import SECRET_FILES
from tests.conftest import build_tree, hadolint

runner = CliRunner()
FLASK = {"app.py": "from flask import Flask\napp = Flask(__name__)\n", "requirements.txt": "flask\n"}
SECRETS = [".env", ".env.production", "config/.env.local", ".npmrc", ".git-credentials", ".docker/config.json",
           ".kube/config", "kubeconfig", "deploy/prod.kubeconfig", ".pgpass", ".htpasswd", "credentials.json",
           "service-account-prod.json", "client_secret_123.apps.json", "secrets.json", "secrets.toml",
           "secrets.yaml", ".streamlit/secrets.toml", "infra/terraform.tfstate", "infra/terraform.tfstate.backup",
           "infra/prod.tfvars", "android/release.jks", "app.keystore", ".gnupg/private-keys-v1.d/x.key",
           "instance/config.py", "tls.pem", "tls.key", "id_rsa", "id_ed25519.pub", ".ssh/config", ".aws/credentials",
           ".netrc", ".pypirc", ".s3cfg", "vpn/client.ovpn", "dump.sql"]
NEEDED = ["app.py", "requirements.txt", "settings.py", "config/settings.py", ".env.example", "static/app.js",
          "db/schema.sql", "instance/README.md", "data/geo.sqlite", "docs/keys.md"]


def test_the_default_dockerignore_keeps_every_known_secret_out_and_the_build_files_in(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, **{p: "SECRET-VALUE\n" for p in SECRETS},
                                       **{p: "x = 1\n" for p in NEEDED if p not in FLASK}})
    result = runner.invoke(app, ["init", "--yes", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    patterns = parse_ignore((root / ".dockerignore").read_text())
    leaked = [p for p in SECRETS if not is_ignored(p, patterns)]
    assert not leaked, leaked
    dropped = [p for p in NEEDED if is_ignored(p, patterns)]
    assert not dropped, dropped


def test_every_secret_rule_names_its_source() -> None:
    assert all(entry.source and entry.holds for entry in SECRET_FILES)
    assert len({entry.pattern for entry in SECRET_FILES}) == len(SECRET_FILES)


def test_a_password_in_pip_index_url_is_never_printed(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "requirements.txt": "flask==3.0.0\n"})
    env = {"PIP_INDEX_URL": "http://alice:s3cr3t-pw@127.0.0.1:9/simple", "XDG_CACHE_HOME": str(tmp_path / "c"),
           "DOCKERGEN_OFFLINE": "0"}
    for args in (["init", "--yes", "--dry-run"], ["inspect"], ["inspect", "--json"]):
        result = runner.invoke(app, [*args, str(root)], env=env)
        assert result.exit_code == 0, result.output
        assert "s3cr3t-pw" not in result.output, args
    assert "alice:***@127.0.0.1" in result.output  # the warning is still there, redacted


def test_a_requirements_file_with_index_credentials_becomes_a_build_secret(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {
        **FLASK, "requirements.txt": "--extra-index-url https://ci:tok3n-value@pkgs.example.com/simple\n-r base.txt\n",
        "base.txt": "flask==3.0.0\n"})
    result = runner.invoke(app, ["init", "--yes", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    assert "tok3n-value" not in result.output and "ci:***@pkgs.example.com" in result.output
    assert "--secret id=requirements.txt,src=requirements.txt" in result.output
    dockerfile = (root / "Dockerfile").read_text()
    assert "--mount=type=secret,id=requirements.txt,target=/app/requirements.txt,required=true" in dockerfile
    assert "--mount=type=bind,source=base.txt" in dockerfile  # the file without credentials stays a bind mount
    assert "tok3n-value" not in dockerfile
    patterns = parse_ignore((root / ".dockerignore").read_text())
    assert is_ignored("requirements.txt", patterns) and not is_ignored("base.txt", patterns)
    lint = hadolint(dockerfile, tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_a_kept_dockerignore_is_checked_for_the_secrets_it_exposes(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, ".dockerignore": "__pycache__\n", ".env": "KEY=1\n",
                                       "deploy/.kube/config": "token\n", "tls.key": "k\n"})
    result = runner.invoke(app, ["init", "--yes", "--offline", str(root)])
    assert result.exit_code == ExitCode.FILES_KEPT, result.output
    warning = next(line for line in result.output.splitlines() if "lets secrets into the build context" in line)
    for path in (".env", "deploy/.kube", "tls.key"):
        assert path in warning
    assert (root / ".dockerignore").read_text() == "__pycache__\n"


@pytest.mark.parametrize("text, shown", [
    ("https://user:pa55@host/simple", "https://user:***@host/simple"),
    ("see http://ghp_TOKEN@github.com/x.git now", "see http://***@github.com/x.git now"),
    ("git+ssh://git@github.com/o/r.git", "git+ssh://git@github.com/o/r.git"),
    ("https://pypi.org/simple", "https://pypi.org/simple"),
])
def test_redaction(text: str, shown: str) -> None:
    assert redact(text) == shown
