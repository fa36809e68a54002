"""Small projects for tests/e2e/test_verify.py, each broken in one known way (built inline under
tmp_path with build_tree, so the hardening checks and bench/ never pick them up)."""

from __future__ import annotations

FLASK = "flask==3.1.0\n"

BROKEN: dict[str, dict[str, str]] = {
    # DG4001: imports a package it does not declare.
    "undeclared": {
        "requirements.txt": FLASK,
        "app.py": """
            import yaml
            from flask import Flask

            app = Flask(__name__)


            @app.get("/")
            def index():
                return yaml.safe_dump({"hello": "yaml"})
        """,
    },
    # DG4005: writes to a folder of its own that the plan does not make writable.
    "writable": {
        "requirements.txt": FLASK,
        "store/.keep": "",
        "app.py": """
            from flask import Flask

            with open("store/visits.log", "a") as log:
                log.write("started\\n")

            app = Flask(__name__)


            @app.get("/")
            def index():
                return open("store/visits.log").read()
        """,
    },
    # DG4007: reads a required environment variable at import time.
    "envvar": {
        "requirements.txt": FLASK,
        "app.py": """
            import os

            from flask import Flask

            TOKEN = os.environ["API_TOKEN"]
            app = Flask(__name__)


            @app.get("/")
            def index():
                return "token of length %d" % len(TOKEN)
        """,
    },
    # DG4002: a worker whose era's Python had `imp` (removed in 3.12).
    "oldpy": {
        ".dockergen.toml": 'command = "python worker.py"\n',
        "worker.py": """
            import imp  # removed in Python 3.12
            import signal
            import sys
            import time

            signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
            print("worker up", imp.get_magic(), flush=True)
            while True:
                time.sleep(1)
        """,
    },
    # The configured start command runs a server the project does not install and dockergen does
    # not know (a known one, gunicorn say, is installed by DG1093): DG4001 names the module.
    # (DG4008, a missing program, is proven on captured logs: tests/unit/test_verify_diagnose.py.)
    "noserver": {
        "pyproject.toml": """
            [tool.dockergen]
            port = 8000
            command = "python -m cheroot --bind 0.0.0.0:8000 app:application"
        """,
        "app.py": """
            def application(environ, start_response):
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"plain wsgi"]
        """,
    },
    # DG4006: binds 127.0.0.1: answers inside the container only.
    "loopback": {
        ".dockergen.toml": 'port = 8000\ncommand = "python main.py"\n',
        "main.py": """
            import http.server
            import signal
            import sys

            signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
            http.server.HTTPServer(("127.0.0.1", 8000), http.server.SimpleHTTPRequestHandler).serve_forever()
        """,
    },
    # DG4013: listens on a port of its own, not the planned one.
    "otherport": {
        ".dockergen.toml": 'port = 8000\ncommand = "python main.py"\n',
        "main.py": """
            import http.server
            import signal
            import sys

            signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
            http.server.HTTPServer(("0.0.0.0", 5000), http.server.SimpleHTTPRequestHandler).serve_forever()
        """,
    },
    # DG4011: serves, with a 500 on /.
    "servererror": {
        "requirements.txt": FLASK,
        "app.py": """
            from flask import Flask

            app = Flask(__name__)


            @app.get("/")
            def index():
                raise RuntimeError("the database is not configured")
        """,
    },
    # DG4015: pins Flask 2.2 but leaves Werkzeug open; Werkzeug 3 removed url_quote (no git: no as-of date).
    "drift": {
        # One requirement left open: the pins cannot date the project (DG2082), so the plain
        # install drifts to Werkzeug 3, and verify --fix dates it by its exact pins (DG4015).
        "requirements.txt": "Flask==2.2.3\nblinker\n",
        "app.py": """
            from flask import Flask

            app = Flask(__name__)


            @app.route("/")
            def index():
                return "drift ok"
        """,
    },
    # DG4002 at build time: numpy 1.21 has no wheel for 3.13 and its build imports distutils.
    "oldpin": {
        "requirements.txt": "numpy==1.21.0\n",
        "main.py": "import numpy\nprint(numpy.__version__)\n",
    },
}

# Hand-written Dockerfiles (verify checks any Dockerfile, not only dockergen's).
HANDWRITTEN: dict[str, dict[str, str]] = {
    # DG4010: no USER.
    "root": {
        "main.py": "print('hi')\n",
        "Dockerfile": """
            FROM python:3.13-slim-trixie
            COPY main.py /main.py
            CMD ["python", "-c", "import time; time.sleep(600)"]
        """,
    },
    # DG4009: a bare python as PID 1 ignores SIGTERM.
    "sigterm": {
        "main.py": "import time\ntime.sleep(600)\n",
        "Dockerfile": """
            FROM python:3.13-slim-trixie
            COPY main.py /main.py
            USER 10001
            CMD ["python", "/main.py"]
        """,
    },
}
