"""Stance and certainty: what a reporting verb and its clause say about the speaker's position
towards the claim (asserts, confirms, denies, declines to confirm, does not deny, forecasts,
speculates, states conditionally) and how sure they are."""

from __future__ import annotations

from . import claims, frames
from .words import (REFUSAL_VERBS, BELIEF_VERBS, CHARACTERISE_VERBS, CLAIM_NOUNS, CONFIRM_VERBS, DENIAL_WORDS, DENY_VERBS, FORECAST_VERBS, NOMINAL_STANCES, NOMINAL_VERBS, SAY_VERBS, SPECULATE_VERBS, TROOP_NOUNS)


NEGATING_SUBJECTS = {"nobody", "none", "neither", "nothing"}  # "neither Moscow nor Pyongyang has confirmed"
STOPPED_SHORT = {"stop", "fall"}  # "stopped short of confirming", "fell short of denying"


def is_negated(verb) -> bool:
    """Whether the reporting act is negated or refused: "did not deny", "never confirmed", "declined
    to confirm", "neither confirmed nor denied", "Neither Moscow nor Seoul has confirmed",
    "stopped short of denying"."""
    head = verb.head if verb.dep_ == "conj" else verb  # "neither confirmed nor denied": the second verb too
    if any(c.dep_ == "neg" or c.lower_ in ("never", "neither") and c.dep_ in ("advmod", "preconj", "neg")
           for t in {verb, head} for c in t.children):
        return True
    if verb.dep_ == "conj" and any(c.lower_ == "nor" for c in head.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in REFUSAL_VERBS:
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("have", "be") and any(c.lower_ == "yet"
                                                                           for c in verb.head.children):
        return True  # "has yet to acknowledge P"
    if verb.dep_ == "xcomp" and verb.head.lemma_ in ("able", "unable"):  # "not able to verify", "unable to confirm"
        return verb.head.lemma_ == "unable" or any(c.dep_ == "neg" for c in (*verb.head.children,
                                                                              *verb.head.head.children))
    stopped = next((a for a in list(verb.ancestors)[:3] if a.lemma_ in STOPPED_SHORT), None)
    if verb.dep_ == "pcomp" and stopped is not None and any(t.lower_ == "short" for t in stopped.subtree):
        return True  # stopped short of (denying); "short" hangs on either word
    subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and (subject.lower_ in NEGATING_SUBJECTS or any(
        c.lower_ in ("no", "neither") and c.dep_ in ("det", "preconj") for c in subject.children))


def neither_nor(verb) -> bool:
    """ "neither confirmed nor denied P": one act, which denies nothing (does not deny)."""
    words = {verb.lemma_} | {c.lemma_ for c in verb.children if c.dep_ == "conj"} | (
        {verb.head.lemma_} if verb.dep_ == "conj" else set())
    return bool(words & CONFIRM_VERBS and words & DENY_VERBS) and is_negated(verb)


QUESTION_NOUNS = {"question", "inquiry", "enquiry", "query", "request"}


def refuses(clause) -> bool:
    """A clause that answers without answering: "referred questions to the ministry", "had nothing to
    add", "had no comment", "would not comment"."""
    for verb in (clause, *(c for c in clause.children if c.dep_ == "conj")):
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if verb.lemma_ == "refer" and any(o.lemma_ in QUESTION_NOUNS for o in objects):
            return True
        if verb.lemma_ == "have" and any(nothing_to_tell(o, is_negated(verb)) for o in objects):
            return True
        if verb.lemma_ == "comment" and is_negated(verb):
            return True
    return False


TELLING_VERBS = {"add", "say", "share", "confirm", "offer", "announce", "report", "comment", "provide"}


def nothing_to_tell(obj, negated: bool) -> bool:
    """ "(had) nothing to add", "no comment", "no information to share", "(doesn't have) anything to confirm"."""
    if obj.lemma_ == "comment" and any(d.lower_ == "no" for d in obj.children):
        return True
    empty = obj.lower_ == "nothing" or any(d.lower_ == "no" for d in obj.children) \
        or negated and obj.lower_ == "anything"
    return empty and any(x.dep_ in ("relcl", "acl") and x.lemma_ in TELLING_VERBS for x in obj.children)


def modal_stance(clause) -> tuple[str, str] | None:
    """A modal in the reported clause: "could send more troops", "may be deployed" foretell (a
    forecast, possible); "may be in Kursk", "could have been killed" guess at how things are or were
    (speculation); "would respond" foretells (probable); "are likely to be used" too."""
    modals = {c.lower_ for c in clause.children if c.dep_ == "aux" and c.tag_ == "MD"}
    if clause.lemma_ == "rule" and is_negated(clause) and any(c.lower_ == "out" for c in clause.children):
        return "speculates", "possible"  # "would not rule it out": a possibility, not a forecast
    likely = next((c for c in clause.children if c.dep_ == "acomp" and c.lemma_ == "likely"), None)
    if clause.lemma_ in ("look", "seem", "appear") and likely is not None and any(
            c.dep_ == "ccomp" for c in clause.children):
        return "forecasts", "probable"  # "it looked likely that some would be sent"
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in clause.children)
    state = clause.lemma_ == "be" and not any(c.dep_ in ("acomp",) and c.lemma_ == "likely" for c in clause.children)
    if modals & {"could", "may", "might"}:
        return ("speculates", "possible") if perfect or state else ("forecasts", "possible")
    if modals & {"would", "will", "shall"} and not perfect:
        return "forecasts", "probable"
    likely = next((c for c in clause.children if c.dep_ == "acomp" and c.lemma_ == "likely"), None)
    if likely is not None and any(x.dep_ == "xcomp" for x in likely.children):
        return "forecasts", "probable"
    return None


