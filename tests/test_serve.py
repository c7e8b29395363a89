"""`claimgraph serve` as a user runs it: a real subprocess serving the built graph with the Oxigraph
server on 127.0.0.1, stopped by Ctrl-C, SIGTERM or SIGKILL, refusing bad ports and hosts.

Every server started here is stopped in a `finally`, with any oxigraph child it had; every wait is
bounded. Each command gets its own TMPDIR, so the test sees exactly the stores it made.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
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

import pytest
from rdflib import RDF, Graph, URIRef

from claimgraph.errors import ClaimgraphError
from claimgraph.publish.serve import free_port, running_server
from conftest import cli

LOOPBACK = "127.0.0.1"
SPARQL_JSON = "application/sparql-results+json"
STATEMENT = "https://w3id.org/claimgraph/ontology#Statement"
START_SECONDS = 60


# --- processes ---------------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: [state, ppid, ...], or None if there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    """Whether any thread of process PID still runs (a zombie is dead: it runs nothing and, once all
    its threads have gone, holds no socket)."""
    try:
        tasks = [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return any((stat := _stat(task)) is not None and stat[0] != "Z" for task in tasks)


def oxigraph_children(pid: int) -> list[int]:
    """The live oxigraph processes whose parent is PID, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(int(entry.name))
        if stat is None or stat[0] == "Z" or int(stat[1]) != pid:
            continue
        with contextlib.suppress(OSError):
            if b"oxigraph" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float) -> float | None:
    """Poll `condition` until true; the seconds it took, or None if it never was within `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def answers(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((LOOPBACK, port)) == 0


def _default_sigint() -> None:  # as at a terminal, even if the test runner was started ignoring SIGINT
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serve_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "claimgraph", "--root", str(root), "serve", *args]


def tmpdir_env(tmp: Path) -> dict[str, str]:
    tmp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "TMPDIR": str(tmp)}


class Serving:
    """A `claimgraph serve` subprocess, up and serving: its line, its oxigraph child, its TMPDIR."""

    def __init__(self, root: Path, port: int, tmp: Path, *args: str):
        self.port, self.tmp = port, tmp
        self.url = f"http://{LOOPBACK}:{port}/query"
        self.process = subprocess.Popen(serve_command(root, "--port", str(port), *args), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=tmpdir_env(tmp),
                                        preexec_fn=_default_sigint)
        self.children: list[int] = []
        self.started = time.monotonic()

    def wait_until_serving(self) -> None:
        self.line = self._read_line(self.process.stdout)
        self.startup = time.monotonic() - self.started
        assert self.line, f"no line from serve (exit {self.process.poll()}): {self._rest()}"
        self.children = oxigraph_children(self.process.pid)
        assert len(self.children) == 1, self.children

    def _read_line(self, stream) -> str:
        ready, _, _ = select.select([stream], [], [], START_SECONDS)
        return stream.readline() if ready else ""

    def _rest(self) -> str:
        if self.process.poll() is None:
            return "(still running)"
        return self.process.stderr.read()

    def stderr_line(self) -> str:
        """A line it wrote to stderr before its line on stdout: already there, so a short wait."""
        ready, _, _ = select.select([self.process.stderr], [], [], 5)
        return self.process.stderr.readline() if ready else ""

    def signal(self, number: int, seconds: float = 20) -> tuple[int, str, str]:
        """Send a signal to claimgraph; its exit status and what it printed afterwards."""
        self.process.send_signal(number)
        out, err = self.process.communicate(timeout=seconds)
        return self.process.returncode, out, err

    def stop(self) -> None:
        """Make sure nothing of this server runs any more (whatever the test did or failed to do)."""
        if self.process.poll() is None:
            self.children = self.children or oxigraph_children(self.process.pid)
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        for stream in (self.process.stdout, self.process.stderr):
            stream.close()
        for child in self.children:
            with contextlib.suppress(ProcessLookupError):
                if running(child):
                    os.kill(child, signal.SIGKILL)


@contextlib.contextmanager
def serving(root: Path, tmp: Path, *args: str, port: int | None = None):
    server = None
    try:
        server = Serving(root, port or free_port(), tmp, *args)
        server.wait_until_serving()
        yield server
    finally:
        if server is not None:
            server.stop()


def stores(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir())


# --- SPARQL over HTTP, to 127.0.0.1 only --------------------------------------------------------

def _request(url: str, body: bytes | None = None, content_type: str | None = None) -> tuple[int, bytes]:
    assert url.startswith(f"http://{LOOPBACK}:")
    headers = {"Accept": SPARQL_JSON}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


def select_rows(endpoint: str, query: str) -> list[dict[str, str]]:
    status, body = _request(endpoint, query.encode(), "application/sparql-query")
    assert status == 200, body[:300]
    return [{var: cell["value"] for var, cell in binding.items()} for binding in json.loads(body)["results"]["bindings"]]


def ask(endpoint: str, query: str) -> bool:
    status, body = _request(endpoint + "?" + urllib.parse.urlencode({"query": query}))
    assert status == 200, body[:300]
    return json.loads(body)["boolean"]


def cli_rows(*args: str) -> list[dict[str, str]]:
    code, out, err = cli(*args, "--format", "json")
    assert code == 0, err
    return [{var: cell["value"] for var, cell in b.items()} for b in json.loads(out)["results"]["bindings"]]


def statements_in_files(root: Path) -> int:
    """Statements in the built graph's files, read by rdflib, independently of the server."""
    graph = Graph()
    for path in sorted((root / "graph").glob("*.ttl")):
        graph.parse(path, format="turtle")
    return len(set(graph.subjects(RDF.type, URIRef(STATEMENT))))


