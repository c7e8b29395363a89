"""The one Turtle writer: stable prefixes, sorted output, byte-identical on rebuild, written atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from . import iris


def new_graph() -> Graph:
    """An empty graph that knows the project's prefixes, so every output spells IRIs alike."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in iris.PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def turtle_bytes(graph: Graph, header: str) -> bytes:
    """Sorted Turtle ('longturtle': one predicate per line, subjects in order) under a header comment."""
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    body = graph.serialize(format="longturtle", encoding="utf-8")
    return comment.encode("utf-8") + b"\n" + body


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
