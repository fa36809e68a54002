"""Which Python minors have wheels for the project's exact pins (DG1034), and when each pinned
release was uploaded (DG2082). The only network code.

Asks the package index's simple API (PEP 691 JSON, HTML as fallback) for each pinned
project, concurrently, through one shared client (``IndexClient``: one TLS context, a kept-alive
connection per worker, a request count), with a short timeout; answers are cached on disk (XDG
cache dir), misses too, together with the minors found to have wheels, so a warm run parses
nothing. The JSON form carries each file's ``upload-time`` (PEP 700); the HTML form has none.
An unreachable index gives a note, never an error, and stops the remaining requests.
Called by ``inspect_project`` only when the project pins exact versions and ``--offline`` is not
set; inspection itself stays offline. ``PROGRESS`` is a reporter the CLI sets when stderr is a
terminal (the library never prints).
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

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
    requests: int = 0  # requests sent to the index (cache hits send none)
    unreachable: bool = False  # the index could not be reached at all


# (done, total): called from worker threads as answers arrive. None: no progress shown. Set by
# the CLI only (cli.py), to a reporter that writes to stderr when it is a terminal.
PROGRESS: Callable[[int, int], None] | None = None


class IndexClient:
    """One client for every request of a check: a shared TLS context (loading the CA bundle
    costs milliseconds per connection), one kept-alive connection per worker thread, and a
    count of the requests sent. A connection-level failure marks the index unreachable, so the
    requests still queued are not sent (each would wait for its own timeout)."""

    def __init__(self, index: str, timeout: float) -> None:
        from urllib.parse import urlsplit

        self.index, self.timeout = index.rstrip("/"), timeout
        parts = urlsplit(self.index)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname or "", parts.port
        self.prefix = parts.path.rstrip("/")
        self.auth = _basic_auth(parts.username, parts.password)
        self.requests = 0
        self.unreachable = ""
        self._lock = threading.Lock()
        self._local = threading.local()
        self._context: object = None
        self._addresses: list[Any] | None = None

    def get(self, path: str) -> tuple[int, str, str]:
        """(status, content type, body) of ``GET {index}/{path}``; raises OSError when unreachable."""
        import http.client

        with self._lock:
            self.requests += 1
        headers = {"Accept": ACCEPT, "User-Agent": "dockergen", **self.auth}
        for attempt in (1, 2):  # a kept-alive connection the server closed is reopened once
            connection = self._connection()
            try:
                connection.request("GET", f"{self.prefix}/{path}", headers=headers)
                response = connection.getresponse()
                body = response.read().decode("utf-8", "replace")
                return response.status, response.getheader("Content-Type", ""), body
            except (http.client.RemoteDisconnected, http.client.BadStatusLine, BrokenPipeError,
                    ConnectionResetError):
                self._local.connection = None
                connection.close()
                if attempt == 2:
                    raise
        raise OSError("unreachable")  # pragma: no cover (the loop returns or raises)

    def _connection(self) -> Any:
        import http.client

        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.scheme == "https":
                connection = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                                         context=self._ssl_context())
            else:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            # The host's address, looked up once: http.client makes its socket through this
            # hook (CPython has it since 2.7; typeshed leaves it out).
            connection._create_connection = self._connect  # type: ignore[attr-defined]
            self._local.connection = connection
        return connection

    def _connect(self, address: tuple[str, int], timeout: float, source: Any = None) -> socket.socket:
        """A socket to ``address`` through the address looked up once per client: every worker
        asking the system resolver at the same moment loses a query now and then, and each lost
        query waits out the resolver's 5 s timeout (measured: 7 of 32 simultaneous lookups).
        TLS still checks the certificate against the host name (http.client wraps this socket)."""
        with self._lock:
            if self._addresses is None:
                self._addresses = socket.getaddrinfo(address[0], address[1], type=socket.SOCK_STREAM)
            addresses = self._addresses
        failure: OSError = OSError(f"no address for {address[0]}")
        for family, kind, proto, _name, where in addresses:
            sock = socket.socket(family, kind, proto)
            try:
                sock.settimeout(timeout)
                if source:
                    sock.bind(source)
                sock.connect(where)
                return sock
            except OSError as err:
                sock.close()
                failure = err
        raise failure

    def _ssl_context(self) -> Any:
        with self._lock:
            if self._context is None:
                import ssl

                self._context = ssl.create_default_context()
            return self._context


def _basic_auth(user: str | None, password: str | None) -> dict[str, str]:
    if not user:
        return {}
    import base64
    from urllib.parse import unquote

    token = base64.b64encode(f"{unquote(user)}:{unquote(password or '')}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


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
    client = IndexClient(index, timeout)
    done = [0]
    counter = threading.Lock()
    progress = PROGRESS

    def ask(item: tuple[str, str]) -> Answer | str | None:
        answer = _minors_for(client, item[0], item[1], tuple(minors))
        if progress is not None:
            with counter:
                done[0] += 1
                progress(done[0], len(items))
        return answer

    answers = _map_daemon(ask, items, WORKERS)
    result.requests = client.requests
    result.unreachable = bool(client.unreachable)
    if client.unreachable:  # stopped early: say so once, not per pin
        result.note = (f"DG1034: the package index {redact(index)} could not be reached "
                       f"({redact(client.unreachable)}); wheels for {len(items)} pin(s) were not checked.")
        return result
    for (name, version), answer in zip(items, answers, strict=True):
        if isinstance(answer, str):
            failures.append(answer)
        elif answer is not None:
            result.minors[f"{name}=={version}"], uploaded = answer
            if uploaded:
                result.uploaded[f"{name}=={version}"] = uploaded
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


WORKERS = 16  # concurrent requests (one kept-alive connection each)
IndexFile = tuple[str, str]  # (filename, upload time in RFC 3339 or "")
Answer = tuple[list[str], str]  # (minors with a wheel, first upload time or "")


def _minors_for(client: IndexClient, name: str, version: str, minors: tuple[str, ...]) -> Answer | str | None:
    """The minors of ``minors`` with a wheel for ``name==version`` and its first upload time;
    None when the index has no files for it (private, typo); a string describes a failure. From
    the cache when it has the answer (misses too), else one request, whose answer is cached."""
    path = cache_path(client.index, name, version, "v3")
    cached = _cached(path)
    if cached is None:
        fetched = _files_for(client, name, version)
        if isinstance(fetched, str):
            return fetched
        if not fetched:
            _store(path, None, {})  # a miss is cached too: 200 unknown pins cost 200 requests once
            return None
        cached = (fetched, {})
    files, fits = cached
    if not files:
        return None
    if not all(m in fits for m in minors):  # else the answer itself: a warm run parses no filename
        names = [f for f, _ in files]
        fits = {**fits, **{m: _has_wheel(names, m) for m in minors if m not in fits}}
        _store(path, files, fits)
    times = sorted(t for _, t in files if t)
    return [m for m in minors if fits[m]], times[0] if times else ""


def cache_path(index: str, name: str, version: str, kind: str) -> Path:
    """The cache file of one answer: ``kind`` "v3" for a release's files, "range-v1" for a range's pick."""
    key = hashlib.sha256(f"{index}\n{name}\n{version}\n{kind}".encode()).hexdigest()[:32]
    return cache_dir() / f"{key}.json"


def fresh_record(path: Path, parse: Callable[[dict[str, Any]], T]) -> T | None:
    """``parse`` of the cache record at ``path`` while it is fresh; None when it is missing, stale
    or unreadable (a bad record costs one request, never an error)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if time.time() - record["time"] < CACHE_SECONDS:
            return parse(record)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def store_record(path: Path, record: dict[str, Any]) -> None:
    """Write ``record`` (with the time it was made) as the cache file at ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"time": time.time(), **record}), encoding="utf-8")
    except OSError:
        pass  # a read-only cache costs a request next time, nothing more


def _cached(path: Path) -> tuple[list[IndexFile] | None, dict[str, bool]] | None:
    def parse(record: dict[str, Any]) -> tuple[list[IndexFile] | None, dict[str, bool]]:
        fits = record.get("fits") or {}
        stored = record["files"]
        files = None if stored is None else [(str(f), str(t)) for f, t in stored]
        return files, {str(k): bool(v) for k, v in fits.items()}

    return fresh_record(path, parse)


def _files_for(client: IndexClient, name: str, version: str | None) -> list[IndexFile] | str | None:
    """Filenames the index lists for ``name==version`` (every version's with None; None: the
    index has no such project); a string describes a failure."""
    if client.unreachable:
        return client.unreachable
    try:
        status, kind, body = client.get(f"{name}/")
    except (OSError, ValueError) as err:
        import http.client

        if isinstance(err, http.client.HTTPException):
            return f"{type(err).__name__} for {name}"
        client.unreachable = client.unreachable or f"{type(err).__name__}: {getattr(err, 'reason', err)}"
        return client.unreachable
    if status == 404:
        return None
    if status != 200:
        return f"HTTP {status} for {name}"
    try:
        files = _index_files(body, kind)
        return files if version is None else [(f, t) for f, t in files if version_of(f, name) == norm_version(version)]
    except (ValueError, TypeError, AttributeError):
        return f"an unreadable answer for {name}"


def _store(path: Path, files: list[IndexFile] | None, fits: dict[str, bool]) -> None:
    store_record(path, {"files": files, "fits": fits})


def _index_files(body: str, content_type: str) -> list[IndexFile]:
    if "json" in content_type:
        return [(str(f["filename"]), str(f.get("upload-time") or "")) for f in json.loads(body).get("files", [])
                if isinstance(f, dict) and "filename" in f]
    return [(href.rsplit("/", 1)[-1], "") for href in hrefs(body)]


def hrefs(body: str) -> list[str]:
    """The file links of a simple index's HTML page (PEP 503)."""
    return [str(h) for h in _HREF.findall(body)]


