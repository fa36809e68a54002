"""The version-source matrix (DG1030-DG1032): one case per source, form, conflict and malformed input.

Each case builds an inline tree and asserts the chosen minor, the evidence that names the
file (and line), and the warnings that explain a conflict.
"""

from __future__ import annotations

import pytest

from dockergen.inspection import inspect_project
from dockergen.inspection.python_sources import Constraint, parse_minor
from dockergen.inspection.python_version import newest_minor_for, preference_order
from dockergen.versions import DEFAULT_MINOR

PYPROJECT = '[project]\nname = "x"\nrequires-python = "{}"\n'
POETRY = '[tool.poetry]\nname = "x"\n[tool.poetry.dependencies]\npython = "{}"\n'
PIPFILE = '[packages]\nflask = "*"\n[requires]\n{} = "{}"\n'


def detect(tree, files):
    facts = inspect_project(tree(files))
    return facts.python.python_version, facts.warnings


SINGLE_SOURCES = [
    # (files, minor, evidence prefix)
    ({".python-version": "3.12\n"}, "3.12", ".python-version:1"),
    ({".python-version": "3.12.4\n"}, "3.12", ".python-version:1"),
    ({".python-version": "cpython-3.12\n"}, "3.12", ".python-version:1"),
    ({".python-version": "cpython-3.11.9-linux-x86_64-gnu\n"}, "3.11", ".python-version:1"),
    ({".python-version": "# comment\n\n   # another\n3.10\n"}, "3.10", ".python-version:4"),
    ({"runtime.txt": "python-3.12.1\n"}, "3.12", "runtime.txt:1"),
    ({"pyproject.toml": PYPROJECT.format(">=3.10,<3.12")}, "3.11", "pyproject.toml requires-python '>=3.10,<3.12'"),
    ({"pyproject.toml": PYPROJECT.format("~=3.11.0")}, "3.11", "pyproject.toml requires-python"),
    ({"pyproject.toml": PYPROJECT.format("==3.12.4")}, "3.12", "pyproject.toml requires-python"),
    ({"pyproject.toml": POETRY.format("^3.11")}, DEFAULT_MINOR, "pyproject.toml [tool.poetry.dependencies] python '^3.11'"),
    ({"pyproject.toml": POETRY.format(">=3.10,<3.12")}, "3.11", "pyproject.toml [tool.poetry.dependencies] python"),
    ({"pyproject.toml": POETRY.format("~3.10")}, "3.10", "pyproject.toml [tool.poetry.dependencies] python"),
    ({"pyproject.toml": POETRY.format(">= 3.10, < 3.12")}, "3.11", "pyproject.toml [tool.poetry.dependencies] python"),
    ({"pyproject.toml": POETRY.format("3.11")}, "3.11", "pyproject.toml [tool.poetry.dependencies] python"),
    ({"Pipfile": PIPFILE.format("python_version", "3.11")}, "3.11", "Pipfile [requires] python_version"),
    ({"Pipfile": PIPFILE.format("python_full_version", "3.12.3")}, "3.12", "Pipfile [requires] python_full_version"),
    ({".tool-versions": "nodejs 20.1.0\npython 3.11.8 3.10.1\n"}, "3.11", ".tool-versions:2"),
    ({"uv.lock": 'version = 1\nrequires-python = ">=3.10, <3.13"\n\n[[package]]\nname = "x"\n'}, "3.12",
     "uv.lock requires-python '>=3.10, <3.13'"),
]


@pytest.mark.parametrize(("files", "minor", "evidence"), SINGLE_SOURCES)
def test_each_source_and_form(tree, files, minor, evidence):
    fact, warnings = detect(tree, files)
    assert (fact.value, fact.source) == (minor, "detected")
    assert fact.evidence.startswith(evidence)
    assert not [w for w in warnings if "DG103" in w]


def test_order_exact_files_before_ranges_and_each_other(tree):
    fact, warnings = detect(tree, {".python-version": "3.11\n", "runtime.txt": "python-3.12.0\n",
                                   ".tool-versions": "python 3.10.2\n"})
    assert fact.value == "3.11" and fact.evidence.startswith(".python-version:1")
    assert any("runtime.txt:1 says Python 3.12" in w and "DG1031" in w for w in warnings)
    assert any(".tool-versions:1 says Python 3.10" in w for w in warnings)


def test_runtime_txt_excluded_by_requires_python_is_ignored(tree):
    fact, warnings = detect(tree, {"runtime.txt": "python-3.6.15\n", "pyproject.toml": PYPROJECT.format(">=3.8")})
    assert fact.value == DEFAULT_MINOR
    assert "requires-python" in fact.evidence
    assert any("runtime.txt:1 says Python 3.6" in w and "excludes it" in w for w in warnings)


def test_exact_file_excluded_falls_to_next_exact_that_fits(tree):
    fact, warnings = detect(tree, {".python-version": "3.10\n", "runtime.txt": "python-3.12.2\n",
                                   "pyproject.toml": PYPROJECT.format(">=3.11")})
    assert fact.value == "3.12" and fact.evidence.startswith("runtime.txt:1")
    assert "within pyproject.toml requires-python" in fact.evidence
    assert any(".python-version:1 says Python 3.10" in w for w in warnings)


