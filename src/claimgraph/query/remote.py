"""A remote SPARQL 1.1 Protocol endpoint as an engine: its default graph must be the union of the
pushed graphs (Virtuoso's is; Oxigraph needs --union-default-graph, Fuseki unionDefaultGraph)."""

from __future__ import annotations

import re
import sys

from ..rdf.sparql import SparqlClient
from .catalogue import SavedQuery, with_parameters
from .results import Rows
from .terms import from_json

VIRTUOSO_ROW_CAP = 10_000


class RemoteEngine:
    def __init__(self, endpoint: str, deadline: float | None = None):
        self.client = SparqlClient(endpoint, deadline=deadline)

    def select(self, query: SavedQuery, bindings: dict, text: str | None = None) -> Rows:
        document = self.client.fetch(with_parameters(query, bindings, text))
        variables = [str(v) for v in document.get("head", {}).get("vars", [])]
        rows = [{v: from_json(b.get(v)) for v in variables} for b in document.get("results", {}).get("bindings", [])]
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
        document = self.client.fetch("SELECT (1 AS ?found) WHERE {" + text[len("ASK {"):] + " LIMIT 1")
        return bool(document.get("results", {}).get("bindings"))
