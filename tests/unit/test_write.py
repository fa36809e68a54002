import os

import pytest

from dockergen.errors import WriteError
from dockergen.render import RenderedFile
from dockergen.write import write_files


def test_create_identical_kept_overwritten(tmp_path):
    files = [RenderedFile("Dockerfile", "FROM x\n")]
    assert write_files(files, tmp_path).files[0].status == "created"
    assert write_files(files, tmp_path).files[0].status == "identical"
    (tmp_path / "Dockerfile").write_text("mine\n")
    report = write_files(files, tmp_path)
    assert report.files[0].status == "kept"
    assert (tmp_path / "Dockerfile").read_text() == "mine\n"
    assert "-mine" in report.files[0].diff and "+FROM x" in report.files[0].diff
    assert write_files(files, tmp_path, force=True).files[0].status == "overwritten"
    assert (tmp_path / "Dockerfile").read_text() == "FROM x\n"


def test_dry_run_writes_nothing(tmp_path):
    report = write_files([RenderedFile("Dockerfile", "FROM x\n")], tmp_path, dry_run=True)
    assert report.files[0].status == "created"
    assert not (tmp_path / "Dockerfile").exists()


def test_symlink_out_of_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.write_text("precious\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").symlink_to(outside)
    with pytest.raises(WriteError, match="outside the project"):
        write_files([RenderedFile("Dockerfile", "FROM x\n")], project, force=True)
    assert outside.read_text() == "precious\n"


def test_no_temporary_files_left_behind(tmp_path):
    write_files([RenderedFile("Dockerfile", "a\n"), RenderedFile(".dockerignore", "b\n")], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".dockerignore", "Dockerfile"]


def test_relative_path_escaping_the_project_is_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for bad in ("../Dockerfile", "sub/../../x", "/etc/passwd"):
        with pytest.raises(WriteError, match="outside the project"):
            write_files([RenderedFile(bad, "x\n")], project, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]


def test_symlinked_folder_out_of_the_project_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    (project / "deploy").symlink_to(outside)
    with pytest.raises(WriteError, match="outside the project"):
        write_files([RenderedFile("deploy/Dockerfile", "x\n")], project)
    assert list(outside.iterdir()) == []


def test_symlink_inside_the_project_is_never_written_through(tmp_path):
    """DG3042: even a link inside the project is refused: writing through it replaces another file."""
    (tmp_path / "docker").mkdir()
    (tmp_path / "docker" / "Dockerfile").write_text("old\n")
    (tmp_path / "Dockerfile").symlink_to("docker/Dockerfile")
    with pytest.raises(WriteError, match="Dockerfile is a symlink"):
        write_files([RenderedFile("Dockerfile", "new\n")], tmp_path, force=True)
    assert (tmp_path / "Dockerfile").is_symlink()
    assert (tmp_path / "docker" / "Dockerfile").read_text() == "old\n"
    kept = write_files([RenderedFile("Dockerfile", "new\n")], tmp_path)  # no write: a report only
    assert kept.files[0].status == "kept"


def test_symlink_loop_and_folder_targets_are_clear_errors(tmp_path):
    (tmp_path / "Dockerfile").symlink_to("Dockerfile")
    with pytest.raises(WriteError, match="Cannot resolve Dockerfile"):
        write_files([RenderedFile("Dockerfile", "x\n")], tmp_path, force=True)
    (tmp_path / "Dockerfile").unlink()
    (tmp_path / "Dockerfile").mkdir()
    with pytest.raises(WriteError, match="Dockerfile is a folder"):
        write_files([RenderedFile("Dockerfile", "x\n")], tmp_path, force=True)


def test_existing_file_that_is_not_utf8_is_kept_byte_identical(tmp_path):
    (tmp_path / "Dockerfile").write_bytes(b"FROM x\n# caf\xe9\n")
    report = write_files([RenderedFile("Dockerfile", "FROM y\n")], tmp_path)
    assert report.files[0].status == "kept"
    assert (tmp_path / "Dockerfile").read_bytes() == b"FROM x\n# caf\xe9\n"


def test_mode_of_an_overwritten_file_is_kept(tmp_path):
    (tmp_path / "Dockerfile").write_text("old\n")
    os.chmod(tmp_path / "Dockerfile", 0o600)
    write_files([RenderedFile("Dockerfile", "new\n")], tmp_path, force=True)
    assert (tmp_path / "Dockerfile").stat().st_mode & 0o777 == 0o600


def test_cli_diff_shows_a_unified_diff_and_writes_nothing(tree):
    from typer.testing import CliRunner

    from dockergen.cli import app

    root = tree({"main.py": "print(1)\n", "Dockerfile": "FROM mine\nCMD [\"python\", \"main.py\"]\n"})
    result = CliRunner().invoke(app, ["init", "--diff", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == ["--- a/Dockerfile", "+++ b/Dockerfile"]
    assert "-FROM mine" in lines and "+FROM python:${PYTHON_VERSION}-slim-trixie" in lines
    new_file = result.output.split("--- /dev/null\n+++ b/.dockerignore\n")[1]
    assert "+**/.env*" in new_file.splitlines()  # a file that would be created shows as all additions
    assert (root / "Dockerfile").read_text() == "FROM mine\nCMD [\"python\", \"main.py\"]\n"
    assert not (root / ".dockerignore").exists()


def test_fifo_in_place_of_the_dockerfile_is_an_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "Dockerfile")
    with pytest.raises(WriteError, match="Dockerfile is not a regular file"):
        write_files([RenderedFile("Dockerfile", "x\n")], tmp_path, force=True)
