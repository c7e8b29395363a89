"""Link actors and places to Wikidata the way a careful curator would, and write graph/links.ttl.

Candidates are items whose English label or alias equals the entity's label, fetched in
batches (one VALUES block per batch, not one request per entity). A candidate is scored on
how it matched, whether its Wikidata class fits the entity's kind, and whether its country
fits the entity's context. Countries are linked first, so that their items can serve as the
context of everything else. An entity with no clear winner stays unlinked and is reported;
links curated by hand in annotations (and earlier links) are never touched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from ..errors import ClaimgraphError
from ..project.built import load_graph
from ..project.layout import Workspace
from ..project.transaction import Change, commit, writing
from ..rdf import iris
from ..rdf.namespaces import CG, WD
from ..rdf.sparql import SparqlClient
from ..rdf.writer import new_graph, turtle_bytes

METHOD = "label+type+context"
THRESHOLD = Decimal("1.1")
MARGIN = Decimal("0.2")
BATCH = 50

# Wikidata classes that tell what kind of thing an item is.
KIND_CLASSES = {
    "person": {"Q5"},
    "state": {"Q6256", "Q3624078"},
    "settlement": {"Q515"},
    "subnational": {"Q35657"},
    "organisation": {"Q43229", "Q245065", "Q484652", "Q1127126", "Q327333"},
    "news": {"Q11032", "Q1110794", "Q192283"},
}
# The kinds each claimgraph class accepts; the most specific class of an entity decides.
ACCEPTED_KINDS = {
    "Person": {"person"},
    "Country": {"state"},
    "City": {"settlement"},
    "Region": {"subnational"},
    "Place": {"settlement", "subnational", "state"},
    "Organisation": {"organisation", "news"},
    "GovernmentBody": {"organisation"},
    "IntelligenceAgency": {"organisation"},
    "Legislature": {"organisation"},
    "MilitaryAlliance": {"organisation"},
    "NewsOutlet": {"news", "organisation"},
}

CANDIDATE_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?name ?item ?matchedBy ?type ?country ?description WHERE {
  VALUES ?name { %s }
  { ?item rdfs:label ?name . BIND ("label" AS ?matchedBy) }
  UNION
  { ?item skos:altLabel ?name . BIND ("alias" AS ?matchedBy) }
  OPTIONAL { ?item wdt:P31 ?type }
  OPTIONAL { ?item wdt:P17|wdt:P27 ?country }
  OPTIONAL { ?item schema:description ?description . FILTER (LANG(?description) = "en") }
}"""


@dataclass
class Candidate:
    qid: str
    matched_by: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    description: str = ""


@dataclass(frozen=True)
class Entity:
    iri: URIRef
    label: str
    kind: str
    context: frozenset[URIRef]


@dataclass(frozen=True)
class LinkResult:
    entity: URIRef
    label: str
    outcome: str
    qid: str | None
    score: Decimal | None
    candidates: tuple[str, ...]
    detail: str


def link_project(workspace: Workspace, client: SparqlClient, progress=None, *,
                 today: dt.date | None = None) -> list[LinkResult]:
    """Link every unlinked, nameable actor and place; rewrite graph/links.ttl at once; say what happened."""
    step = progress or (lambda text: None)
    with writing(workspace.root, "claimgraph link"):
        graph = load_graph(workspace)
        links_path = workspace.links_file
        results, data = link_graph(graph, links_path, client, step, today or dt.date.today())
        change = Change()
        change.write(workspace.relative(links_path), data)
        commit(workspace.root, change, "claimgraph link")
    return results


def link_graph(graph: Graph, links_path, client: SparqlClient, step, today: dt.date) -> tuple[list[LinkResult], bytes]:
    """What linking the entities of `graph` gives, and the new links file."""
    kept = _kept_links(links_path, graph)
    linked = {s: o for s, o in graph.subject_objects(CG.wikidataItem)}
    entities = [e for e in _linkable_entities(graph) if e.iri not in linked]
    results: list[LinkResult] = []
    for wave in ([e for e in entities if e.kind == "Country"], [e for e in entities if e.kind != "Country"]):
        step(f"looking up {len(wave)} entities at {client.endpoint}")
        candidates = _candidates(client, sorted({e.label for e in wave}))
        for entity in wave:
            result = _choose(entity, candidates.get(entity.label, {}), linked)
            if result.qid:
                linked[entity.iri] = iris.wikidata_item(result.qid)
            results.append(result)
    return results, _links_file(kept, results, client.endpoint, today)


