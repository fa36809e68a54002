"""`dockergen init --yes --dry-run` on a project with 50 pinned requirements: the wheel check
(DG1034) asks the package index about every pin. Cold cache, then warm; interpreter start included.

Target (issue 15): <= 2 s cold, <= 0.3 s warm. Printed, never asserted.

    python bench/index_speed.py [--runs 5] [--checkout]

Each run is a subprocess of what a user runs: the wheel built from this checkout, installed into
a scratch virtualenv (as bench/init_speed.py does; ``--checkout`` runs `python -m dockergen`
from this checkout instead, which recompiles every module when PYTHONDONTWRITEBYTECODE is set).
The number of index requests is the number of answers written to the cache (one per request:
misses are cached too; failures are not, and dockergen prints them as a DG1034 note). The
floor (`python -c pass`) and an offline run (no index at all) are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Real projects, real releases (a Flask/FastAPI/Celery/pandas stack, 2024-11).
PINS = """\
flask==3.0.3 werkzeug==3.0.4 jinja2==3.1.4 markupsafe==2.1.5 itsdangerous==2.2.0 click==8.1.7
blinker==1.8.2 requests==2.32.3 urllib3==2.2.3 idna==3.10 certifi==2024.8.30 charset-normalizer==3.4.0
sqlalchemy==2.0.36 greenlet==3.1.1 psycopg2-binary==2.9.10 redis==5.2.0 celery==5.4.0 kombu==5.4.2
billiard==4.2.1 vine==5.1.0 amqp==5.3.1 pydantic==2.9.2 pydantic-core==2.23.4 typing-extensions==4.12.2
annotated-types==0.7.0 fastapi==0.115.5 starlette==0.41.3 anyio==4.6.2.post1 sniffio==1.3.1 h11==0.14.0
uvicorn==0.32.1 httpx==0.27.2 httpcore==1.0.7 gunicorn==23.0.0 python-dotenv==1.0.1 pyyaml==6.0.2
numpy==2.1.3 pandas==2.2.3 python-dateutil==2.9.0.post0 six==1.16.0 pytz==2024.2 tzdata==2024.2
packaging==24.2 attrs==24.2.0 cryptography==43.0.3 cffi==1.17.1 pycparser==2.22 pillow==11.0.0
lxml==5.3.0 marshmallow==3.23.1
""".split()


def make_project(root: Path) -> None:
    root.mkdir()
    (root / "requirements.txt").write_text("\n".join(PINS) + "\n")
    (root / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")


def run(command: list[str], root: Path, cache: Path, offline: str = "") -> tuple[float, int, str]:
    """(seconds, index requests, dockergen's DG1034 notes) of one run on ``cache``."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "DOCKERGEN_OFFLINE": offline}
    if command[0] == sys.executable:
        env["PYTHONPATH"] = str(REPO)
    before = _answers(cache)
    start = time.perf_counter()
    done = subprocess.run([*command, "init", "--yes", "--dry-run", str(root)],
                          capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"dockergen failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    notes = " ".join(line for line in (done.stdout + done.stderr).splitlines() if "DG1034: the package index" in line)
    return seconds, len(_answers(cache) - before), notes


def _answers(cache: Path) -> set[tuple[str, float]]:
    folder = cache / "dockergen" / "wheels"
    return {(p.name, p.stat().st_mtime) for p in folder.glob("*.json")} if folder.is_dir() else set()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--checkout", action="store_true", help="run this checkout, not its installed wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.checkout:
            command = [sys.executable, "-m", "dockergen"]
        else:
            sys.path.insert(0, str(REPO / "bench"))
            from init_speed import install_wheel

            command = [install_wheel(Path(tmp) / "venv")]
        root = Path(tmp) / "project"
        make_project(root)
        rows: dict[str, tuple[list[float], list[int]]] = {k: ([], []) for k in ("floor", "offline", "cold", "warm")}
        for i in range(args.runs):
            cache = Path(tmp) / f"cache-{i}"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            rows["floor"][0].append(time.perf_counter() - start)
            for label, offline in (("offline", "1"), ("cold", ""), ("warm", "")):
                seconds, count, notes = run(command, root, cache, offline)
                rows[label][0].append(seconds)
                rows[label][1].append(count)
                if notes:
                    print(f"note ({label} run {i + 1}): {notes}")
        print(f"{len(PINS)} pinned requirements, {args.runs} runs each, "
              f"{'this checkout' if args.checkout else 'the installed wheel'}")
        print(f"{'':<8} {'median s':>9} {'min s':>7} {'max s':>7}  index requests (median)")
        for label, (times, counts) in rows.items():
            shown = f"{statistics.median(counts):.0f}" if counts else "-"
            print(f"{label:<8} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}  {shown}")
    print("target: cold <= 2 s, warm <= 0.3 s (interpreter start included)")


if __name__ == "__main__":
    main()
