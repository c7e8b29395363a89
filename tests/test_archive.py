"""The archive generator of the build benchmarks (benchmarks/archive.py): what it writes is a
project `claimgraph build` accepts, with the shapes of real reporting, the same bytes for a seed."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from claimgraph.project.layout import Workspace
from claimgraph.project.update import read_annotations
from claimgraph.rdf.namespaces import CG
from conftest import REPO, cli

GENERATOR = REPO / "benchmarks" / "archive.py"


def generate(root: Path, articles: int, seed: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GENERATOR), "--articles", str(articles), "--seed", str(seed), str(root)],
                          capture_output=True, text=True, timeout=120)


def contents(root: Path) -> dict[str, bytes]:
    """The generated files (not what a build adds) by path."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for part in ("articles", "annotations", "ontology",
                                                                              "queries")
            for path in sorted((root / part).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive") / "project"
    assert generate(root, 30, 0).returncode == 0
    return root


def test_same_seed_gives_the_same_bytes_and_another_seed_other_articles(archive, tmp_path):
    again, other = tmp_path / "again", tmp_path / "other"
    assert generate(again, 30, 0).returncode == 0
    assert generate(other, 30, 1).returncode == 0
    first = contents(archive)
    assert len([name for name in first if name.startswith("articles/")]) == 30
    assert len([name for name in first if name.startswith("annotations/")]) == 30
    assert contents(again) == first
    assert {k: v for k, v in contents(other).items() if k.startswith("annotations/")} != \
        {k: v for k, v in first.items() if k.startswith("annotations/")}


def test_archive_builds_and_validates(archive):
    code, out, err = cli("--root", archive, "build")
    assert code == 0, err
    graphs = sorted((archive / "graph").glob("*.ttl"))
    assert len(graphs) == 31  # one per article and inferred.ttl
    inferred = Graph().parse(archive / "graph" / "inferred.ttl")
    # a denial later withdrawn by the same actor confirming
    assert any(inferred.triples((None, CG.withdrawnBy, None)))


def test_archive_has_the_shapes_of_reporting(archive):
    annotations = read_annotations(Workspace(archive.resolve()))
    statements = [s for a in annotations for s in a.statements]
    again = [s for a in annotations for s in a.statements if s.claim in a.foreign_claims]
    assert len(again) > len(statements) / 2  # most statements report a claim declared in another article
    stances = Counter(s.stance for s in statements)
    assert {"asserts", "confirms", "denies", "declines-to-confirm", "forecasts"} <= set(stances)
    assert any(s.on_behalf_of for s in statements)
    assert any(s.relayed_via for s in statements)
    assert any(s.reported_through for s in statements)
    entities = {e.id: e for a in annotations for e in a.entities.values()}
    assert any(e.type == "AnonymousSource" for e in entities.values())
    assert any(e.speaks_for for e in entities.values())
    measures = {q.measure for a in annotations for c in a.claims.values() for q in c.quantities}
    assert len(measures) >= 3
    precisions = {s.said.interval.precision for s in statements}
    assert {"day", "week", "month", None} <= precisions
    for a in annotations:
        assert 3 <= len(a.statements) <= 15
        for s in a.statements:
            assert a.article.body[s.start:s.end] == s.quote


def test_refuses_a_directory_that_is_not_empty(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = generate(tmp_path, 10, 0)
    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
