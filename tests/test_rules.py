"""The derivation by SPARQL Update rules (queries/rules/): generated from the ontology's axioms, run in
Oxigraph by `infer`, exactly HermiT's derivation on every curated annotation, the same on Virtuoso,
and checked against HermiT on demand by `claimgraph validate --owl`."""

import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef

from claimgraph.build.dataset import build_graphs
from claimgraph.derive import generate
from claimgraph.derive.hermit import INFERRED_GRAPH, derive
from claimgraph.derive.rules import RULES_ACTIVITY, infer, infer_graph, inferred_ntriples, without_provenance
from claimgraph.errors import ClaimgraphError
from claimgraph.model.annotation import Annotation, load_annotation, resolve_claims
from claimgraph.model.article import read_article
from claimgraph.query.catalogue import load_catalogue
from claimgraph.rdf.namespaces import CG, ID, PROV
from conftest import REPO, SEED, cli

BENCH = REPO / "benchmarks"
RULES = REPO / "queries" / "rules"
RULE_NAMES = ["01-attributed-to", "02-depends-on", "03-denied-claim", "04-claim-with-confirmation",
              "05-contested-claim", "90-withdrawn-denials"]
ARTICLES_PER_GROUP = 8  # HermiT's time grows faster than the graph: a group of eight takes it under a minute


