"""The derivation `claimgraph build` runs: the SPARQL 1.1 Update rules of queries/rules/, in file
name order, in an Oxigraph store holding the data and the ontology.

The rules are generated from the ontology's axioms (`derive.generate`) where OWL says what is
derived, and written by hand where it cannot (a later statement withdraws a denial: that compares
dates). They give exactly HermiT's derivation (tests/test_rules.py checks it on every curated
annotation), in a time that grows with the data rather than with the ontology's models; HermiT
stays the oracle, run on demand by `claimgraph validate --owl`.

Each rule inserts into the named graph <…/id/graph/inferred>, and a later rule reads earlier
results from there: the store's data is never written, and the same files derive in place in
any SPARQL 1.1 store (Virtuoso too), where `claimgraph push` puts graph/inferred.ttl.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import ClaimgraphError
from ..query.catalogue import SavedQuery, not_sparql
from ..rdf.namespaces import ACTIVITY, ONTOLOGY, PROV
from .hermit import INFERRED_GRAPH

RULES_ACTIVITY = ACTIVITY["rule-derivation"]


def infer(store, rules: dict[str, SavedQuery]) -> Graph:
    """Run `rules` in `store` (`derive_in_store`); the triples they derived, with their provenance."""
    import pyoxigraph as ox

    derive_in_store(store, rules)
    inferred = Graph()
    inferred.addN((_term(q.subject), _term(q.predicate), _term(q.object), inferred)
                  for q in store.quads_for_pattern(None, None, None, ox.NamedNode(str(INFERRED_GRAPH))))
    return inferred


def derive_in_store(store, rules: dict[str, SavedQuery]) -> None:
    """Run `rules` (SPARQL Update) in `store` in name order, and record their provenance. The store's
    graph <…/graph/inferred> is replaced by the derivation (it is where the rules write, and the
    rules after them read); nothing else in the store changes. `inferred_ntriples` reads it back
    without rdflib, which at a million triples costs more than the rules (benchmarks/derivation.py)."""
    store.update(f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")
    for name in sorted(rules):
        try:
            store.update(rules[name].text)
        except SyntaxError as exc:
            raise not_sparql(rules[name], "Oxigraph", str(exc), getattr(exc, "lineno", None)) from None
        except OSError as exc:  # Oxigraph's evaluation errors (a failing function, a full disk)
            raise ClaimgraphError(f"the rule failed in Oxigraph: {' '.join(str(exc).split())[:300]}",
                                  path=rules[name].shown or rules[name].path) from None
    label = Literal(f"SPARQL 1.1 Update rules of queries/rules/ run in Oxigraph in this order: "
                    f"{', '.join(sorted(rules))}")
    provenance = [(INFERRED_GRAPH, PROV.wasGeneratedBy, RULES_ACTIVITY), (RULES_ACTIVITY, RDF.type, PROV.Activity),
                  (RULES_ACTIVITY, RDFS.label, label), (RULES_ACTIVITY, PROV.used, ONTOLOGY)]
    triples = " ".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in provenance)
    store.update(f"INSERT DATA {{ GRAPH <{INFERRED_GRAPH}> {{ {triples} }} }}")


def inferred_ntriples(store) -> bytes:
    """What `derive_in_store` left in the store, as N-Triples."""
    import pyoxigraph as ox

    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(INFERRED_GRAPH)))


def _term(term) -> Node:
    """A pyoxigraph term as rdflib's (a simple string as rdflib writes one, without ^^xsd:string)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language or term.datatype.value == str(XSD.string):
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def without_provenance(inferred: Graph) -> Graph:
    """The derived triples alone: not those saying which activity made the graph, nor about it."""
    activities = set(inferred.objects(INFERRED_GRAPH, PROV.wasGeneratedBy))
    derived = Graph()
    for triple in inferred:
        if triple[0] != INFERRED_GRAPH and triple[0] not in activities:
            derived.add(triple)
    return derived


def infer_graph(data: Graph, ontology: Graph, rules: dict[str, SavedQuery]) -> Graph:
    """`infer` over an rdflib graph and the ontology, loaded into a fresh in-memory Oxigraph store."""
    import pyoxigraph as ox

    store = ox.Store()
    for graph in (data, ontology):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return infer(store, rules)

