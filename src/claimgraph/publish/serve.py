"""Serve the built graph read-only on this machine: the desk (claimgraph's web app: claim board,
claim and actor pages, figures, saved queries, an Atom feed of status changes) at the root, and
the SPARQL 1.1 endpoint at /query.

The endpoint is the `oxigraph` server from PyPI (`serve-read-only`), loaded into a temporary store,
one named graph per file, and queried with the union of the graphs as the default graph, as saved
queries expect. It listens on a private loopback port; the web app (Starlette under uvicorn, in
this process) forwards /query to it unchanged. So SPARQL clients keep Oxigraph's complete protocol
and its refusal of updates, while the pages query an in-process copy of the graph (pyoxigraph),
loaded once at start, with no HTTP round trip. (Answering SPARQL in the app through pyoxigraph was
the other choice: it would mean re-implementing the protocol's content negotiation and error
answers that Oxigraph's server already gets right.)

The app binds to loopback unless told otherwise (and then says loudly that others can reach it),
refuses a port that is taken, and dies with claimgraph: the kernel stops the Oxigraph server if
claimgraph is killed, even by SIGKILL. A store left behind by a claimgraph that was killed so is
removed by the next server started.
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
import threading
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


def listen_on(host: str, port: int) -> tuple[socket.socket, bool]:
    """A socket listening on `host`:`port`, and whether `host` is loopback; an error if it is no
    address of this machine or the port is taken. Bound here, before anything is loaded, so that
    no other program can take the port between a check and the server's start."""
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
    listener = socket.socket(family, socket.SOCK_STREAM)
    # connections of an earlier server on the port, closing (TIME_WAIT), do not hold it
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address[:2])
        listener.listen(128)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise _in_use(host, port) from None
        raise ClaimgraphError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    try:
        return listener, ipaddress.ip_address(address[0]).is_loopback
    except ValueError:
        return listener, False


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
        if sources:
            loaded = subprocess.run([binary, "load", "--location", location, "--format", "nq"],
                                    input=_as_nquads(sources), capture_output=True)
            if loaded.returncode != 0:
                raise ClaimgraphError(f"oxigraph could not load the graph: "
                                      f"{_first_line(loaded.stderr.decode(errors='replace'))}")
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


def _as_nquads(sources: list[tuple[Path, str | None]]) -> bytes:
    """Every source file in its named graph (or the default graph), as one N-Quads document: one
    `oxigraph load` for all, where one per file cost 0.6 s each (1,000 articles: ten minutes).
    Blank nodes are renamed per file, as separate loads kept them apart."""
    import pyoxigraph as ox

    quads = []
    for path, graph in sources:
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        try:
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in
                         ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
        except (SyntaxError, ValueError) as exc:
            raise ClaimgraphError(f"oxigraph could not load it: {_first_line(str(exc))}", path=path) from None
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


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
    """Run until Ctrl-C or SIGTERM, then stop the servers and remove the store."""
    from ..project import resources
    from ..project.built import open_store
    from ..project.transaction import reading
    from ..web.app import create_app
    from ..web.desk import Desk
    from ..web.pages import Pages
    from .push import graphs_to_push

    listener, loopback = listen_on(host, port)
    with contextlib.closing(listener):
        if not loopback:
            print(f"claimgraph: WARNING: serving on {host}, which other machines may reach; the graph and its "
                  "articles are readable by anyone who can connect. Use --host 127.0.0.1 to keep it on this "
                  "machine.", file=sys.stderr, flush=True)
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            with reading(workspace.root):
                sources = [(path, name) for name, path in graphs_to_push(workspace)]
                pages = Pages(Desk(open_store(workspace), resources.saved_queries(workspace), workspace), live=True)
            pages.warm()
            with oxigraph_process(sources) as (endpoint, server), \
                    _web_server(create_app(pages, endpoint), listener) as web:
                root = f"http://{_bracketed(_reachable(host))}:{port}/"
                print(f"serving {len(sources)} graphs read-only: query page {root}, SPARQL endpoint {root}query (the "
                      "desk: claim board, claims, actors, figures, changes and saved queries, with parameters bound "
                      f"on their pages or by `claimgraph query NAME --endpoint {root}query --param NAME=VALUE`; "
                      "Ctrl-C stops)", flush=True)
                _wait(server, web)
        except KeyboardInterrupt:
            print("stopped", flush=True)
        finally:
            signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _web_server(app, listener: socket.socket) -> Iterator[threading.Thread]:
    """The app served by uvicorn on `listener`, in a thread, stopped on leaving (5 s grace for
    requests under way). Quiet: errors only, no access log."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="error", access_log=False,
                                           timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="claimgraph-web",
                              daemon=True)
    thread.start()
    try:
        yield thread
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _wait(server: subprocess.Popen, web: threading.Thread) -> None:
    """Wait for a signal; a server that stops by itself is an error."""
    while True:
        try:
            status = server.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            if not web.is_alive():
                raise ClaimgraphError("the web server stopped unexpectedly") from None
            continue
        raise ClaimgraphError(f"the oxigraph server stopped unexpectedly ({_ended(status)})")


def _ended(status: int) -> str:
    if status < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-status).name}"
    return f"exit status {status}"


def _stop(signum, frame):
    raise KeyboardInterrupt
