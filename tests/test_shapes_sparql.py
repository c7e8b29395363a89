"""The SHACL shapes compiled to SPARQL and the QC rules, run on Oxigraph, find exactly what pySHACL
and rdflib find: on the seed graph, on every annotated article of the benchmarks, and on a
catalogue of broken graphs that breaks every constraint of every shape at least once."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from claimgraph.build.dataset import build_graphs
from claimgraph.check.findings import show
from claimgraph.check.qc import check_qc_in_store, check_qc_rules
from claimgraph.check.shacl import check_shapes
from claimgraph.check.shapes_sparql import check_shapes_in_store, compile_shapes
from claimgraph.errors import ClaimgraphError
from claimgraph.model.annotation import load_annotation
from claimgraph.model.article import read_article
from claimgraph.query.catalogue import load_catalogue
from claimgraph.rdf.namespaces import CG, NIF, SCHEMA, TIME
from conftest import REPO

SHAPES = Graph().parse(REPO / "ontology" / "shapes.ttl")
ONTOLOGY = Graph().parse(REPO / "ontology" / "claimgraph.ttl")
RULES = load_catalogue(REPO / "queries" / "qc")
ID = "https://w3id.org/claimgraph/id/"
SOURCES = [(REPO / "articles", REPO / "annotations"),
           (REPO / "benchmarks" / "gold" / "articles", REPO / "benchmarks" / "gold" / "annotations"),
           (REPO / "benchmarks" / "corpus" / "dev" / "articles", REPO / "benchmarks" / "corpus" / "dev" / "annotations"),
           (REPO / "benchmarks" / "corpus" / "heldout" / "articles",
            REPO / "benchmarks" / "corpus" / "heldout" / "annotations")]


def store_of(*graphs: Graph) -> ox.Store:
    """The graphs in one Oxigraph default graph, blank nodes keeping their labels (so findings
    about them read the same as pySHACL's)."""
    store = ox.Store()
    for graph in graphs:
        store.extend(ox.parse(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return store


def assert_same_shapes(data: Graph) -> list:
    """Oxigraph's SHACL findings are pySHACL's; returns them."""
    shapes = check_shapes_in_store(store_of(data, ONTOLOGY), SHAPES)
    assert shapes == check_shapes(data, SHAPES, ONTOLOGY)
    return shapes


def assert_same_qc(data: Graph) -> list:
    """Oxigraph's QC findings are rdflib's, in the same order; returns them. (rdflib takes minutes
    on the rules that walk the ontology's lists, so the tests run it on two graphs only.)"""
    qc = check_qc_in_store(store_of(data, ONTOLOGY), RULES)
    # rdflib repeats a row once per way it walks a property path (cg:dateSaid/cg:earliest);
    # SPARQL's answer has it once
    assert qc == list(dict.fromkeys(check_qc_rules(data, ONTOLOGY, RULES)))
    return qc


# --- real data


def test_the_seed_graph_conforms_on_both():
    data = Graph()
    for path in sorted((REPO / "graph").glob("*.ttl")):
        data.parse(path)
    assert len(data) > 800
    assert assert_same_shapes(data) == []
    assert assert_same_qc(data) == []


def corpus_graphs(articles: Path, annotations: Path):
    """Every annotated article of one source of the benchmarks."""
    loaded = [load_annotation(path, read_article(articles / f"{path.stem}.txt"), shown_as=path.name,
                              foreign_claims=True) for path in sorted(annotations.glob("*.yaml"))]
    return build_graphs(loaded)


@pytest.mark.parametrize("articles, annotations", SOURCES, ids=["seed", "gold", "corpus-dev", "corpus-heldout"])
def test_every_annotated_article_gives_the_same_findings_on_both(articles, annotations):
    """Each source's articles together, as a build checks them: some claims reported again are
    declared apart (two texts for one claim), which both engines find alike."""
    built = corpus_graphs(articles, annotations)
    assert len(built.by_article) == len(list(annotations.glob("*.yaml"))) >= 1
    assert_same_shapes(built.union)


# --- a catalogue of broken graphs: each case breaks one constraint of the base graph

BASE = Graph().parse(REPO / "tests" / "invalid" / "valid-base.ttl")
ART, WIRE, UKRAINE, KYIV = (URIRef(ID + p) for p in ("article/mini", "entity/test-wire", "entity/ukraine",
                                                      "entity/kyiv"))
OFFICIAL, DEPLOY = URIRef(ID + "entity/mini.official"), URIRef(ID + "situation/mini-deployment")
CLAIM, QTY = URIRef(ID + "claim/mini-100-troops"), URIRef(ID + "quantity/mini-100-troops.1")
DAY, STMT = URIRef(ID + "interval/2024-10-24"), URIRef(ID + "statement/mini.s01")
SPAN = URIRef(ID + "article/mini#char=17,45")
LINK, PERSON = URIRef(ID + "link/kyiv"), URIRef(ID + "entity/someone")
WD = "http://www.wikidata.org/entity/"
LABEL = show(RDFS.label)  # rdfs: is not among the prefixes findings abbreviate


def drop(s, p):
    return lambda g: g.remove((s, p, None))


def add(s, p, o):
    return lambda g: g.add((s, p, o))


def put(s, p, o):
    return lambda g: g.set((s, p, o))


def blank(cls):
    """A blank node of the class, with a label (a node shape's sh:nodeKind sh:IRI then fails)."""
    return lambda g: g.add((BNode(), RDF.type, cls))


def both(*changes):
    def change(g):
        for c in changes:
            c(g)
    return change


def linked(*changes):
    """The base with a curated link record for Kyiv, then the changes."""
    return both(add(KYIV, CG.wikidataItem, URIRef(WD + "Q1899")), add(LINK, RDF.type, CG.EntityLink),
                add(LINK, CG.linkedEntity, KYIV), add(LINK, CG.linkTarget, URIRef(WD + "Q1899")),
                add(LINK, CG.linkMethod, Literal("curated")), add(LINK, CG.linkOutcome, Literal("linked")), *changes)


OTHER_ARTICLE = both(add(URIRef(ID + "article/other"), RDF.type, CG.Article),
                     add(URIRef(ID + "article/other"), SCHEMA.datePublished, Literal("2024-10-24", datatype=XSD.date)),
                     add(URIRef(ID + "article/other"), NIF.isString, Literal("Elsewhere, 100 troops were sent to Kyiv.")))
PERSON_SPEAKING = both(add(PERSON, RDF.type, CG.Person), add(PERSON, RDFS.label, Literal("Someone")))
# (shape, path, component, focus, change)
CASES = [
    ("StatementShape", "", "nodeKind", None, blank(CG.Statement)),
    ("StatementShape", "", "sparql", STMT, both(OTHER_ARTICLE, put(SPAN, NIF.referenceContext, URIRef(ID + "article/other")))),
    ("StatementShape", "cg:speaker", "minCount", STMT, drop(STMT, CG.speaker)),
    ("StatementShape", "cg:speaker", "maxCount", STMT, both(PERSON_SPEAKING, add(STMT, CG.speaker, PERSON))),
    ("StatementShape", "cg:speaker", "class", STMT, put(STMT, CG.speaker, CLAIM)),
    ("StatementShape", "cg:stance", "minCount", STMT, drop(STMT, CG.stance)),
    ("StatementShape", "cg:stance", "maxCount", STMT, add(STMT, CG.stance, CG.Denies)),
    ("StatementShape", "cg:stance", "in", STMT, put(STMT, CG.stance, CG.Certain)),
    ("StatementShape", "cg:certainty", "minCount", STMT, drop(STMT, CG.certainty)),
    ("StatementShape", "cg:certainty", "maxCount", STMT, add(STMT, CG.certainty, CG.Possible)),
    ("StatementShape", "cg:certainty", "in", STMT, put(STMT, CG.certainty, Literal("certain"))),
    ("StatementShape", "cg:claim", "minCount", STMT, drop(STMT, CG.claim)),
    ("StatementShape", "cg:claim", "maxCount", STMT, both(add(URIRef(ID + "claim/second"), RDF.type, CG.Claim),
                                                          add(STMT, CG.claim, URIRef(ID + "claim/second")))),
    ("StatementShape", "cg:claim", "class", STMT, put(STMT, CG.claim, DEPLOY)),
    ("StatementShape", "cg:reportedIn", "minCount", STMT, drop(STMT, CG.reportedIn)),
    ("StatementShape", "cg:reportedIn", "maxCount", STMT, both(OTHER_ARTICLE, add(STMT, CG.reportedIn, URIRef(ID + "article/other")))),
    ("StatementShape", "cg:reportedIn", "class", STMT, put(STMT, CG.reportedIn, URIRef("https://example.org/page"))),
    ("StatementShape", "cg:dateSaid", "minCount", STMT, drop(STMT, CG.dateSaid)),
    ("StatementShape", "cg:dateSaid", "maxCount", STMT, add(STMT, CG.dateSaid, URIRef(ID + "interval/2024-10-23"))),
    ("StatementShape", "cg:dateSaid", "class", STMT, put(STMT, CG.dateSaid, Literal("2024-10-24", datatype=XSD.date))),
    ("StatementShape", "cg:dateExpression", "minCount", STMT, drop(STMT, CG.dateExpression)),
    ("StatementShape", "cg:dateExpression", "maxCount", STMT, add(STMT, CG.dateExpression, Literal("on Thursday"))),
    ("StatementShape", "cg:dateExpression", "datatype", STMT, put(STMT, CG.dateExpression, Literal("today", lang="en"))),
    ("StatementShape", "cg:textSpan", "minCount", STMT, drop(STMT, CG.textSpan)),
    ("StatementShape", "cg:textSpan", "maxCount", STMT, add(STMT, CG.textSpan, URIRef(ID + "article/mini#char=0,2"))),
    ("StatementShape", "cg:textSpan", "class", STMT, put(STMT, CG.textSpan, Literal("100 troops were sent to Kyiv"))),
    ("StatementShape", "cg:isDirectQuote", "minCount", STMT, drop(STMT, CG.isDirectQuote)),
    ("StatementShape", "cg:isDirectQuote", "maxCount", STMT, add(STMT, CG.isDirectQuote, Literal(True))),
    ("StatementShape", "cg:isDirectQuote", "datatype", STMT, put(STMT, CG.isDirectQuote, Literal("false"))),
    ("StatementShape", "cg:reportingVerb", "maxCount", STMT, add(STMT, CG.reportingVerb, Literal("told"))),
    ("StatementShape", "cg:reportingVerb", "datatype", STMT, put(STMT, CG.reportingVerb, Literal(5))),
    ("StatementShape", "cg:extractionConfidence", "maxCount", STMT,
     both(add(STMT, CG.extractionConfidence, Literal("0.5", datatype=XSD.decimal)),
          add(STMT, CG.extractionConfidence, Literal("0.7", datatype=XSD.decimal)))),
    ("StatementShape", "cg:extractionConfidence", "datatype", STMT, add(STMT, CG.extractionConfidence, Literal(0.5))),
    ("StatementShape", "cg:extractionConfidence", "minInclusive", STMT,
     add(STMT, CG.extractionConfidence, Literal("-0.1", datatype=XSD.decimal))),
    ("StatementShape", "cg:extractionConfidence", "maxInclusive", STMT,
     add(STMT, CG.extractionConfidence, Literal("1.5", datatype=XSD.decimal))),
    ("StatementShape", "cg:onBehalfOf", "maxCount", STMT,
     both(PERSON_SPEAKING, add(STMT, CG.onBehalfOf, UKRAINE), add(STMT, CG.onBehalfOf, PERSON))),
    ("StatementShape", "cg:onBehalfOf", "class", STMT, add(STMT, CG.onBehalfOf, KYIV)),
    ("StatementShape", "cg:relayedVia", "class", STMT, add(STMT, CG.relayedVia, Literal("a spokesman"))),
    ("StatementShape", "cg:reportedThrough", "maxCount", STMT,
     both(PERSON_SPEAKING, add(STMT, CG.reportedThrough, WIRE), add(STMT, CG.reportedThrough, PERSON))),
    ("StatementShape", "cg:reportedThrough", "class", STMT, add(STMT, CG.reportedThrough, ART)),

    ("TextSpanShape", "", "nodeKind", None, blank(CG.TextSpan)),
    ("TextSpanShape", "", "sparql", SPAN, put(SPAN, NIF.beginIndex, Literal(16))),
    ("TextSpanShape", "nif:anchorOf", "minCount", SPAN, drop(SPAN, NIF.anchorOf)),
    ("TextSpanShape", "nif:anchorOf", "maxCount", SPAN, add(SPAN, NIF.anchorOf, Literal("100 troops"))),
    ("TextSpanShape", "nif:anchorOf", "datatype", SPAN, put(SPAN, NIF.anchorOf, URIRef(ID + "quote"))),
    ("TextSpanShape", "nif:anchorOf", "minLength", SPAN, put(SPAN, NIF.anchorOf, Literal(""))),
    ("TextSpanShape", "nif:beginIndex", "minCount", SPAN, drop(SPAN, NIF.beginIndex)),
    ("TextSpanShape", "nif:beginIndex", "maxCount", SPAN, add(SPAN, NIF.beginIndex, Literal(18))),
    ("TextSpanShape", "nif:beginIndex", "datatype", SPAN, put(SPAN, NIF.beginIndex, URIRef(ID + "offset/17"))),
    # without its quote: rdflib's SUBSTR slices from the end on a start below 1, Oxigraph as XPath says
    ("TextSpanShape", "nif:beginIndex", "minInclusive", SPAN, both(put(SPAN, NIF.beginIndex, Literal(-1)),
                                                                   drop(SPAN, NIF.anchorOf))),
    ("TextSpanShape", "nif:endIndex", "minCount", SPAN, drop(SPAN, NIF.endIndex)),
    ("TextSpanShape", "nif:endIndex", "maxCount", SPAN, add(SPAN, NIF.endIndex, Literal(44))),
    ("TextSpanShape", "nif:endIndex", "datatype", SPAN, put(SPAN, NIF.endIndex, Literal("45"))),
    ("TextSpanShape", "nif:endIndex", "minInclusive", SPAN, put(SPAN, NIF.endIndex, Literal("-45", datatype=XSD.integer))),
    ("TextSpanShape", "nif:referenceContext", "minCount", SPAN, drop(SPAN, NIF.referenceContext)),
    ("TextSpanShape", "nif:referenceContext", "maxCount", SPAN, both(OTHER_ARTICLE, add(SPAN, NIF.referenceContext, URIRef(ID + "article/other")))),
    ("TextSpanShape", "nif:referenceContext", "class", SPAN, put(SPAN, NIF.referenceContext, WIRE)),

    ("ClaimShape", "", "nodeKind", None, blank(CG.Claim)),
    ("ClaimShape", "cg:claimText", "minCount", CLAIM, drop(CLAIM, CG.claimText)),
    ("ClaimShape", "cg:claimText", "maxCount", CLAIM, add(CLAIM, CG.claimText, Literal("Troops were sent."))),
    ("ClaimShape", "cg:claimText", "datatype", CLAIM, put(CLAIM, CG.claimText, Literal("100", datatype=XSD.token))),
    ("ClaimShape", "cg:claimText", "minLength", CLAIM, put(CLAIM, CG.claimText, Literal(""))),
    ("ClaimShape", "^cg:claim", "minCount", URIRef(ID + "claim/unstated"),
     both(add(URIRef(ID + "claim/unstated"), RDF.type, CG.Claim),
          add(URIRef(ID + "claim/unstated"), CG.claimText, Literal("Nobody said this.")))),
    ("ClaimShape", "cg:describes", "class", CLAIM, put(CLAIM, CG.describes, KYIV)),
    ("ClaimShape", "cg:statesQuantity", "class", CLAIM, add(CLAIM, CG.statesQuantity, Literal(100))),
    ("ClaimShape", "cg:condition", "maxCount", CLAIM,
     both(add(CLAIM, CG.condition, Literal("if asked")), add(CLAIM, CG.condition, Literal("if paid")))),
    ("ClaimShape", "cg:condition", "datatype", CLAIM, add(CLAIM, CG.condition, Literal(True))),

    ("QuantityShape", "", "nodeKind", None, blank(CG.Quantity)),
    ("QuantityShape", "", "xone", QTY, drop(QTY, CG.asOf)),
    ("QuantityShape", "", "xone", QTY, add(QTY, CG.targetDate, DAY)),
    ("QuantityShape", "", "sparql", QTY, put(QTY, CG.qualifier, CG.Vague)),
    ("QuantityShape", "", "sparql", QTY, drop(QTY, CG.numericValue)),
    ("QuantityShape", "", "sparql", QTY, put(QTY, CG.modality, CG.Forecast)),
    ("QuantityShape", "cg:numericValue", "maxCount", QTY, add(QTY, CG.numericValue, Literal(200))),
    ("QuantityShape", "cg:numericValue", "or", QTY, put(QTY, CG.numericValue, Literal("a hundred"))),
    ("QuantityShape", "cg:scope", "maxCount", QTY, both(add(QTY, CG.scope, KYIV), add(QTY, CG.scope, UKRAINE))),
    ("QuantityShape", "cg:scope", "class", QTY, add(QTY, CG.scope, WIRE)),
    ("QuantityShape", "cg:unit", "minCount", QTY, drop(QTY, CG.unit)),
    ("QuantityShape", "cg:unit", "maxCount", QTY, both(add(URIRef(ID + "unit/people"), RDF.type, CG.Unit),
                                                               add(QTY, CG.unit, URIRef(ID + "unit/people")))),
    ("QuantityShape", "cg:unit", "class", QTY, put(QTY, CG.unit, CG.TroopStrength)),
    ("QuantityShape", "cg:measure", "minCount", QTY, drop(QTY, CG.measure)),
    ("QuantityShape", "cg:measure", "maxCount", QTY, add(QTY, CG.measure, CG.Killed)),
    ("QuantityShape", "cg:measure", "class", QTY, put(QTY, CG.measure, CG.Soldiers)),
    ("QuantityShape", "cg:qualifier", "maxCount", QTY, add(QTY, CG.qualifier, CG.AtLeast)),
    ("QuantityShape", "cg:qualifier", "class", QTY, put(QTY, CG.qualifier, Literal("exactly"))),
    ("QuantityShape", "cg:modality", "minCount", QTY, drop(QTY, CG.modality)),
    ("QuantityShape", "cg:modality", "maxCount", QTY, add(QTY, CG.modality, CG.Forecast)),
    ("QuantityShape", "cg:modality", "in", QTY, put(QTY, CG.modality, CG.Certain)),
    ("QuantityShape", "cg:lowerBound", "maxCount", QTY,
     both(put(QTY, CG.qualifier, CG.Between), drop(QTY, CG.numericValue), add(QTY, CG.lowerBound, Literal(50)),
          add(QTY, CG.lowerBound, Literal(60)))),
    ("QuantityShape", "cg:lowerBound", "or", QTY, both(put(QTY, CG.qualifier, CG.Vague), drop(QTY, CG.numericValue),
                                                       add(QTY, CG.lowerBound, Literal("2024-01-01", datatype=XSD.date)))),
    ("QuantityShape", "cg:upperBound", "maxCount", QTY,
     both(put(QTY, CG.qualifier, CG.Between), drop(QTY, CG.numericValue), add(QTY, CG.upperBound, Literal(150)),
          add(QTY, CG.upperBound, Literal("150.5", datatype=XSD.decimal)))),
    ("QuantityShape", "cg:upperBound", "or", QTY, both(put(QTY, CG.qualifier, CG.Vague), drop(QTY, CG.numericValue),
                                                       add(QTY, CG.upperBound, Literal(1.5e2)))),

    ("ActorShape", "", "nodeKind", None, blank(CG.Person)),
    ("ActorShape", LABEL, "minCount", WIRE, drop(WIRE, RDFS.label)),
    ("ActorShape", LABEL, "maxCount", WIRE, add(WIRE, RDFS.label, Literal("The Test Wire"))),
    ("ActorShape", LABEL, "datatype", WIRE, put(WIRE, RDFS.label, Literal("Test Wire", lang="en"))),
    ("ActorShape", LABEL, "minLength", WIRE, put(WIRE, RDFS.label, Literal(""))),
    ("ActorShape", "cg:affiliation", "class", OFFICIAL, put(OFFICIAL, CG.affiliation, DEPLOY)),
    ("ActorShape", "cg:speaksFor", "class", OFFICIAL, add(OFFICIAL, CG.speaksFor, Literal("Ukraine"))),

    ("AnonymousSourceShape", "cg:affiliation", "minCount", OFFICIAL, drop(OFFICIAL, CG.affiliation)),
    ("AnonymousSourceShape", "cg:role", "minCount", OFFICIAL, drop(OFFICIAL, CG.role)),

    ("PlaceShape", "", "nodeKind", None, blank(CG.City)),
    ("PlaceShape", LABEL, "minCount", KYIV, drop(KYIV, RDFS.label)),
    ("PlaceShape", LABEL, "maxCount", KYIV, add(KYIV, RDFS.label, Literal("Kiev"))),
    ("PlaceShape", LABEL, "datatype", KYIV, put(KYIV, RDFS.label, URIRef(WD + "Q1899"))),
    ("PlaceShape", "cg:country", "maxCount", KYIV, add(KYIV, CG.country, URIRef(ID + "entity/russia"))),
    ("PlaceShape", "cg:country", "class", KYIV, put(KYIV, CG.country, KYIV)),

    ("ArticleShape", "", "nodeKind", None, blank(CG.Article)),
    ("ArticleShape", "schema:datePublished", "minCount", ART, drop(ART, SCHEMA.datePublished)),
    ("ArticleShape", "schema:datePublished", "maxCount", ART,
     add(ART, SCHEMA.datePublished, Literal("2024-10-25", datatype=XSD.date))),
    ("ArticleShape", "schema:datePublished", "datatype", ART,
     put(ART, SCHEMA.datePublished, Literal("2024-02-30", datatype=XSD.date))),
    ("ArticleShape", "nif:isString", "minCount", ART, drop(ART, NIF.isString)),
    ("ArticleShape", "nif:isString", "maxCount", ART, add(ART, NIF.isString, Literal("Another body."))),
    ("ArticleShape", "nif:isString", "datatype", ART, add(ART, NIF.isString, Literal(17))),
    ("ArticleShape", "nif:isString", "minLength", ART, put(ART, NIF.isString, Literal(""))),
    ("ArticleShape", "schema:publisher", "maxCount", ART,
     both(add(URIRef(ID + "entity/wire-2"), RDF.type, CG.NewsOutlet), add(ART, SCHEMA.publisher, URIRef(ID + "entity/wire-2")))),
    ("ArticleShape", "schema:publisher", "class", ART, put(ART, SCHEMA.publisher, UKRAINE)),

    ("TimeIntervalShape", "", "nodeKind", None, blank(CG.TimeInterval)),
    ("TimeIntervalShape", "cg:latest", "minCount", DAY, drop(DAY, CG.latest)),
    ("TimeIntervalShape", "cg:latest", "maxCount", DAY, add(DAY, CG.latest, Literal("2024-10-25", datatype=XSD.date))),
    ("TimeIntervalShape", "cg:latest", "datatype", DAY, put(DAY, CG.latest, Literal("2024-10-24"))),
    ("TimeIntervalShape", "cg:earliest", "maxCount", DAY, add(DAY, CG.earliest, Literal("2024-10-23", datatype=XSD.date))),
    ("TimeIntervalShape", "cg:earliest", "datatype", DAY, put(DAY, CG.earliest, Literal("2024-10-24"))),
    ("TimeIntervalShape", "cg:earliest", "lessThanOrEquals", DAY, put(DAY, CG.earliest, Literal("2024-10-25", datatype=XSD.date))),
    ("TimeIntervalShape", "cg:precision", "maxCount", DAY, add(DAY, CG.precision, TIME.unitWeek)),
    ("TimeIntervalShape", "cg:precision", "in", DAY, put(DAY, CG.precision, TIME.unitHour)),
    ("TimeIntervalShape", LABEL, "minCount", DAY, drop(DAY, RDFS.label)),
    ("TimeIntervalShape", LABEL, "maxCount", DAY, add(DAY, RDFS.label, Literal("24 October 2024"))),
    ("TimeIntervalShape", "cg:latestDay", "minCount", DAY, drop(DAY, CG.latestDay)),
    ("TimeIntervalShape", "cg:latestDay", "maxCount", DAY, add(DAY, CG.latestDay, Literal(20021))),
    ("TimeIntervalShape", "cg:latestDay", "datatype", DAY, put(DAY, CG.latestDay, Literal("20020", datatype=XSD.decimal))),
    ("TimeIntervalShape", "cg:earliestDay", "maxCount", DAY, add(DAY, CG.earliestDay, Literal(20019))),
    ("TimeIntervalShape", "cg:earliestDay", "datatype", DAY, put(DAY, CG.earliestDay, Literal("1.5", datatype=XSD.integer))),

    ("DeploymentShape", "", "nodeKind", None, blank(CG.Deployment)),
    ("DeploymentShape", LABEL, "minCount", DEPLOY, drop(DEPLOY, RDFS.label)),
    ("DeploymentShape", LABEL, "maxCount", DEPLOY, add(DEPLOY, RDFS.label, Literal("Deployment"))),
    ("DeploymentShape", "cg:sendingState", "maxCount", DEPLOY,
     both(add(URIRef(ID + "entity/dprk"), RDF.type, CG.Country), add(DEPLOY, CG.sendingState, URIRef(ID + "entity/dprk")),
          add(DEPLOY, CG.sendingState, UKRAINE))),
    ("DeploymentShape", "cg:sendingState", "class", DEPLOY, add(DEPLOY, CG.sendingState, KYIV)),
    ("DeploymentShape", "cg:receivingState", "maxCount", DEPLOY,
     both(add(URIRef(ID + "entity/dprk"), RDF.type, CG.Country), add(DEPLOY, CG.receivingState, URIRef(ID + "entity/dprk")))),
    ("DeploymentShape", "cg:receivingState", "class", DEPLOY, put(DEPLOY, CG.receivingState, OFFICIAL)),
    ("DeploymentShape", "cg:location", "class", DEPLOY, add(DEPLOY, CG.location, Literal("Kyiv"))),
    ("DeploymentShape", "cg:partOf", "class", DEPLOY, add(DEPLOY, CG.partOf, CLAIM)),

    ("EntityLinkShape", "", "nodeKind", None, linked(blank(CG.EntityLink))),
    ("EntityLinkShape", "", "sparql", LINK, linked(drop(KYIV, CG.wikidataItem))),
    ("EntityLinkShape", "", "sparql", LINK, linked(put(LINK, CG.linkOutcome, Literal("ambiguous")))),
    ("EntityLinkShape", "cg:linkedEntity", "minCount", LINK, linked(drop(LINK, CG.linkedEntity))),
    ("EntityLinkShape", "cg:linkedEntity", "maxCount", LINK, linked(add(LINK, CG.linkedEntity, UKRAINE))),
    ("EntityLinkShape", "cg:linkedEntity", "nodeKind", LINK, linked(put(LINK, CG.linkedEntity, Literal("Kyiv")))),
    ("EntityLinkShape", "cg:linkMethod", "minCount", LINK, linked(drop(LINK, CG.linkMethod))),
    ("EntityLinkShape", "cg:linkMethod", "maxCount", LINK, linked(add(LINK, CG.linkMethod, Literal("label+type+context")))),
    ("EntityLinkShape", "cg:linkMethod", "in", LINK, linked(put(LINK, CG.linkMethod, Literal("guessed")))),
    ("EntityLinkShape", "cg:linkOutcome", "minCount", LINK, linked(drop(LINK, CG.linkOutcome))),
    ("EntityLinkShape", "cg:linkOutcome", "maxCount", LINK, linked(add(LINK, CG.linkOutcome, Literal("ambiguous")))),
    ("EntityLinkShape", "cg:linkOutcome", "in", LINK, linked(put(LINK, CG.linkOutcome, Literal("Linked")))),
    ("EntityLinkShape", "cg:linkTarget", "maxCount", LINK,
     linked(add(KYIV, CG.wikidataItem, URIRef(WD + "Q2")), add(LINK, CG.linkTarget, URIRef(WD + "Q2")))),
    ("EntityLinkShape", "cg:linkTarget", "pattern", LINK,
     linked(put(KYIV, CG.wikidataItem, URIRef(WD + "Q01899")), put(LINK, CG.linkTarget, URIRef(WD + "Q01899")))),
]


def renamed(graph: Graph, number: int) -> Graph:
    """The graph with every claimgraph id made unique to case `number`, so cases sit side by side."""
    def rename(node):
        return URIRef(f"{node}-{number}") if isinstance(node, URIRef) and node.startswith(ID) else node
    copy = Graph()
    for triple in graph:
        copy.add(tuple(rename(n) for n in triple))
    return copy


def broken(number: int) -> Graph:
    graph = Graph()
    graph += BASE
    CASES[number][-1](graph)
    return renamed(graph, number)


def constraints_of(shapes: Graph) -> set[tuple[str, str, str]]:
    """(node shape, path, component) for every constraint of every shape with a target."""
    found = set()
    for shape in shapes.subjects(SH.targetClass, None):
        name = str(shape).rsplit("#", 1)[-1]
        for component in shapes.predicates(shape):
            if component in (SH.nodeKind, SH.xone, SH.sparql):
                found.add((name, "", component.removeprefix(str(SH))))
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            shown = f"^{show(shapes.value(path, SH.inversePath))}" if isinstance(path, BNode) else show(path)
            for component in shapes.predicates(prop):
                if component not in (SH.path, SH.message):
                    found.add((name, shown, component.removeprefix(str(SH))))
    return found


def test_the_catalogue_breaks_every_constraint_of_every_shape():
    assert {(shape, path, component) for shape, path, component, _, _ in CASES} == constraints_of(SHAPES)


@pytest.mark.parametrize("number", range(len(CASES)), ids=[f"{c[0]}-{c[1] or 'node'}-{c[2]}" for c in CASES])
def test_each_broken_graph_fails_its_constraint_on_oxigraph(number):
    shape, path, component, focus, _ = CASES[number]
    graph = broken(number)
    findings = check_shapes_in_store(store_of(graph, ONTOLOGY), SHAPES)
    hits = [f for f in findings if (f.check, f.path) == (f"shacl:{shape}", path)]
    if focus is None:
        assert any(f.focus.startswith("_:") for f in hits), findings
    else:
        assert show(URIRef(f"{focus}-{number}")) in {f.focus for f in hits}, findings
    # the base itself conforms, so every finding comes from the change
    assert check_shapes_in_store(store_of(renamed(BASE, number), ONTOLOGY), SHAPES) == []


def test_the_whole_catalogue_gives_pyshacls_findings_exactly():
    union = Graph()
    for number in range(len(CASES)):
        union += broken(number)
    findings = assert_same_shapes(union)
    assert {f.check for f in findings} >= {f"shacl:{c[0]}" for c in CASES}
    assert len(findings) > len(CASES)


def test_the_qc_rules_give_rdflibs_findings_on_their_broken_graphs_and_the_corpus():
    """Every QC rule's broken graph (from tests/invalid, apart) and the development corpus, whose
    articles report claims again, together in one graph."""
    union = corpus_graphs(*SOURCES[2]).union
    cases = sorted((REPO / "tests" / "invalid").glob("invalid-qc-*.ttl"))
    for number, path in enumerate(cases):
        union += renamed(Graph().parse(path), number)
    findings = assert_same_qc(union)
    for path in cases:
        assert any(f.check == "qc:" + path.stem.removeprefix("invalid-qc-") for f in findings), path


# --- checking the nodes of some articles only


def test_a_focus_graph_gives_exactly_the_findings_about_its_nodes():
    union, pieces = Graph(), []
    for number in range(0, len(CASES), 7):
        piece = broken(number)
        union += piece
        pieces.append(piece)
    store = store_of(union, ONTOLOGY)
    everything = check_shapes_in_store(store, SHAPES)
    for piece in pieces:
        nodes = {show(n) for n in set(piece.subjects()) | set(piece.objects())}
        mine = check_shapes_in_store(store, SHAPES, focus_graph=piece)
        assert mine == [f for f in everything if f.focus in nodes]
        assert mine
    assert check_shapes_in_store(store, SHAPES, focus_graph=Graph()) == []


def test_a_focus_reads_what_other_articles_say_about_its_nodes():
    """A claim stated only in another article, and an actor labelled again elsewhere: the focus
    article's nodes are checked against the whole store, not against the article alone."""
    first = renamed(BASE, 0)
    second = Graph()
    second.add((URIRef(f"{KYIV}-0"), RDFS.label, Literal("Kiev")))  # a second label, from another article
    store = store_of(first, second, ONTOLOGY)
    findings = check_shapes_in_store(store, SHAPES, focus_graph=first)
    assert [(f.check, f.focus, f.path) for f in findings] == [("shacl:PlaceShape", show(URIRef(f"{KYIV}-0")),
                                                                LABEL)]
    assert check_shapes_in_store(store_of(first, ONTOLOGY), SHAPES, focus_graph=first) == []


# --- shapes the compiler does not know are refused, naming the shape


@pytest.mark.parametrize("extra, named", [
    ("cgsh:ArticleShape sh:property [ sh:path schema:headline ; sh:maxLength 200 ; sh:message \"short\" ] .",
     "shape ArticleShape (in _:"),
    ("cgsh:ClaimShape sh:closed true .", "shape ClaimShape: the SPARQL checks do not support sh:closed"),
    ("cgsh:ClaimShape sh:property [ sh:path ( cg:claim cg:speaker ) ; sh:minCount 1 ; sh:message \"m\" ] .",
     "an sh:path other than a property"),
    ("cgsh:PlaceShape sh:property [ sh:path cg:country ; sh:minCount 1 ] .",
     "shape PlaceShape: its sh:minCount constraint needs an sh:message"),
])
def test_an_unsupported_shape_is_an_error_naming_it(extra, named):
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    shapes.parse(data="@prefix cgsh: <https://w3id.org/claimgraph/shapes#> . @prefix sh: <http://www.w3.org/ns/shacl#> ."
                      "@prefix cg: <https://w3id.org/claimgraph/ontology#> . @prefix schema: <https://schema.org/> ."
                      + extra, format="turtle")
    with pytest.raises(ClaimgraphError) as raised:
        compile_shapes(shapes)
    assert named in str(raised.value)


def test_every_constraint_of_the_shapes_compiles():
    queries = compile_shapes(SHAPES)
    assert {q.check for q in queries} == {f"shacl:{c[0]}" for c in CASES}
