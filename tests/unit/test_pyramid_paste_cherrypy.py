"""DG1058 (Pyramid's paste-deploy layout) and DG1059 (CherryPy) read with ast and plain reads."""

import json
import re

import pytest

from dockergen import generate
from dockergen.errors import NoStartCommandError
from dockergen.inspection import inspect_project

PYPROJECT = ('[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
             '[project]\nname = "{name}"\nversion = "0.1"\ndependencies = ["pyramid==2.1", "plaster_pastedeploy"]\n'
             '[project.entry-points."paste.app_factory"]\nmain = "{package}:main"\n')
MAIN = ("from pyramid.config import Configurator\n\n\ndef main(global_config, **settings):\n"
        "    with Configurator(settings=settings) as config:\n        config.scan()\n"
        "    return config.make_wsgi_app()\n")
PRODUCTION = "[app:main]\nuse = egg:{egg}\n\n[server:main]\nuse = egg:waitress#main\nlisten = localhost:6543\n"


def _paste(name="tutorial", package="tutorial", egg="tutorial", ini="production.ini"):
    files = {"pyproject.toml": PYPROJECT.format(name=name, package=package), f"{package}/__init__.py": MAIN}
    if ini:
        files[ini] = PRODUCTION.format(egg=egg)
    return files


def _dockerfile(report):
    return {f.path: f.content for f in report.files}["Dockerfile"]


def _cmd(text):
    return json.loads(re.search(r"^CMD (.*)$", text, re.M).group(1))


def test_paste_layout_is_served_from_production_ini_with_the_project_installed(tree):
    report = generate(tree(_paste()), dry_run=True)
    text = _dockerfile(report)
    assert _cmd(text)[-2:] == ["--paste", "production.ini"] and _cmd(text)[0] == "gunicorn"
    assert "development.ini" not in text
    assert "PasteDeploy==3.1.0" in text
    assert "DG2112: the project itself is installed: gunicorn --paste production.ini loads egg:tutorial" in text
    assert re.search(r"uv pip install .* \.$", text, re.M)  # the project, so egg:tutorial resolves
    # the ini's localhost never binds: gunicorn binds 0.0.0.0:$PORT, on the ini's port
    assert 'ENV PORT="6543"' in text and "EXPOSE 6543" in text and "localhost" not in " ".join(_cmd(text))


def test_paste_facts_name_the_ini_line_and_the_main_function(tree):
    facts = inspect_project(tree(_paste()))
    assert facts.app.framework.value == "pyramid" and facts.app.app is None
    assert facts.app.paste_app.evidence == ("production.ini:2 [app:main] use = egg:tutorial; "
                                        "tutorial/__init__.py:4 main(global_config, **settings)")
    assert (facts.app.port.value, facts.app.port.evidence) == (6543, "production.ini:6 listen = localhost:6543")


def test_paste_entry_point_names_another_package_under_src(tree):
    files = _paste(name="my-shop", package="shop", egg="my-shop")
    files["src/shop/__init__.py"] = files.pop("shop/__init__.py")
    facts = inspect_project(tree(files))
    assert facts.app.paste_app is not None and "src/shop/__init__.py:4" in facts.app.paste_app.evidence


DEVELOPMENT = ("[app:main]\nuse = egg:tutorial\npyramid.reload_templates = true\npyramid.includes =\n"
               "    pyramid_debugtoolbar\n\n[server:main]\nuse = egg:waitress#main\nlisten = localhost:6543\n")


def test_a_development_ini_with_development_settings_is_never_served_and_the_flag_is_named(tree):
    """The cookiecutter's development.ini turns on the toolbar (on a continuation line) and reloading."""
    files = _paste(ini="")
    files["development.ini"] = DEVELOPMENT
    facts = inspect_project(tree(files))
    assert facts.app.paste_app is None and facts.app.framework is None
    warning = next(w for w in facts.warnings if "no production.ini" in w)
    assert "pyramid.reload_templates = true, pyramid_debugtoolbar" in warning
    assert "--command 'gunicorn --paste production.ini'" in warning


