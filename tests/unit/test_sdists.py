"""DG2118: an sdist is read (listed in memory, never built or extracted) to tell a pure-Python
package from one that needs a compiler; a local index serves real archives made here."""

from __future__ import annotations

import io
import json
import tarfile
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dockergen import sdists
from dockergen.inspection.native_deps import plan_native
from dockergen.sdists import pure_sdist


def _tar(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


OLD_PKG_INFO = "Metadata-Version: 1.1\nName: oldmail\nVersion: 0.9.1\n"
ARCHIVES = {
    # name: (filename, archive bytes)
    "oldmail": ("oldmail-0.9.1.tar.gz", _tar({
        "oldmail-0.9.1/PKG-INFO": OLD_PKG_INFO,
        "oldmail-0.9.1/setup.py": "from setuptools import setup\nsetup(name='oldmail', install_requires=['Flask', "
                                  "'blinker>=1.0'])\n",
        "oldmail-0.9.1/oldmail.py": "import blinker\n"})),
    "newmeta": ("newmeta-2.0.tar.gz", _tar({
        "newmeta-2.0/PKG-INFO": "Metadata-Version: 2.1\nName: newmeta\nVersion: 2.0\nRequires-Dist: requests>=2\n"
                                "Requires-Dist: rich; extra == 'cli'\n",
        "newmeta-2.0/pyproject.toml": '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
        "newmeta-2.0/src/newmeta/__init__.py": ""})),
    "csource": ("csource-1.0.tar.gz", _tar({
        "csource-1.0/PKG-INFO": "Metadata-Version: 1.1\nName: csource\nVersion: 1.0\n",
        "csource-1.0/setup.py": "from setuptools import setup\nsetup(name='csource')\n",
        "csource-1.0/src/_speed.c": "int main(void) { return 0; }\n"})),
    "extmod": ("extmod-1.0.tar.gz", _tar({
        "extmod-1.0/setup.py": "from setuptools import Extension, setup\nsetup(ext_modules=[Extension('x', "
                               "['x.pyx'])])\n"})),
    "rusty": ("rusty-1.0.tar.gz", _tar({
        "rusty-1.0/pyproject.toml": '[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n'})),
    "computed": ("computed-1.0.zip", _zip({
        "computed-1.0/setup.py": "from setuptools import setup\nsetup(install_requires=open('reqs.txt').read()"
                                 ".split())\n",
        "computed-1.0/computed.py": ""})),
    "huge": ("huge-1.0.tar.gz", b"x" * 16),  # its listed size is past MAX_BYTES
}


class _Index(BaseHTTPRequestHandler):
    downloads: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        parts = self.path.strip("/").split("/")
        if parts[0] == "simple" and len(parts) == 2 and parts[1] in ARCHIVES:
            filename, data = ARCHIVES[parts[1]]
            size = sdists.MAX_BYTES + 1 if parts[1] == "huge" else len(data)
            body = json.dumps({"files": [{"filename": filename, "url": f"../../files/{filename}", "size": size}]})
            return self._send(body.encode(), "application/vnd.pypi.simple.v1+json")
        if parts[0] == "files":
            type(self).downloads.append(parts[1])
            match = [data for filename, data in ARCHIVES.values() if filename == parts[1]]
            if match:
                return self._send(match[0], "application/octet-stream")
        self.send_response(404)
        self.end_headers()
        return None

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def index():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Index)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Index.downloads = []
    yield f"http://127.0.0.1:{server.server_address[1]}/simple"
    server.shutdown()
    server.server_close()


def test_an_old_pure_sdist_states_its_dependencies_in_a_literal_install_requires(index):
    found = pure_sdist("oldmail", "0.9.1", index=index)
    assert found is not None and found.requires == ("Flask", "blinker>=1.0") and found.requires_known
    assert "oldmail-0.9.1.tar.gz has no C" in found.evidence


def test_pkg_info_requires_dist_and_a_pure_backend(index):
    found = pure_sdist("newmeta", "2.0", index=index)
    assert found is not None and found.requires == ("requests>=2", 'rich; extra == "cli"')


@pytest.mark.parametrize("name", ["csource", "extmod", "rusty"])
def test_c_sources_extension_modules_or_a_native_backend_mean_a_compiler(index, name):
    assert pure_sdist(name, "1.0", index=index) is None


def test_a_computed_install_requires_is_pure_but_its_dependencies_unknown(index):
    found = pure_sdist("computed", "1.0", index=index)
    assert found is not None and found.requires == () and not found.requires_known


def test_a_large_sdist_is_not_downloaded(index):
    assert pure_sdist("huge", "1.0", index=index) is None and _Index.downloads == []


def test_verdicts_are_cached_and_failures_are_not(index):
    assert pure_sdist("oldmail", "0.9.1", index=index) is not None
    assert pure_sdist("oldmail", "0.9.1", index=index) is not None and _Index.downloads == ["oldmail-0.9.1.tar.gz"]
    assert pure_sdist("csource", "1.0", index=index) is None
    assert pure_sdist("csource", "1.0", index=index) is None and _Index.downloads.count("csource-1.0.tar.gz") == 1
    assert pure_sdist("nosuch", "1.0", index=index) is None
    assert pure_sdist("oldmail", "0.9.1", index="http://127.0.0.1:9/simple") is None  # unreachable: None


def test_a_pure_sdist_keeps_the_slim_builder_with_a_comment():
    wheels = {"oldmail==0.9.1": [], "csource==1.0": []}
    pure = plan_native([], "trixie", "3.13", {"oldmail": "0.9.1"}, wheels, pure=("oldmail==0.9.1",))
    assert pure.builder_variant == "slim" and "oldmail==0.9.1; its sdist is pure Python" in pure.pure
    native = plan_native([], "trixie", "3.13", {"oldmail": "0.9.1", "csource": "1.0"}, wheels,
                         pure=("oldmail==0.9.1",))
    assert native.builder_variant == "full" and any("csource==1.0" in n for n in native.notes)
    assert not any("oldmail" in n for n in native.notes)
