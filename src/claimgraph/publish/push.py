"""Load the built graph into a SPARQL 1.1 store, one named graph per file of graph/ (each article,
the derived triples, the links) and one for the ontology, replacing what an earlier push put
there; then count what the store holds and refuse to call it done unless the counts agree.

Where the store offers the Graph Store Protocol, each graph is one HTTP PUT of its Turtle file;
otherwise it is `DROP SILENT GRAPH` and `INSERT DATA` in batches of N-Triples. The data has no
blank nodes, so what comes back from the store is exactly what went in.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClaimgraphError
from ..project.layout import Workspace
from ..project.transaction import reading
from ..rdf import iris
from ..rdf.namespaces import GRAPH
from ..rdf.network import HttpClient
from ..rdf.sparql import USER_AGENT, SparqlClient

BATCH = 2_000
ONTOLOGY_GRAPH = GRAPH["ontology"]


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int
    requests: int
    stored: int


def graphs_to_push(workspace: Workspace) -> list[tuple[str, Path]]:
    """(graph name, file) for every file of graph/, then the ontology."""
    graphs = [(str(iris.article_graph(path.stem)), path) for path in workspace.graph_files()]
    return graphs + [(str(ONTOLOGY_GRAPH), workspace.ontology_file)]


def guess_query_endpoint(url: str) -> str:
    """The query endpoint beside an update or graph-store endpoint: …/update or …/store → …/query
    (Oxigraph, Fuseki); otherwise the same URL (Virtuoso's /sparql answers both)."""
    return re.sub(r"/(update|store|data)/?$", "/query", url)


def push(workspace: Workspace, update_endpoint: str | None = None, graph_store: str | None = None,
         query_endpoint: str | None = None, batch: int = BATCH, deadline: float | None = None,
         progress=None) -> list[Pushed]:
    if not update_endpoint and not graph_store:
        raise ClaimgraphError("push needs --endpoint (a SPARQL Update endpoint) or --graph-store (Graph Store Protocol)")
    for url in (update_endpoint, graph_store, query_endpoint):
        if url and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
            raise ClaimgraphError(f"{url[:80]!r} is not an http(s) URL")
    counter = SparqlClient(query_endpoint or guess_query_endpoint(graph_store or update_endpoint), deadline=deadline)
    step = progress or (lambda text: None)
    with reading(workspace.root):
        plan = [(name, path, _ntriples(path, workspace)) for name, path in graphs_to_push(workspace)]
    pushed = []
    for name, path, triples in plan:
        step(f"pushing <{name}>")
        if graph_store:
            http = HttpClient(USER_AGENT, deadline)
            _put(http, graph_store, name, path.read_bytes())
            requests = http.requests
        else:
            client = SparqlClient(update_endpoint, deadline=deadline)
            client.update(f"DROP SILENT GRAPH <{name}>")
            if any(triple.startswith("_:") or " _:" in triple for triple in triples):
                # Blank nodes (the ontology's OWL axioms) must arrive in one request to keep their identity,
                # and as a template: Virtuoso refuses blank nodes in INSERT DATA.
                body = " .\n".join(triples)
                client.update(f"INSERT {{ GRAPH <{name}> {{\n{body} .\n}} }} WHERE {{}}")
            else:
                for start in range(0, len(triples), batch):
                    body = " .\n".join(triples[start:start + batch])
                    client.update(f"INSERT DATA {{ GRAPH <{name}> {{\n{body} .\n}} }}")
            requests = client.requests
        stored = _count(counter, name)
        if stored != len(set(triples)):
            raise ClaimgraphError(f"pushed {len(triples):,} triples to <{name}>, but {counter.endpoint} counts "
                                  f"{stored:,} there; the store did not take them (is this the right endpoint, and "
                                  "may it be written?)")
        pushed.append(Pushed(name, len(triples), requests, stored))
    return pushed


def _count(client: SparqlClient, name: str) -> int:
    rows = client.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    try:
        return int(rows[0]["n"]["value"])
    except (IndexError, KeyError, TypeError, ValueError):
        raise ClaimgraphError(f"{client.endpoint} did not answer a count of the graph <{name}>") from None


def _ntriples(path: Path, workspace: Workspace) -> list[str]:
    import pyoxigraph as ox

    try:
        return [str(triple) for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except (SyntaxError, ValueError) as exc:
        raise ClaimgraphError(f"malformed Turtle: {' '.join(str(exc).split())[:300]}",
                              path=workspace.relative(path)) from None


def _put(http: HttpClient, graph_store: str, name: str, turtle: bytes) -> None:
    """Graph Store Protocol: replace the named graph with this Turtle."""
    url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
    answer = http.request("PUT", url, data=turtle, headers={"Content-Type": "text/turtle"}, what=graph_store)
    if not 200 <= answer.status < 300:
        raise ClaimgraphError(f"{graph_store} refused the graph <{name}>: HTTP {answer.status}")
