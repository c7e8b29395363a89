"""The OWL check (HermiT), run on demand by `claimgraph validate --owl`: is the graph consistent with
the ontology, and if not, why; and does HermiT derive exactly what the SPARQL rules derived.

An explanation names an individual whose types, asserted or implied by domains and ranges, are
disjoint; HermiT then checks it on the ontology plus that individual's triples alone, so the
explanation names a set of triples that is inconsistent by itself.
"""

from __future__ import annotations

import itertools

from rdflib import OWL, RDF, RDFS, Graph
from rdflib.term import Node

from ..derive.hermit import DERIVED_CLASSES, DERIVED_PROPERTIES, derive, is_consistent
from ..derive.rules import without_provenance
from ..query.terms import short
from .findings import Finding, show


def owl_findings(data: Graph, ontology: Graph, derived: Graph, derived_by: str) -> list[Finding]:
    """Consistency findings, or else one finding per triple HermiT and the rules disagree on.
    `derived` is what the rules derived from `data` (`derived_by` names it in messages); its triples
    that OWL cannot derive (cg:withdrawnBy) are not compared."""
    derivation = derive(data, ontology)
    findings = consistency_findings(data, ontology, derivation.consistent)
    if findings:
        return findings
    by_hermit = set(without_provenance(derivation.inferred))
    by_rules = {(s, p, o) for s, p, o in without_provenance(derived)
                if p in DERIVED_PROPERTIES or (p == RDF.type and o in DERIVED_CLASSES)}
    return ([Finding("owl", show(s), show(p), f"HermiT derives {show(s)} {show(p)} {show(o)}, which {derived_by} "
                     "lacks") for s, p, o in sorted(by_hermit - by_rules)]
            + [Finding("owl", show(s), show(p), f"{derived_by} has {show(s)} {show(p)} {show(o)}, which HermiT "
                       "does not derive") for s, p, o in sorted(by_rules - by_hermit)])


def consistency_findings(data: Graph, ontology: Graph, consistent: bool | None = None) -> list[Finding]:
    """No findings if consistent; else one per clash found, or one saying where else to look.
    `consistent` is HermiT's verdict when the caller has it already (from `derive`)."""
    if consistent is None:
        consistent = is_consistent(data, ontology)
    if consistent:
        return []
    findings = [Finding("owl", show(focus), "rdf:type", f"HermiT: inconsistent: {show(focus)} {message}")
                for focus, message in explain(data, ontology)]
    return findings or [Finding("owl", "(graph)", "", "HermiT finds the graph inconsistent with the ontology; no "
                                "individual has disjoint types, so look at functional and hasValue axioms")]


def explain(data: Graph, ontology: Graph) -> list[tuple[Node, str]]:
    """(individual, why) for each individual with disjoint types."""
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
                confirmed = not is_consistent(about, ontology)
                clashes.append((individual, (
                    f"is {_describe(expanded[a], a)} and {_describe(expanded[b], b)}, but {short(a)} and "
                    f"{short(b)} are disjoint"
                    + (f"; HermiT finds these {len(about)} triples inconsistent with the ontology on their own"
                       if confirmed else ""))))
                break
    return clashes


def _describe(origin: tuple[Node, str], cls: Node) -> str:
    source, why = origin
    via = f", a subclass of {short(cls)}" if source != cls else ""
    return f"a {short(source)} ({why}{via})"


def _types_with_reasons(data: Graph, ontology: Graph) -> dict[Node, dict[Node, str]]:
    types: dict[Node, dict[Node, str]] = {}
    for s, cls in data.subject_objects(RDF.type):
        types.setdefault(s, {}).setdefault(cls, "asserted")
    for prop in set(data.predicates()):
        domain, range_ = ontology.value(prop, RDFS.domain), ontology.value(prop, RDFS.range)
        object_property = (prop, RDF.type, OWL.ObjectProperty) in ontology
        for s, o in data.subject_objects(prop):
            if domain is not None:
                types.setdefault(s, {}).setdefault(domain, f"subject of {short(prop)}")
            if range_ is not None and object_property:
                types.setdefault(o, {}).setdefault(range_, f"object of {short(prop)}")
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
