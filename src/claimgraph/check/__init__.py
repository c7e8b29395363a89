"""Check a graph three ways: SHACL shapes, QC rules in SPARQL, and OWL consistency. Checking
finds problems; it derives nothing (that is `derive`)."""

from __future__ import annotations

from rdflib import Graph

from ..query.catalogue import SavedQuery
from .findings import Finding, ValidationFailed
from .owl import consistency_findings
from .qc import check_qc_rules
from .shacl import check_shapes

__all__ = ["Finding", "ValidationFailed", "check_graph", "check_shapes", "check_qc_rules", "consistency_findings"]


def check_graph(data: Graph, ontology: Graph, shapes: Graph, rules: dict[str, SavedQuery], *,
                consistent: bool | None = None, progress=None) -> list[Finding]:
    """Every finding for `data`: shapes, QC rules, then consistency (HermiT's verdict if given)."""
    step = progress or (lambda text: None)
    step("checking the SHACL shapes")
    findings = check_shapes(data, shapes, ontology)
    step("checking the QC rules")
    findings += check_qc_rules(data, ontology, rules)
    step("checking OWL consistency with HermiT")
    return findings + consistency_findings(data, ontology, consistent)
