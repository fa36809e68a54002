"""dockergen's images against a naive hand-written baseline, built with the real engine.

For every fixture app under tests/fixtures/projects/ (see its README for the e2e.toml format),
build dockergen's Dockerfile and the naive baseline (bench/baseline.py) in one run, and report
size, cold build, warm rebuild after a one-line edit, layers, time to the first answer, whether
the dependency step was reused, hadolint findings, the user and what is left in the image.
Prints a table and writes docs/benchmarks.md. Timings are printed, never asserted.

    python bench/images.py [--only NAME ...] [--no-write]

Needs the engine and stand-in images of ../shared/testbed (DESIGN.md section 8). Builds run
one after another so their timings compare (the machine is shared: compare within one run).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # `python bench/images.py` from anywhere: import the worktree's code
    sys.path.insert(0, str(REPO))

from bench.baseline import BASELINE_DOC, baseline_command, baseline_dockerfile  # noqa: E402
from bench.measure import measure  # noqa: E402
from bench.report import Row, failures, summary_lines, table  # noqa: E402
from dockergen import generate  # noqa: E402
from dockergen.versions import UV_VERSION  # noqa: E402
from tests.e2e.fixture_specs import FixtureSpec, all_specs, copy_project, plan_for, resolve_probe  # noqa: E402
from tests.e2e.harness import Docker  # noqa: E402

DOC = REPO / "docs" / "benchmarks.md"


def bench_fixture(docker: Docker, spec: FixtureSpec, work: Path) -> Row:
    ours = copy_project(spec, work / "dockergen")
    theirs = copy_project(spec, work / "baseline")
    planned = plan_for(ours, spec.options)
    probe = resolve_probe(spec, ours, planned)
    generate(ours, **spec.options)
    (theirs / "Dockerfile").write_text(
        baseline_dockerfile(planned, theirs, probe.port, spec.baseline_cmd, spec.baseline_install), encoding="utf-8")
    print(f"  {spec.name}: dockergen ({planned.plan.template_id}) ...", file=sys.stderr, flush=True)
    dockergen_result = measure(docker, ours, probe, "dockergen")
    print(f"  {spec.name}: baseline ...", file=sys.stderr, flush=True)
    baseline_result = measure(docker, theirs, probe, "baseline")
    cmd = " ".join(baseline_command(planned, probe.port, spec.baseline_cmd))
    return Row(spec.name, probe.kind, cmd, dockergen_result, baseline_result)


ENGINE_LOST = ("Cannot connect to the Docker daemon", "failed to dial gRPC", "unexpected EOF",
               "connection refused", "connection reset")


def engine_lost(row: Row) -> bool:
    errors = row.dockergen.error + row.baseline.error + row.dockergen.answer_note + row.baseline.answer_note
    return any(text in errors for text in ENGINE_LOST)


def wait_for_engine(docker: Docker, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if docker.run("info", check=False, timeout=30).returncode == 0:
            return True
        time.sleep(3)
    return False


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    engine = subprocess.run([os.environ.get("DOCKER", "/usr/bin/docker"), "version", "--format",
                             "{{.Server.Version}}"], capture_output=True, text=True, check=False).stdout.strip()
    return (f"{os.cpu_count()} cores ({cpu}), {mem} GiB RAM, {platform.system()} {platform.release()}, "
            f"Docker engine {engine or '?'} with BuildKit, hadolint on PATH, uv {UV_VERSION}")


def failure_text(rows: list[Row]) -> str:
    lines = failures(rows)
    return ("Failures and notes (the naive baseline failing is a result, not a bench error):\n\n"
            + "".join(f"- {line}\n" for line in lines) + "\n") if lines else ""


def write_doc(rows: list[Row], started: datetime.datetime, seconds: float) -> None:
    commands = "\n".join(f"| {r.fixture} | {r.kind} | `{r.baseline_cmd}` |" for r in rows)
    text = f"""# Benchmarks: dockergen's images against a naive baseline

Written by `python bench/images.py` (do not edit by hand; rerun it). Run on
{started:%Y-%m-%d %H:%M} UTC, {seconds / 60:.0f} min in all, on {machine()}.

