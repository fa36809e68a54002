"""A golden Dockerfile per package manager (from the e2e fixture apps), each hadolint-clean."""

import pytest

from dockergen import generate
from tests.conftest import assert_golden, copy_fixture, hadolint

FIXTURES = ["pm-pip-nested", "pm-uv", "pm-uv-workspace", "pm-poetry2", "pm-pdm", "pm-pipenv",
            "pm-setup-py", "pm-no-deps"]


def _dockerfile(tmp_path, name: str) -> str:
    root = copy_fixture(name, tmp_path)
    return {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]


@pytest.mark.parametrize("name", FIXTURES)
def test_golden_dockerfile(tmp_path, name):
    assert_golden(f"{name}/Dockerfile", _dockerfile(tmp_path, name))


@pytest.mark.parametrize("name", FIXTURES)
def test_hadolint_has_no_findings(tmp_path, name):
    result = hadolint(_dockerfile(tmp_path, name), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_unlocked_pipenv_is_hadolint_clean(tree, tmp_path):
    root = tree({"Pipfile": '[packages]\nidna = "*"\n', "main.py": "print(1)\n"})
    text = {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]
    result = hadolint(text, tmp_path)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout
