"""Class 5: Ctrl-C while the package index is being asked ends the run cleanly (exit 130, no
traceback). How fast it ends is measured in bench/hostile.py (case ctrl-c-during-lookups)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dockergen.errors import ExitCode
from tests.conftest import build_tree
from tests.unit.hanging_index import hanging_index


def test_ctrl_c_during_index_lookups_exits_cleanly(tmp_path: Path) -> None:
    pins = "".join(f"pkg-{i}==1.0\n" for i in range(40))
    root = build_tree(tmp_path / "p", {"main.py": "print(1)\n", "requirements.txt": pins})
    with hanging_index() as (index, hits):
        env = {**os.environ, "DOCKERGEN_OFFLINE": "0", "PIP_INDEX_URL": index,
               "XDG_CACHE_HOME": str(tmp_path / "cache"), "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
        proc = subprocess.Popen([sys.executable, "-m", "dockergen", "inspect", str(root)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len(hits) < 10 and time.monotonic() < deadline:  # the concurrent look-ups are in flight
            time.sleep(0.05)
        assert hits, "the index was never asked"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == ExitCode.INTERRUPTED, (out, err)
    assert "Traceback" not in err and "Cancelled" in err
