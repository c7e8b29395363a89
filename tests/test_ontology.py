"""The ontology: documented, declaring every term the graph and queries use, and consistent under HermiT."""

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from claimgraph.rdf.namespaces import CG, ID, ONTOLOGY
from claimgraph.check.owl import consistency_findings, explain
from claimgraph.derive.hermit import derive
from conftest import REPO, SEED

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "claimgraph.ttl", format="turtle")


def test_header(ontology):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionIRI, VANN.preferredNamespacePrefix):
        assert ontology.value(ONTOLOGY, prop) is not None, prop
    assert str(ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "cg"


def test_every_own_term_has_label_definition_and_type(ontology):
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(CG))}
    assert len(terms) > 80
    for term in terms:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, SKOS.definition) is not None, term
        assert ontology.value(term, RDF.type) is not None, term


def test_required_classes_and_stances(ontology):
    for name in ("Actor", "Person", "Organisation", "GovernmentBody", "IntelligenceAgency", "Legislature",
                 "MilitaryAlliance", "NewsOutlet", "AnonymousSource", "Country", "Place", "Deployment",
                 "Quantity", "Claim", "Statement", "Article"):
        assert (CG[name], RDF.type, OWL.Class) in ontology, name
    stances = set(ontology.subjects(RDF.type, CG.Stance))
    assert {CG.Asserts, CG.Confirms, CG.Denies, CG.DeclinesToConfirm, CG.DoesNotDeny, CG.Forecasts, CG.Speculates,
            CG.StatesConditionally} == stances
    for prop in ("speaker", "onBehalfOf", "stance", "certainty", "dateSaid", "reportingVerb", "textSpan",
                 "reportedIn", "relayedVia"):
        assert ontology.value(CG[prop], RDFS.domain) == CG.Statement, prop


def _external(term) -> bool:
    """A vocabulary term from outside: not our data, not Wikidata's items (also data), not RDF/OWL itself."""
    return isinstance(term, URIRef) and not str(term).startswith((ID, "http://www.wikidata.org/entity/", *BUILT_IN))


def test_every_term_in_the_graph_is_declared(ontology, built):
    data = Graph().parse(built / "graph" / f"{SEED}.ttl", format="turtle").parse(built / "graph" / "inferred.ttl")
    used = {p for p in data.predicates() if _external(p)}
    used |= {o for o in data.objects() if _external(o)}
    undeclared = sorted(t for t in used if ontology.value(t, RDF.type) is None or ontology.value(t, RDFS.label) is None)
    assert undeclared == []
    assert CG.Confirms in used and URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf") in used


def test_every_term_in_the_queries_is_declared(ontology):
    for path in sorted((REPO / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        prefixes = dict(re.findall(r"PREFIX\s+(\w+):\s*<([^>]+)>", text))
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
        body = re.sub(r"<[^<>\s]*>", "<>", body)  # full IRIs are not prefixed names
        for prefix, local in re.findall(r"\b(\w+):([A-Za-z][\w-]*)", body):
            assert prefix in prefixes, f"{path.name}: undeclared prefix {prefix}"
            term = URIRef(prefixes[prefix] + local)
            if _external(term):
                assert ontology.value(term, RDF.type) is not None, f"{path.name}: {term} is not declared"
                assert ontology.value(term, RDFS.label) is not None, f"{path.name}: {term} has no label"


def test_the_cg_namespace_module_is_what_the_ontology_generates():
    """rdf/cg.py is generated: regenerating it from the ontology as committed changes no byte."""
    from claimgraph.rdf import cg, generate

    assert generate.render(REPO / "ontology" / "claimgraph.ttl") == Path(cg.__file__).read_text(encoding="utf-8")


def test_the_cg_namespace_is_closed():
    """A misspelt term fails at once instead of minting an undeclared IRI."""
    assert str(CG.Confirms) == "https://w3id.org/claimgraph/ontology#Confirms"
    with pytest.raises(AttributeError):
        CG.Confirm


@pytest.mark.java
def test_hermit_finds_the_ontology_consistent(ontology):
    result = derive(Graph(), ontology)
    assert result.consistent and consistency_findings(Graph(), ontology, result.consistent) == []


@pytest.fixture
def seed(built) -> Graph:
    return Graph().parse(built / "graph" / f"{SEED}.ttl", format="turtle")


@pytest.mark.java
def test_hermit_finds_ontology_and_seed_graph_consistent(ontology, seed):
    assert consistency_findings(seed, ontology) == []


@pytest.mark.java
def test_hermit_detects_a_person_typed_as_a_country_and_explains_it(ontology, seed):
    seed.add((URIRef(ID + "entity/kim-jong-un"), RDF.type, CG.Country))
    result = derive(seed, ontology)
    assert not result.consistent and len(result.inferred) == 0
    ((focus, message),) = explain(seed, ontology)
    assert focus == URIRef(ID + "entity/kim-jong-un")
    assert message.startswith("is a cg:Country (asserted) and a cg:Person (asserted), but cg:Country and cg:Person are disjoint")
    assert "HermiT finds these 8 triples inconsistent with the ontology on their own" in message


@pytest.mark.java
def test_clash_through_a_property_range_is_explained(ontology, seed):
    deployment = URIRef(ID + "situation/north-korean-troops-in-russia")
    seed.add((deployment, CG.sendingState, URIRef(ID + "entity/lloyd-austin")))
    ((focus, message),) = explain(seed, ontology)
    assert focus == URIRef(ID + "entity/lloyd-austin")
    assert "a cg:Country (object of cg:sendingState)" in message and "a cg:Person (asserted)" in message


@pytest.mark.java
def test_reasoning_derives_attribution_dependence_and_claim_classes(ontology, seed):
    inferred = derive(seed, ontology).inferred
    statement = lambda key: URIRef(f"{ID}statement/{SEED}.{key}")
    entity = lambda key: URIRef(f"{ID}entity/{key}")
    # Dakhlallah speaks for NATO: her confirmation (s14) is NATO's; the allies she relays are not NATO's voice.
    assert (statement("s14"), CG.attributedTo, entity("nato")) in inferred
    assert (statement("s15"), CG.attributedTo, entity("nato")) not in inferred
    # Park relays the intelligence agency's briefing, and belongs to South Korea's legislature.
    park = set(inferred.objects(statement("s22"), CG.dependsOn))
    assert {entity("park-sun-won"), entity("national-intelligence-service"), entity("south-korea"),
            entity("national-assembly-of-south-korea")} == park
    # Austin, his department and his government are one source.
    assert {entity("lloyd-austin"), entity("us-department-of-defense"), entity("united-states")} == set(
        inferred.objects(statement("s10"), CG.dependsOn))
    deployment = URIRef(ID + "claim/north-korea-deployed-troops-to-russia")
    assert {CG.DeniedClaim, CG.ClaimWithConfirmation, CG.ContestedClaim} == set(inferred.objects(deployment, RDF.type))
    assert (URIRef(ID + "claim/kim-jong-un-sending-weapons"), RDF.type, CG.DeniedClaim) not in inferred


def test_the_reasoner_is_never_handed_an_owl_import(ontology):
    """owlready2 downloads what owl:imports names; the reasoner refuses such a graph before it runs."""
    from claimgraph.errors import ClaimgraphError

    data = Graph()
    data.add((URIRef("https://example.org/data"), OWL.imports, URIRef("http://127.0.0.1:9/elsewhere.owl")))
    with pytest.raises(ClaimgraphError, match=r"imports 'http://127.0.0.1:9/elsewhere.owl' \(owl:imports\)"):
        derive(data, ontology)
