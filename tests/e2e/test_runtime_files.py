"""Issue 16: what the app writes at run time, and its setup steps, on real builds.

Each test builds dockergen's image, runs it as the non-root user, calls a URL that WRITES to the
database and shows that nothing but the app's data folders became writable.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from dockergen import generate
from tests.conftest import copy_fixture

pytestmark = pytest.mark.docker

STOP_LIMIT = 5.0

# Every process's argv, and the paths under /app the running user can write (access(2), so a
# link counts as writable only through a target it may write).
PROCESSES = ("import os, json; print(json.dumps({p: open(f'/proc/{p}/cmdline').read().split(chr(0)) "
             "for p in os.listdir('/proc') if p.isdigit()}))")
WRITABLE = ("import os; print('\\n'.join(sorted(os.path.join(d, n) for d, ds, fs in os.walk('/app') "
            "for n in [*ds, *fs] if os.access(os.path.join(d, n), os.W_OK))))")


def _entrypoint(dockerfile: str) -> list[str]:
    match = re.search(r"^ENTRYPOINT (.*)$", dockerfile, re.M)
    return json.loads(match.group(1)) if match else []


def _no_shell_left(docker, name: str) -> dict[str, list[str]]:
    """PID 1 is tini and no `sh` survives the setup step: exec replaced it by the server."""
    processes = json.loads(docker.exec(name, "python", "-c", PROCESSES, check=True).stdout)
    assert processes["1"][0] == "/usr/bin/tini", processes
    assert not any(argv[0] in ("sh", "/bin/sh") for argv in processes.values()), processes
    return processes


def _writable(docker, name: str) -> list[str]:
    return docker.exec(name, "python", "-c", WRITABLE, check=True).stdout.split()


def test_django_sqlite_migrates_at_start_and_writes_rows(docker, containers, image_tag, tmp_path):
    """DG2045 + DG2046: db.sqlite3 at the project root is a link into data/; migrate runs first."""
    project = copy_fixture("django-sqlite", tmp_path)
    report = generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "RUN install -d -o 10001 -g 10001 data \\\n && ln -s /app/data/db.sqlite3 db.sqlite3\n" in dockerfile
    assert "python manage.py migrate --noinput" in _entrypoint(dockerfile)[4]
    assert any(line.startswith("setup step python manage.py migrate") for line in report.summary)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/?text=first", timeout=90)
    assert (status, body.strip()) == (200, "notes: 1"), body
    status, body = docker.http_get(name, 8000, "/?text=second")
    assert (status, body.strip()) == (200, "notes: 2"), body
    assert docker.exec(name, "id", "-u", check=True).stdout.strip() == "10001"
    assert "Applying notes.0001_initial... OK" in docker.logs(name)
    # The database and its journal live in /app/data; the app root and the code stay read-only.
    listing = docker.exec(name, "ls", "-la", "/app", "/app/data", check=True).stdout
    assert re.search(r"db\.sqlite3 -> /app/data/db\.sqlite3", listing), listing
    assert _writable(docker, name) == ["/app/data", "/app/data/db.sqlite3", "/app/db.sqlite3"]
    _no_shell_left(docker, name)
    seconds = docker.stop(name)
    assert seconds < STOP_LIMIT


def test_django_sqlite_without_the_setup_step_has_no_tables(docker, containers, image_tag, tmp_path):
    """The step is what makes it work: with --no-setup-steps the write fails (no such table)."""
    project = copy_fixture("django-sqlite", tmp_path)
    report = generate(project, setup_steps=False)
    assert any("setup steps off" in w for w in report.warnings), report.warnings
    assert "migrate" not in (project / "Dockerfile").read_text().split("ENTRYPOINT", 1)[-1]
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, _, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert status == 500
    tables = docker.exec(name, "python", "-c", "import sqlite3; print(sqlite3.connect('db.sqlite3').execute("
                         "\"select name from sqlite_master where type='table'\").fetchall())", check=True).stdout
    assert "notes_note" not in tables, tables


def test_flask_tutorial_init_db_from_the_readme_runs_once(docker, containers, image_tag, tmp_path):
    """DG2046: the README's `flask --app flaskr init-db` creates the database at the first start
    only (its schema drops the table): the rows survive a restart."""
    project = copy_fixture("flask-sqlite-initdb", tmp_path)
    report = generate(project)
    assert "setup step [ -e instance/flaskr.sqlite ] || flask --app flaskr init-db " \
           "(DG2046: the README's setup step at README.md:13)" in report.summary
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/?title=first", timeout=90)
    assert (status, body.strip()) == (200, "posts: 1"), body
    status, body = docker.http_get(name, 8000, "/?title=second")
    assert (status, body.strip()) == (200, "posts: 2"), body
    assert "Initialized the database." in docker.logs(name)
    assert docker.exec(name, "id", "-u", check=True).stdout.strip() == "10001"
    assert _writable(docker, name) == ["/app/instance", "/app/instance/flaskr.sqlite"]
    _no_shell_left(docker, name)
    assert docker.stop(name) < STOP_LIMIT
    docker.run("start", name)
    status, body, _ = docker.wait_http(name, 8000, "/?title=third", timeout=60)
    assert (status, body.strip()) == (200, "posts: 3"), body  # init-db did not run again
    assert docker.logs(name).count("Initialized the database.") == 1


def test_a_database_in_the_installed_package_is_created_by_its_init_script(docker, containers, image_tag, tmp_path):
    """DG2045 + DG2120: `os.path.join(app.root_path, "notes.db")` of a src/ package the image
    installs is opened from site-packages; its link is made there, and the project's console
    script `init-db` creates it at the first start only."""
    project = copy_fixture("src-package-sqlite-script", tmp_path)
    report = generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "get_path(\"purelib\"))')\"/notes/notes.db" in dockerfile
    assert "[ -e data/src-notes-notes.db ] || init-db" in _entrypoint(dockerfile)[4]
    assert any(line.startswith("setup step [ -e data/src-notes-notes.db ] || init-db") for line in report.summary)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/?text=first", timeout=90)
    assert (status, body.strip()) == (200, "notes: 1"), body
    status, body = docker.http_get(name, 8000, "/?text=second")
    assert (status, body.strip()) == (200, "notes: 2"), body
    assert docker.exec(name, "id", "-u", check=True).stdout.strip() == "10001"
    assert _writable(docker, name) == ["/app/data", "/app/data/src-notes-notes.db", "/app/instance"]
    # The package in site-packages stays root's: only the link's target is the app user's.
    package = docker.exec(name, "python", "-c", "import notes, os; d = os.path.dirname(notes.__file__); "
                          "print(os.access(d, os.W_OK), os.readlink(os.path.join(d, 'notes.db')))", check=True)
    assert package.stdout.split() == ["False", "/app/data/src-notes-notes.db"]
    assert docker.stop(name) < STOP_LIMIT
    docker.run("start", name)
    status, body, _ = docker.wait_http(name, 8000, "/?text=third", timeout=60)
    assert (status, body.strip()) == (200, "notes: 3"), body  # init-db did not run again
    assert docker.logs(name).count("Initialized the database.") == 1


def test_pyramid_migrates_then_loads_its_first_page_once_from_the_served_ini(docker, containers, image_tag,
                                                                            tmp_path):
    """DG2046 + DG1058: the README's `env/bin/alembic -c development.ini upgrade head` and
    `env/bin/initialize_wiki_db development.ini` run against production.ini (development.ini
    loads a toolbar the image does not install). The migration creates the file, so the loading
    step tests whether it existed before the steps: it runs at the first start only."""
    project = copy_fixture("pyramid-alembic-initdb", tmp_path)
    generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    script = _entrypoint(dockerfile)[4]
    assert script == ('set -e; [ -e data/wiki.sqlite ] || new_database=1; alembic -c production.ini upgrade head; '
                      '[ -z "${new_database:-}" ] || initialize_wiki_db production.ini; exec "$@"')
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 6543, "/", timeout=90)
    assert (status, body.strip()) == (200, "pages: 1, visits: 1"), body
    assert docker.exec(name, "id", "-u", check=True).stdout.strip() == "10001"
    assert _writable(docker, name) == ["/app/data", "/app/data/wiki.sqlite", "/app/wiki.sqlite"]
    assert docker.stop(name) < STOP_LIMIT
    docker.run("start", name)  # a second run of the loading script would fail on the page's unique name
    status, body, _ = docker.wait_http(name, 6543, "/", timeout=60)
    assert (status, body.strip()) == (200, "pages: 1, visits: 2"), body
    assert docker.logs(name, tail=10**6).count("Initialized the database.") == 1
    # The other side: tested after the migration, the file always exists and the page is never loaded.
    (project / "Dockerfile").write_text(dockerfile.replace('[ -z \\"${new_database:-}\\" ] ||',
                                                           "[ -e data/wiki.sqlite ] ||"))
    assert (project / "Dockerfile").read_text() != dockerfile
    docker.build(project, image_tag + "-late")
    late = docker.start(image_tag + "-late")
    containers.append(late)
    status, body, _ = docker.wait_http(late, 6543, "/", timeout=90)
    assert (status, body.strip()) == (200, "pages: 0, visits: 1"), body


def test_a_folder_the_app_creates_at_import_is_made_for_it(docker, containers, image_tag, tmp_path):
    """DG3002: `os.makedirs(app.config["NOTES_FOLDER"], exist_ok=True)` and `Path("cache").mkdir()`
    at import: the image makes both folders the app user's. Without them the app dies at import."""
    project = copy_fixture("flask-makedirs-at-start", tmp_path)
    generate(project)
    dockerfile = (project / "Dockerfile").read_text()
    assert "RUN install -d -o 10001 -g 10001 instance storage/notes cache\n" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert (status, body.strip()) == (200, "notes: 1"), body
    assert _writable(docker, name) == ["/app/cache", "/app/cache/last", "/app/instance", "/app/storage/notes",
                                       f"/app/storage/notes/{docker.exec(name, 'ls', '/app/storage/notes').stdout.strip()}"]
    # The other side: without the folders, the import stops on the read-only app folder.
    (project / "Dockerfile").write_text(dockerfile.replace(" storage/notes cache\n", "\n"))
    docker.build(project, image_tag + "-bare")
    bare = docker.start(image_tag + "-bare")
    containers.append(bare)
    deadline = time.monotonic() + 60
    while "PermissionError" not in docker.logs(bare) and time.monotonic() < deadline:
        time.sleep(1)
    assert "PermissionError: [Errno 13] Permission denied: '/app/storage'" in docker.logs(bare)


