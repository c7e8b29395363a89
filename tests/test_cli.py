"""The command line: result formats, exports (checked by an independent parser), and bad calls."""

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import REPO, SEED, cli


def _seed_graph(root) -> Graph:
    """What export exports: the article graph and the reasoner's graph."""
    return Graph().parse(root / "graph" / f"{SEED}.ttl", format="turtle").parse(root / "graph" / "inferred.ttl")


def test_queries_lists_names_and_summaries(built):
    code, out, _ = cli("--root", built, "queries")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 14
    assert any(line.startswith("unconfirmed ") and "independent of their asserters" in line for line in lines)
    assert any(line.startswith("status-as-of ") and "--param date=<date>" in line for line in lines)
    assert any(line.startswith("figures ") for line in lines)


def test_json_is_w3c_sparql_results(built):
    code, out, _ = cli("--root", built, "query", "disputed", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == ["claim", "text", "status", "source", "quote", "said", "withdrawn", "drafted"]
    (binding,) = document["results"]["bindings"]
    assert binding["claim"] == {"type": "uri", "value": "https://w3id.org/claimgraph/id/claim/north-korea-deployed-troops-to-russia"}
    assert binding["source"] == {"type": "literal", "value": "North Korea"}


def test_json_carries_datatypes(built):
    code, out, _ = cli("--root", built, "query", "troop-timeline", "--format", "json")
    values = [b["value"] for b in json.loads(out)["results"]["bindings"]]
    assert values[0] == {"type": "literal", "value": "1500", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_csv_and_tsv(built):
    code, out, _ = cli("--root", built, "query", "forecasts", "--format", "csv")
    assert code == 0 and "\r\n" in out
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert (row["value"], row["target"], row["source"]) == ("10000", "2024-12", "Park Sun-won")
    code, out, _ = cli("--root", built, "query", "forecasts", "--format", "tsv")
    header, line = out.rstrip("\n").split("\n")
    assert header.split("\t")[:3] == ["?claim", "?text", "?source"]
    cells = dict(zip(header.split("\t"), line.split("\t")))
    assert cells["?claim"] == "<https://w3id.org/claimgraph/id/claim/about-10000-troops-expected-by-december>"
    assert cells["?value"] == "10000"
    assert cells["?source"] == '"Park Sun-won"'


def test_table_is_readable_and_counts_rows(built, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = cli("--root", built, "query", "disputed")
    assert code == 0
    assert out.startswith("+") and "| claim " in out and "| North Korea " in out
    assert out.rstrip().endswith("1 row")


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "no-such-query"], "unknown query 'no-such-query'; saved queries are: anonymous"),
        (["query", "status-as-of"], "query 'status-as-of' needs --param date=VALUE (a date, YYYY-MM-DD)"),
        (["query", "status-as-of", "--param", "date=yesterday"], "--param date='yesterday' for query 'status-as-of' is not a date"),
        (["query", "status-as-of", "--param", "date=2024-02-30"], "is not a date, YYYY-MM-DD"),
        (["query", "status-as-of", "--param", "date"], "--param 'date' is not NAME=VALUE"),
        (["query", "unconfirmed", "--param", "date=2024-10-24"], "query 'unconfirmed' has no parameter 'date' (parameters: none)"),
        (["query", "status-as-of", "--param", "when=2024-10-24"], "has no parameter 'when' (parameters: date)"),
        (["query", "provenance", "--param", "claim=no-such-claim"], "--param claim: no claim https://w3id.org/claimgraph/id/claim/no-such-claim"),
        (["query", "provenance", "--param", "claim=Not A Claim!"], "is not a claim id (as in the annotation) or a claim IRI"),
    ],
)
def test_bad_query_calls_get_one_clear_message(built, args, message):
    code, out, err = cli("--root", built, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("claimgraph: error: ") and message in err
    assert err.count("\n") == 1


def test_query_before_build(project):
    code, _, err = cli("--root", project, "query", "unconfirmed")
    assert code == 2 and "no graph has been built yet; run `claimgraph build` first" in err


def test_malformed_graph_file_is_named(built, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    (root / "graph" / "broken.ttl").write_text("@prefix ex: <http://ex.org/> .\nex:a ex:b \n")
    code, out, err = cli("--root", root, "query", "entities")
    assert code == 2 and out == ""
    assert "graph/broken.ttl: malformed Turtle" in err


def test_export_turtle_passes_rapper_and_round_trips(built, tmp_path):
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is needed for the independent Turtle check; .ci/run installs it"
    out = tmp_path / "seed.ttl"
    assert cli("--root", built, "export", "--format", "ttl", "-o", out)[0] == 0
    checked = subprocess.run([rapper, "-q", "-i", "turtle", "-o", "ntriples", str(out)],
                             capture_output=True, text=True, check=True)
    from_rapper = Graph().parse(data=checked.stdout, format="nt")
    assert len(from_rapper) == 715 + 99
    assert isomorphic(from_rapper, _seed_graph(built))


@pytest.mark.parametrize("fmt, parse_as", [("nt", "nt"), ("jsonld", "json-ld")])
def test_export_formats_round_trip(built, tmp_path, fmt, parse_as):
    out = tmp_path / f"seed.{fmt}"
    assert cli("--root", built, "export", "--format", fmt, "-o", out)[0] == 0
    assert isomorphic(Graph().parse(out, format=parse_as), _seed_graph(built))


def test_export_trig_keeps_one_named_graph_per_article(built, tmp_path):
    out = tmp_path / "seed.trig"
    assert cli("--root", built, "export", "--format", "trig", "-o", out)[0] == 0
    dataset = Dataset().parse(out, format="trig")
    named = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    base = "https://w3id.org/claimgraph/id/graph/"
    assert sorted(named) == [base + SEED, base + "inferred"]
    assert isomorphic(named[base + SEED], Graph().parse(built / "graph" / f"{SEED}.ttl"))
    assert isomorphic(named[base + "inferred"], Graph().parse(built / "graph" / "inferred.ttl"))


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nt", "jsonld"])
def test_exports_are_deterministic(built, tmp_path, fmt):
    first, second = tmp_path / "a", tmp_path / "b"
    cli("--root", built, "export", "--format", fmt, "-o", first)
    cli("--root", built, "export", "--format", fmt, "-o", second)
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 1000


def test_help_does_not_import_rdflib():
    probe = ("import sys, contextlib, io\n"
             "from claimgraph.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    try: main(['--help'])\n"
             "    except SystemExit: pass\n"
             "print(sorted(m for m in ('rdflib', 'owlready2', 'yaml', 'SPARQLWrapper') if m in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_console_script_bad_input_has_no_traceback(tmp_path):
    script = shutil.which("claimgraph")
    assert script, "the claimgraph console script is installed by `pip install -e .`"
    result = subprocess.run([script, "--root", str(REPO), "query", "nope"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("claimgraph: error: unknown query 'nope'")
