"""Wall time of `dockergen init --yes --dry-run` on a small project, interpreter start included.

Target (issue: core): 150 ms or less. Printed, never asserted.

    python bench/init_speed.py [--runs 15]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("dockergen")
    if exe is None:
        sys.exit("dockergen is not installed: pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
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
