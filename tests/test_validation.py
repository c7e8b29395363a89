"""`claimgraph validate` and the checks behind it: SHACL shapes, QC rules, and with --owl OWL consistency."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import SH

from claimgraph.query.catalogue import load_catalogue
from conftest import REPO, SEED, cli

INVALID = Path(__file__).parent / "invalid"
CASES = sorted(INVALID.glob("invalid-*.ttl"))


def _expectation(path: Path) -> tuple[str, str]:
    line = path.read_text(encoding="utf-8").splitlines()[1]
    assert line.startswith("# expect: "), path
    check, message = line.removeprefix("# expect: ").split(" | ", 1)
    return check, message


def _findings(*args) -> tuple[int, list[dict]]:
    code, out, err = cli(*args, "--format", "json")
    assert code in (0, 1), err
    document = json.loads(out)
    assert document["conforms"] == (code == 0)
    return code, document["findings"]


def test_the_seed_graph_validates_cleanly(built):
    code, out, err = cli("--root", built, "validate")
    assert (code, err) == (0, "")
    assert out == "conforms: 814 triples pass the SHACL shapes and the QC rules\n"


def test_the_base_of_the_invalid_graphs_is_valid(built):
    assert _findings("--root", built, "validate", INVALID / "valid-base.ttl") == (0, [])


def test_there_is_an_invalid_graph_per_shape_and_per_qc_rule():
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    node_shapes = {str(s).rsplit("#", 1)[-1] for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert len(node_shapes) == 11
    checks = {_expectation(path)[0] for path in CASES}
    assert {f"shacl:{name}" for name in node_shapes} <= checks
    rules = {f"qc:{name.removesuffix('-violation')}" for name in load_catalogue(REPO / "queries" / "qc")}
    assert rules <= checks
    assert "owl" in checks


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_invalid_graph_fails_with_its_message(built, path):
    check, message = _expectation(path)
    code, findings = _findings("--root", built, "validate", path, *(["--owl"] if check == "owl" else []))
    assert code == 1
    matching = [f for f in findings if f["check"] == check and message in f["message"]]
    assert matching, f"expected {check}: {message!r}; got {findings}"
    assert all(f["focus"] for f in matching)


def test_table_output_names_focus_path_and_message(built):
    code, out, _ = cli("--root", built, "validate", INVALID / "invalid-statement-without-speaker.ttl")
    assert code == 1
    assert "| check" in out and "| focus" in out and "| path" in out and "| message" in out
    assert "shacl:StatementShape" in out and "stmt:mini.s01" in out and "cg:speaker" in out


def test_unreadable_and_missing_files_are_errors(built, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .\n")
    code, out, err = cli("--root", built, "validate", broken)
    assert (code, out) == (2, "")
    assert "broken.ttl:1: cannot read as Turtle" in err and err.count("\n") == 1
    code, _, err = cli("--root", built, "validate", tmp_path / "absent.ttl")
    assert code == 2 and "absent.ttl: RDF file not found" in err


def test_no_java_is_an_error_not_a_stack_trace(built):
    script = shutil.which("claimgraph")
    env = {**os.environ, "PATH": str(Path(script).parent)}  # the console script, but no java
    assert shutil.which("java", path=env["PATH"]) is None
    result = subprocess.run([script, "--root", str(built), "validate", "--owl"], capture_output=True, text=True,
                            env=env)
    assert result.returncode == 2
    assert result.stderr == ("claimgraph: error: Java is needed for the HermiT reasoner, but `java` is not on PATH "
                             "(install Java 17)\n")


def test_build_refuses_a_graph_that_fails_validation(project):
    cli("--root", project, "build")
    before = {p.name: p.read_bytes() for p in (project / "graph").iterdir()}
    annotation = project / "annotations" / f"{SEED}.yaml"
    text = annotation.read_text(encoding="utf-8")
    # The official asserts the mission is unknown (s07); make his earlier statement a "confirmation" of it.
    marker = "  - id: s02\n    speaker: senior-us-official\n    on_behalf_of: united-states\n    claim: mission-of-north-korean-troops-unknown\n    stance: asserts\n"
    assert marker in text
    annotation.write_text(text.replace(marker, marker.replace("stance: asserts", "stance: confirms")), encoding="utf-8")
    code, out, err = cli("--root", project, "build")
    assert code == 1 and out == ""
    assert "qc:self-confirmation" in err and "s02" in err and "cg:stance" in err
    assert err.rstrip().endswith("claimgraph: error: the graph fails validation; nothing was written: 1 problem found")
    assert {p.name: p.read_bytes() for p in (project / "graph").iterdir()} == before


def test_inferred_attribution_changes_the_confirmed_answer(built):
    """NATO confirms the deployment only through the reasoner: its spokeswoman speaks for it."""
    query = load_catalogue(REPO / "queries")["confirmed"].text
    ontology = Graph().parse(REPO / "ontology" / "claimgraph.ttl")
    asserted = Graph().parse(built / "graph" / f"{SEED}.ttl") + ontology
    with_inference = asserted + Graph().parse(built / "graph" / "inferred.ttl")
    confirmers = lambda graph: {str(row.confirmer) for row in graph.query(query)}
    assert "NATO" in confirmers(with_inference)
    assert "United States Department of Defense" in confirmers(with_inference)
    assert "NATO" not in confirmers(asserted)
    assert confirmers(asserted) == {"senior US official", "Lloyd Austin", "Farah Dakhlallah", "unnamed NATO allies"}


def test_queries_refuse_a_graph_without_its_inferences(built, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(built, root)
    (root / "graph" / "inferred.ttl").unlink()
    code, _, err = cli("--root", root, "query", "unconfirmed")
    assert code == 2 and "graph/inferred.ttl: the derived triples are missing, so sources' independence is unknown; run `claimgraph build`" in err
