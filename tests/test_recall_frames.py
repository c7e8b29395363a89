"""The frames that read real wire copy (issue 12): acts told without a reported clause, quotations
that run over several sentences, assessments, transcript refusals, joined speakers and gapped
figures. Each sentence is real news English, parsed by the installed pipeline, and read the way
`Drafter.draft` reads an article (entities, voices, then the frames of each sentence)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimgraph.extract import entities, frames, furniture, speakers
from claimgraph.extract.drafter import Reading
from claimgraph.extract.entities import EntityTable
from claimgraph.extract.pipeline import load_pipeline
from claimgraph.model.article import Article


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def read(nlp, text: str) -> list[tuple[str, str, str]]:
    """(speaker, stance, quote) of every statement the frames draft from `text`, in order."""
    article = Article(path=Path("wire.txt"), name="wire", date=dt.date(2024, 11, 5), body=text)
    doc = nlp(furniture.readable(text))
    r = Reading(nlp, None, article, doc, EntityTable({}))
    entities.find_entities(r, doc)
    speakers.find_voices(r)
    found = [s for sentence in doc.sents for s in frames.statements_in(r, sentence)]
    for s in found:  # a quote is always the article's text at its offsets
        assert text[s["start"]:s["end"]] == s["quote"]
    return [(s["speaker"], s["stance"], s["quote"]) for s in found]


# --- acts told without a reported clause ----------------------------------------------------------

def test_brushed_off_a_report_as_fake_news_denies_it(nlp):
    found = read(nlp, 'On Oct 10, his spokesman Dmitry Peskov had brushed off a report of North Korean '
                      'involvement in the war as "fake news".')
    assert [(who, stance) for who, stance, _ in found] == [("dmitry-peskov", "denies")]


def test_put_the_number_at_is_an_assertion_apart_from_what_was_said_after_it(nlp):
    found = read(nlp, "Defense Secretary Lloyd Austin put the number of North Korean soldiers in eastern Russia "
                      "at roughly 10,000 and said it looked likely that some would be sent to support Russian "
                      "operations in the Kursk region.")
    assert ("lloyd-austin", "asserts",
            "put the number of North Korean soldiers in eastern Russia at roughly 10,000") in found
    assert any(quote.startswith("it looked likely") for _, _, quote in found)


def test_accusing_x_of_p_asserts_p(nlp):
    found = read(nlp, "More than 1,000 North Korean soldiers were killed or wounded in just one week of fighting, "
                      "the White House said Friday, accusing Moscow and Pyongyang of treating the troops as "
                      "expendable.")
    assert ("white-house", "asserts", "accusing Moscow and Pyongyang of treating the troops as expendable") in found


def test_praising_the_troops_acknowledges_them_and_is_never_a_denial(nlp):
    found = read(nlp, "Russia's chief of general staff, Valery Gerasimov, told Putin that Kursk had been fully "
                      'retaken and praised the "high professionalism" of the North Korean fighters.')
    praise = [(who, stance) for who, stance, quote in found if quote.startswith("praised")]
    assert praise == [("valery-gerasimov", "confirms")]
    assert all(stance != "denies" for _, stance, _ in found)


def test_honouring_the_troops_inside_what_was_said_is_not_an_act_of_the_speaker(nlp):
    found = read(nlp, "Vladimir Putin said Russia would always honour the Korean fighters who fell there.")
    assert [(who, stance) for who, stance, _ in found] == [("vladimir-putin", "forecasts")]


@pytest.mark.parametrize("text, speakers_", [
    ("Kremlin spokesman Dmitry Peskov would not comment on the U.S. estimate on Tuesday.", ["dmitry-peskov"]),
    ("Neither Moscow nor Pyongyang has commented on the capture.", ["russia", "north-korea"]),
    ("The Russian Defense Ministry has also made no comment.", ["russian-defense-ministry"]),
])
def test_keeping_silent_on_a_claim_does_not_deny_it(nlp, text, speakers_):
    assert [(who, stance) for who, stance, _ in read(nlp, text)] == [(w, "does-not-deny") for w in speakers_]


def test_referring_the_question_elsewhere_declines_to_confirm(nlp):
    found = read(nlp, "Asked on Monday about reports of North Korean deaths near Kursk, Kremlin spokesman "
                      "Dmitry Peskov referred the question to the Defense Ministry.")
    assert found == [("dmitry-peskov", "declines-to-confirm", "referred the question to the Defense Ministry")]


def test_stopped_short_of_denying_does_not_deny(nlp):
    found = read(nlp, "Russian Ambassador Vassily Nebenzia stopped short of denying the deployment.")
    assert [(who, stance) for who, stance, _ in found] == [("vassily-nebenzia", "does-not-deny")]


@pytest.mark.parametrize("text, stance", [
    ("Ukraine's General Staff called Gerasimov's claim untrue.", "denies"),
    ("In early October, Kremlin spokesman Dmitry Peskov had described the first media reports on the subject "
     "as fake news.", "denies"),
    ("NATO Secretary General Mark Rutte called the deployment a significant escalation of North Korea's "
     "involvement in the war.", "asserts"),
])
def test_calling_or_describing_a_claim_as_something(nlp, text, stance):
    assert [s for _, s, _ in read(nlp, text)] == [stance]


@pytest.mark.parametrize("text", ["North Korea has never publicly acknowledged sending troops to Russia.",
                                  "The Kremlin has yet to acknowledge that North Korean troops are fighting "
                                  "on its side."])
def test_not_yet_acknowledged_declines_to_confirm(nlp, text):
    assert [stance for _, stance, _ in read(nlp, text)] == ["declines-to-confirm"]


# --- who speaks ----------------------------------------------------------------------------------------

def test_x_who_told_reporters_p_is_said_by_x(nlp):
    found = read(nlp, "Washington's account came on Tuesday from state department spokesperson Vedant Patel, "
                      "who told reporters that the North Koreans had been trained in artillery.")
    assert ("vedant-patel", "asserts", "the North Koreans had been trained in artillery") in found


def test_every_joined_speaker_says_it_even_with_the_verb_tagged_a_noun(nlp):
    found = read(nlp, "Seoul, Washington and Kyiv estimate that North Korea has sent more than 10,000 troops "
                      "to Russia.")
    assert {"south-korea", "united-states"} <= {who for who, _, _ in found}


def test_a_subject_hung_on_the_auxiliary_and_a_claim_neither_confirmed(nlp):
    found = read(nlp, "Kiev and Seoul have for several weeks alleged that Pyongyang has sent thousands of "
                      "soldiers to Russia, a claim that neither Moscow nor Pyongyang has confirmed.")
    assert {(who, stance) for who, stance, _ in found} == {
        ("ukraine", "asserts"), ("south-korea", "asserts"),
        ("russia", "declines-to-confirm"), ("north-korea", "declines-to-confirm")}


# --- quotations and transcripts -----------------------------------------------------------------------

def test_a_quotation_attributed_at_its_end_is_the_speakers_from_its_first_sentence(nlp):
    found = read(nlp, '"We know that thousands of DPRK troops are in Russia to be trained. We don\'t know what '
                      'their mission will be," Defense Secretary Lloyd Austin said.')
    assert [(who, quote) for who, _, quote in found] == [
        ("lloyd-austin", "We know that thousands of DPRK troops are in Russia to be trained"),
        ("lloyd-austin", "We don't know what their mission will be")]


def test_a_quotation_after_an_attributed_one_in_the_same_paragraph_goes_on(nlp):
    found = read(nlp, '"Indications suggest they are being brought up to the line in small groups rather than '
                      'all at once," said Lt. Col. Oleh Savchuk, a spokesman for a Ukrainian brigade. "We expect '
                      'to see a lot more of them within weeks."')
    assert found[-1] == ("oleh-savchuk", "forecasts", "We expect to see a lot more of them within weeks")


def test_a_quotation_split_by_he_said_reports_what_follows_the_aside(nlp):
    found = read(nlp, 'Kremlin spokesman Dmitry Peskov spoke on Tuesday. "This cooperation," he said, "is not '
                      'directed against third countries and should not worry anyone."')
    assert found == [("dmitry-peskov", "asserts",
                      "is not directed against third countries and should not worry anyone")]


TRANSCRIPT = """PENTAGON PRESS SECRETARY AIR FORCE MAJ. GEN. PAT RYDER: Our current assessment is that at least \
10,000 North Korean soldiers are now in Russia's Kursk Oblast, and we expect that number to grow.

Q: Will the North send more than the 12,000?

GEN. RYDER: I'm not going to speculate about future deployments.

Q: Have more troops gone?

GEN. RYDER: I don't have anything to confirm on additional deployments today.
"""


def test_a_briefing_assessment_and_refusals_in_the_speakers_own_words(nlp):
    found = read(nlp, TRANSCRIPT)
    assert [(who, stance) for who, stance, _ in found] == [
        ("pat-ryder", "asserts"), ("pat-ryder", "forecasts"), ("pat-ryder", "does-not-deny"),
        ("pat-ryder", "declines-to-confirm")]
    assert found[0][2] == "at least 10,000 North Korean soldiers are now in Russia's Kursk Oblast"


def test_a_coordinated_verb_with_its_own_tense_is_a_claim_of_its_own(nlp):
    found = read(nlp, "South Korea's National Intelligence Service says North Korean soldiers have moved into "
                      "Russia's Kursk region and are already taking part in combat.")
    assert [quote for _, _, quote in found] == ["North Korean soldiers have moved into Russia's Kursk region",
                                               "are already taking part in combat"]
