"""Start a built image in its own network namespace, wait for its first answer, stop it.

- web: the HEALTHCHECK turns healthy, or the port answers HTTP from inside the container (any
  status below 500; a 5xx fails); the port must not be bound to loopback only (DG4006);
- cli: ``IMAGE --help`` (the ENTRYPOINT is the program) exits 0;
- worker: the process is still up after ``settle`` seconds (one that exits 0 sooner ran to completion).
Then ``docker stop``: SIGTERM must end it within ``stop_timeout`` (DG4009).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnose import Diagnosis, Hints, diagnose, make
from .engine import Engine, EngineCommandError
from .probe import ProbeResult, probe
from .report import VerifyReport
from .target import Target


@dataclass
class RunOptions:
    env: dict[str, str] = field(default_factory=dict)
    env_file: Path | None = None
    timeout: float = 120.0  # seconds to the first answer
    stop_timeout: int = 10
    settle: float = 5.0  # worker: seconds it must stay up
    http_path: str = "/"


def run_image(engine: Engine, tag: str, target: Target, options: RunOptions, hints: Hints,
              report: VerifyReport) -> VerifyReport:
    """Fill the run's part of ``report`` (start-up, stop, or the failing stage and diagnosis)."""
    started = time.perf_counter()
    args = ["--help"] if target.kind == "cli" else []
    try:
        name = engine.start(tag, *args, network="none", env=options.env, env_file=options.env_file,
                            prefix="dockergen-verify")
    except EngineCommandError as err:
        return report.fail("start", diagnose("start", err.output, hints))
    try:
        if target.kind == "cli":
            return _cli(engine, name, options, hints, report, started)
        if target.kind == "web":
            failed = _web(engine, name, target, options, hints, report, started)
        else:
            failed = _worker(engine, name, options, hints, report, started)
        return failed or _stop(engine, name, options, report)
    finally:
        engine.remove(name)


def _exited(engine: Engine, name: str, hints: Hints, report: VerifyReport) -> VerifyReport:
    code = engine.exit_code(name)
    logs = engine.logs(name, tail=20000)
    diagnosis = diagnose("start", logs, hints)
    if diagnosis.code == "DG4000":
        diagnosis.cause = f"the process exited with code {code} before it answered"
    return report.fail("start", diagnosis)


def _cli(engine: Engine, name: str, options: RunOptions, hints: Hints, report: VerifyReport,
         started: float) -> VerifyReport:
    while engine.running(name):
        if time.perf_counter() - started > options.timeout:
            return report.fail("answer", make("DG4000", "answer", _tail(engine.logs(name)),
                                              what=f"`--help` did not exit within {options.timeout:.0f} s"))
        time.sleep(0.2)
    code = engine.exit_code(name)
    if code != 0:
        return _exited(engine, name, hints, report)
    report.startup_seconds = time.perf_counter() - started
    report.notes.append("`IMAGE --help` exited 0")
    report.ok = True
    return report


def _web(engine: Engine, name: str, target: Target, options: RunOptions, hints: Hints,
         report: VerifyReport, started: float) -> VerifyReport | None:
    port = target.port or 8000
    last = ProbeResult()
    while time.perf_counter() - started < options.timeout:
        if not engine.running(name):
            return _exited(engine, name, hints, report)
        last = probe(engine, name, port, options.http_path)
        if last.status or (target.healthcheck and engine.health(name) == "healthy"):
            report.startup_seconds = time.perf_counter() - started
            return _answered(engine, name, port, last, options, report)
        time.sleep(0.5)
    return report.fail("answer", _silent(engine, name, port, last, options, hints))


def _answered(engine: Engine, name: str, port: int, last: ProbeResult, options: RunOptions,
              report: VerifyReport) -> VerifyReport | None:
    if last.status >= 500:
        return report.fail("answer", make("DG4011", "answer", _tail(engine.logs(name)), status=last.status,
                                          path=options.http_path))
    if last.loopback_only(port):
        address = last.on(port)[0].address
        return report.fail("answer", make("DG4006", "answer", _tail(engine.logs(name)), address=address, port=port))
    report.notes.append(f"HTTP {last.status} on {options.http_path}" if last.status else "HEALTHCHECK healthy")
    return None


def _silent(engine: Engine, name: str, port: int, last: ProbeResult, options: RunOptions,
            hints: Hints) -> Diagnosis:
    """Why nothing answered on ``port`` although the process runs."""
    logs = engine.logs(name, tail=20000)
    found = diagnose("answer", logs, hints)
    if found.code != "DG4000":
        return found
    others = last.other_ports(port)
    if others:
        shown = ", ".join(f"{item.address}:{item.port}" for item in last.listeners if item.port != port)
        return make("DG4013", "answer", _tail(logs), port=port, others=shown, other=others[0])
    listening = ("; a socket listens there but does not speak HTTP (TLS? another protocol?): " + last.error
                 if last.on(port) else "")
    return make("DG4012", "answer", _tail(logs), port=port, timeout=options.timeout, listening=listening)


def _worker(engine: Engine, name: str, options: RunOptions, hints: Hints, report: VerifyReport,
            started: float) -> VerifyReport | None:
    while time.perf_counter() - started < options.settle:
        if not engine.running(name):
            if engine.exit_code(name) == 0:
                report.startup_seconds = time.perf_counter() - started
                report.notes.append("exited 0 before the settle time (a run-to-completion script)")
                report.ok = True
                return report
            return _exited(engine, name, hints, report)
        time.sleep(0.3)
    report.startup_seconds = time.perf_counter() - started
    report.notes.append(f"still running after {options.settle:.0f} s")
    return None


def _stop(engine: Engine, name: str, options: RunOptions, report: VerifyReport) -> VerifyReport:
    report.stop_seconds = engine.stop(name, options.stop_timeout)
    code = engine.exit_code(name)
    if code == 137 and report.stop_seconds >= options.stop_timeout - 0.5:
        return report.fail("stop", make("DG4009", "stop", _tail(engine.logs(name)), timeout=options.stop_timeout))
    report.ok = True
    return report


def _tail(logs: str, count: int = 10) -> list[str]:
    return [line.rstrip() for line in logs.splitlines() if line.strip()][-count:]
