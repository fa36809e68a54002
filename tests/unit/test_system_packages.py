"""DG1100: packages.txt (Streamlit Community Cloud, Hugging Face Spaces) names Debian packages."""

from __future__ import annotations

from dockergen import generate
from dockergen.inspection import inspect_project

APP = "from flask import Flask\napp = Flask(__name__)\n"


def _dockerfile(root) -> str:
    return next(f.content for f in generate(root, dry_run=True, offline=True).files if f.path == "Dockerfile")


def test_packages_run_in_the_runtime_stage_and_headers_build_in_the_builder(tree):
    root = tree({"app.py": APP, "requirements.txt": "flask\n",
                 "packages.txt": "# for the converter\nffmpeg\nlibpq-dev build-essential  # to compile\nffmpeg\n"})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.system_packages == ["ffmpeg", "libpq-dev", "build-essential"]
    text = _dockerfile(root)
    builder, runtime = text.split("AS runtime", 1)
    assert "      build-essential \\\n      libpq-dev \\\n" in builder and "      ffmpeg" not in builder
    assert "# DG1100: packages.txt names ffmpeg, libpq-dev, build-essential" in runtime
    assert "      ffmpeg \\\n" in runtime and "libpq-dev \\" not in runtime


def test_a_word_that_is_no_debian_name_is_a_warning(tree):
    root = tree({"app.py": APP, "requirements.txt": "flask\n", "packages.txt": "jq\nrm -rf /\nFFmpeg\n"})
    facts = inspect_project(root, offline=True)
    assert facts.packaging.system_packages == ["jq", "rm"]
    assert any("packages.txt:2: '-rf' is not a Debian package name" in w for w in facts.warnings)
    assert any("packages.txt:3: 'FFmpeg'" in w for w in facts.warnings)


def test_without_the_file_nothing_is_added(tree):
    root = tree({"app.py": APP, "requirements.txt": "flask\n"})
    assert inspect_project(root, offline=True).packaging.system_packages == []
    assert "DG1100" not in _dockerfile(root)
