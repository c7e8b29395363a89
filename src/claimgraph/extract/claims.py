"""What a statement is about: its claim's text, the deployment it describes, the kind of fact
(troops sent, troops fighting) and its figure, matched against the claims the project holds."""

from __future__ import annotations

import re

from . import entities, frames, quantities
from .matching import (COMBAT_VERBS, GROUND_NOUNS, MOTION_VERBS, NO_CONDITION, PRESENCE_NOUNS, ClaimKey,
                       is_purpose)
from .words import COMBAT_WORDS, TROOP_NOUNS

TROOPS_NAMED_BEFORE = {"they", "them", "their", "its"}  # "its soldiers", "most of them"


def deployment_claim_text(r, deployment: str) -> str:
    """The text of a deployment's core claim, for a new one: "North Korea has deployed troops to Russia." """
    record = r.claims.deployment_record(deployment)
    sender = r.table.entities.get(record.get("sender"), {}).get("label", record.get("sender"))
    receiver = r.table.entities.get(record.get("receiver"), {}).get("label", record.get("receiver"))
    return f"{sender} has deployed troops to {receiver}." if receiver else f"{sender} has deployed troops abroad."


def referred_claim(r, s: dict, claims: dict, deployments: dict) -> str | None:
    """The claim a statement refers to without stating it ("denied the reports", "could not
    corroborate the reports of combat"): that the troops are fighting when its words name combat and
    the project holds that claim, else the deployment's core claim (None when no deployment is known)."""
    deployment = deployment_of(r, None, s) or r.article_deployment
    if deployment is None:
        return None
    if {t.lemma_.lower() for t in r.doc if s["start"] <= t.idx < s["end"]} & COMBAT_WORDS:
        fighting = r.claims.match(ClaimKey(deployment, "fighting", None, ""))
        if fighting:
            return fighting
    key = ClaimKey(deployment, "deployed", None, deployment_claim_text(r, deployment))
    return r.claims.match(key) or new_claim(r, key, claims, deployments)


def claim_key(r, s: dict) -> ClaimKey:
    tokens = [t for t in r.doc if s["start"] <= t.idx < s["end"]]
    lemmas = {t.lemma_.lower() for t in tokens}
    text = sentence_case(s["quote"])
    condition = None
    if s["stance"] == "states-conditionally":  # "if C, P" states another proposition than P: a claim of its own
        condition = s["condition"] or NO_CONDITION
        if s["condition"]:
            text = sentence_case(strip_condition(s["quote"]))
    # the fact is read from the claim's text as its record will hold it, as for claims read back from files
    kind, place = r.claims.fact(text) if condition is None else (None, None)
    state = place[1] if place else None  # "moved to the Kursk region": troops in Russia
    deployment = deployment_of(r, tokens, s, state)
    if deployment is None and (kind == "fighting" or lemmas & (TROOP_NOUNS | TROOPS_NAMED_BEFORE)):
        # "most of them had moved", "the soldiers were fighting", "(and) were already engaged in
        # combat": the troops named earlier
        deployment = deployment_of(r, None, s, state) or (r.article_deployment if kind else None)
    r.article_deployment = r.article_deployment or deployment
    figures = quantities.figures(r, tokens, lemmas, s, deployment)  # every figure of the clause
    if not deployment:
        kind = None
    return ClaimKey(deployment, kind, figures[0] if figures else None, text, condition, tuple(figures),
                    place[0] if kind and place else None)


