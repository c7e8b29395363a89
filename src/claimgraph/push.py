"""Load the built graph into a SPARQL 1.1 store, one named graph per article (and one each for the
reasoner's output, the Wikidata links and the ontology), replacing what an earlier push put there.

Where the store offers the Graph Store Protocol, each graph is one HTTP PUT of its Turtle file;
otherwise it is `DROP SILENT GRAPH` and `INSERT DATA` in batches of N-Triples. The data has no
blank nodes, so what comes back from the store is exactly what went in.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .errors import ClaimgraphError
from .store import ONTOLOGY_GRAPH, graph_name
from .sparql_client import USER_AGENT, SparqlClient
from .workspace import Workspace

BATCH = 2_000


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int
    requests: int


def graphs_to_push(workspace: Workspace) -> list[tuple[str, Path]]:
    graphs = [(str(graph_name(path.stem)), path) for path in workspace.graph_files()]
    return graphs + [(str(ONTOLOGY_GRAPH), workspace.ontology_file)]


def push(workspace: Workspace, update_endpoint: str | None = None, graph_store: str | None = None,
         batch: int = BATCH) -> list[Pushed]:
    if not update_endpoint and not graph_store:
        raise ClaimgraphError("push needs --endpoint (a SPARQL Update endpoint) or --graph-store (Graph Store Protocol)")
    pushed = []
    for name, path in graphs_to_push(workspace):
        triples = _ntriples(path, workspace)
        if graph_store:
            _put(graph_store, name, path.read_bytes())
            pushed.append(Pushed(name, len(triples), 1))
            continue
        client = SparqlClient(update_endpoint, retries=2)
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
        pushed.append(Pushed(name, len(triples), client.requests))
    return pushed


def _ntriples(path: Path, workspace: Workspace) -> list[str]:
    import pyoxigraph as ox

    try:
        return [str(triple) for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise ClaimgraphError(f"malformed Turtle: {exc}", path=workspace.relative(path)) from None


def _put(graph_store: str, name: str, turtle: bytes) -> None:
    """Graph Store Protocol: replace the named graph with this Turtle."""
    url = f"{graph_store}?{urllib.parse.urlencode({'graph': name})}"
    request = urllib.request.Request(url, data=turtle, method="PUT",
                                     headers={"Content-Type": "text/turtle", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise ClaimgraphError(f"{graph_store} refused the graph <{name}>: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        raise ClaimgraphError(f"cannot reach {graph_store} ({getattr(exc, 'reason', exc)})") from None
