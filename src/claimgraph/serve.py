"""Serve the built graph read-only over the SPARQL 1.1 Protocol with the Oxigraph server.

The server is the `oxigraph` command from PyPI (`serve-read-only`, with a browser query page at
its root), loaded into a temporary store, one named graph per file, and queried with the union
of the graphs as the default graph, as saved queries expect. It binds to loopback unless told
otherwise, and stops cleanly on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import ClaimgraphError


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(sources: list[tuple[Path, str | None]], host: str = "127.0.0.1", port: int | None = None,
                   startup_seconds: float = 60.0, writable: bool = False) -> Iterator[str]:
    """Yield the query URL of an Oxigraph server holding `sources` (file, named graph or None).

    Read-only unless `writable`, which also opens /update (SPARQL Update) and /store (Graph Store).
    """
    binary = shutil.which("oxigraph")
    if binary is None:
        raise ClaimgraphError("the `oxigraph` server is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="claimgraph-oxigraph-") as location:
        for path, graph in sources:
            command = [binary, "load", "--location", location, "--file", str(path)]
            loaded = subprocess.run(command + (["--graph", graph] if graph else []), capture_output=True, text=True)
            if loaded.returncode != 0:
                raise ClaimgraphError(f"oxigraph could not load it: {loaded.stderr.strip()[:300]}", path=path)
        port = port or free_port(host)
        mode = "serve" if writable else "serve-read-only"
        server = subprocess.Popen([binary, mode, "--location", location, "--bind", f"{host}:{port}",
                                   "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = f"http://{host}:{port}/query"
        try:
            wait_until_ready(url, server, startup_seconds)
            yield url
        finally:
            stop_process(server)


def stop_process(process: subprocess.Popen, seconds: float = 30) -> None:
    """Ask a server to stop (SIGTERM); kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_ready(url: str, server: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if server.poll() is not None:
            detail = server.stderr.read().decode(errors="replace").strip()[:300]
            raise ClaimgraphError(f"the oxigraph server stopped at start-up: {detail}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise ClaimgraphError(f"the oxigraph server did not answer on {url} within {seconds:.0f} s")


def serve_forever(sources: list[tuple[Path, str | None]], host: str, port: int) -> None:
    """Run until Ctrl-C or SIGTERM, then stop the server and remove its store."""
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        with running_server(sources, host, port) as url:
            root = url.removesuffix("query")
            print(f"serving {len(sources)} graphs read-only: query page {root}, SPARQL endpoint {url} "
                  "(Ctrl-C stops)", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(signum, frame):
    raise KeyboardInterrupt