def _wait_log(docker, name: str, needle: str, timeout: float = 60) -> str:
    import time

    deadline = time.monotonic() + timeout
    while needle not in docker.logs(name) and time.monotonic() < deadline:
        assert docker.running(name), docker.logs(name)
        time.sleep(0.5)
    logs = docker.logs(name)
    assert needle in logs, logs
    return logs


def test_celery_beat_service_writes_its_schedule_to_home(docker, containers, image_tag, tmp_path):
    """DG2047: compose's beat service runs as uid 10001 and sends the due task; without `-s`
    beat cannot write its schedule into the read-only app folder."""
    import yaml

    project = copy_fixture("celery-beat", tmp_path)
    generate(project, compose=True)
    beat = yaml.safe_load((project / "compose.yaml").read_text())["services"]["beat"]
    assert beat["command"] == ["celery", "-A", "tasks:app", "beat", "--loglevel=INFO",
                               "-s", "/home/app/celerybeat-schedule"]
    docker.build(project, image_tag)
    name = docker.start(image_tag, *beat["command"])
    containers.append(name)
    _wait_log(docker, name, "Sending due task tick-every-second (tasks.tick)")
    listing = docker.exec(name, "ls", "/home/app", check=True).stdout
    assert "celerybeat-schedule" in listing, listing
    assert docker.exec(name, "test", "-w", "/app").returncode != 0  # the app folder stays read-only
    docker.stop(name)

    plain = docker.start(image_tag, "celery", "-A", "tasks:app", "beat", "--loglevel=INFO")  # the default -s
    containers.append(plain)
    _wait_log(docker, plain, "Permission denied")


