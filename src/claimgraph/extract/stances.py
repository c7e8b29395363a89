"""Stance and certainty: what a reporting verb and its clause say about the speaker's position
towards the claim (asserts, confirms, denies, declines to confirm, does not deny, forecasts,
speculates, states conditionally) and how sure they are."""

from __future__ import annotations

from . import claims, frames
from .words import (BELIEF_VERBS, CONFIRM_VERBS, DENIAL_WORDS, DENY_VERBS, FORECAST_VERBS, NOMINAL_STANCES, NOMINAL_VERBS, SAY_VERBS, SPECULATE_VERBS, TROOP_NOUNS)


def decide(r, verb, clause, negated: bool, certainty: str, participle=None) -> tuple[str, str, str | None]:
    lemma = verb.lemma_
    inside = [t for t in clause.subtree if t.i not in frames.other_clauses(clause)]
    words = {t.lower_ for t in inside} | {t.lemma_ for t in inside}
    condition = next((c for c in clause.subtree if c.dep_ == "advcl"
                      and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")), None)
    if lemma in CONFIRM_VERBS:
        return ("declines-to-confirm", "certain", None) if negated else ("confirms", "certain", None)
    if lemma in DENY_VERBS:  # "did not deny P", "refused to deny P": not a denial (cg:DoesNotDeny)
        return ("does-not-deny" if negated else "denies"), "certain", None
    if negated and lemma in SAY_VERBS:
        return "declines-to-confirm", "certain", None
    if clause.lemma_ in ("know", "clear", "unclear") or words & {"unclear", "unknown"}:
        return "asserts", certainty, None  # "we don't know what their mission will be"
    if condition is not None:
        text = " ".join(t.text for t in condition.subtree if t.dep_ != "mark" or t.head != condition)
        return "states-conditionally", "possible", claims.sentence_case(text)
    if lemma in FORECAST_VERBS or words & {"expected", "will", "forecast", "projected"} or \
            ("by" in words and any(t.ent_type_ == "DATE" for t in clause.subtree) and "would" not in words):
        return "forecasts", "probable", None
    if lemma in SPECULATE_VERBS or words & {"may", "might", "possibly", "perhaps", "could"}:
        return "speculates", "possible", None
    if lemma in BELIEF_VERBS or words & {"probably", "likely", "believed"}:
        return "asserts", "probable", None
    if participle is not None:  # "said P, confirming warnings"
        return ("confirms" if participle.lemma_ in CONFIRM_VERBS else "denies"), certainty, None
    return "asserts", certainty, None


def of_object(r, verb, obj, negated: bool) -> str | None:
    lemma = verb.lemma_
    if lemma in NOMINAL_VERBS:
        return None if negated else NOMINAL_STANCES.get(obj.lemma_.lower())
    if lemma in CONFIRM_VERBS:
        return "declines-to-confirm" if negated else "confirms"
    if lemma in DENY_VERBS:
        return "does-not-deny" if negated else "denies"
    if lemma == "call":
        complement = [t for c in verb.children if c.dep_ in ("oprd", "xcomp", "prep") for t in c.subtree]
        if any(t.lemma_.lower() in DENIAL_WORDS or t.lower_ in DENIAL_WORDS for t in complement):
            return "denies"
    return None


def reference(r, obj) -> str | None:
    """Which claim an object stands for: "previous" (those reports, it) or "deployment"."""
    if obj.lower_ in ("it", "this", "that") or any(t.lower_ in ("those", "these", "such") for t in obj.children):
        return "previous"
    words = {t.lemma_.lower() for t in obj.subtree}
    if words & TROOP_NOUNS or "deployment" in words or obj.lemma_ in ("report", "claim", "allegation"):
        return "deployment"
    return None
