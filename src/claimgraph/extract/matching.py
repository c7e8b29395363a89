"""Decide when a drafted statement is about a claim the project already holds.

A claim reported by several articles must be one Claim, or later statements could never change
its status. Matching goes from structure to text: the same figure for the same deployment
(measure, value, qualifier, modality), then the same kind of fact about the same deployment
(that troops were sent, that they are fighting) and, for where troops are, the same place (troops
in the Kursk region are another proposition than troops in Russia, though Kursk is in Russia), then
the words of the claim (Jaccard overlap of content lemmas, demonyms folded into their country,
deploy/send/dispatch into one verb), never across two facts the structure tells apart. The kind
and place of a claim are read from the parse of its text: from its main predicate, not from a
purpose ("sent troops to Russia to fight in Ukraine" is a deployment to Russia) or a relative
clause.
A conditional claim ("if C, then P") is another proposition than P: it matches only a claim with
about the same condition and consequence, and an unconditional statement never matches it.
Claims are indexed from their records as stored, the same whether drafted in this run or read
back from an annotation file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml

from ..model.annotation import Annotation, as_record
from .quantities import same_figures
from .words import COMBAT_WORDS, TROOP_NOUNS

TEXT_THRESHOLD = 0.5
SAME_VERB = {"send": "deploy", "dispatch": "deploy", "deploy": "deploy", "station": "deploy",
             "soldier": "troop", "force": "troop", "unit": "troop", "troop": "troop", "fight": "fighting",
             "combat": "fighting", "engagement": "fighting", "battle": "fighting"}
STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "have", "has", "had", "be", "been", "is",
        "are", "was", "were", "its", "their", "it", "they", "for", "with", "by", "at", "from", "as", "this", "these",
        "those", "'s", "’s", "will", "would", "could", "not", "do", "any", "some"}
UNKNOWN = {"know", "unclear", "unknown", "whether"}  # "it is not known whether they will fight" states neither
NOT_SENT = {"mission"}  # "their mission is unclear" is not that troops were sent
SENDING_VERBS = {"send", "deploy", "dispatch", "station", "transfer", "ship", "redeploy"}
MOTION_VERBS = SENDING_VERBS | {"move", "shift", "relocate", "arrive", "reach", "cross", "enter", "base"}
MODALS = {"could", "might", "may", "can", "will", "would", "should", "shall", "'ll"}
INTENT_WORDS = {"set", "plan", "prepare", "intend", "threaten", "likely", "ready", "expect", "consider", "able"}
MORE_WORDS = {"more", "additional", "further", "extra", "another", "fresh", "new"}  # a further deployment
COMBAT_VERBS = {"fight", "clash", "battle", "attack", "engage"}
PRESENCE_NOUNS = {"deployment", "presence"}
PLACE_PREPOSITIONS = {"to", "in", "into", "on", "inside", "at"}
GROUND_NOUNS = {"soil", "territory", "ground", "land"}  # "on Russian soil": the state the adjective names
REGION_WORDS = re.compile(r"\s+(?:region|oblast|province|krai)$")
SUBORDINATE = {"relcl", "acl", "advcl", "parataxis", "csubj"}  # clauses that do not state the claim's fact
NO_CONDITION = "A condition stated in the quote."  # a conditional statement whose condition the rules could not cut


@dataclass(frozen=True)
class ClaimKey:
    """What a claim is matched on. A conditional claim ("if C, then P") has its condition: it is
    another proposition than P, matched only with claims of the same condition."""

    deployment: str | None
    kind: str | None  # "deployed", "reinforced" (more troops), "fighting", each maybe ", possibly"; or None
    quantity: dict | None
    text: str
    condition: str | None = None
    quantities: tuple = ()  # every figure the claim states; `quantity` is the first
    place: str | None = None  # where troops are, below the state of the deployment ("kursk"); None: the state


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


@functools.lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str | None]]:
    """Place names, lower-cased, -> (place id, the state it is in)."""
    text = resources.files("claimgraph.extract").joinpath("data/places.yaml").read_text(encoding="utf-8")
    out = {}
    for region in yaml.safe_load(text)["regions"]:
        for name in [region["label"], *region.get("aliases", [])]:
            out[REGION_WORDS.sub("", name.lower())] = (region["id"], region["in"])
    return out


def country_names(gazetteer: dict) -> dict[str, str]:
    return {name.lower(): c["id"] for c in gazetteer["countries"]
            for name in [c["label"], c["demonym"], *c.get("aliases", [])]}


def place_of(token, gazetteer: dict) -> tuple[str | None, str | None] | None:
    """(place, state) a prepositional object names: (None, "russia") for "Russia" or "Russian soil",
    ("kursk", "russia") for "the Kursk region", "Kursk" or "Russia's Kursk region"; None when it
    names no place."""
    countries = country_names(gazetteer)
    words = [*(t for left in token.lefts if left.dep_ in ("compound", "amod") for t in left.subtree), token]
    owner = next((countries.get(" ".join(w.text for w in c.subtree if w.dep_ != "case").lower())
                  for c in token.children if c.dep_ == "poss"), None)
    if token.lemma_.lower() in GROUND_NOUNS:
        state = next((countries.get(c.text.lower()) for c in token.children if c.dep_ == "amod"), None)
        return (None, state) if state else None
    name = " ".join(t.text for t in words if not (t.dep_ == "amod" and t.pos_ != "PROPN")).lower()
    name = REGION_WORDS.sub("", re.sub(r"^the\s+", "", name))
    if name in countries:
        return None, countries[name]
    if name in places():
        return places()[name]
    if token.pos_ == "PROPN" or (token.lemma_ == "region" and name):
        return re.sub(r"[^a-z0-9]+", "-", name).strip("-"), owner
    return None


def main_clause(root) -> list:
    """The root and what it governs outside relative, adverbial and purpose clauses."""
    out, stack = [], [root]
    while stack:
        token = stack.pop()
        out.append(token)
        stack.extend(child for child in token.children if child.dep_ not in SUBORDINATE and not is_purpose(child))
    return out


def is_purpose(verb) -> bool:
    """ "(sent troops) to fight in Ukraine": an infinitive of what the object is for; not "is
    understood to have joined the fighting", nor "began to fight"."""
    if verb.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.dep_ == "advcl" or any(c.dep_ == "dobj" for c in verb.head.children)


