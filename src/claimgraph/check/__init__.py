"""Check a graph three ways: SHACL shapes, QC rules in SPARQL, and, on demand, OWL (HermiT: slow,
and it needs Java). Checking finds problems; it derives nothing (that is `derive`)."""

from __future__ import annotations

from rdflib import Graph

from ..query.catalogue import SavedQuery
from .findings import Finding, ValidationFailed
from .owl import consistency_findings, owl_findings
from .qc import check_qc_in_store, check_qc_rules
from .shacl import check_shapes
from .shapes_sparql import check_shapes_in_store

__all__ = ["Finding", "ValidationFailed", "check_graph", "check_shapes", "check_qc_rules", "consistency_findings",
           "owl_findings", "check_shapes_in_store", "check_qc_in_store"]


def check_graph(data: Graph, ontology: Graph, shapes: Graph, rules: dict[str, SavedQuery], *,
                progress=None) -> list[Finding]:
    """Every finding for `data` of the shapes and the QC rules (the OWL check is `owl_findings`),
    found by SPARQL on Oxigraph as the build finds them: pySHACL and rdflib give the same findings
    (tests/test_shapes_sparql.py) a hundred times slower."""
    import pyoxigraph as ox

    step = progress or (lambda text: None)
    store = ox.Store()
    for graph in (data, ontology):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.DefaultGraph())
    step("checking the SHACL shapes")
    findings = check_shapes_in_store(store, shapes)
    step("checking the QC rules")
    return findings + check_qc_in_store(store, rules)
