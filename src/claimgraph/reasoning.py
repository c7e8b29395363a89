"""OWL reasoning with owlready2 and HermiT: consistency, an explanation when it fails, derived triples.

owlready2 does not read Turtle, so graphs go over as N-Triples written by rdflib; nothing is
ever written back to ontology/. HermiT knows only the OWL 2 datatype map, which lacks xsd:date,
so it runs with unsupported datatypes ignored: dates are compared by SPARQL, not by OWL.

HermiT derives class memberships, not new property values, so derived property values
(cg:attributedTo, cg:dependsOn) are asked for as classes: for each actor A, a query class
equivalent to `P value A`; every statement HermiT places in it gets `P A`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import iris
from .errors import ClaimgraphError
from .iris import CG, PROV

DERIVED_PROPERTIES = (CG.attributedTo, CG.dependsOn)
DERIVED_CLASSES = (CG.DeniedClaim, CG.ClaimWithConfirmation, CG.ContestedClaim)
INFERRED_GRAPH = URIRef(iris.ID + "graph/inferred")
REASONING_ACTIVITY = URIRef(iris.ID + "activity/owl-reasoning")
_QUERY = "urn:claimgraph:reasoning-query:"


@dataclass(frozen=True)
class Clash:
    """Why the graph is inconsistent: an individual with two disjoint types."""

    focus: Node
    message: str


@dataclass(frozen=True)
class ReasoningResult:
    consistent: bool
    inferred: Graph = field(default_factory=Graph)
    clashes: tuple[Clash, ...] = ()


def reason(data: Graph, ontology: Graph, *, derive: bool = True) -> ReasoningResult:
    """Run HermiT over ontology + data; derive cg:attributedTo, cg:dependsOn and claim classes."""
    combined = _union(data, ontology)
    queries = _query_classes(combined, ontology) if derive else {}
    world = _run_hermit(combined)
    if world is None:
        return ReasoningResult(False, Graph(), tuple(explain(data, ontology)))
    inferred = Graph()
    if derive:
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
            inferred.add((REASONING_ACTIVITY, PROV.used, iris.ONTOLOGY))
    return ReasoningResult(True, inferred, ())


def _union(*graphs: Graph) -> Graph:
    combined = Graph()
    for graph in graphs:
        for triple in graph:
            combined.add(triple)
    return combined


def _subclasses(ontology: Graph, top: URIRef) -> set[Node]:
    return set(ontology.transitive_subjects(RDFS.subClassOf, top))


def _query_classes(combined: Graph, ontology: Graph) -> dict[str, tuple[URIRef, URIRef]]:
    """Add `P value A` query classes to `combined` for every actor A; return them by IRI."""
    actor_classes = _subclasses(ontology, CG.Actor)
    actors = {s for cls in actor_classes for s in combined.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    queries = {}
    for number, actor in enumerate(sorted(actors)):
        for prop in DERIVED_PROPERTIES:
            query_class = URIRef(f"{_QUERY}{prop.fragment}-{number}")
            restriction = BNode()
            combined.add((restriction, RDF.type, OWL.Restriction))
            combined.add((restriction, OWL.onProperty, prop))
            combined.add((restriction, OWL.hasValue, actor))
            combined.add((query_class, RDF.type, OWL.Class))
            combined.add((query_class, OWL.equivalentClass, restriction))
            queries[str(query_class)] = (prop, actor)
    return queries


def _run_hermit(graph: Graph):
    """The reasoned owlready2 World, or None if HermiT finds the graph inconsistent."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ClaimgraphError("Java is needed for the HermiT reasoner, but `java` is not on PATH (install Java 17)")
    fd, path = tempfile.mkstemp(suffix=".nt")
    os.close(fd)
    try:
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(f"file://{path}").load()
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
        os.unlink(path)


# --------------------------------------------------------------------------- explanations


def explain(data: Graph, ontology: Graph) -> list[Clash]:
    """Individuals whose types, asserted or implied by domains and ranges, are disjoint.

    Each clash is then checked by HermiT on the ontology plus the triples about that individual
    alone, so the explanation names a set of triples that is inconsistent by itself.
    """
    clashes = []
    disjoint = _disjoint_pairs(ontology)
    for individual, reasons in sorted(_types_with_reasons(data, ontology).items()):
        expanded = {}
        for cls, why in reasons.items():
            for ancestor in {cls} | set(ontology.transitive_objects(cls, RDFS.subClassOf)):
                expanded.setdefault(ancestor, (cls, why))
        for a, b in disjoint:
            if a in expanded and b in expanded:
                about = _triples_about(data, individual)
                confirmed = _run_hermit(_union(about, ontology)) is None
                clashes.append(Clash(individual, (
                    f"is {_describe(expanded[a], a)} and {_describe(expanded[b], b)}, but {_short(a)} and "
                    f"{_short(b)} are disjoint"
                    + (f"; HermiT finds these {len(about)} triples inconsistent with the ontology on their own"
                       if confirmed else ""))))
                break
    return clashes


def _describe(origin: tuple[Node, str], cls: Node) -> str:
    source, why = origin
    via = f", a subclass of {_short(cls)}" if source != cls else ""
    return f"a {_short(source)} ({why}{via})"


def _short(term: Node) -> str:
    from .results import short

    return short(term)


def _types_with_reasons(data: Graph, ontology: Graph) -> dict[Node, dict[Node, str]]:
    types: dict[Node, dict[Node, str]] = {}
    for s, cls in data.subject_objects(RDF.type):
        types.setdefault(s, {}).setdefault(cls, "asserted")
    for prop in set(data.predicates()):
        domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
        object_property = (prop, RDF.type, OWL.ObjectProperty) in ontology
        for s, o in data.subject_objects(prop):
            if domain is not None:
                types.setdefault(s, {}).setdefault(domain, f"subject of {_short(prop)}")
            if range_ is not None and object_property:
                types.setdefault(o, {}).setdefault(range_, f"object of {_short(prop)}")
    return types


def _disjoint_pairs(ontology: Graph) -> list[tuple[Node, Node]]:
    pairs = set()
    for a, b in ontology.subject_objects(OWL.disjointWith):
        pairs.add(tuple(sorted((a, b))))
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(ontology.items(ontology.value(axiom, OWL.members)))
        for a, b in itertools.combinations(members, 2):
            pairs.add(tuple(sorted((a, b))))
    return sorted(pairs)


def _triples_about(data: Graph, node: Node) -> Graph:
    about = Graph()
    for triple in itertools.chain(data.triples((node, None, None)), data.triples((None, None, node))):
        about.add(triple)
    return about
