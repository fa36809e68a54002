"""The naive baseline: the Dockerfile most people write by hand, for comparison with dockergen's.

Shape (the common tutorial / Stack Overflow Dockerfile):

    FROM python:<minor>-<debian>     the full image: same minor and Debian release as dockergen's
    WORKDIR /app
    COPY . .                          whole context first, so any edit reinstalls the dependencies
    RUN pip install -r requirements.txt     (or `pip install .` for a package; nothing without deps)
    EXPOSE <port>
    CMD [...]                         runs as root; no .dockerignore

The CMD a naive user picks per framework, serving on the port dockergen chose so that the time
to the first HTTP answer compares like with like:

- Flask: ``flask --app APP run --host 0.0.0.0 --port PORT`` (the Flask tutorial's way to get
  the dev server reachable in a container);
- FastAPI / Starlette / other ASGI apps: ``uvicorn APP --host 0.0.0.0 --port PORT``;
- Django: ``python manage.py runserver 0.0.0.0:PORT``;
- anything else: dockergen's own command (``python main.py``, a console script, ...).

A fixture's e2e.toml can override it with ``baseline_cmd`` / ``baseline_install``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.fixture_specs import Planned

ASGI = {"fastapi", "starlette", "litestar", "quart", "asgi"}


def baseline_command(planned: Planned, port: int | None, override: list[str] | None) -> list[str]:
    if override:
        return list(override)
    framework, app = planned.framework, planned.app
    if port and framework == "flask" and app:
        return ["flask", "--app", app, "run", "--host", "0.0.0.0", "--port", str(port)]
    if port and framework in ASGI and app:
        return ["uvicorn", app, "--host", "0.0.0.0", "--port", str(port)]
    if port and framework == "django":
        return ["python", "manage.py", "runserver", f"0.0.0.0:{port}"]
    return list(planned.plan.context["cmd"])


def baseline_install(project: Path, override: str | None) -> str | None:
    if override:
        return override
    if (project / "requirements.txt").exists():
        return "pip install -r requirements.txt"
    if (project / "pyproject.toml").exists() or (project / "setup.py").exists():
        return "pip install ."
    return None


def baseline_dockerfile(planned: Planned, project: Path, port: int | None,
                        cmd_override: list[str] | None = None, install_override: str | None = None) -> str:
    ctx = planned.plan.context
    lines = [f"FROM python:{ctx['python_version']}-{ctx['debian']}", "WORKDIR /app", "COPY . ."]
    install = baseline_install(project, install_override)
    if install:
        lines.append(f"RUN {install}")
    if port:
        lines.append(f"EXPOSE {port}")
    lines.append("CMD " + json.dumps(baseline_command(planned, port, cmd_override)))
    return "\n".join(lines) + "\n"


BASELINE_DOC = __doc__.split("\n", 2)[2].strip()
