from dockergen.inspection import inspect_project
from dockergen.inspection.python_version import newest_minor_for, parse_minor
from dockergen.versions import DEFAULT_MINOR


def test_python_version_file_wins(tree):
    root = tree({".python-version": "# pinned\n3.11.4\n", "pyproject.toml": '[project]\nname="x"\nrequires-python=">=3.10"\n'})
    fact = inspect_project(root).python.python_version
    assert (fact.value, fact.source) == ("3.11", "detected")
    assert fact.evidence.startswith(".python-version:2")


def test_requires_python_picks_newest_settled_minor(tree):
    root = tree({"pyproject.toml": '[project]\nname="x"\nrequires-python=">=3.10"\n'})
    fact = inspect_project(root).python.python_version
    assert fact.value == DEFAULT_MINOR
    assert "requires-python" in fact.evidence


def test_requires_python_upper_bound(tree):
    root = tree({"pyproject.toml": '[project]\nname="x"\nrequires-python=">=3.9,<3.12"\n'})
    assert inspect_project(root).python.python_version.value == "3.11"


def test_default_when_nothing_declared(tree):
    fact = inspect_project(tree({"main.py": "print(1)\n"})).python.python_version
    assert (fact.value, fact.source) == (DEFAULT_MINOR, "default")


def test_newer_minor_only_when_settled_ones_excluded():
    assert newest_minor_for(">=3.14") == "3.14"
    assert newest_minor_for(">=3.8") == DEFAULT_MINOR
    assert newest_minor_for("<3") is None


def test_parse_minor_forms():
    assert parse_minor("cpython-3.12.4") == "3.12"
    assert parse_minor("3.12") == "3.12"
    assert parse_minor("python-3.10.1") == "3.10"
    assert parse_minor("pypy3.10") is None
