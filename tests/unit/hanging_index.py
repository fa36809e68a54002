"""A local package index that answers its first request (404) and never the others, so the
concurrent look-ups are in flight (shared by a test and bench/hostile.py)."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator


@contextlib.contextmanager
def hanging_index(seconds: float = 30.0) -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    stop = threading.Event()

    class Hang(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            if len(hits) == 1:
                self.send_response(404)
                self.end_headers()
                return
            stop.wait(seconds)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hang)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/simple", hits
    finally:
        stop.set()
        server.shutdown()
        time.sleep(0)
