"""DG1035: the walk for the app's modules skips VCS data, virtualenvs, node_modules and .gitignore."""

from dockergen.inspection import inspect_project
from dockergen.inspection.files import iter_python_files

FLASK = "from flask import Flask\napp = Flask(__name__)\n"


def test_walk_skips_vendored_and_ignored_folders(tree):
    root = tree({
        "src/shop/app.py": "x = 1\n",
        "node_modules/pkg/a.py": "", ".git/hooks/h.py": "", ".venv/lib/site.py": "",
        "myenv/pyvenv.cfg": "home = /usr/bin\n", "myenv/lib/python3.12/site-packages/m.py": "",
        "generated/big.py": "", "notes/keep.py": "", "notes/skip.py": "", "logs/x.py": "",
        ".gitignore": "generated/\nnotes/skip.py\n/logs\n!keep.py\n",
    })
    assert sorted(iter_python_files(root)) == ["notes/keep.py", "src/shop/app.py"]


def test_no_gitignore_walks_everything_else(tree):
    root = tree({"generated/big.py": "", "node_modules/x.py": ""})
    assert list(iter_python_files(root)) == ["generated/big.py"]


def test_app_in_ignored_folder_is_not_detected(tree):
    root = tree({"vendor/demo/app.py": FLASK, ".gitignore": "vendor/\n", "requirements.txt": "flask\n"})
    assert inspect_project(root).app.app is None
    root = tree({".gitignore": "# nothing ignored\n"})
    assert inspect_project(root).app.app is not None  # same tree, vendor/ no longer ignored
