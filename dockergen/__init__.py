"""dockergen: a Dockerfile and .dockerignore that build and run your Python project.

Public API::

    import dockergen
    report = dockergen.generate("path/to/project", dry_run=True)
    facts = dockergen.inspect_project("path/to/project")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["DockergenError", "__version__", "generate", "inspect_project"]

if TYPE_CHECKING:
    from .errors import DockergenError
    from .inspection import inspect_project
    from .pipeline import generate


def __getattr__(name: str) -> Any:  # lazy, so `import dockergen` stays cheap
    if name == "generate":
        from .pipeline import generate

        return generate
    if name == "inspect_project":
        from .inspection import inspect_project

        return inspect_project
    if name == "DockergenError":
        from .errors import DockergenError

        return DockergenError
    raise AttributeError(name)
