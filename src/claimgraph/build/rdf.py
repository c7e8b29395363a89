"""One annotated article as RDF: the article, its entities, deployments, claims with their
quantities, and its statements with their NIF text spans. A pure function of the annotation, so
an unchanged article always gives the same triples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from ..model.annotation import Annotation, Quantity
from ..model.dates import Interval
from ..model.vocabulary import CERTAINTIES, MEASURES, MODALITIES, QUALIFIERS, STANCES, UNITS
from ..rdf import iris
from ..rdf.namespaces import CG, NIF, SCHEMA, TIME
from ..rdf.writer import new_graph, sorted_turtle

EPOCH = dt.date(1970, 1, 1)
PRECISION_UNITS = {"day": TIME.unitDay, "week": TIME.unitWeek, "month": TIME.unitMonth, "year": TIME.unitYear}


def article_graph(a: Annotation) -> Graph:
    """The RDF for one annotated article, as an rdflib graph."""
    graph = new_graph()
    for triple in article_triples(a):
        graph.add(triple)
    return graph


def article_turtle(a: Annotation, header: str) -> tuple[bytes, int]:
    """The RDF for one annotated article as sorted Turtle, and its number of triples: what a build
    writes, made without an rdflib graph (ten times faster at the size of an archive)."""
    triples = article_triples(a)
    return sorted_turtle(b"".join(_nt_row(triple).encode("utf-8") for triple in triples), header), len(triples)


def article_triples(a: Annotation) -> set[tuple]:
    """The RDF for one annotated article, as a set of rdflib triples."""
    g: set[tuple] = set()
    slug = a.article.name
    article = iris.article(slug)

    def entity_iri(entity_id: str) -> URIRef:
        entity = a.entities[entity_id]
        return iris.entity(entity_id, anonymous_in=slug if entity.type == "AnonymousSource" else None)

    g.add((article, RDF.type, CG.Article))
    g.add((article, SCHEMA.datePublished, Literal(a.article.date)))
    g.add((article, NIF.isString, Literal(a.article.body)))
    if a.title:
        g.add((article, SCHEMA.headline, Literal(a.title)))
    if a.outlet:
        g.add((article, SCHEMA.publisher, entity_iri(a.outlet)))

    for e in a.entities.values():
        node = entity_iri(e.id)
        g.add((node, RDF.type, CG[e.type]))
        g.add((node, RDFS.label, Literal(e.label)))
        _add_optional(g, node, CG.role, e.role)
        _add_optional(g, node, RDFS.comment, e.note)
        for affiliation in e.affiliation:
            g.add((node, CG.affiliation, entity_iri(affiliation)))
        for institution in e.speaks_for:
            g.add((node, CG.speaksFor, entity_iri(institution)))
        if e.country:
            g.add((node, CG.country, entity_iri(e.country)))
        if e.wikidata:
            _curated_link(g, node, iris.wikidata_item(e.wikidata))

    for d in a.deployments.values():
        node = iris.situation(d.id)
        g.add((node, RDF.type, CG.Deployment))
        g.add((node, RDFS.label, Literal(d.label)))
        for prop, value in ((CG.sendingState, d.sender), (CG.receivingState, d.receiver), (CG.location, d.location)):
            if value:
                g.add((node, prop, entity_iri(value)))
        _add_optional(g, node, CG.unitKind, d.unit_kind)
        _add_optional(g, node, CG.purpose, d.purpose)
        if d.part_of:
            g.add((node, CG.partOf, iris.situation(d.part_of)))
        if d.start:
            g.add((node, CG.startDate, _interval(g, d.start.interval)))

    for c in a.claims.values():
        node = iris.claim(c.id)
        g.add((node, RDF.type, CG.Claim))
        g.add((node, CG.claimText, Literal(c.text)))
        _add_optional(g, node, CG.condition, c.condition)
        if c.describes:
            g.add((node, CG.describes, iris.situation(c.describes)))
        for mention in c.mentions:
            g.add((node, CG.mentions, entity_iri(mention)))
        for number, q in enumerate(c.quantities, start=1):
            g.add((node, CG.statesQuantity, _quantity(g, iris.quantity(c.id, number), q, entity_iri)))

    for s in a.statements:
        node = iris.statement(slug, s.id)
        span = iris.text_span(slug, s.start, s.end)
        g.add((node, RDF.type, CG.Statement))
        g.add((node, CG.speaker, entity_iri(s.speaker)))
        g.add((node, CG.claim, iris.claim(s.claim)))
        g.add((node, CG.stance, CG[STANCES[s.stance]]))
        g.add((node, CG.certainty, CG[CERTAINTIES[s.certainty]]))
        g.add((node, CG.dateSaid, _interval(g, s.said.interval)))
        g.add((node, CG.dateExpression, Literal(s.said.expression)))
        g.add((node, CG.reportedIn, article))
        g.add((node, CG.textSpan, span))
        g.add((node, CG.isDirectQuote, Literal(s.direct)))
        _add_optional(g, node, CG.reportingVerb, s.verb)
        if s.confidence is not None:
            g.add((node, CG.extractionConfidence, Literal(s.confidence, datatype=XSD.decimal)))
        _add_optional(g, node, RDFS.comment, s.note)
        if s.on_behalf_of:
            g.add((node, CG.onBehalfOf, entity_iri(s.on_behalf_of)))
        for relay in s.relayed_via:
            g.add((node, CG.relayedVia, entity_iri(relay)))
        if s.reported_through:
            g.add((node, CG.reportedThrough, entity_iri(s.reported_through)))
        g.add((span, RDF.type, CG.TextSpan))
        g.add((span, NIF.anchorOf, Literal(s.quote)))
        # xsd:integer, not NIF's xsd:nonNegativeInteger: triple stores (Oxigraph, Fuseki, Stardog) store
        # derived integer types as xsd:integer, and a push must round-trip exactly.
        g.add((span, NIF.beginIndex, Literal(s.start)))
        g.add((span, NIF.endIndex, Literal(s.end)))
        g.add((span, NIF.referenceContext, article))
    return g


def _curated_link(g: set, node: URIRef, item: URIRef) -> None:
    """A link written by hand in the annotation; `claimgraph link` never replaces it."""
    record = iris.link_record(node)
    g.add((node, CG.wikidataItem, item))
    g.add((record, RDF.type, CG.EntityLink))
    g.add((record, CG.linkedEntity, node))
    g.add((record, CG.linkTarget, item))
    g.add((record, CG.linkMethod, Literal("curated")))
    g.add((record, CG.linkOutcome, Literal("linked")))


def _add_optional(g: set, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value is not None:
        g.add((node, prop, Literal(value)))


def _number(value: Decimal) -> Literal:
    """Whole numbers as xsd:integer, others as xsd:decimal, so '1500' stays 1500 in every output."""
    if value == value.to_integral_value():
        return Literal(int(value))
    return Literal(value, datatype=XSD.decimal)


def _quantity(g: set, node: URIRef, q: Quantity, entity_iri) -> URIRef:
    g.add((node, RDF.type, CG.Quantity))
    if q.value is not None:
        g.add((node, CG.numericValue, _number(q.value)))
    g.add((node, CG.unit, CG[UNITS[q.unit]]))
    g.add((node, CG.measure, CG[MEASURES[q.measure]]))
    g.add((node, CG.qualifier, CG[QUALIFIERS[q.qualifier]]))
    g.add((node, CG.modality, CG[MODALITIES[q.modality]]))
    date_property = CG.targetDate if q.modality == "forecast" else CG.asOf
    g.add((node, date_property, _interval(g, q.when.interval)))
    g.add((node, CG.dateExpression, Literal(q.when.expression)))
    if q.of:
        g.add((node, CG.quantifies, iris.situation(q.of)))
    if q.scope:
        g.add((node, CG.scope, entity_iri(q.scope)))
    lower, upper = q.bounds
    if lower is not None:
        g.add((node, CG.lowerBound, _number(lower)))
    if upper is not None:
        g.add((node, CG.upperBound, _number(upper)))
    return node


def _day_number(day) -> int:
    """Days since 1970-01-01: integer arithmetic on dates that every SPARQL engine does alike."""
    return (day - EPOCH).days


def _interval(g: set, interval: Interval) -> URIRef:
    node = iris.interval(interval.key)
    g.add((node, RDF.type, CG.TimeInterval))
    g.add((node, RDFS.label, Literal(interval.label)))
    g.add((node, CG.latest, Literal(interval.latest)))
    g.add((node, CG.latestDay, Literal(_day_number(interval.latest))))
    if interval.earliest is not None:
        g.add((node, CG.earliest, Literal(interval.earliest)))
        g.add((node, CG.earliestDay, Literal(_day_number(interval.earliest))))
    if interval.precision is not None:
        g.add((node, CG.precision, PRECISION_UNITS[interval.precision]))
    return node
