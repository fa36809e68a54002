"""Class 5 of the hostile-project review: big or deep input ends quickly in a result or a clean
error, never a traceback or an unbounded run. Figures live in bench/hostile.py; the only time
bound asserted here is generous enough never to flake."""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen import wheel_index
from dockergen.cli import app
from dockergen.errors import ExitCode
from tests.conftest import build_tree

runner = CliRunner()


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, str(root)])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("files", [
    {"main.py": "print(1)\n", "pyproject.toml": "[project]\nname = 'x'\n[tool.x]\nv = " + "[" * 3000 + "]" * 3000 + "\n"},
    {"main.py": "print(1)\n", "Pipfile": "[packages]\nflask = '*'\n",
     "Pipfile.lock": '{"_meta": {}, "default": ' + "[" * 50_000 + "]" * 50_000 + "}"},
    {"main.py": "print(1)\n", "pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n",
     "uv.lock": "version = 1\nx = " + "{a = " * 2000 + "1" + "}" * 2000 + "\n"},
], ids=["pyproject", "pipfile-lock", "uv-lock"])
def test_deeply_nested_files_are_a_clean_error(tmp_path: Path, files: dict[str, str]) -> None:
    code, out = _run(build_tree(tmp_path / "p", files), "inspect", "--offline")
    assert code == ExitCode.BAD_PROJECT, out
    assert "nests values more than" in out and "hint:" in out


def test_a_long_include_chain_is_a_clean_error(tmp_path: Path) -> None:
    files = {f"r{i}.txt": f"-r r{i + 1}.txt\n" for i in range(1100)}
    root = build_tree(tmp_path / "p", {"main.py": "print(1)\n", "requirements.txt": "-r r0.txt\n", **files})
    code, out = _run(root, "init", "--yes", "--offline", "--dry-run")
    assert code == ExitCode.BAD_PROJECT and "includes more than" in out


def test_huge_settings_expressions_and_versions_finish(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n",
        "proj/__init__.py": "", "proj/wsgi.py": "application = None\n",
        "proj/settings.py": "X = " + " + ".join(["1"] * 600) + "\nSTATIC_ROOT = 'static'\n"
                            "INSTALLED_APPS = ['django.contrib.staticfiles']\n",
        "requirements.txt": "django==" + "9" * 5000 + "\n", ".python-version": "3." + "1" * 5000 + "\n"})
    code, out = _run(root, "init", "--yes", "--offline", "--dry-run")
    assert code in (0, ExitCode.BAD_PROJECT, ExitCode.BAD_CONFIG), out
    assert max(len(line) for line in out.splitlines()) < 1000  # messages cut long words to their ends


def test_requirements_parsing_is_linear(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {"main.py": "print(1)\n",
                                       "requirements.txt": "".join(f"pkg-{i}>=1.0\n" for i in range(100_000))})
    start = time.process_time()
    code, out = _run(root, "inspect", "--offline")
    assert code == 0, out
    assert time.process_time() - start < 30  # quadratic was minutes; the figure (~1 s) is in bench/hostile.py


def test_a_huge_dockerfile_is_refused_by_check(tmp_path: Path) -> None:
    root = build_tree(tmp_path / "p", {"app.py": "print(1)\n"})
    with open(root / "Dockerfile", "wb") as handle:  # sparse: no disk used
        handle.write(b"FROM python:3.13-slim\n")
        handle.truncate(1024 ** 3)
    code, out = _run(root, "check")
    assert code == ExitCode.BAD_PROJECT and "too large" in out


def test_big_generated_modules_are_skipped_with_a_warning(tmp_path: Path) -> None:
    big = "X = [" + ",".join(str(i) for i in range(60_000)) + "]\n"  # ~350 KB
    root = build_tree(tmp_path / "p", {"app.py": "from flask import Flask\napp = Flask(__name__)\n",
                                       "requirements.txt": "flask\n", **{f"gen/m{i}.py": big for i in range(5)}})
    code, out = _run(root, "init", "--yes", "--offline", "--dry-run")
    assert code == 0, out
    assert "DG1036" in out and '"app:app"' in out  # the app is still found


def test_index_misses_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hits: list[str] = []

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for key in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    index = f"http://127.0.0.1:{server.server_port}/simple"
    pins = {f"missing-{i}": "1.0" for i in range(20)}
    try:
        wheel_index.check_wheels(pins, ["3.13"], index=index)
        first = len(hits)
        wheel_index.check_wheels(pins, ["3.13"], index=index)
    finally:
        server.shutdown()
    assert first == 20 and len(hits) == 20  # the second run asked nothing
