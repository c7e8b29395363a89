"""Who speaks: names, titles, possessors ("North Korea's mission"), anonymous sources with their
affiliation, and pronouns resolved to the last person or actor mentioned."""

from __future__ import annotations

from . import entities
from .words import ANONYMOUS_NOUNS


def speaker(r, token) -> str | None:
    if token is None:
        return None
    if token.pos_ == "PRON":
        if token.lower_ in ("he", "she"):
            return r.last_person
        if token.lower_ in ("it", "they", "we"):
            return r.last_actor
        return None
    if token.i in r.spans:
        return remember(r, r.spans[token.i])
    appos = next((c for c in token.children if c.dep_ == "appos" and c.i in r.spans), None)
    if appos is not None:
        return remember(r, r.spans[appos.i])
    compound = [t for t in token.subtree if t.i in r.spans and t.head == token and t.dep_ == "compound"]
    if token.lemma_ in ANONYMOUS_NOUNS:
        return remember(r, anonymous(r, token))
    if compound and r.table.entities.get(r.spans[compound[-1].i], {}).get("type") == "Person":
        return remember(r, r.spans[compound[-1].i])
    owner = entities.possessor(r, token)
    if owner and token.pos_ == "NOUN":  # "North Korea's mission to the United Nations"
        kept = [t for t in token.subtree if t.dep_ not in ("det", "punct", "appos", "relcl", "acl")
                and not any(a.dep_ in ("relcl", "acl", "appos") for a in t.ancestors if a.i >= token.i)]
        label = r.doc[kept[0].i:kept[-1].i + 1].text if kept else token.text
        entity_id = r.table.add(label, entities.organisation_kind(label) if not entities.is_role_noun(token) else "Person",
                                   affiliation=owner, speaks_for=owner)
        return remember(r, entity_id)
    return None


def anonymous(r, token) -> str | None:
    modifiers = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod", "nummod")]
    affiliation = None
    words = []
    for modifier in modifiers:
        for t in modifier.subtree:
            named = r.spans.get(t.i) or (r.table.lookup(t.text) if t.text[:1].isupper() else None)
            if named and r.table.entities.get(named, {}).get("type") != "Person":
                affiliation = affiliation or named
            words.append(t.text)
    if affiliation is None:
        affiliation = entities.possessor(r, token)
    if affiliation is None:
        return None
    label = " ".join([*words, token.text])
    kind = "AnonymousSource"
    speaks_for = affiliation if token.lemma_ in ("official", "spokesperson", "spokesman", "spokeswoman") else None
    return r.table.add(label, kind, affiliation=affiliation, role=label, speaks_for=speaks_for)


def remember(r, entity_id: str | None) -> str | None:
    if entity_id is None:
        return None
    entity = r.table.entities.get(entity_id, {})
    if entity.get("type") in ("Person", "AnonymousSource"):
        r.last_person = entity_id if entity.get("type") == "Person" else r.last_person
    r.last_actor = entity_id
    return entity_id
