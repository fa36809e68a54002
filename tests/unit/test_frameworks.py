from dockergen.inspection import inspect_project


def test_flask_app_object_with_another_name(tree):
    root = tree({"requirements.txt": "flask\n", "wsgi.py": "from flask import Flask\nserver = Flask(__name__)\n"})
    facts = inspect_project(root)
    assert facts.framework.value == "flask"
    assert facts.app.value.spec == "wsgi:server"
    assert facts.app.evidence == "wsgi.py"


def test_flask_factory_in_package(tree):
    root = tree({
        "requirements.txt": "flask\n",
        "shop/__init__.py": "from flask import Flask\n\ndef create_app(config=None):\n    return Flask(__name__)\n",
    })
    assert inspect_project(root).app.value.spec == "shop:create_app()"


def test_factory_needing_arguments_is_not_a_candidate(tree):
    root = tree({"requirements.txt": "flask\n", "app.py": "from flask import Flask\n\ndef create_app(cfg):\n    return Flask(cfg)\n"})
    assert inspect_project(root).app is None


def test_app_py_preferred_over_main_helper(tree):
    root = tree({
        "app.py": "from flask import Flask\napp = Flask(__name__)\n",
        "main.py": "from flask import Flask\nhelper = Flask('helper')\n",
    })
    facts = inspect_project(root)
    assert facts.app.value.spec == "app:app"
    assert any("Several possible apps" in w for w in facts.warnings) is False


def test_syntax_error_files_are_skipped(tree):
    root = tree({"broken.py": "def (:\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"})
    assert inspect_project(root).app.value.spec == "app:app"


def test_port_from_app_run(tree):
    root = tree({"app.py": "from flask import Flask\napp = Flask(__name__)\nif __name__ == '__main__':\n    app.run(port=5050)\n"})
    port = inspect_project(root).port
    assert (port.value, port.source) == (5050, "detected")
    assert port.evidence.startswith("app.py:4")


def test_plain_script(tree):
    facts = inspect_project(tree({"main.py": "print('hello')\n"}))
    assert facts.framework is None
    assert facts.command.value == ["python", "main.py"]
