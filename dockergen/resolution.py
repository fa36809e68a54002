"""The whole set a lockless project installs, per candidate Python minor, resolved by uv (DG2116).

The wheel check (DG1034) and DG2115 see the direct requirements only; the image installs their
dependencies too, and one of them without a wheel for the chosen minor (an sdist-only package,
or a release that stopped at an older CPython) fails the build just the same. ``uv pip compile``
resolves the direct requirements for each candidate minor on the image's platform (glibc
x86_64, bookworm's glibc), as of the install's date when one bounds it (DG2080), with
``--only-binary :all:``: a resolution that succeeds proves that every package of the set has a
wheel for that minor (or, DG2118, is a pure-Python sdist let through with the metadata its sdist
states); one that fails names the package that has none.

It never runs the project's code or configuration: uv gets the requirement lines dockergen
already read (no local paths, no includes, no URLs), on stdin, in an empty working folder, with
``--no-config`` (no ``uv.toml`` or ``[tool.uv]`` of the project; only the dependency metadata
dockergen writes there itself) and ``--only-binary :all:`` (no sdist's build backend runs: they
are third-party code). uv is optional: when it is not on PATH, the
check is skipped with a note and DG2115's direct check stands alone. Answers come from the index
the wheel check asks (its URL passed through the environment, so credentials never reach a
command line); each verdict is kept in the wheel check's cache, so a warm run starts no uv.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable

from .facts import Resolved
from .redact import redact
from .sdists import PureSdist, pure_sdist
from .wheel_index import cache_path, fresh_record, index_url, store_record

TIMEOUT = 60.0  # seconds per minor (a cold resolution of a large set downloads many metadata files)
PLATFORM = "x86_64-manylinux_2_36"  # bookworm's glibc: the older of the two Debian releases
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)")
_NO_WHEEL = re.compile(r"Wheels are required for `([^`]+)` because building from source is disabled")
_NO_USABLE = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s,]+) has no usable wheels")
ROUNDS = 6  # uv runs per minor at most: each round lets through the pure-Python sdists it named


def requirement_lines(pins: dict[str, str], ranges: dict[str, str], extras: dict[str, list[str]]) -> list[str]:
    """The direct requirements as uv reads them: ``name[extra]==1.0`` / ``name[extra]>=2``."""
    def named(name: str) -> str:
        chosen = extras.get(name) or []
        return f"{name}[{','.join(chosen)}]" if chosen else name

    return [f"{named(n)}=={v}" for n, v in pins.items()] + [f"{named(n)}{spec}" for n, spec in ranges.items()]


def resolve_in_order(requirements: list[str], minors: list[str], *, as_of: str = "", index: str | None = None,
                     timeout: float = TIMEOUT) -> tuple[dict[str, Resolved], str]:
    """({minor: Resolved} for the minors tried, note): ``minors`` in preference order, stopping at
    the first whose whole set has wheels (most projects: the first, one uv run). The same
    packages blocking two minors in a row (an sdist only) end the search, unless uv says the
    wheels exist for another ABI."""
    if not requirements or not minors:
        return {}, ""
    uv = shutil.which("uv")
    if uv is None:
        return {}, ("DG2116: uv is not on PATH, so the dependencies of the direct requirements were not checked "
                    "for wheels (install uv to check the whole set).")
    index = (index or index_url()).rstrip("/")
    tried: dict[str, Resolved] = {}
    with tempfile.TemporaryDirectory(prefix="dockergen-resolve-") as empty:
        for minor in dict.fromkeys(minors):
            answer = _cached_resolve(uv, requirements, minor, as_of, index, empty, timeout)
            if answer.error:  # not a verdict on the minor (the index, a conflict): stop, say so
                return tried, (f"DG2116: uv could not resolve the whole set ({redact(answer.error)}); only the "
                               "direct requirements were checked for wheels.")
            previous = next(reversed(tried.values()), None)
            tried[minor] = answer
            if not answer.no_wheel:
                break
            if previous is not None and previous.no_wheel == answer.no_wheel and not answer.abi_only:
                break  # the same packages block two minors in a row: an sdist only, no minor helps
    return tried, ""


def _cached_resolve(uv: str, requirements: list[str], minor: str, as_of: str, index: str, cwd: str,
                    timeout: float) -> Resolved:
    """uv's verdict for one minor, from dockergen's index cache when it is fresh (a warm run starts
    no uv); errors are never cached."""
    path = cache_path(index, "\n".join(requirements), f"{minor} {as_of}", "resolved-v2")
    cached = fresh_record(path, lambda record: Resolved(
        pins={str(k): str(v) for k, v in record["pins"].items()},
        no_wheel=tuple(str(n) for n in record["no_wheel"]), abi_only=bool(record["abi_only"]),
        pure_sdists=tuple(str(n) for n in record["pure_sdists"])))
    if cached is not None:
        return cached
    answer = _resolve_through_pure(uv, requirements, minor, as_of, index, cwd, timeout)
    if not answer.error:
        store_record(path, {"pins": answer.pins, "no_wheel": answer.no_wheel, "abi_only": answer.abi_only,
                            "pure_sdists": answer.pure_sdists})
    return answer


def _resolve_through_pure(uv: str, requirements: list[str], minor: str, as_of: str, index: str, cwd: str,
                          timeout: float) -> Resolved:
    """DG2118: a package uv finds no wheel for whose sdist is pure Python (read, never built) is
    let through, with the dependencies its sdist states as uv's dependency metadata, and the set
    resolved again, so the rest of it is still checked; a native one is the verdict."""
    allowed: dict[str, PureSdist] = {}
    for _ in range(ROUNDS):
        answer, versions = _resolve(uv, requirements, minor, as_of, index, cwd, timeout, allowed)
        if not answer.no_wheel:
            break
        found = {name: pure_sdist(name, versions[name], index=index) if name in versions else None
                 for name in answer.no_wheel if name not in allowed}
        if not found or None in found.values():
            break
        allowed.update({name: sdist for name, sdist in found.items() if sdist is not None})
    shown = tuple(f"{s.name}=={s.version}" for s in allowed.values())
    if answer.error or not shown:
        return answer
    return Resolved(pins=answer.pins, no_wheel=answer.no_wheel, abi_only=answer.abi_only, pure_sdists=shown)


def _resolve(uv: str, requirements: list[str], minor: str, as_of: str, index: str, cwd: str,
             timeout: float, allowed: dict[str, PureSdist]) -> tuple[Resolved, dict[str, str]]:
    """(uv's answer, name -> version of each package it found no usable wheel for)."""
    # --python: this interpreter, so uv skips its interpreter discovery (it queries every python
    # on PATH, pyenv's shims included: a third of a cold run); the set is resolved for
    # --python-version and --python-platform, whatever that interpreter is.
    argv = [uv, "pip", "compile", "-", "--no-config", "--only-binary", ":all:", "--no-header", "--no-annotate",
            "--quiet", "--python", sys.executable, "--python-version", minor, "--python-platform", PLATFORM]
    if allowed:  # DG2118: only these come from their sdists, with the metadata their sdists state
        config = os.path.join(cwd, "uv.toml")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(_dependency_metadata(allowed.values()))
        argv += ["--config-file", config]
        for name in allowed:
            argv += ["--no-binary", name]
    if as_of:
        argv += ["--exclude-newer", as_of]
    env = {**os.environ, "UV_INDEX_URL": index, "UV_PYTHON_DOWNLOADS": "never", "UV_NO_PROGRESS": "1",
           "NO_COLOR": "1", "UV_HTTP_RETRIES": "1"}
    env.pop("UV_EXTRA_INDEX_URL", None)
    try:
        done = subprocess.run(argv, input="\n".join(requirements) + "\n", capture_output=True, text=True,
                              cwd=cwd, env=env, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return Resolved(error=f"uv pip compile for Python {minor}: {err.__class__.__name__}"), {}
    if done.returncode == 0:
        pins = {}
        for line in done.stdout.splitlines():
            match = _PIN.match(line.strip())
            if match:
                pins[match.group(1).lower()] = match.group(2)
        return Resolved(pins=pins), {}
    missing = tuple(dict.fromkeys(m.lower() for m in _NO_WHEEL.findall(done.stderr)))
    if missing:
        versions = {name.lower(): version for name, version in _NO_USABLE.findall(done.stderr)}
        return Resolved(no_wheel=missing, abi_only="matching Python ABI tag" in done.stderr), versions
    last = next((ln.strip() for ln in reversed(done.stderr.splitlines()) if ln.strip()), f"exit {done.returncode}")
    return Resolved(error=f"Python {minor}: {last[:200]}"), {}


def _dependency_metadata(sdists: Iterable[PureSdist]) -> str:
    """uv.toml's ``dependency-metadata`` for ``sdists``: uv resolves through them without building
    them (JSON strings are TOML basic strings)."""
    return "".join(f"[[dependency-metadata]]\nname = {json.dumps(s.name)}\nversion = {json.dumps(s.version)}\n"
                   f"requires-dist = {json.dumps(list(s.requires))}\n\n" for s in sdists)
