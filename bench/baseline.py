"""The naive baseline: the Dockerfile most people write by hand, for comparison with dockergen's.

Shape (the common tutorial / Stack Overflow Dockerfile):

    FROM python:<minor>-<debian>     the full image: same minor and Debian release as dockergen's
    WORKDIR /app
    COPY . .                          whole context first, so any edit reinstalls the dependencies
    RUN pip install -r requirements.txt     (or `pip install .` for a pyproject.toml / setup.py,
                                            `pipenv install --system --deploy` for a Pipfile)
    EXPOSE <port>
    CMD [...]                         runs as root; no .dockerignore

The CMD a naive user picks per framework, serving on the port dockergen chose so that the time
to the first HTTP answer compares like with like:

- Flask: ``flask --app APP run --host 0.0.0.0 --port PORT`` (the Flask tutorial's way to get
  the dev server reachable in a container);
- FastAPI / Starlette / other ASGI apps: ``uvicorn APP --host 0.0.0.0 --port PORT`` (with
  ``uvicorn`` added to the pip install line: the app's own requirements need not name it);
- Django: ``python manage.py runserver 0.0.0.0:PORT``;
- Streamlit: ``streamlit run SCRIPT --server.port PORT --server.address 0.0.0.0``;
- anything else: dockergen's own command without its init process (``python main.py``, a
  console script, ``celery -A app worker``, ...).

A fixture's e2e.toml can override it with ``baseline_cmd`` / ``baseline_install``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.fixture_specs import Planned

ASGI = {"fastapi", "starlette", "litestar", "quart", "asgi"}
SERVERS = ("uvicorn", "gunicorn")  # not a dependency of the app itself: the baseline adds it


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
    script = _streamlit_script(planned)
    if port and framework == "streamlit" and script:
        return ["streamlit", "run", script, "--server.port", str(port), "--server.address", "0.0.0.0"]
    entrypoint = list(planned.plan.start.entrypoint)
    if entrypoint[:2] == ["/usr/bin/tini", "--"]:
        entrypoint = entrypoint[2:]  # a naive Dockerfile has no init process
    return entrypoint + list(planned.plan.start.cmd)


def _streamlit_script(planned: Planned) -> str | None:
    words = [w for part in planned.plan.start.cmd for w in part.split()]
    return next((w for w in words if w.endswith(".py")), None)


def baseline_install(project: Path, override: str | None) -> str | None:
    if override:
        return override
    if (project / "requirements.txt").exists():
        return "pip install -r requirements.txt"
    if (project / "pyproject.toml").exists() or (project / "setup.py").exists():
        return "pip install ."
    if (project / "Pipfile").exists():
        return "pip install pipenv && pipenv install --system --deploy"
    return None


def baseline_dockerfile(planned: Planned, project: Path, port: int | None,
                        cmd_override: list[str] | None = None, install_override: str | None = None) -> str:
    base = planned.plan.base
    lines = [f"FROM python:{base.python_version}-{base.debian}", "WORKDIR /app", "COPY . ."]
    install = baseline_install(project, install_override)
    cmd = baseline_command(planned, port, cmd_override)
    if not install_override and cmd[0] in SERVERS:  # the server the CMD names must be installed
        install = f"{install} {cmd[0]}" if install and install.startswith("pip install") else \
            (f"{install} && pip install {cmd[0]}" if install else f"pip install {cmd[0]}")
    if install:
        lines.append(f"RUN {install}")
    if port:
        lines.append(f"EXPOSE {port}")
    lines.append("CMD " + json.dumps(cmd))
    return "\n".join(lines) + "\n"


BASELINE_DOC = __doc__.split("\n", 2)[2].strip()
