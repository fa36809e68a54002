"""Probing a running container from inside (its own loopback, its own python): one HTTP GET and
the TCP sockets it listens on (/proc/net/tcp of its network namespace)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .engine import Engine

PROBE = r"""
import json, sys, urllib.request, urllib.error
port, path = int(sys.argv[1]), sys.argv[2]
out = {"status": 0, "error": "", "listen": []}
for name in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        rows = open(name).read().splitlines()[1:]
    except OSError:
        continue
    for row in rows:
        f = row.split()
        if len(f) > 3 and f[3] == "0A":
            addr, p = f[1].split(":")
            out["listen"].append([addr, int(p, 16)])
try:
    r = urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=5)
    out["status"] = r.status
except urllib.error.HTTPError as e:
    out["status"] = e.code
except Exception as e:
    out["error"] = repr(e)[:300]
print(json.dumps(out))
"""


@dataclass
class Listener:
    address: str  # dotted IPv4 / "::" style IPv6, as far as it matters here
    port: int

    @property
    def loopback(self) -> bool:
        return self.address.startswith("127.") or self.address == "::1"


@dataclass
class ProbeResult:
    status: int = 0  # 0: no HTTP answer
    error: str = ""
    listeners: list[Listener] = field(default_factory=list)

    def on(self, port: int) -> list[Listener]:
        return [item for item in self.listeners if item.port == port]

    def loopback_only(self, port: int) -> bool:
        here = self.on(port)
        return bool(here) and all(item.loopback for item in here)

    def other_ports(self, port: int) -> list[int]:
        return sorted({item.port for item in self.listeners if item.port != port})


def probe(engine: Engine, name: str, port: int, path: str = "/") -> ProbeResult:
    """Run the probe in container ``name``; python3 when the image has no ``python``."""
    for python in ("python", "python3"):
        result = engine.exec(name, python, "-c", PROBE, str(port), path, timeout=30)
        if result.returncode == 0:
            try:
                data = json.loads(result.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                return ProbeResult(error=result.stdout[-300:])
            return ProbeResult(int(data["status"]), data["error"],
                               [Listener(decode_address(a), p) for a, p in data["listen"]])
        if "not found" not in (result.stdout + result.stderr) and "no such file" not in result.stderr.lower():
            return ProbeResult(error=(result.stderr or result.stdout)[-300:])
    return ProbeResult(error="the image has no python to probe with")


def decode_address(hexaddr: str) -> str:
    """/proc/net/tcp's little-endian hex address as text (IPv4-mapped IPv6 shown as IPv4)."""
    if len(hexaddr) == 8:
        return ".".join(str(int(hexaddr[i:i + 2], 16)) for i in (6, 4, 2, 0))
    words = [hexaddr[i:i + 8] for i in range(0, 32, 8)]
    if words[:2] == ["00000000", "00000000"] and words[2] == "FFFF0000":
        return decode_address(words[3])
    if words == ["00000000"] * 3 + ["01000000"]:
        return "::1"
    if words == ["00000000"] * 4:
        return "::"
    return ":".join(words)
