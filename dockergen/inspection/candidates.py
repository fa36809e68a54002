"""A possible thing to start (an app object or a script) and how candidates are ranked."""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog.frameworks import framework
from ..facts import AppTarget

ENTRY_FILES = ("app.py", "wsgi.py", "main.py", "application.py", "server.py", "api.py", "asgi.py")


@dataclass(frozen=True)
class Candidate:
    framework: str
    target: AppTarget | None  # None for script-run frameworks (streamlit, gradio, aiohttp)
    file: str
    rank: tuple[int, int, str]

    @property
    def label(self) -> str:
        return self.target.spec if self.target else self.file

    @property
    def tier(self) -> int:
        """Lower tiers win: a Django project's celery.py must not make it a Celery worker image."""
        entry = framework(self.framework)
        return entry.tier if entry else 9


NOT_APP_DIRS = ("tests", "test", "docs", "migrations")


def is_app_source(relpath: str) -> bool:
    """Tests, docs and conftest files define apps for testing, never the one to serve."""
    parts = relpath.split("/")
    name = parts[-1]
    return not (any(p in NOT_APP_DIRS for p in parts[:-1]) or name.startswith("test_")
                or name.endswith("_test.py") or name == "conftest.py")


def rank(relpath: str, factory: bool = False, entry_files: tuple[str, ...] = ENTRY_FILES) -> tuple[int, int, str]:
    """(depth + position in ``entry_files`` + factory penalty, position, path): smaller is better."""
    name = relpath.rsplit("/", 1)[-1]
    entry = entry_files.index(name) if name in entry_files else len(entry_files)
    if name == "__init__.py":
        entry = len(entry_files) - 1
    return (relpath.count("/") + entry + (1 if factory else 0), entry, relpath)
