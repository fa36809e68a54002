"""DG1080: name, console scripts and version a setuptools project / sdist declares outside pyproject."""

from __future__ import annotations

from dockergen.inspection import inspect_project
from tests.conftest import hadolint
from dockergen.inspection.setuptools_meta import pkg_info, setuptools_name, setuptools_scripts

PKG_INFO = """
Metadata-Version: 2.1
Name: tool-x
Version: 4.5.6
Summary: A tool.

Name: not-a-header
Version: 9.9.9
"""


def test_setup_cfg_entry_points_become_the_entrypoint(tree):
    root = tree({
        "setup.py": "from setuptools import setup\nsetup()\n",
        "setup.cfg": """
            [metadata]
            name = fetcher
            [options.entry_points]
            console_scripts =
                fetch = fetcher.__main__:main
                fetcher = fetcher.manager:main
            """,
        "fetcher/__init__.py": "",
        "fetcher/__main__.py": "def main():\n    pass\n",
    })
    facts = inspect_project(root, offline=True)
    assert facts.packaging.name.value == "fetcher" and facts.packaging.name.evidence == "setup.cfg [metadata] name"
    assert facts.app.console_scripts == ["fetch", "fetcher"]
    assert facts.app.command.value == ["fetcher"]  # the script named like the project
    assert "setup.cfg [options.entry_points]" in facts.app.command.evidence


def test_setup_py_entry_points_as_a_bound_name_dict(tree):
    root = tree({"setup.py": """
        from setuptools import setup
        NAME = "pkg-tool"
        ENTRY_POINTS = {"console_scripts": ["pkg-tool=pkg.cli:main"], "other": ["x=y:z"]}
        setup(name=NAME, version=compute(), entry_points=ENTRY_POINTS)
        """, "pkg/__init__.py": ""})
    assert setuptools_scripts(root) == [("pkg-tool", "setup.py entry_points console_scripts")]
    assert setuptools_name(root) == ("pkg-tool", "setup.py name=")


def test_setup_py_entry_points_as_ini_text(tree):
    root = tree({"setup.py": '''
        import setuptools
        setuptools.setup(
            name="served",
            entry_points="""
                [paste.app_factory]
                main = served:factory
                [console_scripts]
                served-cli = served.cli:cli
            """,
        )
        '''})
    assert [n for n, _ in setuptools_scripts(root)] == ["served-cli"]


def test_computed_setup_py_is_not_guessed(tree):
    root = tree({"setup.py": """
        from setuptools import setup
        setup(name=read_name(), entry_points=load_entry_points())
        """, "app/__init__.py": "", "app/__main__.py": "print('hi')\n"})
    assert setuptools_scripts(root) == [] and setuptools_name(root) is None
    facts = inspect_project(root, offline=True)
    assert facts.app.command.value == ["python", "-m", "app"]  # the older fallback still applies
    assert facts.packaging.name.source == "default"


def test_pkg_info_name_and_version_stop_at_the_headers(tree):
    root = tree({"PKG-INFO": PKG_INFO, "setup.py": "from setuptools import setup\nsetup(name=get())\n"})
    assert pkg_info(root) == {"name": "tool-x", "version": "4.5.6"}
    assert setuptools_name(root) == ("tool-x", "PKG-INFO Name")


def test_git_versioned_sdist_uses_its_recorded_version(tree):
    root = tree({
        "PKG-INFO": PKG_INFO,
        "pyproject.toml": """
            [build-system]
            requires = ["hatchling", "hatch-vcs"]
            build-backend = "hatchling.build"
            [project]
            name = "tool-x"
            dynamic = ["version"]
            """,
    })
    facts = inspect_project(root, offline=True)
    assert facts.metadata.vcs_version.value == "SETUPTOOLS_SCM_PRETEND_VERSION=4.5.6"
    assert "PKG-INFO" in facts.metadata.vcs_version.evidence


def test_pyproject_scripts_win_over_setup_cfg(tree):
    root = tree({
        "pyproject.toml": """
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"
            [project]
            name = "both"
            version = "1"
            [project.scripts]
            both = "both:main"
            """,
        "setup.cfg": "[options.entry_points]\nconsole_scripts =\n    legacy = both:old\n",
    })
    facts = inspect_project(root, offline=True)
    assert facts.app.console_scripts == ["both"]


POETRY_PYPROJECT = """
    [build-system]
    requires = ["poetry-core"]
    build-backend = "poetry.core.masonry.api"
    [tool.poetry]
    name = "tool"
    version = "1.0"
    description = ""
    authors = []
    readme = "docs/README.md"
    [tool.poetry.dependencies]
    python = ">=3.9"
    click = "^8"
    """


def test_backend_built_metadata_binds_the_readme(tree, tmp_path):
    """DG1081: Poetry-only deps are learnt by running the backend, which reads the readme."""
    from dockergen.pipeline import generate

    root = tree({"pyproject.toml": POETRY_PYPROJECT, "docs/README.md": "# tool\n", "tool/__init__.py": "",
                 "tool/__main__.py": "print('tool')\n"})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.metadata_files == ["docs/README.md"]
    generate(root, offline=True)
    dockerfile = (root / "Dockerfile").read_text()
    assert "source=docs/README.md,target=/app/docs/README.md" in dockerfile
    lint = hadolint(dockerfile, tmp_path)
    assert lint.returncode == 0, lint.stdout


def test_static_dependencies_or_a_missing_readme_bind_nothing_more(tree):
    root = tree({"pyproject.toml": """
        [project]
        name = "static"
        version = "1"
        readme = "README.md"
        dependencies = ["click"]
        """, "README.md": "hi\n"})
    assert inspect_project(root, offline=True).packaging.metadata_files == []
    dynamic = tree({"pyproject.toml": """
        [project]
        name = "static"
        version = "1"
        readme = {file = "GONE.md", content-type = "text/markdown"}
        dynamic = ["dependencies"]
        """})
    assert inspect_project(dynamic, offline=True).packaging.metadata_files == []


def test_setuptools_python_requires_bounds_the_python(tree):
    """A setup.py range that excludes the default minor moves the choice (it is really read)."""
    root = tree({"setup.py": """
        from setuptools import setup
        PY = ">=3.10,<3.12"
        setup(name="old", python_requires=PY)
        """})
    facts = inspect_project(root, offline=True)
    assert facts.python.python_version.value == "3.11"
    assert facts.python.python_version.evidence.startswith("setup.py python_requires")
    cfg = tree({"setup.py": "from setuptools import setup\nsetup()\n",
                "setup.cfg": "[options]\npython_requires = >=3.10,<3.11\n"})
    assert inspect_project(cfg, offline=True).python.python_version.value == "3.10"
