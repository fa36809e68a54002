"""Bad input through the real CLI: one clear message naming the file, a documented exit code,
no traceback, and nothing written or changed in the project."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockergen.cli import app
from dockergen.errors import ExitCode
from tests.conftest import REPO, build_tree

runner = CliRunner()
SCRIPT = {"main.py": "print('hi')\n"}


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under root (not following symlinks): file bytes, link targets, folders."""
    out: dict[str, object] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[key] = ("link", os.readlink(path))
            elif path.is_dir():
                out[key] = "dir"
            elif not path.is_file():
                out[key] = ("special", path.stat().st_mode)  # a FIFO: reading it would block
            else:
                out[key] = path.read_bytes()
    return out


def init_fails(root: Path, code: ExitCode, *patterns: str, args: tuple[str, ...] = ()) -> str:
    """Run `init --yes` on root; assert the exit code, the message, no traceback, nothing changed."""
    before = snapshot(root) if root.is_dir() else None
    result = runner.invoke(app, ["init", "--yes", *args, str(root)])
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output and result.exception is None or isinstance(result.exception, SystemExit)
    assert output.startswith("error: ") and "\nhint: " in output, output
    assert output.count("error: ") == 1, output
    for pattern in patterns:
        assert re.search(pattern, output), f"{pattern!r} not in {output!r}"
    if before is not None:
        assert snapshot(root) == before
    return output


def test_malformed_pyproject_names_the_file_and_line(tree):
    root = tree({**SCRIPT, "pyproject.toml": "[project]\nname = 'x'\nversion = \n"})
    init_fails(root, ExitCode.BAD_PROJECT, r"pyproject.toml is not valid TOML", r"line 3", r"hint: Fix the syntax")


def test_malformed_dockergen_toml(tree):
    root = tree({**SCRIPT, ".dockergen.toml": "python = 3.12.1.x\n"})
    init_fails(root, ExitCode.BAD_PROJECT, r"\.dockergen\.toml is not valid TOML")


def _inspector_reads(tree, name: str) -> bool:
    """Does inspection read ``name`` at all on this branch? A binary one would then be an error."""
    root = tree({**SCRIPT, **MANAGER_FILES.get(name, {}), name: b"\x00\x01"})
    result = runner.invoke(app, ["inspect", str(root)])
    (root / name).unlink()
    return result.exit_code != 0


MANAGER_FILES = {  # a file, and what makes the inspector read it
    "Pipfile": {},
    "uv.lock": {"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n"},
    "poetry.lock": {"pyproject.toml": "[tool.poetry]\nname = 'x'\n[tool.poetry.dependencies]\npython = '^3.12'\n"},
    "pdm.lock": {"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n[tool.pdm]\n"},
}


@pytest.mark.parametrize("name", sorted(MANAGER_FILES))
def test_malformed_manager_toml(tree, name):
    if not _inspector_reads(tree, name):
        pytest.skip(f"the inspector does not read {name} on this branch")
    root = tree({**SCRIPT, **MANAGER_FILES[name], name: "[[package]\nname =\n"})
    init_fails(root, ExitCode.BAD_PROJECT, rf"{re.escape(name)} is not valid TOML")


@pytest.mark.parametrize("name", sorted(MANAGER_FILES))
def test_manager_toml_with_wrong_types(tree, name):
    if not _inspector_reads(tree, name):
        pytest.skip(f"the inspector does not read {name} on this branch")
    root = tree({**SCRIPT, **MANAGER_FILES[name], name: "package = 'not a list'\npackages = 1\n"})
    init_fails(root, ExitCode.BAD_PROJECT, rf"{re.escape(name)}: \w+ must be a")


