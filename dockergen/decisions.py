"""The DGxxxx registry: every non-obvious choice dockergen makes has a stable code.

Codes are never renumbered or reused. DG1xxx inspection, DG2xxx plan, DG3xxx hardening,
DG9xxx meta. Each code has a page ``docs/decisions/DGxxxx.md`` (a test keeps them in step);
``dockergen explain DGxxxx`` prints the summary kept here, so it works from an installed wheel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    code: str
    title: str
    summary: str


_ALL = (
    Decision("DG1001", "Python version from the project",
             "The image's Python minor comes from the project's own declaration (.python-version, then "
             "requires-python), else the default; the FROM lines share one ARG PYTHON_VERSION."),
    Decision("DG1002", "Settled minors before brand-new ones",
             "A specifier such as >=3.10 resolves to the newest minor up to the default; newer minors are "
             "chosen only when the specifier excludes all settled ones, because wheels lag new releases."),
    Decision("DG1003", "Package manager and dependency files",
             "One documented order picks the package manager when several are present; every file the "
             "install step needs, nested requirement includes too, is mounted into that step."),
    Decision("DG1004", "Application object found by reading the source",
             "The app object or factory is found with Python's ast module, never by importing the code; "
             "conventional entry files win, and ambiguity is reported with the flag that settles it."),
    Decision("DG1005", "Port from the code, else the framework default",
             "The port comes from app.run(port=...) style calls or config, else the framework's default; "
             "the server binds 0.0.0.0 on it and EXPOSE documents it."),
    Decision("DG2001", "Template choice",
             "A detected framework gets its template; anything needing a build step gets multi-stage; "
             "a plain project gets slim. --template overrides."),
    Decision("DG2002", "Dependencies install before the source is copied",
             "Manifests and lock files are bind-mounted into the install step with a BuildKit cache "
             "mount, and the source is copied afterwards, so a source edit reuses the dependency layer."),
    Decision("DG2003", "A virtualenv at a fixed path",
             "Dependencies install into /opt/venv, activated through PATH and VIRTUAL_ENV; the venv is the "
             "one unit copied from the builder to the runtime stage."),
    Decision("DG2004", "Builder image",
             "The builder uses the slim image unless something must compile, then the full python image "
             "of the same minor and Debian release; compilers never reach the runtime stage."),
    Decision("DG2005", "Production server",
             "Web apps run under a production server (gunicorn for WSGI), installed in the image even when "
             "the project does not list it; development servers are never the start command."),
    Decision("DG2006", "Named Debian release",
             "FROM lines name the Debian release (python:3.13-slim-trixie) so library package names do not "
             "change under you when the floating -slim tag moves."),
    Decision("DG3001", "Non-root user with a fixed numeric UID",
             "The image runs as UID 10001 written numerically, so Kubernetes runAsNonRoot can verify it; "
             "the user has a real, writable HOME."),
    Decision("DG3002", "Read-only application code",
             "Code and venv stay owned by root and read-only to the app user; only folders the app writes "
             "at run time (instance/, media/, logs/, a SQLite folder) are given to it."),
    Decision("DG3003", "Health check without curl",
             "Web images check health with a Python one-liner against the app's port, so no curl is needed "
             "in the slim image; turn it off with healthcheck = false."),
    Decision("DG3004", "Secrets stay out of the build context",
             ".dockerignore excludes .env files, keys, certificates, VCS folders, virtualenvs and caches, "
             "but never a file the build needs (lock files, the README the build backend reads)."),
    Decision("DG3005", "Exec-form start command",
             "CMD and ENTRYPOINT are JSON arrays so the server is PID 1 and receives docker stop's SIGTERM; "
             "processes that do not handle signals run under tini."),
    Decision("DG9001", "Generated file header",
             "Each generated file says it was generated, by which dockergen and template, and how to look up "
             "the codes in its comments."),
)

REGISTRY: dict[str, Decision] = {d.code: d for d in _ALL}


def get(code: str) -> Decision | None:
    return REGISTRY.get(code.upper())
