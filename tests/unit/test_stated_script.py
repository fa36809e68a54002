"""DG1090: a stated `streamlit run FILE` names the file a script framework runs, at any depth."""

from __future__ import annotations

from dockergen.inspection import inspect_project

APP = "import streamlit as st\nst.write('hi')\n"


def test_readme_names_a_file_the_scan_does_not_reach(tree):
    root = tree({"requirements.txt": "streamlit\n", "src/pkg/__init__.py": "", "src/pkg/main.py": APP,
                 "README.md": "Run:\n\n```\n$ streamlit run src/pkg/main.py --server.runOnSave true\n```\n"})
    facts = inspect_project(root)
    assert (facts.app.framework.value, facts.app.entry_file.value) == ("streamlit", "src/pkg/main.py")
    assert facts.app.framework.evidence.startswith("README.md:4 (DG1090)")


def test_the_stated_file_wins_over_the_conventional_one(tree):
    root = tree({"requirements.txt": "streamlit\n", "app.py": APP, "tools/report.py": APP,
                 "README.md": "```\nstreamlit run tools/report.py\n```\n"})
    assert inspect_project(root).app.entry_file.value == "tools/report.py"


def test_a_stated_file_that_does_not_use_the_framework_is_ignored(tree):
    root = tree({"requirements.txt": "streamlit\n", "app.py": APP, "notes/old.py": "print('x')\n",
                 "README.md": "```\nstreamlit run notes/old.py\nstreamlit run missing.py\n```\n"})
    assert inspect_project(root).app.entry_file.value == "app.py"
