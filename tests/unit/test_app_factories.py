"""DG1067: factories called with arguments, builders of any name, a root package, src/ layouts."""

import pytest

from dockergen.errors import ProjectError
from dockergen.inspection import inspect_project
from dockergen.inspection.ast_utils import module_name


def test_factory_called_with_a_config_name_is_the_app_and_not_reported(tree):
    facts = inspect_project(tree({"requirements.txt": "flask\n", "app.py":
                                  "from flask import Flask\n\ndef create_app(env):\n    return Flask(env)\n\n"
                                  "app = create_app('production')\n"}))
    assert facts.app.app.value.spec == "app:app" and facts.app.framework.value == "flask"
    assert not [w for w in facts.warnings if "needs arguments" in w]


def test_factory_with_arguments_nobody_calls_is_still_reported(tree):
    source = "from flask import Flask\n\ndef create_app(env):\n    return Flask(env)\n"
    facts = inspect_project(tree({"app.py": source}))
    assert any("create_app() needs arguments" in w for w in facts.warnings)


def test_builder_of_any_name_gives_the_object_its_framework(tree):
    facts = inspect_project(tree({
        "api/__init__.py": "",
        "api/factory.py": "from fastapi import FastAPI\n\ndef create_application(router, debug=False):\n"
                          "    application = FastAPI(debug=debug)\n    application.include_router(router)\n"
                          "    return application\n",
        "api/main.py": "from fastapi import APIRouter\nfrom api.factory import create_application\n"
                       "app = create_application(router=APIRouter())\n"}))
    assert (facts.app.framework.value, facts.app.app.value.spec) == ("fastapi", "api.main:app")
    assert facts.app.app_candidates == ["api.main:app"]  # the builder itself is never served


def test_a_function_that_builds_no_app_is_not_a_builder(tree):
    facts = inspect_project(tree({"main.py": "def load():\n    return {'x': 1}\n\nconfig = load()\n",
                                  "app.py": "from flask import Flask\nsite = Flask(__name__)\n"}))
    assert facts.app.app_candidates == ["app:site"]


def test_root_package_module_is_never_empty(tree):
    facts = inspect_project(tree({"requirements.txt": "flask\n",
                                  "__init__.py": "from flask import Flask\napp = Flask(__name__)\n"}))
    assert facts.app.app.value.module == "__init__" and facts.app.app.value.spec == "__init__:app"


@pytest.mark.parametrize(("relpath", "module"), [
    ("__init__.py", "__init__"), ("pkg/__init__.py", "pkg"), ("src/x/y.py", "x.y"), ("app.py", "app")])
def test_module_names(relpath, module):
    assert module_name(relpath) == module


def test_root_package_with_relative_imports_stops_with_the_line(tree):
    root = tree({"requirements.txt": "flask\n", "views.py": "",
                 "__init__.py": "from flask import Flask\nfrom . import views\napp = Flask(__name__)\n"})
    with pytest.raises(ProjectError, match=r"__init__.py:2.*DG1067"):
        inspect_project(root)


def test_root_package_with_relative_imports_leaves_another_app_alone(tree):
    facts = inspect_project(tree({
        "requirements.txt": "flask\n", "wsgi.py": "from flask import Flask\nweb = Flask('w')\n",
        "__init__.py": "from flask import Flask\nfrom . import wsgi\napp = Flask(__name__)\n"}))
    assert facts.app.app.value.spec == "wsgi:web"


def test_src_layout_factory_called_with_arguments(tree):
    facts = inspect_project(tree({
        "pyproject.toml": '[project]\nname="shop"\nversion="1"\ndependencies=["flask"]\n'
                          '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n',
        "src/shop/__init__.py": "from flask import Flask\n\ndef create_app(name):\n    return Flask(name)\n",
        "src/shop/wsgi.py": "from shop import create_app\napp = create_app('production')\n"}))
    assert facts.app.app.value.spec == "shop.wsgi:app"
    assert not [w for w in facts.warnings if "needs arguments" in w]
