"""Wall time of `dockergen inspect` on a big generated tree, interpreter start included.

The tree has 50,000 files: a 20,000-file node_modules, a full .venv (10,000 files), .git
objects, a git-ignored data folder and the project's own sources. Inspection must not walk
the first four (DG1035). Target (issue 9): under 0.5 s. Printed, never asserted.

    python bench/inspect_speed.py [--runs 7] [--keep DIR]

Runs `python -m dockergen` from this checkout, so it measures this checkout's code.
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
LAYOUT = {  # folder -> (files, files per subfolder, suffix)
    "node_modules": (20_000, 50, ".js"),
    ".venv/lib/python3.13/site-packages": (10_000, 40, ".py"),
    ".git/objects": (4_000, 100, ""),
    "data/cache": (6_000, 200, ".json"),  # listed in .gitignore
    "src/shop": (9_990, 30, ".py"),  # the project's own code
}


def make_tree(root: Path) -> int:
    count = 0
    for folder, (total, per_dir, suffix) in LAYOUT.items():
        for i in range(total):
            sub = root / folder / f"d{i // per_dir:04d}"
            if i % per_dir == 0:
                sub.mkdir(parents=True, exist_ok=True)
            (sub / f"f{i:05d}{suffix}").write_text("x = 1\n" if suffix == ".py" else "{}\n")
            count += 1
    files = {
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".gitignore": "data/\n*.log\n",
        "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.11"\ndependencies = ["flask>=3"]\n',
        "requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
        ".python-version": "3.12\n",
        "app.py": "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/')\ndef index():\n    return 'ok'\n",
        "README.md": "shop\n", "Makefile": "all:\n", "LICENSE": "MIT\n", "run.log": "\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return count + len(files)


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DOCKERGEN_OFFLINE", None)
    subprocess.run(cmd, capture_output=True, check=True, cwd=REPO, env=env)  # warm the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=REPO, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "shop"
        root.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        files = make_tree(root)
        print(f"generated {files} files in {time.perf_counter() - start:.1f} s under {root}")
        cmds = {
            "python -c pass (floor)": [sys.executable, "-c", "pass"],
            "dockergen --version": [sys.executable, "-m", "dockergen", "--version"],
            "dockergen inspect --offline": [sys.executable, "-m", "dockergen", "inspect", "--offline", str(root)],
            # the wheel check for the 2 pins (DG1034); the warm-up run fills the on-disk cache
            "dockergen inspect (warm cache)": [sys.executable, "-m", "dockergen", "inspect", str(root)],
        }
        print(f"{'command':<30} {'median ms':>10} {'min ms':>8}  ({args.runs} runs)")
        for label, cmd in cmds.items():
            median, best = timed(cmd, args.runs)
            print(f"{label:<30} {median:>10.0f} {best:>8.0f}")
    print("target: dockergen inspect under 500 ms on this tree")


if __name__ == "__main__":
    main()
