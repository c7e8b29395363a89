"""`claimgraph extract` drafts annotations of new articles; `claimgraph ingest` adds them to the graph.

The development articles are real follow-up reporting (benchmarks/gold/articles); the expected
values below are what the articles say, checked against the hand-written gold annotations.
"""

import json

import pytest
import yaml

from claimgraph.model.annotation import load_annotation, resolve_claims
from claimgraph.model.article import read_article
from conftest import DEV_ARTICLES, REPO, SEED, cli, query_rows, snapshot

NATO, COMBAT, ADMISSION = DEV_ARTICLES
CLAIM = "https://w3id.org/claimgraph/id/claim/"
DEPLOYMENT = "north-korea-deployed-troops-to-russia"


def _extract_json(root, article):
    code, out, err = cli("--root", root, "extract", article, "--format", "json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def drafted(built):
    """JSON drafts of the three development articles, matched against the seed project."""
    return {article.stem: _extract_json(built, article) for article in DEV_ARTICLES}


def _by_speaker(document):
    return {(s["speaker_id"], s["stance"]) for s in document["statements"]}


def test_json_has_quote_offsets_speaker_stance_claim_and_date(drafted):
    for name, document in drafted.items():
        body = read_article(REPO / "benchmarks" / "gold" / "articles" / f"{name}.txt").body
        assert document["statements"], name
        for statement in document["statements"]:
            assert {"quote", "start", "end", "speaker", "stance", "claim", "date"} <= set(statement)
            assert body[statement["start"]:statement["end"]] == statement["quote"]
            assert 0 < statement["confidence"] <= 1


def test_nato_article_attributions(drafted):
    document = drafted[NATO.stem]
    assert {("mark-rutte", "confirms"), ("sabrina-singh", "asserts"), ("sabrina-singh", "declines-to-confirm"),
            ("north-korea-mission-to-the-united-nations", "denies"), ("kremlin", "declines-to-confirm")} \
        <= _by_speaker(document)
    rutte = [s for s in document["statements"] if s["speaker_id"] == "mark-rutte"]
    assert rutte[0]["quote"] == "North Korean troops had been sent to Russia"
    assert rutte[0]["date"] == "2024-10-28"  # "on Monday", against the article's date
    assert rutte[0]["claim_id"] == DEPLOYMENT  # the seed's claim, matched on its structure
    denial = next(s for s in document["statements"] if s["stance"] == "denies")
    assert denial["claim_id"] == DEPLOYMENT and denial["date"] == "2024-W43 (2024-10-21 to 2024-10-27)"
    mission = next(e for e in document["entities"] if e["id"] == "north-korea-mission-to-the-united-nations")
    assert (mission["label"], mission["speaks_for"]) == ("North Korea's mission to the United Nations", "north-korea")


def test_roles_and_speaking_for(drafted):
    entities = {e["id"]: e for name in drafted for e in drafted[name]["entities"]}
    assert (entities["mark-rutte"]["role"], entities["mark-rutte"]["speaks_for"]) == ("Secretary General", "nato")
    assert entities["vassily-nebenzia"]["speaks_for"] == "russia"
    assert entities["rustem-umerov"]["affiliation"] == "ukraine"
    lawmaker = entities["south-korean-lawmaker"]
    assert (lawmaker["type"], lawmaker["affiliation"]) == ("AnonymousSource", "south-korea")


def test_relative_dates_are_resolved_against_the_article_date(drafted):
    dates = {s["speaker_id"]: s["date"] for s in drafted[COMBAT.stem]["statements"]}
    assert dates["vassily-nebenzia"] == "2024-10-30"  # "on October 30"
    assert dates["volodymyr-zelenskyy"] == "2024-W45 (2024-11-04 to 2024-11-10)"  # "last week"
    assert dates["rustem-umerov"] == "2024-W45 (2024-11-04 to 2024-11-10)"  # "A week earlier"
    assert dates["us-department-of-state"] == "2024-11-12"  # "on Tuesday"


def test_quantities_with_qualifiers_become_bounds(drafted):
    figures = {(q.get("value"), q["qualifier"], q["measure"]) for name in drafted
               for s in drafted[name]["statements"] for q in s["quantities"]}
    assert {(10000, "approximately", "troop-strength"), (10000, "more-than", "troop-strength"),
            (11000, "approximately", "troop-strength"), (600, "approximately", "killed")} <= figures


def test_the_same_event_is_one_claim_across_and_within_articles(drafted):
    combat = drafted[COMBAT.stem]["statements"]
    fighting = {s["speaker_id"] for s in combat if s["claim_id"] == combat[2]["claim_id"]}
    # Washington, Umerov, and the Pentagon's refusal to corroborate "those reports"; the State
    # Department's "most of them had moved to the Kursk region" says where they are (gold: the Kursk claim)
    assert fighting == {"united-states", "rustem-umerov", "us-department-of-defense"}
    assert combat[1]["claim_id"] != combat[2]["claim_id"]
    admission = drafted[ADMISSION.stem]["statements"][0]
    assert (admission["speaker_id"], admission["stance"], admission["claim_id"]) == ("north-korea", "confirms", DEPLOYMENT)


def test_yaml_draft_is_a_valid_annotation_and_marks_itself(built, tmp_path):
    output = tmp_path / "draft.yaml"
    code, _, err = cli("--root", built, "extract", NATO, "-o", output)
    assert code == 0, err
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Draft annotation of ") and "Generated by `claimgraph extract " in text
    data = yaml.safe_load(text)
    assert err.startswith(f"{output}: {len(data['statements'])} statements about {len(data['claims'])} claims")
    assert data["draft"]["made_by"].startswith("claimgraph extract ")
    assert 0 < data["draft"]["confidence"] <= 1
    annotation = load_annotation(output, read_article(NATO), foreign_claims=True)
    assert annotation.draft and len(annotation.statements) == len(data["statements"])
    seed = load_annotation(built / "annotations" / f"{SEED}.yaml", read_article(built / "articles" / f"{SEED}.txt"))
    resolve_claims([seed, annotation])  # the claims it refers to are the seed's
    assert set(annotation.foreign_claims) <= set(seed.claims) and annotation.foreign_claims


def test_extraction_is_deterministic(built):
    first = cli("--root", built, "extract", COMBAT)
    assert first[0] == 0 and cli("--root", built, "extract", COMBAT) == first


def test_seed_style_date_prefix_header(tmp_path):
    """Outside a project there is nothing to match against; the seed's `date` prefix header is read."""
    code, out, err = cli("--root", tmp_path, "extract", REPO / "articles" / f"{SEED}.txt", "--format", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["article"]["date"] == "2024-10-24"
    official = next(e for e in document["entities"] if e["id"] == "senior-us-official")
    assert (official["type"], official["affiliation"]) == ("AnonymousSource", "united-states")
    first = document["statements"][0]
    assert (first["speaker_id"], first["stance"], first["date"]) == ("senior-us-official", "confirms", "2024-10-23")


def test_a_curated_annotation_is_never_overwritten(built):
    curated = built / "annotations" / f"{SEED}.yaml"
    before = curated.read_bytes()
    code, out, err = cli("--root", built, "extract", NATO, "-o", curated)
    assert code == 2 and out == ""
    assert err == (f"claimgraph: error: {curated}: is a curated annotation (it has no `draft:` block); a draft "
                   "never overwrites it: write the draft to another file with -o FILE\n")
    assert curated.read_bytes() == before


def test_a_draft_may_be_redrafted(built, tmp_path):
    output = tmp_path / "draft.yaml"
    assert cli("--root", built, "extract", NATO, "-o", output)[0] == 0
    assert cli("--root", built, "extract", NATO, "-o", output)[0] == 0


def test_an_unknown_pipeline_is_a_clear_error(built):
    code, _, err = cli("--root", built, "extract", NATO, "--model", "xx_no_such_pipeline")
    assert code == 2
    assert "spaCy pipeline 'xx_no_such_pipeline' is not installed" in err and "Traceback" not in err


ENGLISH = "date: 2024-11-01\n\nThe minister said on Monday that the troops had left the region, officials said.\n"
BAD_ARTICLES = {
    "empty": (b"", "article is empty"),
    "binary": (b"date: 2024-11-01\n\n\x00\x01\x02PK\x03\x04", "contains NUL bytes; it looks like a binary file"),
    "latin1": ("date: 2024-11-01\n\nLe ministre a déclaré lundi que les troupes étaient parties.".encode("latin-1"),
               "is not valid UTF-8 (byte 0xe9"),
    "french": (("date: 2024-11-01\n\nLe ministre a déclaré lundi que les troupes nord-coréennes étaient arrivées "
                "dans la région de Koursk, selon les services de renseignement sud-coréens.").encode(),
               "does not look like English"),
    "enormous": ((ENGLISH + "More soldiers were seen near the border, the agency said. " * 2000).encode(),
                 "characters; extraction takes up to 100,000"),
    "too-short": (b"date: 2024-11-01\n\nTroops moved.", "too little text to extract claims from"),
}


@pytest.mark.parametrize("kind", sorted(BAD_ARTICLES))
def test_bad_articles_get_one_clear_error_and_nothing_written(built, tmp_path, kind):
    data, message = BAD_ARTICLES[kind]
    article = tmp_path / f"{kind}.txt"
    article.write_bytes(data)
    output = tmp_path / "draft.yaml"
    code, out, err = cli("--root", built, "extract", article, "-o", output)
    assert code == 2 and out == ""
    assert err.startswith(f"claimgraph: error: {article}") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not output.exists()


def test_ingest_drafts_builds_and_keeps_one_named_graph_per_article(ingested):
    for article in DEV_ARTICLES:
        draft = yaml.safe_load((ingested / "annotations" / f"{article.stem}.yaml").read_text(encoding="utf-8"))
        assert draft["draft"]["made_by"] == f"claimgraph extract articles/{article.name}"
        assert (ingested / "articles" / article.name).read_bytes() == article.read_bytes()
    exported = ingested / "export.trig"
    code, out, err = cli("--root", ingested, "export", "--format", "trig", "-o", exported)
    assert code == 0, err
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(exported, format="trig")
    names = {str(g.identifier).rsplit("/", 1)[-1] for g in dataset.graphs() if len(g)}
    assert {SEED, *(a.stem for a in DEV_ARTICLES), "inferred"} <= names


def test_ingested_articles_change_status_over_time(ingested):
    def status(date):
        rows = query_rows(ingested, "status-as-of", date=date)
        return {row["claim"]: row["status"] for row in rows}, rows

    publication, _ = status("2024-10-24")
    mid_november, rows = status("2024-11-15")
    combat = sorted({row["claim"] for row in rows if row["source"] == "Rustem Umerov"})  # the first report of combat
    assert len(combat) == 1 and mid_november[combat[0]] == "confirmed"  # Washington, 2024-11-12
    assert status("2024-11-11")[0][combat[0]] == "unconfirmed"  # Umerov's word alone, before that
    assert ("Mark Rutte", "confirms") in {(r["source"], r["stance"]) for r in rows if r["claim"] == CLAIM + DEPLOYMENT}
    assert len(publication) < len(mid_november)


def test_ingested_admission_withdraws_north_koreas_denials(ingested):
    rows = query_rows(ingested, "disputed")
    withdrawn = {row["source"]: row["withdrawn"] for row in rows}
    assert withdrawn["North Korea"] == "yes" and withdrawn["North Korea's mission to the United Nations"] == "yes"
    # Russia's too, as the gold has it: the extractor reads Gerasimov's praise of the soldiers as Russia
    # confirming the deployment
    assert withdrawn["Vassily Nebenzia"] == "yes"


def test_ingested_forecast_is_met_and_figures_compete(ingested):
    (forecast,) = query_rows(ingested, "forecasts")
    assert (forecast["outcome"], forecast["evidence"]) == ("met", "2024-10-28: 10000 (Sabrina Singh)")
    pairs = {(r["scope"], r["value"], r["source"], r["otherValue"], r["otherSource"])
             for r in query_rows(ingested, "competing-figures")}
    assert ("Russia", "3000", "National Intelligence Service", "10000", "Sabrina Singh") in pairs
    # Zelenskyy's "about 11,000 ... in the Kursk region" is drafted with its scope, so (as in the curated
    # graph) it competes with no figure for all of Russia, such as the State Department's "more than 10,000"
    zelenskyy = [(r["value"], r.get("scope")) for r in query_rows(ingested, "figures") if r["source"] == "Volodymyr Zelenskyy"]
    assert zelenskyy == [("11000", "Kursk region")]
    assert not any("Volodymyr Zelenskyy" in (pair[2], pair[4]) for pair in pairs)


def test_ingest_never_overwrites_a_curated_annotation(project):
    before = snapshot(project)
    code, _, err = cli("--root", project, "ingest", project / "articles" / f"{SEED}.txt")
    assert code == 2
    assert "is a curated annotation" in err
    assert snapshot(project) == before


def test_a_bad_article_stops_the_whole_ingest_before_anything_is_written(project, tmp_path):
    bad = tmp_path / "2024-11-20-empty.txt"
    bad.write_bytes(b"")
    before = snapshot(project)
    code, _, err = cli("--root", project, "ingest", NATO, bad)
    assert code == 2 and f"{bad}: article is empty" in err
    assert snapshot(project) == before
