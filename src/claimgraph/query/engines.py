"""Where saved queries run: embedded Oxigraph (the default), rdflib's Memory store, or a remote
SPARQL 1.1 endpoint (`remote`). All take the same saved query and bound parameters and give
rows of rdflib terms, so output and tests do not care which one answered.

Oxigraph is the default because it measures faster at every size (benchmarks/README.md); rdflib
stays as the oracle the tests compare against. Parameters reach every engine the same way: the
bound RDF terms stand in for the parameter variables (`catalogue.with_parameters`). pyoxigraph's
own `substitutions=` (SEP-0007) was measured and not taken: it needs each parameter in the
SELECT projection, and over `BIND (?_claim AS ?claim)` it gave all 26 statements of the seed
instead of the claim's 8.
"""

from __future__ import annotations

import contextlib
import re

from ..errors import ClaimgraphError
from ..project.built import load_graph, open_store
from ..project.layout import Workspace
from ..project.query_store import open_persisted
from .catalogue import SavedQuery, not_sparql, with_parameters
from .results import Rows
from .terms import TsvTerms


class RdflibEngine:
    def __init__(self, workspace: Workspace, deadline: float | None = None, curated_only: bool = False):
        if curated_only:
            from ..project.curated import load_curated_graph

            self.graph = load_curated_graph(workspace)
        else:
            self.graph = load_graph(workspace)
        self.deadline = deadline

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        text = with_parameters(query, bindings, text)
        return _within_deadline(lambda: Rows.from_result(self._query(query, text)), text, self.deadline)

    def _query(self, query: SavedQuery, text: str):
        from pyparsing import ParseException

        try:
            return self.graph.query(text)
        except ParseException as exc:
            raise not_sparql(query, "rdflib", exc.msg, exc.lineno) from None

    def ask(self, text: str) -> bool:
        return bool(self.graph.query(text).askAnswer)


class OxigraphEngine:
    def __init__(self, workspace: Workspace, deadline: float | None = None, curated_only: bool = False):
        if curated_only:
            from ..project.curated import open_curated_store

            self.store = open_curated_store(workspace)
        else:
            self.store = None  # the on-disk store if it is up to date, else graph/ loaded on first use
        self.workspace = workspace
        self.deadline = deadline

    @contextlib.contextmanager
    def _store(self):
        """The store to ask: the on-disk one if it is up to date, else graph/ loaded into memory."""
        if self.store is not None:
            yield self.store
            return
        with open_persisted(self.workspace) as persisted:
            if persisted is not None:
                yield persisted
                return
        self.store = open_store(self.workspace)
        yield self.store

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        text = with_parameters(query, bindings, text)
        return _within_deadline(lambda: self._rows(query, text), text, self.deadline)

    def _rows(self, query: SavedQuery, text: str) -> Rows:
        import pyoxigraph as ox

        with self._store() as store:
            try:
                solutions = self._run(store, text)
            except SyntaxError as exc:
                at = re.match(r"error at (\d+):\d+: ", str(exc))
                raise not_sparql(query, "Oxigraph", str(exc)[at.end() if at else 0:], int(at[1]) if at else None) \
                    from None
            if not isinstance(solutions, ox.QuerySolutions):
                raise ClaimgraphError(f"query {query.name!r} is not a SELECT query")
            variables = [v.value for v in solutions.variables]
            # As TSV, written by Oxigraph in Rust: cheaper than a Python object per cell, and each distinct
            # cell is parsed once (rows repeat labels, stances and claims); a hit is a plain dict lookup.
            lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:-1]
        term = TsvTerms().__getitem__
        return Rows(variables, [dict(zip(variables, map(term, line.split("\t")))) for line in lines])

    def ask(self, text: str) -> bool:
        with self._store() as store:
            return bool(self._run(store, text))

    @staticmethod
    def _run(store, text: str):
        try:
            return store.query(text)
        except (OSError, RuntimeError) as exc:
            raise ClaimgraphError(f"Oxigraph could not answer: {' '.join(str(exc).split())[:300]}") from None




_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


def _within_deadline(run, text: str, deadline: float | None):
    """A query that calls a SERVICE waits on another server, through Oxigraph's (or rdflib's) own
    HTTP client: bound that wait as every other network wait is (--timeout), and report a bad
    answer in one line."""
    if not _SERVICE.search(text):
        return run()
    from ..rdf.network import Overdue, default_deadline, run_within

    seconds = deadline or default_deadline()

    def checked():
        # Oxigraph's objects must be dropped on the thread that made them: hand back a fresh error
        # that carries no traceback (and so none of them) to the waiting thread
        try:
            return run(), None
        except ClaimgraphError as exc:
            return None, ClaimgraphError(exc.detail, path=exc.path, line=exc.line, field=exc.field)
        except Exception as exc:
            return None, _service_error(exc)

    try:
        rows, error = run_within(checked, seconds, "claimgraph-service")
    except Overdue:
        raise ClaimgraphError(f"the query's SERVICE endpoint gave no complete answer within {seconds:g} s; try again "
                              "later, or allow longer with --timeout SECONDS") from None
    if error is not None:
        raise error
    return rows


def _service_error(exc: Exception) -> ClaimgraphError:
    """Oxigraph and rdflib raise whatever their HTTP client or result parser raised."""
    return ClaimgraphError(f"the query's SERVICE endpoint did not answer with SPARQL results ({type(exc).__name__}: "
                           f"{' '.join(str(exc).split())[:300]}); check the endpoint, or give another with "
                           "--wikidata-endpoint URL")


def make_engine(name: str, workspace: Workspace | None, endpoint: str | None = None, deadline: float | None = None,
                curated_only: bool = False):
    """`curated_only`: the graph without drafted statements and what only they support
    (`project.curated`); embedded engines only."""
    if endpoint:
        if curated_only:
            raise ClaimgraphError("--curated-only works on the embedded engines only: a remote store holds every "
                                  "statement; leave out --endpoint, or leave out --curated-only")
        from .remote import RemoteEngine

        return RemoteEngine(endpoint, deadline)
    if name == "rdflib":
        return RdflibEngine(workspace, deadline, curated_only)
    return OxigraphEngine(workspace, deadline, curated_only)
