"""Recognition of the frameworks that run as a script or through their own CLI (issue 16):
Tornado, Plotly Dash, NiceGUI, Panel; their ports, binds and server commands (DG1060-DG1061,
DG2041-DG2043). Read with ast; nothing here imports the apps."""

from dockergen import generate
from dockergen.commands import NICEGUI_RUNNER
from dockergen.inspection import inspect_project

TORNADO = ("import asyncio\nimport tornado.web\n\n\nasync def main():\n    app = tornado.web.Application([])\n"
           "    app.listen({listen})\n    await asyncio.Event().wait()\n\nasyncio.run(main())\n")


def _command(project) -> list[str]:
    report = generate(project, dry_run=True)
    return next(line for line in report.summary if line.startswith("command ")).split()[1:]


def test_tornado_listen_positional_port(tree):
    facts = inspect_project(tree({"server.py": TORNADO.format(listen="8890")}))
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("tornado", "server.py", 8890)
    assert facts.app.port.evidence == "server.py:7 port=8890"


def test_tornado_listen_port_keyword_and_ioloop_start(tree):
    source = ("import tornado.ioloop\nimport tornado.web\napp = tornado.web.Application([])\n"
              "app.listen(port=9001)\ntornado.ioloop.IOLoop.current().start()\n")
    facts = inspect_project(tree({"app.py": source}))
    assert (facts.app.framework.value, facts.app.port.value) == ("tornado", 9001)


def test_tornado_port_from_options_define(tree):
    source = ("from tornado.options import define, options\n" + TORNADO.format(listen="options.port")
              + "define('port', default=8123, type=int)\n")
    facts = inspect_project(tree({"server.py": source}))
    assert facts.app.port.value == 8123 and "port default=8123" in facts.app.port.evidence


def test_tornado_default_port_and_python_file_under_tini(tree):
    project = tree({"requirements.txt": "tornado\n", "server.py": TORNADO.format(listen="options.port")})
    facts = inspect_project(project)
    assert (facts.app.port.value, facts.app.port.source) == (8888, "default")
    assert _command(project) == ["/usr/bin/tini", "--", "python", "server.py"]


def test_tornado_loopback_address_warns_keyword_and_positional(tree):
    for listen in ("8888, address='127.0.0.1'", "8888, 'localhost'"):
        facts = inspect_project(tree({"server.py": TORNADO.format(listen=listen)}))
        assert any(w.startswith("server.py:7 binds") and 'address="0.0.0.0"' in w for w in facts.warnings), listen
    facts = inspect_project(tree({"server.py": TORNADO.format(listen="8888, address='0.0.0.0'")}))
    assert not any("binds" in w for w in facts.warnings)


def test_tornado_needs_the_loop_started_and_the_import(tree):
    # A helper that only defines handlers and listen()s is not an app that runs itself ...
    facts = inspect_project(tree({"handlers.py": "import tornado.web\ntornado.web.Application([]).listen(8888)\n"}))
    assert facts.app.framework is None
    # ... and a socket's listen() in a file without tornado is not Tornado.
    facts = inspect_project(tree({"main.py": "import asyncio, socket\nsocket.socket().listen(5)\nasyncio.run(None)\n"}))
    assert facts.app.framework is None or facts.app.framework.value != "tornado"


def test_dash_served_through_module_level_server(tree):
    project = tree({"requirements.txt": "dash\n",
                    "app.py": "from dash import Dash\napp = Dash(__name__)\nserver = app.server\n"})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.app.value.spec, facts.app.port.value) == ("dash", "app:server", 8050)
    assert _command(project)[-1] == "app:server" and _command(project)[0] == "gunicorn"


def test_dash_without_server_name_serves_the_dash_object(tree):
    facts = inspect_project(tree({"requirements.txt": "dash\n", "dashboard.py": "import dash\nui = dash.Dash()\n"}))
    assert facts.app.app.value.spec == "dashboard:ui"
    assert not any("Dash 4" in w for w in facts.warnings)  # unpinned: the resolver installs a Dash 4


def test_dash_pinned_before_4_without_server_name_warns_with_the_fix(tree):
    facts = inspect_project(tree({"requirements.txt": "dash==2.18.2\n", "app.py": "import dash\napp = dash.Dash()\n"}))
    assert any("Dash 4" in w and "server = app.server" in w for w in facts.warnings), facts.warnings
    facts = inspect_project(tree({"requirements.txt": "dash==2.18.2\n",
                                  "app.py": "import dash\napp = dash.Dash()\napplication = app.server\n"}))
    assert facts.app.app.value.spec == "app:application" and not any("Dash 4" in w for w in facts.warnings)


