"""Saved-query headers are checked, and parameters bind as RDF terms, never as spliced text."""

import pytest
from rdflib import Graph, Literal, URIRef, XSD

from claimgraph.catalogue import bind, read_query, with_values
from claimgraph.errors import ClaimgraphError


def _write(tmp_path, text, name="q.rq"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_header_needs_a_summary(tmp_path):
    path = _write(tmp_path, "#+ description: no summary\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ClaimgraphError, match="needs a 'summary:'"):
        read_query(path)


def test_declared_parameters_must_match_the_variables(tmp_path):
    path = _write(tmp_path, "#+ summary: s\nSELECT * WHERE { ?s ?p ?_value }\n")
    with pytest.raises(ClaimgraphError, match=r"differ from \?_ variables used \['value'\]"):
        read_query(path)
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   value: {type: colour}\nSELECT * WHERE { ?s ?p ?_value }\n")
    with pytest.raises(ClaimgraphError, match="needs a type, one of: date, claim, iri, string, integer"):
        read_query(path)


def test_values_block_opens_the_outer_where_and_ignores_comments(tmp_path):
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "# where { in a comment\nSELECT ?s WHERE { ?s ?p ?o FILTER (?o > ?_n) }\n")
    query = read_query(path)
    text = with_values(query, bind(query, {"n": "2"}))
    assert "SELECT ?s WHERE { VALUES (?_n) { (\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>) } ?s ?p ?o" in text
    assert "# where { in a comment\n" in text


def test_string_parameters_cannot_inject_sparql(tmp_path):
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   name: {type: string}\n"
                            "SELECT ?s WHERE { ?s <http://ex.org/name> ?_name }\n")
    query = read_query(path)
    hostile = '" } ?s ?p ?o . { "'
    graph = Graph()
    graph.add((URIRef("http://ex.org/a"), URIRef("http://ex.org/name"), Literal("Alice")))
    graph.add((URIRef("http://ex.org/b"), URIRef("http://ex.org/name"), Literal(hostile)))
    bindings = bind(query, {"name": hostile})
    assert [str(r.s) for r in graph.query(query.text, initBindings=bindings)] == ["http://ex.org/b"]
    assert [str(r.s) for r in graph.query(with_values(query, bindings))] == ["http://ex.org/b"]


def test_date_parameter_is_an_xsd_date():
    from conftest import REPO
    query = read_query(REPO / "queries" / "status-as-of.rq")
    assert bind(query, {"date": "2024-10-24"}) == {"_date": Literal("2024-10-24", datatype=XSD.date)}


def test_values_block_also_opens_exists_groups(tmp_path):
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "SELECT ?s WHERE { ?s ?p ?o FILTER NOT EXISTS { ?s ?q ?v FILTER (?v > ?_n) } }\n")
    query = read_query(path)
    text = with_values(query, bind(query, {"n": "2"}))
    block = ' VALUES (?_n) { ("2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert text.count(block) == 2
    assert f"FILTER NOT EXISTS {{{block} ?s ?q ?v" in text
    graph = Graph()
    graph.add((URIRef("http://ex.org/a"), URIRef("http://ex.org/p"), Literal(1)))
    graph.add((URIRef("http://ex.org/b"), URIRef("http://ex.org/p"), Literal(5)))
    assert sorted(str(r.s) for r in graph.query(text)) == ["http://ex.org/a"]


def test_values_block_skips_groups_that_do_not_use_the_parameter(tmp_path):
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "SELECT ?s WHERE { ?s ?p ?o FILTER (?o > ?_n) "
                            "{ SELECT ?s WHERE { ?s ?q \"}\" } } FILTER NOT EXISTS { ?s ?r ?_n } }\n")
    query = read_query(path)
    text = with_values(query, bind(query, {"n": "2"}))
    block = ' VALUES (?_n) { ("2"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert text.count(block) == 2  # the outer WHERE and the NOT EXISTS, not the subquery
    assert '{ SELECT ?s WHERE { ?s ?q "}" } }' in text
