"""Load the built graph for querying and export: one named graph per article, the ontology beside them.

Queries see the union of everything (rdflib's default-union dataset), so they can use the
ontology's class hierarchy; exports take the article graphs only.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from . import iris
from .errors import ClaimgraphError
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


def load_dataset(workspace: Workspace, *, with_ontology: bool = True) -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in iris.PREFIXES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)
    for path in workspace.graph_files():
        parse_turtle(path, dataset.graph(graph_name(path.stem)), workspace.relative(path))
    if with_ontology:
        parse_turtle(workspace.ontology_file, dataset.graph(ONTOLOGY_GRAPH), workspace.relative(workspace.ontology_file))
    return dataset
