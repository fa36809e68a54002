"""One entry per framework: how it is recognised, how it is served, where it listens and writes.

Order matters twice: a module that imports several frameworks gets the first one listed
(FastAPI apps also import starlette), and a file that runs several script servers too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Interface = Literal["wsgi", "asgi", "script", "worker"]
# How the production command is built (plan/start.py has one builder per kind):
# gunicorn (WSGI app object), asgi (uvicorn, or gunicorn with uvicorn workers when the project
# does), django (gunicorn or uvicorn on the settings' application), streamlit, gradio,
# python (the file starts its own server), celery (a worker, no port).
ServerKind = Literal["gunicorn", "asgi", "django", "streamlit", "gradio", "python", "celery"]


@dataclass(frozen=True)
class DevServer:
    """A development server command (BEST-PRACTICES rule 32): never the image's command."""

    pattern: str  # a regular expression searched in the command text
    reason: str  # how `dockergen check` names it


@dataclass(frozen=True)
class Framework:
    id: str
    interface: Interface
    server: ServerKind
    # Recognition (inspection/frameworks.py, inspection/entrypoints.py):
    app_classes: tuple[str, ...] = ()  # ``app = Flask(...)``: the call that creates the app object
    modules: tuple[str, ...] = ()  # imports that tell which framework a factory function builds
    run_calls: tuple[str, ...] = ()  # script frameworks: the call that starts the server (``launch``)
    entry_files: tuple[str, ...] = ()  # script frameworks: conventional file names, best first
    tier: int = 1  # DG1050: lower tiers win (a Django project's celery.py is not the app)
    # Serving:
    default_port: int | None = 8000  # None: listens on no port (a worker)
    health_path: str | None = None  # None: a TCP connect is the health check
    writable: tuple[str, ...] = ()  # folders it writes at run time, relative to the project (DG3002)
    writable_note: str = ""  # why, for the Dockerfile's comment (a library's own folders: DG2048)
    dev_servers: tuple[DevServer, ...] = ()
    run_directly_is_dev: bool = False  # ``python app.py`` starts its built-in development server
    template: bool = True  # has a template id of its own (the Dockerfile names it)
    dockerfile: str | None = None  # its own Dockerfile template (extending the base); None: the base

    @property
    def web(self) -> bool:
        return self.default_port is not None


FRAMEWORKS: tuple[Framework, ...] = (
    Framework("django", "wsgi", "django", tier=0, dockerfile="django/Dockerfile.jinja",
              dev_servers=(DevServer(r"\brunserver\b", "manage.py runserver"),)),
    Framework("fastapi", "asgi", "asgi", app_classes=("FastAPI",), modules=("fastapi",),
              dev_servers=(DevServer(r"\bfastapi\s+dev\b", "fastapi dev"),)),
    Framework("litestar", "asgi", "asgi", app_classes=("Litestar",), modules=("litestar",)),
    Framework("quart", "asgi", "asgi", app_classes=("Quart",), modules=("quart",)),
    Framework("starlette", "asgi", "asgi", app_classes=("Starlette",), modules=("starlette",)),
    Framework("flask", "wsgi", "gunicorn", app_classes=("Flask",), modules=("flask",), writable=("instance",),
              dev_servers=(DevServer(r"\bflask\s.*\brun\b", "flask run"),), run_directly_is_dev=True),
    # `python app.py` runs bottle.run(): the wsgiref development server. Bottle's own default port
    # (8080) is for that server; served by gunicorn the app gets the WSGI default like Flask.
    Framework("bottle", "wsgi", "gunicorn", app_classes=("Bottle", "default_app"), modules=("bottle",),
              run_directly_is_dev=True),
    Framework("streamlit", "script", "streamlit", modules=("streamlit",), tier=2, default_port=8501,
              entry_files=("streamlit_app.py", "app.py", "main.py", "Home.py", "Hello.py", "dashboard.py"),
              health_path="/_stcore/health"),
    Framework("gradio", "script", "gradio", modules=("gradio",), run_calls=("launch",), tier=2, default_port=7860,
              writable=(".gradio", "flagged"), writable_note="DG2048: Gradio flags into .gradio/flagged (5 and later) "
              "or flagged/ (4), relative to the working directory"),
    Framework("aiohttp", "script", "python", modules=("aiohttp",), run_calls=("run_app",), tier=2,
              default_port=8080),
    Framework("celery", "worker", "celery", app_classes=("Celery",), tier=3, default_port=None),
)
_BY_ID = {f.id: f for f in FRAMEWORKS}


def framework(framework_id: str | None) -> Framework | None:
    """The catalog entry for ``framework_id`` (None for an unknown id or none)."""
    return _BY_ID.get(framework_id or "")


def web_frameworks() -> tuple[str, ...]:
    """Frameworks whose app listens on a port."""
    return tuple(f.id for f in FRAMEWORKS if f.web)


def app_class_framework(cls: str) -> Framework | None:
    """The framework whose app object ``cls(...)`` creates."""
    return next((f for f in FRAMEWORKS if cls in f.app_classes), None)


def framework_of_imports(imports: set[str]) -> Framework | None:
    """The first WSGI/ASGI framework (catalog order) a module imports."""
    return next((f for f in FRAMEWORKS if f.interface in ("wsgi", "asgi")
                 and any(m in imports for m in f.modules)), None)


def script_frameworks() -> tuple[Framework, ...]:
    return tuple(f for f in FRAMEWORKS if f.interface == "script")
