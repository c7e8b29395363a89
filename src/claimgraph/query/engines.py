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

from ..errors import ClaimgraphError
from ..project.built import load_graph, open_store
from ..project.layout import Workspace
from .catalogue import SavedQuery, with_parameters
from .results import Rows
from .terms import TsvTerms


class RdflibEngine:
    def __init__(self, workspace: Workspace):
        self.graph = load_graph(workspace)

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        return Rows.from_result(self.graph.query(with_parameters(query, bindings, text)))

    def ask(self, text: str) -> bool:
        return bool(self.graph.query(text).askAnswer)


class OxigraphEngine:
    def __init__(self, workspace: Workspace):
        self.store = open_store(workspace)

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        import pyoxigraph as ox

        solutions = self._run(with_parameters(query, bindings, text))
        if not isinstance(solutions, ox.QuerySolutions):
            raise ClaimgraphError(f"query {query.name!r} is not a SELECT query")
        variables = [v.value for v in solutions.variables]
        # As TSV, written by Oxigraph in Rust: cheaper than a Python object per cell, and each distinct
        # cell is parsed once (rows repeat labels, stances and claims); a hit is a plain dict lookup.
        lines = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:-1]
        term = TsvTerms().__getitem__
        return Rows(variables, [dict(zip(variables, map(term, line.split("\t")))) for line in lines])

    def ask(self, text: str) -> bool:
        return bool(self._run(text))

    def _run(self, text: str):
        try:
            return self.store.query(text)
        except SyntaxError as exc:
            raise ClaimgraphError(f"the query is not valid SPARQL for Oxigraph: {' '.join(str(exc).split())[:300]}") \
                from None
        except (OSError, RuntimeError) as exc:
            raise ClaimgraphError(f"Oxigraph could not answer: {' '.join(str(exc).split())[:300]}") from None


def make_engine(name: str, workspace: Workspace | None, endpoint: str | None = None, deadline: float | None = None):
    if endpoint:
        from .remote import RemoteEngine

        return RemoteEngine(endpoint, deadline)
    if name == "rdflib":
        return RdflibEngine(workspace)
    return OxigraphEngine(workspace)