def test_dash_port_from_run_server(tree):
    facts = inspect_project(tree({"app.py": "import dash\napp = dash.Dash()\nserver = app.server\n"
                                            "if __name__ == '__main__':\n    app.run_server(debug=True, port=8051)\n"}))
    assert facts.app.port.value == 8051


def test_nicegui_ui_run_port_and_runner_without_reload(tree):
    project = tree({"requirements.txt": "nicegui\n",
                    "main.py": "from nicegui import ui\nui.label('hi')\nui.run(port=8090, reload=True)\n"})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("nicegui", "main.py", 8090)
    assert ".nicegui" in facts.app.writable_dirs
    report = generate(project, dry_run=True)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert "DG2041" in dockerfile and "main.py" in dockerfile
    assert "sys.ps1" in NICEGUI_RUNNER and "import nicegui.ui_run" in NICEGUI_RUNNER


def test_nicegui_default_port_and_loopback_host_warns(tree):
    facts = inspect_project(tree({"main.py": "from nicegui import ui\nui.run()\n"}))
    assert (facts.app.port.value, facts.app.port.source) == (8080, "default")
    facts = inspect_project(tree({"main.py": "from nicegui import ui\nui.run(host='127.0.0.1')\n"}))
    assert any(w.startswith("main.py:2 binds 127.0.0.1") and 'host="0.0.0.0"' in w for w in facts.warnings)


def test_nicegui_import_without_ui_run_is_not_an_app(tree):
    facts = inspect_project(tree({"widgets.py": "from nicegui import ui\nui.label('hi')\n"}))
    assert facts.app.framework is None


def test_panel_servable_runs_panel_serve_on_all_interfaces(tree):
    project = tree({"requirements.txt": "panel\n", "dash_app.py": "import panel as pn\npn.panel('hi').servable()\n"})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("panel", "dash_app.py", 5006)
    argv = _command(project)
    assert argv[:2] == ["/usr/bin/tini", "--"]
    assert argv[-5:] == ["panel", "serve", "dash_app.py", "--address", "0.0.0.0"]
    assert not {"--dev", "--autoreload", "--show"} & set(argv)
    report = generate(project, dry_run=True)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert 'BOKEH_ALLOW_WS_ORIGIN="*"' in dockerfile and "DG2043" in dockerfile


def test_panel_import_without_servable_is_not_an_app(tree):
    facts = inspect_project(tree({"plots.py": "import panel as pn\nrow = pn.Row('a')\n"}))
    assert facts.app.framework is None


def test_solara_page_runs_solara_run_in_production_mode(tree):
    project = tree({"requirements.txt": "solara\n",
                    "app.py": "import solara\n\n@solara.component\ndef Page():\n    solara.Text('hi')\n"})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("solara", "app.py", 8765)
    argv = _command(project)
    assert argv[-6:] == ["solara", "run", "app.py", "--host", "0.0.0.0", "--no-open"]
    assert not {"--auto-restart", "-a", "--dev", "--production"} & set(argv)  # old Solaras reject --production
    dockerfile = {f.path: f.content for f in generate(project, dry_run=True).files}["Dockerfile"]
    assert 'ENV SOLARA_MODE="production"' in dockerfile
    assert "/readyz" in dockerfile.split("HEALTHCHECK")[1]
    # DG2048: older Solaras make states/ in the working directory at import
    assert "states" in facts.app.writable_dirs and "install -d -o 10001 -g 10001 states" in dockerfile


def test_solara_import_without_a_page_is_not_an_app(tree):
    facts = inspect_project(tree({"widgets.py": "import solara\n\n@solara.component\ndef Counter():\n    pass\n"}))
    assert facts.app.framework is None


CHAINLIT = "import chainlit as cl\n\n@cl.on_message\nasync def main(message: cl.Message):\n    pass\n"


