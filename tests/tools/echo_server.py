#!/usr/bin/env python3
"""A small HTTP echo backend in the format `ing2gw shadow` reads.

Every request is answered 200 with a JSON object describing the request as
this backend received it:

    {"method": "GET", "path": "/api/items", "query": "page=2",
     "host": "shop.example.test", "headers": {"Name": ["value", ...]},
     "backend": NAME}

A query parameter sleep=SECONDS delays the answer (for timeout tests).
Run it by hand behind both data planes:

    tests/tools/echo_server.py --name web --port 8081

The end-to-end tests import it and keep what it received (EchoServer).
"""
import argparse
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _echo(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        path, _, query = self.path.partition("?")
        headers = {}
        for name, value in self.headers.items():
            headers.setdefault(name, []).append(value)
        seen = {"method": self.command, "path": path,
                "query": query if query else None,
                "host": self.headers.get("Host"), "headers": headers,
                "backend": self.server.name, "body_length": len(body)}
        self.server.record(seen)
        delay = urllib.parse.parse_qs(query).get("sleep")
        if delay:
            time.sleep(float(delay[0]))
        out = json.dumps(seen).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(out)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _echo
    do_OPTIONS = do_PATCH = _echo

    def log_message(self, fmt, *args):
        pass


class EchoServer(ThreadingHTTPServer):
    """An echo backend on 127.0.0.1 in a thread; seen lists the requests."""

    daemon_threads = True

    def __init__(self, name, port=0):
        super().__init__(("127.0.0.1", port), _Handler)
        self.name = name
        self.seen = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever,
                                        daemon=True)

    @property
    def port(self):
        return self.server_address[1]

    def record(self, seen):
        with self._lock:
            self.seen.append(seen)

    def requests(self):
        with self._lock:
            return list(self.seen)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.shutdown()
        self.server_close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--name", default="echo", help="the backend's name")
    p.add_argument("--port", type=int, default=8080)
    a = p.parse_args()
    srv = EchoServer(a.name, a.port)
    print(f"echo backend {a.name} on 127.0.0.1:{srv.port}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
