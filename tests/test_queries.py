"""Every saved query, run on the built seed graph, answers what the article says."""

from collections import Counter

import pytest

from claimgraph.query.catalogue import load_catalogue
from conftest import REPO, SEED, cli, query_rows

CLAIM = "https://w3id.org/claimgraph/id/claim/"
DEPLOYMENT = CLAIM + "north-korea-deployed-troops-to-russia"
FORECAST = CLAIM + "about-10000-troops-expected-by-december"
WEAPONS = CLAIM + "kim-jong-un-sending-weapons"

EXPECTED_QUERIES = {"unconfirmed", "confirmed", "disputed", "by-source", "anonymous", "troop-timeline",
                    "forecasts", "conditional", "status-as-of", "provenance", "entities", "competing-figures",
                    "figures"}
CLAIM_LISTING = EXPECTED_QUERIES - {"entities", "competing-figures"}
COMBAT = CLAIM + "north-korean-troops-in-combat"
KURSK = CLAIM + "north-korean-troops-in-kursk"


def test_catalogue_has_every_query_with_a_header():
    catalogue = load_catalogue(REPO / "queries")
    assert EXPECTED_QUERIES <= set(catalogue)
    for saved in catalogue.values():
        assert saved.summary and saved.description, saved.name
    assert set(catalogue["status-as-of"].parameters) == {"date"}
    assert set(catalogue["provenance"].parameters) == {"claim"}


@pytest.mark.parametrize("name", sorted(CLAIM_LISTING))
def test_claim_listing_queries_return_claim_text_source_quote(built, name):
    params = {"status-as-of": {"date": "2024-10-24"}, "provenance": {"claim": "north-korea-deployed-troops-to-russia"}}
    rows = query_rows(built, name, **params.get(name, {}))
    assert rows, name
    for row in rows:
        assert {"claim", "text", "source", "quote"} <= set(row), (name, row)


def test_unconfirmed(built):
    rows = query_rows(built, "unconfirmed")
    claims = {row["claim"] for row in rows}
    assert FORECAST in claims
    assert WEAPONS in claims
    assert DEPLOYMENT not in claims  # confirmed by the US official, Austin and NATO
    assert len(claims) == 13
    weapons_sources = sorted(row["source"] for row in rows if row["claim"] == WEAPONS)
    assert weapons_sources == ["South Korea", "United States"]  # two asserters, nobody confirms
    forecast = next(row for row in rows if row["claim"] == FORECAST)
    assert (forecast["source"], forecast["stance"], forecast["said"]) == ("Park Sun-won", "forecasts", "2024-10-23")
    assert forecast["quote"].startswith("The planned deployment of about 10,000 troops")
    assert {row["status"] for row in rows} == {"unconfirmed"}
    # Park relays the intelligence agency's briefing, so the 3,000 figure has no independent source.
    assert CLAIM + "deployment-doubled-to-3000" in claims


def test_confirmed_lists_who_confirmed_the_deployment_and_when(built):
    rows = query_rows(built, "confirmed")
    assert {row["claim"] for row in rows} == {DEPLOYMENT}
    assert {row["status"] for row in rows} == {"disputed"}  # North Korea denied it
    assert {row["source"] for row in rows} == {"senior US official", "Lloyd Austin", "Farah Dakhlallah",
                                               "unnamed NATO allies"}
    # Confirmers include the institutions the speakers speak for, derived by the OWL reasoner.
    confirmers = {(row["confirmer"], row["source"]) for row in rows}
    assert confirmers == {("senior US official", "senior US official"), ("United States", "senior US official"),
                          ("Lloyd Austin", "Lloyd Austin"), ("United States Department of Defense", "Lloyd Austin"),
                          ("Farah Dakhlallah", "Farah Dakhlallah"), ("NATO", "Farah Dakhlallah"),
                          ("unnamed NATO allies", "unnamed NATO allies")}
    said = {row["source"]: row["said"] for row in rows}
    assert said["senior US official"] == "2024-10-23"
    assert said["Lloyd Austin"] == "on or before 2024-10-23"


def test_disputed_shows_north_koreas_denial(built):
    rows = query_rows(built, "disputed")
    assert len(rows) == 1
    row = rows[0]
    assert (row["claim"], row["source"], row["status"], row["withdrawn"]) == (DEPLOYMENT, "North Korea", "disputed", "no")
    assert row["quote"] == "North Korea has previously denied deploying forces to Russia"