FLAG = ("import app; d = app.demo; cb = d.flagging_callback; "
        "cb.setup(d.input_components + d.output_components, {where}); print(cb.flag(['ann', 'hello ann']))")


def test_gradio_flags_into_its_own_folder_as_the_app_user(docker, containers, image_tag, tmp_path):
    """DG2048: Gradio's Flag button writes .gradio/flagged relative to /app; nothing else is writable."""
    project = copy_fixture("fw-gradio", tmp_path)
    generate(project)
    assert "RUN install -d -o 10001 -g 10001 .gradio flagged" in (project / "Dockerfile").read_text()
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, _, _ = docker.wait_http(name, 7861, "/", timeout=120)
    assert status == 200
    flagged = docker.exec(name, "python", "-c", FLAG.format(where="d.flagging_dir"))
    assert flagged.returncode == 0 and flagged.stdout.split()[-1] == "1", flagged.stdout + flagged.stderr
    assert "dataset1.csv" in docker.exec(name, "ls", "/app/.gradio/flagged", check=True).stdout
    elsewhere = docker.exec(name, "python", "-c", FLAG.format(where="'not-granted'"))
    assert elsewhere.returncode != 0 and "Permission denied" in elsewhere.stderr
    assert [p for p in _writable(docker, name) if not p.startswith(("/app/.gradio", "/app/flagged"))] == []