def decide(r, verb, clause, negated: bool, certainty: str, participle=None) -> tuple[str, str, str | None]:
    lemma = verb.lemma_
    if neither_nor(verb):
        return "does-not-deny", "certain", None
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
    if refuses(clause) or (verb.lemma_ in ("have",) and refuses(verb)):
        return "declines-to-confirm", "certain", None
    if clause.lemma_ == "be" and is_negated(clause) and any(c.dep_ == "acomp" and c.lemma_ == "aware"
                                                             for c in clause.children):
        return "declines-to-confirm", "certain", None  # "he was not aware of any such move"
    if clause.lemma_ in ("know", "clear", "unclear") or words & {"unclear", "unknown"}:
        return "asserts", certainty, None  # "we don't know what their mission will be"
    if condition is not None:
        text = " ".join(t.text for t in condition.subtree if t.dep_ != "mark" or t.head != condition)
        return "states-conditionally", "possible", claims.sentence_case(text)
    if lemma in FORECAST_VERBS or words & {"expected", "forecast", "projected"} or \
            ("by" in words and any(t.ent_type_ == "DATE" for t in clause.subtree) and "would" not in words):
        return "forecasts", "probable", None
    modal = modal_stance(clause)
    if modal is not None and lemma not in SPECULATE_VERBS:
        return (*modal, None)
    if lemma in SPECULATE_VERBS or words & {"may", "might", "possibly", "perhaps", "could"}:
        return "speculates", "possible", None
    if lemma in BELIEF_VERBS or words & {"probably", "likely", "believed"}:
        return "asserts", "probable", None
    if participle is not None:  # "said P, confirming warnings"
        return ("confirms" if participle.lemma_ in CONFIRM_VERBS else "denies"), certainty, None
    return "asserts", certainty, None


def of_object(r, verb, obj, negated: bool) -> str | None:
    lemma = verb.lemma_
    if neither_nor(verb):
        return "does-not-deny"
    if lemma in NOMINAL_VERBS:
        return None if negated else NOMINAL_STANCES.get(obj.lemma_.lower())
    if lemma in CONFIRM_VERBS:
        return "declines-to-confirm" if negated else "confirms"
    if lemma in DENY_VERBS:
        return "does-not-deny" if negated else "denies"
    if lemma in CHARACTERISE_VERBS:  # "called the reports lies", "described the mission as sacred"
        complement = [t for c in verb.children if c.dep_ in ("oprd", "xcomp") or c.dep_ == "prep" and c.lower_ == "as"
                      for t in c.subtree] + [t for c in obj.children if c.dep_ == "amod" and c.i > obj.i
                                             for t in c.subtree]  # "called the claim untrue"
        if any(t.lemma_.lower() in DENIAL_WORDS or t.lower_ in DENIAL_WORDS for t in complement):
            return "denies"
        if complement and not negated:
            return "asserts"
    return None


def reference(r, obj) -> str | None:
    """Which claim an object stands for: "previous" (those reports, it) or "deployment"."""
    if obj.lower_ in ("it", "this", "that", "them", "those", "these", "so") or any(t.lower_ in ("those", "these", "such") for t in obj.children):
        return "previous"
    words = {t.lemma_.lower() for t in obj.subtree}
    if words & TROOP_NOUNS or "deployment" in words or obj.lemma_ in CLAIM_NOUNS:
        return "deployment"
    return None
