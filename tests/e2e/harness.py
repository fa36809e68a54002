"""A thin driver for a real Docker engine (../shared/testbed), used by the e2e tests and bench/.

Testbed limits handled here, never in the product: the ``# syntax`` line cannot be resolved
offline, so the harness builds from a copy without it; builds use the host network; each
container gets ``--network none`` (its own loopback) and is probed from inside.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")


# Docker 20.10's built-in BuildKit (the test bed's engine) can panic ("failed to get edge") when
# many builds that share steps run at once, which takes the whole engine down. Builds from all
# test workers therefore share a few slots (file locks: across processes, released on exit).
BUILD_SLOTS = max(1, int(os.environ.get("DOCKERGEN_BUILD_SLOTS", "2")))
_SLOT_DIR = Path(os.environ.get("DOCKERGEN_BUILD_SLOT_DIR", "/tmp/dockergen-build-slots"))


@contextlib.contextmanager
def build_slot():
    """Hold one of BUILD_SLOTS build slots for the duration of a build."""
    _SLOT_DIR.mkdir(parents=True, exist_ok=True)
    handles = [open(_SLOT_DIR / f"slot-{i}.lock", "w") for i in range(BUILD_SLOTS)]  # noqa: SIM115
    try:
        while True:
            for handle in handles:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
                return
            time.sleep(0.2)
    finally:
        for handle in handles:
            handle.close()


class DockerUnavailable(RuntimeError):
    pass


@dataclass
class Build:
    tag: str
    output: str
    seconds: float

    def step_cached(self, pattern: str) -> bool:
        """True when the build step whose text matches ``pattern`` was reported CACHED."""
        ids = [m.group(1) for m in re.finditer(r"^(#\d+) \[.*?\] (.*)$", self.output, re.M)
               if re.search(pattern, m.group(2))]
        assert ids, f"no build step matches {pattern!r}"
        return all(re.search(rf"^{re.escape(i)} CACHED$", self.output, re.M) for i in ids)


class Docker:
    def __init__(self, exe: str = DOCKER) -> None:
        self.exe = exe
        self.env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        # DOCKERGEN_E2E_COLD=1: the first build of each project folder ignores the layer cache,
        # as on a fresh CI machine. For timing the suite only: when two tests build the same
        # fixture at once, a --no-cache build can hide the other's cache from its warm rebuild
        # (seen with engine 20.10), so warm-rebuild asserts may fail in this mode.
        self.cold = os.environ.get("DOCKERGEN_E2E_COLD") == "1"
        self._built: set[Path] = set()

    def run(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([self.exe, *args], capture_output=True, text=True, env=self.env,
                                timeout=timeout, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"docker {' '.join(args[:3])} failed ({result.returncode}):\n"
                                 f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
        return result

    def check_engine(self) -> None:
        if not shutil.which(self.exe) and not Path(self.exe).exists():
            raise DockerUnavailable(f"{self.exe} not found")
        info = subprocess.run([self.exe, "info"], capture_output=True, text=True, env=self.env, check=False)
        if info.returncode != 0:
            raise DockerUnavailable(info.stderr.strip()[-500:])

    def has_image(self, ref: str) -> bool:
        return self.run("image", "inspect", ref, check=False).returncode == 0

    def ensure_tag(self, wanted: str, fallback: str) -> None:
        """Stand-in images carry the uv version of the day; tag it as the version we pin."""
        if not self.has_image(wanted) and self.has_image(fallback):
            self.run("tag", fallback, wanted)

    def build(self, project: Path, tag: str, *, no_cache: bool = False, target: str | None = None,
              secrets: dict[str, Path] | None = None) -> Build:
        dockerfile = project.parent / f"{project.name}.offline.Dockerfile"
        text = (project / "Dockerfile").read_text(encoding="utf-8")
        dockerfile.write_text(re.sub(r"\A# syntax=[^\n]*\n", "", text), encoding="utf-8")
        args = ["build", "--network", "host", "--progress", "plain", "-f", str(dockerfile), "-t", tag]
        if no_cache or (self.cold and project.resolve() not in self._built):
            args.append("--no-cache")
        self._built.add(project.resolve())
        if target:
            args += ["--target", target]
        for secret_id, source in (secrets or {}).items():  # BuildKit build secrets (DG3044)
            args += ["--secret", f"id={secret_id},src={source}"]
        with build_slot():
            start = time.perf_counter()
            result = self.run(*args, str(project))
            return Build(tag, result.stdout + result.stderr, time.perf_counter() - start)

    def start(self, tag: str, *cmd: str, network: str = "none", env: dict[str, str] | None = None) -> str:
        name = f"dge2e-{uuid.uuid4().hex[:10]}"
        args = ["run", "-d", "--name", name, "--network", network]
        for key, value in (env or {}).items():
            args += ["-e", f"{key}={value}"]
        self.run(*args, tag, *cmd)
        return name

    def exec(self, name: str, *cmd: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return self.run("exec", name, *cmd, check=check, timeout=60)

    def http_get(self, name: str, port: int, path: str = "/") -> tuple[int, str]:
        """GET http://127.0.0.1:PORT/PATH from inside the container (its own loopback)."""
        code = ("import sys, urllib.request, urllib.error\n"
                "try:\n r = urllib.request.urlopen(sys.argv[1], timeout=5); print(r.status); print(r.read(2000).decode('utf-8', 'replace'))\n"
                "except urllib.error.HTTPError as e:\n print(e.code); print(e.read(2000).decode('utf-8', 'replace'))\n")
        result = self.exec(name, "python", "-c", code, f"http://127.0.0.1:{port}{path}")
        if result.returncode != 0:
            return 0, result.stderr[-500:]
        status, _, body = result.stdout.partition("\n")
        return int(status), body

    def wait_http(self, name: str, port: int, path: str = "/", timeout: float = 60) -> tuple[int, str, float]:
        """Poll until the app answers; returns (status, body, seconds waited)."""
        start = time.perf_counter()
        last: tuple[int, str] = (0, "")
        while time.perf_counter() - start < timeout:
            if not self.running(name):
                raise AssertionError(f"container exited:\n{self.logs(name)}")
            last = self.http_get(name, port, path)
            if last[0]:
                return last[0], last[1], time.perf_counter() - start
            time.sleep(0.3)
        raise AssertionError(f"no HTTP answer on port {port} after {timeout}s: {last}\n{self.logs(name)}")

    def running(self, name: str) -> bool:
        out = self.run("inspect", "-f", "{{.State.Running}}", name, check=False).stdout.strip()
        return out == "true"

    def logs(self, name: str) -> str:
        result = self.run("logs", name, check=False)
        return (result.stdout + result.stderr)[-3000:]

    def stop(self, name: str, timeout: int = 10) -> float:
        start = time.perf_counter()
        self.run("stop", "-t", str(timeout), name, check=False)
        return time.perf_counter() - start

    def remove(self, *names: str) -> None:
        if names:
            self.run("rm", "-f", *names, check=False)

    def inspect_image(self, tag: str) -> dict:
        return json.loads(self.run("image", "inspect", tag).stdout)[0]

    def image_size(self, tag: str) -> int:
        return int(self.inspect_image(tag)["Size"])

    def run_once(self, tag: str, *cmd: str, entrypoint: str | None = None) -> subprocess.CompletedProcess[str]:
        args = ["run", "--rm", "--network", "none"]
        if entrypoint is not None:
            args += ["--entrypoint", entrypoint]
        return self.run(*args, tag, *cmd, check=False, timeout=120)

    # ---- image facts for the hardening tests and bench/images.py ----

    def image_user(self, tag: str) -> str:
        """The image's USER ("root" when unset)."""
        return self.inspect_image(tag)["Config"].get("User") or "root"

    def layer_count(self, tag: str) -> int:
        return len(self.inspect_image(tag)["RootFS"]["Layers"])

    def leftovers(self, tag: str) -> list[str]:
        """Compilers, build tools and package-manager caches left in the image ("tool:gcc",
        "cache:/root/.cache/pip", "file:Dockerfile"); looked for as root, so nothing is hidden by permissions. An empty
        cache folder (the mount point a RUN --mount=type=cache leaves behind) holds nothing and
        is not reported."""
        result = self.run("run", "--rm", "--network", "none", "--user", "0", "--entrypoint", "sh",
                          tag, "-c", LEFTOVERS_SCRIPT, timeout=120)
        return sorted(set(result.stdout.split()))


