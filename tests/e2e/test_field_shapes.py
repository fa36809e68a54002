"""The shapes of real source distributions that broke in the field tests (docs/field-tests.md),
as small inline trees: a setuptools CLI declared in setup.cfg (DG1080) and a lockless
Poetry-core package whose readme lives in a subfolder (DG1081). Built and run for real."""

from __future__ import annotations

import pytest

from dockergen import generate
from tests.conftest import build_tree

pytestmark = pytest.mark.docker

CLI = "import sys\n\ndef main():\n    print('greet:', ' '.join(sys.argv[1:]))\n"


def test_setup_cfg_console_script_takes_docker_run_arguments(docker, image_tag, tmp_path):
    project = build_tree(tmp_path / "greeter-1.0", {
        "setup.py": "from setuptools import setup\nsetup()\n",
        "setup.cfg": """
            [metadata]
            name = greeter
            version = 1.0
            [options]
            packages = greeter
            python_requires = >=3.9
            [options.entry_points]
            console_scripts =
                greet = greeter.cli:main
            """,
        "PKG-INFO": "Metadata-Version: 2.1\nName: greeter\nVersion: 1.0\n",
        "greeter/__init__.py": "",
        "greeter/__main__.py": "from .cli import main\nmain()\n",
        "greeter/cli.py": CLI,
    })
    generate(project)
    docker.build(project, image_tag)
    result = docker.run_once(image_tag, "--name", "field test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "greet: --name field test"  # ARGS reach the script
    labels = docker.inspect_image(image_tag)["Config"]["Labels"]
    assert labels["org.opencontainers.image.title"] == "greeter"


def test_lockless_poetry_package_with_a_nested_readme_builds(docker, image_tag, tmp_path):
    project = build_tree(tmp_path / "tool", {
        "pyproject.toml": """
            [build-system]
            requires = ["poetry-core>=1.0"]
            build-backend = "poetry.core.masonry.api"
            [tool.poetry]
            name = "tool"
            version = "0.3.0"
            description = "A tool."
            authors = ["A <a@example.com>"]
            readme = "docs/README.md"
            [tool.poetry.dependencies]
            python = ">=3.9"
            [tool.poetry.scripts]
            tool = "tool.cli:main"
            """,
        "docs/README.md": "# tool\n",
        "tool/__init__.py": "",
        "tool/cli.py": CLI.replace("greet:", "tool:"),
    })
    generate(project)
    docker.build(project, image_tag)
    result = docker.run_once(image_tag, "ok")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "tool: ok"
