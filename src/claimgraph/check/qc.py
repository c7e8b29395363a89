"""QC rules: the saved SELECT queries of queries/qc/*-violation.rq, where every row is a failure."""

from __future__ import annotations

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate

from ..query.catalogue import SavedQuery
from ..query.terms import short
from .findings import Finding, show


def check_qc_rules(data: Graph, ontology: Graph, rules: dict[str, SavedQuery]) -> list[Finding]:
    """Each rule runs over the data with the ontology beside it (some rules ask what it declares),
    read through one view of both rather than a copy."""
    both = ReadOnlyGraphAggregate([data, ontology])
    findings = []
    for name, rule in rules.items():
        for row in both.query(rule.text):
            findings.append(Finding(f"qc:{name.removesuffix('-violation')}", show(row.focus),
                                    "" if row.path is None else short(row.path), str(row.message)))
    return findings