def test_later_acknowledgements_withdraw_the_denials(reporting):
    """North Korea (and its UN mission, which speaks for it) denied; in April 2025 it confirmed. Russia's
    ambassador denied; its chief of staff then praised the soldiers. No denial is left standing."""
    rows = query_rows(reporting, "disputed")
    assert [(row["source"], row["said"], row["withdrawn"]) for row in rows] == [
        ("North Korea", "on or before 2024-10-24", "yes"),
        ("North Korea's mission to the United Nations", "2024-W43 (2024-10-21 to 2024-10-27)", "yes"),
        ("Vassily Nebenzia", "2024-10-30", "yes"),
    ]
    assert {row["status"] for row in rows} == {"confirmed"}
    inferred = (reporting / "graph" / "inferred.ttl").read_text(encoding="utf-8")
    assert inferred.count("cg:withdrawnBy") == 3  # materialized by the rule in queries/rules/


def test_anonymous_finds_claims_only_the_unnamed_official_makes(built):
    rows = query_rows(built, "anonymous")
    assert {row["claim"] for row in rows} == {CLAIM + "russia-suffering-extraordinary-casualties",
                                              CLAIM + "manpower-from-north-korea-would-show-desperation"}
    assert {(row["source"], row["affiliation"]) for row in rows} == {("senior US official", "United States")}


def test_troop_timeline_lists_1500_3000_10000_in_date_order(built):
    rows = query_rows(built, "troop-timeline")
    assert [int(row["value"]) for row in rows] == [1500, 3000, 3000, 10000]
    assert [row["date"] for row in rows] == ["2024-W42 (2024-10-14 to 2024-10-20)", "2024-10-23", "2024-10-23", "2024-12"]
    assert [row["modality"] for row in rows] == ["reported estimate"] * 3 + ["forecast"]
    assert [row["qualifier"] for row in rows] == ["as stated", "as stated", "as stated", "approximately"]
    assert [row["source"] for row in rows] == ["National Intelligence Service", "National Intelligence Service",
                                               "Park Sun-won", "Park Sun-won"]
    assert rows[0]["deployment"] == "Initial contingent of North Korean special forces sent to Vladivostok"


def test_forecasts(built):
    rows = query_rows(built, "forecasts")
    assert len(rows) == 1
    row = rows[0]
    assert (row["claim"], row["source"], row["certainty"], row["value"], row["target"], row["outcome"]) == (
        FORECAST, "Park Sun-won", "probable", "10000", "2024-12", "open")
    assert "evidence" not in row


def test_the_forecast_is_met_by_a_later_figure(reporting):
    (row,) = query_rows(reporting, "forecasts")
    assert (row["claim"], row["outcome"], row["evidence"]) == (FORECAST, "met", "2024-10-28: 10000 (Sabrina Singh)")


def _figure_rows(rows):
    return [(r["measure"], r["date"], r.get("value"), r.get("lower"), r.get("upper"), r["qualifier"], r["modality"],
             r.get("scope"), r["source"], r["stance"]) for r in rows]


def test_figures_lists_every_figure_with_scope_date_source_and_modality(built, reporting):
    rows = query_rows(built, "figures")
    assert _figure_rows(rows) == [
        ("troop strength", "2024-W42 (2024-10-14 to 2024-10-20)", "1500", None, None, "as stated", "reported estimate",
         None, "National Intelligence Service", "asserts"),
        ("troop strength", "2024-10-23", "3000", None, None, "as stated", "reported estimate", None,
         "National Intelligence Service", "asserts"),
        ("troop strength", "2024-10-23", "3000", None, None, "as stated", "reported estimate", None, "Park Sun-won",
         "asserts"),
        ("troop strength", "2024-12", "10000", None, None, "approximately", "forecast", None, "Park Sun-won",
         "forecasts"),
    ]
    assert [r["claim"] for r in rows] == [CLAIM + "initial-contingent-of-1500-to-vladivostok",
                                          CLAIM + "deployment-doubled-to-3000", CLAIM + "deployment-doubled-to-3000",
                                          FORECAST]
    assert rows[2]["quote"] == "1,500 more troops from the rival North had gone to Russia, taking the total deployment to 3,000"
    assert {r["deployment"] for r in rows[1:]} == {"North Korean troop deployment to Russia"}
    assert not any("drafted" in r for r in rows)  # every statement of the seed is curated
    assert _figure_rows(query_rows(reporting, "figures")) == [
        ("killed", "2025-04-28", "600", None, None, "approximately", "reported estimate", None, "South Korean lawmaker",
         "asserts"),
        ("troop strength", "2024-W42 (2024-10-14 to 2024-10-20)", "1500", None, None, "as stated", "reported estimate",
         None, "National Intelligence Service", "asserts"),
        ("troop strength", "2024-10-23", "3000", None, None, "as stated", "reported estimate", None,
         "National Intelligence Service", "asserts"),
        ("troop strength", "2024-10-23", "3000", None, None, "as stated", "reported estimate", None, "Park Sun-won",
         "asserts"),
        ("troop strength", "2024-10-28", "10000", None, None, "approximately", "reported estimate", None,
         "Sabrina Singh", "asserts"),
        ("troop strength", "2024-W45 (2024-11-04 to 2024-11-10)", "11000", None, None, "approximately",
         "reported estimate", "Kursk region", "Volodymyr Zelenskyy", "asserts"),
        ("troop strength", "2024-11-12", "10000", "10000", None, "more than", "reported estimate", None,
         "United States Department of State", "asserts"),  # "more than" implies the lower bound
        ("troop strength", "2024-12", "10000", None, None, "approximately", "forecast", None, "Park Sun-won",
         "forecasts"),
    ]


