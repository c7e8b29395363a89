"""Load the built graph: the union of the article graphs (with the ontology, for queries), or each
article's graph by name (for TriG export, one named graph per article)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, URIRef

from . import iris
from .errors import ClaimgraphError
from .rdfwrite import new_graph
from .workspace import Workspace


ONTOLOGY_GRAPH = URIRef(iris.ID + "graph/ontology")


def graph_name(slug: str) -> URIRef:
    """The named graph holding one article's triples."""
    return URIRef(f"{iris.ID}graph/{slug}")


def parse_turtle(path: Path, into: Graph, shown_as: str) -> None:
    """Parse a Turtle file, turning a syntax error into one message that names the file."""
    try:
        into.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        message = " ".join(str(exc).split())
        raise ClaimgraphError(f"malformed Turtle: {message[:300]}", path=shown_as) from None


def load_graph(workspace: Workspace, *, with_ontology: bool = True) -> Graph:
    """Every article graph in one graph; with the ontology, queries can follow its class hierarchy."""
    graph = new_graph()
    for path in workspace.graph_files():
        parse_turtle(path, graph, workspace.relative(path))
    if with_ontology:
        parse_turtle(workspace.ontology_file, graph, workspace.relative(workspace.ontology_file))
    return graph


def load_article_graphs(workspace: Workspace) -> dict[URIRef, Graph]:
    """Each article's graph under its name, in name order."""
    graphs = {}
    for path in workspace.graph_files():
        graph = Graph()
        parse_turtle(path, graph, workspace.relative(path))
        graphs[graph_name(path.stem)] = graph
    return graphs
