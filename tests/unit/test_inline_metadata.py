"""DG1099: PEP 723 inline script metadata is a single-file app's dependency file."""

from __future__ import annotations

from dockergen import generate
from dockergen.inspection import inspect_project

BLOCK = ('# /// script\n# requires-python = ">=3.13"\n# dependencies = [\n#     "flask==3.1.1",\n'
         '#     "humanize",\n# ]\n# ///\n')
APP = "import importlib\nfrom flask import Flask\napp = Flask(__name__)\n"


def _dockerfile(root) -> str:
    return next(f.content for f in generate(root, dry_run=True, offline=True).files if f.path == "Dockerfile")


def test_the_block_gives_the_dependencies_the_pins_and_the_python_range(tree):
    root = tree({"app.py": BLOCK + APP})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.package_manager.evidence == "PEP 723 script metadata (DG1099): app.py"
    assert facts.packaging.install_requires == ["flask==3.1.1", "humanize"]
    assert facts.packaging.requirements == ["flask", "humanize"]
    assert facts.packaging.pinned_requirements == {"flask": "3.1.1"}
    assert facts.python.python_version.value == "3.13"
    assert "app.py PEP 723 requires-python '>=3.13'" in facts.python.python_version.evidence
    text = _dockerfile(root)
    assert "# DG1099: the dependencies the app files declare" in text and "flask==3.1.1 humanize" in text


def test_without_the_block_only_the_imports_are_installed(tree):
    """The other side: DG1092 reads `flask` from the imports and never sees humanize."""
    facts = inspect_project(tree({"app.py": APP}), offline=True)
    assert facts.packaging.install_requires == ["flask"]


def test_a_dependency_file_wins_over_the_block(tree):
    facts = inspect_project(tree({"app.py": BLOCK + APP, "requirements.txt": "flask\n"}), offline=True)
    assert facts.packaging.package_manager.evidence == "requirements.txt"
    assert "humanize" not in facts.packaging.requirements
    assert "PEP 723" not in facts.python.python_version.evidence


def test_blocks_of_several_files_merge_and_tests_are_left_out(tree):
    other = '# /// script\n# requires-python = "<3.14"\n# dependencies = ["flask==3.1.1", "rich"]\n# ///\n'
    test = '# /// script\n# dependencies = ["pytest"]\n# ///\n'
    facts = inspect_project(tree({"app.py": BLOCK + APP, "worker.py": other + "import rich\n",
                                  "tests/test_app.py": test}), offline=True)
    assert facts.packaging.install_requires == ["flask==3.1.1", "humanize", "rich"]
    assert facts.python.python_version.value == "3.13"  # >=3.13 and <3.14
    assert "app.py, worker.py PEP 723 requires-python '>=3.13,<3.14'" in facts.python.python_version.evidence


def test_a_block_that_is_not_toml_is_a_warning_and_the_imports_are_read(tree):
    broken = "# /// script\n# dependencies = [\n# ///\n"
    facts = inspect_project(tree({"app.py": broken + APP}), offline=True)
    assert facts.packaging.install_requires == ["flask"]
    assert any(w.startswith("DG1099: app.py's `# /// script` block is not valid TOML") for w in facts.warnings)
