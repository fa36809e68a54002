"""The fixture probes (tests/e2e/probing.py) tell a working process from a broken one.
Runs the slim stand-in image directly: no build needed."""

from __future__ import annotations

import pytest

from .fixture_specs import Probe
from .probing import probe_image

pytestmark = pytest.mark.docker

IMAGE = "python:3.13-slim-trixie"
# Exits cleanly on docker stop's SIGTERM (a bare python as PID 1 would ignore it).
ON_TERM = "import signal, sys, time; signal.signal(signal.SIGTERM, lambda *a: sys.exit(0)); "


def probe(kind: str, *args: str, expect: str | None = None, port: int | None = None) -> Probe:
    return Probe(kind, port, "/", 200, expect, list(args), "main.py")


def test_script_must_exit_0_with_the_expected_text(docker):
    good = probe_image(docker, IMAGE, probe("script", "python", "-c", "print('all good')", expect="all good"))
    assert good.ok and good.note == "exit 0"
    wrong = probe_image(docker, IMAGE, probe("script", "python", "-c", "print('other')", expect="all good"))
    assert not wrong.ok
    broken = probe_image(docker, IMAGE, probe("script", "python", "-c", "raise SystemExit('boom')"))
    assert not broken.ok and broken.note.startswith("exit 1") and "boom" in broken.note


def test_worker_is_ready_when_it_says_so_and_stops(docker):
    code = ON_TERM + "print('worker ready', flush=True); time.sleep(120)"
    ready = probe_image(docker, IMAGE, probe("worker", "python", "-c", code, expect="worker ready"))
    assert ready.ok and ready.stop is not None and ready.stop < 5
    crashed = probe_image(docker, IMAGE, probe("worker", "python", "-c", "raise SystemExit(3)", expect="ready"))
    assert not crashed.ok and crashed.note.startswith("exited")


def test_web_probe_needs_the_expected_status(docker):
    server = ON_TERM + ("import http.server as h; h.HTTPServer(('127.0.0.1', 8000), "
                        "h.SimpleHTTPRequestHandler).serve_forever()")
    listing = probe_image(docker, IMAGE, probe("web", "python", "-c", server, port=8000))
    assert listing.ok and listing.note == "HTTP 200" and listing.stop < 5
    missing = Probe("web", 8000, "/no-such-page", 200, None, ["python", "-c", server], "main.py")
    assert not probe_image(docker, IMAGE, missing).ok
