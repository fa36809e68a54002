"""`dockergen check` reports nothing on dockergen's own output, for every template.

Iterates over render.template_ids(), so a template added later is covered without editing
this file. Each template is rendered for every representative project it accepts.
"""

import pytest

from dockergen import generate
from dockergen.check import check_project
from dockergen.errors import DockergenError
from dockergen.render import template_ids
from tests.conftest import build_tree, copy_fixture, fixture_names

FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef index():\n    return 'ok'\n"
FACTORY = "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"

PROJECTS = {
    "script-requirements": {".python-version": "3.13\n", "requirements.txt": "requests==2.32.3\n",
                            "main.py": "print('hi')\n", ".env": "TOKEN=x\n"},
    "script-no-deps": {"main.py": "print('hi')\n"},
    "package-pyproject": {
        "pyproject.toml": '[build-system]\nrequires=["hatchling"]\nbuild-backend="hatchling.build"\n'
                          '[project]\nname="tool"\nversion="1.0"\nrequires-python=">=3.11"\ndependencies=["click>=8"]\n',
        "tool/__init__.py": "", "main.py": "print('hi')\n",
    },
    "flask-requirements": {".python-version": "3.11\n", "requirements.txt": "flask==3.1.0\n", "app.py": FLASK_APP,
                           "certs/tls.key": "secret\n"},
    "flask-factory-package": {"requirements.txt": "flask\n", "web/__init__.py": FACTORY, "web/views.py": ""},
}


def _generated(tmp_path, template, project):
    root = build_tree(tmp_path / project, PROJECTS[project])
    try:
        report = generate(root, template=template)
    except DockergenError:
        return None  # this template does not apply to this project
    assert {f.path for f in report.files} >= {"Dockerfile", ".dockerignore"}
    return root


@pytest.mark.parametrize("template", template_ids())
def test_check_is_quiet_on_generated_output(tmp_path, template):
    checked = 0
    for project in PROJECTS:
        root = _generated(tmp_path, template, project)
        if root is None:
            continue
        report = check_project(root)
        assert report.findings == [], f"{template} on {project}:\n" + "\n".join(
            f"{f.line} {f.code} {f.message}" for f in report.findings)
        checked += 1
    assert checked, f"no representative project renders with template {template}; add one to PROJECTS"


@pytest.mark.parametrize("fixture", fixture_names(refused=False))
def test_check_is_quiet_on_every_fixture_app(tmp_path, fixture):
    """The realistic fixture apps (other issues add more): init, then check, reports nothing."""
    root = copy_fixture(fixture, tmp_path)
    generate(root, force=True)
    findings = check_project(root).findings
    assert findings == [], "\n".join(f"{f.path}:{f.line} {f.code} {f.message}" for f in findings)
