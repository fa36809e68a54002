"""DG2046: the setup steps that run when the container starts, before the server. Pure.

Platform buildpacks run a release phase (a Procfile ``release:`` command) before the new web
processes start; a Django project on SQLite needs its tables before the first request; a
README's quick start states how the database is created (``flask --app flaskr init-db``).
The image runs these in its ENTRYPOINT: ``sh -c 'set -e; STEP; exec "$@"'`` under tini, so a
failed step stops the container, and ``exec`` replaces the shell by the server (tini stays
PID 1 and forwards docker stop's SIGTERM to it). Opt out with the ``setup_steps`` setting.
"""

from __future__ import annotations

import shlex

from .facts import ProjectFacts, SetupStep
from .inspection.paste import DEVELOPMENT_INI

DJANGO_MIGRATE = ("python", "manage.py", "migrate", "--noinput")


def choose_setup(facts: ProjectFacts, framework: str | None, enabled: bool,
                 installed: bool = False) -> tuple[list[tuple[str, str]], list[str]]:
    """([(shell line, evidence)], warnings): the steps to run at start, in order. ``installed``:
    the image installs the project itself, so its console scripts are on PATH (DG2112)."""
    chosen: list[SetupStep] = []
    warnings: list[str] = []
    sqlite = facts.app.sqlite_files
    for step in facts.app.setup_steps:
        if step.origin.startswith("procfile") or sqlite:  # a release phase, or a database inside the container
            chosen.append(step)
        else:
            warnings.append(f"{step.evidence} states `{step.shell or shlex.join(step.argv)}`; the database is not "
                            "a SQLite file in the image, so the image does not run it at start: run it once against "
                            "your database (DG2046).")
    django = [f for f in sqlite if f.origin.startswith("Django")]
    if framework == "django" and django and not any(s.argv[1:3] == ("manage.py", "migrate") for s in chosen):
        chosen.append(SetupStep(DJANGO_MIGRATE, f"Django on SQLite, {django[0].evidence}", "django", "migrate"))
    if chosen and not enabled:
        warnings.append("setup steps off (setup_steps = false): the image does not run "
                        + ", ".join(f"`{s.shell or shlex.join(s.argv)}`" for s in chosen) + " before the server; run "
                        "it yourself against the database the container uses (DG2046).")
        return [], warnings
    lines = [(_line(step, facts, installed, first=not index), _evidence(step)) for index, step in enumerate(chosen)]
    database = _database_file(facts)
    if database and any(step.kind == "init" for step in chosen[1:]):  # an earlier step may create the file
        lines.insert(0, (f"[ -e {shlex.quote(database)} ] || {NEW_DATABASE}=1",
                         "whether the database exists before the steps, for the step that creates it"))
    return lines, warnings


NEW_DATABASE = "new_database"  # set when the database file is missing before the steps run


def _database_file(facts: ProjectFacts) -> str:
    """The app's SQLite file as the steps see it: a link's own file is its target in data/ (DG2045)."""
    if not facts.app.sqlite_files:
        return ""
    database = facts.app.sqlite_files[0]
    return database.link or database.path


def _line(step: SetupStep, facts: ProjectFacts, installed: bool, first: bool) -> str:
    argv = list(step.argv)
    if step.target and not installed:  # DG2120: a console script of a project the image does not install
        module, function = step.target.split(":")
        argv = ["python", "-c", f"import sys; from {module} import {function}; sys.exit({function}())"]
    paste = facts.app.paste_app
    if paste is not None and paste.ini != DEVELOPMENT_INI:  # DG1058: the steps use the ini the image serves
        argv = [paste.ini if word == DEVELOPMENT_INI else word for word in argv]
    if step.shell:  # a shell line as the platform runs it (a pipeline feeding answers: `yes | CMD`)
        line = f"( {step.shell} )"
    else:
        if step.kind == "migrate" and argv[1:3] == ["manage.py", "migrate"] and "--noinput" not in argv:
            argv.append("--noinput")
        line = shlex.join(argv)
    database = _database_file(facts)
    if step.kind == "init" and database:  # it may drop tables: only while the database is missing
        if not first:  # an earlier step (a migration) may have created the file: as it was before them
            return f'[ -z "${{{NEW_DATABASE}:-}}" ] || {line}'
        return f"[ -e {shlex.quote(database)} ] || {line}"
    return line


def _evidence(step: SetupStep) -> str:
    what = {"procfile": "the Procfile release step", "procfile-web": "the setup the Procfile's web command runs first "
            "(DG2049)", "readme": "the README's setup step",
            "script": "the console script that creates the database"}.get(step.origin, "")
    return f"{what} at {step.evidence}" if what else step.evidence


def wrap(entrypoint: tuple[str, ...], steps: list[tuple[str, str]], tini: list[str]) -> tuple[str, ...]:
    """The ENTRYPOINT that runs ``steps`` and then execs the command (CMD) it is given."""
    script = "; ".join(["set -e", *(line for line, _ in steps), 'exec "$@"'])
    return (*tini, "sh", "-c", script, "sh", *(w for w in entrypoint if w not in tini))
