"""DG1101: a project with no dependency file installs what its README's install lines name."""

from dockergen import generate
from dockergen.inspection.stated_commands import readme_requirements


def _dockerfile(root):
    return {f.path: f.content for f in generate(root, dry_run=True).files}["Dockerfile"]


def test_install_lines_keep_extras_and_versions_and_skip_what_is_no_requirement(tmp_path):
    (tmp_path / "README.md").write_text(
        "# demo\n\n```bash\n$ python -m venv venv && source venv/bin/activate\n"
        "$ pip install --upgrade pip setuptools\n"
        "$ pip install 'connexion[flask,uvicorn]>=3.1' -r requirements-dev.txt --extra-index-url https://x.invalid/simple\n"
        "$ python -m pip install -e . httpx==0.27.0 ./vendor/lib.whl git+https://x.invalid/a.git\n"
        "```\n\nOr with uv: `uv add rich`, and `pip install pytest` to test. `pip install connexion` alone works too.\n")
    specs, where = readme_requirements(tmp_path)
    assert specs == ["connexion[flask,uvicorn]>=3.1", "httpx==0.27.0", "rich", "pytest"]
    assert where == "README.md:6,7,10"


def test_no_install_line_means_nothing_stated(tmp_path):
    (tmp_path / "README.md").write_text("# demo\n\n    python app.py\n\nconda install pandas\n")
    assert readme_requirements(tmp_path) == ([], "")


def test_readme_specs_come_first_and_imports_fill_in(tmp_path):
    (tmp_path / "README.md").write_text("Setup:\n\n    pip install pandas\n    bokeh serve --show .\n")
    (tmp_path / "main.py").write_text("import pandas as pd\nfrom bokeh.io import curdoc\ncurdoc()\n")
    text = _dockerfile(tmp_path)
    assert "pandas bokeh" in text and "DG1101" in text


def test_a_dependency_file_wins_over_the_readme(tmp_path):
    (tmp_path / "README.md").write_text("    pip install flask==0.12\n")
    (tmp_path / "requirements.txt").write_text("flask==3.1.0\n")
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
    text = _dockerfile(tmp_path)
    assert "flask==0.12" not in text and "DG1101" not in text
