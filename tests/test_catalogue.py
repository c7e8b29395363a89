"""Saved-query headers are checked, and parameters bind as RDF terms, never as spliced text."""

import pytest
from rdflib import Graph, Literal, URIRef, XSD

from claimgraph.query.catalogue import bind, read_query, with_parameters
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


def test_parameters_become_terms_outside_comments_strings_and_iris(tmp_path):
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "# ?_n in a comment\nSELECT ?s WHERE { ?s <http://ex.org/p#?_n> ?o ; ?q '?_n' FILTER (?o <?_n) }\n")
    query = read_query(path)
    text = with_parameters(query, bind(query, {"n": "2"}))
    assert text.endswith("SELECT ?s WHERE { ?s <http://ex.org/p#?_n> ?o ; ?q '?_n' "
                         "FILTER (?o <\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n")
    assert "# ?_n in a comment\n" in text


@pytest.mark.parametrize("clause", ["SELECT ?s ?_n WHERE { ?s ?p ?_n }",
                                    "SELECT ?s WHERE { ?s ?p ?o BIND (?o AS ?_n) }",
                                    "SELECT ?s WHERE { VALUES ?_n { 1 } ?s ?p ?_n }"])
def test_a_parameter_cannot_be_projected_or_assigned(tmp_path, clause):
    path = _write(tmp_path, f"#+ summary: s\n#+ parameters:\n#+   n: {{type: integer}}\n{clause}\n")
    with pytest.raises(ClaimgraphError, match="a \\?_ parameter is a constant"):
        read_query(path)


def test_comments_after_a_pattern_are_not_read_as_sparql(tmp_path):
    """A comment may say 'values' or 'as' before a parameter is used, and a parameter named only
    in a comment is not used."""
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "SELECT ?s WHERE { ?s <http://ex.org/p#values> ?o .  # its values, as big as\n"
                            "  FILTER (?o < ?_n) }\n")
    assert list(read_query(path).parameters) == ["n"]
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "SELECT ?s WHERE { ?s ?p ?o }  # below ?_n\n")
    with pytest.raises(ClaimgraphError, match=r"differ from \?_ variables used \[\]"):
        read_query(path)


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
    assert [str(r.s) for r in graph.query(with_parameters(query, bindings))] == ["http://ex.org/b"]


def test_date_parameter_is_an_xsd_date():
    from conftest import REPO
    query = read_query(REPO / "queries" / "status-as-of.rq")
    assert bind(query, {"date": "2024-10-24"}) == {"_date": Literal("2024-10-24", datatype=XSD.date)}


def test_parameters_reach_subqueries_under_optional(tmp_path):
    """rdflib drops the whole row when a VALUES block binds a parameter inside an OPTIONAL
    subquery (it evaluates the subquery with the outer row and then forgets it); constants do not."""
    path = _write(tmp_path, "#+ summary: s\n#+ parameters:\n#+   n: {type: integer}\n"
                            "PREFIX ex: <http://ex.org/>\nSELECT ?s ?flag WHERE { ?s ex:p ?o FILTER (?o < ?_n) "
                            "OPTIONAL { { SELECT ?s (\"yes\" AS ?flag) WHERE { ?s ex:q ?v FILTER (?v > ?_n) } } } }\n")
    query = read_query(path)
    graph = Graph()
    ex = "http://ex.org/"
    for s_, p, o in [("a", "p", 1), ("b", "p", 2), ("a", "q", 5)]:
        graph.add((URIRef(ex + s_), URIRef(ex + p), Literal(o)))
    rows = graph.query(with_parameters(query, bind(query, {"n": "3"})))
    assert sorted((str(r.s), str(r.flag)) for r in rows) == [(ex + "a", "yes"), (ex + "b", "None")]
