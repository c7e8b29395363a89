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

    In memory: a server answering many queries loads once, and the saved queries run 4.5-5.9 times
    faster than on a RocksDB-backed store at 1M triples (benchmarks/README.md); a single `query` of a
    large project reads the on-disk store instead (`query_store`). One default graph, a set:
    articles share nodes (a claim, an actor, a day), and Oxigraph's union default graph would
    return such a triple once per named graph holding it.
    """
    import pyoxigraph as ox

    store = ox.Store()
    with reading(workspace.root):
        load_turtle(store, [(path, workspace.relative(path))
                            for path in workspace.graph_files() + [workspace.ontology_file]])
    return store


def load_turtle(store, sources: list[tuple[bytes | Path, str]]) -> None:
    """Turtle files or bytes into the store's default graph in one bulk load (a load per file costs
    twice as much for a thousand articles); a file that is not Turtle is named in one line."""
    import pyoxigraph as ox

    try:
        store.bulk_load(b"".join(s if isinstance(s, bytes) else s.read_bytes() for s, _ in sources),
                        format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        return
    except (SyntaxError, ValueError, OSError):
        pass  # which one? each alone, in a scratch store, says
    for source, shown in sources:
        try:
            ox.Store().bulk_load(source if isinstance(source, bytes) else source.read_bytes(),
                                 format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        except (SyntaxError, ValueError) as exc:
            raise ClaimgraphError(f"malformed Turtle: {' '.join(str(exc).split())[:300]}", path=shown) from None
        except OSError as exc:
            raise ClaimgraphError(f"cannot read: {exc.strerror}", path=shown) from None
    raise ClaimgraphError("the graph files do not load together into Oxigraph", path=sources[0][1] if sources else None)
