"""Time and peak memory of dockergen on big or deep hostile input (issue 18, class 5).

Each case builds a tree under a temporary folder, runs the real ``dockergen`` command in a
subprocess (so memory is the child's own peak RSS) and prints wall time, peak RSS, exit code
CPU seconds (the machine may be shared: CPU time is the steadier figure), exit code and the
first line of stderr. Nothing is asserted: tests only check that each case ends in a
clean result; the figures live here.

    python -m bench.hostile            # every case
    python -m bench.hostile ast-300    # one case by name
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

DOCKERGEN = [sys.executable, "-m", "dockergen"]
FLASK_APP = "from flask import Flask\napp = Flask(__name__)\n"


def _module(kb: int, index: int) -> str:
    body = [f"# module {index}", "import os", ""]
    line = 0
    while sum(len(x) + 1 for x in body) < kb * 1024:
        body.append(f"def f_{line}(x):\n    return [x + {line}, os.path.join('a', 'b'), {{'k': {line}}}]\n")
        line += 1
    return "\n".join(body)


def case_requirements_100k(root: Path) -> list[str]:
    (root / "app.py").write_text(FLASK_APP)
    (root / "requirements.txt").write_text("".join(f"package-{i}>=1.0\n" for i in range(100_000)))
    return ["inspect", "--offline"]


def case_ast(count: int, kb: int) -> Callable[[Path], list[str]]:
    def build(root: Path) -> list[str]:
        (root / "app.py").write_text(FLASK_APP)
        (root / "requirements.txt").write_text("flask\n")
        pkg = root / "pkg"
        pkg.mkdir()
        text = _module(kb, 0)
        for i in range(count):
            (pkg / f"m{i}.py").write_text(text)
        return ["init", "--yes", "--offline", "--dry-run"]
    return build


def case_deep_toml(root: Path) -> list[str]:
    (root / "main.py").write_text("print(1)\n")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1"\n[tool.deep]\nv = '
                                         + "[" * 5000 + "]" * 5000 + "\n")
    return ["inspect", "--offline"]


def case_deep_json_lock(root: Path) -> list[str]:
    (root / "main.py").write_text("print(1)\n")
    (root / "Pipfile").write_text('[packages]\nflask = "*"\n')
    (root / "Pipfile.lock").write_text('{"_meta": {}, "default": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return ["inspect", "--offline"]


def case_include_chain(root: Path) -> list[str]:
    (root / "main.py").write_text("print(1)\n")
    for i in range(1100):
        (root / f"r{i}.txt").write_text(f"-r r{i + 1}.txt\n")
    (root / "r1100.txt").write_text("flask\n")
    (root / "requirements.txt").write_text("-r r0.txt\n")
    return ["inspect", "--offline"]


def case_settings_expression(root: Path) -> list[str]:
    (root / "manage.py").write_text("import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'proj.settings')\n")
    (root / "proj").mkdir()
    (root / "proj" / "__init__.py").write_text("")
    (root / "proj" / "settings.py").write_text("X = " + " + ".join(["1"] * 600) + "\nSTATIC_ROOT = 'static'\n"
                                               "Y = " + "(" * 90 + "1" + ")" * 90 + "\n")
    (root / "requirements.txt").write_text("django\n")
    return ["inspect", "--offline"]


def case_long_version(root: Path) -> list[str]:
    (root / "main.py").write_text("print(1)\n")
    (root / "requirements.txt").write_text("flask==" + "9" * 5000 + "\n")
    (root / ".python-version").write_text("3." + "1" * 5000 + "\n")
    return ["init", "--yes", "--dry-run", "--offline"]


def case_huge_dockerfile(root: Path) -> list[str]:
    (root / "app.py").write_text(FLASK_APP)
    with open(root / "Dockerfile", "wb") as handle:  # sparse: 1 GB on paper, no disk used
        handle.write(b"FROM python:3.13-slim\n")
        handle.truncate(1024 ** 3)
    return ["check"]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "requirements-100k": case_requirements_100k,
    "ast-300x113KB": case_ast(300, 113),
    "ast-100x840KB": case_ast(100, 840),
    "deep-toml": case_deep_toml,
    "deep-json-lock": case_deep_json_lock,
    "include-chain-1100": case_include_chain,
    "settings-600-terms": case_settings_expression,
    "version-5000-digits": case_long_version,
    "dockerfile-1GB": case_huge_dockerfile,
}


def run(name: str, build: Callable[[Path], list[str]]) -> tuple[float, float, float, int, str]:
    with tempfile.TemporaryDirectory(prefix=f"dockergen-hostile-{name}-") as tmp:
        root = Path(tmp) / "p"
        root.mkdir()
        args = build(root)
        code = (f"import resource, subprocess, sys; p = subprocess.run({DOCKERGEN + args + [str(root)]!r}, "
                "capture_output=True, text=True); "
                "u = resource.getrusage(resource.RUSAGE_CHILDREN); print(u.ru_maxrss); print(u.ru_utime + u.ru_stime); "
                "print(p.returncode); "
                "print((p.stderr.strip().splitlines() or [''])[0][:110])")
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                             env={**os.environ, "DOCKERGEN_OFFLINE": "1"})
        elapsed = time.perf_counter() - start
        rss_kb, cpu, rc, first = (out.stdout.splitlines() + ["0", "0", "-1", out.stderr[-110:]])[:4]
        return elapsed, float(cpu), int(rss_kb) / 1024, int(rc), first


def ctrl_c_during_lookups() -> tuple[float, int]:
    """Seconds from SIGINT to exit while 40 index look-ups hang (the index never answers)."""
    import signal

    from tests.unit.hanging_index import hanging_index

    with tempfile.TemporaryDirectory() as tmp, hanging_index() as (index, hits):
        root = Path(tmp)
        (root / "main.py").write_text("print(1)\n")
        (root / "requirements.txt").write_text("".join(f"pkg-{i}==1.0\n" for i in range(40)))
        env = {**os.environ, "DOCKERGEN_OFFLINE": "0", "PIP_INDEX_URL": index, "XDG_CACHE_HOME": str(root / "c"),
               "no_proxy": "127.0.0.1", "NO_PROXY": "127.0.0.1"}
        proc = subprocess.Popen([*DOCKERGEN, "inspect", str(root)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while len(hits) < 10:  # the first request timed out; the concurrent ones are in flight
            time.sleep(0.02)
        time.sleep(0.3)
        start = time.perf_counter()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
        return time.perf_counter() - start, proc.returncode


def main(argv: list[str]) -> None:
    chosen = {k: v for k, v in CASES.items() if not argv or k in argv}
    print(f"{'case':<22} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'exit':>5}  first stderr line")
    for name, build in chosen.items():
        elapsed, cpu, rss, rc, first = run(name, build)
        print(f"{name:<22} {elapsed:7.2f} {cpu:6.2f} {rss:8.0f} {rc:5d}  {first}")
    if not argv or "ctrl-c" in argv:
        seconds, rc = ctrl_c_during_lookups()
        print(f"{'ctrl-c-during-lookups':<22} {seconds:7.2f} {'':>6} {'':>8} {rc:5d}  seconds from SIGINT to exit")



if __name__ == "__main__":
    main(sys.argv[1:])
