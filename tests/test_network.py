"""How claimgraph behaves towards an endpoint: User-Agent, Retry-After (honoured, capped), backoff,
a deadline on every call, no redirect off the endpoint's host, and answers checked before use.

A scripted HTTP server on 127.0.0.1 plays the endpoint; urllib3's sleeps are recorded, not slept.
"""

import pytest

from claimgraph.errors import ClaimgraphError
from claimgraph.rdf import network
from claimgraph.rdf.sparql import SparqlClient
from conftest import cli
from support.endpoint import ScriptedEndpoint, Step, ok
from support.servers import free_port


@pytest.fixture
def waits(monkeypatch):
    """The sleeps urllib3's Retry asks for, recorded instead of slept."""
    import urllib3.util.retry

    recorded = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", recorded.append)
    return recorded


def test_429_honours_retry_after_then_succeeds(waits):
    with ScriptedEndpoint(Step(429, b"slow down", "text/plain", {"Retry-After": "7"}), ok()) as endpoint:
        rows = SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert rows == [{"x": {"type": "literal", "value": "ok"}}]
    assert waits == [7.0] and len(endpoint.requests) == 2


def test_retry_after_is_capped(waits):
    with ScriptedEndpoint(Step(503, b"busy", "text/plain", {"Retry-After": "86400"}), ok()) as endpoint:
        SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert waits == [network.MAX_RETRY_AFTER]


def test_5xx_backs_off_exponentially(waits):
    with ScriptedEndpoint(Step(503, b""), Step(502, b""), Step(500, b""), ok()) as endpoint:
        SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert waits == [2.0, 4.0] and len(endpoint.requests) == 4  # urllib3 retries the first at once


def test_gives_up_after_the_retries_with_the_status(waits):
    with ScriptedEndpoint(Step(429, b"<html><body><h1>Too many requests</h1></body></html>", "text/html",
                               {"Retry-After": "1"})) as endpoint:
        with pytest.raises(ClaimgraphError) as error:
            SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert str(error.value) == f"{endpoint.url} answered HTTP 429: Too many requests"
    assert waits == [1.0] * 4 and len(endpoint.requests) == 5


@pytest.mark.parametrize("step", [Step(drip=True), Step(hang=True)], ids=["drips", "hangs"])
def test_every_call_has_a_deadline(step):
    with ScriptedEndpoint(step) as endpoint:
        with pytest.raises(ClaimgraphError) as error:
            SparqlClient(endpoint.url, deadline=1.5).select("SELECT ?x WHERE {}")
    assert str(error.value).startswith(f"{endpoint.url} gave no complete answer within 1.5 s;")


def test_sends_a_descriptive_user_agent_and_the_query():
    with ScriptedEndpoint(ok()) as endpoint:
        SparqlClient(endpoint.url).select("SELECT ?x WHERE { ?x ?p ?o }")
    (request,) = endpoint.requests
    assert request["agent"].startswith("claimgraph/0.1.0 (https://w3id.org/claimgraph;")
    assert "contact" in request["agent"] and b"SELECT" in request["body"]


def test_comment_lines_cannot_turn_a_select_into_an_update():
    """SPARQLWrapper guesses the query form from the text; a header word such as "drops" once made
    a saved query go out as a DROP update (the `update=` form field) instead of `query=`."""
    text = "#+ summary: s\n#+ description: it drops nothing\n#+ more\nSELECT ?x WHERE { ?x ?p ?o }"
    with ScriptedEndpoint(ok()) as endpoint:
        SparqlClient(endpoint.url).select(text)
    body = endpoint.requests[0]["body"].decode()
    assert body.startswith("query=") and "drops" not in body


def test_a_redirect_to_another_host_is_refused():
    with ScriptedEndpoint(Step(307, b"", headers={"Location": "http://example.org/sparql"})) as endpoint:
        with pytest.raises(ClaimgraphError) as error:
            SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert "redirected to another host ('http://example.org/sparql')" in str(error.value)


def test_a_redirect_on_the_same_host_is_followed():
    with ScriptedEndpoint(Step(307, b"", headers={"Location": "/sparql2"}), ok()) as endpoint:
        assert SparqlClient(endpoint.url).select("SELECT ?x WHERE {}")
    assert [r["path"] for r in endpoint.requests] == ["/sparql", "/sparql2"]


def test_unreachable_endpoint_is_one_clear_error():
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(ClaimgraphError) as error:
        SparqlClient(url, deadline=5).select("SELECT ?x WHERE {}")
    assert str(error.value).startswith(f"cannot reach {url} (connection refused)")


def test_link_to_an_unreachable_endpoint_exits_2_without_writing(built, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(built, root)
    url = f"http://127.0.0.1:{free_port()}/sparql"
    code, out, err = cli("--root", root, "--timeout", "5", "link", "--endpoint", url)
    assert (code, out) == (2, "")
    assert err.startswith(f"claimgraph: error: cannot reach {url} (") and err.count("\n") == 1
    assert not (root / "graph" / "links.ttl").exists()
