"""The incremental build: graph/manifest.json records what each article's graph was made from, so a
build reads, builds and checks again only what changed, and gives the same bytes as a build of
everything at once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.project.layout import find_workspace
from claimgraph.project.preload import Preload
from claimgraph.project.update import build_project
from claimgraph.check import ValidationFailed
from conftest import REPO, cli, query_rows

ARTICLES = 12


def build(root: Path) -> list[str]:
    """Build in this process as `claimgraph build` does, graph/ preloaded; the progress lines it went through."""
    steps: list[str] = []
    workspace = find_workspace(root)
    build_project(workspace, steps.append, Preload(workspace))
    return steps


def graph_bytes(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "graph").iterdir())}


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental") / "archive"
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "archive.py"), "--articles", str(ARTICLES),
                           str(root)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def at_once(archive, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("at-once") / "project"
    shutil.copytree(archive, root)
    build(root)
    return root


@pytest.fixture
def project(at_once, tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(at_once, root)
    return root


def names(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "annotations").glob("*.yaml"))


def test_built_article_by_article_gives_the_same_bytes_as_at_once(archive, at_once, tmp_path):
    root = tmp_path / "stepwise"
    shutil.copytree(archive, root)
    held = tmp_path / "held"
    held.mkdir()
    later = names(root)[4:]
    for name in later:
        shutil.move(root / "annotations" / f"{name}.yaml", held)
        shutil.move(root / "articles" / f"{name}.txt", held)
    build(root)
    for batch in (later[:1], later[1:5], later[5:]):
        for name in batch:
            shutil.move(held / f"{name}.yaml", root / "annotations")
            shutil.move(held / f"{name}.txt", root / "articles")
        steps = build(root)
        assert f"reading and building {len(batch)} of {len(names(root))} articles" in steps
        assert f"checking the SHACL shapes of {len(batch)} new article{'s' if len(batch) > 1 else ''}" in steps
    assert graph_bytes(root) == graph_bytes(at_once)


def test_nothing_changed_reads_and_checks_nothing(project):
    before = graph_bytes(project)
    steps = build(project)
    assert f"reading and building 0 of {ARTICLES} articles" in steps
    assert not any(step.startswith(("checking", "running")) for step in steps)
    assert graph_bytes(project) == before


def test_an_edited_annotation_is_rebuilt_and_everything_checked_again(project):
    name = names(project)[3]
    annotation = project / "annotations" / f"{name}.yaml"
    text = annotation.read_text(encoding="utf-8")
    annotation.write_text(text + "# reviewed\n", encoding="utf-8")  # a comment: the same graph
    steps = build(project)
    assert f"reading and building 1 of {ARTICLES} articles" in steps
    assert not any(step.startswith("checking") for step in steps)
    assert "certainty: \"certain\"" in text
    annotation.write_text(text.replace("certainty: \"certain\"", "certainty: \"probable\"", 1), encoding="utf-8")
    before = (project / "graph" / f"{name}.ttl").read_bytes()
    steps = build(project)
    assert f"reading and building 1 of {ARTICLES} articles" in steps
    assert "checking the SHACL shapes" in steps  # all nodes: an edit can break another article's node
    assert (project / "graph" / f"{name}.ttl").read_bytes() != before
    manifest = json.loads((project / "graph" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["articles"]) == ARTICLES
    assert build(project).count(f"reading and building 0 of {ARTICLES} articles") == 1


def test_a_graph_file_edited_by_hand_is_made_again(project, at_once):
    name = names(project)[0]
    path = project / "graph" / f"{name}.ttl"
    path.write_bytes(path.read_bytes().replace(b"cg:Confirms", b"cg:Denies"))
    steps = build(project)
    assert f"reading and building 1 of {ARTICLES} articles" in steps
    assert graph_bytes(project) == graph_bytes(at_once)


@pytest.mark.parametrize("damage", ["{not json", '{"version": 1}', ""])
def test_a_damaged_manifest_means_a_full_build(project, at_once, damage):
    (project / "graph" / "manifest.json").write_text(damage, encoding="utf-8")
    steps = build(project)
    assert f"reading and building {ARTICLES} of {ARTICLES} articles" in steps
    assert graph_bytes(project) == graph_bytes(at_once)


def test_a_changed_rule_rebuilds_everything(project):
    rule = project / "queries" / "qc" / "said-after-publication-violation.rq"
    rule.write_text(rule.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    steps = build(project)
    assert f"reading and building {ARTICLES} of {ARTICLES} articles" in steps


def test_a_removed_article_leaves_the_graph_of_the_rest(project, archive, tmp_path):
    gone = names(project)[-1]
    (project / "annotations" / f"{gone}.yaml").unlink()
    build(project)
    assert not (project / "graph" / f"{gone}.ttl").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(archive, fresh)
    (fresh / "annotations" / f"{gone}.yaml").unlink()
    build(fresh)
    assert graph_bytes(project) == graph_bytes(fresh)


def test_the_preloaded_store_is_used_only_for_exactly_the_files_it_read(project):
    workspace = find_workspace(project)
    kept = names(project)
    preload = Preload(workspace)
    assert sorted(preload.graph_bytes()) == kept
    assert all(preload.graph_bytes()[name] == (project / "graph" / f"{name}.ttl").read_bytes() for name in kept)
    assert preload.store_of(kept[1:]) is None  # an article edited or removed: the build loads anew
    store = preload.store_of(kept)
    assert len(store) == sum(json.loads((project / "graph" / "manifest.json").read_text())["articles"][name]["triples"]
                             for name in kept) - shared_triples(project, kept)


def shared_triples(root: Path, kept: list[str]) -> int:
    """Triples more than one article's graph holds (a claim, an actor, a day): a store holds them once."""
    from rdflib import Graph

    seen: dict = {}
    for name in kept:
        for triple in Graph().parse(root / "graph" / f"{name}.ttl", format="turtle"):
            seen[triple] = seen.get(triple, 0) + 1
    return sum(count - 1 for count in seen.values())


