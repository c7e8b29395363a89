"""Hostile articles given to `claimgraph ingest` and `claimgraph build`: bad headers, bad bytes and
names that would make broken IRIs or collide with generated files. Each gets one line naming the
file (and line and field where there is one), exit 2, and the project unchanged."""

from __future__ import annotations

import shutil

import pytest

from conftest import SEED, SMALL_BASE, cli, snapshot

GOOD_BODY = b"\n\nThe defence minister said on Monday that the troops had arrived.\n"


@pytest.fixture
def refused(small_project, tmp_path):
    """Ingest (or build with) one bad article; check the refusal is clean; give the message."""
    before = snapshot(small_project)

    def run(name: str, content: bytes, command: str = "ingest") -> str:
        if command == "ingest":
            path = tmp_path / name
            path.write_bytes(content)
            code, out, err = cli("--root", small_project, "ingest", path)
        else:  # an article and its annotation placed in the project by hand
            (small_project / "articles" / name).write_bytes(content)
            shutil.copy(SMALL_BASE, small_project / "annotations" / f"{name.removesuffix('.txt')}.yaml")
            code, out, err = cli("--root", small_project, "build")
        assert code == 2, (code, out, err[:500])
        assert err.count("\n") == 1 and "Traceback" not in err, err[:500]
        if command == "ingest":
            assert snapshot(small_project) == before, "a refused ingest changed the project"
        return err.removeprefix("claimgraph: error: ").rstrip("\n").replace(f"{tmp_path}/", "")

    yield run
    for part in ("articles", "annotations"):
        for path in (small_project / part).iterdir():
            if path.stem != SEED:
                path.unlink()


@pytest.mark.parametrize("content, expected", [
    (b"date: 2099-01-05" + GOOD_BODY, "a.txt:1: date: article date 2099-01-05 is in the future; give the publication date"),
    (b"date: 2024-10-28\ndate: 2024-10-29" + GOOD_BODY, "a.txt:2: date: the header gives 'date' twice"),
    (b"date: 2024-13-01" + GOOD_BODY, "a.txt:1: date: article date '2024-13-01' is not a date in the form YYYY-MM-DD"),
    (b"date: 2024-02-30" + GOOD_BODY, "a.txt:1: date: article date '2024-02-30' is not a date in the form YYYY-MM-DD"),
    (b"date: 99999-01-01" + GOOD_BODY, "a.txt:1: date: article date '99999-01-01' is not a date"),
    (b"outlet: Wire" + GOOD_BODY, "a.txt:1: article has no date header"),
    (b"date: 2024-10-28\nauthor: Someone" + GOOD_BODY, "a.txt:2: article header is not followed by a blank line"),
    (b"date: 2024-10-28\n\n", "a.txt: article has a header but no body text"),
    (b"", "a.txt: article is empty"),
    (b"date: 2024-10-28\n\nCaf\xe9 society said so.", "a.txt:3: article is not valid UTF-8"),
    (b"date: 2024-10-28\n\nA \x00 in the body.", "a.txt: article contains NUL bytes"),
], ids=["future", "date-twice", "month-13", "february-30", "year-99999", "no-date", "unknown-header", "no-body",
        "empty", "latin-1", "nul"])
def test_bad_article_files_are_refused(refused, content, expected):
    assert refused("a.txt", content).startswith(expected)


@pytest.mark.parametrize("name", ["bad name", "a#b", "q?x", "gt>x", 'q"x', "x.y", "new\nline", "é-accent",
                                  "trailing-", "x" * 121])
def test_names_that_cannot_make_an_iri_are_refused(refused, name):
    message = refused(f"{name}.txt", b"date: 2024-10-28" + GOOD_BODY)
    assert "cannot name an article" in message and "rename the file" in message


@pytest.mark.parametrize("name", ["links", "ontology", "inferred", "Links"])
def test_names_of_generated_graphs_are_reserved(refused, name):
    assert refused(f"{name}.txt", b"date: 2024-10-28" + GOOD_BODY) == (
        f"{name}.txt: the name {name!r} is reserved for graph/{name.lower()}.ttl; rename the file")


@pytest.mark.parametrize("name", ["links", "bad name"])
def test_build_refuses_the_same_names_placed_by_hand(refused, name):
    message = refused(f"{name}.txt", (SMALL_BASE.parent.parent.parent.parent / "articles" / f"{SEED}.txt")
                      .read_bytes(), command="build")
    assert message.startswith(f"annotations/{name}.yaml: ") and "rename the file" in message


def test_an_article_already_in_the_project_is_not_ingested_twice(refused, small_project):
    content = (small_project / "articles" / f"{SEED}.txt").read_bytes()
    message = refused(f"{SEED}.txt", content)
    assert message == (f"annotations/{SEED}.yaml: is a curated annotation (it has no `draft:` block); a draft never "
                       f"overwrites it: the article is already in the project; `claimgraph extract {SEED}.txt -o FILE` "
                       "drafts it elsewhere")
