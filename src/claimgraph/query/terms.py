"""RDF terms in and out of result formats: how a term reads in a table, and SPARQL TSV and JSON
result cells read back as rdflib terms."""

from __future__ import annotations

import re

from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from ..errors import ClaimgraphError
from ..rdf.namespaces import PREFIXES


def short(term: Identifier | None) -> str:
    """How a term reads in a table: prefixed IRIs, literal values as they are."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        local = text[len(namespace):]
        if text.startswith(str(namespace)) and local and "/" not in local and "#" not in local:
            return f"{prefix}:{local}"
    return f"<{text}>"


class TsvTerms(dict):
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


def from_json(cell: object) -> Identifier | None:
    """A SPARQL JSON results cell as an rdflib term; anything else is the endpoint's fault, said so."""
    if cell is None:
        return None
    if not (isinstance(cell, dict) and isinstance(cell.get("value"), str) and cell.get("type") in
            ("uri", "bnode", "literal", "typed-literal")):
        raise ClaimgraphError("the endpoint answered a result cell that is not an RDF term in SPARQL JSON form")
    if cell["type"] == "uri":
        return URIRef(cell["value"])
    if cell["type"] == "bnode":
        return BNode(cell["value"])
    if isinstance(cell.get("xml:lang"), str):
        return Literal(cell["value"], lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    return Literal(cell["value"], datatype=URIRef(datatype) if isinstance(datatype, str) else None)
