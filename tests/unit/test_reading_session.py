"""Within one inspection each file is read from disk once per size limit; the next inspection
reads the (possibly changed) tree afresh."""

import collections

import dockergen.inspection.files as files
from dockergen.inspection import inspect_project

DJANGOISH = {
    "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_.settings')\n",
    "site_/__init__.py": "",
    "site_/settings.py": "WSGI_APPLICATION = 'site_.wsgi.application'\nSTATIC_ROOT = 'static'\n",
    "site_/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
    "requirements.txt": "django\n",
}


def test_each_file_is_read_once_per_limit_and_afresh_next_time(tree, monkeypatch):
    real = files._read_text
    reads = collections.Counter()

    def counting(root, relpath, limit):
        reads[(str(relpath), limit)] += 1
        return real(root, relpath, limit)

    monkeypatch.setattr(files, "_read_text", counting)
    root = tree(DJANGOISH)
    first = inspect_project(root, offline=True)
    assert first.app.framework.value == "django"
    assert reads and max(reads.values()) == 1, reads
    (root / "site_/settings.py").write_text("WSGI_APPLICATION = 'site_.wsgi.other'\n")
    second = inspect_project(root, offline=True)
    assert second.app.app.value.attribute == "other"  # not served from the first call's cache
    assert max(reads.values()) == 2
