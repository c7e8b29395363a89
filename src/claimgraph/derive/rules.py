"""Rules beyond OWL, as SPARQL CONSTRUCT queries in queries/rules/, run by `claimgraph build`.

OWL cannot say "a later statement of the same actor withdraws a denial" (it compares dates), so
such rules are plain SPARQL over the data and what HermiT derived. Their triples join HermiT's in
graph/inferred.ttl, where the saved queries look them up instead of recomputing them per row.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.graph import ReadOnlyGraphAggregate

from ..query.catalogue import SavedQuery


def derive_by_rules(data: Graph, inferred: Graph, rules: dict[str, SavedQuery]) -> Graph:
    """What every rule constructs from the data plus the reasoner's triples (read through one view)."""
    both = ReadOnlyGraphAggregate([data, inferred])
    derived = Graph()
    for rule in rules.values():
        for triple in both.query(rule.text):
            derived.add(triple)
    return derived
