"""OWL reasoning with owlready2 and HermiT: whether the graph is consistent with the ontology, and
what the ontology's axioms derive from it. The build derives with the SPARQL rules instead
(`derive.rules`, far faster); HermiT is their oracle, run by `claimgraph validate --owl` and the tests.

owlready2 does not read Turtle, so graphs go over as N-Triples written by rdflib; nothing is
ever written back to ontology/. HermiT knows only the OWL 2 datatype map, which lacks xsd:date,
so it runs with unsupported datatypes ignored: dates are compared by SPARQL, not by OWL.

HermiT derives class memberships, not new property values, so derived property values
(cg:attributedTo, cg:dependsOn) are asked for as classes: for each actor A, a query class
equivalent to `P value A`; every statement HermiT places in it gets `P A`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import ClaimgraphError
from ..rdf.namespaces import ACTIVITY, CG, GRAPH, ONTOLOGY, PROV

DERIVED_PROPERTIES = (CG.attributedTo, CG.dependsOn)
DERIVED_CLASSES = (CG.DeniedClaim, CG.ClaimWithConfirmation, CG.ContestedClaim)
INFERRED_GRAPH = GRAPH["inferred"]
REASONING_ACTIVITY = ACTIVITY["owl-reasoning"]
_QUERY = "urn:claimgraph:reasoning-query:"


@dataclass(frozen=True)
class Derivation:
    consistent: bool
    inferred: Graph = field(default_factory=Graph)


def subclasses(ontology: Graph, top: URIRef) -> set[Node]:
    return set(ontology.transitive_subjects(RDFS.subClassOf, top))


def derive(data: Graph, ontology: Graph) -> Derivation:
    """Run HermiT over ontology + data; derive cg:attributedTo, cg:dependsOn and the claim classes."""
    queries, query_graph = _query_classes(data, ontology)
    world = run_hermit(data, ontology, query_graph)
    if world is None:
        return Derivation(False)
    inferred = Graph()
    for query_class, (prop, actor) in queries.items():
        for individual in world[query_class].instances():
            inferred.add((URIRef(individual.iri), prop, actor))
    for cls in DERIVED_CLASSES:
        for individual in world[str(cls)].instances():
            inferred.add((URIRef(individual.iri), RDF.type, cls))
    if len(inferred):
        inferred.add((INFERRED_GRAPH, PROV.wasGeneratedBy, REASONING_ACTIVITY))
        inferred.add((REASONING_ACTIVITY, RDF.type, PROV.Activity))
        inferred.add((REASONING_ACTIVITY, RDFS.label, Literal("OWL 2 reasoning by HermiT through owlready2")))
        inferred.add((REASONING_ACTIVITY, PROV.used, ONTOLOGY))
    return Derivation(True, inferred)


def is_consistent(*graphs: Graph) -> bool:
    """Whether HermiT finds the graphs together consistent (no derivation asked for)."""
    return run_hermit(*graphs) is not None


def _query_classes(data: Graph, ontology: Graph) -> tuple[dict[str, tuple[URIRef, URIRef]], Graph]:
    """`P value A` query classes for every actor A in `data`, by IRI, and the graph declaring them."""
    actor_classes = subclasses(ontology, CG.Actor)
    actors = {s for cls in actor_classes for s in data.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    queries, graph = {}, Graph()
    for number, actor in enumerate(sorted(actors)):
        for prop in DERIVED_PROPERTIES:
            query_class = URIRef(f"{_QUERY}{prop.fragment}-{number}")
            restriction = BNode()
            graph.add((restriction, RDF.type, OWL.Restriction))
            graph.add((restriction, OWL.onProperty, prop))
            graph.add((restriction, OWL.hasValue, actor))
            graph.add((query_class, RDF.type, OWL.Class))
            graph.add((query_class, OWL.equivalentClass, restriction))
            queries[str(query_class)] = (prop, actor)
    return queries, graph


def require_java() -> None:
    """Fail at once, before slower work, when HermiT could not run."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ClaimgraphError("Java is needed for the HermiT reasoner, but `java` is not on PATH (install Java 17)")


def run_hermit(*graphs: Graph):
    """The reasoned owlready2 World over the graphs together, or None if HermiT finds them inconsistent.

    The graphs are written one after another into one N-Triples file (their union, without
    copying them into one graph first)."""
    import owlready2

    for graph in graphs:  # owlready2 would download what an owl:imports names; nothing is ever fetched
        imported = next(graph.objects(None, OWL.imports), None)
        if imported is not None:
            raise ClaimgraphError(f"the graph imports {str(imported)[:80]!r} (owl:imports), which the reasoner would "
                                  "download; remove the owl:imports triple")
    require_java()
    directory = tempfile.mkdtemp(prefix="claimgraph-hermit-")
    path = os.path.join(directory, "graph.nt")
    try:
        with open(path, "wb") as handle:
            for graph in graphs:
                graph.serialize(handle, format="nt", encoding="utf-8")
        world = owlready2.World()
        # said outright: owlready2 guesses from the first 1,000 bytes, and takes a longer first line for RDF/XML
        world.get_ontology(f"file://{path}").load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return None
        except owlready2.OwlReadyJavaError as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            reason = next((line for line in lines if "Exception" in line), lines[-1] if lines else "unknown error")
            raise ClaimgraphError(f"the HermiT reasoner failed: {reason[:300]}") from None
        return world
    finally:
        shutil.rmtree(directory, ignore_errors=True)
