"""Every saved query gives the same answer, in the same order, on both embedded engines.

They are compared on the seed graph and on the four-article graph (seed plus development
articles), where claims, actors and days are shared between articles' named graphs.

Oxigraph (Rust, the default engine) and rdflib's Memory store (Python, the reference) share no
code, so agreement also checks that the queries mean what they say in standard SPARQL 1.1.
Federated queries call the local Wikidata copy from both engines.
"""

import pytest

from claimgraph.query.catalogue import load_catalogue
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
    import claimgraph.query.engines as engine

    def refuse(*args, **kwargs):
        raise AssertionError("rdflib engine used")

    monkeypatch.setattr(engine.RdflibEngine, "__init__", refuse)
    assert query_rows(built, "disputed")


ODD_TERMS = r'''@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:p "tab\there", "new\nline and\rreturn", "quote \" and back\\slash", "unicode \u00e9 \U0001F600 and a bell \u0007", "",
    "ends with a quote \"", "at sign @en", "English"@en, "British"@en-gb, 42, -7, 3.14, -0.5, 1.0E3,
    true, false, "2024-10-24"^^xsd:date, "2024-12"^^xsd:gYearMonth, "tiret"@fr,
    "\"quoted\"@en"^^ex:custom, ex:o, <https://example.org/with#fragment?and=query>, [ ex:q "blank" ] .
'''


def test_oxigraph_result_terms_keep_their_kind_datatype_and_language(tmp_path):
    """Oxigraph hands results over as SPARQL TSV: each cell must come back as rdflib reads the same
    Turtle, down to datatype and language tag (the query comparisons above compare strings only).
    Lexical forms are canonical here: Oxigraph's store canonicalizes numbers ("08" is read as 8) and
    stores xsd:nonNegativeInteger as xsd:integer, and "x"^^xsd:string is "x" (RDF 1.1), whatever the
    result format."""
    import shutil

    from rdflib import BNode

    from claimgraph.query.catalogue import read_query
    from claimgraph.query.engines import OxigraphEngine, RdflibEngine
    from claimgraph.project.layout import Workspace

    (tmp_path / "graph").mkdir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "graph" / "odd.ttl").write_text(ODD_TERMS, encoding="utf-8")
    (tmp_path / "graph" / "inferred.ttl").write_text("", encoding="utf-8")
    shutil.copy(REPO / "ontology" / "claimgraph.ttl", tmp_path / "ontology")
    query_file = tmp_path / "odd.rq"
    query_file.write_text("#+ summary: every object, blank nodes apart\n"
                          "SELECT ?o ?none WHERE { <https://example.org/s> <https://example.org/p> ?o } "
                          "ORDER BY STR(?o)", encoding="utf-8")
    query = read_query(query_file)
    workspace = Workspace(tmp_path)

    oxigraph = OxigraphEngine(workspace).select(query, {}).rows
    rdflib = RdflibEngine(workspace).select(query, {}).rows

    assert len(oxigraph) == len(rdflib) == 23
    assert [row["none"] for row in oxigraph] == [None] * 23
    blank = [row["o"] for row in oxigraph if isinstance(row["o"], BNode)]
    assert len(blank) == 1
    named = lambda rows: sorted(((type(r["o"]).__name__, str(r["o"]), getattr(r["o"], "datatype", None),
                                  getattr(r["o"], "language", None)) for r in rows if not isinstance(r["o"], BNode)),
                                key=repr)
    assert named(oxigraph) == named(rdflib)
