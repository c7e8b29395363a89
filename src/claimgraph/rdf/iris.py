"""The one place IRIs are minted: deterministically, from the stable keys curators write.

Slugs come from annotation ids; an anonymous source is scoped to its article, because two
articles' "senior US official" cannot be assumed to be the same person.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .namespaces import ARTICLE, CLAIM, ENTITY, GRAPH, INTERVAL, LINK, QUANTITY, SITUATION, STATEMENT, WD

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(text: object) -> bool:
    return isinstance(text, str) and len(text) <= 200 and SLUG.fullmatch(text) is not None


def article(name: str) -> URIRef:
    return ARTICLE[name]


def article_graph(name: str) -> URIRef:
    """The named graph holding one article's triples."""
    return GRAPH[name]


def claim(key: str) -> URIRef:
    return CLAIM[key]


def statement(article_name: str, key: str) -> URIRef:
    return STATEMENT[f"{article_name}.{key}"]


def entity(key: str, *, anonymous_in: str | None = None) -> URIRef:
    return ENTITY[f"{anonymous_in}.{key}"] if anonymous_in else ENTITY[key]


def situation(key: str) -> URIRef:
    return SITUATION[key]


def quantity(claim_key: str, number: int) -> URIRef:
    return QUANTITY[f"{claim_key}.{number}"]


def interval(key: str) -> URIRef:
    return INTERVAL[key]


def link_record(entity_iri: URIRef) -> URIRef:
    """The record of linking an entity to Wikidata, named after the entity."""
    return LINK[str(entity_iri)[len(ENTITY):]]


def wikidata_item(qid: str) -> URIRef:
    return WD[qid]


def text_span(article_name: str, start: int, end: int) -> URIRef:
    """RFC 5147 fragment on the article IRI, the NIF convention for offset-based strings."""
    return URIRef(f"{ARTICLE[article_name]}#char={start},{end}")