def _key(row: dict) -> tuple:
    return tuple(sorted(row.items()))


def one_line_error(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err and "backtrace" not in err.lower() and "panicked" not in err, err
    return err.strip()


def run_serve(root: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(serve_command(root, *args), capture_output=True, text=True, timeout=60,
                          env=tmpdir_env(tmp))


# --- the tests ----------------------------------------------------------------------------------

def test_serves_the_graph_read_only_and_ctrl_c_stops_it(built, tmp_path):
    with serving(built, tmp_path / "tmp") as server:
        page = f"http://{LOOPBACK}:{server.port}/"
        assert f"query page {page}," in server.line
        assert f"SPARQL endpoint {server.url} " in server.line
        status, html = _request(page)
        assert status == 200 and b"<html" in html.lower()  # the browser query page

        # the seed's data: what `claimgraph query by-source` answers, asked over HTTP with the same text
        embedded = cli_rows("--root", built, "query", "by-source")
        remote = select_rows(server.url, (built / "queries" / "by-source.rq").read_text(encoding="utf-8"))
        assert embedded and sorted(map(_key, remote)) == sorted(map(_key, embedded))
        (count,) = select_rows(server.url, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{STATEMENT}> }}")
        assert int(count["n"]) == statements_in_files(built) == len(embedded)  # one row per statement

        # writes are refused, by /update and by /query
        insert = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
        status, _ = _request(server.url.replace("/query", "/update"), insert.encode(), "application/sparql-update")
        assert status in (400, 403, 404, 405)
        status, _ = _request(server.url, insert.encode(), "application/sparql-query")
        assert 400 <= status < 500
        status, _ = _request(server.url, urllib.parse.urlencode({"update": insert}).encode(),
                             "application/x-www-form-urlencoded")
        assert 400 <= status < 500
        assert not ask(server.url, "ASK { <urn:x:s> ?p ?o }")

        (child,) = server.children
        assert len(stores(server.tmp)) == 1  # its store, while it serves
        code, out, err = server.signal(signal.SIGINT)
        assert (code, out, err) == (0, "stopped\n", "")
        assert not running(child) and not answers(server.port)
        assert stores(server.tmp) == []  # the store is removed


def test_sigterm_stops_it_and_the_port_can_be_served_again_at_once(built, tmp_path):
    port = free_port()
    with serving(built, tmp_path / "tmp", port=port) as server:
        for _ in range(3):  # connections that the server closes linger on its port (TIME_WAIT)
            assert ask(server.url, "ASK {}")
        (child,) = server.children
        code, out, err = server.signal(signal.SIGTERM)
        assert (code, out, err) == (0, "stopped\n", "")
        assert not running(child) and not answers(port) and stores(server.tmp) == []
    with serving(built, tmp_path / "tmp", port=port) as again:  # not "already in use"
        assert ask(again.url, "ASK { ?s ?p ?o }")
        assert again.signal(signal.SIGTERM)[0] == 0


def test_a_taken_port_is_refused_in_one_line_and_its_holder_untouched(built, tmp_path):
    with socket.socket() as holder:
        holder.bind((LOOPBACK, 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = run_serve(built, tmp_path / "tmp", "--port", str(port))
        assert (done.returncode, done.stdout) == (2, "")
        line = one_line_error(done.stderr)
        assert line.startswith("claimgraph: error: ") and f"port {port} " in line and "in use" in line
        # the holder still listens and answers
        with socket.create_connection((LOOPBACK, port), timeout=5):
            holder.settimeout(5)
            accepted, _ = holder.accept()
            accepted.close()
    assert stores(tmp_path / "tmp") == []


def test_a_port_taken_after_the_check_is_still_named_in_one_line(built, tmp_path, monkeypatch):
    """Another program may take the port between claimgraph's check and the server's start; the
    server's error (with its Rust backtrace) still becomes one line naming the port."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as holder:
        holder.bind((LOOPBACK, 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(ClaimgraphError) as refused:
            with running_server([(built / "graph" / "inferred.ttl", None)], port=port):
                pass
    message = str(refused.value)
    assert message == f"port {port} on {LOOPBACK} is already in use by another program; choose another with --port"
    assert stores(tmp_path) == []


@pytest.mark.parametrize("args, named", [
    (("--port", "0"), "'0'"), (("--port", "70000"), "'70000'"), (("--port", "abc"), "'abc'"),
    (("--host", "not a host"), "'not a host'")])
def test_bad_ports_and_hosts_are_refused_in_one_line(built, tmp_path, args, named):
    done = run_serve(built, tmp_path / "tmp", *args)
    assert (done.returncode, done.stdout) == (2, "")
    line = one_line_error(done.stderr)
    assert "error" in line and args[0] in line and named in line
    assert stores(tmp_path / "tmp") == []


def test_a_wildcard_host_is_served_with_a_loud_warning(built, tmp_path):
    with serving(built, tmp_path / "tmp", "--host", "0.0.0.0") as server:
        warning = server.stderr_line()
        assert warning.startswith("claimgraph: WARNING: serving on 0.0.0.0") and "other machines" in warning
        assert f"http://{LOOPBACK}:{server.port}/query" in server.line  # an address to reach it by
        assert ask(server.url, "ASK { ?s ?p ?o }")  # through loopback only
        assert server.signal(signal.SIGTERM)[0] == 0


def test_sigkill_leaves_no_oxigraph_behind_and_no_store_piles_up(built, tmp_path):
    tmp = tmp_path / "tmp"
    with serving(built, tmp) as server:
        (child,) = server.children
        (killed_store,) = stores(tmp)
        os.kill(server.process.pid, signal.SIGKILL)
        assert server.process.wait(timeout=10) == -signal.SIGKILL
        took = wait_for(lambda: not running(child), 5)
        assert took is not None, f"oxigraph {child} outlived claimgraph"
        assert not answers(server.port)
        # killed, claimgraph could not remove its store; the next server removes it
        assert stores(tmp) in ([killed_store], [])
    with serving(built, tmp) as next_server:
        assert killed_store not in stores(tmp) and len(stores(tmp)) == 1
        assert next_server.signal(signal.SIGTERM)[0] == 0
    assert stores(tmp) == []


def test_a_server_that_dies_is_reported_not_waited_on(built, tmp_path):
    with serving(built, tmp_path / "tmp") as server:
        (child,) = server.children
        os.kill(child, signal.SIGKILL)
        code = server.process.wait(timeout=10)
        err = server.process.stderr.read()
        assert code == 2
        assert one_line_error(err) == "claimgraph: error: the oxigraph server stopped unexpectedly (killed by SIGKILL)"
    assert stores(tmp_path / "tmp") == []


def test_saved_queries_with_parameters_are_bound_through_the_served_endpoint(built, tmp_path):
    with serving(built, tmp_path / "tmp") as server:
        # the line says how: a parameterised .rq posted as it is binds nothing (issue 11)
        assert f"claimgraph query NAME --endpoint {server.url} --param NAME=VALUE" in server.line
        args = ("--root", built, "query", "status-as-of", "--param", "date=2024-10-23")
        remote = cli_rows(*args, "--endpoint", server.url)
        embedded = cli_rows(*args)
        assert embedded and remote == embedded
        assert {row["status"] for row in remote} >= {"unconfirmed"}
        assert server.signal(signal.SIGTERM)[0] == 0
