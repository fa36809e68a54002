"""DG1053 (ports through names, constants and any env variable) and DG1065 (loopback binds)."""

import re

import pytest

from dockergen import generate
from dockergen.inspection import inspect_project

AIOHTTP = "from aiohttp import web\napp = web.Application()\n"


def _dockerfile(root):
    report = generate(root, dry_run=True)
    return {f.path: f.content for f in report.files}["Dockerfile"]


def test_module_constant_passed_as_the_port(tree):
    facts = inspect_project(tree({"server.py": AIOHTTP + "PORT = 8085\nweb.run_app(app, port=PORT)\n"}))
    assert (facts.app.port.value, facts.app.port.evidence) == (8085, "server.py:4 port=PORT, 8085 from server.py:3")
    assert facts.app.port_env_var == ""


def test_any_env_variable_with_a_default_is_the_port_and_is_set_in_the_image(tree):
    root = tree({"requirements.txt": "aiohttp\n",
                 "server.py": "import os\n" + AIOHTTP
                 + "web.run_app(app, port=int(os.environ.get('APP_PORT', 8086)))\n"})
    facts = inspect_project(root)
    assert (facts.app.port.value, facts.app.port_env_var, facts.app.port_from_env) == (8086, "APP_PORT", False)
    text = _dockerfile(root)
    assert 'ENV APP_PORT="8086"' in text
    assert "EXPOSE 8086" in text
    assert "DG1053: $APP_PORT set to the port" in text
    # Platforms set $PORT, which this app ignores: the probe must stay on the fixed port.
    assert "('127.0.0.1', 8086)" in text and "os.environ.get('PORT'" not in text


def test_name_assigned_from_getenv_string_default(tree):
    facts = inspect_project(tree({"server.py": "import os\n" + AIOHTTP +
                                  "port = int(os.getenv('PORT', '8087'))\nweb.run_app(app, port=port)\n"}))
    assert (facts.app.port.value, facts.app.port_env_var, facts.app.port_from_env) == (8087, "PORT", True)


def test_env_read_or_default(tree):
    facts = inspect_project(tree({"server.py": "import os\n" + AIOHTTP +
                                  "web.run_app(app, port=int(os.environ.get('PORT') or 8088))\n"}))
    assert (facts.app.port.value, facts.app.port_env_var) == (8088, "PORT")


@pytest.mark.parametrize("files", [
    {"settings.py": "import os\nPORT = int(os.environ.get('APP_PORT', 8090))\n",
     "server.py": "import settings\n" + AIOHTTP + "web.run_app(app, port=settings.PORT)\n"},
    {"config.py": "import os\nPORT = int(os.environ.get('APP_PORT', 8090))\n",
     "server.py": "from config import PORT\n" + AIOHTTP + "web.run_app(app, port=PORT)\n"},
    {"server.py": "import os\n" + AIOHTTP + "class Config:\n    PORT = int(os.environ.get('APP_PORT', 8090))\n"
                  "web.run_app(app, port=Config.PORT)\n"},
], ids=["settings-module", "from-import", "class-attribute"])
def test_settings_constants(tree, files):
    facts = inspect_project(tree(files))
    assert (facts.app.port.value, facts.app.port_env_var) == (8090, "APP_PORT")
    assert "8090 from " in facts.app.port.evidence


def test_relative_import_of_a_package_config(tree):
    facts = inspect_project(tree({
        "svc/__init__.py": "", "svc/config.py": "PORT = 8091\n",
        "svc/main.py": "import uvicorn\nfrom fastapi import FastAPI\nfrom .config import PORT\napp = FastAPI()\n"
                       "if __name__ == '__main__':\n    uvicorn.run(app, port=PORT)\n"}))
    assert facts.app.port.value == 8091
    assert facts.app.port.evidence == "svc/main.py:6 port=PORT, 8091 from svc/config.py:1"


@pytest.mark.parametrize("value", ["80", "compute_port()", "int(sys.argv[1])"])
def test_privileged_or_unknown_ports_fall_back_to_the_default(tree, value):
    source = "import sys\n" + AIOHTTP + f"PORT = {value}\nweb.run_app(app, port=PORT)\n"
    facts = inspect_project(tree({"server.py": source}))
    assert (facts.app.port.value, facts.app.port.source) == (8080, "default")


def test_readme_command_port_when_the_code_names_none(tree):
    facts = inspect_project(tree({"requirements.txt": "fastapi\n",
                                  "main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
                                  "README.md": "# api\n\n```\nuvicorn main:app --reload --port 9001\n```\n"}))
    assert facts.app.port.value == 9001 and "README.md" in facts.app.port.evidence


