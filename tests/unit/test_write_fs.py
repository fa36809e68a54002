"""Writes against real failing file systems: a read-only mount and a full tmpfs.

No mocks: the kernel refuses the write. Root ignores directory permissions, so read-only is
a read-only mount, not chmod. These tests need root (to mount); they say so when skipped.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode
from tests.conftest import build_tree
from tests.unit.test_bad_input import snapshot

runner = CliRunner()
PROJECT = {"main.py": "print('hi')\n", "requirements.txt": "idna==3.10\n"}
OLD = {"Dockerfile": "FROM scratch\n# the user's own Dockerfile\n", ".dockerignore": "secret.txt\n"}


def _mount(*args: str) -> None:
    subprocess.run(["mount", *args], check=True, capture_output=True, text=True)


@pytest.fixture
def tmpfs(tmp_path):
    """``tmpfs(size)`` mounts a fresh tmpfs of that size and returns its path; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted: list[Path] = []

    def make(size: str = "64k") -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(point))
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)


def _fill(folder: Path, leave_pages: int) -> None:
    """Fill the file system of ``folder`` until only ``leave_pages`` 4 KiB blocks are free."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize - leave_pages * stat.f_frsize
    with open(folder / "filler.bin", "wb") as handle:
        handle.write(b"\0" * max(free, 0))
    assert os.statvfs(folder).f_bavail == leave_pages


def _run(root: Path, *args: str):
    result = runner.invoke(app, ["init", "--yes", *args, str(root)])
    assert "Traceback" not in result.output
    return result


def test_read_only_target_folder(tmpfs):
    root = build_tree(tmpfs(), PROJECT)
    _mount("-o", "remount,ro", str(root))
    before = snapshot(root)
    result = _run(root)
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert "error: Could not write Dockerfile: Read-only file system." in result.output
    assert f"hint: Check that {root} is writable" in result.output
    assert snapshot(root) == before


def test_read_only_target_with_existing_files_and_force(tmpfs):
    root = build_tree(tmpfs(), {**PROJECT, **OLD})
    _mount("-o", "remount,ro", str(root))
    before = snapshot(root)
    result = _run(root, "--force")
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert snapshot(root) == before


def test_full_disk_leaves_existing_files_byte_identical(tmpfs):
    root = build_tree(tmpfs("64k"), {**PROJECT, **OLD})
    _fill(root, leave_pages=0)
    before = snapshot(root)
    result = _run(root, "--force")
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert "No space left on device" in result.output and "existing files were left unchanged" in result.output
    assert snapshot(root) == before  # also: no temporary file left behind


def test_failure_after_one_file_is_staged_renames_nothing(tmpfs):
    """The Dockerfile stages into the last free block; staging .dockerignore then hits ENOSPC.

    The staged Dockerfile must not be renamed over the user's one: all files or none.
    """
    root = build_tree(tmpfs("64k"), {**PROJECT, **OLD})
    _fill(root, leave_pages=1)
    before = snapshot(root)
    result = _run(root, "--force")
    assert result.exit_code == ExitCode.WRITE_FAILED, result.output
    assert "Could not write .dockerignore: No space left on device" in result.output
    assert snapshot(root) == before


def test_same_project_with_room_is_written(tmpfs):
    """The control for the tests above: on this tmpfs, with space, the write succeeds."""
    root = build_tree(tmpfs("64k"), {**PROJECT, **OLD})
    _fill(root, leave_pages=4)
    result = _run(root, "--force")
    assert result.exit_code == 0, result.output
    assert (root / "Dockerfile").read_text().startswith("# syntax=docker/dockerfile:1")
    assert sorted(p.name for p in root.iterdir()) == [".dockerignore", "Dockerfile", "filler.bin",
                                                       "main.py", "requirements.txt"]
