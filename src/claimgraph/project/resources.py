"""The project's own definitions, read once per process: the ontology, the SHACL shapes, the QC
rules and the derivation rules. A file edited since it was read is read again."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Graph

from ..errors import ClaimgraphError
from ..query.catalogue import SavedQuery, load_catalogue
from .layout import Workspace


def _stamp(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _turtle(stamp: tuple, shown: str) -> Graph:
    from .built import parse_turtle

    path = Path(stamp[0])
    if stamp[1] is None:
        raise ClaimgraphError("file not found", path=shown)
    graph = Graph()
    parse_turtle(path, graph, shown)
    return graph


@functools.lru_cache(maxsize=8)
def _catalogue(directory: str, stamps: tuple) -> dict[str, SavedQuery]:
    return load_catalogue(Path(directory))


def ontology(workspace: Workspace) -> Graph:
    return _turtle(_stamp(workspace.ontology_file), workspace.relative(workspace.ontology_file))


def shapes(workspace: Workspace) -> Graph:
    return _turtle(_stamp(workspace.shapes_file), workspace.relative(workspace.shapes_file))


def _queries_in(directory: Path) -> dict[str, SavedQuery]:
    if not directory.is_dir():
        return {}
    stamps = tuple(_stamp(path) for path in sorted(directory.glob("*.rq")))
    return _catalogue(str(directory), stamps)


def saved_queries(workspace: Workspace) -> dict[str, SavedQuery]:
    return _queries_in(workspace.queries_dir)


def qc_rules(workspace: Workspace) -> dict[str, SavedQuery]:
    return _queries_in(workspace.queries_dir / "qc")


def derivation_rules(workspace: Workspace) -> dict[str, SavedQuery]:
    return _queries_in(workspace.queries_dir / "rules")
