"""Is a package without a wheel pure Python? Read from its sdist, never built (DG2118).

A package of the set without a wheel for the image's minor is built from its sdist in the
builder stage. Most of them need a compiler (pycrypto, uWSGI) and get the full image's
toolchain (DG2027, DG2116); many are only old pure-Python packages whose author never uploaded
a wheel (Flask-Mail 0.9.1), which any builder can build. The sdist tells them apart without
running anything: it is downloaded (at most ``MAX_BYTES``), opened in memory and listed; it is
native when it ships C, C++, Cython, Fortran or Rust sources or build files (CMake, Meson,
Cargo), when its setup.py names extension modules, or when its build backend is not one of the
pure-Python ones. Its dependencies are read the same way: PKG-INFO's Requires-Dist, else a
literal ``install_requires`` list of setup.py (``ast``), so uv can resolve through it with no
build (DG2116 passes them as uv's dependency metadata). Verdicts are cached like the wheel
check's answers; any failure (a private index, a huge or unreadable archive) is None, which
keeps the compiling builder.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.parser import HeaderParser
from http.client import HTTPException
from urllib.parse import urljoin
from urllib.request import Request, urlopen

from packaging.requirements import InvalidRequirement, Requirement

from .wheel_index import (
    TIMEOUT,
    IndexClient,
    cache_path,
    fresh_record,
    hrefs,
    index_url,
    norm_version,
    store_record,
    version_of,
)

MAX_BYTES = 4 * 1024 * 1024  # larger sdists are taken as native without a download
MAX_MEMBER = 512 * 1024  # PKG-INFO, setup.py and pyproject.toml are read up to this size
NATIVE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".c++", ".h", ".hpp", ".pyx", ".pxd", ".f", ".f90", ".rs", ".go")
NATIVE_FILES = ("CMakeLists.txt", "meson.build", "Cargo.toml", "binding.gyp")
NATIVE_SETUP = ("Extension(", "ext_modules", "cffi_modules", "rust_extensions", "cythonize", "distutils.ccompiler")
_BACKEND = re.compile(r"""^\s*build-backend\s*=\s*["']([^"']+)["']""", re.M)
READ = ("PKG-INFO", "setup.py", "pyproject.toml")
PURE_BACKENDS = ("setuptools.build_meta", "flit_core.buildapi", "hatchling.build", "poetry.core.masonry.api",
                 "pdm.backend", "pdm.pep517.api")


@dataclass(frozen=True)
class PureSdist:
    """A package without a wheel whose sdist builds with no compiler."""

    name: str
    version: str
    requires: tuple[str, ...]  # its Requires-Dist (valid PEP 508 lines), as its sdist states them
    requires_known: bool  # False: neither PKG-INFO nor a literal install_requires states them
    evidence: str  # what was read, for the Dockerfile comment


def pure_sdist(name: str, version: str, *, index: str | None = None, timeout: float = TIMEOUT) -> PureSdist | None:
    """The sdist of ``name==version`` when it is pure Python; None when it is native or could not
    be read (the compiling builder stays)."""
    index = (index or index_url()).rstrip("/")
    path = cache_path(index, name, version, "sdist-v1")
    cached = fresh_record(path, lambda r: (None if r["pure"] is None else PureSdist(
        name, version, tuple(str(x) for x in r["pure"]["requires"]), bool(r["pure"]["requires_known"]),
        str(r["pure"]["evidence"])),))
    if cached is not None:
        return cached[0]
    try:
        verdict = _read(name, version, index, timeout)
    except (OSError, ValueError, HTTPException, tarfile.TarError, zipfile.BadZipFile, EOFError):
        return None  # not cached: a passing network failure costs a request next time, nothing more
    store_record(path, {"pure": None if verdict is None else {
        "requires": list(verdict.requires), "requires_known": verdict.requires_known, "evidence": verdict.evidence}})
    return verdict


def _read(name: str, version: str, index: str, timeout: float) -> PureSdist | None:
    found = _sdist_file(name, version, index, timeout)
    if found is None:
        return None
    url, filename, size = found
    if size is not None and size > MAX_BYTES:
        return None
    with urlopen(Request(url, headers={"User-Agent": "dockergen"}), timeout=timeout) as response:
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None
    names, texts = _listing(filename, data)
    native = [n for n in names if n.lower().endswith(NATIVE_SUFFIXES) or n.rsplit("/", 1)[-1] in NATIVE_FILES]
    if native:
        return None
    setup = texts.get("setup.py", "")
    if any(marker in setup for marker in NATIVE_SETUP) or not _pure_backend(texts.get("pyproject.toml", "")):
        return None
    requires = _requires_dist(texts.get("PKG-INFO", ""))
    known = requires is not None
    if requires is None:
        requires = _install_requires(setup)
        known = requires is not None
    return PureSdist(name, version, tuple(requires or ()), known,
                     f"{filename} has no C, C++, Cython or Rust sources and no extension modules")


def _sdist_file(name: str, version: str, index: str, timeout: float) -> tuple[str, str, int | None] | None:
    """(URL, filename, size or None) of the sdist of ``name==version`` the index lists."""
    client = IndexClient(index, timeout)
    status, kind, body = client.get(f"{name}/")
    if status != 200:
        return None
    page = f"{index}/{name}/"
    entries: list[tuple[str, str, int | None]] = []
    if "json" in kind:
        for item in json.loads(body).get("files", []):
            if isinstance(item, dict) and "filename" in item and "url" in item:
                size = item.get("size")
                entries.append((str(item["url"]), str(item["filename"]), size if isinstance(size, int) else None))
    else:
        entries = [(href, href.rsplit("/", 1)[-1], None) for href in hrefs(body)]
    for url, filename, size in entries:
        if filename.endswith((".tar.gz", ".zip")) and version_of(filename, name) == norm_version(version):
            return urljoin(page, url).split("#", 1)[0], filename, size
    return None


def _listing(filename: str, data: bytes) -> tuple[list[str], dict[str, str]]:
    """(every member file's name, the text of its top-level PKG-INFO, setup.py and pyproject.toml):
    the archive is listed and read in memory, never extracted; members past ``MAX_MEMBER`` are
    not read."""
    texts: dict[str, str] = {}

    def wanted(name: str, size: int) -> str:
        leaf = name.rsplit("/", 1)[-1]
        return leaf if name.count("/") <= 1 and leaf in READ and size <= MAX_MEMBER else ""

    if filename.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
            for info in infos:
                if leaf := wanted(info.filename, info.file_size):
                    texts[leaf] = archive.read(info).decode("utf-8", "replace")
            return [i.filename for i in infos], texts
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        for member in members:
            handle = tar.extractfile(member) if (leaf := wanted(member.name, member.size)) else None
            if handle is not None:
                texts[leaf] = handle.read().decode("utf-8", "replace")
        return [m.name for m in members], texts


def _pure_backend(pyproject: str) -> bool:
    """True without a pyproject.toml or a build backend (setuptools' legacy default). Read with a
    pattern, not a TOML parser: the line is enough, and the file is a third party's."""
    match = _BACKEND.search(pyproject)
    return match is None or match.group(1).split(":", 1)[0] in PURE_BACKENDS


def _requires_dist(pkg_info: str) -> list[str] | None:
    """PKG-INFO's Requires-Dist lines, None when it states none (old metadata leaves them out)."""
    if not pkg_info:
        return None
    lines = HeaderParser().parsestr(pkg_info).get_all("Requires-Dist") or []
    return _valid(lines) if lines else None


def _install_requires(setup: str) -> list[str] | None:
    """A literal ``install_requires=[...]`` of setup.py (read with ``ast``, never run); [] without
    any; None when it is computed."""
    if not setup:
        return None
    try:
        tree = ast.parse(setup)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "install_requires":
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            return _valid([value] if isinstance(value, str) else list(value)) if isinstance(
                value, (str, list, tuple)) else None
    return []


def _valid(lines: Sequence[object]) -> list[str]:
    kept = []
    for line in lines:
        try:
            kept.append(str(Requirement(str(line).strip())))
        except InvalidRequirement:
            continue
    return kept

