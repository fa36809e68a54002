"""Which server the project already chose, from its own dependency list."""

from __future__ import annotations

from ..facts import Fact, ProjectFacts


def detect_server_hint(facts: ProjectFacts) -> Fact[str] | None:
    """DG1054: the ASGI server the project declares: gunicorn + uvicorn-worker keep that pairing,
    daphne (without uvicorn, the default) serves the app itself."""
    names = set(facts.packaging.requirements)
    if not (facts.app.interface and facts.app.interface.value == "asgi"):
        return None
    if {"gunicorn", "uvicorn-worker"} <= names:
        return Fact("gunicorn-uvicorn", "detected", "requirements: gunicorn, uvicorn-worker")
    if "daphne" in names and "uvicorn" not in names:
        return Fact("daphne", "detected", "requirements: daphne")
    return None
