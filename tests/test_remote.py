"""Real SPARQL servers: push the seed graph into Oxigraph, query it remotely, serve it read-only."""

import signal
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from claimgraph.publish.serve import free_port, running_server
from conftest import SEED, cli, query_rows

ALL_QUERIES = [("anonymous", {}), ("by-source", {}), ("conditional", {}), ("confirmed", {}), ("disputed", {}),
               ("entities", {}), ("figures", {}), ("forecasts", {}), ("troop-timeline", {}), ("unconfirmed", {}),
               ("status-as-of", {"date": "2024-10-20"}), ("status-as-of", {"date": "2024-10-24"}),
               ("provenance", {"claim": "north-korea-deployed-troops-to-russia"})]
FOUR_ARTICLE_QUERIES = ALL_QUERIES + [("competing-figures", {}), ("status-as-of", {"date": "2024-11-15"}),
                                      ("status-as-of", {"date": "2025-05-01"})]
GRAPH = "https://w3id.org/claimgraph/id/graph/"


@pytest.fixture(scope="module")
def pushed_oxigraph(built):
    """A writable Oxigraph server on 127.0.0.1 holding the seed graph, pushed by SPARQL Update in batches."""
    with running_server([], writable=True) as url:
        code, out, err = cli("--root", built, "push", "--endpoint", url.replace("/query", "/update"), "--batch", "100")
        assert code == 0, err
        yield url, out


def test_push_writes_one_named_graph_per_file_in_batches(pushed_oxigraph):
    _, out = pushed_oxigraph
    assert out.splitlines() == [
        f"<{GRAPH}{SEED}>: 715 triples in 9 requests, 715 stored",  # DROP SILENT, then 8 batches of 100
        f"<{GRAPH}inferred>: 99 triples in 2 requests, 99 stored",
        f"<{GRAPH}ontology>: 1,087 triples in 2 requests, 1,087 stored",  # DROP SILENT, then one INSERT (blank nodes)
    ]


@pytest.mark.parametrize("name, params", ALL_QUERIES, ids=[f"{n}{''.join('-' + v for v in p.values())}" for n, p in ALL_QUERIES])
def test_every_saved_query_answers_the_same_remotely(built, pushed_oxigraph, name, params):
    url, _ = pushed_oxigraph
    embedded = query_rows(built, name, **params)
    remote = query_rows(built, name, endpoint=url, **params)
    assert embedded and remote == embedded


def test_four_articles_answer_the_same_remotely(reporting):
    """Articles share claims, actors and days, so a store's union default graph holds some triples in
    several named graphs; the saved queries (SELECT DISTINCT) answer as the embedded set does."""
    with running_server([], writable=True) as url:
        code, _, err = cli("--root", reporting, "push", "--endpoint", url.replace("/query", "/update"))
        assert code == 0, err
        for name, params in FOUR_ARTICLE_QUERIES:
            embedded = query_rows(reporting, name, **params)
            assert query_rows(reporting, name, endpoint=url, **params) == embedded, (name, params)


def test_graph_store_protocol_push_round_trips_exactly(built):
    with running_server([], writable=True) as url:
        store = url.replace("/query", "/store")
        code, out, err = cli("--root", built, "push", "--graph-store", store)
        assert code == 0, err
        assert f"<{GRAPH}{SEED}>: 715 triples in 1 request, 715 stored" in out
        request = urllib.request.Request(f"{store}?{urllib.parse.urlencode({'graph': GRAPH + SEED})}",
                                         headers={"Accept": "application/n-triples"})
        with urllib.request.urlopen(request) as response:
            back = Graph().parse(data=response.read().decode(), format="nt")
        assert isomorphic(back, Graph().parse(built / "graph" / f"{SEED}.ttl"))
        # Pushing again replaces, it does not duplicate.
        cli("--root", built, "push", "--graph-store", store)
        assert query_rows(built, "by-source", endpoint=url) == query_rows(built, "by-source")


def test_push_and_remote_query_errors(built):
    dead = f"http://127.0.0.1:{free_port()}"
    code, out, err = cli("--root", built, "push", "--endpoint", dead + "/update")
    assert (code, out) == (2, "") and err.startswith(f"claimgraph: error: cannot reach {dead}/update (")
    code, out, err = cli("--root", built, "query", "unconfirmed", "--endpoint", dead + "/query")
    assert (code, out) == (2, "") and err.startswith(f"claimgraph: error: cannot reach {dead}/query (")
    code, _, err = cli("--root", built, "push")
    assert code == 2 and "push needs --endpoint" in err


def test_serve_answers_sparql_on_loopback_and_stops_cleanly(built):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "claimgraph", "--root", str(built), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = server.stdout.readline()
        assert banner.startswith(f"serving 3 graphs read-only: query page http://127.0.0.1:{port}/, "
                                 f"SPARQL endpoint http://127.0.0.1:{port}/query")
        url = f"http://127.0.0.1:{port}/query"
        assert query_rows(built, "unconfirmed", endpoint=url) == query_rows(built, "unconfirmed")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
            assert b"<html" in page.read().lower()  # the browser query page
    finally:
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    assert server.returncode == 0, err
    assert out.strip() == "stopped" and "Traceback" not in err
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)


def _key(row: dict) -> tuple:
    return tuple(sorted(row.items()))


@pytest.mark.virtuoso
def test_virtuoso_gets_the_same_answers(built, reporting):
    """A second real engine. Virtuoso's default graph is the union of all graphs, as claimgraph expects;
    it refuses blank nodes in INSERT DATA (the ontology goes as one INSERT ... WHERE {}) and caps
    results at 10,000 rows (ResultSetMaxRows), which claimgraph warns about."""
    from support.servers import virtuoso_server

    with virtuoso_server() as url:
        code, out, err = cli("--root", built, "push", "--endpoint", url)
        assert code == 0, err
        assert f"<{GRAPH}ontology>: " in out and "in 2 requests, 1,087 stored" in out.splitlines()[-1]
        for name, params in ALL_QUERIES:
            assert query_rows(built, name, endpoint=url, **params) == query_rows(built, name, **params), name
    with virtuoso_server() as url:  # the four articles, in a fresh store
        code, _, err = cli("--root", reporting, "push", "--endpoint", url)
        assert code == 0, err
        for name, params in FOUR_ARTICLE_QUERIES:
            embedded = query_rows(reporting, name, **params)
            remote = query_rows(reporting, name, endpoint=url, **params)
            # the same rows; Virtuoso 7.2 may order them differently when SELECT DISTINCT meets an
            # ORDER BY on a variable it does not project
            assert sorted(map(_key, remote)) == sorted(map(_key, embedded)), (name, params)