def _linkable_entities(graph: Graph) -> list[Entity]:
    entities = []
    for kind in ACCEPTED_KINDS:
        for node in graph.subjects(RDF.type, CG[kind]):
            label = graph.value(node, RDFS.label)
            if isinstance(node, URIRef) and label is not None and _most_specific(graph, node) == kind:
                context = set(graph.objects(node, CG.country)) | set(graph.objects(node, CG.affiliation))
                entities.append(Entity(node, str(label), kind, frozenset(context)))
    return sorted(entities, key=lambda e: str(e.iri))


def _most_specific(graph: Graph, node: URIRef) -> str | None:
    kinds = [k for k in ACCEPTED_KINDS if (node, RDF.type, CG[k]) in graph]
    for kind in kinds:
        if not any(other != kind and (CG[other], RDFS.subClassOf, CG[kind]) in graph for other in kinds):
            return kind
    return None


def _candidates(client: SparqlClient, names: list[str]) -> dict[str, dict[str, Candidate]]:
    """Candidates per name: from the cache, else fetched in batches and remembered name by name."""
    rows_by_name = {name: client.cached(f"candidates\n{name}") for name in names}
    missing = [name for name, rows in rows_by_name.items() if rows is None]
    if missing and client.offline:
        raise ClaimgraphError(f"offline, and no cached candidates from {client.endpoint} for "
                              f"{len(missing)} name(s) ({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}); "
                              "run once without --offline to fill the cache")
    for start in range(0, len(missing), BATCH):
        batch = missing[start:start + BATCH]
        values = " ".join(Literal(name, lang="en").n3() for name in batch)
        fetched = {name: [] for name in batch}
        for row in client.select(CANDIDATE_QUERY % values):
            row = _checked_row(row, set(batch))
            if row is not None:
                fetched[row["name"]["value"]].append(row)
        for name, rows in fetched.items():
            client.remember(f"candidates\n{name}", rows)
            rows_by_name[name] = rows
    found: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for name, rows in rows_by_name.items():
        for row in rows or ():
            row = _checked_row(row, {name})
            if row is None:
                continue
            item = row["item"]["value"]
            candidate = found[row["name"]["value"]].setdefault(item[len(WD):], Candidate(item[len(WD):]))
            candidate.matched_by.add(row["matchedBy"]["value"])
            if "type" in row:
                candidate.types.add(row["type"]["value"].rsplit("/", 1)[-1])
            if "country" in row:
                candidate.countries.add(row["country"]["value"].rsplit("/", 1)[-1])
            if "description" in row:
                candidate.description = row["description"]["value"]
    return found


_ITEM = re.compile(r"http://www\.wikidata\.org/entity/(Q[1-9][0-9]{0,11})")
_CLASS = re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]{0,11}")


def _checked_row(row: object, names: set[str]) -> dict | None:
    """A candidate row as the endpoint gave it, if its every identifier is what it must be: an item
    IRI, for one of the names asked about. Anything else (a newline or '>' in an IRI, a name not
    asked for) is dropped before it can be written into graph/links.ttl or the cache."""
    def value(key):
        cell = row.get(key) if isinstance(row, dict) else None
        return cell.get("value") if isinstance(cell, dict) and isinstance(cell.get("value"), str) else None

    if value("name") not in names or value("item") is None or not _ITEM.fullmatch(value("item")):
        return None
    if value("matchedBy") not in ("label", "alias"):
        return None
    checked = {"name": row["name"], "item": row["item"], "matchedBy": row["matchedBy"]}
    for key in ("type", "country"):
        if value(key) is not None and _CLASS.fullmatch(value(key)):
            checked[key] = {"type": "uri", "value": value(key)}
    if value("description") is not None:
        checked["description"] = {"type": "literal", "value": " ".join(value("description").split())[:500]}
    return checked


