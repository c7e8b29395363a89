"""Decide when a drafted statement is about a claim the project already holds.

A claim reported by several articles must be one Claim, or later statements could never change
its status. Matching goes from structure to text: the same figure for the same deployment
(measure, value, qualifier, modality), then the same kind of fact about the same deployment
(that troops were sent, that they are fighting), then the words of the claim (Jaccard overlap
of content lemmas, demonyms folded into their country, deploy/send/dispatch into one verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.annotation import Annotation, as_record

TEXT_THRESHOLD = 0.5
SAME_VERB = {"send": "deploy", "dispatch": "deploy", "deploy": "deploy", "station": "deploy",
             "soldier": "troop", "force": "troop", "unit": "troop", "troop": "troop", "fight": "fighting",
             "combat": "fighting", "engagement": "fighting", "battle": "fighting"}
STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "have", "has", "had", "be", "been", "is",
        "are", "was", "were", "its", "their", "it", "they", "for", "with", "by", "at", "from", "as", "this", "these",
        "those", "'s", "’s", "will", "would", "could", "not", "do", "any", "some"}
COMBAT = {"fighting"}
DEPLOYED = {"deploy"}


@dataclass(frozen=True)
class ClaimKey:
    deployment: str | None
    kind: str | None  # "deployed", "fighting" or None
    quantity: dict | None
    text: str


@dataclass(frozen=True)
class KnownProject:
    """Entities, deployments and claims of the project's other annotations (curated or drafted)."""

    entities: dict[str, dict]
    deployments: dict[str, dict]
    claims: dict[str, dict]

    @classmethod
    def from_annotations(cls, annotations: list[Annotation]) -> "KnownProject":
        entities, deployments, claims = {}, {}, {}
        for annotation in annotations:
            for record in annotation.entities.values():
                entities.setdefault(record.id, as_record(record))
            for record in annotation.deployments.values():
                deployments.setdefault(record.id, as_record(record))
            for record in annotation.claims.values():
                claims.setdefault(record.id, as_record(record))
        return cls(entities, deployments, claims)


def content_lemmas(nlp, text: str, gazetteer: dict) -> frozenset[str]:
    """The claim's content words as lemmas, demonyms folded into their country ("North Korean" ->
    "north korea"); tagging and lemmas only, without the parser and entity recogniser."""
    folded = text
    for country in gazetteer["countries"]:
        folded = re.sub(rf"\b{re.escape(country['demonym'])}\b", country["label"], folded, flags=re.I)
    out = set()
    with nlp.select_pipes(disable=[name for name in ("parser", "ner") if name in nlp.pipe_names]):
        doc = nlp(folded)
    for token in doc:
        lemma = (token.lemma_ or token.text).lower()
        if token.is_punct or lemma in STOP or token.is_space:
            continue
        out.add(SAME_VERB.get(lemma, lemma))
    return frozenset(out)


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def kind_of(lemmas: frozenset[str]) -> str | None:
    if lemmas & {"know", "unclear", "whether", "if", "unknown"}:
        return None  # "it is not known whether they will fight" is not a claim that they fight
    if lemmas & COMBAT:
        return "fighting"
    if lemmas & DEPLOYED:
        return "deployed"
    return None


class ClaimIndex:
    """The claims a draft may reuse: the project's, then the ones the draft itself creates."""

    def __init__(self, nlp, known: KnownProject, gazetteer: dict):
        self.nlp = nlp
        self.known = known
        self.gazetteer = gazetteer
        self.new_deployments: dict[str, dict] = {}
        self.entries: dict[str, tuple[ClaimKey, frozenset]] = {}
        for claim_id, record in known.claims.items():
            lemmas = content_lemmas(nlp, record["text"], gazetteer)
            quantities = record.get("quantities") or []
            quantity = quantities[0] if quantities else None
            describes = record.get("describes") or (quantity or {}).get("of")
            kind = kind_of(lemmas) if describes and not quantity and not record.get("condition") else None
            self.entries[claim_id] = (ClaimKey(describes, kind, quantity, record["text"]), lemmas)

    def has_id(self, claim_id: str) -> bool:
        return claim_id in self.entries

    def add_new(self, claim_id: str, key: ClaimKey) -> None:
        self.entries[claim_id] = (key, content_lemmas(self.nlp, key.text, self.gazetteer))

    def record(self, claim_id: str) -> dict:
        record = dict(self.known.claims[claim_id])
        record.pop("mentions", None)  # mentions name entities of the other annotation
        record.pop("note", None)
        return record

    def match(self, key: ClaimKey) -> str | None:
        """The id of the claim `key` states, or None for a new claim."""
        lemmas = content_lemmas(self.nlp, key.text, self.gazetteer) if key.text else frozenset()
        if key.quantity:
            for claim_id, (other, _) in self.entries.items():
                if other.quantity and _same_figure(key.quantity, other.quantity) and \
                        (other.quantity.get("of") or other.deployment) == key.deployment:
                    return claim_id
            return None
        if key.deployment and key.kind:
            same = [(jaccard(lemmas, other_lemmas), claim_id) for claim_id, (other, other_lemmas) in
                    self.entries.items() if other.deployment == key.deployment and other.kind == key.kind
                    and not other.quantity]
            if same:
                return max(same)[1]
        best = max(((jaccard(lemmas, other_lemmas), claim_id) for claim_id, (other, other_lemmas)
                    in self.entries.items() if not other.quantity), default=(0.0, None))
        return best[1] if best[0] >= TEXT_THRESHOLD else None

    def has_deployment(self, sender: str) -> bool:
        return any(d.get("sender") == sender for d in [*self.known.deployments.values(),
                                                       *self.new_deployments.values()])

    def deployment_for(self, sender: str, receiver: str | None) -> str | None:
        everything = {**self.known.deployments, **self.new_deployments}
        top = {i: d for i, d in everything.items() if not d.get("part_of") and d.get("sender") == sender}
        for deployment_id, record in top.items():
            if record.get("receiver") == receiver:
                return deployment_id
        if receiver is None:
            return next(iter(top)) if len(top) == 1 else None
        country = {c["id"]: c for c in self.gazetteer["countries"]}
        demonym = country.get(sender, {}).get("demonym", sender)
        receiver_label = country.get(receiver, {}).get("label", receiver)
        deployment_id = f"{re.sub(r'[^a-z0-9]+', '-', demonym.lower())}-troops-in-{receiver}"
        self.new_deployments[deployment_id] = {"id": deployment_id, "label": f"{demonym} troop deployment to "
                                               f"{receiver_label}", "sender": sender, "receiver": receiver,
                                               "unit_kind": "troops"}
        return deployment_id

    def deployment_record(self, deployment_id: str) -> dict:
        record = self.known.deployments.get(deployment_id) or self.new_deployments[deployment_id]
        return {k: v for k, v in record.items() if k not in ("note",)}


def _same_figure(a: dict, b: dict) -> bool:
    return (a.get("value"), a.get("modality"), a.get("measure") or "troop-strength", a.get("qualifier") or "exactly") \
        == (b.get("value"), b.get("modality"), b.get("measure") or "troop-strength", b.get("qualifier") or "exactly")
