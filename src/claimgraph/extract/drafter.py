"""Draft an annotation for one article: the attribution frames of each sentence (see `frames`),
their speakers, stances, dates and claims, assembled into the curated annotation format with the
claims matched against those the project already holds (see `matching`). A draft says how it
was made and how sure each statement is; it is a starting point for a curator, never a
replacement for one."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import dates
from ..model.article import Article
from . import claims as claim_rules
from . import dating, entities, frames, furniture, speakers
from .entities import EntityTable
from .matching import ClaimIndex
from .validity import Dropped, repair_annotation


@dataclass
class Draft:
    """A drafted annotation (YAML-ready) and, per statement, what the JSON report adds."""

    annotation: dict
    report: list[dict]
    reused_claims: list[str]  # claims this article states that the project already held
    dropped: list[Dropped] = field(default_factory=list)  # statements the checks refused (the draft is valid)


@dataclass
class Reading:
    """What the rules know while they read one article: its parse, its entities, and whom "he" and
    "it" last stood for."""

    nlp: object
    claims: ClaimIndex
    article: Article
    doc: object
    table: EntityTable
    spans: dict[int, str] = field(default_factory=dict)  # token index -> entity id of every resolved mention
    last_person: str | None = None
    last_actor: str | None = None
    article_deployment: str | None = None
    voices: list[tuple[int, int, str]] = field(default_factory=list)  # a labelled paragraph's span -> its speaker
    dated: dict[str, str] = field(default_factory=dict)  # speaker -> when their last dated statement was made
    last_day: object = None  # the day the story last named, which "two days earlier" counts from
    quoting: dict[int, dict] = field(default_factory=dict)  # paragraph start -> its last direct quote's statement

    @property
    def known_entities(self) -> dict[str, dict]:
        return self.claims.known.entities


class Drafter:
    def __init__(self, nlp, claims: ClaimIndex):
        self.nlp = nlp
        self.claims = claims

    def draft(self, article: Article, command: str, doc=None) -> Draft:
        """The draft of `article`; `doc` is its parse when the caller parsed it already (nlp.pipe)."""
        doc = doc if doc is not None else self.nlp(furniture.readable(article.body))
        r = Reading(self.nlp, self.claims, article, doc, EntityTable(self.claims.known.entities))
        entities.find_entities(r, doc)
        speakers.find_voices(r)
        statements = []
        for sentence in doc.sents:
            statements.extend(frames.statements_in(r, sentence))
        dating.settle(r, statements)
        return _assemble(r, statements, command)


def _assemble(r: Reading, statements: list[dict], command: str) -> Draft:
    claims: dict[str, dict] = {}
    deployments: dict[str, dict] = {}
    out_statements = []
    previous_claim = None
    for s in statements:
        if s["reference"] is not None:
            if s["reference"] == "previous" and previous_claim:
                claim_id = previous_claim
            else:
                claim_id = claim_rules.referred_claim(r, s, claims, deployments)
                if claim_id is None:
                    continue
        else:
            key = claim_rules.claim_key(r, s)
            claim_id = r.claims.match(key) or claim_rules.new_claim(r, key, claims, deployments)
        claim_rules.declare_claim(r, claim_id, claims, deployments, s)
        previous_claim = claim_id
        statement = {"id": f"s{len(out_statements) + 1:02d}", "speaker": s["speaker"]}
        if s["on_behalf_of"]:
            statement["on_behalf_of"] = r.table.use(s["on_behalf_of"])
        if s["relayed_via"]:
            statement["relayed_via"] = s["relayed_via"]
        statement.update({"claim": claim_id, "stance": s["stance"], "certainty": s["certainty"],
                          "verb": s["verb"], "said": s["said"], "quote": s["quote"], "start": s["start"],
                          "end": s["end"], "direct": s["direct"], "confidence": round(s["confidence"], 2)})
        out_statements.append(statement)
    _own_confirmations(out_statements, r.table.entities)
    annotation = {
        "draft": {"made_by": command, "method": "automatic extraction (spaCy + attribution rules)",
                  "model": r.nlp.meta.get("name", "?") + " " + r.nlp.meta.get("version", ""),
                  "confidence": 0.0,
                  "note": "A draft: check every statement against the article before relying on it."},
        "entities": [_clean_entity(e, set(r.table.entities)) for e in r.table.entities.values()],
        "deployments": list(deployments.values()),
        "claims": list(claims.values()),
        "statements": out_statements,
    }
    # every draft is a valid annotation: what the project's checks refuse is repaired or dropped
    _, dropped = repair_annotation(annotation, r.article, f"{r.article.name} (draft)",
                                   known_claims=r.claims.records)
    kept = {c["id"]: c for c in annotation["claims"]}
    for claim_id in claims:  # the index holds this draft's claims as they now stand
        if claim_id in kept:
            r.claims.add(claim_id, kept[claim_id])
        else:
            r.claims.forget(claim_id)
    out_statements = annotation["statements"]
    if out_statements:
        annotation["draft"]["confidence"] = round(sum(s["confidence"] for s in out_statements) / len(out_statements), 2)
    if dropped:
        annotation["draft"]["dropped"] = len(dropped)
    if not annotation["deployments"]:
        del annotation["deployments"]
    report = []
    for statement in out_statements:
        claim_id = statement["claim"]
        record = kept.get(claim_id) or r.claims.record(claim_id)
        report.append({"id": statement["id"], "quote": statement["quote"], "start": statement["start"],
                       "end": statement["end"], "speaker": r.table.entities[statement["speaker"]]["label"],
                       "speaker_id": statement["speaker"], "stance": statement["stance"],
                       "certainty": statement["certainty"], "claim": record["text"], "claim_id": claim_id,
                       "date": dates.resolve(statement["said"], r.article.date).label, "said": statement["said"],
                       "quantities": record.get("quantities", []), "confidence": statement["confidence"]})
    reused = list(dict.fromkeys(s["claim"] for s in out_statements if s["claim"] not in kept))
    return Draft(annotation, report, reused, dropped)


def _own_confirmations(statements: list[dict], table: dict[str, dict]) -> None:
    """When the article says an actor confirmed a claim, that actor's other statements of it in the
    same article are the same act ("X said P ... It was the first time X confirmed P"): confirmations
    too, not assertions the confirmation would have to be independent of."""

    def root(entity_id: str) -> str:
        seen = set()
        while entity_id not in seen:
            seen.add(entity_id)
            parents = entities.as_list(table.get(entity_id, {}).get("affiliation"))
            if not parents or table.get(entity_id, {}).get("type") == "Country":
                return entity_id
            entity_id = parents[0]
        return entity_id

    confirmed_by = {(s["claim"], root(s["speaker"])) for s in statements if s["stance"] == "confirms"}
    for s in statements:
        if s["stance"] == "asserts" and (s["claim"], root(s["speaker"])) in confirmed_by:
            s["stance"] = "confirms"


def _clean_entity(entity: dict, used: set[str]) -> dict:
    out = {k: v for k, v in entity.items() if v not in (None, "", [])}
    for key in ("affiliation", "speaks_for", "country"):
        if key in out and not all(v in used for v in entities.as_list(out[key])):
            del out[key]
    if out.get("type") == "AnonymousSource" and "affiliation" not in out:
        out["type"] = "Person"
    return out
