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
# python (the file starts its own server), nicegui (python FILE with its auto-reload off, DG2041),
# cli (the framework's own CLI from catalog/launchers.py, DG2042), celery (a worker, no port),
# sanic (Sanic's own production server, DG2036).
ServerKind = Literal["gunicorn", "asgi", "django", "streamlit", "gradio", "python", "nicegui", "cli", "celery",
                     "sanic"]


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
    # ``app = Flask(...)``: the call that creates the app object. A plain name matches the call's
    # last dotted part (``flask.Flask``, ``Flask``); a dotted one (``falcon.App``) only a call that
    # the file's imports resolve to exactly that name: generic names such as App or Application
    # from another module are not this framework (DG1055).
    app_classes: tuple[str, ...] = ()
    app_in_tuple: tuple[str, ...] = ()  # of those, calls returning (app, ...): ``app, rt = fast_app()``
    modules: tuple[str, ...] = ()  # imports that tell which framework a factory function builds
    run_calls: tuple[str, ...] = ()  # script frameworks: the call that starts the server (``launch``)
    entry_files: tuple[str, ...] = ()  # script frameworks: conventional file names, best first
    also_calls: tuple[str, ...] = ()  # script frameworks: one of these is called too (an event loop start)
    defines: tuple[str, ...] = ()  # script frameworks: one of these top-level names is defined (Solara's Page)
    decorators: tuple[str, ...] = ()  # script frameworks: a top-level function has one (``@cl.on_message``)
    wsgi_attribute: str = ""  # the app object's attribute holding the WSGI app (Dash: ``app.server``, DG1060)
    tier: int = 1  # DG1050: lower tiers win (a Django project's celery.py is not the app)
    # Serving:
    default_port: int | None = 8000  # None: listens on no port (a worker)
    health_path: str | None = None  # None: a TCP connect is the health check
    writable: tuple[str, ...] = ()  # folders it writes at run time, relative to the project (DG3002)
    root_files: tuple[str, ...] = ()  # files it creates next to the code at start when missing (DG2044)
    port_required: bool = False  # its run call listens on a random port unless given one (a warning)
    writable_note: str = ""  # why, for the Dockerfile's comment (a library's own folders: DG2048)
    dev_servers: tuple[DevServer, ...] = ()
    # Files it creates next to the code at start (FastHTML's session key): linked into HOME,
    # which the app user can write, and never copied from the context (DG2037).
    run_files: tuple[str, ...] = ()
    run_directly_is_dev: bool = False  # ``python app.py`` starts its built-in development server
    # How the app was told apart, or the decision its serving rests on (the env it sets, where it
    # binds): cited in the start comment (``DG1055: ...``).
    recognised: str = ""
    template: bool = True  # has a template id of its own (the Dockerfile names it)
    dockerfile: str | None = None  # its own Dockerfile template (extending the base); None: the base
    launcher: str = ""  # server kind "cli": the catalog/launchers.py program that serves the file
    cli_args: tuple[str, ...] = ()  # server kind "cli": production switches after the file and host
    env: tuple[tuple[str, str], ...] = ()  # variables its server reads (set in the image; ``{port}``: the port)
    packages: tuple[str, ...] = ()  # what its server needs beyond the project's own pin (``flet[web]``)

    @property
    def web(self) -> bool:
        return self.default_port is not None


