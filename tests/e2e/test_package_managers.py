"""One small app per package manager: generate, build with a real engine, run it, and show that a
one-line source edit rebuilds with the dependency install step CACHED."""

from __future__ import annotations

import json
import uuid

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker

# fixture -> (manager, regex of the dependency install step, how it answers, the source file edited)
CASES = {
    "pm-pip-nested": ("pip", r"uv pip install .*-r requirements.txt", "pip-nested ok: xn--bcher-kva.example idna 3.10", "main.py"),
    "pm-uv": ("uv", r"uv sync --locked --no-install-project", "hello from uv", "app.py"),
    "pm-uv-workspace": ("uv", r"uv sync --frozen --no-install-workspace", "workspace ok: bücher.example", "main.py"),
    "pm-poetry2": ("poetry", r"poetry export --only main", "hello from poetry", "app.py"),
    "pm-pdm": ("pdm", r"pdm install --check --prod --no-self", "pdm ok: bücher.example", "main.py"),
    "pm-pipenv": ("pipenv", r"pipenv requirements", "pipenv ok: bücher.example", "main.py"),
    "pm-setup-py": ("pip", r"uv pip install .*idna>=3", "setup-py ok: bücher.example", "main.py"),
    "pm-no-deps": ("pip", r"python -m venv", "no-deps ok on Python 3.13", "main.py"),
}
TOOLS = "command -v uv uvx poetry pdm pipenv gcc || true"  # the base image's own pip is not ours


def _answer(docker, containers, tag: str, expected: str) -> None:
    """Web apps answer over HTTP inside their container; scripts print and exit."""
    text = docker.inspect_image(tag)["Config"]
    if "8000/tcp" in (text.get("ExposedPorts") or {}):
        name = docker.start(tag)
        containers.append(name)
        status, body, _ = docker.wait_http(name, 8000, "/")
        assert status == 200, body
        assert json.loads(body)["message"] == expected
        assert json.loads(body)["user"] == 10001
    else:
        result = docker.run_once(tag)
        assert result.returncode == 0, result.stderr
        assert expected in result.stdout


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_builds_answers_and_rebuilds_cached(docker, containers, image_tag, tmp_path, fixture):
    manager, install_step, expected, edited = CASES[fixture]
    project = copy_fixture(fixture, tmp_path)
    report = generate(project)
    assert any(line.startswith(f"packages {manager} ") for line in report.summary), report.summary
    docker.build(project, image_tag)
    _answer(docker, containers, image_tag, expected)
    tools = docker.run_once(image_tag, "sh", "-c", TOOLS, entrypoint="")
    assert tools.stdout.strip() == "", f"build tools in the runtime image: {tools.stdout}"
    if fixture != "pm-no-deps":  # bytecode compiled at build time (rule 16)
        pyc = docker.run_once(image_tag, "sh", "-c", "find /opt/venv/lib -name '*.pyc' | head -1", entrypoint="")
        assert pyc.stdout.strip(), "no bytecode in the virtualenv"
    dev = docker.run_once(image_tag, "python", "-c", "import iniconfig", entrypoint="")
    assert dev.returncode != 0, "a dev-group package reached the runtime image"

    source = project / edited
    source.write_text(source.read_text(encoding="utf-8") + f"\n# edited {uuid.uuid4().hex}\n", encoding="utf-8")
    warm = docker.build(project, image_tag)
    assert warm.step_cached(install_step), f"dependency step not cached after a source edit:\n{warm.output[-3000:]}"
    assert not warm.step_cached(r"^COPY \. \.$"), "the edit did not reach the build (nothing was rebuilt)"


def test_pipenv_without_lock_locks_in_the_build(docker, image_tag, tmp_path):
    project = copy_fixture("pm-pipenv", tmp_path)
    (project / "Pipfile.lock").unlink()
    report = generate(project)
    assert any("no Pipfile.lock" in w for w in report.warnings)
    docker.build(project, image_tag)
    result = docker.run_once(image_tag)
    assert result.returncode == 0, result.stderr
    assert "pipenv ok: bücher.example" in result.stdout
    assert docker.run_once(image_tag, "python", "-c", "import iniconfig", entrypoint="").returncode != 0


@pytest.mark.parametrize("fixture, old, new, refusal", [
    ("pm-uv", '"flask>=3"', '"flask>=3", "idna"', "To update the lockfile, run `uv lock`"),
    ("pm-poetry2", '"flask (>=3,<4)"', '"flask (>=3,<4)", "idna"', "Run `poetry lock`"),
])
def test_stale_lock_is_warned_then_refused_by_the_build(docker, image_tag, tmp_path, fixture, old, new, refusal):
    project = copy_fixture(fixture, tmp_path)
    manifest = project / "pyproject.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    report = generate(project)
    assert any("DG1012" in w for w in report.warnings), report.warnings
    with pytest.raises(AssertionError) as failed:
        docker.build(project, image_tag)
    assert refusal in str(failed.value)