def test_procfile_release_creates_the_table_of_a_root_database(docker, containers, image_tag, tmp_path):
    """DG2045 + DG2046: sqlite3.connect("visits.db") at the root is a link into data/; the
    Procfile's release step runs before gunicorn. A database the project ships moves into data/
    and keeps its rows."""
    import sqlite3

    project = copy_fixture("procfile-sqlite-release", tmp_path)
    with sqlite3.connect(project / "visits.db") as con:  # shipped, with one row already
        con.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, path TEXT NOT NULL)")
        con.execute("INSERT INTO visit (path) VALUES ('/shipped')")
    report = generate(project)
    assert "setup step python init_db.py (DG2046: the Procfile release step at Procfile:1)" in report.summary
    dockerfile = (project / "Dockerfile").read_text()
    assert " && mv visits.db data/visits.db \\\n && chown 10001:10001 data/visits.db \\\n" in dockerfile
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8000, "/", timeout=90)
    assert (status, body.strip()) == (200, "visits: 2"), body
    assert "visits.db ready" in docker.logs(name)
    assert _writable(docker, name) == ["/app/data", "/app/data/visits.db", "/app/instance", "/app/visits.db"]
    _no_shell_left(docker, name)
    assert docker.stop(name) < STOP_LIMIT


def test_the_readmes_console_script_serves_from_a_home_folder_it_owns(docker, containers, image_tag, tmp_path):
    """DG1103: `inbox-serve --port 8085 --data ~/inbox &` from the README is the start command:
    the project is installed for its script, `~/inbox` is spelled out and made the app user's, and
    each visit writes a file there; /app stays read-only."""
    project = copy_fixture("readme-console-server", tmp_path)
    report = generate(project)
    assert any(line.endswith("inbox-serve --port 8085 --data /home/app/inbox") for line in report.summary)
    docker.build(project, image_tag)
    name = docker.start(image_tag)
    containers.append(name)
    status, body, _ = docker.wait_http(name, 8085, "/", timeout=90)
    assert status == 200 and "inbox /home/app/inbox: 1 visit(s)" in body, body
    status, body, _ = docker.wait_http(name, 8085, "/", timeout=30)
    assert "2 visit(s)" in body, body
    owner = docker.exec(name, "stat", "-c", "%u", "/home/app/inbox", check=True).stdout.strip()
    assert owner == "10001"
    assert _writable(docker, name) == []  # nothing under /app became writable
    assert docker.stop(name) < STOP_LIMIT
