"""One small app per package manager: generate, build with a real engine, run it, and show that a
one-line source edit rebuilds with the dependency install step CACHED."""

from __future__ import annotations

import json
import uuid

import pytest
from packaging.utils import canonicalize_name

from dockergen import generate
from dockergen.inspection import inspect_project
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker

# fixture -> (manager, regex of the dependency install step, how it answers, the source file edited)
CASES = {
    "pm-pip-nested": ("pip", r"uv pip install .*-r requirements.txt", "pip-nested ok: xn--bcher-kva.example idna 3.10", "main.py"),
    "pm-uv": ("uv", r"uv sync --frozen --no-install-project", "hello from uv", "app.py"),
    "pm-uv-workspace": ("uv", r"uv sync --frozen --no-install-workspace", "workspace ok: bücher.example", "main.py"),
    "pm-poetry2": ("poetry", r"export --only main", "hello from poetry", "app.py"),
    "pm-pdm": ("pdm", r"pdm sync --prod --no-self", "pdm ok: bücher.example", "main.py"),
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


# fixture -> (manifest, text, text with a dependency the lock does not have, that dependency)
STALE = {
    "pm-uv": ("pyproject.toml", '"flask>=3"', '"flask>=3", "six"', "six"),
    "pm-poetry2": ("pyproject.toml", '"flask (>=3,<4)"', '"flask (>=3,<4)", "six"', "six"),
    "pm-pdm": ("pyproject.toml", '"idna>=3"', '"idna>=3", "six"', "six"),
    "pm-pipenv": ("Pipfile", 'idna = "*"', 'idna = "*"\nsix = "*"', "six"),
}
INSTALLED = ("import importlib.metadata as m, json; "
             "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")


@pytest.mark.parametrize("fixture", sorted(STALE))
def test_stale_lock_is_warned_then_installed_as_locked(docker, containers, image_tag, tmp_path, fixture):
    """DG1012: a lock that no longer matches its manifest is reported at generation time, and the
    image still builds with exactly the lock's pins (what the manifest added is not installed)."""
    manifest, old, new, added = STALE[fixture]
    project = copy_fixture(fixture, tmp_path)
    path = project / manifest
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    locked = inspect_project(project).packaging.locked_versions
    assert added not in locked
    report = generate(project)
    assert any("DG1012" in w and "as it is" in w for w in report.warnings), report.warnings

    docker.build(project, image_tag)
    _answer(docker, containers, image_tag, CASES[fixture][2])
    listing = docker.run_once(image_tag, "python", "-c", INSTALLED, entrypoint="")
    assert listing.returncode == 0, listing.stderr
    installed = {canonicalize_name(k): v for k, v in json.loads(listing.stdout).items()}
    assert added not in installed, "a dependency missing from the lock was resolved at build time"
    from_lock = {name: installed[name] for name in installed if name in locked}
    assert from_lock and from_lock == {name: locked[name] for name in from_lock}
    declared = {canonicalize_name(n) for n in ("flask", "idna") if n in path.read_text(encoding="utf-8")}
    assert declared <= from_lock.keys(), (declared, sorted(installed))
