"""The one place IRIs are minted: deterministically, from the stable keys curators write.

Slugs come from annotation ids; an anonymous source is scoped to its article, because two
articles' "senior US official" cannot be assumed to be the same person.
"""

from __future__ import annotations

import re

from rdflib import Namespace, URIRef

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ONTOLOGY = URIRef("https://w3id.org/claimgraph/ontology")
ID = "https://w3id.org/claimgraph/id/"

ARTICLE = Namespace(ID + "article/")
CLAIM = Namespace(ID + "claim/")
STATEMENT = Namespace(ID + "statement/")
ENTITY = Namespace(ID + "entity/")
SITUATION = Namespace(ID + "situation/")
QUANTITY = Namespace(ID + "quantity/")
INTERVAL = Namespace(ID + "interval/")
LINK = Namespace(ID + "link/")
WD = Namespace("http://www.wikidata.org/entity/")

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: Prefixes every writer and query printer uses, in this order.
PREFIXES = {
    "cg": CG,
    "article": ARTICLE,
    "claim": CLAIM,
    "stmt": STATEMENT,
    "entity": ENTITY,
    "situation": SITUATION,
    "qty": QUANTITY,
    "interval": INTERVAL,
    "link": LINK,
    "wd": WD,
    "nif": NIF,
    "schema": SCHEMA,
    "time": TIME,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
}

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(text: object) -> bool:
    return isinstance(text, str) and SLUG.fullmatch(text) is not None


def article(slug: str) -> URIRef:
    return ARTICLE[slug]


def claim(key: str) -> URIRef:
    return CLAIM[key]


def statement(article_slug: str, key: str) -> URIRef:
    return STATEMENT[f"{article_slug}.{key}"]


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


def text_span(article_slug: str, start: int, end: int) -> URIRef:
    """RFC 5147 fragment on the article IRI, the NIF convention for offset-based strings."""
    return URIRef(f"{ARTICLE[article_slug]}#char={start},{end}")
