"""The real wizard in a pseudo-terminal: questionary's prompts, driven by keys as a person would.

Each test runs ``python -m dockergen init`` from the checkout under test (cwd and PYTHONPATH
point at it, so no stale install is imported), types into the prompts and checks the files
written, or not written. Expectations match the prompt texts, never colours or layout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from dockergen.questions import QUESTIONS
from dockergen.versions import SUPPORTED_MINORS
from tests.conftest import REPO, build_tree

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX-only")

TIMEOUT = 60
UP, DOWN, ENTER, CTRL_C, CTRL_D, BACKSPACE = "\x1b[A", "\x1b[B", "\r", "\x03", "\x04", "\x7f"
FLASK = {
    "requirements.txt": "flask\n",
    "app.py": "from flask import Flask\napp = Flask(__name__)\n",
    ".python-version": "3.12\n",
}
PYPROJECT = '# My demo\n[project]\nname = "demo"  # the name\nversion = "1.0"\n\n[tool.black]\nline-length = 100\n'


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update(TERM="xterm-256color", NO_COLOR="1", PYTHONPATH=str(REPO), PROMPT_TOOLKIT_NO_CPR="1",
               PYTHONDONTWRITEBYTECODE="1", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    return env


def _spawn(project: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "dockergen", "init", *args, str(project)], cwd=str(REPO),
                          env=_env(), encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 250))
    child.logfile_read = _Tail()
    return child


class _Tail:
    """Keeps the terminal output for failure messages."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, data: str) -> None:
        self.text = (self.text + data)[-6000:]

    def flush(self) -> None:
        pass


def _answer(child: pexpect.spawn, prompt: str, *keys: str) -> None:
    try:
        child.expect_exact(prompt)
    except (pexpect.TIMEOUT, pexpect.EOF):
        pytest.fail(f"never saw {prompt!r}; terminal tail:\n{child.logfile_read.text}")
    for key in keys:
        child.send(key)


def _finish(child: pexpect.spawn) -> tuple[int, str]:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.logfile_read.text


def _init_yes(project: Path) -> subprocess.CompletedProcess[str]:
    """A later run without a terminal (stdin closed): --yes is implied."""
    return subprocess.run([sys.executable, "-m", "dockergen", "init", str(project)], cwd=str(REPO), env=_env(),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT, check=False)


PROMPTS = [ask.message for ask in QUESTIONS] + ["Write these files?", "Which answer?", "Save these answers in"]


def _prompts_seen(output: str) -> list[str]:
    return [message for message in PROMPTS if message in output]


def test_a_fully_detected_project_gets_one_prompt(tmp_path):
    """Python from .python-version, the app and its port from app.py, pip from requirements.txt:
    nothing is open, so the only prompt is the summary (docker init asks four questions)."""
    project = build_tree(tmp_path / "p", {**FLASK, "app.py": FLASK["app.py"] + "app.run(port=5000)\n"})
    child = _spawn(project)
    _answer(child, "Write these files?", ENTER)
    status, output = _finish(child)
    assert status == 0, output
    assert _prompts_seen(output) == ["Write these files?"]
    assert "Python 3.12 (from .python-version:1)" in output and "port 5000 (from app.py:" in output
    assert "Next: docker build -t p . && docker run --rm -p 5000:5000 p" in output
    assert "EXPOSE 5000" in (project / "Dockerfile").read_text()


def test_a_bad_port_is_explained_in_a_sentence(tmp_path):
    project = build_tree(tmp_path / "p", FLASK)
    child = _spawn(project)
    _answer(child, "Port the app listens on?", BACKSPACE * 8, "abc", ENTER)
    _answer(child, "The port must be a number from 1 to 65535", BACKSPACE * 3, "8080", ENTER)
    _answer(child, "Write these files?", ENTER)
    _answer(child, "Save these answers in .dockergen.toml?", "n")
    status, output = _finish(child)
    assert status == 0, output
    assert "invalid literal" not in output and "EXPOSE 8080" in (project / "Dockerfile").read_text()


