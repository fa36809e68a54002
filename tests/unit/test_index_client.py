"""The index client of the wheel check (DG1034): concurrent requests over kept-alive connections,
answers cached (misses too), progress only on a terminal. Against a real local HTTP/1.1 server
that counts requests, connections and requests in flight; no timing is asserted."""

from __future__ import annotations

import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dockergen import wheel_index
from dockergen.cli import show_index_progress
from dockergen.wheel_index import WORKERS, check_wheels

MANY = "manylinux_2_17_x86_64.manylinux2014_x86_64"
ALL = ("3.10", "3.11", "3.12", "3.13", "3.14")


class _Counting(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PyPI serves it
    lock = threading.Lock()
    requests: list[str] = []
    connections = 0
    in_flight = 0
    most_in_flight = 0

    def setup(self) -> None:
        super().setup()
        with self.lock:
            type(self).connections += 1

    def do_GET(self) -> None:  # noqa: N802
        cls = type(self)
        with self.lock:
            cls.requests.append(self.path)
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
        time.sleep(0.02)  # long enough for requests to overlap when they are concurrent
        name = self.path.strip("/").split("/")[-1]
        with self.lock:
            cls.in_flight -= 1
        if name.startswith("missing"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        files = [f"{name}-1.0-cp311-cp311-{MANY}.whl", f"{name}-1.0-cp313-cp313-{MANY}.whl"]
        data = json.dumps({"meta": {"api-version": "1.0"}, "files": [{"filename": f} for f in files]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.pypi.simple.v1+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _Counting.requests, _Counting.connections, _Counting.in_flight, _Counting.most_in_flight = [], 0, 0, 0
    yield f"http://127.0.0.1:{httpd.server_address[1]}/simple"
    httpd.shutdown()
    httpd.server_close()


PINS = {f"pkg{i}": "1.0" for i in range(40)}


def test_requests_run_concurrently_over_kept_alive_connections(server):
    check = check_wheels(PINS, ALL, index=server)
    assert check.requests == len(_Counting.requests) == 40
    assert sorted(_Counting.requests) == sorted(f"/simple/{name}/" for name in PINS)
    assert 1 < _Counting.most_in_flight <= WORKERS
    assert _Counting.connections <= WORKERS < 40  # one connection per worker, not per request
    assert check.minors["pkg7==1.0"] == ["3.11", "3.13"] and check.note == ""


def test_a_warm_run_sends_nothing_and_misses_are_cached_too(server):
    pins = {**PINS, "missing-a": "1.0", "missing-b": "2.0"}
    first = check_wheels(pins, ALL, index=server)
    assert first.requests == 42 and "missing-a==1.0" not in first.minors
    again = check_wheels(pins, ALL, index=server)
    assert again.requests == 0 and len(_Counting.requests) == 42
    assert again.minors == first.minors


def test_the_cache_keeps_the_files_for_minors_not_asked_yet(server):
    assert check_wheels({"pkg1": "1.0"}, ("3.11",), index=server).minors == {"pkg1==1.0": ["3.11"]}
    wider = check_wheels({"pkg1": "1.0"}, ALL, index=server)
    assert wider.requests == 0 and wider.minors == {"pkg1==1.0": ["3.11", "3.13"]}


def test_an_unreachable_index_stops_the_queued_requests():
    pins = {f"pkg{i}": "1.0" for i in range(200)}
    check = check_wheels(pins, ALL, index="http://127.0.0.1:9/simple")  # discard port: refused
    assert check.minors == {} and "could not be reached" in check.note and "200 pin(s)" in check.note
    assert check.requests <= WORKERS  # each worker tried once at most, then the rest were skipped


def test_credentials_in_the_index_url_are_sent_as_basic_auth_and_never_shown(server):
    seen: list[str] = []
    original = _Counting.do_GET

    def spy(self) -> None:
        seen.append(self.headers.get("Authorization", ""))
        original(self)

    _Counting.do_GET = spy  # type: ignore[method-assign]
    try:
        url = server.replace("http://", "http://alice:s3cret@")
        check = check_wheels({"pkg1": "1.0"}, ALL, index=url)
    finally:
        _Counting.do_GET = original  # type: ignore[method-assign]
    assert seen == ["Basic YWxpY2U6czNjcmV0"] and check.minors == {"pkg1==1.0": ["3.11", "3.13"]}
    failed = check_wheels({"pkg2": "1.0"}, ALL, index="http://alice:s3cret@127.0.0.1:9/simple")
    assert "s3cret" not in failed.note and "alice:***@" in failed.note


def test_progress_is_reported_as_answers_arrive(server, monkeypatch):
    calls: list[tuple[int, int]] = []
    monkeypatch.setattr(wheel_index, "PROGRESS", lambda done, total: calls.append((done, total)))
    check_wheels(PINS, ALL, index=server)
    assert sorted(calls) == [(i, 40) for i in range(1, 41)]


class _Stream(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_goes_to_stderr_only_when_it_is_a_terminal(server, monkeypatch):
    monkeypatch.setattr(wheel_index, "PROGRESS", None)
    show_index_progress(_Stream(tty=False))
    assert wheel_index.PROGRESS is None
    terminal = _Stream(tty=True)
    show_index_progress(terminal)
    check_wheels({"pkg1": "1.0", "pkg2": "1.0"}, ALL, index=server)
    assert terminal.getvalue().startswith("\rchecking wheels on the package index: 1/2")
    assert terminal.getvalue().endswith("\r\x1b[K")  # the line is cleared when done
