"""The wheel check for exact pins (DG1034, DG2027) against a real local simple-API server.

The server is ``http.server`` on 127.0.0.1 serving a small PEP 691 JSON (and one HTML) tree;
it counts requests, so caching and ``--offline`` are observable. One test asks the real
(proxied) index about a known case.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from dockergen import generate
from dockergen.cli import app
from dockergen.inspection import inspect_project
from dockergen.plan import choose_plan
from dockergen.settings import resolve
from dockergen.versions import DEFAULT_MINOR
from dockergen.wheel_index import check_wheels, index_url, release_times

MANY = "manylinux_2_17_x86_64.manylinux2014_x86_64"
PROJECTS = {
    # wheels for 3.10 and 3.11 only (like numpy 1.24), plus other versions that must not count
    "oldnum": ["oldnum-1.0.tar.gz", f"oldnum-1.0-cp310-cp310-{MANY}.whl", f"oldnum-1.0-cp311-cp311-{MANY}.whl",
               "oldnum-1.0-cp312-cp312-win_amd64.whl", "oldnum-1.0-cp312-cp312-macosx_11_0_arm64.whl",
               "oldnum-1.0-cp313-cp313-musllinux_1_1_x86_64.whl", f"oldnum-2.0-cp313-cp313-{MANY}.whl"],
    "pure": ["pure-2.0-py3-none-any.whl"],
    "stable": [f"stable-3.0-cp311-abi3-{MANY}.whl"],  # abi3: 3.11 and every later minor
    "sdistonly": ["sdistonly-0.5.tar.gz"],
    "glibcnew": ["glibcnew-1.0-cp313-cp313-manylinux_2_39_x86_64.whl"],  # newer than bookworm's glibc
}
HTML_PROJECTS = {"htmlpkg": [f"htmlpkg-1.1-cp310-cp310-{MANY}.whl"]}
# PEP 700 upload times (DG2082): a release's first file dates it; files without one are left out.
UPLOADED = {"oldnum-1.0.tar.gz": "2019-02-24T10:00:00.123456Z",
            f"oldnum-1.0-cp310-cp310-{MANY}.whl": "2019-02-20T09:00:00Z",
            f"oldnum-2.0-cp313-cp313-{MANY}.whl": "2025-01-01T00:00:00Z",
            "pure-2.0-py3-none-any.whl": "2018-05-01T00:00:00Z",
            "sdistonly-0.5.tar.gz": "2017-07-07T07:07:07Z"}


class _Index(BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        if self.path.startswith("/error/"):
            self.send_error(500)
            return
        name = self.path.strip("/").split("/")[-1]
        if name in PROJECTS:
            body = json.dumps({"meta": {"api-version": "1.0"}, "name": name,
                               "files": [{"filename": f, "url": f"/files/{f}", "hashes": {},
                                          **({"upload-time": UPLOADED[f]} if f in UPLOADED else {})}
                                         for f in PROJECTS[name]]})
            self._send(body, "application/vnd.pypi.simple.v1+json")
        elif name in HTML_PROJECTS:
            links = "".join(f'<a href="/files/{f}#sha256=00">{f}</a><br/>' for f in HTML_PROJECTS[name])
            self._send(f"<html><body>{links}</body></html>", "text/html")
        else:
            self.send_error(404)

    def _send(self, body: str, kind: str) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def index(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Index.requests = []
    url = f"http://127.0.0.1:{server.server_address[1]}/simple"
    monkeypatch.setenv("PIP_INDEX_URL", url)
    monkeypatch.delenv("DOCKERGEN_OFFLINE", raising=False)
    # This index serves file lists, not wheels: uv's whole-set check (DG2116, tests/unit/
    # test_resolution.py) is left out of these tests by keeping uv off PATH.
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    yield url
    server.shutdown()
    server.server_close()


ALL = ("3.10", "3.11", "3.12", "3.13", "3.14")


def _planned(root):
    """(minor, its evidence, warnings) of the plan: inspection gathers the wheel answers, the
    plan chooses the minor from them (base_image.choose_for_sets). The as-of rule is off: these
    pins' made-up upload times would move the minor to their era (DG2110)."""
    facts = inspect_project(root, offline=False)
    plan = choose_plan(facts, resolve(facts, {"as_of": "never"}))
    return plan.base.python_version, plan.base.python_evidence, plan.warnings