def test_chainlit_runs_headless_with_its_folders_writable(tree):
    project = tree({"requirements.txt": "chainlit\n", "chainlit.md": "# hi\n", "bot.py": CHAINLIT})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.entry_file.value, facts.app.port.value) == ("chainlit", "bot.py", 8000)
    assert {".files", ".chainlit"} <= set(facts.app.writable_dirs)
    assert not any("chainlit.md" in w for w in facts.warnings)
    argv = _command(project)
    assert argv[-6:] == ["chainlit", "run", "bot.py", "--host", "0.0.0.0", "--headless"]
    assert not {"-w", "--watch", "--debug"} & set(argv)


def test_chainlit_without_its_markdown_file_warns(tree):
    facts = inspect_project(tree({"app.py": CHAINLIT}))
    assert any("chainlit.md" in w and "DG2044" in w for w in facts.warnings), facts.warnings


def test_chainlit_import_without_a_handler_is_not_an_app(tree):
    facts = inspect_project(tree({"helpers.py": "import chainlit as cl\n\ndef reply(text):\n    return cl.Message(text)\n"}))
    assert facts.app.framework is None


def _start(project):
    report = generate(project, dry_run=True)
    text = {f.path: f.content for f in report.files}["Dockerfile"]
    entrypoint = next(line for line in text.splitlines() if line.startswith("ENTRYPOINT "))
    cmd = next(line for line in text.splitlines() if line.startswith("CMD "))
    return entrypoint.removeprefix("ENTRYPOINT "), cmd.removeprefix("CMD "), text


def test_python_file_cli_is_the_entrypoint_for_each_parser(tree):
    sources = {
        "argparse": "import argparse\nargparse.ArgumentParser().parse_args()\n",
        "click": "import click\n\n@click.command()\ndef main():\n    pass\n\nmain()\n",
        "typer": "import typer\n\ndef main(name: str):\n    print(name)\n\ntyper.run(main)\n",
        "fire": "import fire\nfire.Fire(lambda x: x)\n",
    }
    for parser, source in sources.items():
        entrypoint, cmd, text = _start(tree({"main.py": source}))
        assert entrypoint == '["/usr/bin/tini", "--", "python", "main.py"]', parser
        assert cmd == "[]" and "DG2040" in text, parser


def test_python_module_cli_is_the_entrypoint(tree):
    entrypoint, cmd, _ = _start(tree({"tool/__init__.py": "",
                                      "tool/__main__.py": "from argparse import ArgumentParser\nArgumentParser()\n"}))
    assert (entrypoint, cmd) == ('["/usr/bin/tini", "--", "python", "-m", "tool"]', "[]")


def test_plain_script_keeps_its_command_in_cmd(tree):
    # No parser call: a script that only imports argparse, a socket server's run(), asyncio.run().
    for source in ("import argparse\nprint('hi')\n", "import asyncio\nasync def m():\n    pass\nasyncio.run(m())\n"):
        entrypoint, cmd, text = _start(tree({"main.py": source}))
        assert (entrypoint, cmd) == ('["/usr/bin/tini", "--"]', '["python", "main.py"]'), source
        assert "DG2040" not in text


def test_explicit_command_is_kept_as_given(tree):
    project = tree({"main.py": "import argparse\nargparse.ArgumentParser().parse_args()\n"})
    report = generate(project, dry_run=True, command="python main.py --verbose")
    text = {f.path: f.content for f in report.files}["Dockerfile"]
    assert 'CMD ["python", "main.py", "--verbose"]' in text


def test_panel_file_calling_pn_serve_runs_itself(tree):
    project = tree({"requirements.txt": "panel\n",
                    "app.py": "import panel as pn\npn.serve(pn.panel('hi'), port=5010, show=False)\n"})
    facts = inspect_project(project)
    assert (facts.app.framework.value, facts.app.port.value) == ("panel-script", 5010)
    assert _command(project) == ["/usr/bin/tini", "--", "python", "app.py"]
    assert not any("random port" in w for w in facts.warnings)


def test_pn_serve_without_a_port_warns(tree):
    facts = inspect_project(tree({"app.py": "import panel as pn\npn.serve(pn.panel('hi'))\n"}))
    assert facts.app.framework.value == "panel-script"
    assert any("random port" in w and "port=5006" in w for w in facts.warnings), facts.warnings


def test_servable_wins_over_pn_serve(tree):
    facts = inspect_project(tree({"app.py": "import panel as pn\npn.panel('a').servable()\n"
                                            "if __name__ == '__main__':\n    pn.serve(pn.panel('b'), port=5011)\n"}))
    assert facts.app.framework.value == "panel"
