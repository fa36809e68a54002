from dockergen import generate
from dockergen.inspection import inspect_project

FLASK = "from flask import Flask\napp = Flask(__name__)\n"


def test_flask_instance_folder_is_writable(tree):
    assert inspect_project(tree({"app.py": FLASK})).app.writable_dirs == ["instance"]


def test_sqlite_upload_and_log_paths(tree):
    root = tree({"main.py": (
        "DB = 'sqlite:///data/app.db'\n"
        "UPLOAD_FOLDER = 'uploads/files'\n"
        "import logging\nlogging.FileHandler('logs/app.log')\n"
    )})
    assert inspect_project(root).app.writable_dirs == ["data", "uploads/files", "logs"]


def test_django_media_root(tree):
    root = tree({"site/settings.py": "from pathlib import Path\nBASE_DIR = Path(__file__).parent\n"
                                     "MEDIA_ROOT = BASE_DIR / 'media'\n"})
    assert inspect_project(root).app.writable_dirs == ["media"]


def test_sqlite_at_project_root_becomes_a_link_into_data_not_a_writable_root(tree):
    """DG2045: the app root stays read-only; the database file is a link into data/."""
    facts = inspect_project(tree({"main.py": "URL = 'sqlite:///app.db'\n"}))
    assert facts.app.writable_dirs == ["data"]
    [db] = facts.app.sqlite_files
    assert (db.path, db.link, db.shipped, db.origin) == ("app.db", "data/app.db", False, "SQLAlchemy URL")
    assert db.evidence == "main.py:1 (SQLAlchemy URL)"
    assert not any("project root" in w for w in facts.warnings)


def test_plain_project_has_no_writable_dirs_and_dockerfile_has_no_install_step(tree):
    root = tree({"main.py": "print(1)\n"})
    assert inspect_project(root).app.writable_dirs == []
    dockerfile = next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")
    assert "install -d" not in dockerfile


def test_writable_dirs_become_one_install_step_owned_by_the_app_user(tree):
    root = tree({"app.py": FLASK + "DB = 'sqlite:///var/db.sqlite3'\n"})
    dockerfile = next(f.content for f in generate(root, dry_run=True).files if f.path == "Dockerfile")
    assert "RUN install -d -o 10001 -g 10001 instance var" in dockerfile
    assert dockerfile.index("COPY . .") < dockerfile.index("install -d") < dockerfile.index("USER 10001")
