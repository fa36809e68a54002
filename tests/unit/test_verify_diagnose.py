"""The diagnosis table on captured logs (tests/fixtures/verify-logs: real container and build
output of the e2e fixtures), the remedies it maps to, and the Dockerfile reading of verify."""

from __future__ import annotations

import pytest

from dockergen.verify.diagnose import RULES, Hints, diagnose, make, relevant, writable_folder
from dockergen.verify.fix import REMEDIES, older_minor, remedy
from dockergen.verify.probe import Listener, ProbeResult, decode_address
from dockergen.verify.report import VerifyReport
from dockergen.verify.target import read_target
from tests.conftest import REPO

LOGS = REPO / "tests" / "fixtures" / "verify-logs"


def log(name: str) -> str:
    return (LOGS / name).read_text(encoding="utf-8")


def test_undeclared_module_names_its_distribution_and_the_traceback():
    found = diagnose("start", log("undeclared.log"), Hints(requirements={"flask"}))
    assert found.code == "DG4001" and found.detail["package"] == "PyYAML"
    assert "does not declare PyYAML" in found.cause
    assert found.log[-1].startswith("ModuleNotFoundError: No module named 'yaml'") or "import yaml" in "\n".join(found.log)
    assert any('File "/app/app.py"' in line for line in found.log)
    assert not any("<frozen" in line for line in found.log) and len(found.log) <= 15
    assert remedy(found, {}, {}, None) == {"extra_packages": ["PyYAML"]}


def test_a_module_the_project_declares_or_owns_is_told_apart():
    declared = diagnose("start", log("undeclared.log"), Hints(requirements={"pyyaml"}))
    assert declared.code == "DG4001" and "is declared" in declared.cause
    own = diagnose("start", log("undeclared.log"), Hints(local_modules={"yaml"}))
    assert "project's own module" in own.cause and remedy(own, {}, {}, None) is None


def test_removed_stdlib_module_means_an_older_python():
    found = diagnose("start", log("oldpy.log"), Hints(python="3.13", older="3.11"))
    assert found.code == "DG4002" and found.detail == {**found.detail, "module": "imp", "removed": "3.12"}
    assert 'python = "3.11"' in found.fix
    assert remedy(found, {}, {}, None) == {"python": "3.11"}
    cgi = diagnose("start", "ModuleNotFoundError: No module named 'cgi'", Hints(python="3.13"))
    assert cgi.code == "DG4002" and cgi.detail["removed"] == "3.13"
    assert remedy(cgi, {}, {}, None) == {"python": "3.12"}  # no engine: the newest older minor


def test_pkg_resources_gets_an_old_setuptools_at_run_time_only():
    found = diagnose("start", log("pkg-resources.log"))
    assert found.code == "DG4004"
    assert remedy(found, {"extra_packages": ["six"]}, {}, None) == {"extra_packages": ["six", "setuptools<82"]}
    assert remedy(diagnose("build", log("pkg-resources.log")), {}, {}, None) is None


def test_permission_error_names_the_folder():
    found = diagnose("start", log("writable.log"))
    assert found.code == "DG4005" and found.detail["folder"] == "store"
    assert "store/visits.log" in found.cause
    assert remedy(found, {}, {}, None) == {"extra_writable_dirs": ["store"]}
    sqlite = diagnose("start", log("sqlite.log"))
    assert sqlite.code == "DG4005" and remedy(sqlite, {}, {}, None) is None  # no path: no folder to pick


@pytest.mark.parametrize(("path", "folder"), [
    ("/app/data/db.sqlite", "data"), ("data/x/y.txt", "data"), ("cache", "cache"), ("notes.txt", ""),
    ("/var/log/app.log", ""), ("../up/x", ""), ("./store/x.log", "store"),
])
def test_writable_folder(path, folder):
    assert writable_folder(path) == folder


def test_missing_env_var_is_named_with_what_the_code_reads():
    hints = Hints(env_reads={"API_TOKEN": "app.py:5", "DATABASE_URL": "db.py:2"})
    found = diagnose("start", log("envvar.log"), hints)
    assert found.code == "DG4007" and "API_TOKEN (read at app.py:5)" in found.cause
    assert "DATABASE_URL" in found.cause and "--env API_TOKEN=" in found.fix
    assert remedy(found, {}, {}, None) is None  # values are the user's
    assert diagnose("start", "Error: SECRET_KEY environment variable is not set").code == "DG4007"


def test_a_bare_key_error_is_no_env_var():
    assert diagnose("start", "Traceback (most recent call last):\n  x = d['FOO_BAR']\nKeyError: 'FOO_BAR'").code == "DG4000"


@pytest.mark.parametrize("name", ["exec-not-found.log", "tini.log"])
def test_server_not_installed(name):
    found = diagnose("start", log(name))
    assert found.code == "DG4008" and found.detail["program"] == "gunicorn"
    assert remedy(found, {}, {}, None) == {"extra_packages": ["gunicorn"]}
    assert remedy(found, {}, {"extra_packages": ["gunicorn"]}, None) is None  # tried already


