"""The pure parts of bench/field/: manifest parsing, stand-in mapping, table rendering."""

from __future__ import annotations

import pytest

from bench.field.layout import available_pythons, map_python, nearest
from bench.field.manifest import ManifestError, load_manifest, parse_manifest
from bench.field.report import pass_rate, render_table, write_docs

ENTRY = """
[[app]]
name = "demo"
repo = "owner/demo"
commit = "0123456789abcdef0123456789abcdef01234567"
subdir = "backend"
kind = "web"
framework = "flask"
manager = "pip"
era = 2020
smoke = "/"
env = { SECRET_KEY = "x", PORT = 8000 }
"""


def test_entry_is_parsed_with_defaults_and_string_env():
    (app,) = parse_manifest(ENTRY)
    assert (app.name, app.subdir, app.expert_containerizable) == ("demo", "backend", True)
    assert app.env == {"SECRET_KEY": "x", "PORT": "8000"}
    assert str(app.git_dir()).endswith("owner+demo/repo")


@pytest.mark.parametrize(("old", "new", "message"), [
    ('commit = "0123456789abcdef0123456789abcdef01234567"', 'commit = "main"', "40 lower-case hex"),
    ('kind = "web"', 'kind = "daemon"', "kind must be"),
    ('subdir = "backend"', 'subdir = "../x"', "inside the repository"),
    ('smoke = "/"', 'smoke = "/"\nexpert_containerizable = false', "needs a reason"),
    ('smoke = "/"', 'smoke = "/"\ncolour = "red"', "unknown ['colour']"),
    ('era = 2020\n', '', "missing ['era']"),
])
def test_bad_entries_are_named(old, new, message):
    with pytest.raises(ManifestError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_manifest(ENTRY.replace(old, new))


def test_duplicate_names_are_refused():
    with pytest.raises(ManifestError, match="listed twice"):
        parse_manifest(ENTRY + ENTRY)


def test_the_committed_manifest_is_valid_and_large_enough():
    apps = load_manifest()
    assert len(apps) >= 40
    assert {"flask", "django", "fastapi", "streamlit", "gradio", "celery", "cli"} <= {a.framework for a in apps}


TAGS = ["python:3.11-slim-bookworm", "python:3.11-bookworm", "python:3.13-slim-trixie",
        "python:3.13-trixie", "python:3.14-slim-sid"]


def test_missing_minors_map_to_the_nearest_stand_in():
    slim = available_pythons(TAGS)
    assert nearest("3.12", "trixie", slim) == ("3.13", "trixie")  # same Debian breaks the tie
    assert nearest("3.12", "bookworm", slim) == ("3.11", "bookworm")
    assert nearest("3.11", "trixie", slim) == ("3.11", "bookworm")  # same minor first
    assert nearest("3.10", "trixie", slim) == ("3.11", "bookworm")  # a tie: the newer minor
    assert ("3.14", "sid") not in available_pythons(TAGS, ("", "-slim"))  # no full 3.14 image


def test_dockerfile_is_pointed_at_the_stand_in(tmp_path):
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("ARG PYTHON_VERSION=3.12\nFROM python:${PYTHON_VERSION}-slim-trixie AS builder\n"
                          "FROM python:${PYTHON_VERSION}-slim-trixie\n")
    assert map_python(dockerfile, TAGS) == "python 3.12-trixie -> 3.13-trixie (testbed)"
    assert dockerfile.read_text().startswith("ARG PYTHON_VERSION=3.13\n")
    assert map_python(dockerfile, TAGS) is None  # already available: unchanged


RESULTS = [
    {"name": "a", "framework": "flask", "kind": "web", "manager": "pip", "era": 2020, "result": "pass",
     "verify": {"image_size": 150_000_000, "build_seconds": 12.4}, "detected": {"framework": "flask"}},
    {"name": "b", "framework": "django", "kind": "web", "manager": "pip", "era": 2018, "result": "build",
     "diagnosis": "DG4003 no wheel | compiler", "verify": {"diagnosis": {"fix": "use 3.9"}}},
    {"name": "c", "framework": "fastapi", "kind": "web", "manager": "uv", "era": 2024, "result": "answer",
     "expert_containerizable": False, "reason": "needs PostgreSQL"},
]


def test_table_rate_and_docs(tmp_path):
    assert pass_rate(RESULTS) == (1, 2)
    table = render_table(RESULTS)
    assert "| a | flask (web) / pip, 2020 | flask / - / - | **pass** |  | 150 MB | 12 |" in table
    assert "no wheel \\| compiler" in table and "| c ✝ |" in table
    assert "1 of 2 expert-containerizable apps pass (50 %)" in table
    page = tmp_path / "field-tests.md"
    page.write_text("# Field tests\n\nkept text\n")
    run = {"date": "2026-12-02", "dockergen": "dg", "verifier": "dg", "apps": RESULTS}
    write_docs(run, page)
    write_docs(run, page)  # idempotent: the generated section is replaced, not appended
    text = page.read_text()
    assert text.count("field-corpus:begin") == 1 and "kept text" in text and "Fix: use 3.9" in text


def test_a_build_failure_on_a_stand_in_is_the_testbeds_only_when_the_index_says_so():
    from bench.field.run import testbed_artefact
    record = {"result": "build", "run_notes": ["python 3.12-trixie -> 3.13-trixie (testbed)"],
              "detected": {"wheel_minors_all": ["3.10", "3.11", "3.12"]}}
    assert "3.12 (generated), not for 3.13" in testbed_artefact(record)
    assert testbed_artefact({**record, "result": "answer"}) is None
    assert testbed_artefact({**record, "detected": {"wheel_minors_all": ["3.12", "3.13"]}}) is None
    assert testbed_artefact({**record, "run_notes": []}) is None


def test_a_start_failure_is_the_testbeds_only_when_the_stand_ins_minor_explains_it():
    from bench.field.run import testbed_artefact

    def record(result, log, wanted="3.12", code="DG4000"):
        return {"result": result, "run_notes": [f"python {wanted}-trixie -> 3.13-trixie (testbed)"],
                "verify": {"diagnosis": {"code": code, "log": log}}}

    cgi = ["ModuleNotFoundError: No module named 'cgi'"]
    assert "cgi is in 3.12's standard library" in testbed_artefact(record("start", cgi, code="DG4002"))
    assert testbed_artefact(record("start", cgi, wanted="3.14", code="DG4002")) is None  # newer: no excuse
    syntax = ["    except A, B:", "SyntaxError: multiple exception types must be parenthesized"]
    assert "3.14 syntax" in testbed_artefact(record("start", syntax, wanted="3.14"))
    assert testbed_artefact(record("start", syntax)) is None  # 3.12 code that 3.13 cannot parse: dockergen's
    locked = ["error: The current Python version (3.13.5) is not compatible with the locked Python requirement"]
    assert "admits 3.14 (generated), not 3.13" in testbed_artefact(record("build", locked, wanted="3.14"))
    assert testbed_artefact(record("answer", locked, wanted="3.14")) is None
    ranged = ["error: The requested interpreter resolved to Python 3.13.5, which is incompatible with the project's "
              "Python requirement: `>=3.14` (from `project.requires-python`)"]  # weather-fastapi, uv sync
    assert "admits 3.14 (generated), not 3.13" in testbed_artefact(record("build", ranged, wanted="3.14"))
    assert testbed_artefact(record("start", ["KeyError: 'SECRET'"])) is None


def test_a_web_app_whose_image_only_stays_up_has_not_passed():
    import json

    from bench.field.run import _read_verify
    report = {"ok": True, "kind": "worker", "user": "10001:10001", "stage": None}
    record = {"kind": "web", "smoke": "/"}
    _read_verify(record, json.dumps(report), "")
    assert record["result"] == "answer" and "runs as a worker, the app is a web" in record["diagnosis"]
    record = {"kind": "worker", "smoke": "stays up"}
    _read_verify(record, json.dumps(report), "")
    assert record["result"] == "pass"


def test_a_stand_ins_debian_archive_or_package_names_are_the_testbeds():
    from bench.field.run import testbed_artefact
    expired = {"result": "build", "run_notes": ["python 3.14-trixie -> 3.14-sid (testbed)"],
               "verify": {"diagnosis": {"log": ["E: Release file for http://x/sid/InRelease is expired"]}}}
    assert "sid stand-in's Debian archive has expired" in testbed_artefact(expired)
    renamed = {"result": "build", "run_notes": ["python 3.11-trixie -> 3.11-bookworm (testbed)"],
               "verify": {"diagnosis": {"log": ["E: Package 'libldap2' has no installation candidate"]}}}
    assert "trixie package name does not exist on the bookworm" in testbed_artefact(renamed)
    same_debian = {**renamed, "run_notes": ["python 3.12-trixie -> 3.13-trixie (testbed)"]}
    assert testbed_artefact(same_debian) is None
    # mealie: steps built at once hid apt's line from the log's tail; verify's DG4016 still names it
    diagnosed = {**renamed, "verify": {"diagnosis": {"code": "DG4016", "log": ["#6 ERROR: exit code: 100"]}}}
    assert "trixie package name does not exist on the bookworm" in testbed_artefact(diagnosed)


def test_a_worker_that_exits_at_once_has_not_stayed_up():
    import json

    from bench.field.run import _read_verify
    report = {"ok": True, "kind": "worker", "user": "10001:10001", "stage": None,
              "notes": ["exited 0 before the settle time (a run-to-completion script)"]}
    record = {"kind": "worker", "smoke": "stays up"}
    _read_verify(record, json.dumps(report), "")
    assert record["result"] == "answer" and "exits at once" in record["diagnosis"]


def test_an_end_of_life_minor_on_a_release_it_was_never_built_for_is_not_the_testbeds():
    from bench.field.run import testbed_artefact
    record = {"result": "build", "run_notes": ["python 3.7-trixie -> 3.9-bullseye (testbed)"],
              "detected": {"wheel_minors_all": ["3.7", "3.8"]}}
    assert testbed_artefact(record) is None  # python:3.7-slim-trixie is published nowhere


def test_the_pin_that_failed_to_build_decides_when_not_every_pin_has_wheels():
    from bench.field.run import testbed_artefact
    record = {"result": "build", "run_notes": ["python 3.12-trixie -> 3.13-trixie (testbed)"],
              "detected": {"wheel_minors_all": [], "wheel_minors": {"numpy==1.26.0": ["3.11", "3.12"]}},
              "verify": {"diagnosis": {"log": ["error: Failed to build `numpy==1.26.0`"]}}}
    assert "numpy==1.26.0, which failed to build, has a wheel for 3.12" in testbed_artefact(record)
    record["detected"]["wheel_minors"]["numpy==1.26.0"] = ["3.12", "3.13"]
    assert testbed_artefact(record) is None


def test_a_stop_waiting_on_name_lookups_is_the_testbeds():
    """The testbed has no DNS: an app whose SIGTERM handler joins workers stuck in a lookup
    (changedetection.io's default watches) stops slowly here only."""
    from bench.field.run import testbed_artefact
    record = {"result": "stop", "verify": {"diagnosis": {"code": "DG4009", "log": [
        "WARNING | validate_url - news.ycombinator.com error checking [Errno -3] Temporary failure in name resolution",
        "CRITICAL | Shutdown: Got Signal - SIGTERM (15), Fast shutdown initiated"]}}}
    assert "no DNS" in testbed_artefact(record)
    assert testbed_artefact({**record, "result": "answer"}) is None
    assert testbed_artefact({"result": "stop", "verify": {"diagnosis": {"code": "DG4009", "log": ["killed"]}}}) is None