def deployment_of(r, tokens, s, state: str | None = None) -> str | None:
    """(sender, receiver) country ids of troops the statement is about, as a deployment id."""
    if tokens is None:
        tokens = list(s["verb_token"].sent)
    speaker = r.table.entities.get(s["speaker"], {})
    senders = []  # countries whose troops the clause names ("North Korean units", "troops from X")
    for t in tokens:
        if t.lemma_.lower() not in TROOP_NOUNS and t.lemma_.lower() != "deployment":
            continue
        for modifier in t.children:
            for m in [modifier] if modifier.dep_ != "prep" else [c for c in modifier.children
                                                                 if modifier.lower_ == "from"]:
                entity_id = r.spans.get(m.i)
                if m.dep_ == "poss" and m.lower_ == "its" and speaker.get("type") == "Country":
                    entity_id = s["speaker"]  # North Korea said "its soldiers fought"
                if entity_id and r.table.entities.get(entity_id, {}).get("type") == "Country":
                    senders.append(entity_id)
    # "Ukrainian forces engaged North Korean units": the troops abroad are the ones the article is
    # about, else the ones already deployed
    about = r.claims.deployment_record(r.article_deployment).get("sender") if r.article_deployment else None
    senders.sort(key=lambda c: (c != about, not r.claims.has_deployment(c)))
    sender = senders[0] if senders else None
    for t in tokens:  # "North Korea had sent ... soldiers"; "it had sent troops"
        if t.lemma_ in ("send", "deploy", "dispatch") and sender is None:
            subject = frames.subject(t)
            if subject is not None:
                if subject.pos_ == "PRON" and speaker.get("type") == "Country":
                    sender = s["speaker"]
                elif subject.i in r.spans and r.table.entities[r.spans[subject.i]]["type"] == "Country":
                    sender = r.spans[subject.i]
    if sender is None:
        return None
    receiver = next((entity_id for t in tokens if (entity_id := located_in(r, t)) and entity_id != sender),
                    state if state != sender else None)
    return r.claims.deployment_for(sender, receiver)


def located_in(r, token) -> str | None:
    """The state a token names as where troops are or go: the object of "to", "in", "into" or "on"
    under a verb of sending, moving, being or fighting, or under the troops ("sent troops to Russia",
    "troops in Russia", "on Russian soil"), or the state of a place they are in ("killed in Russia's
    Kursk region"); not a purpose ("to fight in Ukraine"), nor an ally ("its Russian ally")."""
    entity_id = r.spans.get(token.i)
    if not entity_id or r.table.entities[entity_id]["type"] != "Country":
        return None
    head = token.head
    if token.dep_ == "amod" and head.lemma_.lower() in GROUND_NOUNS:
        token, head = head, head.head
    owner = token.dep_ == "poss"
    while token.dep_ == "compound" or (token.dep_ == "poss" and head.dep_ == "pobj"):  # "Russia's Kursk region"
        token, head = head, head.head
    if token.dep_ != "pobj" or head.lower_ not in ("to", "in", "into", "inside", "on") or is_purpose(head.head):
        return None  # "to fight in Ukraine": what they were sent for, not where
    located = MOTION_VERBS | {"be"} | TROOP_NOUNS | PRESENCE_NOUNS | COMBAT_VERBS
    return entity_id if owner or head.head.lemma_.lower() in located else None


def new_claim(r, key: ClaimKey, claims: dict, deployments: dict) -> str:
    base = entities.slugify(key.text)
    claim_id, n = base, 2
    while claim_id in claims or r.claims.has_id(claim_id):
        claim_id, n = f"{base}-{n}", n + 1
    record = {"id": claim_id, "text": key.text}
    if key.deployment:
        record["describes"] = key.deployment
    if key.condition:
        record["condition"] = key.condition
    if key.quantity:
        record["quantities"] = list(key.quantities) or [key.quantity]
    claims[claim_id] = record
    r.claims.add(claim_id, record)
    return claim_id


def declare_claim(r, claim_id: str, claims: dict, deployments: dict, s: dict) -> None:
    """Declare a claim this draft makes, with the deployments it needs; a claim the project already
    holds is only referred to by id (its declaration, dates and all, stays where it was made)."""
    if claim_id not in claims:  # the project's, or an earlier draft's
        return
    record = claims[claim_id]
    for deployment in [record.get("describes"), *(q.get("of") for q in record.get("quantities", []))]:
        if not deployment or deployment in deployments:
            continue
        declared = deployments[deployment] = r.claims.deployment_record(deployment)
        for key in ("sender", "receiver", "location"):  # entities this draft can declare, or none
            value = declared.get(key)
            if value in r.table.entities or value in r.known_entities or (value and entities.in_gazetteer(value)):
                r.table.use(value)
            elif value:
                del declared[key]
        if declared.get("part_of") not in deployments:
            declared.pop("part_of", None)


def sentence_case(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-\"“”")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def strip_condition(quote: str) -> str:
    match = re.match(r"\s*(?:if|unless)\b[^,]*,\s*(?:then\s+)?(.*)", quote, flags=re.I | re.S)
    return match.group(1) if match else quote
