"""Timings of `dockergen verify` on fixtures: build, start-up (docker run to first answer) and
stop seconds, cold (--no-cache) and warm, plus the whole command's wall time. Printed, never
asserted.

    DOCKER=/usr/bin/docker python bench/verify_speed.py [flask-basic fw-cli fw-bot ...]

Builds use the testbed's options (--strip-syntax, --build-network host) and the machine-wide
build slots (DOCKERGEN_BUILD_SLOTS, default 2).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from dockergen import generate
from dockergen.verify import VerifyOptions, verify_project

FIXTURES = REPO / "tests" / "fixtures" / "projects"
DEFAULT = ("flask-basic", "fw-fastapi-package", "fw-cli", "fw-bot")


def one(project: Path, *, cold: bool) -> tuple[float, object]:
    options = VerifyOptions(strip_syntax=True, build_network="host", no_cache=cold)
    start = time.perf_counter()
    report = verify_project(project, options)
    return time.perf_counter() - start, report


def main(names: list[str]) -> None:
    os.environ.setdefault("DOCKERGEN_BUILD_SLOTS", "2")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            project = Path(tmp) / name
            shutil.copytree(FIXTURES / name, project)
            generate(project, offline=True)
            for label, cold in (("cold", True), ("warm", False)):
                wall, report = one(project, cold=cold)
                rows.append((name, label, report, wall))
    print(f"{'fixture':<20} {'run':<5} {'kind':<7} {'ok':<4} {'build s':>8} {'start s':>8} {'stop s':>7} "
          f"{'image MB':>9} {'wall s':>7}")
    for name, label, r, wall in rows:
        print(f"{name:<20} {label:<5} {r.kind:<7} {'yes' if r.ok else 'NO':<4} {_f(r.build_seconds):>8} "
              f"{_f(r.startup_seconds):>8} {_f(r.stop_seconds):>7} "
              f"{(r.image_size or 0) / 1e6:>9.0f} {wall:>7.1f}")


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


if __name__ == "__main__":
    main(sys.argv[1:] or list(DEFAULT))
