"""What a statement is about: its claim's text, the deployment it describes, the kind of fact
(troops sent, troops fighting) and its figure, matched against the claims the project holds."""

from __future__ import annotations

import re

from . import entities, frames, quantities
from .matching import NO_CONDITION, ClaimKey
from .words import TROOP_NOUNS


def deployment_claim_text(r, deployment: str) -> str:
    """The text of a deployment's core claim, for a new one: "North Korea has deployed troops to Russia." """
    record = r.claims.deployment_record(deployment)
    sender = r.table.entities.get(record.get("sender"), {}).get("label", record.get("sender"))
    receiver = r.table.entities.get(record.get("receiver"), {}).get("label", record.get("receiver"))
    return f"{sender} has deployed troops to {receiver}." if receiver else f"{sender} has deployed troops abroad."


def claim_key(r, s: dict) -> ClaimKey:
    tokens = [t for t in r.doc if s["start"] <= t.idx < s["end"]]
    lemmas = {t.lemma_.lower() for t in tokens}
    deployment = deployment_of(r, tokens, s)
    if deployment is None and lemmas & (TROOP_NOUNS | {"they", "them"}):
        deployment = deployment_of(r, None, s)  # "most of them had moved": the troops named earlier
    r.article_deployment = r.article_deployment or deployment
    figures = quantities.figures(r, tokens, lemmas, s, deployment)  # every figure of the clause
    text = sentence_case(s["quote"])
    condition = None
    if s["stance"] == "states-conditionally":  # "if C, P" states another proposition than P: a claim of its own
        condition = s["condition"] or NO_CONDITION
        if s["condition"]:
            text = sentence_case(strip_condition(s["quote"]))
    # the kind is read from the claim's text as its record will hold it, as for claims read back from files
    kind = r.claims.kind(text) if deployment and condition is None else None
    return ClaimKey(deployment, kind, figures[0] if figures else None, text, condition, tuple(figures))


def deployment_of(r, tokens, s) -> str | None:
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
                if entity_id and r.table.entities.get(entity_id, {}).get("type") == "Country":
                    senders.append(entity_id)
    # "Ukrainian forces engaged North Korean units": the troops abroad are the ones already deployed
    senders.sort(key=lambda c: not r.claims.has_deployment(c))
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
    receiver = None
    for t in tokens:
        entity_id = r.spans.get(t.i)
        if entity_id and entity_id != sender and r.table.entities[entity_id]["type"] == "Country" \
                and any(a.lower_ in ("to", "in", "into") for a in t.ancestors if a.dep_ in ("prep", "dative")):
            receiver = entity_id
            break
    return r.claims.deployment_for(sender, receiver)


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