def test_build_without_a_wheel_means_an_older_python():
    text = ("#12 41.20 error: command '/usr/bin/gcc' failed with exit code 1\n"
            "#12 41.21   × Failed to build `numpy==1.21.0`\n")
    found = diagnose("build", text, Hints(python="3.13", older="3.11"))
    assert found.code == "DG4003" and found.log[0].startswith("error: command")
    assert remedy(found, {"python": "3.13"}, {}, None) == {"python": "3.12"}


def test_unknown_failure_keeps_the_last_lines():
    found = diagnose("start", "\n".join(f"line {i}" for i in range(30)))
    assert found.code == "DG4000" and found.log == [f"line {i}" for i in range(18, 30)]


def test_every_rule_has_a_page_and_known_remedy():
    from dockergen.decisions import get

    for rule in RULES:
        assert get(rule.code) is not None, rule.code
        assert not rule.remedy or rule.remedy in REMEDIES, rule.code


def test_made_diagnoses_fill_their_text():
    found = make("DG4013", "answer", [], port=8000, others="0.0.0.0:5000", other=5000)
    assert "0.0.0.0:5000" in found.cause and "port = 5000" in found.fix
    assert remedy(found, {}, {}, None) == {"port": 5000}


def test_relevant_lines_start_at_the_traceback():
    lines = ["noise"] * 5 + ["Traceback (most recent call last):", '  File "/app/a.py", line 1', "    boom()",
                             "ValueError: x", "after", "later"]
    assert relevant(lines, 8) == lines[5:10]


def test_older_minor():
    assert older_minor("3.13", "trixie", None) == ("3.12", "trixie")
    assert older_minor("3.10", "trixie", None) is None


def test_proc_net_addresses():
    assert decode_address("0100007F") == "127.0.0.1" and decode_address("00000000") == "0.0.0.0"
    assert decode_address("00000000000000000000000001000000") == "::1"
    assert decode_address("0000000000000000FFFF00000100007F") == "127.0.0.1"
    probe = ProbeResult(200, "", [Listener("127.0.0.1", 8000), Listener("0.0.0.0", 9000)])
    assert probe.loopback_only(8000) and not probe.loopback_only(9000) and probe.other_ports(8000) == [9000]


WEB = """# syntax=docker/dockerfile:1
# DG9001: generated by dockergen 0.1.0 (template: flask).
ARG PYTHON_VERSION=3.13
FROM python:${PYTHON_VERSION}-slim-trixie AS builder
FROM python:${PYTHON_VERSION}-slim-trixie
ENV PORT="8000"
# DG1005: port 8000.
EXPOSE ${PORT}
HEALTHCHECK CMD ["python", "-c", "pass"]
CMD ["gunicorn", "app:app"]
"""


def test_read_target_kinds():
    web = read_target(WEB)
    assert (web.kind, web.port, web.healthcheck, web.generated, web.python) == ("web", 8000, True, True, "3.13")
    assert web.decisions == ["DG9001", "DG1005"]
    cli = read_target('FROM python:3.13-slim\nENTRYPOINT ["/usr/bin/tini", "--", "greet"]\nCMD ["--help"]\n')
    assert cli.kind == "cli" and cli.program == ["greet"] and not cli.generated
    worker = read_target('FROM python:3.13-slim\nENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["celery", "worker"]\n')
    assert worker.kind == "worker" and worker.port is None
    assert read_target(WEB, kind="worker").port is None
    assert read_target("FROM x\n", port=9000).kind == "web"


def test_json_contract_keys():
    report = VerifyReport(kind="web", port=8000)
    report.fail("answer", make("DG4012", "answer", ["x"], port=8000, timeout=5, listening=""))
    assert report.diagnosis.cause == "nothing answered HTTP on port 8000 within 5 s although the process runs"
    data = report.to_json()
    assert data["schema_version"] == 1 and data["ok"] is False and data["stage"] == "answer"
    assert set(data) >= {"schema_version", "ok", "stage", "kind", "port", "build_seconds", "image_size", "user",
                         "startup_seconds", "stop_seconds", "diagnosis", "decisions", "notes"}
    assert set(data["diagnosis"]) == {"code", "cause", "fix", "log"}
    report.ok = True
    assert report.to_json()["stage"] is None and report.to_json()["diagnosis"] is None


def test_build_log_of_an_old_pin_on_a_new_python():
    """numpy 1.21 has no wheel for 3.13; its setup imports distutils (captured BuildKit output)."""
    found = diagnose("build", log("build-distutils.log"), Hints(python="3.13", older="3.11"))
    assert found.code == "DG4002" and found.detail["module"] == "distutils"
    assert found.log[-1].startswith("ModuleNotFoundError") or any("distutils" in line for line in found.log)
    assert found.log[0].startswith("#11 [stage-0 6/7] RUN ")  # the step that failed
    assert not any("sha256:" in line or line.startswith("#11 5.") for line in found.log)