def test_minors_per_pin_follow_tags_and_platform(index):
    pins = {"oldnum": "1.0", "pure": "2.0", "stable": "3.0", "sdistonly": "0.5", "glibcnew": "1.0", "htmlpkg": "1.1"}
    check = check_wheels(pins, ALL)
    assert check.minors == {
        "oldnum==1.0": ["3.10", "3.11"],
        "pure==2.0": list(ALL),
        "stable==3.0": ["3.11", "3.12", "3.13", "3.14"],
        "sdistonly==0.5": [],
        "glibcnew==1.0": [],
        "htmlpkg==1.1": ["3.10"],
    }
    assert check.note == ""


def test_the_index_host_is_looked_up_once_for_all_workers(index, monkeypatch):
    """Simultaneous lookups through the system resolver lose queries now and then, and each lost
    one waits out its 5 s timeout: one lookup per check, whatever the number of workers."""
    lookups = []
    real = socket.getaddrinfo

    def counting(host, *args, **kwargs):
        lookups.append(host)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", counting)
    pins = {"oldnum": "1.0", "pure": "2.0", "stable": "3.0", "sdistonly": "0.5", "glibcnew": "1.0", "htmlpkg": "1.1"}
    check = check_wheels(pins, ALL, index=index.replace("127.0.0.1", "localhost"))
    assert check.minors["stable==3.0"] == ["3.11", "3.12", "3.13", "3.14"] and check.note == ""
    assert lookups == ["localhost"] and check.requests == len(pins)


def test_unknown_project_or_version_is_left_out(index):
    assert check_wheels({"nosuch": "1.0", "pure": "9.9"}, ALL).minors == {}


def test_answers_are_cached_on_disk(index):
    check_wheels({"oldnum": "1.0", "pure": "2.0"}, ALL)
    first = len(_Index.requests)
    again = check_wheels({"oldnum": "1.0", "pure": "2.0"}, ALL)
    assert first == 2 and len(_Index.requests) == first
    assert again.minors["oldnum==1.0"] == ["3.10", "3.11"]


def test_default_minor_drops_to_newest_with_wheels_for_every_pin(index, tree):
    root = tree({"requirements.txt": "oldnum==1.0\npure==2.0\nsdistonly==0.5\n", "main.py": "print(1)\n"})
    assert inspect_project(root, offline=False).python.python_version.value == DEFAULT_MINOR  # facts only, no choice
    minor, evidence, warnings = _planned(root)
    assert minor == "3.11"
    assert "oldnum==1.0" in evidence and "DG1034" in evidence
    assert any("DG1034: no wheel for Python " + DEFAULT_MINOR + ": oldnum==1.0" in w for w in warnings)
    assert "sdistonly" not in evidence  # no wheel anywhere: another minor would not help


def test_range_bounds_the_wheel_choice(index, tree):
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
    main = "print(1)\n"
    assert _planned(tree({"pyproject.toml": pyproject, "requirements.txt": "oldnum==1.0\n", "main.py": main}))[0] \
        == "3.11"
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.12"\n'
    minor, _, warnings = _planned(tree({"pyproject.toml": pyproject, "requirements.txt": "oldnum==1.0\n",
                                        "main.py": main}))
    assert minor == DEFAULT_MINOR  # no allowed minor has the wheel
    assert any("DG2027" in w and "no supported minor has wheels" in w for w in warnings)


def test_exact_version_is_kept_and_builder_gets_toolchain(index, tree):
    root = tree({".python-version": "3.13\n", "requirements.txt": "oldnum==1.0\n", "main.py": "print(1)\n"})
    report = generate(root, dry_run=True, offline=False)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert "ARG PYTHON_VERSION=3.13" in dockerfile
    assert "FROM python:${PYTHON_VERSION}-trixie AS builder" in dockerfile
    assert "#   DG2027: no wheel for Python 3.13: oldnum==1.0" in dockerfile
    assert any("DG2027" in w and ".python-version:1 names it" in w for w in report.warnings)


