"""How claimgraph behaves towards a SPARQL endpoint: User-Agent, Retry-After, backoff, unreachable hosts.

A scripted HTTP server on 127.0.0.1 plays the endpoint; waits are recorded, not slept.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimgraph.errors import ClaimgraphError
from claimgraph.testsupport import free_port
from claimgraph.sparql_client import SparqlClient
from conftest import cli

ANSWER = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}}


class ScriptedEndpoint:
    """Answers requests from a script of (status, headers) steps; the last step repeats."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                outer.requests.append({"agent": self.headers.get("User-Agent", ""), "body": self.rfile.read(length)})
                status, headers = outer.script.pop(0) if len(outer.script) > 1 else outer.script[0]
                body = json.dumps(ANSWER).encode() if status == 200 else b"slow down"
                self.send_response(status)
                self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _client(url, waits):
    return SparqlClient(url, sleep=waits.append, retries=3, backoff=2.0)


def test_429_honours_retry_after_then_succeeds():
    waits = []
    with ScriptedEndpoint([(429, {"Retry-After": "7"}), (200, {})]) as endpoint:
        rows = _client(endpoint.url, waits).select("SELECT ?x WHERE {}")
    assert rows == ANSWER["results"]["bindings"]
    assert waits == [7.0]
    assert len(endpoint.requests) == 2


def test_5xx_backs_off_exponentially():
    waits = []
    with ScriptedEndpoint([(503, {}), (502, {}), (500, {}), (200, {})]) as endpoint:
        _client(endpoint.url, waits).select("SELECT ?x WHERE {}")
    assert waits == [2.0, 4.0, 8.0]
    assert len(endpoint.requests) == 4


def test_gives_up_after_the_retries_with_a_clear_message():
    waits = []
    with ScriptedEndpoint([(429, {"Retry-After": "1"})]) as endpoint:
        with pytest.raises(ClaimgraphError) as error:
            _client(endpoint.url, waits).select("SELECT ?x WHERE {}")
    assert str(error.value) == f"{endpoint.url} answered HTTP 429 Too Many Requests"
    assert waits == [1.0, 1.0, 1.0] and len(endpoint.requests) == 4


def test_retry_after_is_capped():
    waits = []
    with ScriptedEndpoint([(503, {"Retry-After": "86400"}), (200, {})]) as endpoint:
        SparqlClient(endpoint.url, sleep=waits.append, max_wait=30.0).select("SELECT ?x WHERE {}")
    assert waits == [30.0]


def test_sends_a_descriptive_user_agent_and_the_query():
    with ScriptedEndpoint([(200, {})]) as endpoint:
        SparqlClient(endpoint.url).select("SELECT ?x WHERE { ?x ?p ?o }")
    (request,) = endpoint.requests
    assert request["agent"].startswith("claimgraph/0.1.0 (https://w3id.org/claimgraph;")
    assert "contact" in request["agent"]
    assert b"SELECT" in request["body"]


def test_comment_lines_cannot_turn_a_select_into_an_update():
    """SPARQLWrapper guesses the query form from the text; a header word such as "drops" once made
    a saved query go out as a DROP update (the `update=` form field) instead of `query=`."""
    text = "#+ summary: s\n#+ description: it drops nothing\n#+ more\nSELECT ?x WHERE { ?x ?p ?o }"
    with ScriptedEndpoint([(200, {})]) as endpoint:
        SparqlClient(endpoint.url).select(text)
    body = endpoint.requests[0]["body"].decode()
    assert body.startswith("query=") and "drops" not in body


def test_unreachable_endpoint_is_one_clear_error():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(ClaimgraphError) as error:
        SparqlClient(url, timeout=5).select("SELECT ?x WHERE {}")
    assert str(error.value).startswith(f"cannot reach {url} (")
    assert "use --offline to work from cached answers" in str(error.value)


def test_link_to_an_unreachable_endpoint_exits_2_without_writing(built, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(built, root)
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out, err = cli("--root", root, "link", "--endpoint", url)
    assert (code, out) == (2, "")
    assert err.startswith(f"claimgraph: error: cannot reach {url} (") and err.count("\n") == 1
    assert not (root / "graph" / "links.ttl").exists()
