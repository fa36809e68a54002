"""A regular (non-editable) wheel install carries its templates, decision pages and data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import FIXTURES, REPO


def test_wheel_install_finds_templates_pages_and_data(tmp_path):
    source = tmp_path / "src"  # build from a copy: tests never write inside the repo
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", "site",
                                                                 ".pytest_cache", ".hypothesis"))
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(wheels.glob("dockergen_cli-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "dockergen/templates/_base/Dockerfile.jinja" in names
    assert "dockergen/_docs/decisions/DG2002.md" in names
    assert any(n.startswith("dockergen/data/") for n in names)

    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env)
    python = env / "bin" / "python"
    install = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                              str(wheel)], capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr[-2000:]
    project = tmp_path / "flask-basic"
    shutil.copytree(FIXTURES / "flask-basic", project)
    run = subprocess.run([str(env / "bin" / "dockergen"), "init", "--yes", "--dry-run", str(project)],
                         capture_output=True, text=True, check=False, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "# syntax=docker/dockerfile:1" in run.stdout and 'CMD ["gunicorn"' in run.stdout
    where = subprocess.run([str(python), "-c", "import dockergen.render as r; print(r.templates_dir())"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(env)  # the wheel's copy, not the checkout
    explain = subprocess.run([str(env / "bin" / "dockergen"), "explain", "DG2002"], capture_output=True, text=True,
                             check=False, cwd=tmp_path)
    assert explain.returncode == 0 and "Dependencies install before the source" in explain.stdout
