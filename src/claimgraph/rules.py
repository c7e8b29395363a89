"""Rules beyond OWL, as SPARQL CONSTRUCT queries in queries/rules/, run by `claimgraph build`.

OWL cannot say "a later statement of the same actor withdraws a denial" (it compares dates), so
such rules are plain SPARQL over the data and what HermiT derived. Their triples join HermiT's in
graph/inferred.ttl, where the saved queries look them up instead of recomputing them per row.
"""

from __future__ import annotations

from rdflib import Graph

from .workspace import Workspace


def rules_dir(workspace: Workspace):
    return workspace.queries_dir / "rules"


def derive_by_rules(workspace: Workspace, data: Graph, inferred: Graph) -> Graph:
    """What every rule in queries/rules/*.rq constructs from the data plus the reasoner's triples."""
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in inferred:
        combined.add(triple)
    derived = Graph()
    for path in sorted(rules_dir(workspace).glob("*.rq")) if rules_dir(workspace).is_dir() else []:
        for triple in combined.query(path.read_text(encoding="utf-8")):
            derived.add(triple)
    return derived
