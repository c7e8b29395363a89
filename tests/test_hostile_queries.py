"""Hostile saved queries and parameters: a query file that is not UTF-8, not a file or not SPARQL,
a `#+` header that is wrong, and `--param` values that are wrong, huge or try to inject SPARQL.
Each gets one line naming the file (and the line where there is one) or the parameter, exit 2,
no traceback; a parameter is bound as an RDF term, never pasted into the query."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import cli, snapshot
from support.pipes import unblock_later

CLAIM = "north-korea-deployed-troops-to-russia"
CLAIM_TEXT = "North Korea has deployed troops to Russia."
INJECTION = '2024-10-23" } ; DROP ALL ; #'
PREFIX = "PREFIX cg: <https://w3id.org/claimgraph/ontology#>\n"
ENGINES = ["oxigraph", "rdflib"]
# Echoes its parameters back, and looks the text up among the claims.
ECHO = ("#+ summary: echo the parameters\n#+ parameters:\n#+   text: {type: string}\n#+   n: {type: integer}\n"
        + PREFIX + "SELECT ?echo ?number ?claim WHERE {\n  BIND (?_text AS ?echo)\n  BIND (?_n AS ?number)\n"
        "  OPTIONAL { ?claim cg:claimText ?_text }\n}\n")


@pytest.fixture(scope="module")
def copy(built, tmp_path_factory):
    """The built project, copied, for tests that put files in its queries/."""
    root = tmp_path_factory.mktemp("queries") / "project"
    shutil.copytree(built, root)
    return root


@pytest.fixture
def refused(built):
    """Run `claimgraph ARGS` on the built project; check the refusal is clean; give the message."""
    before = snapshot(built)

    def run(*args, root=built) -> str:
        code, out, err = cli("--root", root, *args)
        assert code == 2, (code, out[:500], err[:500])
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err[:500]
        assert snapshot(built) == before, "a refused query changed the project"
        return err.removeprefix("claimgraph: error: ").rstrip("\n")

    return run


@pytest.fixture
def query_file(tmp_path):
    """A .rq file outside the project; its path as the test gives it and as messages name it."""
    def write(content: bytes | str, name: str = "my.rq"):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        return path

    return write


def test_a_latin_1_query_in_queries_names_its_file(copy, refused):
    bad = copy / "queries" / "café.rq"
    content = "#+ summary: cafés and their claims\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n".encode("latin-1")
    bad.write_bytes(content)
    try:
        expected = (f"{bad}:1: query is not valid UTF-8 (byte 0xe9 at offset {content.index(0xe9)}); "
                    "re-save it as UTF-8")
        assert refused("queries", root=copy) == expected
        assert refused("query", "café", root=copy) == expected
    finally:
        bad.unlink()
    code, out, err = cli("--root", copy, "queries")
    assert code == 0 and "status-as-of" in out, err


HEADERS = {
    "parameters-a-list": ("#+ summary: s\n#+ parameters: [date]\nSELECT ?s WHERE { ?s ?p ?_date }\n",
                          "my.rq:2: '#+ parameters:' must map each name to {type: ..., description: ...}"),
    "unknown-type": ("#+ summary: s\n#+ parameters:\n#+   date: {type: datetime}\nSELECT ?s WHERE { ?s ?p ?_date }\n",
                     "my.rq:3: parameter 'date' has type 'datetime'; it needs a type, one of: date, claim, iri, "
                     "string, integer"),
    "no-type": ("#+ summary: s\n#+ parameters:\n#+   date: a date\nSELECT ?s WHERE { ?s ?p ?_date }\n",
                "my.rq:3: parameter 'date' needs a type, one of: date, claim, iri, string, integer"),
    "duplicate-parameter": ("#+ summary: s\n#+ parameters:\n#+   date: {type: date}\n#+   date: {type: string}\n"
                            "SELECT ?s WHERE { ?s ?p ?_date }\n", "my.rq:4: duplicate key 'date'"),
    "duplicate-after-other-lines": ("# a plain comment\n\n#+ summary: s\n# another\n#+ parameters:\n"
                                    "#+   date: {type: date}\n\n#+   date: {type: string}\n"
                                    "SELECT ?s WHERE { ?s ?p ?_date }\n", "my.rq:8: duplicate key 'date'"),
    "duplicate-summary": ("#+ summary: s\n#+ summary: t\nSELECT ?s WHERE { ?s ?p ?o }\n",
                          "my.rq:2: duplicate key 'summary'"),
    "parameter-not-a-word": ("#+ summary: s\n#+ parameters:\n#+   'the date': {type: date}\n"
                             "SELECT ?s WHERE { ?s ?p ?o }\n", "my.rq:3: parameter name 'the date' is not a word"),
    "alias-bomb": ("#+ summary: s\n#+ a: &a [x, x, x, x, x, x, x, x, x]\n#+ b: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "#+ description: *b\nSELECT ?s WHERE { ?s ?p ?o }\n",
                   "my.rq:2: anchors (&name) are not allowed in a query header; write the value out"),
    "malformed-yaml": ("#+ summary: s\n#+ tags: [unclosed\nSELECT ?s WHERE { ?s ?p ?o }\n",
                       "my.rq:2: malformed '#+' header: expected ',' or ']'"),
    "tags-not-a-list": ("#+ summary: s\n#+ tags: {a: b}\nSELECT ?s WHERE { ?s ?p ?o }\n",
                        "my.rq:2: '#+ tags:' must be a list of words"),
    "declared-not-used": ("#+ summary: s\n#+ parameters:\n#+   date: {type: date}\nSELECT ?s WHERE { ?s ?p ?o }\n",
                          "my.rq: parameters declared in the header ['date'] differ from ?_ variables used []"),
    "no-summary": ("#+ description: d\nSELECT ?s WHERE { ?s ?p ?o }\n",
                   "my.rq: the '#+' header needs a 'summary:' line of text"),
    "empty": ("", "my.rq: the '#+' header needs a 'summary:' line of text"),
    "binary": (bytes(range(256)) * 4,
               "my.rq:2: query is not valid UTF-8 (byte 0x80 at offset 128); re-save it as UTF-8"),
}


@pytest.mark.parametrize("case", HEADERS, ids=list(HEADERS))
def test_each_bad_query_file_is_refused_with_its_message(refused, query_file, tmp_path, case):
    content, expected = HEADERS[case]
    message = refused("query", query_file(content)).replace(f"{tmp_path}/", "")
    assert message.startswith(expected), message


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text, line", [
    ("#+ summary: s\nthis is not SPARQL at all\n", 2),
    ("#+ summary: s\n" + PREFIX + "SELECT ?s WHERE {\n  ?s cg:claim ?c .\n  ?s cg:speaker }\n", 5),
], ids=["prose", "a-pattern-cut-short"])
def test_a_query_that_is_not_sparql_names_file_and_line(refused, query_file, tmp_path, engine, text, line):
    message = refused("query", query_file(text), "--engine", engine).replace(f"{tmp_path}/", "")
    expected = f"my.rq:{line}: not valid SPARQL for {'Oxigraph' if engine == 'oxigraph' else 'rdflib'}: "
    assert message.startswith(expected), message


@pytest.mark.parametrize("engine", ENGINES)
def test_a_query_file_outside_queries_runs(built, query_file, engine):
    path = query_file("#+ summary: one claim's text\n" + PREFIX + "SELECT ?text WHERE {\n"
                      f"  <https://w3id.org/claimgraph/id/claim/{CLAIM}> cg:claimText ?text\n}}\n")
    code, out, err = cli("--root", built, "query", path, "--engine", engine, "--format", "csv")
    assert (code, err) == (0, "")
    assert out == f"text\r\n{CLAIM_TEXT}\r\n"


def test_query_paths_that_are_not_query_files(refused, tmp_path):
    (tmp_path / "folder.rq").mkdir()
    os.mkfifo(tmp_path / "pipe.rq")
    unblock_later(tmp_path / "pipe.rq")
    for path, expected in [("folder.rq", "is a directory; name a file"), ("absent.rq", "query file not found"),
                           ("pipe.rq", "is not a regular file (a device, pipe or socket); name a file"),
                           ("folder.rq/x.rq", "query file not found")]:
        assert refused("query", tmp_path / path) == f"{tmp_path / path}: {expected}"
    assert refused("query", "no-such-query").startswith("unknown query 'no-such-query'; saved queries are: ")


def test_a_query_file_is_read_without_a_project_for_an_endpoint(tmp_path):
    """With --endpoint a .rq file needs no project: the bad file is still one line, before any request."""
    path = tmp_path / "my.rq"
    path.write_bytes(b"#+ summary: s\n#+ summary: t\nSELECT ?s WHERE { ?s ?p ?o }\n")
    process = subprocess.run([sys.executable, "-m", "claimgraph", "query", str(path), "--endpoint",
                              "http://127.0.0.1:9/sparql"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert process.returncode == 2 and process.stdout == ""
    assert process.stderr == f"claimgraph: error: {path}:2: duplicate key 'summary'\n"


MEGABYTE = "2" * 1_000_000
PARAMETERS = {
    "unknown-name": (["nope=1", "date=2024-10-28"], "query 'status-as-of' has no parameter 'nope' (parameters: date)"),
    "missing": ([], "query 'status-as-of' needs --param date=VALUE (a date, YYYY-MM-DD)"),
    "not-a-date": (["date=yesterday"], "--param date='yesterday' for query 'status-as-of' is not a date, YYYY-MM-DD"),
    "february-30": (["date=2024-02-30"], "--param date='2024-02-30' for query 'status-as-of' is not a date"),
    "injection": ([f"date={INJECTION}"], f"--param date={INJECTION!r} for query 'status-as-of' is not a date"),
    "megabyte-value": ([f"date={MEGABYTE}"], f"--param date='{MEGABYTE[:59]}…' for query 'status-as-of' is not a "
                                              "date, YYYY-MM-DD"),
    "megabyte-name": ([f"{MEGABYTE}=1"], f"query 'status-as-of' has no parameter '{MEGABYTE[:59]}…'"),
    "not-name-value": (["date"], "--param 'date' is not NAME=VALUE"),
    "given-twice": (["date=2024-10-28", "date=2024-10-29"], "--param 'date' is given twice"),
    "not-utf-8": (["date=2024-10-2\udce8"], "--param 'date=2024-10-2\\udce8' is not UTF-8 text; set the terminal "
                                            "to UTF-8"),
}


@pytest.mark.parametrize("case", PARAMETERS, ids=list(PARAMETERS))
def test_each_bad_parameter_is_refused_with_its_message(refused, case):
    values, expected = PARAMETERS[case]
    message = refused("query", "status-as-of", *[arg for value in values for arg in ("--param", value)])
    assert message.startswith(expected), message[:500]
    assert len(message) < 300


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value, expected", [
    ("n=" + "9" * 5000, "--param n='99999999999999999999999999999999999999999999999999999999999…' for query 'my' "
                        "is longer than any number a query can use"),
    ("n=2.5", "--param n='2.5' for query 'my' is not a whole number"),
    ("n=1e3", "--param n='1e3' for query 'my' is not a whole number"),
    ("n=" + INJECTION, f"--param n={INJECTION!r} for query 'my' is not a whole number"),
], ids=["5000-digits", "decimal", "exponent", "injection"])
def test_bad_integers_are_refused(refused, query_file, engine, value, expected):
    assert refused("query", query_file(ECHO), "--engine", engine, "--param", "text=x", "--param", value) == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("value", [INJECTION, '" . } DROP ALL { "', "x' } ; CLEAR DEFAULT ; #", "line\nbreak \\ \"",
                                   "<http://example.org/>", "?_n", "é中🙂", "x" * 1_000_000],
                         ids=["date-quote", "close-the-group", "single-quote", "newline-backslash", "an-iri",
                              "a-parameter", "unicode", "a-megabyte"])
def test_a_string_parameter_is_bound_as_a_term(built, query_file, engine, value):
    """Whatever the text, it is one literal: it comes back whole, matches no claim, and the graph
    is as it was."""
    before = snapshot(built)
    code, out, err = cli("--root", built, "query", query_file(ECHO), "--engine", engine, "--format", "json",
                         "--param", f"text={value}", "--param", "n=+7")
    assert (code, err) == (0, "")
    rows = json.loads(out)["results"]["bindings"]
    assert [(row["echo"]["value"], row["number"]["value"], "claim" in row) for row in rows] == [(value.strip(), "7",
                                                                                                 False)]
    assert snapshot(built) == before


@pytest.mark.parametrize("engine", ENGINES)
def test_a_claim_text_parameter_finds_the_claim(built, query_file, engine):
    """The counterpart of the injection tests: the same query finds a claim by its exact text."""
    code, out, err = cli("--root", built, "query", query_file(ECHO), "--engine", engine, "--format", "json",
                         "--param", f"text={CLAIM_TEXT}", "--param", "n=0")
    assert (code, err) == (0, "")
    rows = json.loads(out)["results"]["bindings"]
    assert [row["claim"]["value"] for row in rows] == [f"https://w3id.org/claimgraph/id/claim/{CLAIM}"]


@pytest.mark.parametrize("value, expected", [
    ("claim=" + INJECTION, f"--param claim={INJECTION!r} for query 'my' is not a claim id"),
    ("claim=no-such-claim", "--param claim: no claim https://w3id.org/claimgraph/id/claim/no-such-claim in the graph"),
    ("who=http://example.org/> } DROP ALL { <a", "--param who='http://example.org/> } DROP ALL { <a' for query 'my' "
                                                 "is not an absolute IRI"),
    ("who=not an iri", "--param who='not an iri' for query 'my' is not an absolute IRI"),
], ids=["claim-injection", "claim-absent", "iri-injection", "iri-with-spaces"])
def test_claim_and_iri_parameters_are_checked(refused, query_file, value, expected):
    path = query_file("#+ summary: s\n#+ parameters:\n#+   claim: {type: claim}\n#+   who: {type: iri}\n" + PREFIX
                      + "SELECT ?s WHERE { ?s cg:claim ?_claim ; cg:speaker ?_who }\n")
    other = "who=http://example.org/a" if value.startswith("claim") else f"claim={CLAIM}"
    assert refused("query", path, "--param", value, "--param", other).startswith(expected)
