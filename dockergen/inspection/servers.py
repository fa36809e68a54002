"""Which server the project already chose, from its own dependency list."""

from __future__ import annotations

from ..facts import Fact, ProjectFacts


def detect_server_hint(facts: ProjectFacts) -> Fact[str] | None:
    """DG1054: gunicorn + uvicorn-worker in the requirements: keep that pairing for ASGI apps."""
    names = set(facts.packaging.requirements)
    if facts.app.interface and facts.app.interface.value == "asgi" and {"gunicorn", "uvicorn-worker"} <= names:
        return Fact("gunicorn-uvicorn", "detected", "requirements: gunicorn, uvicorn-worker")
    return None
