"""Probe a built image the way its fixture's e2e.toml says (see tests/fixtures/projects/README.md).

- web: ``docker run`` -> poll HTTP on the port from inside the container -> expected status and
  text -> ``docker stop`` (timed);
- script: ``docker run`` -> it must exit 0 (within SCRIPT_LIMIT) with the expected text in its output;
- worker: a long-running process without a port (a queue worker, a bot): it must print the
  expected text (or still run after WORKER_SETTLE s) -> ``docker stop`` (timed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .fixture_specs import Probe
from .harness import Docker

SCRIPT_LIMIT = 60.0
WORKER_LIMIT = 60.0
WORKER_SETTLE = 5.0


@dataclass
class Outcome:
    ok: bool
    seconds: float | None  # docker run -> first HTTP answer / exit / ready
    note: str
    stop: float | None = None  # seconds docker stop took (web, worker)


def probe_image(docker: Docker, tag: str, probe: Probe) -> Outcome:
    start = time.perf_counter()
    try:
        name = docker.start(tag, *probe.args, env=probe.env)
    except AssertionError as err:  # the process could not even start (no such executable)
        return Outcome(False, None, "could not start: " + _short(str(err)))
    try:
        if probe.kind == "web":
            return _web(docker, name, probe, start)
        if probe.kind == "worker":
            return _worker(docker, name, probe, start)
        return _script(docker, name, probe, start)
    finally:
        docker.remove(name)


def _web(docker: Docker, name: str, probe: Probe, start: float) -> Outcome:
    try:
        status, body, _ = docker.wait_http(name, probe.port, probe.path, timeout=90)
    except AssertionError as err:
        return Outcome(False, None, _short(str(err)))
    seconds = time.perf_counter() - start
    ok = status == probe.status and (probe.expect is None or probe.expect in body)
    note = f"HTTP {status}" + ("" if ok else f", expected {probe.status} with {probe.expect!r}: {body[:120]!r}")
    return Outcome(ok, seconds, note, docker.stop(name))


def _script(docker: Docker, name: str, probe: Probe, start: float) -> Outcome:
    while docker.running(name):
        if time.perf_counter() - start > SCRIPT_LIMIT:
            docker.stop(name, timeout=1)
            return Outcome(False, None, f"did not exit within {SCRIPT_LIMIT:.0f} s "
                                        "(a long-running process? describe it as kind = \"worker\")")
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    code = docker.run("inspect", "-f", "{{.State.ExitCode}}", name, check=False).stdout.strip()
    logs = docker.logs(name)
    ok = code == "0" and (probe.expect is None or probe.expect in logs)
    return Outcome(ok, seconds, f"exit {code}" + ("" if ok else f": {_short(logs)}"))


def _worker(docker: Docker, name: str, probe: Probe, start: float) -> Outcome:
    limit = WORKER_LIMIT if probe.expect else WORKER_SETTLE
    while time.perf_counter() - start < limit:
        if not docker.running(name):
            return Outcome(False, None, f"exited: {_short(docker.logs(name))}")
        if probe.expect and probe.expect in docker.logs(name):
            break
        time.sleep(0.3)
    else:
        if probe.expect:
            return Outcome(False, None, f"{probe.expect!r} not in its output after {limit:.0f} s")
    seconds = time.perf_counter() - start
    return Outcome(True, seconds, "ready" if probe.expect else f"running after {limit:.0f} s", docker.stop(name))


def _short(text: str) -> str:
    """The first line and the last non-empty line of a long message (a traceback's error)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= 2:
        return " / ".join(lines)[:300]
    return f"{lines[0][:120]} ... {lines[-1][:180]}"