def test_competing_figures_side_by_side(built, reporting):
    assert query_rows(built, "competing-figures") == []  # the seed's two 3,000s agree
    rows = query_rows(reporting, "competing-figures")
    pairs = [(r["scope"], r["date"], r["value"], r["qualifier"], r["source"], r["otherDate"], r["otherValue"],
              r["otherQualifier"], r["otherSource"]) for r in rows]
    # Zelenskyy's "about 11,000 in the Kursk region" is of another scope than the figures for all of Russia
    # (a figure naming no place holds for the deployment's receiving state), so it is paired with none of them
    assert pairs == [
        ("Russia", "2024-10-23", "3000", "as stated", "National Intelligence Service", "2024-10-28", "10000",
         "approximately", "Sabrina Singh"),
        ("Russia", "2024-10-23", "3000", "as stated", "Park Sun-won", "2024-10-28", "10000", "approximately",
         "Sabrina Singh"),
    ]
    assert {(r["deployment"], r["measure"]) for r in rows} == {("North Korean troop deployment to Russia",
                                                                "troop strength")}


@pytest.mark.parametrize("as_of, pairs", [
    ("last week", []),  # 1,500, then 3,000: the agency's own growth, relayed by Park too
    ("today", [("2024-10-24", "1500", "National Intelligence Service", "2024-10-23", "3000",
                "National Intelligence Service"),
               ("2024-10-24", "1500", "National Intelligence Service", "2024-10-23", "3000", "Park Sun-won")]),
])
def test_a_sources_own_later_growth_is_not_a_competing_figure(project, as_of, pairs):
    """The seed with its 1,500 figure counted for the whole deployment: the National Intelligence
    Service's 1,500 (the week before) and 3,000 (Wednesday) are the same source's count growing,
    and Park relays the agency (he depends on it), so neither pair competes. Dated after the 3,000,
    the 1,500 would be a lower count from the same source: that competes."""
    path = project / "annotations" / f"{SEED}.yaml"
    text = path.read_text(encoding="utf-8")
    old = "of: north-korean-special-forces-to-vladivostok, as_of: last week}"
    assert text.count(old) == 1 and text.count("    end: 2034\n    direct: false\n") == 1
    text = text.replace(old, f"of: north-korean-troops-in-russia, as_of: {as_of}}}")
    text = text.replace("    end: 2034\n    direct: false\n", "    end: 2034\n    direct: false\n    confidence: 0.7\n")
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("--root", project, "build")
    assert code == 0, err
    rows = query_rows(project, "competing-figures")
    assert [(r["date"], r["value"], r["source"], r["otherDate"], r["otherValue"], r["otherSource"]) for r in rows] == pairs
    drafted = [(r["value"], r["source"], r.get("drafted")) for r in query_rows(project, "figures")]
    assert ("1500", "National Intelligence Service", "0.7") in drafted  # the statement given a confidence is drafted
    assert ("3000", "Park Sun-won", None) in drafted


def test_conditional_statements_with_their_conditions(built):
    rows = query_rows(built, "conditional")
    assert {(row["source"], row["condition"]) for row in rows} == {
        ("senior US official", "Russia needs to turn to North Korea for manpower."),
        ("Lloyd Austin", "The North Korean troops are co-belligerents."),
        ("Farah Dakhlallah", "The North Korean troops are destined to fight in Ukraine."),
    }
    assert {row["stance"] for row in rows} == {"states conditionally"}
    assert all(row["quote"].startswith("If ") for row in rows)


def _status(rows):
    statuses = {}
    for row in rows:
        statuses.setdefault(row["claim"], set()).add(row["status"])
    assert all(len(s) == 1 for s in statuses.values()), "one status per claim"
    return {claim: s.pop() for claim, s in statuses.items()}