## Results

{table(rows, markdown=True)}

{failure_text(rows)}## Targets (from the table above)

{chr(10).join("- " + line for line in summary_lines(rows))}

## What is measured

- **size**: `docker image inspect` Size; **vs base**: dockergen's size / the baseline's.
- **layers**: entries in RootFS.Layers (base image layers included).
- **cold s**: `docker build --no-cache` with the base images already local.
- **warm s**: rebuild after appending one comment line to one source file (e2e.toml `edit`, else
  the first `.py` file). **deps reused**: the first package-install `RUN` of each stage was
  `CACHED` in that rebuild (a later install of the project itself may run again).
- **first answer s**: from `docker run` to the first HTTP answer on the fixture's port (probed
  from inside the container, `--network none`); for scripts, until the process exited; for
  workers, until the expected line was logged (tests/e2e/probing.py).
- **stop s**: `docker stop` (10 s grace) of the web or worker container.
- **hadolint**: findings of `hadolint` with no config (every severity); **user**: the image's
  `USER`; **left in image**: compilers and build tools on PATH, non-empty pip/uv/poetry/pdm/
  pipenv cache folders anywhere, and build-only files (Dockerfile, .git, *.egg-info, build,
  dist, .venv) in the app folder, looked for as root (tests/e2e/harness.py `leftovers`).

## The baseline

{BASELINE_DOC}

| fixture | kind | baseline CMD |
|---|---|---|
{commands}

## Caveats

- The base images are local stand-ins built from Debian packages (../shared/testbed), not the
  official `python:*` images: absolute sizes are not the official images' sizes. Both variants
  use the same stand-ins, so the ratios compare like with like.
- The machine is shared with other builds running at the same time: timings are noisy. Compare
  the two variants within one run, not across runs.
- dockergen's dependency step uses a BuildKit cache mount for uv's downloads; `--no-cache` does
  not empty it, so dockergen's cold builds may reuse downloaded wheels while the baseline's pip
  downloads again (through a local PyPI proxy). Cold times favour dockergen a little for that reason.
- dockergen's cold build can take longer than the baseline's: its runtime stage installs tini
  with apt-get (from Debian's mirror) and a package is built in a second step; it pays that
  once, while the baseline reinstalls every dependency on each source edit (warm s).
- Other builds share the engine. While they ran, a warm rebuild of dockergen's image has been
  seen to rerun its dependency step although the same fixture, benched alone, reuses it; the
  bench then edits once more and rebuilds, and lists both results under the notes above.
- A baseline web server that does not handle SIGTERM as PID 1 (Flask's dev server) is killed
  only after `docker stop`'s 10 s grace period: that is the "stop s" of about 10.
- A fixture's first answer includes the server's start-up: gunicorn's workers against a dev
  server or uvicorn with one process.
"""
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", help="fixture names (default: all)")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {DOC.relative_to(REPO)}")
    args = parser.parse_args()
    docker = Docker()
    docker.check_engine()
    docker.ensure_tag(f"ghcr.io/astral-sh/uv:{UV_VERSION}", "ghcr.io/astral-sh/uv:latest")
    specs = [s for s in all_specs() if not args.only or s.name in args.only]
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    with tempfile.TemporaryDirectory(prefix="dgbench-") as tmp:
        for spec in specs:
            row = bench_fixture(docker, spec, Path(tmp) / spec.name)
            if engine_lost(row) and wait_for_engine(docker):  # the shared engine restarted mid-run
                print(f"  {spec.name}: the engine restarted; measuring again", file=sys.stderr, flush=True)
                row = bench_fixture(docker, spec, Path(tmp) / f"{spec.name}-again")
            rows.append(row)
    seconds = (datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()
    print(table(rows, markdown=False))
    print("\n".join(["", "Failures and notes:"] + failures(rows)) if failures(rows) else "")
    print()
    print("\n".join(summary_lines(rows)))
    if not args.no_write and not args.only:
        write_doc(rows, started, seconds)
        print(f"\nwrote {DOC.relative_to(REPO)}")


if __name__ == "__main__":
    main()