# --- DG1065: binds ---

def test_loopback_constant_in_a_self_run_file_warns_with_both_lines(tree):
    facts = inspect_project(tree({"server.py": AIOHTTP + "HOST = '127.0.0.1'\nweb.run_app(app, host=HOST)\n"}))
    warning = next(w for w in facts.warnings if "binds 127.0.0.1" in w)
    assert warning.startswith("server.py:4 binds 127.0.0.1 (set at server.py:3)")
    assert 'use host="0.0.0.0" (or drop it)' in warning and "DG1065" in warning
    assert facts.app.host_env == []


def test_host_from_the_environment_is_set_to_all_interfaces(tree):
    root = tree({"requirements.txt": "aiohttp\n",
                 "server.py": "import os\n" + AIOHTTP + "web.run_app(app, host=os.environ.get('HOST', 'localhost'))\n"})
    facts = inspect_project(root)
    assert facts.app.host_env == [("HOST", "0.0.0.0")]
    assert not [w for w in facts.warnings if "binds" in w]
    text = _dockerfile(root)
    assert 'ENV HOST="0.0.0.0"' in text and "DG1065: $HOST set to 0.0.0.0" in text


def test_host_env_without_a_default_is_set_and_all_interfaces_default_is_left_alone(tree):
    reads = "import os\n" + AIOHTTP + "web.run_app(app, host={})\n"
    facts = inspect_project(tree({"server.py": reads.format("os.environ['BIND']")}))
    assert facts.app.host_env == [("BIND", "0.0.0.0")]
    facts = inspect_project(tree({"server.py": reads.format("os.getenv('BIND', '0.0.0.0')")}))
    assert facts.app.host_env == []


def test_gradio_server_name_from_env_keeps_gradio_env(tree):
    root = tree({"requirements.txt": "gradio\n", "app.py": "import os\nimport gradio as gr\n"
                 "gr.Blocks().launch(server_name=os.getenv('APP_HOST', '127.0.0.1'))\n"})
    text = _dockerfile(root)
    assert 'GRADIO_SERVER_NAME="0.0.0.0"' in text and 'APP_HOST="0.0.0.0"' in text


def test_a_served_app_module_is_not_warned_about(tree):
    """gunicorn/uvicorn bind 0.0.0.0 themselves; the module's __main__ block never runs."""
    facts = inspect_project(tree({"main.py": "import uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\n"
                                             "if __name__ == '__main__':\n    uvicorn.run(app, host='127.0.0.1')\n"}))
    assert not [w for w in facts.warnings if "binds" in w]
    assert facts.app.host_env == []


def test_stated_python_script_bind_warns_without_drop_advice(tree):
    facts = inspect_project(tree({
        "requirements.txt": "uvicorn\n", "README.md": "# x\n\nRun `python serve.py`\n",
        "serve.py": "import uvicorn\nuvicorn.run('lib.web:api', host='localhost', port=8092)\n"}))
    warning = next((w for w in facts.warnings if "binds localhost" in w), "")
    assert re.match(r"serve\.py:2 binds localhost, which cannot be reached", warning), facts.warnings
    assert "drop it" not in warning  # uvicorn.run() without host binds 127.0.0.1 too


def test_settings_object_default_port(tree):
    """``settings = Settings()`` of a pydantic settings class: its field's default."""
    facts = inspect_project(tree({
        "config.py": "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n"
                     "    host: str = '0.0.0.0'\n    port: int = 8093\n\nsettings = Settings()\n",
        "main.py": "import uvicorn\nfrom fastapi import FastAPI\nfrom config import settings as cfg\napp = FastAPI()\n"
                   "if __name__ == '__main__':\n    uvicorn.run(app, host=cfg.host, port=cfg.port)\n"}))
    assert (facts.app.port.value, facts.app.port.evidence) == (8093, "main.py:6 port=cfg.port, 8093 from config.py:5")


def test_port_flag_moves_the_env_variable_too(tree):
    root = tree({"requirements.txt": "aiohttp\n",
                 "server.py": "import os\n" + AIOHTTP + "web.run_app(app, port=int(os.getenv('APP_PORT', '8086')))\n"})
    report = generate(root, dry_run=True, port=9001)
    text = {f.path: f.content for f in report.files}["Dockerfile"]
    assert 'ENV APP_PORT="9001"' in text and "EXPOSE 9001" in text