def test_a_build_with_no_graph_yet_preloads_nothing(archive, tmp_path):
    root = tmp_path / "new"
    shutil.copytree(archive, root)
    preload = Preload(find_workspace(root))
    assert preload.graph_bytes() == {} and preload.store_of([]) is None


def test_a_new_article_is_checked_against_the_whole_graph(project):
    """A QC rule across articles (a speaker confirming what it asserted in another article) still
    runs over every article when only the new one is read: the new article repeats an old one's
    statements, its assertions made confirmations."""
    old = names(project)[0]
    text = (project / "annotations" / f"{old}.yaml").read_text(encoding="utf-8")
    assert "stance: \"asserts\"" in text
    new = "2099-01-01-self-confirmation"
    shutil.copy(project / "articles" / f"{old}.txt", project / "articles" / f"{new}.txt")
    (project / "annotations" / f"{new}.yaml").write_text(text.replace("stance: \"asserts\"", "stance: \"confirms\""),
                                                          encoding="utf-8")
    before = graph_bytes(project)
    with pytest.raises(ValidationFailed) as failure:
        build_project(find_workspace(project))
    assert graph_bytes(project) == before
    across = [f for f in failure.value.findings if f.check == "qc:self-confirmation"
              and new in f.focus and f"statement/{old}." in f.message]
    assert across, failure.value.findings


# --------------------------------------------------------------------------- the store on disk


def store_stamp(root: Path) -> str | None:
    path = root / ".claimgraph" / "store.stamp"
    return path.read_text(encoding="ascii") if path.is_file() else None


@pytest.mark.parametrize("name", ["unconfirmed", "confirmed", "by-source"])
def test_queries_answer_from_the_store_on_disk_as_from_graph(project, name):
    from claimgraph.project.query_store import current_stamp

    assert store_stamp(project) == current_stamp(find_workspace(project))  # the build left it up to date
    assert query_rows(project, name) == query_rows(project, name, engine="rdflib")


def test_articles_added_reach_the_store_on_disk_as_a_new_store_would_have_them(project, archive, tmp_path):
    held = tmp_path / "held"
    held.mkdir()
    newest = names(project)[-2:]
    fresh = tmp_path / "fresh"
    shutil.copytree(archive, fresh)
    for name in newest:
        shutil.move(project / "annotations" / f"{name}.yaml", held)
        shutil.move(project / "articles" / f"{name}.txt", held)
    build(project)
    for name in newest:
        shutil.move(held / f"{name}.yaml", project / "annotations")
        shutil.move(held / f"{name}.txt", project / "articles")
    assert "updating the query store" in build(project)
    build(fresh)
    for query in ("unconfirmed", "confirmed", "disputed"):
        assert query_rows(project, query) == query_rows(fresh, query), query
    assert store_triples(project) == store_triples(fresh)


def store_triples(root: Path) -> tuple[int, set]:
    """How many quads the on-disk store holds, and those without a blank node (the ontology's
    blank nodes get new labels in every load)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(root / ".claimgraph" / "store"))
    quads = list(store)
    return len(quads), {q for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}


def test_a_graph_file_edited_after_the_build_is_read_not_the_stale_store(project):
    path = next((project / "graph").glob("20*.ttl"))
    path.write_text(path.read_text(encoding="utf-8") + "\nthis is not Turtle\n", encoding="utf-8")
    code, out, err = cli("--root", project, "query", "unconfirmed")
    assert code == 2 and out == ""
    assert f"graph/{path.name}" in err and "malformed Turtle" in err


def test_an_archive_build_lists_what_it_wrote_and_counts_the_rest(capsys):
    from claimgraph.cli.commands import _print_built
    from claimgraph.project.update import BuiltFile

    built = [BuiltFile(f"graph/a{n:03}.ttl", 100, "1 claim, 2 statements", changed=n == 7) for n in range(30)]
    _print_built(built)
    assert capsys.readouterr().out == ("graph/a007.ttl: 100 triples, 1 claim, 2 statements (written)\n"
                                       "29 files unchanged (2,900 triples)\n")
    _print_built(built[:3])
    assert capsys.readouterr().out.count("(unchanged)") == 3
