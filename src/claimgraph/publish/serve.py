"""Serve the built graph read-only over the SPARQL 1.1 Protocol with the Oxigraph server.

The server is the `oxigraph` command from PyPI (`serve-read-only`, with a browser query page at
its root), loaded into a temporary store, one named graph per file, and queried with the union
of the graphs as the default graph, as saved queries expect. It binds to loopback unless told
otherwise (and then says loudly that others can reach it), refuses a port that is taken, and
dies with claimgraph: the kernel stops the server if claimgraph is killed, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

from ..errors import ClaimgraphError, shown

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child before exec (Linux)
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def check_address(host: str, port: int) -> bool:
    """Whether `host` is loopback; an error if it is no address of this machine or the port is taken."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise ClaimgraphError(f"--host {shown(host)} is not an address or a name of this machine") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(address[:2])
        except OSError as exc:
            if exc.errno in (98, 48):  # EADDRINUSE
                raise ClaimgraphError(f"port {port} on {host} is already in use by another program; choose "
                                      "another with --port") from None
            raise ClaimgraphError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
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
                raise ClaimgraphError(f"oxigraph could not load it: {_first_line(loaded.stderr)}", path=path)
        port = port or free_port(host)
        mode = "serve" if writable else "serve-read-only"
        server = subprocess.Popen([binary, mode, "--location", location, "--bind", f"{_bracketed(host)}:{port}",
                                   "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  preexec_fn=_die_with_parent)
        url = f"http://{_bracketed(host)}:{port}/query"
        try:
            wait_until_ready(url, server, startup_seconds)
            yield url
        finally:
            stop_process(server)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _first_line(text: str) -> str:
    """A server's error in one line: its first meaningful line, never a Rust backtrace."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and "backtrace" not in line.lower()
             and not line.strip().startswith(("at ", "stack backtrace"))]
    return (lines[0] if lines else "no details")[:300]


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
            detail = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise ClaimgraphError(f"the oxigraph server stopped at start-up: {_first_line(detail)}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise ClaimgraphError(f"the oxigraph server did not answer on {url} within {seconds:.0f} s")


def serve_forever(workspace, host: str, port: int) -> None:
    """Run until Ctrl-C or SIGTERM, then stop the server and remove its store."""
    from ..project.transaction import reading
    from .push import graphs_to_push

    loopback = check_address(host, port)
    if not loopback:
        print(f"claimgraph: WARNING: serving on {host}, which other machines may reach; the graph and its "
              "articles are readable by anyone who can connect. Use --host 127.0.0.1 to keep it on this machine.",
              file=sys.stderr, flush=True)
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        with reading(workspace.root):
            sources = [(path, name) for name, path in graphs_to_push(workspace)]
        with running_server(sources, host, port) as url:
            root = url.removesuffix("query")
            print(f"serving {len(sources)} graphs read-only: query page {root}, SPARQL endpoint {url} "
                  "(saved queries with parameters: bind them with `claimgraph query NAME --endpoint "
                  f"{url} --param NAME=VALUE`; Ctrl-C stops)", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(signum, frame):
    raise KeyboardInterrupt
