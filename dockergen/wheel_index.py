"""Which Python minors have wheels for the project's exact pins (DG1034), and when each pinned
release was uploaded (DG2082). The only network code.

Asks the package index's simple API (PEP 691 JSON, HTML as fallback) for each pinned
project, concurrently, with a short timeout; answers are cached on disk (XDG cache dir).
The JSON form carries each file's ``upload-time`` (PEP 700); the HTML form has none.
An unreachable index gives a note, never an error. Called by ``inspect_project`` only when
the project pins exact versions and ``--offline`` is not set; inspection itself stays offline.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from packaging import tags
from packaging.utils import InvalidSdistFilename, InvalidWheelFilename, parse_sdist_filename, parse_wheel_filename
from packaging.version import InvalidVersion, Version

from .redact import redact

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_INDEX = "https://pypi.org/simple"
ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
TIMEOUT = 4.0  # seconds per request
CACHE_SECONDS = 7 * 24 * 3600
GLIBC_MINOR = 36  # bookworm's glibc 2.36: the older of the two Debian releases dockergen names
_HREF = re.compile(r'<a\s[^>]*href="([^"#]+)[^"]*"', re.I)


@dataclass
class WheelCheck:
    minors: dict[str, list[str]] = field(default_factory=dict)  # "name==version" -> minors with a wheel
    uploaded: dict[str, str] = field(default_factory=dict)  # "name==version" -> first upload (RFC 3339)
    note: str = ""  # why the check was incomplete, for the user


def index_url() -> str:
    """pip's configured index (PIP_INDEX_URL, then pip's config files), else PyPI."""
    if os.environ.get("PIP_INDEX_URL"):
        return os.environ["PIP_INDEX_URL"].split()[0].rstrip("/")
    parser = configparser.RawConfigParser()
    parser.read(_pip_config_files())
    for section in ("install", "global"):
        if parser.has_option(section, "index-url"):
            return parser.get(section, "index-url").split()[0].rstrip("/")
    return DEFAULT_INDEX


def _pip_config_files() -> list[str]:
    home = Path.home()
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    files = ["/etc/xdg/pip/pip.conf", "/etc/pip.conf", str(home / ".pip" / "pip.conf"), f"{xdg}/pip/pip.conf"]
    if os.environ.get("VIRTUAL_ENV"):
        files.append(os.path.join(os.environ["VIRTUAL_ENV"], "pip.conf"))
    if os.environ.get("PIP_CONFIG_FILE"):
        files.append(os.environ["PIP_CONFIG_FILE"])
    return files


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dockergen" / "wheels"


def check_wheels(pins: dict[str, str], minors: tuple[str, ...] | list[str], *, index: str | None = None,
                 timeout: float = TIMEOUT) -> WheelCheck:
    """For each pin, the minors in ``minors`` with a wheel for manylinux x86_64 (or pure Python)."""
    index = (index or index_url()).rstrip("/")
    result = WheelCheck()
    failures: list[str] = []
    items = list(pins.items())
    first = _files_for(index, items[0][0], items[0][1], timeout) if items else None
    if isinstance(first, str) and not first.startswith("HTTP"):  # unreachable: don't wait per pin
        result.note = (f"DG1034: the package index {redact(index)} could not be reached ({redact(first)}); "
                       f"wheels for {len(items)} pin(s) were not checked.")
        return result
    answers = [first, *_map_daemon(lambda item: _files_for(index, item[0], item[1], timeout), items[1:], 16)]
    for (name, version), answer in zip(items, answers, strict=True):
        if isinstance(answer, str):
            failures.append(answer)
        elif answer:  # None/[]: the index has no files for that version (private, typo)
            names = [f for f, _ in answer]
            result.minors[f"{name}=={version}"] = [m for m in minors if _has_wheel(names, m)]
            times = sorted(t for _, t in answer if t)
            if times:
                result.uploaded[f"{name}=={version}"] = times[0]
    if failures:
        result.note = (f"DG1034: the package index {redact(index)} could not be asked about {len(failures)} pin(s) "
                       f"({redact(failures[0])}); their wheels were not checked.")
    return result


def _map_daemon(function: Callable[[T], R], items: list[T], workers: int) -> list[R | None]:
    """``map`` over daemon threads: Ctrl-C stops the run at once instead of waiting for every
    request in flight to time out (a thread pool's workers are joined at exit)."""
    results: list[R | None] = [None] * len(items)
    order = iter(range(len(items)))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                i = next(order, None)
            if i is None:
                return
            results[i] = function(items[i])

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(workers, len(items)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.05)  # short waits keep the main thread able to take KeyboardInterrupt
    return results


IndexFile = tuple[str, str]  # (filename, upload time in RFC 3339 or "")


def _files_for(index: str, name: str, version: str, timeout: float) -> list[IndexFile] | str | None:
    """Files the index lists for ``name==version``; a string describes a failure."""
    key = hashlib.sha256(f"{index}\n{name}\n{version}\nv2".encode()).hexdigest()[:32]
    path = cache_dir() / f"{key}.json"
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if time.time() - cached["time"] < CACHE_SECONDS:
            stored = cached["files"]
            return None if stored is None else [(str(f), str(t)) for f, t in stored]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import urllib.error  # only on a cache miss: the HTTP stack (ssl, email) costs ~15 ms to import
    import urllib.request

    request = urllib.request.Request(f"{index}/{name}/", headers={"Accept": ACCEPT, "User-Agent": "dockergen"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
            kind = response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        if err.code == 404:
            _store(path, None)  # a miss is cached too: 200 unknown pins cost 200 requests once
            return None
        return f"HTTP {err.code} for {name}"
    except (OSError, ValueError) as err:
        return f"{type(err).__name__}: {getattr(err, 'reason', err)}"
    files = [(f, t) for f, t in _index_files(body, kind) if _version_of(f, name) == _norm(version)]
    _store(path, files)
    return files


def _store(path: Path, files: list[IndexFile] | None) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"time": time.time(), "files": files}), encoding="utf-8")
    except OSError:
        pass  # a read-only cache costs a request next time, nothing more