def test_a_development_ini_that_turns_on_nothing_for_development_is_the_one_served(tree):
    """Pyramid's quick tutorial (docs/quick_tutorial/ini): development.ini is the project's only
    ini and holds just the app and its server; a commented-out toolbar does not count."""
    files = _paste(ini="development.ini")
    files["development.ini"] = "# pyramid.includes = pyramid_debugtoolbar\n" + files["development.ini"]
    facts = inspect_project(tree(files))
    assert facts.app.paste_app is not None and facts.app.paste_app.ini == "development.ini"
    assert facts.app.port.evidence == "development.ini:7 listen = localhost:6543"
    assert _cmd(_dockerfile(generate(tree(files), dry_run=True)))[-2:] == ["--paste", "development.ini"]


def test_egg_of_another_distribution_is_not_served(tree):
    facts = inspect_project(tree(_paste(egg="someone_else")))
    assert facts.app.paste_app is None
    assert any("production.ini:2" in w and "not this project" in w for w in facts.warnings)


def test_main_without_pyramid_is_not_a_paste_app(tree):
    files = _paste()
    files["tutorial/__init__.py"] = "def main(global_config, **settings):\n    return None\n"
    assert inspect_project(tree(files)).app.paste_app is None


def test_module_level_pyramid_app_wins_over_the_ini(tree):
    files = _paste()
    files["tutorial/wsgi.py"] = ("from pyramid.config import Configurator\nconfig = Configurator()\n"
                                 "app = config.make_wsgi_app()\n")
    facts = inspect_project(tree(files))
    assert facts.app.paste_app is None and facts.app.app.value.spec == "tutorial.wsgi:app"


ROOT = "import cherrypy\n\nclass Root:\n    @cherrypy.expose\n    def index(self):\n        return 'hi'\n\n"


@pytest.mark.parametrize(("line", "attribute"), [
    ("application = cherrypy.Application(Root(), '/')\n", "application"),
    ("app = cherrypy.tree.mount(Root(), '/')\n", "app"),
])
def test_cherrypy_wsgi_object_is_served_by_gunicorn(tree, line, attribute):
    report = generate(tree({"requirements.txt": "cherrypy\n", "site.py": ROOT + line}), dry_run=True)
    text = _dockerfile(report)
    assert _cmd(text)[0] == "gunicorn" and _cmd(text)[-1] == f"site:{attribute}"
    assert "DG1059" in text


def test_cherrypy_application_of_another_module_is_not_cherrypy(tree):
    source = "from myframework import Application\napp = Application()\n"
    assert inspect_project(tree({"requirements.txt": "cherrypy\n", "site.py": source})).app.framework is None


def test_bare_quickstart_is_never_run_and_stops_naming_file_line_and_fix(tree):
    root = tree({"requirements.txt": "cherrypy\n", "app.py": ROOT + "cherrypy.quickstart(Root())\n"})
    facts = inspect_project(root)
    assert facts.app.command is None  # not `python app.py`: it would bind 127.0.0.1 only
    warning = next(w for w in facts.warnings if "DG1059" in w)
    assert warning.startswith("app.py:8: cherrypy.quickstart() serves on 127.0.0.1:8080")
    assert 'cherrypy.config.update({"server.socket_host": "0.0.0.0"})' in warning
    with pytest.raises(NoStartCommandError, match=r"app.py is not run: it binds 127.0.0.1 only"):
        generate(root, dry_run=True)


def test_quickstart_under_main_guard_next_to_an_app_object_is_fine(tree):
    source = ROOT + "application = cherrypy.Application(Root())\n\nif __name__ == '__main__':\n    cherrypy.quickstart(Root())\n"
    facts = inspect_project(tree({"requirements.txt": "cherrypy\n", "app.py": source}))
    assert facts.app.app.value.spec == "app:application"
    assert not any("DG1059" in w for w in facts.warnings)


def test_quickstart_at_import_next_to_an_app_object_is_warned_about(tree):
    source = ROOT + "application = cherrypy.Application(Root())\ncherrypy.quickstart(Root())\n"
    facts = inspect_project(tree({"requirements.txt": "cherrypy\n", "app.py": source}))
    assert any(w.startswith("app.py:9: cherrypy.quickstart() runs when gunicorn imports app.py") for w in facts.warnings)


def test_quickstart_that_opens_the_bind_itself_runs_as_a_script(tree):
    source = ROOT + "cherrypy.config.update({'server.socket_host': '0.0.0.0'})\ncherrypy.quickstart(Root())\n"
    facts = inspect_project(tree({"requirements.txt": "cherrypy\n", "app.py": source}))
    assert facts.app.command.value == ["python", "app.py"]
    assert not any("DG1059" in w for w in facts.warnings)