def score(entity: Entity, candidate: Candidate, context_items: set[str]) -> Decimal | None:
    """The candidate's score for the entity, or None when Wikidata says it is the wrong kind of thing."""
    value = Decimal("1.0") if "label" in candidate.matched_by else Decimal("0.8")
    accepted = set().union(*(KIND_CLASSES[k] for k in ACCEPTED_KINDS[entity.kind]))
    other = set().union(*KIND_CLASSES.values()) - accepted
    if candidate.types & accepted:
        value += Decimal("0.3")
    elif candidate.types & other:
        return None
    if context_items and candidate.countries:
        value += Decimal("0.2") if candidate.countries & context_items else Decimal("-0.3")
    return value


def _choose(entity: Entity, candidates: dict[str, Candidate], linked: dict) -> LinkResult:
    context_items = {str(linked[c])[len(WD):] for c in entity.context if c in linked}
    considered = tuple(sorted(candidates, key=_qid_number))
    scored = sorted(((s, qid) for qid, c in candidates.items() if (s := score(entity, c, context_items)) is not None),
                    key=lambda pair: (-pair[0], _qid_number(pair[1])))
    if not scored:
        detail = "no item has this English label or alias" if not candidates else "every candidate is the wrong kind of thing"
        return LinkResult(entity.iri, entity.label, "no candidate", None, None, considered, detail)
    best, qid = scored[0]
    if best < THRESHOLD:
        return LinkResult(entity.iri, entity.label, "below threshold", None, best, considered,
                          f"best {qid} scores {best}, below {THRESHOLD}")
    if len(scored) > 1 and best - scored[1][0] < MARGIN:
        return LinkResult(entity.iri, entity.label, "ambiguous", None, best, considered,
                          f"{qid} ({best}) and {scored[1][1]} ({scored[1][0]}) are too close")
    return LinkResult(entity.iri, entity.label, "linked", qid, best, considered, candidates[qid].description)


def _qid_number(qid: str) -> int:
    return int(qid[1:])


def _kept_links(path, graph: Graph) -> Graph:
    """Earlier successful links, which a new run keeps as they are."""
    kept = Graph()
    if not path.is_file():
        return kept
    for record in graph.subjects(CG.linkMethod, Literal(METHOD)):
        if graph.value(record, CG.linkOutcome) == Literal("linked"):
            for triple in graph.triples((record, None, None)):
                kept.add(triple)
            entity = graph.value(record, CG.linkedEntity)
            kept.add((entity, CG.wikidataItem, graph.value(record, CG.linkTarget)))
    return kept


def _links_file(kept: Graph, results: list[LinkResult], endpoint: str, today: dt.date) -> bytes:
    out = new_graph()
    for triple in kept:
        out.add(triple)
    for result in results:
        record = iris.link_record(result.entity)
        out.add((record, RDF.type, CG.EntityLink))
        out.add((record, CG.linkedEntity, result.entity))
        out.add((record, CG.linkMethod, Literal(METHOD)))
        out.add((record, CG.linkOutcome, Literal(result.outcome)))
        out.add((record, CG.linkEndpoint, URIRef(endpoint)))
        out.add((record, CG.linkedOn, Literal(today)))
        if result.score is not None:
            out.add((record, CG.linkScore, Literal(result.score)))
        for qid in result.candidates:
            out.add((record, CG.candidate, iris.wikidata_item(qid)))
        if result.qid:
            out.add((record, CG.linkTarget, iris.wikidata_item(result.qid)))
            out.add((result.entity, CG.wikidataItem, iris.wikidata_item(result.qid)))
    header = (f"Generated by `claimgraph link` against {endpoint}.\n"
              "Rewritten by every `claimgraph link` run (successful links are kept). To link an entity by hand,\n"
              "give it `wikidata: Q...` in its annotation: curated links are never overwritten.")
    return turtle_bytes(out, header)
