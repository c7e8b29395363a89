"""Every saved query gives the same answer, in the same order, on an independent SPARQL 1.1 engine.

rdflib is claimgraph's engine; pyoxigraph (Oxigraph, written in Rust) shares no code with it.
Agreement checks that the queries mean what they say in standard SPARQL, not in one library.
"""

import dataclasses

import pyoxigraph as ox
import pytest

from claimgraph.catalogue import bind, load_catalogue, map_service, with_values
from conftest import REPO, SEED, query_rows

PARAMETERS = {
    "status-as-of": [{"date": "2024-10-20"}, {"date": "2024-10-23"}, {"date": "2024-10-24"}],
    "provenance": [{"claim": "north-korea-deployed-troops-to-russia"}, {"claim": "deployment-doubled-to-3000"}],
}


@pytest.fixture(scope="module")
def oxigraph(built):
    store = ox.Store()
    for path in (built / "graph" / f"{SEED}.ttl", built / "graph" / "inferred.ttl", REPO / "ontology" / "claimgraph.ttl"):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _cases():
    for name in sorted(load_catalogue(REPO / "queries")):
        for params in PARAMETERS.get(name, [{}]):
            yield pytest.param(name, params, id=f"{name}{''.join('-' + v for v in params.values())}")


@pytest.mark.parametrize("name, params", _cases())
def test_same_answer_on_oxigraph(built, oxigraph, wikidata_endpoint, name, params):
    """Federated queries call the local Wikidata copy from both engines."""
    saved = load_catalogue(REPO / "queries")[name]
    federated = "SERVICE <https://query.wikidata.org/sparql>" in saved.text
    if federated:
        saved = dataclasses.replace(saved, text=map_service(saved, "https://query.wikidata.org/sparql", wikidata_endpoint))
    solutions = oxigraph.query(with_values(saved, bind(saved, params)))
    variables = [v.value for v in solutions.variables]
    theirs = [{v: s[v].value for v in variables if s[v] is not None} for s in solutions]
    ours = query_rows(built, name, wikidata_endpoint=wikidata_endpoint if federated else None, **params)
    assert ours, name
    assert ours == theirs
