"""`claimgraph link` against a real SPARQL server (Oxigraph on 127.0.0.1 with the Wikidata fixture)."""

import shutil

import pytest
from rdflib import Graph, URIRef

from claimgraph.rdf.namespaces import CG, ENTITY, WD
from claimgraph.link.linker import link_project
from claimgraph.rdf.sparql import SparqlClient
from claimgraph.project.layout import find_workspace
from support.servers import strip_curated_links
from conftest import REPO, cli, query_rows

EXPECTED = {
    "north-korea": "Q423", "south-korea": "Q884", "russia": "Q159", "ukraine": "Q212", "united-states": "Q30",
    "nato": "Q7184", "kim-jong-un": "Q56226", "vladivostok": "Q959", "the-washington-post": "Q166032",
    "agence-france-presse": "Q40464", "us-department-of-defense": "Q11209", "national-assembly-of-south-korea": "Q494162",
}
# Not in the fixture (or, for the Kremlin, only a fortress of that name): must stay unlinked.
UNLINKED = {"farah-dakhlallah": "no candidate", "lloyd-austin": "no candidate", "park-sun-won": "no candidate",
            "national-intelligence-service": "no candidate", "kremlin": "below threshold"}
AMBIGUITY = REPO / "tests" / "fixtures" / "ambiguity"


@pytest.fixture
def unlinked(project):
    """The seed project with its curated links removed, built."""
    strip_curated_links(project)
    assert cli("--root", project, "build")[0] == 0
    return project


def _links(root) -> dict[str, str]:
    graph = Graph().parse(root / "graph" / "links.ttl")
    return {str(s)[len(ENTITY):]: str(o)[len(WD):] for s, o in graph.subject_objects(CG.wikidataItem)}


def test_links_the_seed_entities_in_two_batched_requests(unlinked, wikidata_endpoint):
    client = SparqlClient(wikidata_endpoint)
    results = {str(r.entity)[len(ENTITY):]: r for r in link_project(find_workspace(unlinked), client)}
    assert client.requests == 2  # countries first, then everything else: one VALUES batch each
    assert _links(unlinked) == EXPECTED
    assert {key: r.outcome for key, r in results.items() if not r.qid} == UNLINKED
    assert "Q16559" not in {r.qid for r in results.values()}  # Austin, Texas is not Lloyd Austin
    assert results["kremlin"].candidates == ("Q133274",)
    assert str(results["kremlin"].score) == "1.0"


def test_link_records_method_score_candidates_and_date(unlinked, wikidata_endpoint):
    cli("--root", unlinked, "link", "--endpoint", wikidata_endpoint)
    graph = Graph().parse(unlinked / "graph" / "links.ttl")
    record = URIRef("https://w3id.org/claimgraph/id/link/the-washington-post")
    assert str(graph.value(record, CG.linkMethod)) == "label+type+context"
    assert str(graph.value(record, CG.linkScore)) == "1.5"  # label, newspaper, based in the United States
    assert graph.value(record, CG.linkTarget) == WD.Q166032
    assert graph.value(record, CG.linkEndpoint) == URIRef(wikidata_endpoint)
    assert graph.value(record, CG.linkedOn) is not None
    kremlin = URIRef("https://w3id.org/claimgraph/id/link/kremlin")
    assert str(graph.value(kremlin, CG.linkOutcome)) == "below threshold"
    assert graph.value(kremlin, CG.linkTarget) is None
    assert set(graph.objects(kremlin, CG.candidate)) == {WD.Q133274}
    code, out, err = cli("--root", unlinked, "validate")
    assert (code, err) == (0, ""), out


def test_the_cli_reports_every_entity(unlinked, wikidata_endpoint):
    code, out, err = cli("--root", unlinked, "link", "--endpoint", wikidata_endpoint)
    assert (code, err) == (0, "")
    assert out.rstrip().endswith(f"12 linked, 5 left unlinked; 2 requests to {wikidata_endpoint}; wrote graph/links.ttl")
    # 80 columns cannot hold the entity ids beside the details, so each entity is a block of lines
    kremlin = next(block for block in out.split("-- row ") if "entity  entity:kremlin\n" in block)
    assert " outcome  below threshold\n" in kremlin and "wikidata  \n" in kremlin


