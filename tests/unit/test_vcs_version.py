"""DG2017: git-versioned projects build without .git in the context."""

import subprocess

import pytest

from dockergen import generate
from dockergen.inspection import inspect_project
from tests.conftest import hadolint
from tests.unit.test_as_of import git_commit

HATCH_VCS = ('[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
             '[project]\nname = "x"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n')


@pytest.mark.parametrize(("files", "variable"), [
    ({"pyproject.toml": HATCH_VCS}, "SETUPTOOLS_SCM_PRETEND_VERSION"),
    ({"pyproject.toml": '[build-system]\nrequires = ["setuptools>=64", "setuptools_scm[toml]>=8"]\n'
                        'build-backend = "setuptools.build_meta"\n[project]\nname = "x"\ndynamic = ["version"]\n'},
     "SETUPTOOLS_SCM_PRETEND_VERSION"),
    ({"setup.py": "from setuptools import setup\nsetup(name='x', use_scm_version=True)\n"},
     "SETUPTOOLS_SCM_PRETEND_VERSION"),
    ({"pyproject.toml": '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n'
                        '[project]\nname = "x"\ndynamic = ["version"]\n[tool.pdm.version]\nsource = "scm"\n'},
     "PDM_BUILD_SCM_VERSION"),
])
def test_git_versioning_plugins_are_detected(tree, files, variable):
    fact = inspect_project(tree(files)).metadata.vcs_version
    assert fact.value == f"{variable}=0.0.0"
    assert "no git tag" in fact.evidence


def test_static_version_needs_nothing(tree):
    root = tree({"pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                                   '[project]\nname = "x"\nversion = "1.0"\n'})
    assert inspect_project(root).metadata.vcs_version is None
    dockerfile = next(f.content for f in generate(root, dry_run=True, command="x").files if f.path == "Dockerfile")
    assert "PRETEND_VERSION" not in dockerfile


def test_version_comes_from_the_newest_tag_and_is_declared_after_the_dependency_layer(tree, tmp_path):
    root = tree({"pyproject.toml": HATCH_VCS.replace('dynamic = ["version"]', 'dynamic = ["version"]\ndependencies = ["idna"]'),
                 "src/x/__init__.py": "", "src/x/__main__.py": "print('x')\n"})  # src layout: installed
    git_commit(root, "2025-01-01T00:00:00Z")
    subprocess.run(["git", "-C", str(root), "tag", "v1.4.2"], check=True)
    fact = inspect_project(root).metadata.vcs_version
    assert fact.value == "SETUPTOOLS_SCM_PRETEND_VERSION=1.4.2" and "git tag v1.4.2" in fact.evidence
    dockerfile = next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")
    arg = dockerfile.index('ARG SETUPTOOLS_SCM_PRETEND_VERSION="1.4.2"')
    assert dockerfile.index("-r pyproject.toml") < arg < dockerfile.index("COPY . .")  # deps cache survives a new tag
    ignore = next(f.content for f in generate(root, dry_run=True).files if f.path == ".dockerignore")
    assert "**/.git" in ignore.splitlines()  # .git still stays out of the context
    result = hadolint(dockerfile, tmp_path)
    assert result.returncode == 0, result.stdout
