"""A scripted HTTP endpoint on 127.0.0.1 for tests: each request gets the next step of a script
(the last step repeats). A step is a status with headers and a body, or a misbehaviour: a body
dripped a byte at a time, a connection that never answers, a redirect."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RESULTS = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}


@dataclass
class Step:
    status: int = 200
    body: bytes = json.dumps(RESULTS).encode()
    content_type: str = "application/sparql-results+json"
    headers: dict = field(default_factory=dict)
    drip: bool = False  # send the body one byte every 0.2 s
    hang: bool = False  # accept, read the request, never answer


def ok(document=RESULTS) -> Step:
    return Step(body=json.dumps(document).encode())


class ScriptedEndpoint:
    def __init__(self, *script: Step):
        self.script = list(script) or [ok()]
        self.requests: list[dict] = []
        self.stop = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self):
                length = int(self.headers.get("Content-Length", 0) or 0)
                outer.requests.append({"method": self.command, "path": self.path,
                                       "agent": self.headers.get("User-Agent", ""),
                                       "body": self.rfile.read(length) if length else b""})
                step = outer.script.pop(0) if len(outer.script) > 1 else outer.script[0]
                if step.hang:
                    outer.stop.wait(60)
                    return
                self.send_response(step.status)
                self.send_header("Content-Type", step.content_type)
                for key, value in step.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(step.body)))
                self.end_headers()
                if step.drip:
                    for byte in step.body:
                        if outer.stop.is_set():
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.2)
                else:
                    self.wfile.write(step.body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that gave up is part of the script
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()
