"""DG1037: an entry file inside a package runs as its module (``python -m pkg.main``)."""

from __future__ import annotations

from dockergen import generate
from dockergen.inspection import inspect_project
from dockergen.inspection.entrypoints import package_module

AIOHTTP = ("from aiohttp import web\nfrom .views import index\napp = web.Application()\n"
           "if __name__ == '__main__':\n    web.run_app(app, port=8082)\n")


def test_module_name_only_for_a_package_chain(tree):
    root = tree({"pkg/__init__.py": "", "pkg/sub/__init__.py": "", "pkg/sub/main.py": "", "pkg/main.py": "",
                 "scripts/run.py": "", "top.py": "", "half/__init__.py": "", "half/inner/run.py": ""})
    assert package_module(root, "pkg/main.py") == "pkg.main"
    assert package_module(root, "pkg/sub/main.py") == "pkg.sub.main"
    assert package_module(root, "top.py") == ""  # at the root: its path is fine
    assert package_module(root, "scripts/run.py") == ""  # a plain folder, not a package
    assert package_module(root, "half/inner/run.py") == ""  # the chain breaks at inner/
    assert package_module(root, "pkg/__init__.py") == ""


def test_aiohttp_file_in_a_package_runs_with_python_m(tree):
    root = tree({"requirements.txt": "aiohttp\n", "chat/__init__.py": "", "chat/views.py": "", "chat/main.py": AIOHTTP})
    facts = inspect_project(root)
    assert (facts.app.entry_file.value, facts.app.entry_module) == ("chat/main.py", "chat.main")
    dockerfile = {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]
    assert 'CMD ["python", "-m", "chat.main"]' in dockerfile and "DG1037" in dockerfile


def test_a_file_in_a_plain_folder_still_runs_by_path(tree):
    root = tree({"requirements.txt": "aiohttp\n", "server/main.py": AIOHTTP.replace("from .views import index\n", "")})
    dockerfile = {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]
    assert 'CMD ["python", "server/main.py"]' in dockerfile and "DG1037" not in dockerfile


GRADIO_MAIN = "import gradio as gr\n\ndef main():\n    gr.Interface(fn=str, inputs='text', outputs='text').launch()\n"
PYPROJECT = ('[project]\nname = "greeter"\nversion = "1"\ndependencies = ["gradio"]\n'
             '[project.scripts]\ngreeter = "greeter.app:main"\nother = "greeter.cli:run"\n'
             '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n')


def test_dg1038_console_script_that_launches_gradio_is_a_web_app(tree):
    root = tree({"pyproject.toml": PYPROJECT, "src/greeter/__init__.py": "", "src/greeter/app.py": GRADIO_MAIN,
                 "src/greeter/cli.py": "def run():\n    print(1)\n"})
    facts = inspect_project(root)
    assert (facts.app.framework.value, facts.app.entry_script) == ("gradio", "greeter")
    report = generate(root, dry_run=True)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert 'CMD ["greeter"]' in dockerfile and '"--help"' not in dockerfile
    assert "EXPOSE 7860" in dockerfile and "HEALTHCHECK" in dockerfile
    assert "DG2112: the project itself is installed" in dockerfile


def test_dg1038_needs_the_script_to_target_the_server_module(tree):
    pyproject = PYPROJECT.replace('greeter = "greeter.app:main"\n', "")
    root = tree({"pyproject.toml": pyproject, "src/greeter/__init__.py": "", "src/greeter/app.py": GRADIO_MAIN,
                 "src/greeter/cli.py": "def run():\n    print(1)\n"})
    assert inspect_project(root).app.entry_script == ""
