"""Print query results: a readable table, or the W3C SPARQL 1.1 JSON, CSV and TSV result formats."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from .terms import short  # noqa: F401  (re-exported for table users)


@dataclass(frozen=True)
class Rows:
    variables: list[str]
    rows: list[dict[str, Identifier | None]]

    @classmethod
    def from_result(cls, result) -> "Rows":
        variables = [str(v) for v in result.vars]
        return cls(variables, [{v: row[v] for v in variables} for row in result])


def render(rows: Rows, fmt: str) -> str:
    return {"table": to_table, "json": to_json, "csv": to_csv, "tsv": to_tsv}[fmt](rows)


def to_json(rows: Rows) -> str:
    """SPARQL 1.1 Query Results JSON Format (W3C Recommendation, 2013)."""
    bindings = []
    for row in rows.rows:
        binding = {}
        for var in rows.variables:
            term = row.get(var)
            if term is not None:
                binding[var] = _json_term(term)
        bindings.append(binding)
    document = {"head": {"vars": rows.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _json_term(term: Identifier) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_csv(rows: Rows) -> str:
    """SPARQL 1.1 CSV: lexical values only, empty for unbound, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(rows.variables)
    for row in rows.rows:
        writer.writerow(["" if row.get(v) is None else str(row[v]) for v in rows.variables])
    return buffer.getvalue()


def to_tsv(rows: Rows) -> str:
    """SPARQL 1.1 TSV: terms in Turtle syntax, '?var' header."""
    lines = ["\t".join(f"?{v}" for v in rows.variables)]
    for row in rows.rows:
        lines.append("\t".join("" if row.get(v) is None else _tsv_term(row[v]) for v in rows.variables))
    return "\n".join(lines) + "\n"


def _tsv_term(term: Identifier) -> str:
    """Turtle syntax; integers and decimals in their abbreviated form, as the format allows."""
    if isinstance(term, Literal) and term.datatype in (XSD.integer, XSD.decimal) and term.n3().startswith('"'):
        plain = str(term)
        if re.fullmatch(r"[+-]?\d+" if term.datatype == XSD.integer else r"[+-]?\d*\.\d+", plain):
            return plain
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_table(rows: Rows) -> str:
    """A table that fits the terminal (see `table`)."""
    from .table import render_table

    return render_table(rows)