def test_all_ranges_must_hold_together(tree):
    fact, warnings = detect(tree, {"pyproject.toml": PYPROJECT.format(">=3.10") + '[tool.poetry.dependencies]\npython = "<3.12"\n',
                                   "uv.lock": 'requires-python = ">=3.11"\n'})
    assert fact.value == "3.11"
    assert "requires-python" in fact.evidence and "uv.lock" in fact.evidence and "poetry" in fact.evidence


def test_disjoint_ranges_use_first_and_warn(tree):
    fact, warnings = detect(tree, {"pyproject.toml": PYPROJECT.format(">=3.12"), "uv.lock": 'requires-python = "<3.11"\n'})
    assert fact.value == DEFAULT_MINOR
    assert any("no Python minor satisfies all of" in w for w in warnings)


def test_eol_exact_minor_is_honoured_and_warned(tree):
    fact, warnings = detect(tree, {".python-version": "3.8.18\n"})
    assert fact.value == "3.8"
    assert any("DG1032" in w and "end of life" in w for w in warnings)


def test_range_admitting_only_eol_minors_picks_newest_of_them(tree):
    fact, warnings = detect(tree, {"pyproject.toml": PYPROJECT.format(">=3.7,<3.10")})
    assert fact.value == "3.9"
    assert any("DG1032" in w for w in warnings)


def test_supported_minor_is_not_warned(tree):
    _, warnings = detect(tree, {".python-version": "3.12\n"})
    assert not any("DG1032" in w for w in warnings)


MALFORMED = [
    ({".python-version": "pypy3.10\n"}, ".python-version:1"),
    ({".python-version": "system\n"}, ".python-version:1"),
    ({"runtime.txt": "ruby-3.2\n"}, "runtime.txt:1"),
    ({"runtime.txt": "python-latest\n"}, "runtime.txt:1"),
    ({"pyproject.toml": PYPROJECT.format(">=three")}, "requires-python"),
    ({"pyproject.toml": '[project]\nname = "x"\nrequires-python = 3\n'}, "requires-python"),
    ({"pyproject.toml": POETRY.format("^^3")}, "poetry"),
    ({"Pipfile": PIPFILE.format("python_version", "three")}, "Pipfile"),
    ({".tool-versions": "python\n"}, ".tool-versions:1"),
    ({".python-version": b"\x00\x01binary"}, ".python-version"),
]


@pytest.mark.parametrize(("files", "where"), MALFORMED)
def test_malformed_source_is_warned_and_skipped(tree, files, where):
    fact, warnings = detect(tree, files)
    assert (fact.value, fact.source) == (DEFAULT_MINOR, "default")
    assert any(where in w for w in warnings), warnings


def test_malformed_pipfile_is_a_clear_error_not_a_skip(tree):
    """Pipenv's manifest is also the dependency source: broken TOML there must stop (issue 6)."""
    from dockergen.errors import ProjectError
    from dockergen.inspection import inspect_project

    with pytest.raises(ProjectError, match="Pipfile is not valid TOML"):
        inspect_project(tree({"Pipfile": "[requires\npython_version = 3\n"}))


def test_malformed_source_falls_through_to_next(tree):
    fact, warnings = detect(tree, {".python-version": "latest\n", "runtime.txt": "python-3.11.2\n"})
    assert fact.value == "3.11" and fact.evidence == "runtime.txt:1"
    assert any(".python-version:1" in w for w in warnings)


def test_inspect_lists_every_source_as_evidence(tree):
    facts = inspect_project(tree({".python-version": "3.11\n", "pyproject.toml": PYPROJECT.format(">=3.10")}))
    assert [(s.value, s.evidence) for s in facts.python.python_sources] == [
        ("3.11", ".python-version:1"), (">=3.10", "pyproject.toml requires-python '>=3.10'")]


@pytest.mark.parametrize(("text", "admitted", "excluded"), [
    ("^3.11", ["3.11", "3.14"], ["3.10"]),
    ("~3.11", ["3.11"], ["3.10", "3.12"]),
    ("^2.7 || ^3.10", ["2.7", "3.12"], ["3.6"]),
    (">=3.10,<4", ["3.10", "3.14"], ["3.9"]),
    ("3.11.*", ["3.11"], ["3.12"]),
    ("*", ["3.10", "3.14"], []),
])
def test_poetry_constraint_forms(text, admitted, excluded):
    constraint = Constraint(text)
    assert all(constraint.admits(m) for m in admitted)
    assert not any(constraint.admits(m) for m in excluded)


def test_preference_order_settled_first():
    order = preference_order(("3.10", "3.11", "3.12", "3.13", "3.14", "3.15"))
    assert order[: order.index(DEFAULT_MINOR) + 1] == sorted(order[: order.index(DEFAULT_MINOR) + 1], reverse=True)
    assert order[0] == DEFAULT_MINOR and order[-2:] == ["3.14", "3.15"]
    assert newest_minor_for("==3.12.4") == "3.12"
    assert parse_minor("cpython-3.12") == "3.12"