def resolve_ranges(ranges: dict[str, str], *, index: str | None = None, timeout: float = TIMEOUT) -> dict[str, str]:
    """DG2115: name -> the newest final release the index has within each range (``uwsgi>=2.0,<2.1``
    -> 2.0.31), what an unbounded install picks today; names the index does not answer for are
    left out. One request per name, cached (its files too, so the wheel check that follows asks
    nothing again)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    client = IndexClient((index or index_url()).rstrip("/"), timeout)

    def pick(item: tuple[str, str]) -> str | None:
        name, spec = item
        path = cache_path(client.index, name, spec, "range-v1")
        cached = fresh_record(path, lambda record: str(record["version"]))
        if cached is not None:
            return cached or None
        try:
            wanted = SpecifierSet(spec)
        except InvalidSpecifier:
            return None
        listed = _files_for(client, name, None)
        if isinstance(listed, str):
            return None  # unreachable or refused: no answer, nothing cached
        by_version: dict[Version, list[IndexFile]] = {}
        for file in listed or []:
            version = version_of(file[0], name)
            try:
                parsed = Version(version) if version else None
            except InvalidVersion:
                parsed = None
            if parsed is not None and not parsed.is_prerelease and parsed in wanted:
                by_version.setdefault(parsed, []).append(file)
        newest = max(by_version, default=None)
        if newest is not None:  # the wheel check's own cache entry for that version
            _store(cache_path(client.index, name, str(newest), "v3"), by_version[newest], {})
        store_record(path, {"version": str(newest) if newest else ""})
        return str(newest) if newest is not None else None

    items = list(ranges.items())
    answers = _map_daemon(pick, items, WORKERS)
    return {name: version for (name, _), version in zip(items, answers, strict=True) if version}


def release_times(pins: dict[str, str], *, index: str | None = None, timeout: float = TIMEOUT) -> dict[str, str]:
    """"name==version" -> when that release was first uploaded, for the pins the index dates."""
    return check_wheels(pins, (), index=index, timeout=timeout).uploaded


def version_of(filename: str, name: str) -> str | None:
    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[1])
        return str(parse_sdist_filename(filename)[1])
    except (InvalidWheelFilename, InvalidSdistFilename, InvalidVersion):
        return None


def norm_version(version: str) -> str:
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
