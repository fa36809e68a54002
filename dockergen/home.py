"""Where dockergen lives: the one home every link points at (``--help``, SARIF ``helpUri``,
``dockergen explain``). ``[project.urls]`` in pyproject.toml declares the same addresses (a test
keeps them equal), so the package metadata and the program never disagree.
"""

from __future__ import annotations

HOME = "https://github.com/dockergen/dockergen-cli"
DOCS = HOME + "/blob/main/docs"
ISSUES = HOME + "/issues"
CHANGELOG = HOME + "/releases"


def decision_url(code: str) -> str:
    """The published page of a decision code, e.g. ``.../docs/decisions/DG2002.md``."""
    return f"{DOCS}/decisions/{code}.md"
