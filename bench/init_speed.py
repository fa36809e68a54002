"""Wall time of `dockergen init --yes --dry-run` on a small project, interpreter start included.

Target (issue: core): 150 ms or less. Printed, never asserted.

    python bench/init_speed.py [--runs 15] [--checkout]

It measures what a user runs: the wheel built from this checkout and installed with pip into a
scratch virtualenv (pip compiles the bytecode at install time, as for any user). ``--checkout``
measures the editable checkout instead, which pays for compiling every module on each run when
PYTHONDONTWRITEBYTECODE is set (as on the development machines here).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def install_wheel(venv_dir: Path) -> str:
    """Build this checkout's wheel and pip-install it (dependencies from the current env)."""
    import venv

    repo = Path(__file__).resolve().parents[1]
    wheels = venv_dir.parent / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(repo)],
                   check=True, capture_output=True)
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(venv_dir)
    wheel = next(wheels.glob("dockergen_cli-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv_dir / "bin" / "python"), "install", "-q",
                    "--no-deps", str(wheel)], check=True, capture_output=True)
    return str(venv_dir / "bin" / "dockergen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--checkout", action="store_true", help="measure the editable checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        exe = shutil.which("dockergen") if args.checkout else install_wheel(Path(tmp) / "venv")
        if exe is None:
            sys.exit("dockergen is not installed: pip install -e .")
        root = Path(tmp) / "project"
        root.mkdir()
        (root / "requirements.txt").write_text("flask==3.1.0\n")
        (root / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n")
        (root / ".python-version").write_text("3.12\n")
        cmds = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "dockergen --version": [exe, "--version"],
            "dockergen init --yes --dry-run": [exe, "init", "--yes", "--dry-run", str(root)],
        }
        print(f"{'command':<34} {'median ms':>10} {'min ms':>8}  ({args.runs} runs)")
        for label, cmd in cmds.items():
            subprocess.run(cmd, capture_output=True, check=True)  # warm the OS cache
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run(cmd, capture_output=True, check=True)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{label:<34} {statistics.median(times):>10.0f} {min(times):>8.0f}")
    print("target: dockergen init --yes --dry-run <= 150 ms")


if __name__ == "__main__":
    main()
