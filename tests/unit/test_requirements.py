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