def _index_files(body: str, content_type: str) -> list[IndexFile]:
    if "json" in content_type:
        return [(str(f["filename"]), str(f.get("upload-time") or "")) for f in json.loads(body).get("files", [])
                if isinstance(f, dict) and "filename" in f]
    return [(href.rsplit("/", 1)[-1], "") for href in _HREF.findall(body)]


def release_times(pins: dict[str, str], *, index: str | None = None, timeout: float = TIMEOUT) -> dict[str, str]:
    """"name==version" -> when that release was first uploaded, for the pins the index dates."""
    return check_wheels(pins, (), index=index, timeout=timeout).uploaded


def _version_of(filename: str, name: str) -> str | None:
    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[1])
        return str(parse_sdist_filename(filename)[1])
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        return None


def _norm(version: str) -> str:
    try:
        return str(Version(version))
    except InvalidVersion:
        return version


def _has_wheel(files: list[str], minor: str) -> bool:
    supported = _supported_tags(minor)
    for filename in files:
        if filename.endswith(".whl"):
            try:
                if supported & parse_wheel_filename(filename)[3]:
                    return True
            except InvalidWheelFilename:
                continue
    return False


@cache
def _supported_tags(minor: str) -> frozenset[tags.Tag]:
    """Tags a CPython ``minor`` on glibc x86_64 (the image's platform) installs."""
    version = tuple(int(p) for p in minor.split("."))
    platforms = [f"manylinux_2_{m}_x86_64" for m in range(GLIBC_MINOR, 4, -1)]
    platforms += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
    cp = set(tags.cpython_tags(version, platforms=platforms))
    generic = set(tags.compatible_tags(version, interpreter=f"cp{version[0]}{version[1]}", platforms=platforms))
    return frozenset(cp | generic)
