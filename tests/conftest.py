"""Shared fixtures: a built copy of the project in a temporary directory, and the CLI run in-process."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from claimgraph.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED = "2024-10-24-north-korean-troops-russia"
PROJECT_PARTS = ("articles", "annotations", "ontology", "queries")


def copy_project(dest: Path) -> Path:
    """The project's inputs (not its built graph) copied to `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(REPO / part, dest / part)
    return dest


def cli(*args: str) -> tuple[int, str, str]:
    """Run `claimgraph ARGS` in this process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def query_rows(root: Path, name: str, wikidata_endpoint: str | None = None, engine: str | None = None,
               endpoint: str | None = None, **params: str) -> list[dict[str, str]]:
    """A saved query's answer through the CLI's W3C JSON output, as plain strings per variable."""
    args = ["--root", root, "query", name, "--format", "json"]
    if engine:
        args += ["--engine", engine]
    if endpoint:
        args += ["--endpoint", endpoint]
    if wikidata_endpoint:
        args += ["--wikidata-endpoint", wikidata_endpoint]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    code, out, err = cli(*args)
    assert code == 0, err
    document = json.loads(out)
    return [{var: cell["value"] for var, cell in binding.items()} for binding in document["results"]["bindings"]]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A project copy with the seed graph built, shared by read-only tests."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    return root


GOLD = REPO / "benchmarks" / "gold"
DEV_ARTICLES = sorted((GOLD / "articles").glob("*.txt"))


@pytest.fixture(scope="session")
def reporting(tmp_path_factory) -> Path:
    """The seed and the three development articles with their hand-written (gold) annotations, built:
    the reporting as it unfolded, curated."""
    root = copy_project(tmp_path_factory.mktemp("reporting") / "project")
    for article in DEV_ARTICLES:
        shutil.copy(article, root / "articles" / article.name)
        shutil.copy(GOLD / "annotations" / f"{article.stem}.yaml", root / "annotations" / f"{article.stem}.yaml")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    return root


@pytest.fixture(scope="session")
def ingested(tmp_path_factory) -> Path:
    """The seed project with the three development articles added by `claimgraph ingest`: drafted
    automatically, matched against the seed's claims, built."""
    root = copy_project(tmp_path_factory.mktemp("ingested") / "project")
    code, _, err = cli("--root", root, "ingest", *DEV_ARTICLES)
    assert code == 0, err
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a project by relative path, but the lock and journal state in .claimgraph/."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".claimgraph" not in p.relative_to(root).parts}


SMALL_BASE = REPO / "tests" / "invalid" / "annotations" / "valid-base.yaml"


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    """The seed article with the smallest valid annotation (one claim, one statement), built: quick
    to rebuild, for tests that try many bad inputs against it."""
    root = copy_project(tmp_path_factory.mktemp("small") / "project")
    shutil.copy(SMALL_BASE, root / "annotations" / f"{SEED}.yaml")
    code, _, err = cli("--root", root, "build")
    assert code == 0, err
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh, unbuilt project copy that a test may change."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def seed_body() -> str:
    """The seed article's body, cut from the raw file independently of claimgraph's reader."""
    raw = (REPO / "articles" / f"{SEED}.txt").read_text(encoding="utf-8")
    header = " date 2024-10-24 "
    assert raw.startswith(header)
    return raw[len(header):].strip()


WIKIDATA_FIXTURE = REPO / "tests" / "fixtures" / "wikidata-fixture.ttl"


@pytest.fixture(scope="session")
def wikidata_endpoint():
    """A real Oxigraph server on 127.0.0.1 holding the Wikidata-shaped fixture (real QIDs, distractors)."""
    from support.servers import oxigraph_server

    with oxigraph_server(WIKIDATA_FIXTURE) as url:
        yield url

