"""The e2e tests' and bench/'s view of the real Docker engine (../shared/testbed).

The driver itself is dockergen's own (``dockergen.verify.engine.Engine``, the one ``dockergen
verify`` uses). What is testbed policy stays here: the ``# syntax`` line cannot be resolved
offline, so every build strips it; builds use the host network; builds from all test workers
share BUILD_SLOTS slots (Docker 20.10's built-in BuildKit can panic under many concurrent
builds, taking the engine down); a failed engine command is an AssertionError with its output;
DOCKERGEN_E2E_COLD=1 ignores the layer cache on each folder's first build.
"""

from __future__ import annotations

import os
from pathlib import Path

from dockergen.verify.engine import Build, Engine, EngineError

__all__ = ["BUILD_SLOTS", "Build", "Docker", "DockerUnavailable", "build_slot"]

DOCKER = os.environ.get("DOCKER", "/usr/bin/docker")
BUILD_SLOTS = max(1, int(os.environ.get("DOCKERGEN_BUILD_SLOTS", "2")))
SLOT_DIR = Path(os.environ.get("DOCKERGEN_BUILD_SLOT_DIR", "/tmp/dockergen-build-slots"))
# dockergen verify run from a test (a subprocess or CliRunner) takes the same slots.
os.environ.setdefault("DOCKERGEN_BUILD_SLOTS", str(BUILD_SLOTS))


def build_slot():
    """Hold one of BUILD_SLOTS build slots for the duration of a build."""
    from dockergen.verify.engine import build_slot as slot

    return slot(BUILD_SLOTS, SLOT_DIR)


class DockerUnavailable(RuntimeError):
    pass


class Docker(Engine):
    failure = AssertionError

    def __init__(self, exe: str = DOCKER) -> None:
        try:
            super().__init__(exe, build_slots=BUILD_SLOTS, slot_dir=SLOT_DIR)
        except EngineError as err:
            raise DockerUnavailable(str(err)) from None
        # DOCKERGEN_E2E_COLD=1: the first build of each project folder ignores the layer cache,
        # as on a fresh CI machine. For timing the suite only: when two tests build the same
        # fixture at once, a --no-cache build can hide the other's cache from its warm rebuild
        # (seen with engine 20.10), so warm-rebuild asserts may fail in this mode.
        self.cold = os.environ.get("DOCKERGEN_E2E_COLD") == "1"
        self._built: set[Path] = set()

    def check_engine(self) -> None:
        try:
            super().check_engine()
        except EngineError as err:
            raise DockerUnavailable(str(err)) from None

    def ensure_tag(self, wanted: str, fallback: str) -> None:
        """Stand-in images carry the uv version of the day; tag it as the version we pin."""
        if not self.has_image(wanted) and self.has_image(fallback):
            self.run("tag", fallback, wanted)

    def build(self, project: Path, tag: str, *, no_cache: bool = False, target: str | None = None,  # type: ignore[override]
              secrets: dict[str, Path] | None = None) -> Build:
        cold = self.cold and project.resolve() not in self._built
        self._built.add(project.resolve())
        return super().build(project, tag, network="host", no_cache=no_cache or cold, target=target,
                             strip_syntax=True, secrets=secrets)

    def wait_http(self, name: str, port: int, path: str = "/", timeout: float = 60) -> tuple[int, str, float]:
        """Poll until the app answers; returns (status, body, seconds waited)."""
        import time

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

    # ---- image facts for the hardening tests and bench/images.py ----

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