_QUALIFIED = "DG1055: the app class is recognised with the module it is imported from"
FRAMEWORKS: tuple[Framework, ...] = (
    Framework("django", "wsgi", "django", tier=0, dockerfile="django/Dockerfile.jinja",
              dev_servers=(DevServer(r"\brunserver\b", "manage.py runserver"),)),
    Framework("fastapi", "asgi", "asgi", app_classes=("FastAPI",), modules=("fastapi",),
              dev_servers=(DevServer(r"\bfastapi\s+dev\b", "fastapi dev"),)),
    Framework("litestar", "asgi", "asgi", app_classes=("Litestar",), modules=("litestar",)),
    Framework("quart", "asgi", "asgi", app_classes=("Quart",), modules=("quart",)),
    # FastHTML apps are Starlette apps: listed first so its own calls name it (DG1057).
    Framework("fasthtml", "asgi", "asgi", app_classes=("FastHTML", "fast_app"), modules=("fasthtml",),
              app_in_tuple=("fast_app",), run_files=(".sesskey",),
              recognised="DG1057: FastHTML's app; serve() does nothing under uvicorn"),
    Framework("starlette", "asgi", "asgi", app_classes=("Starlette",), modules=("starlette",)),
    # App and Application are generic class names: only the module-qualified calls count (DG1055).
    Framework("falcon-asgi", "asgi", "asgi", app_classes=("falcon.asgi.App", "falcon.asgi.app.App"),
              recognised=_QUALIFIED),
    Framework("blacksheep", "asgi", "asgi", modules=("blacksheep",), recognised=_QUALIFIED,
              app_classes=("blacksheep.Application", "blacksheep.server.Application",
                           "blacksheep.server.application.Application")),
    # Sanic's own server is its production server (workers, SIGTERM); never --dev (DG2036).
    Framework("sanic", "asgi", "sanic", app_classes=("Sanic",), modules=("sanic",),
              dev_servers=(DevServer(r"\bsanic\b.*\s(--dev|-d|--debug|--auto-reload|-r)\b", "sanic --dev"),)),
    # Connexion 3: a spec-first app (FlaskApp wraps Flask, AsyncApp is native) is an ASGI app,
    # served by uvicorn; its app.run() is uvicorn on 127.0.0.1 (DG1068). Before Flask: a FlaskApp
    # file imports flask too.
    Framework("connexion", "asgi", "asgi", modules=("connexion",), recognised="DG1068: Connexion 3's app is ASGI",
              app_classes=("connexion.FlaskApp", "connexion.AsyncApp", "connexion.App",
                           "connexion.apps.flask.FlaskApp", "connexion.apps.asynchronous.AsyncApp"),
              run_directly_is_dev=True),
    Framework("flask", "wsgi", "gunicorn", app_classes=("Flask",), modules=("flask",), writable=("instance",),
              dev_servers=(DevServer(r"\bflask\s.*\brun\b", "flask run"),), run_directly_is_dev=True),
    # `python app.py` runs bottle.run(): the wsgiref development server. Bottle's own default port
    # (8080) is for that server; served by gunicorn the app gets the WSGI default like Flask.
    Framework("bottle", "wsgi", "gunicorn", app_classes=("Bottle", "default_app"), modules=("bottle",),
              run_directly_is_dev=True),
    Framework("falcon", "wsgi", "gunicorn", app_classes=("falcon.App", "falcon.API", "falcon.app.App"),
              modules=("falcon",), recognised=_QUALIFIED),
    # ``app = config.make_wsgi_app()`` at import (DG1058; the paste-deploy layout is not started yet).
    Framework("pyramid", "wsgi", "gunicorn", app_classes=("make_wsgi_app",), modules=("pyramid",),
              recognised="DG1058: the WSGI app Pyramid's configurator makes at import"),
    # CherryPy: a module-level WSGI object (``cherrypy.tree.mount(Root(), "/")``, ``cherrypy.Application(
    # Root())``) under gunicorn; cherrypy.quickstart() binds 127.0.0.1 and nothing outside the code
    # changes it, so a file that only quickstarts is warned about, never run (DG1059).
    Framework("cherrypy", "wsgi", "gunicorn", modules=("cherrypy",),
              app_classes=("cherrypy.tree.mount", "cherrypy.Application", "cherrypy._cptree.Application",
                           "cherrypy._cptree.Tree.mount"),
              recognised="DG1059: CherryPy's WSGI application object, recognised with its module"),
    Framework("streamlit", "script", "streamlit", modules=("streamlit",), tier=2, default_port=8501,
              entry_files=("streamlit_app.py", "app.py", "main.py", "Home.py", "Hello.py", "dashboard.py"),
              health_path="/_stcore/health"),
    Framework("gradio", "script", "gradio", modules=("gradio",), run_calls=("launch",), tier=2, default_port=7860,
              writable=(".gradio", "flagged"), writable_note="DG2048: Gradio flags into .gradio/flagged (5 and later) "
              "or flagged/ (4), relative to the working directory"),
    Framework("aiohttp", "script", "python", modules=("aiohttp",), run_calls=("run_app",), tier=2,
              default_port=8080),
    # ---- frameworks that run as a script or through their own CLI (issue 16) ----
    # Tornado: the file builds an Application, listen()s (all interfaces unless address= says) and
    # starts the IOLoop (or asyncio.run(main())): python FILE under tini (DG1061).
    Framework("tornado", "script", "python", modules=("tornado",), run_calls=("listen",),
              also_calls=("start", "run"), tier=2, default_port=8888,
              recognised="DG1061: listen() binds every interface unless address= names one"),
    # Plotly Dash: gunicorn on the Flask server behind app.server (DG1060); app.run() is Flask's
    # development server.
    Framework("dash", "wsgi", "gunicorn", app_classes=("Dash",), modules=("dash",), wsgi_attribute="server",
              default_port=8050, run_directly_is_dev=True,
              recognised="DG1060: gunicorn imports the Flask server behind the Dash app by its module-level name"),
    # NiceGUI: ui.run() is its own uvicorn runner, 0.0.0.0:8080 unless told; reload=True by default
    # and no variable turns it off, so the runner does (DG2041). Storage goes to .nicegui/.
    Framework("nicegui", "script", "nicegui", modules=("nicegui",), run_calls=("run",), tier=2,
              default_port=8080, writable=(".nicegui",)),
    # Panel: `panel serve FILE` (DG2042) on the file's .servable() objects; Bokeh checks the
    # websocket's Origin against BOKEH_ALLOW_WS_ORIGIN, which the operator narrows at run time (DG2043).
    Framework("panel", "script", "cli", modules=("panel",), run_calls=("servable",), tier=2, default_port=5006,
              launcher="panel", env=(("BOKEH_ALLOW_WS_ORIGIN", "*"),),
              recognised="DG2043: any websocket origin until BOKEH_ALLOW_WS_ORIGIN names the public host"),
    # A file that calls pn.serve(...) itself (and marks nothing .servable()) starts its own Bokeh
    # server: python FILE under tini; pn.serve's port defaults to 0 (a random one), so port= is needed.
    Framework("panel-script", "script", "python", modules=("panel",), run_calls=("serve",), tier=2,
              default_port=5006, env=(("BOKEH_ALLOW_WS_ORIGIN", "*"),), port_required=True,
              recognised="DG2043: any websocket origin until BOKEH_ALLOW_WS_ORIGIN names the public host"),
    # A Bokeh server app (`curdoc().add_root(...)`): `bokeh serve FILE` (DG2042); like Panel's, its
    # websocket Origin check reads BOKEH_ALLOW_WS_ORIGIN (DG2043). After Panel: Panel imports Bokeh.
    Framework("bokeh", "script", "cli", modules=("bokeh",), run_calls=("curdoc",), tier=2, default_port=5006,
              launcher="bokeh", entry_files=("main.py", "app.py"), env=(("BOKEH_ALLOW_WS_ORIGIN", "*"),),
              recognised="DG2043: any websocket origin until BOKEH_ALLOW_WS_ORIGIN names the public host"),
    # Flet: `ft.app(main)` on a Linux host with no display serves Flet's web client
    # (FLET_FORCE_WEB_SERVER), on FLET_SERVER_IP:FLET_SERVER_PORT; the client is the flet-web
    # package, which Flet would pip-install at start when missing (DG1069).
    Framework("flet", "script", "python", modules=("flet",), run_calls=("app", "run"), tier=2, default_port=8000,
              packages=("flet[web]",), env=(("FLET_FORCE_WEB_SERVER", "true"), ("FLET_SERVER_IP", "0.0.0.0"),
                                            ("FLET_SERVER_PORT", "{port}")),
              recognised="DG1069: Flet's web server on 0.0.0.0, its web client installed (flet[web])"),
    # Solara: `solara run FILE` (DG2042) on the file's Page component, --production (no hot reload,
    # the default is development) and --no-open; /readyz answers once the server is up.
    Framework("solara", "script", "cli", modules=("solara",), defines=("Page", "page"), tier=2, default_port=8765,
              launcher="solara", cli_args=("--no-open",), health_path="/readyz",
              writable=("states",), writable_note="DG2048: Solara before 1.2x pickles session state into "
              "states/ in the working directory, made at import (solara/server/app.py of 1.13)",
              # DG2042: production mode through SOLARA_MODE (the --production flag is newer than
              # many apps' pinned Solara, which reject it); CDN assets cached outside the read-only venv.
              env=(("SOLARA_MODE", "production"), ("SOLARA_ASSETS_PROXY_CACHE_DIR", "/tmp/solara-cdn"))),
    # Chainlit: `chainlit run FILE --headless` (DG2042) on the file's @cl.on_message handlers; it
    # writes .files/ and .chainlit/ in the app folder, and chainlit.md when missing (DG2044).
    Framework("chainlit", "script", "cli", modules=("chainlit",), decorators=("on_message", "on_chat_start"),
              tier=2, default_port=8000, launcher="chainlit", cli_args=("--headless",), health_path="/health",
              writable=(".files", ".chainlit"), root_files=("chainlit.md",),
              recognised="DG2044: .files/ and .chainlit/ are the app user's"),
    # Shiny for Python: `shiny run FILE` (DG2042), which serves Shiny Core's `app = App(...)` and
    # Shiny Express files alike (its templates name them app-core.py and app-express.py, which no
    # import can name); it binds 127.0.0.1:8000 unless told.
    Framework("shiny", "script", "cli", modules=("shiny",), tier=2, default_port=8000, launcher="shiny",
              entry_files=("app.py", "app-core.py", "app-express.py", "main.py"),
              dev_servers=(DevServer(r"\bshiny\s+run\b.*\s(--reload|-r)\b", "shiny run --reload"),)),
    # marimo: a notebook (`app = marimo.App()`, `@app.cell`) served read-only as an app by
    # `marimo run FILE --headless` (DG2042); `marimo edit` is its editor, never the image's command.
    Framework("marimo", "script", "cli", modules=("marimo",), run_calls=("App",), decorators=("cell",), tier=2,
              default_port=2718, launcher="marimo", cli_args=("--headless",), health_path="/health",
              dev_servers=(DevServer(r"\bmarimo\s+edit\b", "marimo edit"),)),
    Framework("celery", "worker", "celery", app_classes=("Celery",), tier=3, default_port=None),
)
_BY_ID = {f.id: f for f in FRAMEWORKS}


def framework(framework_id: str | None) -> Framework | None:
    """The catalog entry for ``framework_id`` (None for an unknown id or none)."""
    return _BY_ID.get(framework_id or "")


def web_frameworks() -> tuple[str, ...]:
    """Frameworks whose app listens on a port."""
    return tuple(f.id for f in FRAMEWORKS if f.web)


def app_call_framework(qualified: str) -> Framework | None:
    """The framework whose app object the call ``qualified(...)`` creates (its dotted name as
    the file's imports resolve it). A module-qualified entry that matches exactly wins over a
    plain one that matches the last part."""
    exact = next((f for f in FRAMEWORKS if qualified in f.app_classes and "." in qualified), None)
    if exact is not None:
        return exact
    last = qualified.rsplit(".", 1)[-1]
    return next((f for f in FRAMEWORKS if last in f.app_classes), None)


def framework_of_imports(imports: set[str]) -> Framework | None:
    """The first WSGI/ASGI framework (catalog order) a module imports."""
    return next((f for f in FRAMEWORKS if f.interface in ("wsgi", "asgi")
                 and any(m in imports for m in f.modules)), None)


def script_frameworks() -> tuple[Framework, ...]:
    return tuple(f for f in FRAMEWORKS if f.interface == "script")
