"""The namespaces claimgraph writes and queries, and the prefixes every writer and printer uses.

`CG` is closed (generated from the ontology by `python -m claimgraph.rdf.generate`): a term the
ontology does not declare is an error where it is written, not an undeclared IRI in the graph.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from .cg import CG

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
GRAPH = Namespace(ID + "graph/")
ACTIVITY = Namespace(ID + "activity/")
WD = Namespace("http://www.wikidata.org/entity/")

NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

#: Prefixes every writer and query printer uses, in this order.
PREFIXES = {
    "cg": CG._NS,
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

__all__ = ["CG", "ONTOLOGY", "ID", "ARTICLE", "CLAIM", "STATEMENT", "ENTITY", "SITUATION", "QUANTITY", "INTERVAL",
           "LINK", "GRAPH", "ACTIVITY", "WD", "NIF", "SCHEMA", "TIME", "PROV", "SKOS", "DCTERMS", "PREFIXES"]