def statement(key: str) -> URIRef:
    return URIRef(f"{ID}statement/{key}")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(REPO / "ontology" / "claimgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def rules():
    return load_catalogue(RULES)


def read_annotations(articles: Path, annotations: Path) -> list[Annotation]:
    """Every annotation of a directory against its article, as benchmarks/extraction.py reads them."""
    return [load_annotation(path, read_article(articles / f"{path.stem}.txt"), shown_as=path.relative_to(REPO),
                            foreign_claims=True) for path in sorted(annotations.glob("*.yaml"))]


@functools.cache
def seed_annotations() -> list[Annotation]:
    return read_annotations(REPO / "articles", REPO / "annotations")


@functools.cache
def corpus_groups() -> list[list[Annotation]]:
    """Every annotation of benchmarks/ (gold, corpus dev and held-out) in groups a project could hold:
    each group is the seed plus up to ARTICLES_PER_GROUP articles whose claims resolve together (the
    corpus was annotated article by article, and some declare a reported claim differently)."""
    groups: list[list[Annotation]] = []
    for part in ("gold", "corpus/dev", "corpus/heldout"):
        for annotation in read_annotations(BENCH / part / "articles", BENCH / part / "annotations"):
            for group in groups:
                if len(group) < ARTICLES_PER_GROUP and _resolves(seed_annotations() + group + [annotation]):
                    group.append(annotation)
                    break
            else:
                groups.append([annotation])
    return [seed_annotations() + group for group in groups]


def _resolves(annotations: list[Annotation]) -> bool:
    try:
        resolve_claims(annotations)
    except ClaimgraphError:
        return False
    return True


def project_graph(annotations: list[Annotation]) -> Graph:
    resolve_claims(annotations)
    return build_graphs(annotations).union


def rule_store(data: Graph, ontology: Graph) -> ox.Store:
    """A store as the build gives `infer`: the data and the ontology in its default graph."""
    store = ox.Store()
    for graph in (data, ontology):
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def withdrawals(triples) -> set:
    """(denial, retraction) of each cg:withdrawnBy among the triples."""
    return {(s, o) for s, p, o in triples if p == CG.withdrawnBy}


# --------------------------------------------------------------------------- generated from the ontology


def test_the_rule_files_are_what_the_generator_writes():
    """queries/rules/ holds exactly the generator's files, byte for byte, with the hand-written rule beside them."""
    assert generate.generated_files(RULES) == generate.render(REPO / "ontology" / "claimgraph.ttl")
    assert sorted(p.stem for p in RULES.glob("*.rq")) == RULE_NAMES
    assert not (RULES / "90-withdrawn-denials.rq").read_text(encoding="utf-8").startswith(generate.HEADER)


def test_each_axiom_becomes_part_of_a_path_or_pattern():
    rules = generate.render()
    assert "?s (cg:attributedTo|cg:onBehalfOf|cg:speaker|cg:speaker/cg:speaksFor) ?o ." in rules["01-attributed-to.rq"]
    # dependsOn ∘ affiliation ⊑ dependsOn, affiliation transitive, speaksFor ⊑ affiliation
    assert ("?s (cg:dependsOn|cg:onBehalfOf|cg:relayedVia|cg:speaker)/(cg:affiliation|cg:speaksFor)* ?o ."
            in rules["02-depends-on.rq"])
    # hasStatement is the inverse of claim; cg:Claim is left out, implied by hasStatement's domain
    assert "  ?x (cg:hasStatement|^cg:claim) ?v1 .\n  ?v1 cg:stance cg:Denies .\n}" in rules["03-denied-claim.rq"]
    assert "GRAPH <https://w3id.org/claimgraph/id/graph/inferred> { ?x a cg:DeniedClaim }" in rules[
        "05-contested-claim.rq"]
    assert rules["01-attributed-to.rq"].startswith(
        "# Generated by `python -m claimgraph.derive.generate` from ontology/claimgraph.ttl; do not edit.\n")


def _ontology_with(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "claimgraph.ttl"
    path.write_text((REPO / "ontology" / "claimgraph.ttl").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_a_new_sub_property_in_the_ontology_reaches_the_rule(tmp_path):
    rules = generate.render(_ontology_with(tmp_path, "cg:reportedThrough rdfs:subPropertyOf cg:dependsOn .\n"))
    assert "(cg:dependsOn|cg:onBehalfOf|cg:relayedVia|cg:reportedThrough|cg:speaker)/" in rules["02-depends-on.rq"]
    assert "cg:reportedThrough rdfs:subPropertyOf cg:dependsOn" in rules["02-depends-on.rq"]  # in the description


@pytest.mark.parametrize("extra, message", [
    ("cg:attributedTo a owl:SymmetricProperty .", "cg:attributedTo is declared with owl:SymmetricProperty"),
    ("cg:dependsOn owl:propertyChainAxiom ( cg:affiliation cg:dependsOn ) .",
     "the chain of cg:dependsOn holds it elsewhere than first"),
    ("cg:speaksFor rdfs:subPropertyOf cg:speaker . cg:speaker rdfs:subPropertyOf cg:speaksFor .",
     "is its own sub-property through a cycle"),
    ("cg:Spokesperson rdfs:subClassOf [ a owl:Restriction ; owl:onProperty cg:speaksFor ; owl:hasValue "
     "<https://w3id.org/claimgraph/id/entity/nato> ] .",
     "a class axiom gives cg:speaksFor a value (owl:hasValue), which no path finds"),
    ("cg:RetractedDenial rdfs:subClassOf cg:DeniedClaim .", "cg:RetractedDenial is a subclass of cg:DeniedClaim"),
    ("cg:withdrawnBy rdfs:range cg:ContestedClaim .", "cg:withdrawnBy has cg:ContestedClaim as rdfs:range"),
    ("cg:DeniedClaim owl:equivalentClass [ owl:unionOf ( cg:Claim cg:Statement ) ] .",
     "cg:DeniedClaim needs exactly one owl:equivalentClass, it has 2"),
])
def test_the_generator_refuses_what_it_cannot_translate(tmp_path, extra, message):
    with pytest.raises(ClaimgraphError, match="cannot generate a SPARQL rule") as caught:
        generate.render(_ontology_with(tmp_path, extra + "\n"))
    assert message in str(caught.value) and str(caught.value).endswith("write that rule by hand in queries/rules/")


# --------------------------------------------------------------------------- loaded and run


def test_the_build_reads_the_rules_in_their_order_and_the_query_list_leaves_them_out(built):
    from claimgraph.project import resources
    from claimgraph.project.layout import find_workspace

    assert list(resources.derivation_rules(find_workspace(built))) == RULE_NAMES
    code, out, err = cli("--root", built, "queries")
    assert code == 0, err
    listed = [line.split()[0] for line in out.splitlines()]
    assert "unconfirmed" in listed and not set(listed) & set(RULE_NAMES)


def test_infer_derives_withdrawals_from_the_attributions_it_derived_first(ontology, rules):
    """North Korea's denial (seed s24) and its UN mission's (s07 of 2024-10-28, North Korea's because the
    mission speaks for it: cg:speaker/cg:speaksFor, derived by the first rule) are withdrawn by North
    Korea's confirmation of April 2025; Nebenzia's denial on Russia's behalf by Russia's (s04)."""
    reporting = seed_annotations() + read_annotations(BENCH / "gold" / "articles", BENCH / "gold" / "annotations")
    derived = without_provenance(infer_graph(project_graph(reporting), ontology, rules))
    admission = lambda key: statement(f"2025-04-28-admission.{key}")
    assert withdrawals(derived) == {(statement(f"{SEED}.s24"), admission("s01")),
                                    (statement("2024-10-28-nato-pentagon.s07"), admission("s01")),
                                    (statement("2024-11-12-combat.s08"), admission("s04"))}
    assert (statement("2024-10-28-nato-pentagon.s07"), CG.attributedTo, URIRef(f"{ID}entity/north-korea")) in derived


def test_infer_says_where_its_triples_come_from_and_leaves_the_data_alone(ontology, rules):
    data = project_graph(seed_annotations())
    store = rule_store(data, ontology)
    store.add(ox.Quad(ox.NamedNode(f"{ID}statement/stale"), ox.NamedNode(str(CG.withdrawnBy)),
                      ox.NamedNode(f"{ID}statement/old"), ox.NamedNode(str(INFERRED_GRAPH))))
    default_graph = set(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    first = infer(store, rules)
    assert set(store.quads_for_pattern(None, None, None, ox.DefaultGraph())) == default_graph
    assert (statement("stale"), CG.withdrawnBy, statement("old")) not in first  # the graph is replaced
    assert (INFERRED_GRAPH, PROV.wasGeneratedBy, RULES_ACTIVITY) in first
    assert (RULES_ACTIVITY, RDF.type, PROV.Activity) in first
    label = str(first.value(RULES_ACTIVITY, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert label.endswith("run in Oxigraph in this order: " + ", ".join(RULE_NAMES))
    assert len(without_provenance(first)) == len(first) - 4 == 95
    second = infer(store, rules)  # run again on its own result: nothing accumulates
    assert set(second) == set(first)
    assert set(Graph().parse(data=inferred_ntriples(store), format="nt")) == set(first)  # the build writes these
    assert set(infer_graph(data, ontology, rules)) == set(first)  # and a fresh store gives the same


def test_a_rule_that_is_not_sparql_is_named(ontology, tmp_path):
    shutil.copytree(RULES, tmp_path / "rules")
    broken = tmp_path / "rules" / "50-broken.rq"
    broken.write_text("#+ summary: broken\n\nINSERT { ?s ?p ?o } WHERE { ?s ?p \n", encoding="utf-8")
    with pytest.raises(ClaimgraphError, match="50-broken.rq: not valid SPARQL for Oxigraph"):
        infer_graph(Graph(), ontology, load_catalogue(tmp_path / "rules"))


# --------------------------------------------------------------------------- HermiT is the oracle


def _rules_and_hermit(annotations: list[Annotation], ontology: Graph, rules) -> tuple[set, set, set]:
    data = project_graph(annotations)
    by_rules = set(without_provenance(infer_graph(data, ontology, rules)))
    hermit = derive(data, ontology)
    assert hermit.consistent
    withdrawn = {t for t in by_rules if t[1] == CG.withdrawnBy}
    return by_rules - withdrawn, set(without_provenance(hermit.inferred)), withdrawals(withdrawn)


@pytest.mark.java
def test_the_rules_derive_exactly_what_hermit_derives_on_the_seed(ontology, rules):
    by_rules, by_hermit, withdrawn = _rules_and_hermit(seed_annotations(), ontology, rules)
    assert by_rules == by_hermit and len(by_hermit) == 95 and withdrawn == set()
    assert {p for _, p, _ in by_hermit} == {RDF.type, CG.attributedTo, CG.dependsOn}


@pytest.mark.java
@pytest.mark.parametrize("number", range(len(corpus_groups())), ids=lambda n: f"corpus-group-{n + 1}")
def test_the_rules_derive_exactly_what_hermit_derives_on_the_curated_corpus(ontology, rules, number):
    group = corpus_groups()[number]
    by_rules, by_hermit, _ = _rules_and_hermit(group, ontology, rules)
    assert by_rules == by_hermit
    assert len(by_hermit) > 95  # the seed's and more


def test_every_curated_annotation_is_in_a_group_checked_against_hermit():
    grouped = {a.article.name for group in corpus_groups() for a in group}
    on_disk = {p.stem for part in ("gold", "corpus/dev", "corpus/heldout")
               for p in (BENCH / part / "annotations").glob("*.yaml")}
    assert len(on_disk) == 30 and on_disk | {SEED} == grouped


# --------------------------------------------------------------------------- validate --owl


@pytest.mark.java
def test_validate_owl_finds_the_build_consistent_and_derived_as_hermit_derives(built):
    code, out, err = cli("--root", built, "validate", "--owl")
    assert (code, err) == (0, "")
    assert out == ("conforms: 814 triples pass the SHACL shapes and the QC rules; HermiT finds them consistent "
                   "with the ontology and derives what the rules derived\n")


@pytest.mark.java
def test_validate_owl_reports_each_triple_hermit_and_graph_inferred_disagree_on(built, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    inferred = root / "graph" / "inferred.ttl"
    graph = Graph().parse(inferred)
    graph.remove((statement(f"{SEED}.s14"), CG.attributedTo, URIRef(f"{ID}entity/nato")))
    graph.add((statement(f"{SEED}.s15"), CG.attributedTo, URIRef(f"{ID}entity/nato")))
    graph.serialize(inferred, format="turtle")
    code, out, err = cli("--root", root, "validate", "--owl", "--format", "json")
    assert (code, err) == (1, "")

    assert [f["message"] for f in json.loads(out)["findings"]] == [
        f"HermiT derives stmt:{SEED}.s14 cg:attributedTo entity:nato, which graph/inferred.ttl lacks",
        f"graph/inferred.ttl has stmt:{SEED}.s15 cg:attributedTo entity:nato, which HermiT does not derive"]


@pytest.mark.java
def test_validate_owl_finds_an_inconsistency_that_only_a_reasoner_sees(built, tmp_path):
    """The official's country is the news outlet: cg:country's range makes the outlet a country, and
    countries are no organisations. No shape or QC rule looks there; HermiT does."""
    clash = tmp_path / "clash.ttl"
    clash.write_text((REPO / "tests" / "invalid" / "valid-base.ttl").read_text(encoding="utf-8")
                     + "entity:mini.official cg:country entity:test-wire .\n", encoding="utf-8")
    code, out, err = cli("--root", built, "validate", clash)
    assert (code, out, err) == (0, "conforms: 56 triples pass the SHACL shapes and the QC rules\n", "")
    code, out, err = cli("--root", built, "validate", "--owl", clash, "--format", "json")
    assert (code, err) == (1, "")

    assert [(f["check"], f["focus"], f["message"].split(";")[0]) for f in json.loads(out)["findings"]] == [
        ("owl", "entity:test-wire", "HermiT: inconsistent: entity:test-wire is a cg:Country (object of cg:country) "
         "and a cg:NewsOutlet (asserted, a subclass of cg:Organisation), but cg:Country and cg:Organisation are "
         "disjoint")]


def test_validate_needs_java_only_with_owl(built):
    script = shutil.which("claimgraph")
    env = {**os.environ, "PATH": str(Path(script).parent)}  # the console script, but no java
    assert shutil.which("java", path=env["PATH"]) is None
    small = str(REPO / "tests" / "invalid" / "valid-base.ttl")
    plain = subprocess.run([script, "--root", str(built), "validate", small], capture_output=True, text=True, env=env)
    assert (plain.returncode, plain.stderr) == (0, "") and plain.stdout.startswith("conforms: ")
    owl = subprocess.run([script, "--root", str(built), "validate", "--owl", small], capture_output=True, text=True,
                         env=env)
    assert owl.returncode == 2
    assert owl.stderr == ("claimgraph: error: Java is needed for the HermiT reasoner, but `java` is not on PATH "
                          "(install Java 17)\n")


# --------------------------------------------------------------------------- in place, in another store


@pytest.mark.virtuoso
def test_the_same_update_files_derive_the_same_triples_on_virtuoso(reporting, ontology, rules):
    """The seed and the gold articles pushed to Virtuoso 7 (its default graph is the union of all its
    graphs, Oxigraph's is its own): the rules, sent as they are, fill <…/graph/inferred> alike."""
    from claimgraph.project.built import load_named_graphs
    from claimgraph.project.layout import find_workspace
    from claimgraph.rdf.sparql import SparqlClient
    from support.servers import virtuoso_server

    graphs = load_named_graphs(find_workspace(reporting))
    del graphs[INFERRED_GRAPH]
    data = Graph()
    for graph in graphs.values():
        data += graph
    by_oxigraph = set(without_provenance(infer_graph(data, ontology, rules)))
    with virtuoso_server() as url:
        code, _, err = cli("--root", reporting, "push", "--endpoint", url)
        assert code == 0, err
        client = SparqlClient(url, deadline=60)
        client.update(f"DROP SILENT GRAPH <{INFERRED_GRAPH}>")  # what the build derived: derive it in place instead
        for name in sorted(rules):
            client.update(rules[name].text)
        rows = client.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{INFERRED_GRAPH}> {{ ?s ?p ?o }} }}")
    assert {row[v]["type"] for row in rows for v in "spo"} == {"uri"}
    by_virtuoso = {tuple(URIRef(row[v]["value"]) for v in "spo") for row in rows}
    assert by_virtuoso == by_oxigraph and len(withdrawals(by_virtuoso)) == 3
