"""Read RDF files that anyone may have written (`claimgraph validate FILE ...`) without letting them
reach out or blow up.

Each file is read as a user's text file (`model.textfile`: not a directory, device or pipe, UTF-8
but for RDF/XML, which declares its own encoding). Oxigraph then parses it once before rdflib
does: a strict parser that names the line of a mistake, refuses what rdflib lets through and
cannot write again (an IRI with a space), has no recursion to overflow on deep nesting, and
never loads a remote JSON-LD context. Nothing is fetched: a JSON-LD @context must be in the file,
RDF/XML may not declare a DTD or entities (defusedxml checks it first: no XXE, no entity bomb),
and a file may not import another (owl:imports, which the OWL reasoner would download).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Callable

from rdflib import OWL, Dataset, Graph

from ..errors import SHOWN_CHARACTERS, ClaimgraphError, shown as quoted
from ..model import textfile

MAX_BYTES = 500_000_000
FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3", ".rdf": "xml",
           ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads"}
NAMES = {"turtle": "Turtle", "nt": "N-Triples", "n3": "N3", "xml": "RDF/XML", "json-ld": "JSON-LD", "trig": "TriG",
         "nquads": "N-Quads"}
_MESSAGE_LENGTH = 300


def load_untrusted(paths: list[Path], shown: Callable[[Path], str] = str) -> Graph:
    """The union of the files' triples; any unreadable, unsafe or empty file is one error naming it."""
    data = Graph()
    for path in paths:
        data += _read(Path(path), shown(path))
    return data


def _read(path: Path, where: str) -> Graph:
    """One file's triples (of all its graphs), or one error naming it."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ClaimgraphError(f"unknown RDF format; name the file with one of {', '.join(sorted(FORMATS))}",
                              path=where)
    raw = textfile.read_bytes(path, "RDF", where, limit=MAX_BYTES)
    if not raw.strip():
        raise ClaimgraphError("the file is empty", path=where)
    base = path.resolve().as_uri()
    if fmt == "xml":
        _check_xml(raw, where)
        source = {"source": io.BytesIO(raw)}  # bytes: the XML declaration says how they are encoded
    else:
        text = textfile.decode(raw, "RDF file", where)
        if fmt == "json-ld":
            _check_jsonld(text, where)
        _check_syntax(text, fmt, base, where)
        source = {"data": text}
    graph = Dataset() if fmt in ("trig", "nquads") else Graph()
    try:
        graph.parse(**source, format=fmt, publicID=base)
    except RecursionError:
        raise ClaimgraphError(f"nested too deeply for rdflib to read as {NAMES[fmt]}", path=where) from None
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise ClaimgraphError(f"cannot read as {NAMES[fmt]}: {_short(str(exc))}", path=where) from None
    triples = Graph()
    for s, p, o, *_ in graph.quads() if isinstance(graph, Dataset) else graph:
        triples.add((s, p, o))
    if not len(triples):
        raise ClaimgraphError("holds no triples; there is nothing to check", path=where)
    imported = next(triples.objects(None, OWL.imports), None)
    if imported is not None:
        raise ClaimgraphError(f"imports {quoted(str(imported))} (owl:imports), which the OWL reasoner would "
                              "download; claimgraph never fetches a document: remove the owl:imports triple and "
                              "give the imported file as well", path=where)
    return triples


def _check_syntax(text: str, fmt: str, base: str, where: str) -> None:
    """Oxigraph's verdict on the syntax, with the line and column of the first mistake."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "n3": ox.RdfFormat.N3,
               "json-ld": ox.RdfFormat.JSON_LD, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
    try:
        for _ in ox.parse(text, format=formats[fmt], base_iri=base):
            pass
    except SyntaxError as exc:
        message = re.sub(r"^Parser error (?:at|between) .*?: ", "", exc.msg or str(exc))
        column = f" (column {exc.offset})" if exc.offset else ""
        raise ClaimgraphError(f"cannot read as {NAMES[fmt]}: {_short(message)}{column}", path=where,
                              line=exc.lineno) from None


def _check_jsonld(text: str, where: str) -> None:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ClaimgraphError(f"cannot read as JSON: {_short(exc.msg)} (column {exc.colno})", path=where,
                              line=exc.lineno) from None
    except RecursionError:
        raise ClaimgraphError("cannot read as JSON-LD: nested too deeply", path=where) from None

    def walk(node, depth=0):
        if depth > 100:
            raise ClaimgraphError("JSON-LD nested more than 100 levels deep", path=where)
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import") and _names_a_document(value):
                    raise ClaimgraphError("the JSON-LD names a remote @context; claimgraph never fetches one: "
                                          "put the context in the file", path=where)
                walk(value, depth + 1)
        elif isinstance(node, list):
            for item in node:
                walk(item, depth + 1)

    walk(document)


def _names_a_document(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, list):
        return any(_names_a_document(item) for item in value)
    return isinstance(value, dict) and isinstance(value.get("@import"), str)


def _check_xml(raw: bytes, where: str) -> None:
    import defusedxml.ElementTree as safe
    from defusedxml import DefusedXmlException

    try:
        safe.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ClaimgraphError("the RDF/XML declares a DTD or entities; claimgraph does not expand them (they can "
                              "fetch files or blow up): remove the DOCTYPE", path=where) from None
    except Exception as exc:
        line = getattr(exc, "position", (None,))[0]
        raise ClaimgraphError(f"cannot read as RDF/XML: {_short(str(exc))}", path=where, line=line) from None


def _short(message: str) -> str:
    """A parser's message on one line, cut short: it may quote the bad input (a 5 MB literal), so
    every long word is cut to the prefix `errors.shown` would quote, and then the whole."""
    text = re.sub(rf"\S{{{SHOWN_CHARACTERS + 1},}}", lambda word: word[0][:SHOWN_CHARACTERS] + "…",
                  " ".join(message.split()))
    return text if len(text) <= _MESSAGE_LENGTH else text[:_MESSAGE_LENGTH] + "…"
