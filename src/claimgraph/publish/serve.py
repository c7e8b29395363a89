"""Serve the built graph read-only over the SPARQL 1.1 Protocol with the Oxigraph server.

The server is the `oxigraph` command from PyPI (`serve-read-only`, with a browser query page at
its root), loaded into a temporary store, one named graph per file, and queried with the union
of the graphs as the default graph, as saved queries expect. It binds to loopback unless told
otherwise (and then says loudly that others can reach it), refuses a port that is taken, and
dies with claimgraph: the kernel stops the server if claimgraph is killed, even by SIGKILL. A store
left behind by a claimgraph that was killed so is removed by the next server started.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Iterator

from ..errors import ClaimgraphError, shown

_PR_SET_PDEATHSIG = 1
STORE_PREFIX = "claimgraph-oxigraph-"
_OWNED = "owner"  # written into a store once its owner holds the lock on it
_HOST_NAME = re.compile(r"(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                        r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?")


def _die_with(parent: int):
    def prepare() -> None:  # runs in the child before exec (Linux)
        with contextlib.suppress(Exception):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request above: nobody would stop us
            os._exit(1)
    return prepare


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` installed with this Python, else the first on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def _in_use(host: str, port: int) -> ClaimgraphError:
    return ClaimgraphError(f"port {port} on {host} is already in use by another program; choose another with --port")


def check_address(host: str, port: int) -> bool:
    """Whether `host` is loopback; an error if it is no address of this machine or the port is taken."""
    literal = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        ipaddress.ip_address(literal)
    except ValueError:
        if not _HOST_NAME.fullmatch(host):  # never ask a resolver about text that cannot be a name
            raise ClaimgraphError(f"--host {shown(host)} is not an IP address or a host name") from None
    try:
        infos = socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        raise ClaimgraphError(f"--host {shown(host)} is not an address or a name of this machine") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # as the server does: connections of an earlier server on the port, closing (TIME_WAIT), do not hold it
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address[:2])
            probe.listen()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise _in_use(host, port) from None
            raise ClaimgraphError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        return False


def _sweep_stores() -> None:
    """Remove the stores of servers whose claimgraph died without removing them (SIGKILL)."""
    with contextlib.suppress(OSError):
        for store in Path(tempfile.gettempdir()).glob(STORE_PREFIX + "*"):
            with contextlib.suppress(OSError):
                handle = os.open(store, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free: its owner has gone
                    if (store / _OWNED).is_file():  # (without it, its owner may be about to lock it)
                        shutil.rmtree(store, ignore_errors=True)
                finally:
                    os.close(handle)


@contextlib.contextmanager
def _store() -> Iterator[str]:
    """A temporary directory for a store, locked while this process lives and removed after."""
    _sweep_stores()
    location = tempfile.mkdtemp(prefix=STORE_PREFIX)
    handle = os.open(location, os.O_RDONLY | os.O_DIRECTORY)  # not inherited by the server
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        Path(location, _OWNED).write_text(f"{os.getpid()}\n")
        yield location
    finally:
        shutil.rmtree(location, ignore_errors=True)
        os.close(handle)


@contextlib.contextmanager
def oxigraph_process(sources: list[tuple[Path, str | None]], host: str = "127.0.0.1", port: int | None = None,
                     startup_seconds: float = 60.0, writable: bool = False
                     ) -> Iterator[tuple[str, subprocess.Popen]]:
    """Yield the query URL of an Oxigraph server holding `sources`, with its process."""
    binary = oxigraph_binary()
    if binary is None:
        raise ClaimgraphError("the `oxigraph` server is not installed (pip install oxigraph)")
    with _store() as location:
        for path, graph in sources:
            command = [binary, "load", "--location", location, "--file", str(path)]
            loaded = subprocess.run(command + (["--graph", graph] if graph else []), capture_output=True, text=True)
            if loaded.returncode != 0:
                raise ClaimgraphError(f"oxigraph could not load it: {_first_line(loaded.stderr)}", path=path)
        port = port or free_port(host)
        mode = "serve" if writable else "serve-read-only"
        server = subprocess.Popen([binary, mode, "--location", location, "--bind", f"{_bracketed(host)}:{port}",
                                   "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  preexec_fn=_die_with(os.getpid()))
        url = f"http://{_bracketed(_reachable(host))}:{port}/query"
        try:
            try:
                wait_until_ready(url, server, startup_seconds)
            except ClaimgraphError as exc:
                if "Address already in use" in str(exc):  # taken since check_address looked
                    raise _in_use(host, port) from None
                raise
            yield url, server
        finally:
            stop_process(server)


@contextlib.contextmanager
def running_server(sources: list[tuple[Path, str | None]], host: str = "127.0.0.1", port: int | None = None,
                   startup_seconds: float = 60.0, writable: bool = False) -> Iterator[str]:
    """Yield the query URL of an Oxigraph server holding `sources` (file, named graph or None).

    Read-only unless `writable`, which also opens /update (SPARQL Update) and /store (Graph Store).
    """
    with oxigraph_process(sources, host, port, startup_seconds, writable) as (url, _):
        yield url


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _reachable(host: str) -> str:
    """The address to reach a server bound to `host` from this machine: loopback for a wildcard."""
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(host.strip("[]"))
        if address.is_unspecified:
            return "127.0.0.1" if address.version == 4 else "::1"
    return host


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
        with oxigraph_process(sources, host, port) as (url, server):
            root = url.removesuffix("query")
            print(f"serving {len(sources)} graphs read-only: query page {root}, SPARQL endpoint {url} "
                  "(saved queries with parameters: bind them with `claimgraph query NAME --endpoint "
                  f"{url} --param NAME=VALUE`; Ctrl-C stops)", flush=True)
            status = server.wait()  # until a signal stops us, or the server stops by itself
            raise ClaimgraphError(f"the oxigraph server stopped unexpectedly ({_ended(status)})")
    except KeyboardInterrupt:
        print("stopped", flush=True)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _ended(status: int) -> str:
    if status < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-status).name}"
    return f"exit status {status}"


def _stop(signum, frame):
    raise KeyboardInterrupt
