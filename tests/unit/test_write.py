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
