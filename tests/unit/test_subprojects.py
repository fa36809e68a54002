"""DG1066: an app in a sub-folder with its own manifest is generated for that folder, never at a
root that installs nothing."""

import pytest

from dockergen import generate
from dockergen.errors import ProjectError
from dockergen.inspection import inspect_project

FLASK = "from flask import Flask\napp = Flask(__name__)\n"


def test_app_in_backend_folder_stops_naming_it_and_the_command(tree):
    root = tree({"README.md": "# x\n", "frontend/package.json": "{}\n",
                 "backend/requirements.txt": "flask\n", "backend/app.py": FLASK})
    with pytest.raises(ProjectError) as err:
        inspect_project(root)
    assert "backend/ (backend/requirements.txt)" in str(err.value)
    assert "backend/app.py" in str(err.value) and "DG1066" in str(err.value)
    assert f"dockergen init {root / 'backend'}" in err.value.hint


def test_two_candidate_folders_are_both_named(tree):
    root = tree({"api/pyproject.toml": '[project]\nname="api"\nversion="1"\ndependencies=["fastapi"]\n',
                 "api/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
                 "server/requirements.txt": "flask\n", "server/wsgi.py": FLASK,
                 "pyproject.toml": "[tool.ruff]\nline-length = 100\n"})  # tool configuration only
    with pytest.raises(ProjectError) as err:
        inspect_project(root)
    assert "api/ (api/pyproject.toml)" in str(err.value) and "server/ (server/requirements.txt)" in str(err.value)
    assert str(root / "api") in err.value.hint and str(root / "server") in err.value.hint


def test_folders_one_level_down_in_services(tree):
    root = tree({"services/web/requirements.txt": "flask\n", "services/web/app.py": FLASK})
    with pytest.raises(ProjectError, match="services/web/"):
        inspect_project(root)


def test_no_app_found_and_no_root_script_still_stops(tree):
    root = tree({"server/requirements.txt": "tornado\n", "server/serve.py": "print('hi')\n"})
    with pytest.raises(ProjectError, match=r"server/ \(server/requirements.txt\)"):
        inspect_project(root)


@pytest.mark.parametrize("files", [
    {"requirements.txt": "flask\n", "backend/requirements.txt": "flask\n", "backend/app.py": FLASK},
    {"pyproject.toml": '[project]\nname="x"\nversion="1"\n', "backend/requirements.txt": "flask\n",
     "backend/app.py": FLASK},
    {"app.py": FLASK, "tools/requirements.txt": "ruff\n", "backend/requirements.txt": "pytest\n"},
    {"app/app.py": FLASK, "docs/requirements.txt": "mkdocs\n"},
], ids=["root-requirements", "root-project", "root-app", "docs-only"])
def test_root_project_or_root_app_is_generated_as_before(tree, files):
    facts = inspect_project(tree(files))
    assert facts.app.app is not None


def test_generating_for_the_named_folder_works(tree):
    root = tree({"backend/requirements.txt": "flask\n", "backend/app.py": FLASK})
    report = generate(root / "backend", dry_run=True)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert '"app:app"]' in dockerfile and "requirements.txt" in dockerfile
