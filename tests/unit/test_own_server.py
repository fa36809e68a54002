"""DG1103: a README that serves with the project's own console script and a port."""

import json
import re

from dockergen import generate

PYPROJECT = ('[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
             '[project]\nname = "pkgserve"\nversion = "1"\ndependencies = ["bottle"]\n'
             '[project.scripts]\npkg-serve = "pkgserve:main"\n')
APP = "import bottle\napp = bottle.Bottle()\n\ndef main():\n    bottle.run(app, host='0.0.0.0', port=8080)\n"


def _project(tmp_path, readme):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "pkgserve").mkdir()
    (tmp_path / "pkgserve" / "__init__.py").write_text(APP)
    (tmp_path / "README.md").write_text(readme)
    report = generate(tmp_path, dry_run=True)
    text = {f.path: f.content for f in report.files}["Dockerfile"]
    cmd = json.loads(re.search(r"^CMD (.*)$", text, re.M).group(1))
    return text, cmd


def test_the_readmes_own_script_with_a_port_it_opens_is_the_start_command(tmp_path):
    text, cmd = _project(tmp_path, "Serve it:\n\n    pkg-serve run -p 8080 ~/packages &\n\n"
                                   "then `pip install --index-url http://localhost:8080/simple/ x`.\n")
    assert cmd == ["pkg-serve", "run", "-p", "8080", "/home/app/packages"]  # exec form expands no ~
    assert "install -d -o 10001 -g 10001 /home/app/packages" in text
    assert "EXPOSE 8080" in text and "gunicorn" not in text  # not the Bottle object inside the package
    assert "the start command from README.md:3" in text


def test_a_placeholder_folder_becomes_one_in_home(tmp_path):
    _, cmd = _project(tmp_path, "```\npkg-serve -d /path/to/empty/data/dir -p 5000\n```\n"
                                "Then visit http://127.0.0.1:5000 .\n")
    assert cmd == ["pkg-serve", "-d", "/home/app/dir", "-p", "5000"]


def test_a_port_the_readme_never_opens_is_a_server_the_program_connects_to(tmp_path):
    """pgcli's README: `pgcli -h localhost -p 5432 -U username postgres` is a client's usage."""
    _, cmd = _project(tmp_path, "    pkg-serve -h localhost -p 5432 -U username postgres\n")
    assert "5432" not in cmd
