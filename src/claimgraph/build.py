"""Turn checked annotations into RDF, validate it, reason over it, and write graph/.

graph/X.ttl holds one article's triples; graph/inferred.ttl holds what HermiT derives from all
of them. Everything is checked (annotations, SHACL, QC rules, OWL consistency) before anything
is written, so a bad annotation leaves graph/ untouched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from . import annotation as ann
from . import iris
from .articles import read_article
from .dates import Interval
from .iris import CG, NIF, SCHEMA, TIME
from .rdfwrite import new_graph, turtle_bytes, write_atomic
from .rules import derive_by_rules
from .validation import ValidationFailed, validate
from .workspace import GENERATED_BY, INFERRED_FILE, Workspace

EPOCH = dt.date(1970, 1, 1)
PRECISION_UNITS = {"day": TIME.unitDay, "week": TIME.unitWeek, "month": TIME.unitMonth, "year": TIME.unitYear}


@dataclass(frozen=True)
class BuiltFile:
    output: Path
    triples: int
    contents: str
    changed: bool


def build(workspace: Workspace) -> list[BuiltFile]:
    """Check every annotation, then (only if all pass) write the graph files and drop stale ones."""
    loaded = []
    for annotation_path, article_path in workspace.annotated_articles():
        article = read_article(article_path)
        loaded.append((annotation_path, article_path, ann.load_annotation(annotation_path, article,
                                                                           foreign_claims=True)))
    ann.resolve_claims([annotation for _, _, annotation in loaded])
    planned = []
    for annotation_path, article_path, annotation in loaded:
        article = annotation.article
        graph = article_graph(annotation)
        header = (f"{GENERATED_BY} from {workspace.relative(annotation_path)} and "
                  f"{workspace.relative(article_path)}.\nDo not edit: edit the annotation and run `claimgraph build`.")
        planned.append((annotation, workspace.graph_dir / f"{article.slug}.ttl", graph, turtle_bytes(graph, header)))

    data = Graph()
    for _, _, graph, _ in planned:
        for triple in graph:
            data.add(triple)
    findings, reasoned = validate(workspace, data, derive=True)
    if findings:
        raise ValidationFailed(findings, "the graph fails validation; nothing was written")
    inferred_path = workspace.graph_dir / INFERRED_FILE
    inferred = new_graph()
    for triple in reasoned.inferred:
        inferred.add(triple)
    for triple in derive_by_rules(workspace, data, reasoned.inferred):
        inferred.add(triple)
    inferred_bytes = turtle_bytes(inferred, (
        f"{GENERATED_BY}: what the HermiT reasoner (through owlready2) derives from "
        f"{workspace.relative(workspace.ontology_file)} and graph/*.ttl, and what the rules in queries/rules/ "
        "construct from both.\n"
        "Origin: <https://w3id.org/claimgraph/id/graph/inferred> prov:wasGeneratedBy the reasoning activity below.\n"
        "Do not edit: run `claimgraph build`."))

    results = []
    for annotation, output, graph, data in planned:
        changed = not output.is_file() or output.read_bytes() != data
        if changed:
            write_atomic(output, data)
        results.append(BuiltFile(output, len(graph), f"{len(annotation.claims)} claims, "
                                 f"{len(annotation.statements)} statements", changed))
    changed = not inferred_path.is_file() or inferred_path.read_bytes() != inferred_bytes
    if changed:
        write_atomic(inferred_path, inferred_bytes)
    results.append(BuiltFile(inferred_path, len(inferred), "derived by HermiT", changed))
    _remove_stale(workspace, {output for _, output, _, _ in planned} | {inferred_path})
    return results


def _remove_stale(workspace: Workspace, keep: set[Path]) -> None:
    """Delete generated graph files whose annotation is gone; hand-made files are left alone."""
    for path in workspace.graph_dir.glob("*.ttl"):
        if path not in keep and path.read_text(encoding="utf-8", errors="replace").startswith(f"# {GENERATED_BY}"):
            path.unlink()


def article_graph(a: ann.Annotation) -> Graph:
    """The RDF for one annotated article."""
    g = new_graph()
    slug = a.article.slug
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
        for affiliation in e.affiliations:
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
            g.add((node, CG.startDate, _interval(g, d.start)))

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
        g.add((node, CG.stance, CG[ann.STANCES[s.stance]]))
        g.add((node, CG.certainty, CG[ann.CERTAINTIES[s.certainty]]))
        g.add((node, CG.dateSaid, _interval(g, s.said)))
        g.add((node, CG.dateExpression, Literal(s.said_expression)))
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


def _curated_link(g: Graph, node: URIRef, item: URIRef) -> None:
    """A link written by hand in the annotation; `claimgraph link` never replaces it."""
    record = iris.link_record(node)
    g.add((node, CG.wikidataItem, item))
    g.add((record, RDF.type, CG.EntityLink))
    g.add((record, CG.linkedEntity, node))
    g.add((record, CG.linkTarget, item))
    g.add((record, CG.linkMethod, Literal("curated")))
    g.add((record, CG.linkOutcome, Literal("linked")))


def _add_optional(g: Graph, node: URIRef, prop: URIRef, value: str | None) -> None:
    if value is not None:
        g.add((node, prop, Literal(value)))


def _number(value: Decimal) -> Literal:
    """Whole numbers as xsd:integer, others as xsd:decimal, so '1500' stays 1500 in every output."""
    if value == value.to_integral_value():
        return Literal(int(value))
    return Literal(value, datatype=XSD.decimal)


def _quantity(g: Graph, node: URIRef, q: ann.Quantity, entity_iri) -> URIRef:
    g.add((node, RDF.type, CG.Quantity))
    if q.value is not None:
        g.add((node, CG.numericValue, _number(q.value)))
    g.add((node, CG.unit, CG[ann.UNITS[q.unit]]))
    g.add((node, CG.measure, CG[ann.MEASURES[q.measure]]))
    g.add((node, CG.qualifier, CG[ann.QUALIFIERS[q.qualifier]]))
    g.add((node, CG.modality, CG[ann.MODALITIES[q.modality]]))
    date_property = CG.targetDate if q.modality == "forecast" else CG.asOf
    g.add((node, date_property, _interval(g, q.date)))
    g.add((node, CG.dateExpression, Literal(q.date_expression)))
    if q.of:
        g.add((node, CG.quantifies, iris.situation(q.of)))
    if q.scope:
        g.add((node, CG.scope, entity_iri(q.scope)))
    if q.lower is not None:
        g.add((node, CG.lowerBound, _number(q.lower)))
    if q.upper is not None:
        g.add((node, CG.upperBound, _number(q.upper)))
    return node


def _day_number(day) -> int:
    """Days since 1970-01-01: integer arithmetic on dates that every SPARQL engine does alike."""
    return (day - EPOCH).days


def _interval(g: Graph, interval: Interval) -> URIRef:
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