def test_status_as_of_follows_the_reporting(built):
    before = _status(query_rows(built, "status-as-of", date="2024-10-20"))
    assert before == {DEPLOYMENT: "unconfirmed", CLAIM + "initial-contingent-of-1500-to-vladivostok": "unconfirmed"}
    wednesday = _status(query_rows(built, "status-as-of", date="2024-10-23"))
    assert wednesday[DEPLOYMENT] == "confirmed"  # the US official and Austin, independent of Seoul
    assert WEAPONS not in wednesday  # not stated by then as far as the article dates it
    publication = _status(query_rows(built, "status-as-of", date="2024-10-24"))
    assert publication[DEPLOYMENT] == "disputed"  # North Korea's denial is dated on or before 2024-10-24
    assert len(publication) == 14
    assert Counter(publication.values()) == Counter({"unconfirmed": 13, "disputed": 1})


def test_status_as_of_follows_four_articles(reporting):
    publication = _status(query_rows(reporting, "status-as-of", date="2024-10-24"))
    mid_november = _status(query_rows(reporting, "status-as-of", date="2024-11-15"))
    after_admission = _status(query_rows(reporting, "status-as-of", date="2025-05-01"))
    assert COMBAT not in publication and KURSK not in publication
    assert mid_november[KURSK] == "confirmed"  # NATO's Rutte on 2024-10-28, independent of the State Department
    assert mid_november[COMBAT] == "confirmed"  # Washington on 2024-11-12, independent of Ukraine's Umerov
    assert _status(query_rows(reporting, "status-as-of", date="2024-11-11"))[COMBAT] == "unconfirmed"
    assert publication[DEPLOYMENT] == mid_november[DEPLOYMENT] == "disputed"
    assert after_admission[DEPLOYMENT] == "confirmed"  # North Korea's and Russia's own acknowledgements
    nato = [r for r in query_rows(reporting, "status-as-of", date="2024-11-15") if r["source"] == "Mark Rutte"]
    assert {(r["claim"], r["stance"]) for r in nato} == {(DEPLOYMENT, "confirms"), (KURSK, "confirms"),
                                                        (CLAIM + "deployment-is-significant-escalation", "asserts")}


def test_provenance_gives_statements_with_offsets_into_the_article(built, seed_body):
    rows = query_rows(built, "provenance", claim="north-korea-deployed-troops-to-russia")
    assert len(rows) == 8
    for row in rows:
        assert seed_body[int(row["start"]):int(row["end"])] == row["quote"]
    assert [int(row["start"]) for row in rows] == sorted(int(row["start"]) for row in rows)
    stances = Counter(row["stance"] for row in rows)
    assert stances == Counter({"confirms": 5, "asserts": 1, "denies": 1, "declines to confirm": 1})
    allies = next(row for row in rows if row["source"] == "unnamed NATO allies")
    assert allies["reportedThrough"] == "Farah Dakhlallah"
    moscow = next(row for row in rows if row["stance"] == "declines to confirm")
    assert (moscow["source"], moscow["quote"]) == ("Russia", "Moscow has not confirmed it")
    same = query_rows(built, "provenance", claim=DEPLOYMENT)
    assert same == rows  # a claim id and its full IRI are the same parameter


def test_provenance_of_a_relayed_statement(built):
    rows = query_rows(built, "provenance", claim="deployment-doubled-to-3000")
    park = next(row for row in rows if row["source"] == "Park Sun-won")
    assert park["relayedVia"] == "National Intelligence Service"
    assert park["dateExpression"] == "on Wednesday" and park["said"] == "2024-10-23"


def test_by_source_lists_every_statement(built):
    rows = query_rows(built, "by-source")
    assert len(rows) == 26
    counts = Counter(row["source"] for row in rows)
    assert counts["senior US official"] == 6
    assert counts["Lloyd Austin"] == 4
    assert counts["National Intelligence Service"] == 4
    types = {row["source"]: row["sourceType"] for row in rows}
    assert types["senior US official"] == "Anonymous source"
    assert types["National Intelligence Service"] == "Intelligence agency"
    assert types["Russia"] == "Country"
    assert [row["source"] for row in rows] == sorted(row["source"] for row in rows)


def test_entities(built):
    rows = query_rows(built, "entities")
    types = {row["label"]: row["type"] for row in rows}
    assert len(rows) == 19 == len(types)
    assert types["Vladivostok"] == "City"
    assert types["NATO"] == "Military alliance"
    assert types["Kim Jong Un"] == "Person"
    assert types["North Korea"] == "Country"
    assert types["senior US official"] == "Anonymous source"
    assert types["The Washington Post"] == "News outlet"
    affiliations = {row["label"]: row.get("affiliation") for row in rows}
    assert affiliations["Lloyd Austin"] == "United States Department of Defense"
