"""Read RDF files that anyone may have written (`claimgraph validate FILE ...`) without letting them
reach out: no JSON-LD @context is fetched from the network, and no XML DTD or entity is
expanded (defusedxml checks RDF/XML first), so a file can neither make a request nor blow up."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from rdflib import Graph

from ..errors import ClaimgraphError

MAX_BYTES = 500_000_000
FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt", ".n3": "n3", ".rdf": "xml",
           ".xml": "xml", ".owl": "xml", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads"}


def load_untrusted(paths: list[Path], shown: Callable[[Path], str] = str) -> Graph:
    """The union of the files' triples; any unreadable or unsafe file is one error naming it."""
    data = Graph()
    for path in paths:
        where = shown(path)
        fmt = FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise ClaimgraphError(f"unknown RDF format; name the file with one of {', '.join(sorted(FORMATS))}",
                                  path=where)
        try:
            if not Path(path).is_file():
                raise ClaimgraphError("file not found", path=where)
            raw = Path(path).read_bytes() if Path(path).stat().st_size <= MAX_BYTES else None
        except OSError as exc:
            raise ClaimgraphError(f"cannot read the file: {exc.strerror or exc}", path=where) from None
        if raw is None:
            raise ClaimgraphError(f"larger than {MAX_BYTES // 1_000_000} MB", path=where)
        if fmt == "json-ld":
            _check_jsonld(raw, where)
        if fmt == "xml":
            _check_xml(raw, where)
        into = Graph() if fmt not in ("trig", "nquads") else None
        try:
            if into is None:
                from rdflib import Dataset

                dataset = Dataset()
                dataset.parse(data=raw, format=fmt, publicID=Path(path).resolve().as_uri())
                for s, p, o, _ in dataset.quads():
                    data.add((s, p, o))
            else:
                data.parse(data=raw, format=fmt, publicID=Path(path).resolve().as_uri())
        except ClaimgraphError:
            raise
        except Exception as exc:  # rdflib raises many unrelated types for bad syntax
            raise ClaimgraphError(f"cannot read as {fmt}: {' '.join(str(exc).split())[:300]}", path=where) from None
    return data


def _check_jsonld(raw: bytes, where: str) -> None:
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ClaimgraphError(f"cannot read as JSON-LD: {exc}", path=where) from None

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
        raise ClaimgraphError(f"cannot read as RDF/XML: {' '.join(str(exc).split())[:300]}", path=where) from None