def predicate_fact(verb, gazetteer: dict) -> tuple[str | None, tuple | None]:
    """The kind of fact one predicate states (fighting, deployed) and where: its own verb, objects
    and prepositional objects ("began combat operations", "joined the fighting", "had a clash",
    "went into battle"; "had moved to the Kursk region", "are in Russia", "were on Russian soil")."""
    governed = [c for c in verb.children if c.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "acomp")]
    place = None
    if verb.lemma_.lower() in MOTION_VERBS:  # "reached Russia's Kursk region"
        place = next((found for c in governed if c.dep_ == "dobj" and (found := place_of(c, gazetteer))), None)
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            governed.append(obj)
            if prep.lower_ in PLACE_PREPOSITIONS and place is None:
                place = place_of(obj, gazetteer)
    nouns = {w.lemma_.lower() for g in governed for w in [g, *(c for c in g.children if c.dep_ == "compound")]}
    lemma = verb.lemma_.lower()
    if lemma in COMBAT_VERBS or nouns & COMBAT_WORDS:
        kind = "fighting"
    elif (lemma in SENDING_VERBS and sends_troops(verb)) or nouns & PRESENCE_NOUNS or \
            (place and (lemma in MOTION_VERBS | {"be"} or nouns & TROOP_NOUNS)):
        more = {w.lemma_.lower() for g in governed for w in g.children if w.dep_ in ("amod", "advmod", "det")}
        kind = "reinforced" if more & MORE_WORDS else "deployed"
    else:
        return None, None
    return (f"{kind}, possibly" if possible(verb) else kind), place


def sends_troops(verb) -> bool:
    """ "sent troops", "troops had been dispatched", "it had sent them": not "sent more rocket launchers"."""
    sent = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return not sent or any(t.lemma_.lower() in TROOP_NOUNS or t.pos_ == "PRON"
                           for c in sent for t in c.subtree)


def possible(verb) -> bool:
    """ "could be sent into battle", "is set to send more troops": a possibility or an intention, another
    proposition than the fact."""
    while True:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS or c.dep_ == "acomp" and c.lemma_ in INTENT_WORDS
               for c in verb.children):  # "could be sent"; "the fighting is likely to intensify"
            return True
        if verb.dep_ not in ("xcomp", "conj", "ccomp") or verb.head == verb:
            return False
        verb = verb.head
        if verb.lemma_.lower() in INTENT_WORDS:
            return True


def fact_of(doc, gazetteer: dict) -> tuple[str | None, tuple | None]:
    """The kind of fact a claim's text states about its deployment (that troops are fighting, that
    they were sent or are somewhere) and the (place, state) it puts them in: read from the main
    predicate, then from the predicates joined to it, then from the clauses it reports."""
    lemmas = {t.lemma_.lower() for t in doc}
    if lemmas & UNKNOWN or not len(doc):
        return None, None
    root = next(iter(doc.sents)).root
    verbs = [root, *(t for t in main_clause(root) if t.dep_ in ("conj", "ccomp", "xcomp") and t.pos_ in ("VERB", "AUX"))]
    for verb in verbs:
        kind, place = predicate_fact(verb, gazetteer)
        if kind == "deployed" and lemmas & NOT_SENT:
            continue
        if kind:
            return kind, place
    return None, None


def same_fact(a: ClaimKey, b: ClaimKey) -> bool:
    """The same kind of fact; troops somewhere, at the same place (fighting is fighting wherever)."""
    return a.kind == b.kind and (a.kind.startswith("fighting") or a.place == b.place)


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
        self._facts: dict[str, tuple[str | None, tuple | None]] = {}
        for claim_id, record in known.claims.items():
            self.add(claim_id, record)

    def lemmas(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """`text_lemmas` of `text`, once per text."""
        if text not in self._lemmas:
            self._lemmas[text] = text_lemmas(self.nlp, text, self.gazetteer)
        return self._lemmas[text]

    def fact(self, text: str) -> tuple[str | None, tuple | None]:
        """`fact_of` the parse of `text`, once per text."""
        if text not in self._facts:
            with self.nlp.select_pipes(disable=[name for name in ("ner",) if name in self.nlp.pipe_names]):
                self._facts[text] = fact_of(self.nlp(text), self.gazetteer)
        return self._facts[text]

    def key_of(self, record: dict) -> ClaimKey:
        """The key of a claim as recorded: what it describes, its kind, first figure, text, condition."""
        quantities = record.get("quantities") or []
        quantity = quantities[0] if quantities else None
        describes = record.get("describes") or (quantity or {}).get("of")
        condition = record.get("condition")
        kind, place = self.fact(record["text"]) if describes and not quantity and not condition else (None, None)
        return ClaimKey(describes, kind, quantity, record["text"], condition, tuple(quantities),
                        place[0] if kind and place else None)

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
                    if other.deployment == key.deployment and same_fact(key, other) and not other.quantity]
            if same:
                return max(same)[1]
        best = max(((jaccard(lemmas, other_lemmas), claim_id) for claim_id, other, other_lemmas in entries
                    if not other.quantity and not (key.kind and other.kind and not same_fact(key, other))),
                   default=(0.0, None))
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
