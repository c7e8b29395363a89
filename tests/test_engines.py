"""Every saved query gives the same answer, in the same order, on both embedded engines.

They are compared on the seed graph and on the four-article graph (seed plus development
articles), where claims, actors and days are shared between articles' named graphs.

Oxigraph (Rust, the default engine) and rdflib's Memory store (Python, the reference) share no
code, so agreement also checks that the queries mean what they say in standard SPARQL 1.1.
Federated queries call the local Wikidata copy from both engines.
"""

import pytest

from claimgraph.catalogue import load_catalogue
from conftest import REPO, query_rows

PARAMETERS = {
    "status-as-of": [{"date": "2024-10-20"}, {"date": "2024-10-23"}, {"date": "2024-10-24"}, {"date": "2024-11-15"},
                     {"date": "2025-05-01"}],
    "provenance": [{"claim": "north-korea-deployed-troops-to-russia"}, {"claim": "deployment-doubled-to-3000"}],
}


def _cases():
    for name in sorted(load_catalogue(REPO / "queries")):
        for params in PARAMETERS.get(name, [{}]):
            yield pytest.param(name, params, id=f"{name}{''.join('-' + v for v in params.values())}")


@pytest.mark.parametrize("name, params", _cases())
def test_oxigraph_and_rdflib_agree(built, reporting, wikidata_endpoint, name, params):
    federated = "SERVICE <https://query.wikidata.org/sparql>" in load_catalogue(REPO / "queries")[name].text
    service = wikidata_endpoint if federated else None
    for root in (built, reporting):
        oxigraph = query_rows(root, name, wikidata_endpoint=service, **params)
        rdflib = query_rows(root, name, wikidata_endpoint=service, engine="rdflib", **params)
        assert oxigraph == rdflib, (name, root)
    assert oxigraph, name  # every query has something to say about the four articles


def test_the_default_engine_is_oxigraph(built, monkeypatch):
    import claimgraph.engine as engine

    def refuse(*args, **kwargs):
        raise AssertionError("rdflib engine used")

    monkeypatch.setattr(engine.RdflibEngine, "__init__", refuse)
    assert query_rows(built, "disputed")