def test_pins_with_wheels_change_nothing(index, tree):
    facts = inspect_project(tree({"requirements.txt": "pure==2.0\nstable==3.0\n"}))
    assert (facts.python.python_version.value, facts.python.python_version.source) == (DEFAULT_MINOR, "default")
    assert not [w for w in facts.warnings if "DG10" in w or "DG20" in w]


def test_offline_asks_nothing(index, tree):
    root = tree({"requirements.txt": "oldnum==1.0\n", "main.py": "print(1)\n"})
    assert inspect_project(root, offline=True).python.python_version.value == DEFAULT_MINOR
    result = CliRunner().invoke(app, ["inspect", "--offline", str(root)])
    assert result.exit_code == 0, result.output
    generate(root, dry_run=True, offline=True)
    assert _Index.requests == []


def test_an_open_requirement_costs_one_request_once(index, tree):
    """DG2115: the range is resolved with one request; the wheel check then reads the cache."""
    root = tree({"requirements.txt": "pure>=2\n"})
    inspect_project(root)
    assert _Index.requests == ["/simple/pure/"]
    inspect_project(root)
    assert _Index.requests == ["/simple/pure/"]  # cached, misses too


def test_unreachable_index_is_a_note_not_an_error(monkeypatch, tree):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")  # discard port: connection refused
    monkeypatch.delenv("DOCKERGEN_OFFLINE", raising=False)
    facts = inspect_project(tree({"requirements.txt": "oldnum==1.0\n"}))
    assert facts.python.python_version.value == DEFAULT_MINOR
    assert any("could not be reached" in w and "127.0.0.1:9" in w for w in facts.warnings)
    assert facts.python.resolved_sets == {}  # DG2116 does not ask an index the wheel check found unreachable


def test_index_url_from_pip_config_file(monkeypatch, tmp_path):
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    conf = tmp_path / "pip.conf"
    conf.write_text("[global]\nindex-url = https://mirror.example/simple/\n")
    monkeypatch.setenv("PIP_CONFIG_FILE", str(conf))
    assert index_url() == "https://mirror.example/simple"


def test_real_index_numpy_1_24_has_no_wheel_for_newer_pythons(monkeypatch, tree):
    """Against the configured (proxied) PyPI: numpy 1.24.4 has wheels up to cp311 only."""
    monkeypatch.delenv("DOCKERGEN_OFFLINE", raising=False)
    monkeypatch.delenv("PIP_INDEX_URL", raising=False)
    root = tree({"requirements.txt": "numpy==1.24.4\n", "main.py": "import numpy\n"})
    facts = inspect_project(root)
    assert facts.python.wheel_minors["numpy==1.24.4"] [-4:] == ["3.8", "3.9", "3.10", "3.11"], facts.warnings
    minor, evidence, _ = _planned(root)
    assert minor == "3.11" and "numpy==1.24.4" in evidence


def test_server_errors_are_noted_not_raised(index):
    check = check_wheels({"pure": "2.0", "oldnum": "1.0"}, ALL, index=index.replace("/simple", "/error"))
    assert check.minors == {}
    assert "could not be asked about 2 pin(s) (HTTP 500 for pure)" in check.note
    assert len(_Index.requests) == 2  # a server error is per pin, not "unreachable"


def test_end_of_life_minor_is_checked_too(index, tree):
    root = tree({".python-version": "3.8\n", "requirements.txt": "pure==2.0\noldnum==1.0\n", "main.py": "print(1)\n"})
    assert "3.8" in inspect_project(root).python.wheel_minors["pure==2.0"]
    minor, _, warnings = _planned(root)
    assert minor == "3.8"
    assert [w for w in warnings if "DG2027" in w] == [
        "DG2027: no wheel for Python 3.8 (.python-version:1 names it): oldnum==1.0; the builder stage "
        "compiles them with the full image's toolchain."]


