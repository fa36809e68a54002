import pytest

from dockergen.errors import ProjectError
from dockergen.inspection import inspect_project
from dockergen.inspection.requirements import read_requirements


def test_nested_includes_are_all_dependency_files(tree):
    root = tree({
        "requirements.txt": "-r requirements/base.txt\nflask==3.1.0  # web\n",
        "requirements/base.txt": "-c constraints.txt\nrequests>=2\n",
        "requirements/constraints.txt": "urllib3<3\n",
    })
    facts = inspect_project(root)
    assert facts.dependency_files == ["requirements.txt", "requirements/base.txt", "requirements/constraints.txt"]
    assert facts.requirements == ["urllib3", "requests", "flask"]


def test_bad_line_is_a_warning_with_file_and_line(tree):
    root = tree({"requirements.txt": "flask\nthis is not valid!!\nrequests\n"})
    info = read_requirements(root, "requirements.txt")
    assert info.names == ["flask", "requests"]
    assert any(w.startswith("requirements.txt:2") for w in info.warnings)


def test_include_cycle_is_an_error_naming_the_chain(tree):
    root = tree({"requirements.txt": "-r other.txt\nflask\n", "other.txt": "-r requirements.txt\nrequests\n"})
    with pytest.raises(ProjectError, match=r"include cycle \(requirements.txt -> other.txt -> requirements.txt\)"):
        read_requirements(root, "requirements.txt")


def test_diamond_includes_are_not_a_cycle(tree):
    root = tree({"requirements.txt": "-r a.txt\n-r b.txt\n", "a.txt": "-r base.txt\n", "b.txt": "-r base.txt\n",
                 "base.txt": "requests\n"})
    assert read_requirements(root, "requirements.txt").names == ["requests"]


def test_include_outside_project_is_an_error(tree):
    root = tree({"requirements.txt": "-r ../secret.txt\n"})
    with pytest.raises(ProjectError, match="outside the project"):
        read_requirements(root, "requirements.txt")


def test_pins_hashes_markers_and_continuations(tree):
    root = tree({"requirements.txt": (
        "flask==3.1.0 \\\n    --hash=sha256:abc\n"
        "--index-url https://example.invalid/simple\n"
        "requests>=2 ; python_version >= '3.8'\n"
        "-e .\n"
    )})
    info = read_requirements(root, "requirements.txt")
    assert info.pinned == {"flask": "3.1.0"}
    assert info.names == ["flask", "requests"]
    assert info.local_paths == ["."]
    assert info.has_index_options


def test_a_wildcard_is_a_range_not_a_pin(tree):
    """`==2.*` must not reach the wheel check (DG1034) or the as-of rule (DG2080) as a version."""
    from dockergen.inspection import inspect_project

    root = tree({"requirements.txt": "flask==2.*\nidna==3.10\n", "pyproject.toml": '[project]\nname = "x"\n'
                 'dependencies = ["click==8.1.7", "jinja2==3.*"]\n'})
    facts = inspect_project(root, offline=True)
    assert facts.pinned_requirements == {"idna": "3.10", "click": "8.1.7"}
    assert facts.pins == facts.pinned_requirements  # no lock: the wheel check sees the direct pins


def test_requirement_file_pins_count_only_when_pip_installs_them(tree):
    """A stray requirements.txt beside uv.lock is not what the image installs."""
    from dockergen.inspection import inspect_project

    root = tree({"requirements.txt": "flask==3.1.0\n",
                 "pyproject.toml": '[project]\nname = "x"\nversion = "1"\ndependencies = ["idna==3.10"]\n',
                 "uv.lock": 'version = 1\nrequires-python = ">=3.11"\n\n[[package]]\nname = "idna"\nversion = "3.10"\n'
                            'source = { registry = "https://pypi.org/simple" }\n'})
    facts = inspect_project(root, offline=True)
    assert facts.package_manager.value == "uv"
    assert facts.pinned_requirements == {"idna": "3.10"}
    assert "flask" not in facts.pins
