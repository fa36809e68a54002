"""DG2049: setup commands chained before a Procfile's web server become setup steps."""

from __future__ import annotations

from dockergen import generate
from dockergen.inspection.procfile import web_setup_parts


def test_only_known_setup_commands_are_split_off():
    assert web_setup_parts("python manage.py migrate && python manage.py collectstatic --no-input && gunicorn x.wsgi") \
        == ("gunicorn x.wsgi", ["python manage.py migrate", "python manage.py collectstatic --no-input"])
    assert web_setup_parts("flask --app app db upgrade && gunicorn app:app") == \
        ("gunicorn app:app", ["flask --app app db upgrade"])
    assert web_setup_parts("alembic upgrade head && uvicorn main:app") == ("uvicorn main:app", ["alembic upgrade head"])
    for kept in ("./bin/prepare && gunicorn x.wsgi", "python manage.py migrate || true && gunicorn x.wsgi",
                 "gunicorn x.wsgi", "python manage.py migrate && "):
        assert web_setup_parts(kept) == (kept, [])


def test_the_chain_becomes_a_setup_step_and_the_server_the_command(tree):
    root = tree({
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site_cfg.settings')\n",
        "site_cfg/__init__.py": "", "site_cfg/wsgi.py": "application = None\n",
        "site_cfg/settings.py": ("from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n"
                                 "INSTALLED_APPS = ['django.contrib.staticfiles']\nSTATIC_ROOT = BASE_DIR / 'static'\n"
                                 "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', "
                                 "'NAME': BASE_DIR / 'db.sqlite3'}}\nWSGI_APPLICATION = 'site_cfg.wsgi.application'\n"),
        "requirements.txt": "django==5.2\ngunicorn\n",
        "Procfile": "web: python3 manage.py migrate && python manage.py collectstatic --no-input && gunicorn site_cfg.wsgi\n",
    })
    report = generate(root, dry_run=True)
    dockerfile = next(f.content for f in report.files if f.path == "Dockerfile")
    assert 'CMD ["gunicorn", "site_cfg.wsgi"]' in dockerfile
    assert 'set -e; python manage.py migrate --noinput; exec \\"$@\\"' in dockerfile  # once, not twice
    assert dockerfile.count("migrate --noinput") == 2  # the comment and the entrypoint
    assert "collectstatic --no-input" not in dockerfile  # at start: never; at build time: --noinput
    assert "manage.py collectstatic --noinput" in dockerfile
