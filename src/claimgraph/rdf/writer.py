"""The one RDF writer: stable prefixes, sorted output, the same bytes whatever PYTHONHASHSEED, TZ or
locale. Turtle for graph/ and exports, TriG and N-Quads with one named graph per article,
N-Triples and JSON-LD.
"""

from __future__ import annotations

import json

from rdflib import OWL, RDF, RDFS, XSD, Graph
from rdflib.term import URIRef

from .namespaces import PREFIXES


def new_graph() -> Graph:
    """An empty graph that knows the project's prefixes, so every output spells IRIs alike."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def comment(header: str) -> bytes:
    """A header as Turtle/TriG comment lines."""
    return "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()).encode("utf-8")


def _longturtle(graph: Graph) -> bytes:
    sorted_graph = new_graph()
    for triple in graph:
        sorted_graph.add(triple)
    return sorted_graph.serialize(format="longturtle", encoding="utf-8")


def turtle_bytes(graph: Graph, header: str) -> bytes:
    """Sorted Turtle ('longturtle': one predicate per line, subjects in order) under a header comment."""
    return comment(header) + b"\n" + _longturtle(graph)


def sorted_turtle(ntriples: bytes, header: str) -> bytes:
    """Turtle written by Oxigraph from N-Triples, its lines sorted and prefixes limited to those used,
    under a header comment: the same bytes for the same N-Triples, ten times faster than rdflib's
    writer, which a build of thousands of articles cannot afford. Blank nodes would get fresh
    labels on every run, so a graph that may have any goes to `turtle_bytes` instead."""
    import pyoxigraph as ox

    if b"_:" in ntriples:
        graph = Graph()
        graph.parse(data=ntriples, format="nt")
        return turtle_bytes(graph, header)
    lines = sorted({line.strip() for line in ntriples.splitlines()} - {b""})
    known = {**PREFIXES, "owl": OWL._NS, "rdf": RDF._NS, "rdfs": RDFS._NS, "xsd": XSD._NS}
    used = {prefix: str(namespace) for prefix, namespace in sorted(known.items())
            if f"<{namespace}".encode("utf-8") in ntriples}
    triples = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)
    # the prefix lines in name order, whatever order Oxigraph keeps them in
    statements = b"".join(line for line in body.splitlines(keepends=True) if not line.startswith(b"@prefix "))
    declared = "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in used.items())
    return comment(header) + b"\n" + declared.encode("utf-8") + b"\n" + statements


def trig_bytes(graphs: dict[URIRef, Graph], header: str) -> bytes:
    """TriG: every prefix any graph uses, once, then each named graph in name order, its triples
    sorted as in Turtle."""
    prefixes: set[bytes] = set()
    blocks: list[bytes] = []
    for name in sorted(graphs):
        lines = _longturtle(graphs[name]).splitlines(keepends=True)
        prefixes.update(line for line in lines if line.startswith(b"PREFIX "))
        body = [line for line in lines if not line.startswith(b"PREFIX ")]
        inner = b"".join(body).strip(b"\n")  # not indented: that would change multi-line literals
        blocks.append(b"<" + str(name).encode("utf-8") + b"> {\n" + inner + b"\n}\n")
    return comment(header) + b"\n" + b"".join(sorted(prefixes)) + b"\n" + b"\n".join(blocks)


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples, one triple per line, lines sorted."""
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip()))


def nquads_bytes(graphs: dict[URIRef, Graph]) -> bytes:
    """N-Quads: every article's triples in its named graph, lines sorted."""
    lines = []
    for name, graph in graphs.items():
        suffix = f" <{name}> .\n".encode("utf-8")
        for line in graph.serialize(format="nt", encoding="utf-8").splitlines():
            if line.strip():
                lines.append(line.rstrip().removesuffix(b" .") + suffix)
    return b"".join(sorted(lines))


def jsonld_bytes(graph: Graph) -> bytes:
    """JSON-LD with the project's prefixes as context; nodes ordered by @id and values sorted, since
    rdflib emits them in set order."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    document = json.loads(graph.serialize(format="json-ld", context=context, encoding="utf-8"))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    nodes.sort(key=lambda node: str(node.get("@id", "")))
    out = {"@context": document.get("@context", context), "@graph": nodes}
    return (json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
