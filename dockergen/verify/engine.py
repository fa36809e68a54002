"""The container engine driver: Docker with BuildKit, or Podman. One copy, shared by
``dockergen verify``, the e2e tests (tests/e2e/harness.py) and bench/.

Every call is a subprocess of the engine's own client. Nothing here knows about dockergen's
plan: build a folder, start an image, run a command in a container, probe a port from inside
it (the container's own loopback, so containers started with ``--network none`` never clash),
stop it, read its facts.

Options for engines that cannot reach a registry (an offline test bed): ``strip_syntax`` builds
from a copy of the Dockerfile without its ``# syntax=`` line; ``network`` names the build
network (``host`` where the engine has no bridge); ``build_slots`` caps concurrent builds across
processes with file locks (Docker 20.10's built-in BuildKit can panic under many).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DockergenError, ExitCode

SYNTAX_LINE = re.compile(r"\A# syntax=[^\n]*\n")
# A probe run inside the container with its own python: prints the status, then the body's start.
HTTP_PROBE = (
    "import sys, urllib.request, urllib.error\n"
    "try:\n r = urllib.request.urlopen(sys.argv[1], timeout=5)\n"
    " print(r.status); print(r.read(2000).decode('utf-8', 'replace'))\n"
    "except urllib.error.HTTPError as e:\n print(e.code); print(e.read(2000).decode('utf-8', 'replace'))\n"
)


class EngineError(DockergenError):
    """No usable container engine (neither Docker with BuildKit nor Podman)."""

    exit_code = ExitCode.NO_ENGINE


class EngineCommandError(DockergenError):
    """An engine command failed (a build, a run). ``output`` holds what it printed."""

    exit_code = ExitCode.VERIFY_FAILED

    def __init__(self, message: str, output: str = "", hint: str = "") -> None:
        super().__init__(message, hint)
        self.output = output


@dataclass
class Build:
    tag: str
    output: str
    seconds: float

    def step_cached(self, pattern: str) -> bool:
        """True when the build step whose text matches ``pattern`` was reported CACHED."""
        ids = [m.group(1) for m in re.finditer(r"^(#\d+) \[.*?\] (.*)$", self.output, re.MULTILINE)
               if re.search(pattern, m.group(2))]
        if not ids:
            raise LookupError(f"no build step matches {pattern!r}")
        return all(re.search(rf"^{re.escape(i)} CACHED$", self.output, re.MULTILINE) for i in ids)


def find_engine(explicit: str | None = None) -> tuple[str, str]:
    """(path of the client, "docker" or "podman"): $DOCKER / ``explicit``, else docker, else podman."""
    wanted = explicit or os.environ.get("DOCKER")
    candidates = [wanted] if wanted else ["docker", "podman"]
    for name in candidates:
        exe = shutil.which(name) or (name if Path(name).is_file() else None)
        if exe:
            return exe, "podman" if "podman" in Path(exe).name else "docker"
    raise EngineError(
        "No container engine found: "
        + (f"{wanted} does not exist." if wanted else "neither docker nor podman is on PATH."),
        hint="Install Docker (with BuildKit) or Podman, or point $DOCKER at the client.")


@contextlib.contextmanager
def build_slot(slots: int, folder: Path) -> Iterator[None]:
    """Hold one of ``slots`` machine-wide build slots (file locks, released on exit)."""
    folder.mkdir(parents=True, exist_ok=True)
    handles = [open(folder / f"slot-{i}.lock", "w") for i in range(slots)]  # noqa: SIM115
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


class Engine:
    """A container engine's client. ``failure`` is the exception raised by a failed ``run``."""

    failure: type[Exception] = EngineCommandError

    def __init__(self, exe: str | None = None, *, build_slots: int = 0,
                 slot_dir: Path | str = "/tmp/dockergen-build-slots") -> None:
        self.exe, self.kind = find_engine(exe)
        self.env = {**os.environ, "DOCKER_BUILDKIT": "1"}
        self.build_slots = build_slots
        self.slot_dir = Path(slot_dir)

    # ---- the client ----

    def run(self, *args: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        try:
            result = subprocess.run([self.exe, *args], capture_output=True, text=True, env=self.env,
                                    timeout=timeout, check=False)
        except subprocess.TimeoutExpired as err:
            out = (err.stdout or b"") + (err.stderr or b"")
            text = out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out)
            if not check:
                return subprocess.CompletedProcess([self.exe, *args], 124, text, f"timed out after {timeout:.0f} s")
            what = f"{Path(self.exe).name} {' '.join(args[:2])}"
            raise self._fail(f"{what} timed out after {timeout:.0f} s", text) from None
        if check and result.returncode != 0:
            raise self._fail(f"{Path(self.exe).name} {' '.join(args[:3])} failed ({result.returncode})",
                             result.stdout + result.stderr)
        return result

    def _fail(self, message: str, output: str) -> Exception:
        if self.failure is EngineCommandError:
            return EngineCommandError(message, output)
        return self.failure(f"{message}:\n{output[-10000:]}")

    def check_engine(self) -> None:
        """Raise EngineError unless the engine answers (and, for Docker, can build with BuildKit)."""
        try:
            info = subprocess.run([self.exe, "info"], capture_output=True, text=True, env=self.env,
                                  check=False, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise EngineError(f"{self.exe} does not answer: {err}.", hint="Start the engine and try again.") from None
        if info.returncode != 0:
            raise EngineError(f"{self.exe} info failed: {info.stderr.strip()[-300:]}",
                              hint="Start the Docker daemon (or Podman) and check that you may use it.")
        if self.kind == "docker" and not self._buildkit():
            raise EngineError(f"{self.exe} cannot build with BuildKit: no buildx plugin, and the client "
                              "is too new for the built-in one.",
                              hint="Install the buildx plugin (docker-buildx), point $DOCKER at a client "
                                   "that has it, or use Podman.")

    def _buildkit(self) -> bool:
        """buildx is there, or a client before 23.0 (whose DOCKER_BUILDKIT=1 uses the daemon's BuildKit)."""
        if self.run("buildx", "version", check=False, timeout=30).returncode == 0:
            return True
        version = self.run("version", "--format", "{{.Client.Version}}", check=False, timeout=30).stdout
        match = re.match(r"\s*(\d+)\.(\d+)", version)
        return match is not None and (18, 9) <= (int(match.group(1)), int(match.group(2))) < (23, 0)

    # ---- images ----

    def has_image(self, ref: str) -> bool:
        return self.run("image", "inspect", ref, check=False).returncode == 0

    def build(self, context: Path, tag: str, *, dockerfile: Path | None = None, network: str | None = None,
              no_cache: bool = False, target: str | None = None, strip_syntax: bool = False,
              secrets: dict[str, Path] | None = None, timeout: float = 1800) -> Build:
        """Build ``context`` (its Dockerfile, or ``dockerfile``); raises ``failure`` with the log."""
        source = dockerfile or context / "Dockerfile"
        with self._dockerfile(source, strip_syntax) as path:
            args = ["build", "-f", str(path), "-t", tag]
            if self.kind == "docker":  # BuildKit's plain log (podman's build prints plain text anyway)
                args[1:1] = ["--progress", "plain"]
            if network:
                args += ["--network", network]
            if no_cache:
                args.append("--no-cache")
            if target:
                args += ["--target", target]
            for secret_id, secret_source in (secrets or {}).items():  # BuildKit build secrets (DG3044)
                args += ["--secret", f"id={secret_id},src={secret_source}"]
            with self._slot():
                start = time.perf_counter()
                result = self.run(*args, str(context), timeout=timeout)
                return Build(tag, result.stdout + result.stderr, time.perf_counter() - start)

    @contextlib.contextmanager
    def _dockerfile(self, source: Path, strip_syntax: bool) -> Iterator[Path]:
        if not strip_syntax:
            yield source
            return
        text = source.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory(prefix="dockergen-build-") as tmp:
            path = Path(tmp) / "Dockerfile"
            path.write_text(SYNTAX_LINE.sub("", text), encoding="utf-8")
            yield path

    def _slot(self) -> contextlib.AbstractContextManager[None]:
        return build_slot(self.build_slots, self.slot_dir) if self.build_slots > 0 else contextlib.nullcontext()

    def remove_image(self, *tags: str) -> None:
        if tags:
            self.run("rmi", "-f", *tags, check=False)

    def inspect_image(self, tag: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.run("image", "inspect", tag).stdout)[0]
        return found

    def image_size(self, tag: str) -> int:
        return int(self.inspect_image(tag)["Size"])

    def image_user(self, tag: str) -> str:
        """The image's USER ("root" when unset)."""
        return self.inspect_image(tag)["Config"].get("User") or "root"

    def layer_count(self, tag: str) -> int:
        return len(self.inspect_image(tag)["RootFS"]["Layers"])

    # ---- containers ----

    def start(self, tag: str, *cmd: str, network: str = "none", env: dict[str, str] | None = None,
              env_file: Path | None = None, entrypoint: str | None = None, prefix: str = "dge2e") -> str:
        """``run -d``: the container's name. Raises ``failure`` when it cannot even be created."""
        name = f"{prefix}-{uuid.uuid4().hex[:10]}"
        args = ["run", "-d", "--name", name, *_run_options(network, env, env_file, entrypoint)]
        self.run(*args, tag, *cmd)
        return name

    def exec(self, name: str, *cmd: str, check: bool = False, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return self.run("exec", name, *cmd, check=check, timeout=timeout)

    def http_get(self, name: str, port: int, path: str = "/") -> tuple[int, str]:
        """GET http://127.0.0.1:PORT/PATH from inside the container; (0, error) when nothing answers."""
        result = self.exec(name, "python", "-c", HTTP_PROBE, f"http://127.0.0.1:{port}{path}")
        if result.returncode != 0:
            return 0, result.stderr[-500:]
        status, _, body = result.stdout.partition("\n")
        try:
            return int(status), body
        except ValueError:
            return 0, result.stdout[-500:]

    def state(self, name: str) -> dict[str, Any]:
        result = self.run("inspect", "-f", "{{json .State}}", name, check=False)
        try:
            found: dict[str, Any] = json.loads(result.stdout)
            return found
        except ValueError:
            return {}

    def running(self, name: str) -> bool:
        return bool(self.state(name).get("Running"))

    def health(self, name: str) -> str | None:
        """"starting", "healthy", "unhealthy", or None without a HEALTHCHECK."""
        state = self.state(name)
        health = state.get("Health") or state.get("Healthcheck") or {}  # Docker / older Podman
        return health.get("Status")

    def exit_code(self, name: str) -> int | None:
        state = self.state(name)
        return None if state.get("Running") or "ExitCode" not in state else int(state["ExitCode"])

    def logs(self, name: str, tail: int = 3000) -> str:
        result = self.run("logs", name, check=False)
        return (result.stdout + result.stderr)[-tail:]

    def stop(self, name: str, timeout: int = 10) -> float:
        start = time.perf_counter()
        self.run("stop", "-t", str(timeout), name, check=False, timeout=timeout + 60)
        return time.perf_counter() - start

    def remove(self, *names: str) -> None:
        if names:
            self.run("rm", "-f", *names, check=False)

    def run_once(self, tag: str, *cmd: str, entrypoint: str | None = None, network: str = "none",
                 env: dict[str, str] | None = None, env_file: Path | None = None,
                 timeout: float = 120) -> subprocess.CompletedProcess[str]:
        args = ["run", "--rm", *_run_options(network, env, env_file, entrypoint)]
        return self.run(*args, tag, *cmd, check=False, timeout=timeout)


LOG_CAP = "20m"  # the newest 20 MB of a container's output: what diagnosis reads is its tail


def _run_options(network: str, env: dict[str, str] | None, env_file: Path | None,
                 entrypoint: str | None) -> list[str]:
    """``docker run`` options for the network, the environment (never written into the image)
    and an entrypoint override."""
    # The engine keeps a container's output on its disk: a start that prints forever (a loop, a
    # `yes` given the wrong words) must not fill it while verify waits, so the log is capped.
    args = ["--network", network, "--log-opt", f"max-size={LOG_CAP}"]  # Docker and Podman both take it
    for key, value in (env or {}).items():
        args += ["-e", f"{key}={value}"]
    if env_file is not None:
        args += ["--env-file", str(env_file)]
    if entrypoint is not None:
        args += ["--entrypoint", entrypoint]
    return args