def test_upload_times_date_each_pinned_release(index):
    pins = {"oldnum": "1.0", "pure": "2.0", "stable": "3.0", "htmlpkg": "1.1"}
    check = check_wheels(pins, ALL)
    # the release's first upload, never another version's; no time in the file or in HTML: no entry
    assert check.uploaded == {"oldnum==1.0": "2019-02-20T09:00:00Z", "pure==2.0": "2018-05-01T00:00:00Z"}
    assert release_times(pins) == check.uploaded  # from the cache: the same answer, no new request
    assert len(_Index.requests) == len(pins)


def test_all_pinned_project_is_dated_by_its_pins_and_gets_the_python_of_then(index, tree):
    root = tree({"requirements.txt": "oldnum==1.0\npure==2.0\n", "main.py": "print(1)\n"})
    report = generate(root, dry_run=True, offline=False)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert "ARG UV_EXCLUDE_NEWER=2019-02-21T00:00:00Z" in dockerfile  # the day after oldnum 1.0
    assert "oldnum==1.0, the newest pinned release, uploaded 2019-02-20; DG2082" in dockerfile
    assert "ARG PYTHON_VERSION=3.7" in dockerfile and "DG2083" in dockerfile  # 3.8 was out < 180 days
    assert "FROM python:${PYTHON_VERSION}-slim-bookworm" in dockerfile  # DG2111: no 3.7 trixie image
    assert any(w.startswith("DG2083:") and "end of life on 2023-06-27" in w for w in report.warnings)


def test_an_open_requirement_means_the_pins_cannot_date_the_project(index, tree):
    root = tree({"requirements.txt": "oldnum==1.0\npure\n", "main.py": "print(1)\n"})
    dockerfile = {f.path: f.content for f in generate(root, dry_run=True, offline=False).files}["Dockerfile"]
    assert "DG2082" not in dockerfile and "UV_EXCLUDE_NEWER" not in dockerfile
    assert "DG2083" not in dockerfile


def test_a_stated_python_wins_over_the_pins_era(index, tree):
    root = tree({"requirements.txt": "oldnum==1.0\n", ".python-version": "3.11\n", "main.py": "print(1)\n"})
    dockerfile = {f.path: f.content for f in generate(root, dry_run=True, offline=False).files}["Dockerfile"]
    assert "ARG PYTHON_VERSION=3.11" in dockerfile and "DG2083" not in dockerfile
    assert "ARG UV_EXCLUDE_NEWER=2019-02-21T00:00:00Z" in dockerfile  # the install is still bounded


def test_a_hashed_lock_is_not_date_bounded_but_runs_on_the_python_of_its_pins(index, tree):
    lock = "oldnum==1.0 --hash=sha256:" + "0" * 64 + "\npure==2.0 --hash=sha256:" + "1" * 64 + "\n"
    root = tree({"requirements.txt": lock, "main.py": "print(1)\n"})
    report = generate(root, dry_run=True, offline=False)
    dockerfile = {f.path: f.content for f in report.files}["Dockerfile"]
    assert "UV_EXCLUDE_NEWER" not in dockerfile
    assert "ARG PYTHON_VERSION=3.7" in dockerfile


def test_dg2115_an_open_range_is_checked_at_its_newest_release(index, tree):
    """sdistonly has only an sdist: a range over it needs the compiling builder (DG2027)."""
    from dockergen.wheel_index import resolve_ranges

    assert resolve_ranges({"oldnum": ">=1,<2", "pure": "", "nosuch": ">=1"}) == {"oldnum": "1.0", "pure": "2.0"}
    assert resolve_ranges({"oldnum": ">=3"}) == {}  # nothing in the range
    root = tree({"requirements.txt": "sdistonly>=0.1,<1\npure\n", "main.py": "print(1)\n"})
    facts = inspect_project(root, offline=False)
    assert facts.python.range_picks == {"sdistonly": "0.5", "pure": "2.0"}
    dockerfile = {f.path: f.content for f in generate(root, dry_run=True, offline=False).files}["Dockerfile"]
    assert "no wheel for Python" in dockerfile and "sdistonly==0.5" in dockerfile
    offline = {f.path: f.content for f in generate(root, dry_run=True, offline=True).files}["Dockerfile"]
    assert "sdistonly==0.5" not in offline  # --offline asks nothing
