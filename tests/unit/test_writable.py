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


def test_folders_the_code_creates_are_writable_and_scratch_ones_need_nothing(tree):
    """DG3002: os.makedirs / os.mkdir / Path.mkdir of a literal, a module name, app.root_path or
    an app.config entry the file sets; /tmp, ~, '.', a computed path and tests add nothing."""
    code = ("import os\nfrom pathlib import Path\nfrom flask import Flask\napp = Flask(__name__)\n"
            "IMAGES = os.path.join(app.root_path, 'static', 'images')\n"
            "app.config['UPLOAD_FOLDER'] = 'data/uploads'\n"
            "os.makedirs(IMAGES, exist_ok=True)\nos.makedirs(app.config['UPLOAD_FOLDER'], exist_ok=True)\n"
            "Path('cache').mkdir(parents=True, exist_ok=True)\nos.mkdir('exports')\n"
            "os.makedirs('/tmp/x', exist_ok=True)\nos.makedirs(os.path.expanduser('~/.app'), exist_ok=True)\n"
            "os.makedirs('.', exist_ok=True)\n"
            "def save(folder):\n    os.makedirs(folder)\n")
    root = tree({"app.py": code, "requirements.txt": "flask\n",
                 "tests/test_app.py": "import os\nos.makedirs('tests/output')\n"})
    facts = inspect_project(root, offline=True)
    assert facts.app.writable_dirs == ["instance", "static/images", "data/uploads", "cache", "exports"]
    assert not [w for w in facts.warnings if "DG3002" in w]


def test_a_folder_the_code_creates_in_a_package_of_the_code_is_a_warning(tree):
    code = "import os\nos.makedirs(os.path.join(os.path.dirname(__file__), 'out'), exist_ok=True)\n"
    root = tree({"pkg/__init__.py": code, "pkg/out/__init__.py": "", "main.py": "import pkg\n"})
    facts = inspect_project(root, offline=True)
    assert "pkg/out" not in facts.app.writable_dirs
    assert any("the folder pkg/__init__.py:2 creates" in w and "Python package" in w for w in facts.warnings)