def test_distractors_are_resolved_by_type_and_context(project, wikidata_endpoint):
    for path in AMBIGUITY.iterdir():
        target = project / ("articles" if path.suffix == ".txt" else "annotations") / path.name
        shutil.copy(path, target)
    strip_curated_links(project)
    assert cli("--root", project, "build")[0] == 0
    results = {str(r.entity)[len(ENTITY):]: r for r in link_project(find_workspace(project), SparqlClient(wikidata_endpoint))}
    links = _links(project)
    assert links["georgia"] == "Q230"  # the country, not the US state Q1428
    assert links["vladimir-putin"] == "Q7747"  # citizenship Russia; not his namesake father Q19300851
    assert links["moscow"] == "Q649"  # not Moscow Oblast
    assert results["vladimir-putin"].candidates == ("Q7747", "Q19300851")
    # "Washington": the US state is the wrong kind of place; D.C. matches only by alias, so it is not forced.
    assert "washington" not in links
    assert results["washington"].outcome == "below threshold"
    assert results["washington"].candidates == ("Q61", "Q1223")


def test_curated_links_are_never_overwritten(project, wikidata_endpoint):
    annotation = project / "annotations" / "2024-10-24-north-korean-troops-russia.yaml"
    text = annotation.read_text()
    annotation.write_text(text.replace("    role: Russian presidential administration\n",
                                       "    role: Russian presidential administration\n    wikidata: Q133274\n"))
    assert cli("--root", project, "build")[0] == 0
    results = link_project(find_workspace(project), SparqlClient(wikidata_endpoint))
    attempted = {str(r.entity)[len(ENTITY):] for r in results}
    assert attempted == set(UNLINKED) - {"kremlin"}
    assert _links(project) == {}
    rows = {row["label"]: row.get("wikidata") for row in query_rows(project, "entities")}
    assert rows["Kremlin"] == str(WD.Q133274)  # the curator's choice stands
    assert rows["North Korea"] == str(WD.Q423)


def test_a_second_run_keeps_links_and_offline_replays_from_the_cache(unlinked, wikidata_endpoint):
    cache = unlinked / ".cache" / "sparql"
    link_project(find_workspace(unlinked), SparqlClient(wikidata_endpoint, cache_dir=cache))
    first = _links(unlinked)
    again = SparqlClient(wikidata_endpoint, cache_dir=cache, offline=True)
    results = link_project(find_workspace(unlinked), again)
    assert {str(r.entity)[len(ENTITY):] for r in results} == set(UNLINKED)  # only the unlinked are retried
    assert again.requests == 0
    assert _links(unlinked) == first == EXPECTED


def test_offline_without_a_cache_is_a_clear_error(unlinked):
    code, out, err = cli("--root", unlinked, "link", "--offline")
    assert (code, out) == (2, "")
    assert err == ("claimgraph: error: offline, and no cached candidates from https://query.wikidata.org/sparql "
                   "for 5 name(s) (North Korea, Russia, South Korea, ...); run once without --offline to fill the cache\n")
    assert not (unlinked / "graph" / "links.ttl").exists()


def test_entities_query_has_the_wikidata_column(built):
    rows = {row["label"]: row.get("wikidata") for row in query_rows(built, "entities")}
    assert rows["NATO"] == str(WD.Q7184) and rows["Kim Jong Un"] == str(WD.Q56226)
    assert rows["senior US official"] is None and rows["Lloyd Austin"] is None
    assert sum(1 for v in rows.values() if v) == 12


def test_federated_query_against_a_local_wikidata_copy(built, wikidata_endpoint):
    rows = query_rows(built, "country-facts", wikidata_endpoint=wikidata_endpoint)
    assert [(r["label"], r["role"], r["wikidataLabel"], r["capital"]) for r in rows] == [
        ("Russia", "receiving", "Russia", "Moscow"), ("North Korea", "sending", "North Korea", "Pyongyang")]
    assert rows[1]["description"] == "sovereign state in East Asia"


def test_federated_query_needs_a_service_to_map(built):
    code, _, err = cli("--root", built, "query", "unconfirmed", "--wikidata-endpoint", "http://127.0.0.1:9/query")
    assert code == 2 and "query 'unconfirmed' makes no SERVICE call to <https://query.wikidata.org/sparql>" in err
    code, _, err = cli("--root", built, "query", "country-facts", "--wikidata-endpoint", "not a url")
    assert code == 2 and "'not a url' is not an http(s) endpoint URL" in err
