"""Class 3 of the hostile-project review: values from the project that would change the image's
security structure, reads outside the project, terminal escapes, and unsafe env names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode, UnsafeValueError
from dockergen.render import env_name
from dockergen.terminal import printable
from tests.conftest import build_tree

runner = CliRunner()
FLASK = {"app.py": "from flask import Flask\napp = Flask(__name__)\n", "requirements.txt": "flask\n"}


def _dry_run(root: Path, *extra: str) -> tuple[str, str]:
    result = runner.invoke(app, ["init", "--yes", "--offline", "--dry-run", *extra, str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


@pytest.mark.parametrize("source, bad", [
    ("DB = 'sqlite:////usr/local/bin/db.sqlite3'\n", "/usr/local/bin"),
    ("LOG_DIR = '/'\n", "/"),
    ("MEDIA_ROOT = '/app'\n", "/app"),
    ("MEDIA_ROOT = '.'\n", "."),
    ("UPLOAD_FOLDER = '../up'\n", "../up"),
    ("DATA_DIR = 'pkg'\n", "pkg"),  # the app's own package
])
def test_writable_folders_are_only_data_folders_inside_the_app(tmp_path: Path, source: str, bad: str) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "settings.py": source, "pkg/__init__.py": ""})
    out, err = _dry_run(root, "--kubernetes")
    install = next(line for line in out.splitlines() if line.startswith("RUN install -d"))
    assert install.split()[-1] == "instance"  # Flask's own folder stays, nothing else is handed over
    assert "DG3002" in err and "warning:" in err
    mounts = re.findall(r'mountPath: "?([^"\n]+?)"?$', out, re.M)  # plain or quoted (DG3043)
    assert "/app/instance" in mounts and bad not in mounts
    assert [m for m in mounts if m.startswith("/app") or m in ("/", "/usr/local/bin")] == ["/app/instance"]


def test_an_absolute_path_inside_the_app_folder_is_kept_relative(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {**FLASK, "settings.py": "LOG_DIR = '/app/logs'\n"})
    out, _ = _dry_run(root)
    assert "RUN install -d -o 10001 -g 10001 instance logs" in out


@pytest.mark.parametrize("module", [".evil", "..evil", "x/../../evil", "/tmp/evil"])
def test_a_settings_module_never_names_a_file_outside(tmp_path: Path, module: str) -> None:
    outside = build_tree(tmp_path, {"evil.py": "WSGI_APPLICATION = 'outside.wsgi.application'\n",
                                    "tmp/evil.py": "WSGI_APPLICATION = 'outside.wsgi.application'\n"})
    root = build_tree(outside / "p", {
        "manage.py": f"import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', {module!r})\n",
        "requirements.txt": "django\n"})
    result = runner.invoke(app, ["inspect", "--json", "--offline", str(root)])
    assert "outside.wsgi" not in result.output


def test_a_workspace_member_outside_the_project_is_not_read(tmp_path: Path) -> None:
    build_tree(tmp_path, {"outside/pyproject.toml": "[project]\nname = 'secret-outside'\nversion = '1'\n"})
    root = build_tree(tmp_path / "ws" / "p", {
        "pyproject.toml": "[project]\nname = 'root'\nversion = '1'\nrequires-python = '>=3.11'\n"
                          "[tool.uv.workspace]\nmembers = ['pkgs/../../../outside', 'pkgs/*']\n",
        "pkgs/ok/pyproject.toml": "[project]\nname = 'ok'\nversion = '1'\n",
        "main.py": "print(1)\n", "uv.lock": "version = 1\n"})
    (root / "pkgs" / "link").symlink_to(tmp_path / "outside")
    result = runner.invoke(app, ["inspect", "--json", "--offline", str(root)])
    assert "secret-outside" not in result.output and "outside/pyproject" not in result.output


def test_check_does_not_follow_a_dockerfile_symlink_out_of_the_project(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("FROM python:3.13\nRUN echo TOPSECRET\n")
    root = build_tree(tmp_path / "p", FLASK)
    (root / "Dockerfile").symlink_to(tmp_path / "secret.txt")
    result = runner.invoke(app, ["check", "--format", "json", str(root)])
    assert result.exit_code == ExitCode.BAD_PROJECT, result.output
    assert "outside the project" in result.output and "TOPSECRET" not in result.output


def test_terminal_escapes_from_the_project_are_printed_inert(tmp_path: Path) -> None:
    evil = "x\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
    root = build_tree(tmp_path / "p", {
        "pyproject.toml": f'[project]\nname = "{evil.encode("unicode_escape").decode()}"\nversion = "1"\n',
        "main.py": "print(1)\n", f"{evil[:3]}dir/x.py": "print(2)\n"})
    for args in (["inspect", "--offline"], ["init", "--yes", "--offline", "--dry-run"]):
        result = runner.invoke(app, [*args, str(root)])
        for char in "\x1b\x07\x9b\u202e":
            assert char not in result.output, (args, result.output)
    assert printable(evil) == "x\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202e"
    assert printable("line\n\tindented") == "line\n\tindented"


@pytest.mark.parametrize("name", ["A B", "1ABC", "ÄB", "X;rm", "X\nRUN", ""])
def test_an_env_name_that_is_not_a_shell_name_is_refused(name: str) -> None:
    with pytest.raises(UnsafeValueError):
        env_name(name)
    assert env_name("DJANGO_SECRET_KEY") == "DJANGO_SECRET_KEY"


def test_a_non_shell_secret_name_from_settings_stops_the_run(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
        "proj/__init__.py": "", "proj/wsgi.py": "application = None\n",
        "proj/settings.py": "import os\nSECRET_KEY = os.environ['ÄKEY']\nSTATIC_ROOT = 'static'\n"
                            "INSTALLED_APPS = ['django.contrib.staticfiles']\n",
        "requirements.txt": "django\n"})
    result = runner.invoke(app, ["init", "--yes", "--offline", str(root)])
    assert result.exit_code == ExitCode.BAD_CONFIG, result.output
    assert "variable name" in result.output and "Traceback" not in result.output
    assert not (root / "Dockerfile").exists()