@pytest.mark.parametrize(("text", "name"), [
    ("django.core.exceptions.ImproperlyConfigured: Set the DATABASE_URL environment variable", "DATABASE_URL"),
    (("pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\nopenai_api_key\n"
      "  Field required [type=missing, input_value={}, input_type=dict]"), "OPENAI_API_KEY"),
])
def test_env_var_messages_of_settings_libraries(text, name):
    found = diagnose("start", text)
    assert found.code == "DG4007" and found.detail["name"] == name


def test_a_missing_service_is_not_a_broken_image():
    text = ("Traceback (most recent call last):\n  File \"/app/app.py\", line 4, in <module>\n"
            "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.")
    found = diagnose("start", text)
    assert found.code == "DG4014" and remedy(found, {}, {}, None) is None
    # A missing module is the cause even when the log also shows a refused connection.
    assert diagnose("start", text + "\nModuleNotFoundError: No module named 'rq'").code == "DG4001"


def test_older_python_never_repeats_the_current_one():
    found = diagnose("start", "ModuleNotFoundError: No module named 'distutils'", Hints(python="3.11"))
    assert remedy(found, {"python": "3.11"}, {}, None) == {"python": "3.10"}
    assert remedy(found, {"python": "3.10"}, {}, None) is None  # nothing older is supported


def test_drifted_dependency():
    text = ("  File \"/opt/venv/lib/python3.13/site-packages/flask/app.py\", line 28, in <module>\n"
            "    from werkzeug.urls import url_quote\n"
            "ImportError: cannot import name 'url_quote' from 'werkzeug.urls' (/opt/venv/lib/python3.13/"
            "site-packages/werkzeug/urls.py)")
    found = diagnose("start", text, Hints(requirements={"flask"}))
    assert found.code == "DG4015" and "werkzeug.urls has no url_quote" in found.cause
    assert "as_of" in found.fix and found.detail["pins"] == {}
    own = diagnose("start", "ImportError: cannot import name 'db' from 'models'", Hints(local_modules={"models"}))
    assert own.code == "DG4000"


def test_era_date_is_the_day_after_the_newest_upload():
    from dockergen.asof import era_date

    assert era_date(["2023-02-15T22:43:55.501110Z", "2022-08-08T10:00:00Z", "not a date"]) == "2023-02-16"
    assert era_date([]) is None


def test_drift_remedy_is_off_offline_and_for_a_users_date(monkeypatch):
    found = diagnose("start", "ImportError: cannot import name 'url_quote' from 'werkzeug.urls'",
                     Hints(pins={"flask": "2.2.3"}))
    assert found.code == "DG4015" and found.remedy == "as_of_pins"
    monkeypatch.setenv("DOCKERGEN_OFFLINE", "1")
    assert remedy(found, {}, {}, None) is None
    monkeypatch.setenv("DOCKERGEN_OFFLINE", "0")
    assert remedy(found, {"as_of": "never"}, {}, None) is None
    assert remedy(found, {"as_of": "2020-01-01"}, {}, None) is None


@pytest.mark.parametrize("line", [
    'django.db.utils.OperationalError: connection is bad: :1", port 5432 failed: Cannot assign requested address\n'
    "\tIs the server running on that host and accepting TCP/IP connections?",
    "MySQLdb.OperationalError: (2002, \"Can't connect to MySQL server on 'db' (115)\")",
])
def test_a_request_that_needs_the_database_server_is_a_missing_service(line):
    """DG4014 on the answer stage too: a 500 whose log shows the database server missing (Django
    with ATOMIC_REQUESTS opens a connection on every request) names the service, not DG4011."""
    found = diagnose("answer", "Internal Server Error: /\nTraceback (most recent call last):\n" + line)
    assert found.code == "DG4014"


def test_a_debian_package_name_of_another_release_names_the_replacement():
    """DG4016 on a real build log: `libldap2` (trixie's name) on bookworm, which apt says
    libldap-2.5-0 replaces."""
    found = diagnose("build", log("apt-no-candidate.log"))
    assert found.code == "DG4016"
    assert found.cause == ("the Debian package libldap2 does not exist in the image's Debian release "
                           "(it has libldap-2.5-0 in its place)")
    assert found.fix == ("use the name this release has, libldap-2.5-0, in packages.txt, or the Debian release "
                         "the name belongs to (--debian)")
    assert found.log[-1] == "E: Package 'libldap2' has no installation candidate"


def test_an_unknown_build_failure_shows_the_failing_step_not_the_last_lines():
    """BuildKit interleaves steps built at once: the failing step's own lines are the ones shown."""
    raw = ("#6 [runtime 2/6] RUN ./configure\n#6 1.2 checking for cc... cc\n#6 1.5 weird failure 42\n"
           "#6 ERROR: executor failed running [/bin/sh -c ./configure]: exit code: 3\n"
           + "".join(f"#10 {i}.0 Setting up libfoo{i} ...\n" for i in range(20)))
    found = diagnose("build", raw)
    assert found.code == "DG4000"
    assert found.log == ["#6 [runtime 2/6] RUN ./configure", "checking for cc... cc", "weird failure 42",
                         "#6 ERROR: executor failed running [/bin/sh -c ./configure]: exit code: 3"]
