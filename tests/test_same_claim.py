"""One claim across articles: the same proposition in other words is one claim, another proposition
is another claim. Each sentence is parsed by the installed pipeline and drafted as `claimgraph
ingest` drafts a batch, each article against the claims of the drafts before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.extract.drafter import Drafter
from claimgraph.extract.matching import ClaimIndex, KnownProject, fact_of
from claimgraph.extract.pipeline import gazetteer, load_pipeline
from claimgraph.model.article import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def fact(nlp, text: str):
    return fact_of(nlp(text), gazetteer())


def draft_batch(nlp, *bodies: str) -> list[list[dict]]:
    """Per article, its drafted statements (the JSON report's), drafted one after the other."""
    drafter = Drafter(nlp, ClaimIndex(nlp, KnownProject({}, {}, {}), gazetteer()))
    out = []
    for n, body in enumerate(bodies):
        article = Article(path=Path(f"a{n}.txt"), name=f"a{n}", date=dt.date(2024, 11, 5), body=body)
        out.append(drafter.draft(article, "test").report)
    return out


@pytest.mark.parametrize("text, expected", [
    ("North Korea has deployed troops to Russia.", ("deployed", (None, "russia"))),
    ("North Korea sent troops to Russia to fight in Ukraine.", ("deployed", (None, "russia"))),  # a purpose
    ("Pyongyang deployed troops to aid its Russian ally, which is at war with Ukraine.", ("deployed", None)),
    ("North Korean forces were on Russian soil.", ("deployed", (None, "russia"))),
    ("North Korean troops had moved to the Kursk region.", ("deployed", ("kursk", "russia"))),
    ("The first North Korean units had already reached Russia's Kursk region.", ("deployed", ("kursk", "russia"))),
    ("North Korean soldiers have gone into battle alongside Russian forces in the Kursk region.",
     ("fighting", ("kursk", "russia"))),
    ("Most of them had moved to the Kursk region, where they had begun combat operations.",
     ("deployed", ("kursk", "russia"))),  # the relative clause is not what the sentence states
    ("A portion of them is understood to have joined the fighting.", ("fighting", None)),
    ("They could be sent into battle within days.", ("fighting, possibly", None)),
    ("North Korea has sent more troops to Russia.", ("reinforced", (None, "russia"))),
    ("North Korea is set to send Russia more rocket launchers.", (None, None)),  # not troops
    ("About 300 North Korean soldiers have been killed.", (None, None)),
])
def test_the_fact_a_claim_states_is_read_from_its_main_predicate(nlp, text, expected):
    assert fact(nlp, text) == expected


def claims_of(report: list[dict]) -> list[str]:
    return [s["claim_id"] for s in report]


def test_the_same_deployment_in_other_words_is_one_claim_across_articles(nlp):
    nato, pentagon = draft_batch(
        nlp,
        "NATO spokeswoman Farah Dakhlallah said on Monday that North Korean troops had been sent to Russia.",
        "Pentagon spokeswoman Sabrina Singh said North Korea had dispatched soldiers to Russia.")
    assert len(claims_of(nato)) == len(claims_of(pentagon)) == 1
    assert claims_of(nato) == claims_of(pentagon)


def test_troops_in_russia_in_kursk_and_in_combat_are_three_claims(nlp):
    russia, kursk, kursk_again, combat = draft_batch(
        nlp,
        "NATO spokeswoman Farah Dakhlallah said North Korean troops had been sent to Russia.",
        "Pentagon spokeswoman Sabrina Singh said North Korean troops had moved to the Kursk region.",
        "Mark Rutte said North Korean units were in Kursk.",
        "Mark Rutte said North Korean troops were fighting alongside Russian forces.")
    assert claims_of(kursk) == claims_of(kursk_again)  # Kursk region and Kursk: one place
    ids = [claims_of(report)[0] for report in (russia, kursk, combat)]
    assert len(set(ids)) == 3


def test_a_possibility_is_another_claim_than_the_fact(nlp):
    fact_report, possibility = draft_batch(
        nlp,
        "Mark Rutte said North Korean troops were fighting alongside Russian forces.",
        "Mark Rutte said North Korean troops could be sent into battle within days.")
    assert claims_of(fact_report) != claims_of(possibility)