def test_changing_the_python_version_from_the_summary_saves_it_into_pyproject(tmp_path):
    project = build_tree(tmp_path / "p", {**FLASK, "pyproject.toml": PYPROJECT})
    older = SUPPORTED_MINORS[SUPPORTED_MINORS.index("3.12") - 1]
    child = _spawn(project)
    _answer(child, "Port the app listens on?", ENTER)
    _answer(child, "Write these files?", DOWN, ENTER)  # "Change an answer"
    _answer(child, "Which answer?", DOWN, ENTER)  # template, then the Python version
    _answer(child, "Python version?", UP, ENTER)
    _answer(child, "Write these files?", ENTER)
    _answer(child, "Save these answers in pyproject.toml?", ENTER)
    status, output = _finish(child)
    assert status == 0, output
    assert f"ARG PYTHON_VERSION={older}" in (project / "Dockerfile").read_text()
    saved = (project / "pyproject.toml").read_text()
    assert saved == PYPROJECT + f'\n[tool.dockergen]\npython = "{older}"\n'
    again = _init_yes(project)
    assert again.returncode == 0, again.stderr
    assert "identical   Dockerfile" in again.stdout and "identical   .dockerignore" in again.stdout


def test_typing_a_port_turning_off_the_healthcheck_and_declining_to_save(tmp_path):
    project = build_tree(tmp_path / "p", FLASK)
    child = _spawn(project)
    _answer(child, "Port the app listens on?", BACKSPACE * 8, "9090", ENTER)
    _answer(child, "Write these files?", DOWN, ENTER)
    _answer(child, "Which answer?", DOWN * 4, ENTER)  # template, python, port, command, health check
    _answer(child, "Add a HEALTHCHECK?", "n")  # a confirm answers on the key itself
    _answer(child, "Write these files?", ENTER)
    _answer(child, "Save these answers in .dockergen.toml?", "n")
    status, output = _finish(child)
    assert status == 0, output
    dockerfile = (project / "Dockerfile").read_text()
    assert "EXPOSE 9090" in dockerfile and "HEALTHCHECK" not in dockerfile
    assert "ARG PYTHON_VERSION=3.12" in dockerfile
    assert not (project / ".dockergen.toml").exists()


def test_changing_an_answer_from_the_summary_re_asks_it(tmp_path):
    project = build_tree(tmp_path / "p", FLASK)
    child = _spawn(project, "--python", "3.13")  # a flag: never asked, not offered
    _answer(child, "Port the app listens on?", BACKSPACE * 8, "7000", ENTER)
    _answer(child, "Write these files?", DOWN, ENTER)
    _answer(child, "Which answer?", DOWN, ENTER)  # template, then the port
    _answer(child, "Port the app listens on?", BACKSPACE * 8, "7001", ENTER)
    _answer(child, "Write these files?", ENTER)
    _answer(child, "Save these answers in .dockergen.toml?", ENTER)
    status, output = _finish(child)
    assert status == 0, output
    assert "Python version?" not in output
    assert "EXPOSE 7001" in (project / "Dockerfile").read_text()
    assert (project / ".dockergen.toml").read_text() == "port = 7001\n"


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("prompt", ["Port the app listens on?", "Write these files?", "Save these answers"])
def test_interrupting_writes_nothing_and_exits_130(tmp_path, key, prompt):
    project = build_tree(tmp_path / "p", FLASK)
    child = _spawn(project)
    order = ["Port the app listens on?", "Write these files?"]
    for question in order:
        if question == prompt:
            break
        if question.startswith("Port"):  # a changed answer, so "save these answers?" is asked
            _answer(child, question, BACKSPACE * 8, "8001", ENTER)
        else:
            _answer(child, question, ENTER)
    _answer(child, prompt, key)
    status, output = _finish(child)
    assert status == 130, output
    assert "Cancelled; nothing was written." in output and "Traceback" not in output
    assert sorted(p.name for p in project.iterdir()) == sorted(FLASK)