def test_every_toml_parse_goes_through_read_toml():
    """One reader for TOML, so every malformed file gets the same clear error and shape check.

    (tomlkit, which keeps comments for editing a file dockergen saves answers to, is not a reader.)"""
    offenders = []
    # native_deps and ci parse dockergen's own shipped data files (data/native_deps.toml, data/ci_actions.toml)
    own_data = {"files.py", "native_deps.py", "ci.py"}
    for path in (REPO / "dockergen").rglob("*.py"):
        if path.name in own_data:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(tomllib|tomli)\.loads?\(", text):
            offenders.append(path.relative_to(REPO).as_posix())
    assert offenders == []


def test_invalid_requirement_lines_warn_with_file_and_line_and_the_rest_is_read(tree):
    root = tree({**SCRIPT, "requirements.txt": "flask\n!!not a requirement\nrequests>=\nidna==3.10\n"})
    result = runner.invoke(app, ["init", "--yes", str(root)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "warning: requirements.txt:2: invalid requirement '!!not a requirement'" in result.output
    assert "warning: requirements.txt:3: invalid requirement 'requests>='" in result.output
    facts = json.loads(runner.invoke(app, ["inspect", "--json", str(root)]).output)["facts"]
    assert facts["requirements"] == ["flask", "idna"]  # lines after the bad ones were still read


def test_include_cycle(tree):
    root = tree({**SCRIPT, "requirements.txt": "-r base.txt\nflask\n", "base.txt": "-r requirements.txt\n"})
    init_fails(root, ExitCode.BAD_PROJECT, r"include cycle \(requirements.txt -> base.txt -> requirements.txt\)")


def test_include_outside_the_project(tree, tmp_path):
    (tmp_path / "shared.txt").write_text("flask\n")
    root = tree({**SCRIPT, "requirements.txt": "flask\n-r ../shared.txt\n"})
    init_fails(root, ExitCode.BAD_PROJECT, r"requirements.txt:2 points outside the project")


def _warned_and_ignored(root: Path, pattern: str) -> None:
    """Version sources (.python-version, runtime.txt) are warned about and skipped (DG1030's rule)."""
    result = runner.invoke(app, ["init", "--yes", "--dry-run", str(root)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert re.search(rf"warning: {pattern}.* Ignored as a Python version source", result.output), result.output


def test_non_utf8_or_folder_version_file_is_a_warning(tmp_path):
    _warned_and_ignored(build_tree(tmp_path / "a", {**SCRIPT, ".python-version": b"3.1\xe92\n"}),
                        r"\.python-version is not valid UTF-8")
    _warned_and_ignored(build_tree(tmp_path / "b", {**SCRIPT, ".python-version/x": "3.12\n"}),
                        r"\.python-version is a folder")


@pytest.mark.parametrize("name", ["requirements.txt", "pyproject.toml"])
def test_non_utf8_text_file(tree, name):
    root = tree({**SCRIPT, name: b"caf\xe9 = 1\n"})
    init_fails(root, ExitCode.BAD_PROJECT, rf"{re.escape(name)} is not valid UTF-8", r"Save .* as UTF-8")


@pytest.mark.parametrize("name", ["requirements.txt", "pyproject.toml"])
def test_binary_file_in_place_of_text(tree, name):
    root = tree({**SCRIPT, name: bytes(range(256)) * 4})
    init_fails(root, ExitCode.BAD_PROJECT, rf"{re.escape(name)} is a binary file")


def test_fifty_megabyte_requirements_file(tree):
    root = tree(SCRIPT)
    with open(root / "requirements.txt", "w") as handle:
        handle.write("flask==3.0.0  # pinned\n" * (50 * 1024 * 1024 // 23 + 1))
    init_fails(root, ExitCode.BAD_PROJECT, r"requirements.txt is 50 MB, too large")


@pytest.mark.parametrize("name", ["requirements.txt", "pyproject.toml", "setup.py"])
def test_folder_where_a_file_is_expected(tree, name):
    root = tree({**SCRIPT, f"{name}/inner.txt": "x\n"})
    init_fails(root, ExitCode.BAD_PROJECT, rf"{re.escape(name)} is a folder, but a file was expected")


def test_symlink_loop_in_place_of_a_file(tree):
    root = tree(SCRIPT)
    (root / "requirements.txt").symlink_to("base.txt")
    (root / "base.txt").symlink_to("requirements.txt")
    init_fails(root, ExitCode.BAD_PROJECT, r"requirements.txt is a symlink loop")


def test_broken_symlink_in_place_of_a_file(tree):
    root = tree(SCRIPT)
    (root / "pyproject.toml").symlink_to("gone.toml")
    init_fails(root, ExitCode.BAD_PROJECT, r"pyproject.toml is a broken symlink")


def test_folder_symlink_loop_does_not_hang_the_walk(tree):
    root = tree({"app/main.py": "print('hi')\n"})
    (root / "app" / "again").symlink_to("..")
    (root / "self").symlink_to(".")
    result = runner.invoke(app, ["init", "--yes", "--dry-run", str(root)])
    assert result.exit_code == 0, result.output


def test_path_does_not_exist(tmp_path):
    init_fails(tmp_path / "missing", ExitCode.BAD_PROJECT, r"missing does not exist", r"hint: Pass the path")


def test_path_is_a_file(tmp_path):
    path = tmp_path / "main.py"
    path.write_text("print(1)\n")
    init_fails(path, ExitCode.BAD_PROJECT, r"main.py is a file, not a folder")
    assert path.read_text() == "print(1)\n"


def test_empty_folder_is_an_error_dg3010(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    init_fails(root, ExitCode.BAD_PROJECT, r"empty is empty", r"dockergen init PATH")
    assert list(root.iterdir()) == []


def test_folder_without_python_is_an_error_dg3010(tree):
    root = tree({"README.md": "# docs\n", "index.html": "<p>hi</p>\n", "script.sh": "echo hi\n"})
    init_fails(root, ExitCode.BAD_PROJECT, r"has no Python code and no Python project file")
    assert runner.invoke(app, ["inspect", str(root)]).exit_code == ExitCode.BAD_PROJECT


@pytest.mark.parametrize("files", [{"requirements.txt": "flask\n"}, {"sub/pkg/mod.py": "x = 1\n"},
                                   {"pyproject.toml": "[project]\nname = 'x'\nversion = '1'\n"}])
def test_any_python_marker_makes_a_project(tree, files):
    root = tree(files)
    assert runner.invoke(app, ["init", "--yes", "--dry-run", str(root)]).exit_code == 0


def test_project_name_with_a_line_break_stays_one_label_dg3012(tree):
    root = tree({**SCRIPT, "pyproject.toml": '[project]\nname = "x\\nRUN touch /pwned"\nversion = "1"\n'})
    result = runner.invoke(app, ["init", "--yes", "--dry-run", str(root)])
    assert result.exit_code == 0, result.output
    assert "\nRUN touch" not in result.output
    assert ' org.opencontainers.image.title="x RUN touch /pwned"' in result.output


def test_unsafe_include_name_is_refused_dg3012(tree):
    root = tree({**SCRIPT, "requirements.txt": "-r extra,1.txt\n", "extra,1.txt": "flask\n"})
    init_fails(root, ExitCode.BAD_CONFIG, r"Cannot write 'extra,1.txt'", r"RUN --mount")


def test_invalid_setting_in_config(tree):
    root = tree({**SCRIPT, ".dockergen.toml": "port = 'eighty'\n"})
    init_fails(root, ExitCode.BAD_CONFIG, r"Invalid port 'eighty' in \.dockergen\.toml")


def test_bad_input_on_inspect_too(tree):
    root = tree({**SCRIPT, "pyproject.toml": "[oops\n"})
    result = runner.invoke(app, ["inspect", str(root)])
    assert result.exit_code == ExitCode.BAD_PROJECT and "Traceback" not in result.output
    assert "pyproject.toml is not valid TOML" in result.output


def test_exit_codes_are_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (\d+) \| (.+) \|$", readme, re.M))
    assert set(table) == {str(int(code)) for code in ExitCode}


def test_fifo_in_place_of_a_file_does_not_hang(tree):
    root = tree(SCRIPT)
    os.mkfifo(root / "requirements.txt")
    init_fails(root, ExitCode.BAD_PROJECT, r"requirements.txt is not a regular file")


def test_symlink_to_a_device_is_refused(tree):
    root = tree(SCRIPT)
    (root / "pyproject.toml").symlink_to("/dev/zero")
    init_fails(root, ExitCode.BAD_PROJECT, r"pyproject.toml is not a regular file")


def test_symlink_out_of_the_project_is_not_read(tree, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")
    root = tree(SCRIPT)
    (root / "requirements.txt").symlink_to(secret)
    output = init_fails(root, ExitCode.BAD_PROJECT, r"requirements.txt is a symlink to .*id_rsa, outside the project")
    assert "b3BlbnNzaC1rZXktdjEAAAAA" not in output  # the content is never echoed


def test_symlink_within_the_project_is_read(tree):
    root = tree({**SCRIPT, "deps/requirements.txt": "idna\n"})
    (root / "requirements.txt").symlink_to("deps/requirements.txt")
    result = runner.invoke(app, ["inspect", "--json", str(root)])
    assert result.exit_code == 0 and json.loads(result.output)["facts"]["requirements"] == ["idna"]
