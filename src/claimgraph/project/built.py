"""The built graph as the commands read it: graph/*.ttl and the ontology, into rdflib graphs or
an Oxigraph store. Reads hold off a concurrent switch of files (see `transaction.reading`), so
they never see half of a build."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from ..errors import ClaimgraphError
from ..rdf import iris
from ..rdf.namespaces import GRAPH
from ..rdf.writer import new_graph
from .layout import Workspace
from .transaction import reading

ONTOLOGY_GRAPH = GRAPH["ontology"]


def parse_turtle(path: Path, into: Graph, shown_as: str) -> None:
    """Parse a Turtle file, turning a syntax error into one message that names the file."""
    try:
        into.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        message = " ".join(str(exc).split())
        raise ClaimgraphError(f"malformed Turtle: {message[:300]}", path=shown_as) from None


def load_graph(workspace: Workspace, *, with_ontology: bool = True) -> Graph:
    """Every file of graph/ in one graph; with the ontology, queries can follow its class hierarchy."""
    graph = new_graph()
    with reading(workspace.root):
        for path in workspace.graph_files():
            parse_turtle(path, graph, workspace.relative(path))
    if with_ontology:
        parse_turtle(workspace.ontology_file, graph, workspace.relative(workspace.ontology_file))
    return graph


def load_named_graphs(workspace: Workspace) -> dict[URIRef, Graph]:
    """Each file of graph/ under its graph name (graph/X.ttl is <…/id/graph/X>), in name order."""
    graphs = {}
    with reading(workspace.root):
        for path in workspace.graph_files():
            graph = Graph()
            parse_turtle(path, graph, workspace.relative(path))
            graphs[iris.article_graph(path.stem)] = graph
    return graphs


def open_store(workspace: Workspace):
    """The built graph and the ontology in an in-memory Oxigraph store, all in its default graph.

    In memory, not persisted on disk: a RocksDB-backed store opens at once but answers the saved
    queries 4.5-5.9 times slower at 1M triples, which costs more than the 2.5 s it takes to load
    them (benchmarks/README.md). One default graph, a set: articles share nodes (a claim, an
    actor, a day), and Oxigraph's union default graph would return such a triple once per named
    graph holding it.
    """
    import pyoxigraph as ox

    store = ox.Store()
    with reading(workspace.root):
        sources = workspace.graph_files() + [workspace.ontology_file]
        for path in sources:
            try:
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
            except (SyntaxError, ValueError) as exc:
                raise ClaimgraphError(f"malformed Turtle: {' '.join(str(exc).split())[:300]}",
                                      path=workspace.relative(path)) from None
    return store