# Compilers and build-only tools by name (on any PATH directory of the image), and cache folders.
LEFTOVER_TOOLS = ("gcc", "cc", "c++", "g++", "clang", "make", "rustc", "cargo", "uv", "poetry", "pdm", "pipenv")
LEFTOVER_CACHES = ("pip", "uv", "pypoetry", "pdm", "pipenv")
LEFTOVER_FILES = ("Dockerfile", ".dockerignore", ".git", "*.egg-info", "build", "dist", ".venv")
LEFTOVERS_SCRIPT = (
    "for t in " + " ".join(LEFTOVER_TOOLS) + "; do "
    "for d in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin /opt/venv/bin /root/.local/bin; do "
    '[ -x "$d/$t" ] && echo "tool:$t" && break; done; done; '
    "find / -xdev -type d \\( " + " -o ".join(f"-path '*/.cache/{c}'" for c in LEFTOVER_CACHES)
    + " \\) ! -empty -prune -print 2>/dev/null | sed 's/^/cache:/'; "
    # Build-only files in the app folder (the image's WORKDIR, the shell's start directory).
    '[ "$PWD" != / ] && find . -maxdepth 2 \\( ' + " -o ".join(f"-name '{n}'" for n in LEFTOVER_FILES)
    + " \\) 2>/dev/null | sed 's|^./|file:|'; true"
)
