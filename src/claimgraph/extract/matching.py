"""Decide when a drafted statement is about a claim the project already holds.

A claim reported by several articles must be one Claim, or later statements could never change
its status. Matching goes from structure to text: the same figure for the same deployment
(measure, value, qualifier, modality), then the same kind of fact about the same deployment
(that troops were sent, that they are fighting), then the words of the claim (Jaccard overlap
of content lemmas, demonyms folded into their country, deploy/send/dispatch into one verb).
A conditional claim ("if C, then P") is another proposition than P: it matches only a claim with
about the same condition and consequence, and an unconditional statement never matches it.
Claims are indexed from their records as stored, the same whether drafted in this run or read
back from an annotation file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.annotation import Annotation, as_record
from .quantities import same_figures
from .words import COMBAT_WORDS, DEPLOY_VERBS

TEXT_THRESHOLD = 0.5
SAME_VERB = {"send": "deploy", "dispatch": "deploy", "deploy": "deploy", "station": "deploy",
             "soldier": "troop", "force": "troop", "unit": "troop", "troop": "troop", "fight": "fighting",
             "combat": "fighting", "engagement": "fighting", "battle": "fighting"}
STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "have", "has", "had", "be", "been", "is",
        "are", "was", "were", "its", "their", "it", "they", "for", "with", "by", "at", "from", "as", "this", "these",
        "those", "'s", "’s", "will", "would", "could", "not", "do", "any", "some"}
UNKNOWN = {"know", "unclear", "unknown", "whether"}  # "it is not known whether they will fight" states neither
NOT_SENT = {"mission"}  # "their mission is unclear" is not that troops were sent
NO_CONDITION = "A condition stated in the quote."  # a conditional statement whose condition the rules could not cut


@dataclass(frozen=True)
class ClaimKey:
    """What a claim is matched on. A conditional claim ("if C, then P") has its condition: it is
    another proposition than P, matched only with claims of the same condition."""

    deployment: str | None
    kind: str | None  # "deployed", "fighting" or None
    quantity: dict | None
    text: str
    condition: str | None = None
    quantities: tuple = ()  # every figure the claim states; `quantity` is the first


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


def text_lemmas(nlp, text: str, gazetteer: dict) -> tuple[frozenset[str], frozenset[str]]:
    """Every lemma of a claim's text (lower-cased), and its content words with demonyms folded into
    their country ("North Korean" -> "north korea") and deploy/send/dispatch into one verb; tagging
    and lemmas only, without the parser and entity recogniser."""
    folded = text
    for country in gazetteer["countries"]:
        folded = re.sub(rf"\b{re.escape(country['demonym'])}\b", country["label"], folded, flags=re.I)
    every, content = set(), set()
    with nlp.select_pipes(disable=[name for name in ("parser", "ner") if name in nlp.pipe_names]):
        doc = nlp(folded)
    for token in doc:
        lemma = (token.lemma_ or token.text).lower()
        every.add(lemma)
        if token.is_punct or lemma in STOP or token.is_space:
            continue
        content.add(SAME_VERB.get(lemma, lemma))
    return frozenset(every), frozenset(content)


def content_lemmas(nlp, text: str, gazetteer: dict) -> frozenset[str]:
    return text_lemmas(nlp, text, gazetteer)[1]


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def kind_of(lemmas: frozenset[str]) -> str | None:
    """The kind of fact a claim's words state about its deployment: that the troops are fighting,
    that they were sent, or neither. `lemmas` are every lemma of the claim's text."""
    if lemmas & UNKNOWN:
        return None
    if lemmas & COMBAT_WORDS:
        return "fighting"
    if lemmas & DEPLOY_VERBS and not lemmas & NOT_SENT:
        return "deployed"
    return None


class ClaimIndex:
    """The claims a draft may reuse: the project's, then the ones the drafts create. Every entry is
    keyed from the claim's record as an annotation stores it (`key_of`), so a claim read back from
    its file matches exactly as it did in the run that drafted it."""

    def __init__(self, nlp, known: KnownProject, gazetteer: dict):
        self.nlp = nlp
        self.known = known
        self.gazetteer = gazetteer
        self.new_deployments: dict[str, dict] = {}
        self.entries: dict[str, tuple[ClaimKey, frozenset]] = {}
        self.records: dict[str, dict] = {}  # every claim a statement may state: the project's, then the drafts'
        self._lemmas: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        for claim_id, record in known.claims.items():
            self.add(claim_id, record)

    def lemmas(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """`text_lemmas` of `text`, once per text."""
        if text not in self._lemmas:
            self._lemmas[text] = text_lemmas(self.nlp, text, self.gazetteer)
        return self._lemmas[text]

    def kind(self, text: str) -> str | None:
        return kind_of(self.lemmas(text)[0])

    def key_of(self, record: dict) -> ClaimKey:
        """The key of a claim as recorded: what it describes, its kind, first figure, text, condition."""
        quantities = record.get("quantities") or []
        quantity = quantities[0] if quantities else None
        describes = record.get("describes") or (quantity or {}).get("of")
        condition = record.get("condition")
        kind = self.kind(record["text"]) if describes and not quantity and not condition else None
        return ClaimKey(describes, kind, quantity, record["text"], condition, tuple(quantities))

    def has_id(self, claim_id: str) -> bool:
        return claim_id in self.entries

    def add(self, claim_id: str, record: dict) -> None:
        """Index a claim (the project's, or one a draft declares) by its record."""
        self.entries[claim_id] = (self.key_of(record), self.lemmas(record["text"])[1])
        self.records[claim_id] = record

    def forget(self, claim_id: str) -> None:
        """A claim a draft declared and then dropped as invalid: no later statement may state it."""
        self.entries.pop(claim_id, None)
        self.records.pop(claim_id, None)

    def record(self, claim_id: str) -> dict:
        record = dict(self.records[claim_id])
        record.pop("mentions", None)  # mentions name entities of the other annotation
        record.pop("note", None)
        return record

    def match(self, key: ClaimKey) -> str | None:
        """The id of the claim `key` states, or None for a new claim."""
        lemmas = self.lemmas(key.text)[1] if key.text else frozenset()
        entries = [(claim_id, other, other_lemmas) for claim_id, (other, other_lemmas) in self.entries.items()
                   if (other.condition is None) == (key.condition is None)]
        if key.condition is not None:  # the same condition and the same consequence, in about the same words
            condition = self.lemmas(key.condition)[1]
            best = max(((min(jaccard(lemmas, other_lemmas), jaccard(condition, self.lemmas(other.condition)[1])),
                         claim_id) for claim_id, other, other_lemmas in entries), default=(0.0, None))
            return best[1] if best[0] >= TEXT_THRESHOLD else None
        if key.quantity:
            for claim_id, other, _ in entries:
                if other.quantity and same_figures(key, other) and \
                        (other.quantity.get("of") or other.deployment) == key.deployment:
                    return claim_id
            return None
        if key.deployment and key.kind:
            same = [(jaccard(lemmas, other_lemmas), claim_id) for claim_id, other, other_lemmas in entries
                    if other.deployment == key.deployment and other.kind == key.kind and not other.quantity]
            if same:
                return max(same)[1]
        best = max(((jaccard(lemmas, other_lemmas), claim_id) for claim_id, other, other_lemmas in entries
                    if not other.quantity), default=(0.0, None))
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
