"""Where saved queries run: the embedded Oxigraph engine (default), rdflib's Memory store, or a remote
SPARQL 1.1 endpoint. All three take the same saved query and the same bound parameters and give
rows of rdflib terms, so output and tests do not care which one answered.

Oxigraph is the default because it measures faster at every size (benchmarks/README.md); rdflib
stays as the oracle the tests compare against. Parameters reach every engine the same way: the bound
RDF terms stand in for the parameter variables (catalogue.with_parameters).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from .catalogue import SavedQuery, with_parameters
from .errors import ClaimgraphError
from .results import Rows
from .store import load_graph
from .workspace import Workspace

VIRTUOSO_ROW_CAP = 10_000


class RdflibEngine:
    def __init__(self, workspace: Workspace):
        self.graph = load_graph(workspace)

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        return Rows.from_result(self.graph.query(with_parameters(_with_text(query, text), bindings)))

    def ask(self, text: str) -> bool:
        return bool(self.graph.query(text).askAnswer)


class OxigraphEngine:
    def __init__(self, workspace: Workspace):
        self.store = open_store(workspace)

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        import pyoxigraph as ox

        solutions = self._run(with_parameters(_with_text(query, text), bindings))
        variables = [v.value for v in solutions.variables]
        # As TSV, written by Oxigraph in Rust: cheaper than a Python object per cell, and each distinct
        # cell is parsed once (rows repeat labels, stances and claims); a hit is a plain dict lookup.
        lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:-1]
        term = _TsvTerms().__getitem__
        return Rows(variables, [dict(zip(variables, map(term, line.split("\t")))) for line in lines])

    def ask(self, text: str) -> bool:
        return bool(self._run(text))

    def _run(self, text: str):
        try:
            return self.store.query(text)
        except SyntaxError as exc:
            raise ClaimgraphError(f"the query is not valid SPARQL for Oxigraph: {exc}") from None
        except OSError as exc:
            raise ClaimgraphError(f"Oxigraph could not answer: {exc}") from None


class RemoteEngine:
    """A SPARQL 1.1 Protocol endpoint whose default graph is the union of the pushed graphs."""

    def __init__(self, endpoint: str, timeout: float = 120.0):
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        document = self._run(with_parameters(_with_text(query, text), bindings))
        variables = document["head"]["vars"]
        rows = [{v: from_json(b.get(v)) for v in variables} for b in document["results"]["bindings"]]
        if len(rows) == VIRTUOSO_ROW_CAP:
            print(f"claimgraph: warning: exactly {VIRTUOSO_ROW_CAP:,} rows; the endpoint may have truncated the "
                  "result (Virtuoso's ResultSetMaxRows)", file=sys.stderr)
        if re.search(r"\bSELECT\s+DISTINCT\b", query.text, re.IGNORECASE):
            # Virtuoso 7.2 can return a DISTINCT row twice when its triples sit in several named graphs
            seen: set = set()
            rows = [row for row in rows if not (key := tuple(row.values())) in seen and not seen.add(key)]
        return Rows(variables, rows)

    def ask(self, text: str) -> bool:
        """ASK as a one-row SELECT: stores disagree on how they shape ASK answers (Virtuoso)."""
        assert text.startswith("ASK {")
        document = self._run("SELECT (1 AS ?found) WHERE {" + text[len("ASK {"):] + " LIMIT 1")
        return bool(document["results"]["bindings"])

    def _run(self, text: str) -> dict:
        from .sparql_client import SparqlClient

        client = SparqlClient(self.endpoint, timeout=self.timeout, retries=2)
        return client.fetch(text)


def make_engine(name: str, workspace: Workspace, endpoint: str | None = None):
    if endpoint:
        return RemoteEngine(endpoint)
    if name == "rdflib":
        return RdflibEngine(workspace)
    return OxigraphEngine(workspace)


def _with_text(query: SavedQuery, text: str | None) -> SavedQuery:
    if text is None:
        return query
    import dataclasses

    return dataclasses.replace(query, text=text)


class _TsvTerms(dict):
    """SPARQL 1.1 TSV cells (terms in Turtle syntax) as rdflib terms, each distinct cell parsed once."""

    def __missing__(self, cell: str):
        self[cell] = term = from_tsv(cell)
        return term


_TSV_ESCAPE = re.compile(r"\\(.)")
# Oxigraph escapes these characters alone: others, é or U+0007, stand raw in its TSV
_TSV_CHARACTERS = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}
_TSV_NUMBER = re.compile(r"[+-]?(?:(\d+)|(\d*\.\d+)|((?:\d+\.?\d*|\.\d+)[eE][+-]?\d+))")


def from_tsv(cell: str) -> Identifier | None:
    """A SPARQL TSV results cell as the rdflib term that prints and compares the same.

    A simple literal stays simple, as rdflib and the W3C result formats write it; abbreviated
    numbers and booleans (1500, 3.5, 1e3, true) get their XSD datatypes back."""
    if not cell:
        return None
    if cell[0] == "<":
        return URIRef(cell[1:-1])
    if cell.startswith("_:"):
        return BNode(cell[2:])
    if cell[0] == '"':
        end = cell.rindex('"')
        value = _TSV_ESCAPE.sub(_unescape, cell[1:end]) if "\\" in cell else cell[1:end]
        suffix = cell[end + 1:]
        if suffix.startswith("@"):
            return Literal(value, lang=suffix[1:])
        if suffix.startswith("^^<"):
            return Literal(value, datatype=URIRef(suffix[3:-1]))
        return Literal(value)
    if cell in ("true", "false"):
        return Literal(cell, datatype=XSD.boolean)
    number = _TSV_NUMBER.fullmatch(cell)
    if number is None:
        raise ClaimgraphError(f"Oxigraph wrote a result cell claimgraph cannot read: {cell[:80]!r}")
    kind = "integer" if number.group(1) else "decimal" if number.group(2) else "double"
    return Literal(cell, datatype=XSD[kind])


def _unescape(match: re.Match) -> str:
    return _TSV_CHARACTERS.get(match.group(1), match.group(0))


def from_json(cell: dict | None) -> Identifier | None:
    """A SPARQL JSON results cell as an rdflib term."""
    if cell is None:
        return None
    if cell["type"] == "uri":
        return URIRef(cell["value"])
    if cell["type"] == "bnode":
        return BNode(cell["value"])
    if "xml:lang" in cell:
        return Literal(cell["value"], lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    return Literal(cell["value"], datatype=URIRef(datatype) if datatype else None)


def _sources(workspace: Workspace) -> list[Path]:
    return workspace.graph_files() + [workspace.ontology_file]


def open_store(workspace: Workspace):
    """The built graph and the ontology in an in-memory Oxigraph store.

    In memory, not persisted on disk: a RocksDB-backed store opens at once but answers the saved
    queries 4.5-5.9 times slower at 1M triples, which costs more than the 2.5 s it takes to load
    them (benchmarks/README.md). For many queries over a large graph, `claimgraph serve` loads it once.
    """
    import pyoxigraph as ox

    store = ox.Store()
    _load(store, _sources(workspace), workspace)
    return store


def _load(store, sources: list[Path], workspace: Workspace) -> None:
    import pyoxigraph as ox

    # One default graph, a set: articles share nodes (a claim, an actor, a day), and Oxigraph's union
    # default graph would return such a triple once per named graph holding it.
    for path in sources:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        except SyntaxError as exc:
            raise ClaimgraphError(f"malformed Turtle: {exc}", path=workspace.relative(path)) from None
