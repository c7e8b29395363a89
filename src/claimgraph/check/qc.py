"""QC rules: the saved SELECT queries of queries/qc/*-violation.rq, where every row is a failure."""

from __future__ import annotations

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate

from ..query.catalogue import SavedQuery
from ..query.terms import TsvTerms, short
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


def check_qc_in_store(store, rules: dict[str, SavedQuery]) -> list[Finding]:
    """`check_qc_rules` on an Oxigraph store holding the data and the ontology in its default graph
    (as `project.built.open_store` does): the same rules, the same findings in the same order,
    in a fraction of rdflib's time (benchmarks/checks_on_oxigraph.py)."""
    import pyoxigraph as ox

    terms = TsvTerms()
    findings = []
    for name, rule in rules.items():
        solutions = store.query(rule.text)
        variables = [v.value for v in solutions.variables]
        for line in solutions.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:-1]:
            row = dict(zip(variables, map(terms.__getitem__, line.split("\t"))))
            findings.append(Finding(f"qc:{name.removesuffix('-violation')}", show(row["focus"]),
                                    short(row["path"]), str(row["message"])))
    return findings
